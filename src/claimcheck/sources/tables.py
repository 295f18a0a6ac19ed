"""A figure in a table's cell, and the unit its table's labels give it.

A source's HTML table reaches the readers as a Markdown pipe table (trafilatura writes one:
a header row, a `|---|` rule row, body rows). A body cell's bare figure ("48.3") takes the
unit, scale and currency its column's header gives ("2025/26 (£ million)", "2025/26 £m",
"(GBP m)", "(£000)", "(MtCO2e)", "(%)"), else its row's label ("Adult social care (£m)"),
else the table's stub, the header row's first cell ("£ million"). A cell whose labels give
none is unitless: its number is the table's, in a unit the table does not state.

Only a table whose rule row is in the text is read so: without it the header is not known
(a snapshot's passage may start in the table's body), and a body row read as a header would
give its cells another table's unit.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from claimcheck.figures import is_dated
from claimcheck.quantity import Quantity, find_quantities
from claimcheck.units import CURRENCY_CODES, CURRENCY_MARKED, CURRENCY_SIGNS

_ROW = re.compile(r"[ \t]*\|")
_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.M)
_CELL_BAR = re.compile(r"(?<!\\)\|")


def table_rows(page: str) -> dict[int, tuple[int, int]]:
    """For the start of each body row of each pipe table of `page` whose rule row is there,
    the (start, end) of the table's header row. Linear in the page."""
    out: dict[int, tuple[int, int]] = {}
    for rule in _RULE.finditer(page):
        if rule.start() == 0 or "|" not in rule.group():
            continue
        header_end = rule.start() - 1
        header_start = page.rfind("\n", 0, header_end) + 1
        if not _ROW.match(page, header_start):
            continue
        at = rule.end() + 1
        while at < len(page) and _ROW.match(page, at):
            end = page.find("\n", at)
            out[at] = (header_start, header_end)
            if end < 0:
                break
            at = end + 1
    return out


def header_start(page: str, at: int) -> int | None:
    """Where the header row of the pipe table whose body holds offset `at` starts (None: `at`
    is in no table's body). A snapshot's passage for a figure in a table must start there,
    or `verify` reads the figure without the unit its header gives it."""
    line_start = page.rfind("\n", 0, at) + 1
    if not _ROW.match(page, line_start):
        return None
    start = line_start
    while start > 0:
        above = page.rfind("\n", 0, start - 1) + 1
        line = page[above : start - 1]
        if not _ROW.match(line) and not _RULE.fullmatch(line):
            return None
        if _RULE.fullmatch(line) and "|" in line:
            if above == 0:
                return None
            header = page.rfind("\n", 0, above - 1) + 1
            return header if _ROW.match(page, header) else None
        start = above
    return None


def cells(page: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) of each cell of the table row page[start:end], its outer bars left
    out."""
    line = page[start:end]
    bars = [start + m.start() for m in _CELL_BAR.finditer(line)]
    edges = [start - 1, *bars, end]
    found = [(a + 1, b) for a, b in itertools.pairwise(edges)]
    if found and not page[found[0][0] : found[0][1]].strip():
        found = found[1:]  # before the leading bar
    if found and not page[found[-1][0] : found[-1][1]].strip():
        found = found[:-1]  # after the closing bar
    return found


@dataclass(frozen=True, slots=True)
class Labelled:
    """What a table's labels say of a body cell's figure: the unit they give (a figure "1"
    in it: its unit, currency and scale) and their words for it; neither when they give
    none (`unitless`)."""

    unit: Quantity | None
    words: str
    #: A unitless cell's table says nothing of what it counts: its column's header is times
    #: alone ("2025/26") and no header cell gives a unit. Its number may be the claim's in
    #: any unit; under a header with words ("Deaths") or beside a column with a unit ("Rate
    #: (%)") it is a number of what the header names, no share, money or measure.
    unnamed: bool = False

    @property
    def unitless(self) -> bool:
        return self.unit is None


def labelled(page: str, q: Quantity, rows: dict[int, tuple[int, int]]) -> Labelled | None:
    """The unit the labels of `q`'s table give it, when `q` stands in a body cell of a
    table of `rows` (`table_rows`) other than its row's label; None elsewhere."""
    line_start = page.rfind("\n", 0, q.start) + 1
    header = rows.get(line_start)
    if header is None:
        return None
    line_end = page.find("\n", q.start)
    row = cells(page, line_start, len(page) if line_end < 0 else line_end)
    column = next((k for k, (a, b) in enumerate(row) if a <= q.start < b), None)
    if column is None or column == 0:
        return None  # the row's label, or no cell
    heads = cells(page, *header)
    spans = [heads[column] if column < len(heads) else None, row[0], heads[0] if heads else None]
    for span in spans:
        if span is None:
            continue
        found = label_unit(page[span[0] : span[1]])
        if found is not None:
            return Labelled(*found)
    head = page[heads[column][0] : heads[column][1]] if column < len(heads) else ""
    unnamed = not re.search(r"[^\W\d_]", _without_times(head)) and not any(
        label_unit(page[a:b]) is not None for a, b in heads
    )
    return Labelled(None, "", unnamed)


#: A label's currency sign or code, the longest first ("US$" before "$").
_SIGNS = sorted((*CURRENCY_MARKED, *CURRENCY_SIGNS), key=len, reverse=True)
_CODES = sorted(CURRENCY_CODES, key=len, reverse=True)
_BRACKETED = re.compile(r"\(([^()\n]{1,40})\)|\[([^\[\]\n]{1,40})\]")
_THOUSANDS = re.compile(r"(?i)^(?:'?000s?|000's|thousands?)$")
_SHORT_SCALE = re.compile(r"(?i)^(?:m|mn|bn|k|tn)$")
_SCALE_WORDS = re.compile(r"(?i)\b(thousand|million|billion|trillion)s\b")


def label_unit(label: str) -> tuple[Quantity, str] | None:
    """The unit a table's label gives its cells ("2025/26 (£ million)", "£m", "(£000)",
    "(MtCO2e)", "(%)"), read as the figure reader reads one after a number, and the label's
    words for it; None when it gives none."""
    hints = [m.group(1) or m.group(2) for m in _BRACKETED.finditer(label)]
    hints.append(_without_times(_BRACKETED.sub(" ", label)))
    for hint in hints:
        found = _unit(hint.strip())
        if found is not None:
            return found, " ".join(hint.split())
    return None


def _without_times(text: str) -> str:
    """`text` less its years, periods and dates ("2025/26 £m" -> " £m")."""
    for q in sorted(find_quantities(text), key=lambda q: -q.start):
        if is_dated(q):
            text = text[: q.start] + " " + text[q.end :]
    return text


def _unit(hint: str) -> Quantity | None:
    if not hint or len(hint) > 40:
        return None
    sign = next((s for s in _SIGNS if hint.startswith(s)), "")
    code = "" if sign else next((c for c in _CODES if re.match(rf"{c}\b", hint)), "")
    rest = hint[len(sign or code) :].strip()
    rest = _SCALE_WORDS.sub(r"\1", rest)
    if _THOUSANDS.match(rest):
        rest = "thousand"
    if sign and sign[-1:].isalpha():
        sign += " "  # "Rs crore": "Rs 1 crore"
    if _SHORT_SCALE.match(rest):
        probe = f"{sign}{code}{' ' if code else ''}1{rest}"
    else:
        probe = f"{sign}{code}{' ' if code else ''}1 {rest}".rstrip()
    found = find_quantities(probe)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(probe):
        return None
    unit = found[0]
    if unit.currency or unit.unit or unit.scale != 1:
        return unit
    return None
