"""Text laid out for a terminal without a console object per line: styled spans, wrapped to a
width as rich wraps them (its own line breaker and cell widths, so wide characters count two
cells), and ANSI colour only when asked for.

rich's Console costs a layout pass per `print` (375,000 terminal-size lookups for a 100k-claim
report, 6.5 s where the JSON took 2.4); the reports here are lines of styled words, which need
its wrapping rules and cell widths, not its renderables.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from rich._wrap import divide_line
from rich.cells import cell_len

#: The SGR codes of the styles used (rich's "standard" colour system writes the same).
_SGR = {"bold": "1", "dim": "2", "italic": "3", "red": "31", "green": "32", "yellow": "33"}
_SGR["cyan"] = "36"

#: A run of text and its style ("" for none), e.g. ("error", "bold red").
Span = tuple[str, str]


def _cells(text: str) -> int:
    """Cells the text takes: its length when it is ASCII (most cells), else rich's count."""
    return len(text) if text.isascii() else cell_len(text)


def styled(text: str, style: str, color: bool) -> str:
    """`text` in `style` when colour is on (nothing added around empty text)."""
    if not color or not style or not text:
        return text
    return f"\x1b[{';'.join(_SGR[word] for word in style.split())}m{text}\x1b[0m"


def wrap(spans: Sequence[Span], width: int, indent: int = 0, color: bool = False) -> list[str]:
    """The spans as lines of at most `width` cells, each line starting with `indent` spaces
    (wrapped at `width - indent`), broken where rich breaks them: between words, a word longer
    than a line folded; trailing spaces dropped."""
    text = "".join(part for part, _ in spans)
    if indent and not text.strip("\n"):
        return []  # as rich prints an indented (padded) text of no characters but newlines
    room = max(1, width - indent)
    pad = " " * indent
    out: list[str] = []
    at = 0  # where each source line starts in `text`
    for line in text.split("\n"):
        if _cells(line) <= room:
            breaks = [0, len(line)]
        else:
            breaks = [0, *divide_line(line, room, fold=True), len(line)]
        for start, end in itertools.pairwise(breaks):
            if color:
                piece = _cut(spans, at + start, at + end).rstrip()
            else:
                piece = text[at + start : at + end].rstrip()
            out.append(pad + piece if piece else "")
        at += len(line) + 1
    return out


def _cut(spans: Sequence[Span], start: int, end: int) -> str:
    """The text between two offsets of the joined spans, each part in its colour."""
    out = []
    at = 0
    for part, style in spans:
        lo, hi = max(start, at), min(end, at + len(part))
        if lo < hi:
            out.append(styled(part[lo - at : hi - at], style, True))
        at += len(part)
    return "".join(out)


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], width: int, color: bool = False
) -> list[str]:
    """A boxed table as rich draws one (heavy head, light body), each column as wide as its
    widest cell, the widest columns narrowed in turn (their cells wrapped) until the table fits
    `width`, never below its longest word."""
    columns = len(headers)
    natural = [_cells(h) for h in headers]
    least = [max((_cells(w) for w in h.split()), default=1) for h in headers]
    # Each cell measured once (a 100k-row listing has 600k cells): the sizes serve the widths
    # here and the padding in `_row`.
    sizes: list[list[int]] = []
    plain: list[bool] = []  # ASCII with no line break: a cell's width is its length
    for row in rows:
        joined = "".join(row)
        simple = joined.isascii() and "\n" not in joined
        plain.append(simple)
        sizes.append(list(map(len, row)) if simple else [_cells(c) for c in row])
    for row_sizes in sizes:
        for i, size in enumerate(row_sizes):
            if size > natural[i]:
                natural[i] = size
    room = width - (3 * columns + 1)
    if sum(natural) > room:  # only a table too wide is narrowed, down to its longest words
        for i in range(columns):
            words = " ".join(row[i] for row in rows).split()
            longest = max(map(_cells, words), default=0)
            least[i] = max(least[i], min(longest, 20))
    widths = _fit(natural, least, room)
    out = [
        "┏" + "┳".join("━" * (w + 2) for w in widths) + "┓",
        *_row(headers, [_cells(h) for h in headers], widths, color, "bold", "┃"),
        "┡" + "╇".join("━" * (w + 2) for w in widths) + "┩",
    ]
    for row, row_sizes, simple in zip(rows, sizes, plain, strict=True):
        if simple and all(map(int.__le__, row_sizes, widths)):  # one line, padded as `_row` does
            out.append("│ " + " │ ".join(map(str.ljust, row, widths)) + " │")
        else:
            out.extend(_row(row, row_sizes, widths, color, "", "│"))
    out.append("└" + "┴".join("─" * (w + 2) for w in widths) + "┘")
    return out


def _fit(natural: list[int], least: list[int], room: int) -> list[int]:
    """Column widths that fit `room`: the widest narrowed one cell at a time."""
    widths = list(natural)
    excess = sum(widths) - room
    while excess > 0:
        shrinkable = [i for i, w in enumerate(widths) if w > least[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        others = [widths[i] for i in shrinkable if i != widest]
        step = min(excess, widths[widest] - max(least[widest], max(others, default=0)) or 1)
        widths[widest] -= step
        excess -= step
    return widths


def _row(
    cells: Sequence[str],
    sizes: Sequence[int],
    widths: Sequence[int],
    color: bool,
    style: str,
    bar: str,
) -> list[str]:
    """One row's lines, each cell wrapped to its column's width; `sizes` are the cells'
    widths in cells (`_cells`)."""
    if "\n" not in "".join(cells):
        for size, width in zip(sizes, widths, strict=True):
            if size > width:
                break
        else:  # the common row: one line, no cell wrapped
            plain = not (color and style)
            return [
                bar
                + bar.join(
                    [
                        " "
                        + (cell if plain else styled(cell, style, color))
                        + " " * (width - size + 1)
                        for cell, size, width in zip(cells, sizes, widths, strict=True)
                    ]
                )
                + bar
            ]
    wrapped = [
        [cell] if "\n" not in cell and size <= width else wrap([(cell, style)], width) or [""]
        for cell, size, width in zip(cells, sizes, widths, strict=True)
    ]
    height = max(len(lines) for lines in wrapped)
    out = []
    for n in range(height):
        parts = []
        for lines, width in zip(wrapped, widths, strict=True):
            text = lines[n] if n < len(lines) else ""
            parts.append(" " + styled(text, style, color) + " " * (width - _cells(text) + 1))
        out.append(bar + bar.join(parts) + bar)
    return out
