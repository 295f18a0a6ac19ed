"""--changed-only: findings of the claims and sources edited since a git ref."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from claimcheck.changes import Change
from claimcheck.cli import app
from claimcheck.engine import run_checks
from claimcheck.findings import Report
from claimcheck.loader import load_registry
from tests.conftest import DATA

runner = CliRunner()


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "HOME": str(cwd),
            "PATH": "/usr/bin:/bin",
        },
    )


def committed_registry(tmp_path: Path) -> Path:
    """The golden registry, committed to a new repository."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        (DATA / "registries" / "golden.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "claims.yaml")
    git(tmp_path, "commit", "-qm", "start")
    return registry


def test_only_edited_claims_are_reported(tmp_path: Path) -> None:
    registry = committed_registry(tmp_path)
    text = registry.read_text(encoding="utf-8").replace("value: 1200", "value: 1250")
    registry.write_text(text, encoding="utf-8")
    args = [
        "verify",
        str(registry),
        "--today",
        "2026-11-24",
        "-f",
        "json",
        "--changed-only",
        "HEAD",
    ]
    document = json.loads(runner.invoke(app, args).stdout)
    # The changed claim's findings, and those of the source it cites (`relay`).
    assert {f["claim"] or f["source"] for f in document["findings"]} == {"review_cases", "relay"}
    assert [c["id"] for c in document["claims"]] == ["review_cases"]
    bad = runner.invoke(app, [*args[:-1], "no-such-ref"])
    assert bad.exit_code == 2 and "--changed-only no-such-ref" in bad.stderr


def test_a_ref_that_git_would_read_as_an_option_is_refused(tmp_path: Path) -> None:
    registry = committed_registry(tmp_path)
    written = tmp_path / "written.txt"
    result = runner.invoke(
        app, ["verify", str(registry), f"--changed-only=--output={written}", "--offline"]
    )
    assert result.exit_code == 2 and "is not a git ref" in result.stderr
    assert not written.exists(), "git ran the ref as an option"


def test_a_ref_that_empties_the_diff_says_so(tmp_path: Path) -> None:
    """HEAD with a clean tree leaves nothing changed: no claim's rules run, no finding shown,
    and never silently."""
    registry = committed_registry(tmp_path)
    args = ["verify", str(registry), "--today", "2026-11-24", "-f", "json", "--changed-only"]
    full = json.loads(runner.invoke(app, args[:-1]).stdout)
    assert full["findings"]
    result = runner.invoke(app, [*args, "HEAD"])
    assert json.loads(result.stdout)["findings"] == [] and result.exit_code == 0
    claims, sources = full["summary"]["claims"], full["summary"]["sources"]
    assert (
        "--changed-only HEAD: the registry has not changed against it; the rules of "
        f"{claims} unchanged claims and {sources} unchanged sources not run"
    ) in result.stderr
    # The twin with an edit: the note counts what it left out.
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("value: 1200", "value: 1250"),
        encoding="utf-8",
    )
    result = runner.invoke(app, [*args, "HEAD"])
    shown = len(json.loads(result.stdout)["findings"])
    assert 0 < shown < len(full["findings"])
    assert f"the rules of {claims - 1} unchanged claims" in result.stderr


def test_only_the_links_the_change_touches_are_checked(tmp_path: Path) -> None:
    """A one-claim change checks the link of the source it cites, not the registry's others;
    a change that touches no source checks none (a real server on loopback counts)."""
    from tests.linkserver import serve

    with serve() as server:
        sources = "".join(
            f"  - id: s{i}\n    title: Source {i}\n    kind: report\n"
            f"    url: {server.url(f'/ok?n={i}')}\n"
            for i in range(5)
        )
        claims = "".join(
            f"  - id: c{i}\n    text: Claim {i}.\n    kind: fact\n"
            f"    citations: [{{source: s{i}}}]\n"
            for i in range(5)
        )
        registry = tmp_path / "claims.yaml"
        registry.write_text(f"version: 1\nsources:\n{sources}claims:\n{claims}", encoding="utf-8")
        git(tmp_path, "init", "-q")
        git(tmp_path, "add", "claims.yaml")
        git(tmp_path, "commit", "-qm", "start")
        args = ["verify", str(registry), "--today", "2026-11-24", "-f", "json", "--no-cache"]
        args += ["--online", "--allow-private", "--changed-only", "HEAD"]

        result = runner.invoke(app, args)  # nothing changed: no link checked
        assert result.exit_code == 0, result.stderr
        assert server.stats.requests("/ok") == 0

        registry.write_text(
            registry.read_text(encoding="utf-8").replace("Claim 3.", "Claim three."),
            encoding="utf-8",
        )
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.stderr
        document = json.loads(result.stdout)
        assert [c["id"] for c in document["claims"]] == ["c3"], result.stdout
        assert server.stats.requests("/ok") == 1  # s3's link, once


