"""Review 10's page-rule defects, planted with clean twins.

4. A paragraph wrapped over several lines is one sentence (`coverage.sentences`).
"""

from __future__ import annotations

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
