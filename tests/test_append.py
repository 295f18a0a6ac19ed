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
    registry = load_registry(path).registry
    assert len(registry.claims) == 1 and "41%" in registry.claims[0].text
    # The registry named no page: `--append` sets page.path in its `page:`'s own flow style
    # (review 18, item 12c), and says so; every other line but the list appended to is kept.
    assert registry.page is not None and registry.page.path == "page.txt"
    assert "page.path: page.txt" in result.stderr
    with_path = HEAD.replace("{title: A page}", '{title: A page, path: "page.txt"}')
    assert path.read_text(encoding="utf-8").startswith(with_path)
    _check(path, text.replace(HEAD, with_path), "claims: []\n")


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


# Where the last entry really ends: the YAML parser's marks, not the look of its lines. Each
# layout's last claim ends in a way a line scan misreads; its twin is the same text laid out
# plainly (a real comment, a plain value), and must append just as well.

LAST_CLAIMS: dict[str, str] = {
    "block | with a comment-looking line": (
        "    text: |\n      The leader said:\n      # 1 priority is schools\n"
    ),
    "twin: a real comment after a block |": (
        "    text: |\n      The leader said:\n# 1 priority is schools\n"
    ),
    "block |- ending in a comment-looking line": "    text: |-\n      A\n      # b\n",
    "block |+ keeping two blank lines": "    text: |+\n      The budget is set.\n\n\n",
    "twin: block | with blank lines after": "    text: |\n      The budget is set.\n\n\n",
    "block |+ then a real comment": "    text: |+\n      kept\n\n# notes\n",
    "block |+ with a last line of spaces": "    text: |+\n      a\n         \n",
    "block | with a last line of spaces": "    text: |\n      a\n         \n",
    "folded > with a comment-looking line": "    text: >\n      The budget\n      # is set\n\n",
    "folded >+ keeping a blank line": "    text: >+\n      The budget\n\n",
    "block |2 with an indentation indicator": "    text: |2\n        indented\n      # 3 of 4\n",
    "double-quoted over lines": '    text: "The leader\n      # said\n\n      - this"\n',
    "single-quoted over lines": "    text: 'a\n\n      # b'\n",
    "twin: a plain text": "    text: The leader said this.\n",
    "a comment on the last line": "    text: T  # the claim's comment\n",
    "a comment line inside the entry": "    text: T\n    # about c1\n",
    "a nested list's block quote": (
        "    text: T\n    citations:\n      - source: s1\n        quote: |\n          # 3 of 4\n"
    ),
    "twin: a nested list": "    text: T\n    citations:\n      - source: s1\n",
    "a flow mapping over lines": (
        '    text: T\n    review: {status: verified,\n      note: "x\n      # y"}\n'
    ),
}

#: What follows the list: nothing, another key, comments; the last without a final newline.
TAILS = {
    "end": "",
    "key": "constraints: []\n",
    "comment": "\n# the end\n",
    "no final newline": None,
}


