"""`import-sources` never writes a source `verify --offline` reports as an error (review 18,
item 5).

Planted: a `DOI` that is not one and an `ISBN` whose check digit disagrees (S006), an
`accessed` date after today (T008): each stops the import with one line at the item's field
in the CSL file (line and column, position, id, field, the rule), exit 2, nothing imported.
Clean twins: the same items with a real DOI, ISBN and a past date are imported and verify
with no error. Subjects: glaciers, a city budget.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry

runner = CliRunner()
TODAY = {"CLAIMCHECK_TODAY": "2025-06-10"}

GLACIERS = """\
version: 1
page: {title: Glacier retreat, url: "https://example.org/glaciers"}
sources:
  - id: glamos
    title: GLAMOS mass balance
    url: https://www.glamos.ch/en/
claims: []
"""
BUDGET = "version: 1\npage:\n  title: City budget 2025/26\nsources: []\nclaims: []\n"


def _csl(path: Path, items: list[dict[str, object]]) -> Path:
    path.write_text("[\n" + ",\n".join(json.dumps(i) for i in items) + "\n]\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "bad", "field", "says"),
    [
        (GLACIERS, {"DOI": "not a doi"}, "DOI", "`doi` 'not a doi' is not a DOI"),
        (
            BUDGET,
            {"ISBN": "978-0-306-40615-8"},
            "ISBN",
            "the check digit of 9780306406158 is 8",
        ),
        (
            GLACIERS,
            {"URL": "https://example.org/wgms", "accessed": {"date-parts": [[2031, 1, 1]]}},
            "accessed",
            "accessed 2031-01-01, after today (2025-06-10)",
        ),
        (
            BUDGET,
            {"URL": "https://example.org/b", "accessed": {"raw": "2025-06-11"}},
            "accessed",
            "[T008 checked-in-future]",
        ),
    ],
    ids=["S006 DOI", "S006 ISBN", "T008 glaciers", "T008 budget"],
)
def test_an_item_verify_would_report_is_refused_at_its_field(
    tmp_path: Path, text: str, bad: dict[str, object], field: str, says: str
) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(text, encoding="utf-8")
    first: dict[str, object] = {
        "id": "first",
        "type": "report",
        "title": "A first report",
        "URL": "https://e.org/1",
    }
    item: dict[str, object] = {"id": "second", "type": "report", "title": "A second report", **bad}
    csl = _csl(tmp_path / "refs.json", [first, item])
    result = runner.invoke(app, ["import-sources", str(csl), "-r", str(registry)], env=TODAY)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    column = csl.read_text(encoding="utf-8").splitlines()[2].index(f'"{field}"') + 1
    assert line.startswith(f"claimcheck: {csl}:3:{column}: error: item 2 (id 'second'), "), line
    assert f"`{field}`" in line and says in line and "nothing was imported" in line, line
    assert registry.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("text", "good"),
    [
        (GLACIERS, {"DOI": "10.1038/s41586-021-03436-z"}),
        (BUDGET, {"ISBN": "978-0-306-40615-7"}),
        (GLACIERS, {"URL": "https://example.org/wgms", "accessed": {"date-parts": [[2025, 6]]}}),
        (BUDGET, {"URL": "https://example.org/b", "accessed": {"raw": "2025-06-10"}}),
    ],
    ids=["DOI", "ISBN", "accessed this month", "accessed today"],
)
def test_the_clean_twin_is_imported(tmp_path: Path, text: str, good: dict[str, object]) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(text, encoding="utf-8")
    item = {"id": "second", "type": "report", "title": "A second report", **good}
    csl = _csl(tmp_path / "refs.json", [item])
    result = runner.invoke(app, ["import-sources", str(csl), "-r", str(registry)], env=TODAY)
    assert result.exit_code == 0, result.stderr
    assert load_registry(registry).registry.sources[-1].id == "second"
    verified = runner.invoke(
        app, ["verify", str(registry), "--offline", "-f", "concise", "--select", "S,T,R"], env=TODAY
    )
    assert " [error] " not in verified.stdout, verified.stdout
