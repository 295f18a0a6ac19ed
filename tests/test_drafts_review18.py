"""What `extract` drafted wrong (reviews 18 and 19): a figure took the time of the clause after
a semicolon or of an -ing aside, and its mention ran into the next clause; measures ended on
a modal verb or opened on the sentence's time; a year before 1900, a label's number, the
halves of a duration in two units and a threshold were drafted as figures; and an HTML
table's cell was drafted as a bare number, its mention any copy of it on the page. Each case
is planted on pages of two or more subjects with a twin that must draft as before
(tests/data/drafting/review18.yaml), and every page's drafts, appended, verify with no error.

But for what a case names as `misread`: the mention check (checks/coverage.py, `_Times`) still
reads a time after a semicolon as the figure's before it, so a right draft of "The 2019 glacier
volume was 52 cubic kilometres; in 2024 it was 47" (period 2019) is a P003 there, where the
wrong draft (2024) passed. Reported to that module's owner; the test fails when it is fixed.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
ROOT = Path(__file__).parent.parent
CASES = yaml.safe_load(
    (Path(__file__).parent / "data" / "drafting" / "review18.yaml").read_text(encoding="utf-8")
)["cases"]


def _extract(tmp_path: Path, case: dict[str, Any]) -> tuple[list[dict[str, Any]], str, Path]:
    page = tmp_path / case["page"]
    page.write_text(case["text"], encoding="utf-8")
    registry = tmp_path / "claims.yaml"
    head = f"version: 1\npage:\n  title: A page\n  path: {page.name}\n"
    head += f"  as_of: {case['as_of']}\n" if case.get("as_of") else ""
    registry.write_text(head, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
    assert result.exit_code == 0, result.stderr
    claims = yaml.safe_load(registry.read_text(encoding="utf-8")).get("claims") or []
    return [c for c in claims if c.get("kind") == "figure"], result.stderr, registry


def _errors(registry: Path) -> list[dict[str, Any]]:
    verified = runner.invoke(
        app, ["verify", str(registry), "--offline", "--today", "2025-07-01", "-f", "json"]
    )
    report = json.loads(verified.stdout)
    return [f for f in report["findings"] if f["severity"] == "error" or f["code"] == "C010"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_each_draft_states_what_its_sentence_says(tmp_path: Path, case: dict[str, Any]) -> None:
    drafted, stderr, registry = _extract(tmp_path, case)
    for want in case.get("drafts", []):
        matches = [d for d in drafted if d.get("value") == want["value"]]
        assert matches, f"no draft of {want['value']!r} in {drafted}"
        draft = matches[0]
        for key, value in want.items():
            if key == "absent":
                assert not set(value) & set(draft), f"{draft} has one of {value}"
            elif key == "mentions":
                assert draft["mentions"] == value, draft
            elif key == "no_mention":
                assert not any(v in m for v in value for m in draft["mentions"]), draft
            elif key != "value":
                assert draft.get(key) == value, f"{key}: {draft}"
    for text in case.get("not_drafted", []):
        assert not any(text in m for d in drafted for m in d["mentions"]), drafted
    for value in case.get("not_values", []):
        assert not any(d.get("value") == value for d in drafted), drafted
    for why in case.get("skipped", []):
        assert why in stderr, stderr
    if "count" in case:
        assert len(drafted) == case["count"], drafted
    # The drafts pass claimcheck's own checks (and no C010), but what another reader misreads.
    codes = sorted(f["code"] for f in _errors(registry))
    assert codes == sorted(case.get("misread", [])), _errors(registry)


def _case(name: str) -> dict[str, Any]:
    return next(c for c in CASES if c["name"] == name)


@pytest.mark.parametrize(
    ("name", "cell", "changed", "value"),
    [
        ("html-table-glaciers", "<td>146</td>", "<td>150</td>", 146),
        ("html-table-waiting-lists", "<td>2,950</td>", "<td>2,905</td>", 2950),
    ],
)
def test_a_drafted_html_cell_is_found_at_its_row_only(
    tmp_path: Path, name: str, cell: str, changed: str, value: int
) -> None:
    """A drafted HTML cell's mention pins its row: the cell changed is reported even where
    the page states its old figure elsewhere (a mention of the figure alone was satisfied
    by any copy of it), and the page as drafted is clean."""
    case = _case(name)
    drafted, _, registry = _extract(tmp_path, case)
    (claim,) = [d["id"] for d in drafted if d["value"] == value]
    page = tmp_path / case["page"]

    def findings() -> list[str]:
        verified = runner.invoke(
            app, ["verify", str(registry), "--offline", "--today", "2025-07-01", "-f", "json"]
        )
        report = json.loads(verified.stdout)
        return [f["code"] for f in report["findings"] if f.get("claim") == claim]

    assert [c for c in findings() if c.startswith("P")] == []  # the clean twin
    old = cell.removeprefix("<td>").removesuffix("</td>")
    text = page.read_text(encoding="utf-8").replace(cell, changed)
    text = text.replace("</main>", f"<p>Last year {old} people came.</p></main>")
    page.write_text(text, encoding="utf-8")
    assert {"P002", "P003"} & set(findings())


_spec = importlib.util.spec_from_file_location("drafting_review18", ROOT / "bench" / "drafting.py")
assert _spec is not None and _spec.loader is not None
drafting: Any = importlib.util.module_from_spec(_spec)
sys.modules["drafting_review18"] = drafting  # its dataclasses look their module up
_spec.loader.exec_module(drafting)
LABELLED = sorted((ROOT / "tests" / "data" / "drafting" / "review18").glob("*.truth.yaml"))


@pytest.mark.parametrize("truth_file", LABELLED, ids=lambda p: p.name.split(".")[0])
def test_the_labelled_pages_draft_nothing_wrong(tmp_path: Path, truth_file: Path) -> None:
    """The review's sentences, labelled on pages of three subjects (hospital waits in HTML,
    glaciers in Markdown, a football season in plain text; bench/drafting.py --pages
    tests/data/drafting/review18): every draft is a figure of the page, and none carries a
    value, unit, measure or time that is not its figure's (19 of 30 drafts did before)."""
    truth, figures = drafting.load_truth(truth_file)
    page = tmp_path / truth["page"]
    page.write_bytes((truth_file.parent / truth["page"]).read_bytes())
    registry = tmp_path / "claims.yaml"
    registry.write_text(f"version: 1\npage:\n  title: A page\n  path: {page.name}\n")
    appended = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
    assert appended.exit_code == 0, appended.stderr
    verified = runner.invoke(
        app, ["verify", str(registry), "--offline", "--today", "2025-07-01", "-f", "json"]
    )
    run = drafting.Run("extract --append")
    claims, sources = drafting.read_registry(registry)
    run.drafts = [drafting.to_draft(c, sources) for c in claims if c.get("kind") == "figure"]
    run.report = json.loads(verified.stdout)
    score = drafting.score(run, truth, figures)
    assert score["faults"] == {}
    assert score["not_truth"] == 0 and score["errors"] == 0, score
    # Found: all but the durations in two units, which no draft states whole (and says so).
    assert sorted(score["missed"]) == sorted(
        f.text for f in figures if re.fullmatch(r"\d+ \w+ and \d+ \w+", f.text)
    )
