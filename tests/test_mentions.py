"""Mentions located by their words and compared as quantities (issue 16, item 2), measured
on a labelled set of page edits (tests/data/mentions/labelled.yaml)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.engine import run_checks
from claimcheck.findings import Severity
from claimcheck.loader import load_registry
from claimcheck.page import page_from_text
from tests.conftest import DATA, TODAY

LABELLED = DATA / "mentions" / "labelled.yaml"
_DATA = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = _DATA["cases"]


def verdict(case: dict[str, Any], where: Path) -> str:
    """`changed` (P003), `same` (a P002 note: reworded) or `gone` (a P002 warning), for the
    case's mention; its `others` are other claims' mentions in the same registry."""
    registry = where / "claims.yaml"
    claims = "".join(
        f"  - id: {claim}\n    text: A claim.\n    kind: fact\n"
        f"    mentions: [{json.dumps(mention)}]\n    citations: [{{source: s}}]\n"
        for claim, mention in [("c", case["mention"])]
        + [(f"other_{i}", m) for i, m in enumerate(case.get("others", ()))]
    )
    registry.write_text(
        "version: 1\nsources:\n  - {id: s, title: S, kind: other, url: https://example.org/s}\n"
        "claims:\n" + claims,
        encoding="utf-8",
    )
    text = _DATA["subjects"][case["subject"]] + "\n\n" + case["page"] + "\n"
    report = run_checks(
        load_registry(registry),
        today=TODAY,
        select=("P002", "P003"),
        page=page_from_text("page.txt", text, "text"),
    )
    codes = {(f.code, f.level) for f in report.findings if f.claim == "c"}
    if ("P003", Severity.ERROR) in codes:
        return "changed"
    if ("P002", Severity.WARNING) in codes:
        return "gone"
    assert ("P002", Severity.NOTE) in codes, codes
    return "same"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['label']}:{c['page'][:40]}")
def test_labelled_case(case: dict[str, Any], tmp_path: Path) -> None:
    assert verdict(case, tmp_path) == case["label"]


def test_located_precision_and_recall(tmp_path: Path) -> None:
    """At least 40 cases on two subjects; every located one right, none missed."""
    assert len(CASES) >= 40 and len({c["subject"] for c in CASES}) >= 2
    got = [verdict(c, tmp_path) for c in CASES]
    located = [g != "gone" for g in got]
    truth = [c["label"] != "gone" for c in CASES]
    tp = sum(a and b for a, b in zip(located, truth, strict=True))
    precision = tp / max(1, sum(located))
    recall = tp / max(1, sum(truth))
    assert (precision, recall) == (1.0, 1.0)