PARTS = """\
version: 1
claims:
  - id: part_a
    text: 40 cases in the north.
    kind: figure
    value: 40
  - id: part_b
    text: 60 cases in the south.
    kind: figure
    value: 60
  - id: total
    text: 100 cases in all.
    kind: figure
    value: 100
  - id: half
    text: 50 cases, half of them.
    kind: figure
    value: 50
    derived: total / 2
  - id: quarter
    text: 25 cases, a quarter.
    kind: figure
    value: 25
    derived: half / 2
constraints:
  - id: parts_fit
    expr: part_a + part_b == total
"""


def test_a_change_that_breaks_a_relation_to_unchanged_claims_is_reported(tmp_path: Path) -> None:
    """A constraint (C003) and derived claims (C006, to any depth) that the changed figure
    breaks are on unchanged lines, yet they are the change's doing: shown, and the run
    fails. Its twin, a change that keeps every relation, shows neither."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(PARTS, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "claims.yaml")
    git(tmp_path, "commit", "-qm", "start")
    args = ["verify", str(registry), "--offline", "-f", "json", "--changed-only", "HEAD"]

    registry.write_text(PARTS.replace("value: 100\n", "value: 110\n"), encoding="utf-8")
    result = runner.invoke(app, args)
    found = {(f["code"], f["claim"]) for f in json.loads(result.stdout)["findings"]}
    assert {("C003", None), ("C006", "half")} <= found, result.stdout
    assert result.exit_code == 1
    # Derived claims are reached to any depth: `quarter` is derived from `half`.
    loaded = load_registry(registry)
    assert {"total", "half", "quarter"} <= Change.of(loaded, registry, "HEAD").entries

    twin = PARTS.replace("value: 40\n", "value: 45\n").replace("value: 60\n", "value: 55\n")
    registry.write_text(twin, encoding="utf-8")
    result = runner.invoke(app, args)
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert not codes & {"C003", "C006"}, result.stdout


def test_claim_rules_run_on_the_changed_claims_only(tmp_path: Path) -> None:
    """With a scope, each claim's and source's own rules (C001, T002, S002, T003) run on the
    ids in it; without one, on all. The same errors are planted in both claims and sources."""
    entry = (
        "  - id: {0}\n    text: 1,200 cases.\n    kind: figure\n    value: 1200\n"
        "    mentions: ['1,300 cases']\n    review_by: 2025-01-01\n"
        "    citations: [{{source: src_{0}}}]\n"
    )
    source = "  - id: {0}\n    title: T\n    accessed: 2020-01-01\n"
    path = tmp_path / "claims.yaml"
    path.write_text(
        "version: 1\nsources:\n"
        + source.format("src_changed")
        + source.format("src_kept")
        + "claims:\n"
        + entry.format("changed")
        + entry.format("kept"),
        encoding="utf-8",
    )
    loaded = load_registry(path)
    everything = run_checks(loaded, today=date(2026, 12, 1))
    scoped = run_checks(
        loaded, today=date(2026, 12, 1), scope=frozenset({"changed", "src_changed"})
    )

    def about(report: Report, name: str) -> set[str]:
        return {f.code for f in report.findings if name in (f.claim, f.source)}

    planted = {"C001", "T002"}
    assert planted <= about(everything, "kept") and planted <= about(everything, "changed")
    assert about(scoped, "changed") == about(everything, "changed")
    assert about(scoped, "src_changed") == about(everything, "src_changed") >= {"S002", "T003"}
    assert about(scoped, "kept") == set() and about(scoped, "src_kept") == set()
