"""An error about what was imported or added names the CSL item and field, or the flag,
never a place in text the user never wrote (review 18, item 8).

Planted: a lone surrogate (`\\ud800` alone in JSON; a byte that is not UTF-8 on the command
line) in a CSL item's title, note or author, and in `add --text` / `--mention`: it was
reported as `h.json:4:12: ... [R001 yaml-syntax] (Fix the YAML ...)`, a line of the YAML
written from it, in a one-line file. Now one line at the item's field in the CSL file
(or naming the flag), saying what the character is; nothing written. Clean twins: a
surrogate pair (an emoji, `\\ud83c\\udfd4`) and accented text are imported and added as
given. Subjects: glaciers, hospital waiting lists.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry

runner = CliRunner()

WAITS = "version: 1\npage:\n  title: Hospital waiting lists\nsources: []\nclaims: []\n"


def _place(text: str, field: str) -> str:
    """Where the field's key is in the CSL text: `line:column`, 1-based."""
    at = text.rindex(f'"{field}"')
    return f"{text.count(chr(10), 0, at) + 1}:{at - (text.rfind(chr(10), 0, at) + 1) + 1}"


@pytest.mark.parametrize(
    ("csl", "field"),
    [
        ('[{"id":"rtt","title":"Waiting times \\ud800 2025"}]', "title"),
        (
            '[\n {"id": "glamos", "title": "GLAMOS"},\n'
            ' {"id": "wgms", "title": "WGMS", "note": "provisional \\udcff"}\n]\n',
            "note",
        ),
        (
            '[\n {"id": "wgms", "title": "WGMS bulletin",\n'
            '  "author": [{"literal": "World Glacier \\udfff Service"}]}\n]\n',
            "author",
        ),
    ],
    ids=["one-line title", "note", "author"],
)
def test_a_lone_surrogate_is_named_at_its_item_and_field(
    tmp_path: Path, csl: str, field: str
) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(WAITS, encoding="utf-8")
    refs = tmp_path / "h.json"
    refs.write_text(csl, encoding="utf-8")
    result = runner.invoke(app, ["import-sources", str(refs), "-r", str(registry)])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"claimcheck: {refs}:{_place(csl, field)}: error: item "), line
    assert f"`{field}`: it holds '\\u" in line and "a lone surrogate" in line
    assert "YAML" not in line and "R001" not in line and "nothing was imported" in line
    assert registry.read_text(encoding="utf-8") == WAITS


def test_the_clean_twins_are_imported_as_given(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(WAITS, encoding="utf-8")
    refs = tmp_path / "h.json"
    refs.write_text(
        '[{"id": "glamos", "title": "Glaciers \\ud83c\\udfd4 of the Rh\\u00f4ne",'
        ' "note": "provisional", "author": [{"literal": "Ren\\u00e9e Dupont"}]}]',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import-sources", str(refs), "-r", str(registry)])
    assert result.exit_code == 0, result.stderr
    (source,) = load_registry(registry).registry.sources
    assert source.title == "Glaciers \U0001f3d4 of the Rh\u00f4ne"
    assert source.author == "Ren\u00e9e Dupont"


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--text", "7.42 million \udcff waited."], "--text"),
        (["--text", "The glacier lost ice.", "--mention", "lost", "--mention", "ice \udc80"],
         "--mention"),
    ],
)  # fmt: skip
def test_add_names_the_flag(tmp_path: Path, args: list[str], flag: str) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(WAITS, encoding="utf-8")
    result = runner.invoke(
        app, ["add", "claim", "--id", "c", "--kind", "fact", *args, "-r", str(registry)]
    )
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"claimcheck: error: {flag} '"), line
    assert "a lone surrogate" in line and "YAML" not in line
    assert registry.read_text(encoding="utf-8") == WAITS
    # The clean twin: the same claim in characters.
    clean = [a.replace("\udcff", "\u00e9").replace("\udc80", "\u00e9") for a in args]
    result = runner.invoke(
        app, ["add", "claim", "--id", "c", "--kind", "fact", *clean, "-r", str(registry)]
    )
    assert result.exit_code == 0, result.stderr
