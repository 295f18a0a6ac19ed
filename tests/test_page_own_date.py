"""A page's own date ("Last updated", "Published", "Updated") in every common form (review
15, item 3): 13/03/2024, 2nd of March 2024 and Sat 2 March 2024 were passed over, and a
status on a page last updated over a year before was not reported (T001, T007).

A date that could be two (02/03/2024, either 2 March or 3 February; a quarter) is read as
the latest it can be, and the message quoting it says so; a line whose date cannot be read
at all is kept as unread, never taken for a page with no date. Each planted error has a
clean twin, on two subjects, in Markdown and HTML.
"""

from __future__ import annotations

from datetime import date

import pytest

from claimcheck.engine import run_checks
from claimcheck.loader import parse_registry
from claimcheck.page import page_from_text
from claimcheck.pagemeta import page_meta

BUDGET = """version: 1
page: {title: Budget, path: p.md, as_of: 2025-05-20}
claims:
  - id: c
    text: The budget consultation is open.
    kind: status
    mentions: ["The budget consultation is open"]
"""
LIBRARY = """version: 1
page: {title: Library, path: p.html, as_of: 2025-05-20}
claims:
  - id: shut
    text: The central library is closed for refurbishment.
    kind: status
    mentions: ["The central library is closed for refurbishment"]
"""


def _t(registry: str, page: str, fmt: str, today: date = date(2025, 6, 1)) -> list[str]:
    """The T findings, as 'code: message'."""
    read = page_from_text("p.md" if fmt == "markdown" else "p.html", page, fmt)
    report = run_checks(
        parse_registry(registry, "claims.yaml"), today=today, page=read, select=["T"]
    )
    return sorted(f"{f.code}: {f.message}" for f in report.findings)


def _markdown(line: str) -> str:
    return f"# Budget\n\n{line}\n\nThe budget consultation is open.\n"


def _html(line: str) -> str:
    return (
        "<html><body><main><h1>Library</h1>"
        f"<p class=meta>{line}</p>"
        "<p>The central library is closed for refurbishment.</p></main></body></html>"
    )


#: The review's forms, each the page's date in March 2024, over a year before `page.as_of`.
OLD = [
    "Last updated: 13/03/2024",
    "Last updated: 3/13/2024",
    "Last updated: 2nd of March 2024",
    "Last updated: Sat 2 March 2024",
    "Last updated: Saturday, March 2, 2024",
    "Updated: 2-Mar-2024",
    "Published 2024/03/02",
    # Its twins, read before the fix too.
    "Last updated: 2 March 2024",
    "Last updated: March 2nd, 2024",
    "Last updated: 2024-03-02",
    "Last updated: Mar 2, 2024",
]


@pytest.mark.parametrize("line", OLD)
@pytest.mark.parametrize(
    ("registry", "page"), [(BUDGET, _markdown), (LIBRARY, _html)], ids=["markdown", "html"]
)
def test_an_old_page_date_in_any_common_form(registry: str, page: object, line: str) -> None:
    fmt = "markdown" if registry is BUDGET else "html"
    found = _t(registry, page(line), fmt)  # type: ignore[operator]
    assert [f[:4] for f in found] == ["T001", "T007"], found
    assert line in found[1]
    # The clean twin: the page's date is the registry's, and recent.
    # (March 2024: every form above is a day in it.)
    fresh = _t(registry.replace("2025-05-20", "2024-03"), page(line), fmt, date(2024, 4, 1))  # type: ignore[operator]
    assert fresh == [], fresh


@pytest.mark.parametrize(
    ("line", "read", "note"),
    [
        # Either 2 March or 3 February: the later.
        ("Last updated: 02/03/2024", "2024-03-02", "the later of 2 March and 3 February"),
        ("Last updated: 05/03/2025", "2025-05-03", "the later of 3 May and 5 March"),
        # A weekday names which one it is: 5 March 2025 was a Wednesday.
        ("Last updated: Wed 05/03/2025", "2025-03-05", ""),
        ("Updated Q1 2024", "2024-03", "the quarter's last month"),
        ("Updated: 2024 Q4", "2024-12", "the quarter's last month"),
        ("Last updated: H1 2024", "2024-06", "the half's last month"),
        ("Last updated: 05/05/2024", "2024-05-05", ""),  # the same either way
        ("Last updated: 2024", "2024", ""),
    ],
)
def test_a_date_that_could_be_more_than_one(line: str, read: str, note: str) -> None:
    for fmt, page in (("markdown", _markdown(line)), ("html", _html(line))):
        own = page_from_text("p", page, fmt).own_date
        assert own is not None and str(own.date) == read, (fmt, own)
        assert (note in own.text) if note else ("[" not in own.text)
        assert own.text.startswith(line)
        # The other day it could be is kept, earlier than the one read.
        assert len(own.others) == ("later of" in note)
        assert all(other.last < own.date.first for other in own.others)


def test_an_ambiguous_date_is_reported_as_read() -> None:
    """The review's 02/03/2024 and Q1 2024: T007 and T001, each quoting how it was read."""
    for line in ("Last updated: 02/03/2024", "Updated Q1 2024"):
        found = _t(BUDGET, _markdown(line), "markdown")
        assert [f[:4] for f in found] == ["T001", "T007"], found
        assert all(f"{line} [read as 2024-03" in f for f in found)
        # Its twin, on the registry's day: nothing to report.
        twin = _t(
            BUDGET.replace("2025-05-20", "2024-03-02"),
            _markdown(line),
            "markdown",
            date(2024, 4, 1),
        )
        assert twin == []


@pytest.mark.parametrize(
    "line",
    ["Last updated: 2/3/24", "Updated: spring 2024", "Last updated 2 March", "Updated 2024/25"],
)
def test_a_date_line_not_read_is_kept_as_unread(line: str) -> None:
    for fmt, page in (("markdown", _markdown(line)), ("html", _html(line))):
        read = page_from_text("p", page, fmt)
        assert read.own_date is None
        assert [u.text for u in read.unread_dates] == [line], (fmt, read.unread_dates)
        assert page[read.unread_dates[0].offset :].startswith(line)


@pytest.mark.parametrize(
    "line",
    [
        "Updated guidance for schools",
        "Updated 2019 figures show growth in every region",
        "The report was published on 2/3/24.",
        "Published by the council",
    ],
)
def test_lines_that_state_no_page_date(line: str) -> None:
    read = page_from_text("p", _markdown(line), "markdown")
    assert read.own_date is None and read.unread_dates == ()


def test_a_last_updated_in_two_cells_of_a_minified_table() -> None:
    """A label and its date in cells of their own (GOV.UK's metadata, a definition list)."""
    for page in (
        "<dl><dt>Published</dt><dd>4 January 2025</dd>"
        "<dt>Last updated</dt><dd>13/03/2025</dd></dl>",
        "<table><tr><th>Last updated</th><td>13/03/2025</td></tr></table>",
    ):
        own = page_from_text("p.html", page, "html").own_date
        assert own is not None and str(own.date) == "2025-03-13", page


def test_init_reads_the_same_forms() -> None:
    """`init --from` takes the page's date from the same reading."""
    assert str(page_meta("# T\n\nPublished: 13/03/2024\n", "markdown").as_of) == "2024-03-13"
    assert str(page_meta("# T\n\nUpdated: Sat 2nd of March 2024\n", "markdown").as_of) == (
        "2024-03-02"
    )
