"""Baselines: CI fails only on findings the baseline does not know; fixed ones are counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.baseline import read_baseline
from claimcheck.cli import app
from claimcheck.errors import ConfigError
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


def test_a_json_report_is_a_baseline_too(tmp_path: Path) -> None:
    """Its findings' fingerprints are the known ones: the same as the baseline file's."""
    made = tmp_path / "baseline.json"
    report = tmp_path / "report.json"
    today = ["--today", "2026-11-24"]
    assert runner.invoke(app, ["baseline", str(GOLDEN), "-o", str(made), *today]).exit_code == 0
    written = runner.invoke(app, ["verify", str(GOLDEN), *today, "-f", "json", "-o", str(report)])
    assert written.exit_code == 1, written.stderr
    assert read_baseline(report) == read_baseline(made)
    assert len(read_baseline(report)) == 7
    result = runner.invoke(
        app, ["verify", str(GOLDEN), *today, "--baseline", str(report), "-f", "json"]
    )
    document = json.loads(result.stdout)
    assert result.exit_code == 0 and document["findings"] == []
    assert document["baseline"] == {"known": 7, "fixed": 0}


def test_a_bad_report_as_a_baseline_is_a_clear_error(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"schema_version": 1, "findings": []}), encoding="utf-8")
    result = runner.invoke(app, ["verify", str(GOLDEN), "--baseline", str(report)])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"{report}: error: not a claimcheck JSON report" in result.stderr
    other = tmp_path / "other.json"
    other.write_text('{"version": 3}', encoding="utf-8")
    with pytest.raises(ConfigError, match="not a claimcheck baseline"):
        read_baseline(other)
