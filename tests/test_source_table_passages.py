"""A figure in a table's cell keeps its table's header in the snapshot's passage.

`verify` reads only the passage a snapshot kept, and a bare cell ("48.3") takes its unit,
scale, currency and time from its column's header ("2025/26 (£ million)", `tables`). The
passage kept about 160 characters before the figure, so a cell a few rows below its header
was read as a bare 48.3: a false Q005 on a right claim, and a wrong header's unit missed. Now
the passage starts at the header row; a table too big to keep whole keeps its header row, its
rule row and the cell's row. Each subject (a council budget, an emissions inventory) planted
(another scale, gas, year or value in the header or cell) beside a clean twin, with the cell
close to its header, several rows below it, and thousands of rows below it; served on
loopback, through `snapshot` and `verify`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimcheck.sources.match import CONTEXT, Span
from claimcheck.sources.snapshot import TABLE_KEPT, selector, table_prefix
from tests.sourcepages import run_verify, take_snapshot, verdicts
from tests.sourceserver import serve

BUDGET = """version: 1
sources:
  - id: budget
    title: Westmoor budget book 2025/26
    kind: report
    url: '{url}'
    accessed: 2025-05-01
claims:
  - id: care
    text: Westmoor will spend £48.3 million on adult social care in 2025/26.
    kind: figure
    value: 48.3
    unit: GBP million
    measure: spending on adult social care
    period: 2025/26
    citations:
      - {{source: budget}}
    review: {{status: verified, on: 2025-05-01, by: me}}
"""
EMISSIONS = """version: 1
sources:
  - id: inventory
    title: Regional greenhouse gas inventory
    kind: statistics
    url: '{url}'
    accessed: 2025-05-01
claims:
  - id: total
    text: The region's greenhouse gas emissions were 102 MtCO2e in 2023.
    kind: figure
    value: 102
    unit: MtCO2e
    measure: total greenhouse gas emissions
    period: 2023
    citations:
      - {{source: inventory}}
    review: {{status: verified, on: 2025-05-01, by: me}}
