"""A drafted figure keeps the rate the page gives it (review 10, after quantity.py read it as
`Quantity.rate`): "412 megalitres per day" was drafted `unit: megalitres` and "£512 a year"
`unit: GBP`, totals the page never states. The rate now ends the unit ("megalitres per day",
"GBP per year"); a time that says when ("a year earlier"), a rate's base ("per 100,000") and a
count's noun ("3 coaches a year": no unit to carry it) draft as before. Three subjects in three
formats, each with twins, and every page's drafts verify with no C001 or C015."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()

# (page name, page text, [(value, unit drafted)]): the rate planted, the twins beside it.
PAGES: list[tuple[str, str, list[tuple[float, str]]]] = [
    (
        "water.md",
        "# Water results\n\n"
        "Leakage fell to 412 megalitres per day in 2024/25.\n\n"
        "The average household bill is £512 a year.\n\n"
        "Leakage was 455 megalitres in 2019/20.\n\n"
        "The company paid £4.5m in fines in 2024.\n",
        [
            (412, "megalitres per day"),
            (512, "GBP per year"),
            (455, "megalitres"),  # twin: no rate
            (4.5, "GBP million"),  # twin: no rate
        ],
    ),
    (
        "club.txt",
        "Rovers annual report\n\n"
        "Wages averaged £12.5k per player in the 2024/25 season.\n\n"
        "The club lost £1.3m in 2024/25, down from £2.2m a year earlier.\n\n"
        "The academy is adding 3 coaches a year.\n",
        [
            (12.5, "GBP thousand per player"),
            (1.3, "GBP million"),
            (2.2, "GBP million"),  # twin: "a year earlier" says when, not a rate
            (3, "coaches"),  # twin: a count's noun carries no rate
        ],
    ),
    (
        "trial.html",
        "<html><head><title>Trial</title></head><body><main>\n"
        "<h1>Blood pressure trial</h1>\n"
        "<p>The pill costs £12.40 a month, and patients walked 3.2 kilometres a day.</p>\n"
        "<p>The trial ran for 36 months at a cost of £1.9 million.</p>\n"
        "</main></body></html>\n",
        [
            (12.40, "GBP per month"),
            (3.2, "kilometres per day"),
            (36, "months"),  # twin
            (1.9, "GBP million"),  # twin
        ],
    ),
]


def _extract(tmp_path: Path, name: str, text: str) -> tuple[list[dict[str, Any]], Path]:
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    registry = tmp_path / "claims.yaml"
    registry.write_text(f"version: 1\npage:\n  title: A page\n  path: {name}\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
    assert result.exit_code == 0, result.stderr
    claims = yaml.safe_load(registry.read_text(encoding="utf-8")).get("claims") or []
    return [c for c in claims if c["kind"] == "figure"], registry


@pytest.mark.parametrize(("name", "text", "wanted"), PAGES, ids=[p[0] for p in PAGES])
def test_a_drafted_unit_keeps_the_figures_rate(
    tmp_path: Path, name: str, text: str, wanted: list[tuple[float, str]]
) -> None:
    drafted, registry = _extract(tmp_path, name, text)
    got = {float(c["value"]): c.get("unit") for c in drafted}
    for value, unit in wanted:
        assert got.get(value) == unit, (value, got)
    report = runner.invoke(
        app, ["verify", str(registry), "--offline", "--today", "2025-07-01", "-f", "json"]
    )
    findings = json.loads(report.stdout)["findings"]
    assert [f for f in findings if f["code"] in ("C001", "C015")] == [], findings
