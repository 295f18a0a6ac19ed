"""Review 19, item 1: a small figure in an HTML table's cell ("<td>47</td>", "<td>£8m</td>") is
a figure, not list numbering: each cell is a line of its own, and a number alone on its line
is numbering only where it counts on from another ("1", an entry, "2", an entry...); an
amount of money, a measure or a rate never numbers a list. Planted on two subjects (glaciers,
football) beside clean twins: registered cells, and real numbering in Markdown and HTML.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.engine import run_checks
from claimcheck.loader import load_registry
from claimcheck.page import page_from_text
from tests.conftest import TODAY

Found = list[tuple[str, str, str]]


def scan(tmp_path: Path, claims: str, page: str, fmt: str = "markdown") -> Found:
    """The P findings (code, claim, message) of the claims (YAML list items) on the page."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(f"version: 1\nclaims:\n{claims}", encoding="utf-8")
    name = {"markdown": "page.md", "html": "page.html", "text": "page.txt"}[fmt]
    report = run_checks(
        load_registry(registry),
        today=TODAY,
        select=("P",),
        page=page_from_text(name, page, fmt),
    )
    return sorted((f.code, f.claim or "", f.message) for f in report.findings)


def codes(found: Found) -> list[tuple[str, str]]:
    return [(code, claim) for code, claim, _ in found]


def claim(ident: str, value: str, mention: str, unit: str = "", date: str = "") -> str:
    unit_line = f"    unit: {unit}\n" if unit else ""
    date_line = f"    date: {date!r}\n" if date else ""
    return (
        f"  - id: {ident}\n    text: A claim.\n    kind: figure\n    value: {value}\n"
        f"{unit_line}{date_line}    mentions: [{mention!r}]\n"
    )


# --- 1: small figures in a table's cells ----------------------------------------------------

TABLES = [
    (  # glaciers: metres and money
        "<table><tr><th>Glacier</th><th>Retreat (metres)</th><th>Budget</th></tr>"
        "<tr><td>Rhone</td><td>{a}</td><td>{b}</td></tr>"
        "<tr><td>Morteratsch</td><td>146</td><td>£120m</td></tr></table>",
        ("47", "£8m"),
    ),
    (  # football: goals and wages
        "<table>\n<tr><th>Club</th><th>Goals</th><th>Wages</th></tr>\n"
        "<tr><td>Rovers</td><td>{a}</td><td>{b}</td></tr>\n"
        "<tr><td>United</td><td>71</td><td>£95m</td></tr>\n</table>",
        ("38", "£12.5m"),
    ),
]


def _table_page(table: str, a: str, b: str) -> str:
    body = table.format(a=a, b=b)
    return f"<html><body><main><h1>Figures</h1>\n<p>Intro text.</p>\n{body}\n</main></body></html>"


@pytest.mark.parametrize(("table", "cells"), TABLES)
def test_small_figures_in_table_cells_are_unregistered(
    tmp_path: Path, table: str, cells: tuple[str, str]
) -> None:
    found = scan(tmp_path, "  []\n", _table_page(table, *cells), "html")
    listed = [message.split(" in: ")[0] for code, _, message in found if code == "P001"]
    # Every cell, the small ones too (they were taken for list numbering).
    assert any(cells[0] in m for m in listed), listed
    assert any(cells[1] in m for m in listed), listed
    assert len(listed) == 4


@pytest.mark.parametrize(("table", "cells"), TABLES)
def test_registered_table_cells_stay_clean(
    tmp_path: Path, table: str, cells: tuple[str, str]
) -> None:
    a, b = cells
    claims = "".join(
        claim(f"c{n}", "1", text)
        for n, text in enumerate([a, b, "146" if "146" in table else "71"])
    ) + claim("c9", "1", "£120m" if "£120m" in table else "£95m")
    assert scan(tmp_path, claims, _table_page(table, a, b), "html") == []


@pytest.mark.parametrize(
    ("registered", "now"),
    [("£120m", "£12m"), ("£95m", "£9m")],
)
def test_a_cell_of_money_cut_small_is_unregistered(
    tmp_path: Path, registered: str, now: str
) -> None:
    """`extract --append` drafts a cell's mention as the cell alone: changed to an amount
    under 100, it was ignored as numbering, and the page passed with a P002 alone."""
    page = _table_page(TABLES[0][0], "47", "£8m").replace(registered, now)
    if registered == "£95m":
        page = _table_page(TABLES[1][0], "38", "£12.5m").replace(registered, now)
    claims = claim("cell", "1", registered)
    found = scan(tmp_path, claims, page, "html")
    assert ("P002", "cell") in codes(found)
    assert any(code == "P001" and f"figure {now} " in m for code, _, m in found), found


@pytest.mark.parametrize(
    "page",
    [
        "# What you can do\n\n1\n\nWrite to your MP about the 12 cases.\n\n2\n\n"
        "Ask your council for its data.\n\n3\n\nVolunteer at a club.\n",
        "<html><body><main><h1>Steps</h1><div>1</div><div>Check the timetable for 9 "
        "routes.</div><div>2</div><div>Buy a ticket.</div><div>3</div><div>Board the "
        "bus.</div></main></body></html>",
    ],
)
def test_list_numbering_alone_on_its_lines_is_still_a_label(tmp_path: Path, page: str) -> None:
    fmt = "html" if page.startswith("<") else "markdown"
    found = scan(tmp_path, "  []\n", page, fmt)
    listed = [m for code, _, m in found if code == "P001"]
    assert len(listed) == 1, listed  # the 12 cases or the 9 routes, not 1, 2, 3
    assert "figure 12 " in listed[0] or "figure 9 " in listed[0]


@pytest.mark.parametrize(
    "page",
    [
        "# Monitoring\n\nMonitoring stations:\n12\n",
        "# Club\n\nFirst-team players used this season:\n31\n",
    ],
)
def test_a_number_alone_on_its_line_that_counts_nothing_is_a_figure(
    tmp_path: Path, page: str
) -> None:
    assert codes(scan(tmp_path, "  []\n", page)) == [("P001", "")]
