"""The plain layout (render/layout.py) wraps as rich does, for any text: it replaced rich's
Console in the terminal report and `list` for speed, and must not change what is printed."""

from __future__ import annotations

import io
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from claimcheck.render.layout import styled, table, wrap

WORDS = st.lists(
    st.one_of(
        st.sampled_from(["a", "the", "figure", "102,878", "  ", "\n", "—", "数字", "très"]),
        st.text(alphabet="abcdefghij 漢字é", min_size=1, max_size=40),
    ),
    max_size=40,
).map("".join)


def _rich(text: str, width: int, indent: int) -> list[str]:
    console = Console(
        file=io.StringIO(), width=width, color_system=None, highlight=False, emoji=False,
        markup=False, legacy_windows=False,
    )  # fmt: skip
    # As the terminal report prints: a message indented, a heading not.
    console.print(Padding(Text(text), (0, 0, 0, indent), expand=False) if indent else Text(text))
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    return [line.rstrip() for line in printed.split("\n")][:-1]


@settings(max_examples=300, deadline=None)
@given(WORDS, st.integers(min_value=8, max_value=100), st.sampled_from([0, 2, 6]))
def test_wrapping_is_riches(text: str, width: int, indent: int) -> None:
    assert wrap([(text, "")], width, indent) == _rich(text, width, indent)


def test_colour_styles_each_span_and_each_wrapped_piece() -> None:
    lines = wrap([("error", "bold red"), (" S001 unsourced claim", "")], 12, color=True)
    assert lines[0].startswith("\x1b[1;31merror\x1b[0m")
    assert "\x1b" not in "".join(wrap([("error", "bold red")], 12))
    assert styled("", "bold", True) == ""


def test_a_table_fits_its_width_with_wide_characters() -> None:
    rows = [("c1", "数字" * 30), ("c2", "short")]
    lines = table(("id", "text"), rows, 40)
    from rich.cells import cell_len

    assert {cell_len(line) for line in lines} == {cell_len(lines[0])} and cell_len(lines[0]) <= 40
    assert "".join(lines).count("数") == 30  # nothing cut, only folded


def _reference_table(
    headers: tuple[str, ...], rows: Sequence[tuple[str, ...]], width: int, color: bool
) -> list[str]:
    """The table as first written, a cell measured wherever it was needed: `table` now
    measures each cell once and draws a one-line row directly (issue 18), and must print
    exactly what this did."""
    from claimcheck.render.layout import _cells as cells
    from claimcheck.render.layout import _fit

    columns = len(headers)
    natural = [cells(h) for h in headers]
    least = [max((cells(w) for w in h.split()), default=1) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            size = cells(cell)
            natural[i] = max(natural[i], size)
            if size > least[i]:
                longest = max((cells(w) for w in cell.split()), default=0)
                least[i] = max(least[i], min(longest, 20))
    widths = _fit(natural, least, width - (3 * columns + 1))

    def draw(row: tuple[str, ...], style: str, bar: str) -> list[str]:
        wrapped = [
            [cell] if "\n" not in cell and cells(cell) <= w else wrap([(cell, style)], w) or [""]
            for cell, w in zip(row, widths, strict=True)
        ]
        out = []
        for n in range(max(len(lines) for lines in wrapped)):
            parts = []
            for lines, w in zip(wrapped, widths, strict=True):
                text = lines[n] if n < len(lines) else ""
                parts.append(" " + styled(text, style, color) + " " * (w - cells(text) + 1))
            out.append(bar + bar.join(parts) + bar)
        return out

    out = [
        "┏" + "┳".join("━" * (w + 2) for w in widths) + "┓",
        *draw(headers, "bold", "┃"),
        "┡" + "╇".join("━" * (w + 2) for w in widths) + "┩",
    ]
    for row in rows:
        out.extend(draw(row, "", "│"))
    out.append("└" + "┴".join("─" * (w + 2) for w in widths) + "┘")
    return out


CELLS = st.one_of(WORDS, st.sampled_from(["", "claim_1", "ok", "1,000 offences in 2024."]))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(CELLS, CELLS, CELLS), max_size=8),
    st.integers(min_value=12, max_value=120),
    st.booleans(),
)
def test_a_table_prints_what_the_reference_printed(
    rows: list[tuple[str, str, str]], width: int, color: bool
) -> None:
    headers = ("id", "a long heading", "text")
    assert table(headers, rows, width, color) == _reference_table(headers, rows, width, color)
