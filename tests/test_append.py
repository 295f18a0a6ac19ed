"""Appending (`add`, `extract --append`) on every registry shape: the new entry is loaded
after the others and no other line of the file changes."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry

runner = CliRunner()

HEAD = "version: 1\npage: {title: A page}\n"
SOURCE = "  - id: s1\n    title: First source\n"
CLAIM = "  - id: c1\n    text: One claim.\n    kind: fact\n"

#: name -> (registry text, the line replaced, if any)
SHAPES: dict[str, tuple[str, str | None]] = {
    "empty flow list": (HEAD + f"sources:\n{SOURCE}claims: []\n", "claims: []\n"),
    "empty list with a comment": (
        HEAD + f"sources:\n{SOURCE}claims: []   # none yet\nconstraints: []\n",
        "claims: []   # none yet\n",
    ),
    "no claims key": (HEAD + f"sources:\n{SOURCE}", None),
    "no claims key, constraints": (
        HEAD + f"sources:\n{SOURCE}\n# relations\nconstraints: []\n",
        None,
    ),
    "no final newline": (HEAD + f"sources:\n{SOURCE}claims:\n{CLAIM}".rstrip("\n"), None),
    "comments after the list": (
        HEAD + f"sources:\n{SOURCE}claims:\n{CLAIM}  # more to come\n\n# the end\n",
        None,
    ),
    "constraints after the last entry": (
        HEAD + f"sources:\n{SOURCE}claims:\n{CLAIM}constraints: []\n",
        None,
    ),
    "four spaces": (
        HEAD + "sources:\n    - id: s1\n      title: First source\nclaims:\n"
        "    - id: c1\n      text: One claim.\n      kind: fact\n",
        None,
    ),
    "dashes at column 0": (
        HEAD + "sources:\n- id: s1\n  title: First source\nclaims:\n"
        "- id: c1\n  text: One claim.\n  kind: fact\n",
        None,
    ),
}


def _check(path: Path, before: str, replaced: str | None, encoding: str = "utf-8") -> None:
    """Only insertions, but for the line `replaced` (a missing final newline is added)."""
    after = path.read_text(encoding=encoding)
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    changed = [old[i1:i2] for op, i1, i2, *_ in matcher.get_opcodes() if op != "equal"]
    wanted = [replaced.rstrip("\n")] if replaced else []
    assert [line for lines in changed for line in lines] == wanted


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_add_claim_appends_to_every_shape(tmp_path: Path, shape: str, newline: str) -> None:
    text, replaced = SHAPES[shape]
    path = tmp_path / "claims.yaml"
    bom = "\ufeff" if newline == "\r\n" else ""
    path.write_bytes((bom + text.replace("\n", newline)).encode("utf-8"))
    before = [c.id for c in load_registry(path).registry.claims]
    original = path.read_bytes()
    args = ["add", "claim", "--id", "c2", "--text", "12 cases.", "--kind", "figure"]
    result = runner.invoke(app, [*args, "--value", "12", "--cite", "s1", "-r", str(path)])
    assert result.exit_code == 0, result.stderr
    registry = load_registry(path).registry
    assert [c.id for c in registry.claims] == [*before, "c2"]
    assert registry.claims[-1].citations[0].source == "s1" and registry.sources[0].id == "s1"
    data = path.read_bytes()
    assert data.startswith(bom.encode("utf-8"))
    if newline == "\r\n":
        assert data.count(b"\n") == data.count(b"\r\n")
    _check(path, original.decode("utf-8-sig").replace("\r\n", "\n"), replaced, "utf-8-sig")
    again = runner.invoke(app, [*args, "-r", str(path)])
    assert again.exit_code == 2 and "already used" in again.stderr
    assert path.read_bytes() == data  # an id already used: nothing written


@pytest.mark.parametrize(
    ("text", "replaced"),
    [
        (HEAD + f"sources: []\nclaims:\n{CLAIM}", "sources: []\n"),
        (HEAD + f"claims:\n{CLAIM}", None),  # no sources key: added before claims
        (HEAD, None),
    ],
)
def test_add_source_appends_to_every_shape(tmp_path: Path, text: str, replaced: str | None) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    claims = [c.id for c in load_registry(path).registry.claims]
    args = ["add", "source", "--id", "s9", "--title", "New", "--url", "https://example.org/n"]
    result = runner.invoke(app, [*args, "-r", str(path)])
    assert result.exit_code == 0, result.stderr
    registry = load_registry(path).registry
    assert [s.id for s in registry.sources] == ["s9"]
    assert [c.id for c in registry.claims] == claims
    _check(path, text, replaced)
    updated = path.read_text(encoding="utf-8")
    if "claims:" in text:
        assert updated.index("sources:") < updated.index("claims:")


def test_extract_appends_to_an_empty_list(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    text = HEAD + "sources: []\nclaims: []\n"
    path.write_text(text, encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("The survey found 41% of parents were never told.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "-r", str(path), "--append"])
    assert result.exit_code == 0, result.stderr
    claims = load_registry(path).registry.claims
    assert len(claims) == 1 and "41%" in claims[0].text
    _check(path, text, "claims: []\n")


FLOW_SHAPES = {
    "one line": HEAD + "sources: [{id: s1, title: First source}]\n"
    "claims: [{id: a, text: t, kind: fact}]  # kept\n",
    "over lines": HEAD + "sources: [\n  {id: s1, title: First source},  # the first\n]\n"
    "claims: [\n  {id: a, text: t, kind: fact},\n  # more to come\n]\nconstraints: []\n",
}


@pytest.mark.parametrize("shape", FLOW_SHAPES)
def test_a_flow_style_list_grows_in_its_own_style(tmp_path: Path, shape: str) -> None:
    path = tmp_path / "claims.yaml"
    text = FLOW_SHAPES[shape]
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "add",
            "claim",
            "--id",
            "b",
            "--text",
            'T: "quoted".',
            "--kind",
            "fact",
            "--cite",
            "s1",
            "-r",
            str(path),
        ],
    )
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(
        app, ["add", "source", "--id", "s2", "--title", "Second", "-r", str(path)]
    )
    assert result.exit_code == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    registry = load_registry(path).registry
    assert [c.id for c in registry.claims] == ["a", "b"]
    assert registry.claims[1].text == 'T: "quoted".'
    assert [c.source for c in registry.claims[1].citations] == ["s1"]
    assert [s.id for s in registry.sources] == ["s1", "s2"]
    # Every character the user wrote is still there, comments included: only insertions.
    matcher = difflib.SequenceMatcher(None, text, after, autojunk=False)
    assert {op for op, *_ in matcher.get_opcodes()} == {"equal", "insert"}


def test_a_registry_in_flow_style_throughout_is_refused_with_what_to_write(
    tmp_path: Path,
) -> None:
    path = tmp_path / "claims.yaml"
    text = "{version: 1, page: {title: A}, claims: [{id: a, text: t, kind: fact}]}\n"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(
        app, ["add", "claim", "--id", "b", "--text", "T.", "--kind", "fact", "-r", str(path)]
    )
    assert result.exit_code == 2
    assert f"{path}:1:1" in result.stderr and "block mapping" in result.stderr
    assert "Traceback" not in result.output and path.read_text(encoding="utf-8") == text
