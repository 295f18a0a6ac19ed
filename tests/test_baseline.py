"""Baselines: CI fails only on findings the baseline does not know; fixed ones are counted."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from claimcheck.cli import app
from tests.conftest import DATA

runner = CliRunner()
GOLDEN = DATA / "registries" / "golden.yaml"


def test_baseline_hides_known_findings_and_counts_fixed_ones(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(GOLDEN.read_text(encoding="utf-8"), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    made = runner.invoke(
        app, ["baseline", str(registry), "-o", str(baseline), "--today", "2026-11-24"]
    )
    assert made.exit_code == 0, made.stderr
    assert json.loads(baseline.read_text())["baseline_version"] == 1
    args = [
        "verify",
        str(registry),
        "--today",
        "2026-11-24",
        "--baseline",
        str(baseline),
        "-f",
        "json",
    ]
    clean = runner.invoke(app, args)
    document = json.loads(clean.stdout)
    assert clean.exit_code == 0 and document["findings"] == []
    assert document["baseline"] == {"known": 7, "fixed": 0}
    # Lines move (a comment above), one finding is fixed and one is new.
    text = "# moved down\n" + registry.read_text(encoding="utf-8")
    text = text.replace("kind: assessment", "kind: assessment\n    citations: [{source: audit}]")
    text = text.replace("value: 385", "value: 385\n    review_by: 2026-01")
    registry.write_text(text, encoding="utf-8")
    result = runner.invoke(app, args)
    document = json.loads(result.stdout)
    assert [f["code"] for f in document["findings"]] == ["T002"]
    assert document["baseline"] == {"known": 6, "fixed": 1}
    assert result.exit_code == 0  # T002 is a warning; --fail-on error


def test_a_bad_baseline_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["verify", str(GOLDEN), "--baseline", str(bad)])
    assert result.exit_code == 2 and f"{bad}:1:2: error: not JSON" in result.stderr
    missing = runner.invoke(app, ["verify", str(GOLDEN), "--baseline", str(tmp_path / "none.json")])
    assert missing.exit_code == 2 and "claimcheck baseline" in missing.stderr
