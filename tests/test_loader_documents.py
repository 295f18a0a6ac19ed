"""A registry of two YAML documents is said to be so (review 18, item 12a).

Planted: a registry followed by `---` and a second document (`version: 2`), or after
`...`: `verify` and `add` said "the top level is a list, not a mapping" at 1:1, which the
user never wrote. Now both say a second document starts at line N, located there. Clean
twins: one document opened by `---` (and closed by `...`) loads as before, and a top level
that really is a list is still said to be one. Subjects: glaciers, a football club.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()

GLACIERS = """\
version: 1
page: {title: Glacier retreat}
sources:
  - id: glamos
    title: GLAMOS mass balance
    url: https://www.glamos.ch/en/
claims: []
"""
ROVERS = "---\nversion: 1\npage:\n  title: Rovers' season\nsources: []\nclaims: []\n"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (GLACIERS + "---\nversion: 2\n", 8),
        (ROVERS + "---\nversion: 2\nclaims: []\n", 7),
        (GLACIERS + "...\n---\n# the next season\nversion: 1\n", 9),
    ],
    ids=["glaciers", "rovers", "after ..."],
)
@pytest.mark.parametrize("command", ["verify", "add"])
def test_a_second_document_is_named_at_its_line(
    tmp_path: Path, text: str, line: int, command: str
) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(text, encoding="utf-8")
    args = (
        ["verify", str(registry), "--offline"]
        if command == "verify"
        else ["add", "source", "--id", "wgms", "--title", "WGMS", "-r", str(registry)]
    )
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    (said,) = result.stderr.strip().splitlines()
    assert said.startswith(
        f"claimcheck: {registry}:{line}:1: error: a second YAML document starts at line {line}"
    ), said
    assert "list" not in said
    assert registry.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("text", [GLACIERS, ROVERS, ROVERS + "...\n"])
def test_one_document_loads(tmp_path: Path, text: str) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["verify", str(registry), "--offline", "--select", "R"])
    assert result.exit_code == 0, result.stderr


def test_a_list_is_still_a_list(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text("- id: glamos\n  title: GLAMOS\n", encoding="utf-8")
    result = runner.invoke(app, ["verify", str(registry), "--offline"])
    assert result.exit_code == 2 and "the top level is a list, not a mapping" in result.stderr
