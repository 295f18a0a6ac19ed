"""The language server's positions: code points to the client's code units and back, as
pygls's own counters give them, without counting a line again for every position (a
minified page is one line of 100 KB with a figure every few dozen characters: diagnostics
took minutes); and where a registry node's range ends, in block and in flow style."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pygls.workspace.position_codec import Utf8, Utf16, Utf32

from claimcheck.lsp import documents
from claimcheck.lsp.analysis import value_end
from claimcheck.lsp.documents import Text

COUNTERS = {"utf-8": Utf8(), "utf-16": Utf16(), "utf-32": Utf32()}

# Characters of every width: ASCII, two-byte, BMP, astral (two UTF-16 units), and breaks.
CHARS = st.sampled_from([*"ab1,. <>\n\r", "é", "€", "\u2028", "\U0001f389", "\U0001f4da"])


def _reference(line: str, column: int, encoding: str) -> int:
    return int(COUNTERS[encoding].num_units(line[:column]))


@settings(max_examples=200, deadline=None)
@given(st.lists(CHARS, max_size=60).map("".join), st.sampled_from(sorted(COUNTERS)))
def test_units_and_columns_are_pygls_own(source: str, encoding: str) -> None:
    text = Text(source)
    for line in range(text.line_count):
        body = text.line(line)
        for column in range(len(body) + 1):
            units = text.units(line, column, encoding)
            assert units == _reference(body, column, encoding)
            assert text.column(line, units, encoding) == column
        # A unit inside a character's units is the column after it, as the server read it.
        for units in range(_reference(body, len(body), encoding) + 2):
            column = 0
            counted = 0
            while column < len(body) and counted < units:
                counted += _reference(body[column], 1, encoding)
                column += 1
            assert text.column(line, units, encoding) == column


@pytest.mark.parametrize(
    "line",
    [
        "<p>" + " ".join(f"Site {i} had {i * 7:,} visits." for i in range(2000)) + "</p>",
        "\U0001f389 " + " ".join(f"Ward {i}: {i * 3:,} beds, \u20ac{i}m." for i in range(2000)),
    ],
)
def test_a_long_line_is_scanned_once_for_all_its_positions(
    line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    scanned: list[int] = []

    class Counting:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def finditer(self, string: str) -> object:
            scanned.append(len(string))
            return self.pattern.finditer(string)

    monkeypatch.setattr(documents, "_WIDE", {k: Counting(v) for k, v in documents._WIDE.items()})
    text = Text("# Title\n" + line + "\n")
    figures = [m.start() for m in re.finditer(r"\d[\d,]*", line)]
    assert len(figures) > 3000
    prefix = [0]  # the reference's units before each column, counted once
    for char in line:
        prefix.append(prefix[-1] + _reference(char, 1, "utf-16"))
    for column in figures:
        assert text.units(1, column, "utf-16") == prefix[column]
        assert text.column(1, prefix[column], "utf-16") == column
    assert scanned == [len(line)]


def test_a_reading_aligned_with_the_client_text_counts_the_clients_units() -> None:
    # The prose blanks a tag's emoji to one filler; the client has two units there.
    client = Text('<p><img alt="\U0001f389"> Visits: 312,000.</p>\n')
    prose = Text("    " + " " * len('img alt="\U0001f389">') + " Visits: 312,000.    \n")
    assert len(prose.source) == len(client.source)
    read = Text(prose.source, client)
    column = prose.source.index("312,000")
    assert read.units(0, column, "utf-16") == column + 1
    assert read.column(0, column + 1, "utf-16") == column
    assert Text(prose.source).units(0, column, "utf-16") == column  # its twin: no client
    # A client buffer with a BOM its reading dropped: the first line is one unit further.
    bom = Text("\ufeff" + prose.source, Text("\ufeff" + client.source))
    assert Text(prose.source, Text("\ufeff" + client.source)).units(0, column, "utf-16") == (
        column + 2
    )
    assert bom.units(0, column + 1, "utf-16") == column + 2


@pytest.mark.parametrize(
    ("registry", "value", "covered"),
    [
        ("claims:\n  - {id: a, kind: figgure, value: 1}\n", "figgure", "figgure"),
        ('claims:\n  - {id: a, kind: "fig, gure", value: 1}\n', '"fig', '"fig, gure"'),
        ("claims: [{id: a, kind: [figgure, x], value: 1}]\n", "[figgure", "[figgure, x]"),
        ("claims:\n  - {id: a,\n     kind: figgure, value: 1}\n", "figgure", "figgure"),
        ("claims:\n  - {id: a,\n     kind: figgure,\n     value: 1}\n", "figgure", "figgure"),
        ('{"version": 1, "claims": [{"id": "a", "kind": "figgure"}]}', '"figgure', '"figgure"'),
        # Block style, the twins: the value to the line's end, less a comment.
        ("claims:\n  - id: a\n    kind: figgure  # typo\n", "figgure", "figgure"),
        (
            "claims:\n  - id: a\n    text: 4,875 members, up 3% [est]\n",
            "4,875",
            "4,875 members, up 3% [est]",
        ),
        ("claims:\n  - id: a\n    text: 'it''s 4,875, up'\n", "'it", "'it''s 4,875, up'"),
    ],
)
def test_a_registry_nodes_range_ends_where_the_node_does(
    registry: str, value: str, covered: str
) -> None:
    text = Text(registry)
    start = registry.index(value)
    assert registry[start : value_end(text, start)] == covered
