"""Large registries are parsed list by list, a few hundred items at a time (issue 18): the
result is the whole parse's, to the last finding and location, or the whole parse is used."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck import loader
from claimcheck.errors import RegistryLoadError
from claimcheck.findings import NodePath
from claimcheck.loader import LoadedRegistry, parse_registry
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parent.parent
REGISTRIES = sorted(
    p for p in DATA.rglob("*.yaml") if "registries" in p.parts or p.name.startswith("claims")
)


def _whole(text: str) -> LoadedRegistry | str:
    """The registry as the whole parse reads it (or its error)."""
    chunked = loader._parse_in_chunks
    loader._parse_in_chunks = lambda _text: None  # type: ignore[assignment]
    try:
        return _load(text)
    finally:
        loader._parse_in_chunks = chunked


def _load(text: str) -> LoadedRegistry | str:
    try:
        return parse_registry(text, "r.yaml")
    except RegistryLoadError as exc:
        return f"{exc.message} {exc.line}:{exc.column} {exc.hint}"


def _paths(loaded: LoadedRegistry) -> Iterator[NodePath]:
    registry = loaded.registry
    yield ("version",)
    for key in ("sources", "claims", "constraints", "ignore"):
        for i, item in enumerate(getattr(registry, key)):
            yield (key, i)
            for name in item.__struct_fields__:
                yield (key, i, name)
    for i, claim in enumerate(registry.claims):
        for j in range(len(claim.mentions)):
            yield ("claims", i, "mentions", j)
        for j in range(len(claim.citations)):
            yield ("claims", i, "citations", j, "source")


def assert_same(text: str, *, chunked: bool | None = None) -> None:
    """Chunked or not, the registry, its findings and every location are the whole parse's;
    `chunked` says whether the chunked path must have been taken."""
    taken = loader._parse_in_chunks(text) is not None
    if chunked is not None:
        assert taken is chunked
    got, want = _load(text), _whole(text)
    if isinstance(want, str) or isinstance(got, str):
        assert got == want
        return
    assert got.registry == want.registry
    assert got.findings == want.findings
    assert got.invalid_ids == want.invalid_ids
    assert got.rows == want.rows
    for path in _paths(want):
        for at_key in (False, True):
            assert got.positions.locate(path, at_key=at_key) == want.positions.locate(
                path, at_key=at_key
            ), path
    assert got.positions.item_lines("claims") == want.positions.item_lines("claims")
    assert got.positions.list_end("claims") == want.positions.list_end("claims")


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of two items, so that every small registry is read in several."""
    monkeypatch.setattr(loader, "CHUNK_ITEMS", 2)


@pytest.mark.parametrize("path", REGISTRIES, ids=lambda p: str(p.relative_to(DATA)))
def test_every_bundled_registry_reads_as_the_whole_parse_does(path: Path) -> None:
    assert_same(path.read_text(encoding="utf-8"))


def test_the_bundled_registry_is_read_in_chunks() -> None:
    assert_same((ROOT / "claims.yaml").read_text(encoding="utf-8"), chunked=True)


def _claim(i: int, value: str = "12") -> str:
    return (
        f"  - id: c{i}\n"
        f"    text: Claim {i}\n"
        "    kind: figure\n"
        f"    value: {value}\n"
        "    period: 2024\n"
        "    mentions:\n"
        f'      - "Now {value.strip(chr(39))} things in 2024"\n'
    )


HEAD = "version: 1\nsources:\n  - id: s\n    title: S\n    kind: news\nclaims:\n"


