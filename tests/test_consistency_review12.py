"""A stranger's review (12) of the C rules: each defect planted, each beside a clean twin.

The cases are data (`tests/data/consistency_review12/cases.yaml`): a product of a scaled
claim and a percentage, years against a period dated to the day, a mention's direction and
rate base, a date in a figure's own text, a fall's words for a negative change, a derived
whole number, a span in weeks, dates told from others, a reversed period.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import check_text

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "consistency_review12" / "cases.yaml").read_text()
)


def _registry(case: dict[str, Any]) -> str:
    registry = {
        "version": 1,
        "page": {"title": "Review 12", "as_of": "2026-06-01"},
        "claims": case["claims"],
    }
    if "constraints" in case:
        registry["constraints"] = case["constraints"]
    return yaml.safe_dump(registry, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_planted_is_caught_and_its_twin_stays_clean(case: dict[str, Any]) -> None:
    report = check_text(_registry(case), select=["C"])
    found = sorted(f"{f.code} {f.claim}" if f.claim else f.code for f in report.findings)
    assert found == sorted(case["expect"]), [f.message for f in report.findings]


def test_every_planted_case_has_a_clean_twin() -> None:
    ids = {c["id"] for c in CASES}
    for name in ids:
        if name.endswith("_planted"):
            assert name.removesuffix("_planted") + "_clean" in ids
