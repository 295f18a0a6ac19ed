"""Review 10's page-rule defects (items 1, 4, 6 and 8), planted with clean twins.

1. A mention's sentence changed while another sentence repeats its words: P003, not a P002
   note placing it at the other sentence.
4. A paragraph wrapped over several lines is one sentence (`coverage.sentences`).
6. The time a mention's sentence gives its figure, against the claim's period or date: P003.
8. A statement the page repeats, registered once for each place, changed at one: P003.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.checks import coverage
from claimcheck.engine import run_checks
from claimcheck.loader import load_registry
from claimcheck.page import page_from_text
from tests.conftest import DATA, TODAY

HERE = DATA / "coverage_review10"
EDITS: list[dict[str, Any]] = yaml.safe_load((HERE / "edits.yaml").read_text(encoding="utf-8"))[
    "cases"
]


def findings(case: dict[str, Any], text: str, where: Path) -> list[list[str]]:
    """The P002 and P003 findings (code, level, claim) of the case's registry on `text`."""
    entries = []
    for claim in case["claims"]:
        entry = {"id": claim["id"], "text": "A claim.", "mentions": claim["mentions"]}
        entry["kind"] = "figure" if "value" in claim else "fact"
        for key in ("value", "period", "date"):
            if key in claim:
                entry[key] = claim[key]
        entry["citations"] = [{"source": "s"}]
        entries.append(entry)
    registry = where / "claims.yaml"
    registry.write_text(
        json.dumps(
            {
                "version": 1,
                "sources": [{"id": "s", "title": "S", "kind": "other", "url": "https://e.org/s"}],
                "claims": entries,
            }
        ),
        encoding="utf-8",
    )
    report = run_checks(
        load_registry(registry),
        today=TODAY,
        select=("P002", "P003"),
        page=page_from_text("page.md", text, "markdown"),
    )
    return sorted([f.code, f.level.name.lower(), f.claim or ""] for f in report.findings)


@pytest.mark.parametrize("case", EDITS, ids=lambda c: c["name"])
def test_the_clean_twin_stays_clean(case: dict[str, Any], tmp_path: Path) -> None:
    """No P002 or P003, but the note of a twin registered in other words (`twin`)."""
    assert findings(case, case["page"], tmp_path) == sorted(case.get("twin", []))


@pytest.mark.parametrize("case", EDITS, ids=lambda c: c["name"])
def test_the_planted_edit_is_reported(case: dict[str, Any], tmp_path: Path) -> None:
    assert findings(case, case["planted"], tmp_path) == sorted(case["expect"])


def test_each_defect_is_planted_on_two_subjects_or_more() -> None:
    planted = [c for c in EDITS if c["expect"]]
    assert len(planted) >= 12
    assert len({c["name"].rsplit("(", 1)[1] for c in planted}) >= 6


SENTENCES: list[dict[str, Any]] = yaml.safe_load(
    (HERE / "sentences.yaml").read_text(encoding="utf-8")
)["pages"]


@pytest.mark.parametrize("case", SENTENCES, ids=lambda c: c["name"])
def test_sentences_as_a_reader_reads_them(case: dict[str, Any]) -> None:
    page = page_from_text("page", case["source"], case["format"])
    read = [" ".join(page.prose[a:b].split()) for a, b in coverage.sentences(page.prose)]
    assert read == case["sentences"]


def test_a_wrapped_sentence_is_one_unregistered_figure_finding(tmp_path: Path) -> None:
    """P001 groups a wrapped sentence's figures into one finding that quotes it whole."""
    registry = tmp_path / "claims.yaml"
    registry.write_text("version: 1\nclaims: []\n", encoding="utf-8")
    text = (
        "Leakage fell to 412 megalitres\nper day in 2024/25, compared with 455 megalitres per\n"
        "day in 2019/20.\n"
    )
    report = run_checks(
        load_registry(registry),
        today=TODAY,
        select=("P001",),
        page=page_from_text("page.txt", text, "text"),
    )
    [finding] = report.findings
    assert finding.message.endswith(
        "in: Leakage fell to 412 megalitres per day in 2024/25, compared with 455 megalitres "
        "per day in 2019/20."
    )
