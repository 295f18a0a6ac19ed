"""--changed-only: findings of the claims and sources edited since a git ref."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from claimcheck.cli import app
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
    """HEAD with a clean tree leaves nothing changed: every finding left out, never silently."""
    registry = committed_registry(tmp_path)
    args = ["verify", str(registry), "--today", "2026-11-24", "-f", "json", "--changed-only"]
    everything = json.loads(runner.invoke(app, args[:-1]).stdout)["findings"]
    result = runner.invoke(app, [*args, "HEAD"])
    assert json.loads(result.stdout)["findings"] == [] and result.exit_code == 0
    assert (
        f"--changed-only HEAD: the registry has not changed against it; {len(everything)} "
        "findings on unchanged lines not shown"
    ) in result.stderr
    # The twin with an edit: the note counts what it left out.
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("value: 1200", "value: 1250"),
        encoding="utf-8",
    )
    result = runner.invoke(app, [*args, "HEAD"])
    shown = len(json.loads(result.stdout)["findings"])
    assert 0 < shown < len(everything)
    assert f"{len(everything) - shown} findings on unchanged claims" in result.stderr


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
