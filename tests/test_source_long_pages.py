"""A long page read whole (review 14): a text node over libxml2's 10 MB limit no longer
drops the rest of the page, and a page too large for trafilatura's time (200,000 figures,
100 s) is read without trafilatura, tables as rows, its navigation and footer left out. The
tests count trafilatura's calls; the seconds are bench/source_long_pages.py's, never a test's."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimcheck.sources.text import read_document
from tests.sourcepages import HOMES_QUOTE, RIVERS_QUOTE, page

# --- a long text node is read whole ----------------------------------------------------------


@pytest.mark.parametrize(
    ("filler", "sentence"),
    [
        ("<p>{}</p>".format, f"<p>{RIVERS_QUOTE}.</p>"),
        ("<div data-notes='{}'>x</div>".format, f"<p>{HOMES_QUOTE}.</p>"),
    ],
)
def test_a_text_node_over_10_mb_does_not_hide_the_rest(
    filler: Callable[[str], str], sentence: str
) -> None:
    # libxml2 stops a text node (or an attribute) at 10 MB unless told otherwise: the rest of
    # the page was dropped, and the figure after it was "absent".
    text = read_document(page(filler("filler words " * 850_000) + sentence)).pages[0]
    assert sentence[3:-5] in text and "technical annex" in text
    short = read_document(page(filler("filler words " * 100) + sentence)).pages[0]  # the twin
    assert sentence[3:-5] in short


# --- a page too large for trafilatura's time is read whole -----------------------------------


#: Two long pages, each past one of trafilatura's limits (`text._TRAFILATURA_NODES`, text nodes
#: in paragraphs; `text._TRAFILATURA_ELEMENTS`, elements), with the line each must keep whole.
_LONG_PAGES = [
    (
        lambda i: f"<p>Sector <b>{i}</b> used {i}.5 megalitres.</p>",
        60_000,
        "Sector 59999 used 59999.5 megalitres.",
    ),
    (
        lambda i: f"<table><tr><td>Depot {i}</td><td>{i}.5 tonnes</td></tr></table>",
        30_000,
        "| Depot 29999 | 29999.5 tonnes |",
    ),
]


@pytest.mark.parametrize(("row", "rows", "last"), _LONG_PAGES)
def test_a_page_of_many_figures_is_read_whole_without_trafilatura(
    row: Callable[[int], str], rows: int, last: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 200,000 figures (11 MB) took 100 s in trafilatura (an XPath whose time grows with the
    # square of the paragraphs' text nodes; 200,000 table rows 25 s). The quadratic step is
    # counted, not timed (a timed assertion is a flaky one, and timing is bench/'s:
    # bench/source_long_pages.py prints the seconds at n and 4n): a page past the limits is
    # never handed to trafilatura, and its small twin is, once.
    import trafilatura

    calls: list[int] = []
    extract = trafilatura.extract

    def counted(*args: object, **kwargs: object) -> str | None:
        calls.append(1)
        return extract(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(trafilatura, "extract", counted)
    body = "".join(row(i) for i in range(rows))
    table = (
        "<table><tr><th>Year</th><th>Homes completed</th></tr>"
        "<tr><td>2022/23</td><td>14,100</td></tr><tr><td>2023/24</td><td>15,400</td></tr></table>"
    )
    text = read_document(page(body + table + f"<p>{RIVERS_QUOTE}.</p>")).pages[0]
    assert calls == []  # the quadratic reader was not used
    assert last in text
    assert RIVERS_QUOTE in text and "technical annex" in text
    assert "| Year | Homes completed |\n|---|---|\n| 2022/23 | 14,100 |" in text
    assert "99 links" not in text and "0300 123 4567" not in text  # nav and footer dropped
    small = read_document(page("".join(row(i) for i in range(40)) + table)).pages[0]  # twin
    assert calls == [1]  # trafilatura read the small page
    assert "| 2023/24 | 15,400 |" in small and "99 links" not in small
