"""An HTML page's reference list is its references, linked or not (follow-up J4).

`<li>` entries of a list after a "References" heading were taken for the page's figures
(P001 "unregistered figure 4 in: Harbour Board, Annual traffic report, page 4") unless the
entry held a link: an `<ol>`'s numbers are no text, so nothing marked the line as a list item,
as "1." marks one in Markdown. The page reader now records an HTML list's entries
(`PageText.items`), and an entry after the heading is a reference like a Markdown one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.engine import run_checks
from claimcheck.loader import load_registry
from claimcheck.page import read_page
from tests.conftest import TODAY

#: Two pages: (body, its registered figure's mention, reference entries with figures).
PAGES = {
    "ferries": (
        "<p>The ferry carried 412,000 passengers last year [1].</p>",
        "carried 412,000 passengers",
        [
            "Harbour Board, Annual traffic report 2024, page 4.",
            "Harbour Board (2023). Passenger statistics, table 7, 12 March 2025.",
            '<a href="https://example.org/harbour">Harbour Board, Timetables 2025</a>',
        ],
    ),
    "orchards": (
        "<p>The county has 1,250 orchards.</p>",
        "has 1,250 orchards",
        [
            "County Council, <em>Orchard survey 2019</em>, pp. 12-14.",
            "Smith, J. (2021) Traditional orchards of the Marches, 2nd edn, p. 88",
            "National Trust, Orchards at risk, 14 May 2022",
        ],
    ),
}


def write(
    tmp_path: Path, subject: str, entries: list[str], after: str = "", body: str = ""
) -> Path:
    lead, mention, _ = PAGES[subject]
    items = "\n".join(f"<li>{entry}</li>" for entry in entries)
    (tmp_path / "page.html").write_text(
        f"""<html><body><main>
<h1>{subject.title()}</h1>
{lead}
{body}
<h2>References</h2>
<ol>
{items}
</ol>
{after}
</main></body></html>
""",
        encoding="utf-8",
    )
    value = "412000" if subject == "ferries" else "1250"
    path = tmp_path / "claims.yaml"
    path.write_text(
        f"""\
version: 1
page: {{title: {subject.title()}, path: page.html, as_of: 2025-03}}
sources:
  - id: s1
    title: Statistics
    kind: dataset
    url: https://example.org/harbour
claims:
  - id: c1
    text: The figure.
    kind: figure
    value: {value}
    as_of: 2025
    mentions: ["{mention}"]
    citations: [{{source: s1}}]
""",
        encoding="utf-8",
    )
    return path


def p001(path: Path) -> list[str]:
    loaded = load_registry(path)
    page = read_page(path.parent / "page.html")
    report = run_checks(loaded, today=TODAY, page=page)
    return [f.message for f in report.findings if f.code == "P001"]


@pytest.mark.parametrize("subject", PAGES)
def test_an_unlinked_reference_entry_is_no_figure_of_the_page(tmp_path: Path, subject: str) -> None:
    assert p001(write(tmp_path, subject, PAGES[subject][2])) == []


@pytest.mark.parametrize("subject", PAGES)
def test_the_page_s_own_figures_are_still_found(tmp_path: Path, subject: str) -> None:
    entries = PAGES[subject][2]
    # Planted in the body, in a list in the body, and in a paragraph after the list: each
    # is the page's statement, not a reference.
    body = "<p>Fares rose 12% in 2024.</p>\n<ul><li>Crossings fell by 300 in 2023.</li></ul>"
    after = "<p>Since then the total rose by 9,000.</p>"
    found = p001(write(tmp_path, subject, entries, after=after, body=body))
    assert any("12%" in m for m in found), found
    assert any("300" in m for m in found), found
    assert any("9,000" in m for m in found), found
    assert len(found) == 3, found
