"""A table's header cells label its columns (review 15, minor item m2): "Over 18 weeks" in a
Markdown table's header row was reported as an unregistered figure (P001), and so was an
HTML `<th>`. A figure in the table's body is still the page's, registered or reported.

Planted: an unregistered figure in a body cell (P001 must stay). Clean: the same table with
every body figure registered (no P001, whatever its headers say). Two subjects, Markdown
and HTML (minified and pretty-printed alike).
"""

from __future__ import annotations

from datetime import date

import pytest

from claimcheck.engine import run_checks
from claimcheck.loader import parse_registry
from claimcheck.page import page_from_text

WAITS_MD = """# Waiting times

| Region | Over 18 weeks | Under 5s | 2023/24 |
|--------|--------------:|:--------:|---------|
| North  | 1,200         | 340      | 5,000   |
"""
WAITS = """version: 1
page: {title: Waits}
claims:
  - id: north
    text: In the north 1,200 people had waited over 18 weeks.
    kind: figure
    value: 1200
    unit: people
    mentions: ["1,200"]
  - id: young
    text: 340 children under five were waiting in the north.
    kind: figure
    value: 340
    unit: children
    mentions: ["340"]
  - id: total
    text: 5,000 people were waiting in the north in 2023/24.
    kind: figure
    value: 5000
    unit: people
    mentions: ["5,000"]
"""
SCHOOLS_HTML = (
    "<main><h1>School sizes</h1><table><thead><tr><td>School</td><td>Pupils aged 11-16</td>"
    "</tr></thead><tbody><tr><th scope=row>Hillside (est. 1998)</th><td>1,045</td></tr>"
    "<tr><th scope=row>Riverside</th><td>870</td></tr></tbody></table>"
    "<p>Both schools are full.</p></main>"
)
SCHOOLS = """version: 1
page: {title: Schools}
claims:
  - id: hillside
    text: Hillside has 1,045 pupils.
    kind: figure
    value: 1045
    unit: pupils
    mentions: ["1,045"]
  - id: riverside
    text: Riverside has 870 pupils.
    kind: figure
    value: 870
    unit: pupils
    mentions: ["870"]
"""


def _p001(registry: str, page: str, fmt: str) -> list[str]:
    read = page_from_text("page", page, fmt)
    report = run_checks(
        parse_registry(registry, "claims.yaml"), today=date(2025, 6, 1), page=read, select=["P"]
    )
    return [f.message for f in report.findings if f.code == "P001"]


def _pretty(html: str) -> str:
    return html.replace("<tr>", "\n  <tr>").replace("<t", "\n    <t").replace("<p>", "\n<p>")


@pytest.mark.parametrize(
    ("registry", "page", "fmt", "cell", "other"),
    [
        (WAITS, WAITS_MD, "markdown", "340", "365"),
        (SCHOOLS, SCHOOLS_HTML, "html", "870", "912"),
        (SCHOOLS, _pretty(SCHOOLS_HTML), "html", "870", "912"),
    ],
    ids=["markdown", "html", "html-pretty"],
)
def test_a_header_cells_figures_are_labels(
    registry: str, page: str, fmt: str, cell: str, other: str
) -> None:
    assert _p001(registry, page, fmt) == []
    # Planted: a body cell no claim registers is still reported.
    planted = page.replace(cell, other)
    assert [m.split(" in:")[0] for m in _p001(registry, planted, fmt)] == [
        f"unregistered figure {other}"
    ]


def test_a_row_that_is_no_header_is_read() -> None:
    """A line with pipes and no delimiter row below it is prose: its figures are reported."""
    page = "# Notes\n\nTrains | 14 a day | since May\n\nMore text here.\n"
    assert len(_p001(WAITS, page, "markdown")) == 1
