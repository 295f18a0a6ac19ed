"""The plain layout (render/layout.py) wraps as rich does, for any text: it replaced rich's
Console in the terminal report and `list` for speed, and must not change what is printed."""

from __future__ import annotations

import io

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
