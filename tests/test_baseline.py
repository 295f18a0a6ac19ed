"""Baselines: CI fails only on findings the baseline does not know; fixed ones are counted."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck.baseline import read_baseline
from claimcheck.checks import X001
from claimcheck.cli import app
from claimcheck.errors import ConfigError
from claimcheck.findings import Finding
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
    assert json.loads(baseline.read_text())["baseline_version"] == 2
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
    assert sum(read_baseline(report).counts.values()) == 7
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


# --- what a baseline knows: places, copies, figures, its registry, the run's own findings --

BUSES = """\
version: 1
page:
  title: Bus network review
  path: page.md
sources:
  - id: review
    title: Bus network review 2025
    kind: report
    url: https://example.org/buses
claims:
  - id: routes
    text: The network has 42 routes.
    kind: figure
    value: 42
    unit: routes
    mentions: ["has 42 routes", "all 42 routes"]
    citations: [{source: review}]
  - id: punctuality
    text: Punctuality was 88%.
    kind: figure
    value: 88
    unit: percent
    mentions: ["Punctuality was 88%"]
    citations: [{source: review}]
"""
BUS_PAGE = (
    "# Bus network review\n\nThe network has 42 routes. Punctuality was 88%.\n\n"
    "Ridership reached 9 million in 2024.\n\nNight buses run on all 42 routes.\n"
)
TODAY = ["--offline", "--today", "2026-11-24"]


def _project(tmp_path: Path, registry: str = BUSES, page: str = BUS_PAGE) -> Path:
    (tmp_path / "page.md").write_text(page, encoding="utf-8")
    path = tmp_path / "claims.yaml"
    path.write_text(registry, encoding="utf-8")
    return path


def _with_baseline(registry: Path, baseline: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(
        app, ["verify", str(registry), *TODAY, "--baseline", str(baseline), "-f", "json", *extra]
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def _baseline(registry: Path, out: Path) -> None:
    made = runner.invoke(app, ["baseline", str(registry), *TODAY, "-o", str(out)])
    assert made.exit_code == 0, made.output


WRONG = BUSES.replace('"all 42 routes"', '"all 24 routes"')


def _baselined(tmp_path: Path) -> tuple[Path, Path]:
    """A registry and page whose mention 2 says 24 for 42 (a C001), and their baseline."""
    registry = _project(tmp_path, WRONG, BUS_PAGE.replace("all 42", "all 24"))
    base = tmp_path / "base.json"
    _baseline(registry, base)
    return registry, base


@pytest.mark.parametrize(
    ("mention", "page", "said"),
    [
        # Mention 2 fixed, mention 1 now wrong: not the known finding.
        (('"has 42 routes"', '"has 44 routes"'), ("has 42", "has 44"), "mention 1 says '44'"),
        # The same mention, another wrong figure: a different error.
        (('"all 42 routes"', '"all 48 routes"'), ("all 42", "all 48"), "mention 2 says '48'"),
    ],
)
def test_a_baseline_entry_knows_its_mention_and_figure(
    tmp_path: Path, mention: tuple[str, str], page: tuple[str, str], said: str
) -> None:
    registry, base = _baselined(tmp_path)
    registry.write_text(BUSES.replace(*mention), encoding="utf-8")
    (tmp_path / "page.md").write_text(BUS_PAGE.replace(*page), encoding="utf-8")
    code, document = _with_baseline(registry, base)
    assert code == 1 and [f["code"] for f in document["findings"]] == ["C001"]
    assert said in document["findings"][0]["message"]
    assert document["baseline"] == {"known": 1, "fixed": 1}  # known: the page's P001


def test_a_baseline_survives_reordered_claims_and_moved_lines(tmp_path: Path) -> None:
    """The twin: the same finding, its claim moved to the end and lines added above."""
    registry, base = _baselined(tmp_path)
    head, routes_and_rest = WRONG.split("  - id: routes\n")
    routes, rest = routes_and_rest.split("  - id: punctuality\n")
    moved = "# a comment\n" + head + "  - id: punctuality\n" + rest + "  - id: routes\n" + routes
    registry.write_text(moved, encoding="utf-8")
    code, document = _with_baseline(registry, base)
    assert code == 0 and document["findings"] == []
    assert document["baseline"] == {"known": 2, "fixed": 0}


def test_a_baseline_counts_copies(tmp_path: Path) -> None:
    """Two identical unregistered sentences need two entries: one hides one."""
    registry = _project(tmp_path)
    base = tmp_path / "base.json"
    _baseline(registry, base)
    code, document = _with_baseline(registry, base, "--fail-on", "warning")
    assert code == 0 and document["findings"] == []  # the twin: nothing new
    known = document["baseline"]["known"]
    assert known >= 1
    again = BUS_PAGE + "\n## Later\n\nRidership reached 9 million in 2024.\n"
    (tmp_path / "page.md").write_text(again, encoding="utf-8")
    code, document = _with_baseline(registry, base, "--fail-on", "warning")
    assert code == 1 and [f["code"] for f in document["findings"]] == ["P001"]
    assert document["findings"][0]["location"]["line"] == 11
    assert document["baseline"] == {"known": known, "fixed": 0}


def test_a_baseline_of_another_registry_is_refused(tmp_path: Path) -> None:
    registry, base = _baselined(tmp_path)
    assert json.loads(base.read_text(encoding="utf-8"))["registry"] == "claims.yaml"
    other = tmp_path / "other"
    other.mkdir()
    elsewhere = _project(other, WRONG)
    result = runner.invoke(app, ["verify", str(elsewhere), *TODAY, "--baseline", str(base)])
    assert result.exit_code == 2
    assert "the baseline is of registry `claims.yaml`, not `other/claims.yaml`" in result.stderr
    # The twin: the same registry named from another folder is the same registry.
    code, document = _with_baseline(Path(os.path.relpath(registry)), base)
    assert code == 0 and document["findings"] == []


def test_findings_not_checked_are_not_fixed(tmp_path: Path) -> None:
    registry, base = _baselined(tmp_path)
    _, document = _with_baseline(registry, base, "--select", "S")
    # Neither known nor fixed: not looked at, and said so (K5).
    assert document["baseline"] == {"known": 0, "fixed": 0, "unchecked": 2}
    registry.write_text(BUSES, encoding="utf-8")  # the twin: C001 checked and gone
    _, document = _with_baseline(registry, base, "--select", "C")
    assert document["baseline"] == {"known": 0, "fixed": 1, "unchecked": 1}


def test_a_version_1_baseline_is_refused_with_how_to_remake_it(tmp_path: Path) -> None:
    registry = _project(tmp_path)
    old = tmp_path / "old.json"
    old.write_text(
        json.dumps({"baseline_version": 1, "tool_version": "0.1", "findings": []}),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["verify", str(registry), *TODAY, "--baseline", str(old)])
    assert result.exit_code == 2 and "a baseline of version 1" in result.stderr
    assert "claimcheck baseline" in result.stderr and len(result.stderr.splitlines()) == 1


def _crashing(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    import claimcheck.checks as checks
    import claimcheck.checks.staleness as staleness

    def boom(*_: object) -> list[Finding]:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(staleness, "CHECK", dataclasses.replace(staleness.CHECK, run=boom))
    checks.all_checks.cache_clear()


@pytest.fixture
def crashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from claimcheck.checks import all_checks

    _crashing(monkeypatch)
    yield
    monkeypatch.undo()
    all_checks.cache_clear()


@pytest.mark.usefixtures("crashing")
def test_the_runs_own_findings_are_never_known(tmp_path: Path) -> None:
    """A report (or a hand-edited baseline) that lists X001 or L008 does not hide them."""
    registry = _project(tmp_path)
    report = tmp_path / "report.json"
    written = runner.invoke(app, ["verify", str(registry), *TODAY, "-f", "json", "-o", str(report)])
    assert written.exit_code == 1 and '"X001"' in report.read_text(encoding="utf-8")
    assert "X001" not in read_baseline(report, registry).codes.values()
    code, document = _with_baseline(registry, report)
    assert code == 1 and [f["code"] for f in document["findings"]] == ["X001"]
    base = tmp_path / "base.json"
    # `baseline` writes nothing while a check crashes (exit 1): the file it would write, made
    # from the report's findings, with X001 and L008 entries added by hand.
    from claimcheck.baseline import baseline_text
    from claimcheck.render.json_read import read_run

    refused = runner.invoke(app, ["baseline", str(registry), *TODAY, "-o", str(base)])
    assert refused.exit_code == 1 and not base.exists()
    found = read_run(report).report.findings
    base.write_text(baseline_text(found, registry=registry, written_to=base), encoding="utf-8")
    data = json.loads(base.read_text(encoding="utf-8"))
    fingerprint = Finding(X001, "x").fingerprint()
    data["findings"] += [
        {"fingerprint": fingerprint, "code": code_, "claim": None, "source": None, "message": "x"}
        for code_ in ("X001", "L008")
    ]
    base.write_text(json.dumps(data), encoding="utf-8")
    assert "X001" not in read_baseline(base).codes.values()
    code, document = _with_baseline(registry, base)
    assert code == 1 and [f["code"] for f in document["findings"]] == ["X001"]


def test_a_report_without_the_runs_findings_hides_what_it_lists(tmp_path: Path) -> None:
    """The twin: with no crash, the report hides its findings and the run passes."""
    registry = _project(tmp_path, WRONG)
    report = tmp_path / "report.json"
    runner.invoke(app, ["verify", str(registry), *TODAY, "-f", "json", "-o", str(report)])
    code, document = _with_baseline(registry, report, "--fail-on", "warning")
    assert code == 0 and document["findings"] == []