def _parsed(path: Path) -> object:
    import yaml

    return yaml.safe_load(path.read_bytes().decode("utf-8-sig"))


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("tail", TAILS)
@pytest.mark.parametrize("layout", LAST_CLAIMS)
def test_appending_keeps_the_last_entry_whole(
    tmp_path: Path, layout: str, tail: str, newline: str
) -> None:
    text = HEAD + f"sources:\n{SOURCE}claims:\n  - id: c1\n    kind: fact\n" + LAST_CLAIMS[layout]
    end = TAILS[tail]
    text = text.rstrip("\n") if end is None else text + end
    path = tmp_path / "claims.yaml"
    final = text + "\n" if end is None else text
    path.write_bytes(final.replace("\n", newline).encode("utf-8"))
    # The data of the file with a final newline, which an append adds (a block scalar at the
    # end of a file reads one more line break with it, in parsers that follow the spec).
    before = _parsed(path)
    assert isinstance(before, dict)
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    args = ["add", "claim", "--id", "c2", "--text", "T2", "--kind", "fact", "-r", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    after = _parsed(path)
    new = {"id": "c2", "text": "T2", "kind": "fact", "mentions": [], "citations": []}
    assert after == {**before, "claims": [*before["claims"], new]}
    written = path.read_bytes().decode("utf-8")
    if newline == "\r\n":
        assert written.count("\n") == written.count("\r\n")
    # Only insertions (and a final newline where there was none).
    _check(path, text, None)


@pytest.mark.parametrize(
    ("last", "cut"),
    [
        ("    text: |\n      A\n      # b\n", "      # b"),  # a line of the text cut off
        ("    text: |+\n      A\n\n\n", "\n\n"),  # the line breaks `|+` keeps
        ("    text: >\n      A\n\n      # b\n", "      # b"),  # a folded text's paragraph
    ],
    ids=["block", "keep", "folded"],
)
def test_an_append_that_would_change_an_entry_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, last: str, cut: str
) -> None:
    """The check after the edit, planted: where the line scan used to put the new entry
    (before what looks like a comment or a blank line) changes the last entry; nothing is
    written."""
    from claimcheck.positions import NodePositions

    text = HEAD + "claims:\n  - id: c1\n    kind: fact\n" + last
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    at = text.index(cut, text.index("id: c1")) + (1 if cut.startswith("\n") else 0)
    monkeypatch.setattr(NodePositions, "list_end", lambda self, key: (at, 2))
    args = ["add", "claim", "--id", "c2", "--text", "T2", "--kind", "fact", "-r", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.stderr
    assert f"{path}:4:5: error: appending to `claims:`" in result.stderr
    assert "would change what is already written (at claims/0)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert path.read_text(encoding="utf-8") == text
    monkeypatch.undo()  # the twin: where the parser's marks put it
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    "text",
    [
        '---\nversion: 1\npage: {title: A}\n"sources":\n- id: s1\n  title: S\n'
        "'claims':   # the claims\n    -   id: c1\n        text: |\n          A\n\n"
        "        kind: fact\n\n# constraints follow\nconstraints: []\n...\n",
        "version: 1\npage: {title: A}\n'sources':\n- id: s1\n  title: S\n'claims': []  # none\n",
        "version: 1\npage: {title: A}\n'sources': []\n\"constraints\": []\n",
    ],
    ids=["quoted keys, block lists", "a quoted key's empty list", "no claims key"],
)
def test_quoted_keys_are_keys(tmp_path: Path, text: str) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    before = _parsed(path)
    assert isinstance(before, dict)
    claim = ["add", "claim", "--id", "c2", "--text", "T2", "--kind", "fact", "-r", str(path)]
    source = ["add", "source", "--id", "s2", "--title", "S2", "-r", str(path)]
    for args in (claim, source):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.stderr
    after = _parsed(path)
    assert isinstance(after, dict)
    assert after["claims"] == [*(before.get("claims") or []), after["claims"][-1]]
    assert after["sources"] == [*(before.get("sources") or []), after["sources"][-1]]
    assert after["claims"][-1]["id"] == "c2" and after["sources"][-1]["id"] == "s2"
    assert {k: v for k, v in after.items() if k not in ("claims", "sources")} == {
        k: v for k, v in before.items() if k not in ("claims", "sources")
    }


def test_an_invalid_new_entry_is_refused_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    text = HEAD + "claims:\n  - id: c1\n    text: T\n    kind: fact\n"
    path.write_text(text, encoding="utf-8")
    args = ["add", "claim", "--id", "c2", "--text", "T2", "--kind", "factoid", "-r", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    # Named by the flag that holds it (review 18, item 8): the entry was never written, so
    # no line of the file is its place.
    assert "error: --kind 'factoid': the new claim would not be valid" in result.stderr
    assert "got 'factoid'" in result.stderr and "nothing was written" in result.stderr
    assert f"{path}:" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert path.read_text(encoding="utf-8") == text
