"""A table column's label gives its cells' currency and scale with any sign the quantity
reader knows (`units.CURRENCY_SIGNS`, `units.CURRENCY_MARKED`), not only "£", "$" and "€":
a column headed "Cost (¥m)", "(₹ crore)" or "(US$m)" drafted its cells with no unit and no
"unit left out" note, while "(£m)" got the note. Planted on two subjects, beside "£" twins.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()

TABLES = [
    ("Item", "Cost", "Roads", "730"),
    ("Region", "Budget", "North", "41.5"),
]
LABELS = ["¥m", "₹ crore", "US$m", "Rs lakh", "CN¥bn", "£m", "$bn", "€ million"]


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize(("row_head", "column", "row", "cell"), TABLES)
def test_label_currency_noted(
    tmp_path: Path, label: str, row_head: str, column: str, row: str, cell: str
) -> None:
    (tmp_path / "claims.yaml").write_text(
        "version: 1\npage: {title: T, path: page.md}\n", encoding="utf-8"
    )
    page = f"# Costs\n\n| {row_head} | {column} ({label}) |\n|---|---|\n| {row} | {cell} |\n"
    (tmp_path / "page.md").write_text(page, encoding="utf-8")
    result = runner.invoke(
        app,
        ["extract", "--append", "-r", str(tmp_path / "claims.yaml"), str(tmp_path / "page.md")],
    )
    assert result.exit_code == 0, result.output
    claims = yaml.safe_load((tmp_path / "claims.yaml").read_text(encoding="utf-8"))["claims"]
    (figure,) = [c for c in claims if c.get("kind") == "figure"]
    assert str(figure["value"]) == cell
    assert f"unit left out: the table's label gives it as ({label})" in figure.get("notes", "")


def test_label_without_currency_stays_a_count(tmp_path: Path) -> None:
    (tmp_path / "claims.yaml").write_text(
        "version: 1\npage: {title: T, path: page.md}\n", encoding="utf-8"
    )
    page = "# Visits\n\n| Site | Visits (Rsvp) |\n|---|---|\n| North | 730 |\n"
    (tmp_path / "page.md").write_text(page, encoding="utf-8")
    result = runner.invoke(
        app,
        ["extract", "--append", "-r", str(tmp_path / "claims.yaml"), str(tmp_path / "page.md")],
    )
    assert result.exit_code == 0, result.output
    claims = yaml.safe_load((tmp_path / "claims.yaml").read_text(encoding="utf-8"))["claims"]
    (figure,) = [c for c in claims if c.get("kind") == "figure"]
    assert "unit left out" not in figure.get("notes", ""), figure
