"""A character reference is one character of the prose, never none and never a line break
(found beside review 15): "&#1;" decoded to nothing, so the prose was a character shorter
than the file and every place after it was off by one, and "&#10;" put a line break in the
prose where the file had none, so every finding after it was reported a line further down,
at a wrong column. The prose is the file's length with its line breaks where the file has
them, whatever the references; a finding stands where its figure does.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.engine import run_checks
from claimcheck.loader import parse_registry
from claimcheck.page import BREAK, page_from_text

EMPTY = "version: 1\npage: {title: P}\nclaims: []\n"


@pytest.mark.parametrize("reference", ["&#10;", "&#x0A;", "&#13;", "&#12;", "&#1;", "&#x7f;"])
@pytest.mark.parametrize(
    ("page", "figure"),
    [
        ("<main><p>Ferry{ref} crossings rose to 1,240 in 2024.</p></main>", "1,240"),
        ("<main><h1>Orchards</h1><p>Apple{ref}yields fell by 18%.</p></main>", "18%"),
    ],
    ids=["ferries", "orchards"],
)
def test_a_finding_after_a_reference_stands_at_its_figure(
    reference: str, page: str, figure: str
) -> None:
    planted = page.format(ref=reference)
    read = page_from_text("p.html", planted, "html")
    assert len(read.prose) == len(planted) and "\n" not in read.prose
    assert read.prose.count(BREAK) == planted.count("<")  # its block tags, no reference
    report = run_checks(
        parse_registry(EMPTY, "claims.yaml"), today=date(2025, 6, 1), page=read, select=["P"]
    )
    (p001,) = [f for f in report.findings if f.code == "P001"]
    assert p001.location is not None
    assert (p001.location.line, p001.location.column) == (1, planted.index(figure) + 1)
    # The clean twin, with a reference that is a character ("&amp;"), is read the same way.
    twin = page.format(ref="&amp;")
    read = page_from_text("p.html", twin, "html")
    report = run_checks(
        parse_registry(EMPTY, "claims.yaml"), today=date(2025, 6, 1), page=read, select=["P"]
    )
    (p001,) = [f for f in report.findings if f.code == "P001"]
    assert p001.location is not None and p001.location.column == twin.index(figure) + 1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(min_value=0, max_value=0x10FFFF + 5).map(lambda n: f"&#{n};"),
            st.integers(min_value=0, max_value=0x2FFF).map(lambda n: f"&#x{n:x};"),
            st.sampled_from(["&amp;", "&nbsp;", "&NotEqualTilde;", "&lt", "&copy;"]),
            st.text(alphabet="ab 12\n", max_size=4),
        ),
        max_size=12,
    )
)
def test_the_prose_keeps_the_files_length_and_lines(parts: list[str]) -> None:
    source = "<p>" + "".join(parts) + "</p>"
    prose = page_from_text("p.html", source, "html").prose
    assert len(prose) == len(source)
    assert [i for i, c in enumerate(prose) if c == "\n"] == [
        i for i, c in enumerate(source) if c == "\n"
    ]
    assert prose.count(BREAK) == 2  # the <p> and </p>: a reference makes no edge
