"""`extract` on pages of other subjects (sport in Markdown, climate in plain text, a health
trial in HTML, a council budget in Markdown; tests/data/drafting/subjects/): the drafts,
appended to a registry of the page, verify with no error, and every drafted value, unit,
measure, period and date is stated in the draft's own sentence (a property over all the
drafts, needing no labels: bench/drafting.py's `unstated`); and by the pages' labels no draft
carries a value, unit, measure or time that is not its figure's (27 of 67 drafts did before
the fix, 0 of 63 after; bench/drafting.py --pages tests/data/drafting/subjects).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from claimcheck.cli import app

ROOT = Path(__file__).parent.parent
PAGES = ROOT / "tests" / "data" / "drafting" / "subjects"
_spec = importlib.util.spec_from_file_location("drafting", ROOT / "bench" / "drafting.py")
assert _spec is not None and _spec.loader is not None
drafting: Any = importlib.util.module_from_spec(_spec)
sys.modules["drafting"] = drafting  # its dataclasses look their module up while defined
_spec.loader.exec_module(drafting)

runner = CliRunner()
TRUTHS = sorted(PAGES.glob("*.truth.yaml"))


def test_four_subjects_in_three_formats() -> None:
    names = [p.name.removesuffix(".truth.yaml") for p in TRUTHS]
    assert names == ["budget.md", "climate.txt", "sport.md", "trial.html"]


@pytest.fixture(scope="module", params=TRUTHS, ids=lambda p: p.name.split(".")[0])
def drafted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The page's truth and figures, its drafts (as a bench run) and verify's JSON report."""
    truth, figures = drafting.load_truth(request.param)
    work = tmp_path_factory.mktemp("subject")
    page = work / truth["page"]
    page.write_bytes((PAGES / truth["page"]).read_bytes())
    registry = work / "claims.yaml"
    registry.write_text(
        f"version: 1\npage:\n  title: A page\n  path: {page.name}\n", encoding="utf-8"
    )
    appended = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
    assert appended.exit_code == 0, appended.stderr
    verified = runner.invoke(
        app, ["verify", str(registry), "--offline", "--today", "2025-12-02", "-f", "json"]
    )
    assert verified.exit_code in (0, 1), verified.stderr
    run = drafting.Run("extract --append")
    claims, sources = drafting.read_registry(registry)
    run.drafts = [drafting.to_draft(c, sources) for c in claims if c.get("kind") == "figure"]
    run.new_urls = set(sources.values())
    run.report = json.loads(verified.stdout)
    return truth, figures, run, claims, appended.stderr


def test_the_drafts_verify_with_no_error(drafted: Any) -> None:
    _, _, run, _, _ = drafted
    errors = [f for f in run.report["findings"] if f["severity"] == "error"]
    assert errors == []


def test_every_drafted_field_is_stated_in_its_own_sentence(drafted: Any) -> None:
    _, _, _, claims, _ = drafted
    figures = [c for c in claims if c["kind"] == "figure"]
    assert figures
    unstated = {c["id"]: drafting.unstated(c) for c in figures}
    assert {k: v for k, v in unstated.items() if v} == {}


def test_no_draft_carries_what_is_not_its_figures(drafted: Any) -> None:
    truth, figures, run, _, _ = drafted
    score = drafting.score(run, truth, figures)
    assert score["faults"] == {}
    assert score["found"] >= len(figures) - 2  # the two temperatures are left out, and said
    assert score["sources_drafted"] == score["page_sources"]


def test_the_property_catches_what_the_review_found() -> None:
    # Mutations of a right draft, each a fault the review found in a draft: each is caught,
    # and the right draft (the clean twin) is not.
    text = "A new 3,500-seat stand will open in August 2026 at a cost of £14 million."
    right = {"text": text, "value": 14, "unit": "GBP million", "measure": "cost"}
    right["mentions"] = ["of £14 million"]
    assert drafting.unstated(right) == []
    for field, wrong in (
        ("measure", "500-seat stand"),  # cut from "3,500-seat"
        ("measure", "and"),
        ("measure", "in a trial of"),
        ("unit", "given"),
        ("date", "2022-10"),
        ("period", "2024"),
        ("value", 9),
    ):
        assert drafting.unstated({**right, field: wrong}), (field, wrong)


def test_figures_left_out_are_listed_with_why(drafted: Any) -> None:
    truth, _, _, _, stderr = drafted
    if truth["page"] == "climate.txt":
        assert "'-9.2' (a unit claimcheck does not read ('C'))" in stderr
        assert "'31.6' (a unit claimcheck does not read ('C'))" in stderr
        assert "'19' (a day of the month (a date, not a figure))" in stderr


def test_the_labels_are_the_pages_own() -> None:
    for truth_file in TRUTHS:
        truth = yaml.safe_load(truth_file.read_text(encoding="utf-8"))
        page = drafting.norm((PAGES / truth["page"]).read_text(encoding="utf-8"))
        for item in truth["figures"] + truth["not_figures"]:
            assert drafting.norm(item["text"]) in page, item["text"]