@pytest.mark.parametrize(
    ("name", "text", "chunked"),
    [
        ("plain", HEAD + "".join(_claim(i) for i in range(5)), True),
        ("natural values", HEAD + "".join(_claim(i, "'8,300,000'") for i in range(5)), True),
        (
            "one natural value among plain ones",
            HEAD + _claim(0) + _claim(1) + _claim(2, "31%") + _claim(3),
            True,
        ),
        ("an unreadable value", HEAD + _claim(0) + _claim(1) + _claim(2, "lots"), False),
        (
            "an invalid item in a later chunk",
            HEAD + _claim(0) + _claim(1) + _claim(2, "[1]"),
            False,
        ),
        ("a duplicate key in an item", HEAD + _claim(0) + _claim(1) + "    kind: fact\n", False),
        ("a duplicate top-level key", HEAD + _claim(0) + "version: 1\n", False),
        ("an unknown top-level key", HEAD + _claim(0) + _claim(1) + "extra: 1\n", False),
        ("no version", HEAD.replace("version: 1\n", "") + _claim(0), False),
        (
            "a quoted text whose next line starts with a dash",
            HEAD + _claim(0) + "    notes: 'multi\n  - not an item'\n" + _claim(1),
            False,
        ),
        (
            "a double-quoted one",
            HEAD + _claim(0) + '    notes: "multi\n  - not an item"\n' + _claim(1),
            False,
        ),
        ("a block text under claims", "version: 1\nclaims: |\n  - a\n  - b\n", False),
        ("a flow list", "version: 1\nclaims: [{id: a, text: x, kind: fact}]\n", False),
        (
            "an anchor and alias",
            HEAD + _claim(0) + "    tags: &t [a]\n" + _claim(1) + "    tags: *t\n",
            False,
        ),
        ("a second document", HEAD + _claim(0) + "---\n" + HEAD + _claim(1), False),
        ("a document end", HEAD + _claim(0) + "...\n", False),
        ("a directive", "%YAML 1.2\n---\n" + HEAD + _claim(0), False),
        ("a directive after a comment", "# c\n%YAML 1.2\n---\n" + HEAD + _claim(0), False),
        ("ampersands and asterisks in text", HEAD + _claim(0) + "    notes: R&D, 5 * 3\n", True),
        ("a leading document marker", "---\n" + HEAD + _claim(0) + _claim(1), True),
        (
            "column-0 dashes",
            HEAD + "".join(_claim(i).replace("\n  ", "\n")[2:] for i in range(3)),
            True,
        ),
        (
            "comments between items",
            HEAD + _claim(0) + "# a comment\n  # another\n\n" + _claim(1) + "# trailing\n",
            True,
        ),
        (
            "a tab after a dash",
            HEAD + _claim(0) + "  -\tid: x\n    text: T\n    kind: fact\n",
            False,
        ),
        ("claims under a mapping", "version: 1\nclaims:\n  a:\n  - x\n", False),
        ("a top level that is a list", "- version: 1\n", False),
        ("an empty file", "", False),
        (
            "constraints and ignores",
            HEAD
            + _claim(0)
            + _claim(1)
            + "constraints:\n  - id: k\n    expr: c0 <= c1\n  - id: l\n    expr: c1 >= c0\n"
            + "ignore:\n  - text: in 2024\n    reason: a year\n",
            True,
        ),
        ("a bad source", HEAD.replace("kind: news", "kind: tabloid") + _claim(0), False),
    ],
)
def test_layouts_read_as_the_whole_parse_does(name: str, text: str, chunked: bool) -> None:
    assert_same(text, chunked=chunked)


_VALUES = st.sampled_from(["12", "'8,300,000'", "31%", "[1, 2]", "lots", "1.5", "'two'"])
_EXTRAS = st.sampled_from(
    [
        "",
        "    notes: 'multi\n  - line'\n",
        "    notes: |\n      - a\n      - b\n",
        "    tags: [a, b]\n",
        "    kind: fact\n",
        "# comment\n",
        "    citations:\n      - source: s\n      - source: missing\n",
        "    review: {status: verified, on: 2026-05-01}\n",
        "    date: 2024-13\n",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_VALUES, _EXTRAS), min_size=1, max_size=7))
def test_generated_registries_read_as_the_whole_parse_does(items: list[tuple[str, str]]) -> None:
    text = HEAD + "".join(_claim(i, value) + extra for i, (value, extra) in enumerate(items))
    assert_same(text)


def test_a_valid_registry_shape_is_kept_without_the_data() -> None:
    """The locator keeps the keys and list lengths, never the parsed tree."""
    loaded = _load(HEAD + _claim(0) + _claim(1) + _claim(2))
    assert isinstance(loaded, LoadedRegistry)
    shape: Any = loaded.positions._shape
    assert shape.keys == ("version", "sources", "claims")
    assert dict(shape.lengths) == {"sources": 1, "claims": 3}
    assert not hasattr(loaded.positions, "_data")


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab :#-'\"\n\t?")), max_size=40))
def test_top_keys_are_those_of_the_text_after_a_newline(text: str) -> None:
    """The scan reads the first line on its own instead of a copy of the text with a
    newline before it; what it finds is the same."""
    from claimcheck.positions import _TOP_KEY, top_keys

    want = [(m.start(1) - 1, m.group(1)) for m in _TOP_KEY.finditer("\n" + text)]
    assert top_keys(text) == want


@pytest.mark.parametrize("piece", [1, 7, 100, 101, 2**20])
@pytest.mark.parametrize("at", [0, 5, 95, 99, 100, 101, 150])
def test_long_numbers_are_found_across_pieces(
    piece: int, at: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick look reads the text in overlapping pieces: a number across two is found."""
    monkeypatch.setattr(loader, "_PIECE", piece)
    text = "version: 1\nnote: " + "x" * at + "\nvalue: " + "1" * (loader.MAX_DIGITS + 1) + "\n"
    with pytest.raises(RegistryLoadError, match="digits"):
        parse_registry(text, "r.yaml")
