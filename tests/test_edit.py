"""init and add: a starter that verifies clean, and additions that keep every other byte."""

from __future__ import annotations

import difflib
from pathlib import Path

from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry

runner = CliRunner()


def test_init_writes_a_commented_registry_that_verifies(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    assert runner.invoke(app, ["init", str(path), "--title", "Page: a title"]).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.count("#") > 5 and "title: 'Page: a title'" in text
    assert runner.invoke(app, ["verify", str(path), "--offline"]).exit_code == 0
    again = runner.invoke(app, ["init", str(path)])
    assert again.exit_code == 2 and "--force" in again.stderr


def test_add_keeps_the_rest_of_the_file_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    runner.invoke(app, ["init", str(path)])
    original = path.read_text(encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "add",
            "source",
            "--id",
            "second",
            "--title",
            "Second",
            "--kind",
            "news",
            "--url",
            "https://example.org/2",
            "-r",
            str(path),
        ],
    )
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(
        app,
        [
            "add",
            "claim",
            "--id",
            "c2",
            "--text",
            "12 cases.",
            "--kind",
            "figure",
            "--value",
            "12",
            "--mention",
            "12 cases",
            "--cite",
            "second",
            "-r",
            str(path),
        ],
    )
    assert result.exit_code == 0, result.stderr
    updated = path.read_text(encoding="utf-8")
    matcher = difflib.SequenceMatcher(None, original.splitlines(True), updated.splitlines(True))
    assert {op for op, *_ in matcher.get_opcodes()} == {"equal", "insert"}  # only insertions
    registry = load_registry(path).registry
    assert [c.id for c in registry.claims] == ["example_figure", "c2"]
    assert registry.claims[1].citations[0].source == "second"


def test_add_refuses_a_used_id_and_a_bad_entry(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    runner.invoke(app, ["init", str(path)])
    before = path.read_text(encoding="utf-8")
    used = runner.invoke(
        app,
        [
            "add",
            "claim",
            "--id",
            "example_figure",
            "--text",
            "t",
            "--kind",
            "fact",
            "-r",
            str(path),
        ],
    )
    assert used.exit_code == 2 and "already used" in used.stderr
    bad = runner.invoke(
        app, ["add", "claim", "--id", "Bad-Id", "--text", "t", "--kind", "fact", "-r", str(path)]
    )
    assert bad.exit_code == 2
    assert path.read_text(encoding="utf-8") == before