"""


def _name(i: int) -> str:
    """A row's label without a number in it (a label's number would be a figure)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[i // 676 % 26] + letters[i // 26 % 26] + letters[i % 26]


def budget(rows: int, unit: str = "(£ million)", cell: str = "48.3", then: str = "45.1") -> bytes:
    """A budget book's table, `rows` other services between its header and the claim's."""
    filler = "".join(
        f"<tr><td>Service line {_name(i)}</td><td>{10 + i % 80}.1</td><td>{11 + i % 80}.2</td></tr>"
        for i in range(rows)
    )
    return (
        "<html><head><title>Budget book</title></head><body><main><article>"
        "<h1>Westmoor budget book 2025/26</h1><p>The budget was approved by full council in "
        "February after a public consultation.</p><table>"
        f"<tr><th>Service</th><th>2024/25 {unit}</th><th>2025/26 {unit}</th></tr>{filler}"
        f"<tr><td>Adult social care</td><td>{then}</td><td>{cell}</td></tr></table>"
        "<p>Reserves remain at the level the chief finance officer recommends.</p>"
        "</article></main></body></html>"
    ).encode()


def inventory(rows: int, unit: str = "(MtCO2e)", cell: str = "102") -> bytes:
    """An emissions inventory's table, `rows` sectors between its header and the total."""
    filler = "".join(
        f"<tr><td>Sector {_name(i)}</td><td>{1 + i % 9}.4</td><td>{1 + i % 9}.3</td></tr>"
        for i in range(rows)
    )
    return (
        "<html><head><title>Inventory</title></head><body><main><article>"
        "<h1>Regional greenhouse gas inventory</h1><p>Emissions are reported by sector, on "
        "the inventory's current methods, for the last two years.</p><table>"
        f"<tr><th>Measure</th><th>2022 {unit}</th><th>2023 {unit}</th></tr>{filler}"
        f"<tr><td>Total greenhouse gas emissions</td><td>106</td><td>{cell}</td></tr></table>"
        "<p>Figures for earlier years are revised each year.</p>"
        "</article></main></body></html>"
    ).encode()


SUBJECTS = {"budget": (BUDGET, budget), "inventory": (EMISSIONS, inventory)}
#: The cell close to its header, a few rows below it (past CONTEXT), and thousands below.
DEPTHS = (0, 12, 3000)


def run(tmp_path: Path, template: str, body: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """`snapshot` of the page served on loopback, then `verify`: its report and the kept
    figure record."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    with serve() as site:
        site.pages["/tables/2025"] = (200, "text/html", body)
        path = tmp_path / "claims.yaml"
        path.write_text(template.format(url=site.url("/tables/2025")), encoding="utf-8")
        result = take_snapshot(path, site)
    assert result.exit_code == 0, result.output
    [kept] = (tmp_path / "snapshots").glob("*.json")
    [record] = json.loads(kept.read_text(encoding="utf-8"))["figures"]
    return run_verify(path), record


def findings(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["code"], f["message"]) for f in report["findings"] if f["code"] != "Q011"]


@pytest.mark.parametrize("rows", DEPTHS)
@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_cell_below_its_header_is_read_with_it(tmp_path: Path, subject: str, rows: int) -> None:
    # The clean twin: a right claim from a cell far below its header was Q005 "says '48.3'".
    template, table = SUBJECTS[subject]
    report, record = run(tmp_path, template, table(rows))
    assert findings(report) == []
    assert [s["verdict"] for s in verdicts(report)] == ["supported"]
    kept = record["selector"]["prefix"]
    assert ("(£ million) |" if subject == "budget" else "(MtCO2e) |") in kept
    # bounded: the header, the rule row and the cell's row, not a table of thousands of rows
    assert len(kept) <= TABLE_KEPT + CONTEXT
    if rows == 3000:
        assert kept.count("\n|") == 3  # the header row, its rule row and the cell's row


PLANTED = {
    # another scale in the header: the cell is £48.3 thousand
    "budget": [
        (
            {"unit": "(£000)"},
            "Q005",
            "the claim says 48.3 GBP million; `budget` says '48.3 (£000)'",
        ),
        ({"unit": "(€ million)"}, "Q017", "`budget` gives '48.3 (€ million)' in EUR, not GBP"),
        # the claim's figure only in the 2024/25 column: another year
        ({"cell": "49.0", "then": "48.3"}, "Q017", "`budget` gives '48.3 (£ million)'"),
    ],
    "inventory": [
        ({"unit": "(MtCO2)"}, "Q017", "`inventory` gives '102 (MtCO2)' of CO2, not CO2e"),
        ({"unit": "(kt CO2e)"}, "Q017", "`inventory` gives '102 (kt CO2e)'"),
        ({"cell": "120"}, "Q005", "the claim says 102 MtCO2e; `inventory` says '120 (MtCO2e)'"),
    ],
}


@pytest.mark.parametrize("rows", DEPTHS)
@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_wrong_header_far_above_the_cell_is_caught(
    tmp_path: Path, subject: str, rows: int
) -> None:
    template, table = SUBJECTS[subject]
    for k, (change, code, says) in enumerate(PLANTED[subject]):
        report, _ = run(tmp_path / str(k), template, table(rows, **change))
        found = findings(report)
        assert [c for c, _ in found] == [code], (change, found)
        assert found[0][1].startswith(says), (change, found)
        assert [s["verdict"] for s in verdicts(report)] == ["unsupported"]


def test_a_huge_table_keeps_its_header_its_rule_and_the_cells_row() -> None:
    header = "| Service | 2025/26 (£ million) |\n|---|---|\n"
    rows = "".join(f"| Line {i} | {i}.5 |\n" for i in range(5000))
    page = "Budget\n" + header + rows + "| Adult social care | 48.3 |\nEnd.\n"
    at = page.index("48.3")
    found = table_prefix(page, at)
    assert found is not None
    assert found[1] == header + "| Adult social care | "
    kept = selector(page, Span(1, at, at + 4))
    assert kept.prefix == "Budget\n" + header + "| Adult social care | "
    # close to its header: the table whole from its header row, as the page has it
    near = "Budget\n" + header + "| Line 1 | 1.5 |\n" * 20 + "| Adult social care | 48.3 |\n"
    at = near.index("48.3")
    assert selector(near, Span(1, at, at + 4)).prefix == near[:at]
    # a header within CONTEXT, but the word cut would take its first bar off: kept whole
    cut = "Budget-book-2025/26-" * 10 + "\n" + header + "| Adult social care | 48.3 |\n"
    at = cut.index("48.3")
    assert at - cut.index(header) < CONTEXT
    assert selector(cut, Span(1, at, at + 4)).prefix.endswith(
        "\n" + header + "| Adult social care | "
    )
    # not in a table, or in one whose rule row is not there: the usual context
    assert table_prefix(page, page.index("End")) is None
    headless = "| Line 1 | 1.5 |\n" * 40 + "| Adult social care | 48.3 |\n"
    assert table_prefix(headless, headless.index("48.3")) is None


def test_a_header_and_row_too_wide_to_keep_are_the_usual_context() -> None:
    # A hostile page's header row of megabytes is not copied into the snapshot.
    wide = "| Service | " + " | ".join(f"Column {i}" for i in range(2000)) + " |\n"
    rule = "|---" * 2001 + "|\n"
    page = wide + rule + "| Line | 1 |\n" * 300 + "| Adult social care | 48.3 |\n"
    at = page.index("48.3")
    assert table_prefix(page, at) is None
    assert len(selector(page, Span(1, at, at + 4)).prefix) <= CONTEXT


def markdown_budget(rows: int, unit: str, cell: str) -> bytes:
    """The budget as a plain-text source's Markdown pipe table."""
    filler = "".join(f"| Service line {_name(i)} | {10 + i % 80}.1 |\n" for i in range(rows))
    return (
        "Westmoor budget book 2025/26\n\nThe budget was approved by full council in February.\n\n"
        f"| Service | 2025/26 {unit} |\n|:---|---:|\n{filler}| Adult social care | {cell} |\n\n"
        "Reserves remain at the level the chief finance officer recommends.\n"
    ).encode()


@pytest.mark.parametrize("rows", DEPTHS)
def test_a_plain_text_sources_table_keeps_its_header(tmp_path: Path, rows: int) -> None:
    # Another format: a Markdown table served as text/plain, in thousands of pounds.
    def served(body: bytes, name: str) -> dict[str, Any]:
        with serve() as site:
            site.pages["/budget.md"] = (200, "text/plain", body)
            path = tmp_path / name / "claims.yaml"
            path.parent.mkdir()
            path.write_text(BUDGET.format(url=site.url("/budget.md")), encoding="utf-8")
            assert take_snapshot(path, site).exit_code == 0
        return run_verify(path)

    clean = served(markdown_budget(rows, "(£000)", "48,300"), "clean")
    assert findings(clean) == [] and [s["verdict"] for s in verdicts(clean)] == ["supported"]
    planted = served(markdown_budget(rows, "(£000)", "48.3"), "planted")
    [(code, says)] = findings(planted)
    assert code == "Q005"
    assert says.startswith("the claim says 48.3 GBP million; `budget` says '48.3 (£000)'")
