"""Documents as the server reads them: text with its line starts, the word at a place, and
where a place stands in a registry's YAML (the keys above it).

Everything here counts in code points, lines and columns from 0, as Python indexes a string;
the server converts to the client's units (UTF-16 by default) at the edge.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

#: What the protocol counts as a line break.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: An id, a rule code or a field name.
WORD = re.compile(r"[A-Za-z0-9_]+")


#: The characters that take more than one code unit in a client's encoding, by encoding.
_WIDE = {
    "utf-16": re.compile("[\U00010000-\U0010ffff]"),
    "utf-8": re.compile("[^\x00-\x7f]"),
}


class Text:
    """A document's text and where each of its lines starts.

    Positions are converted to the client's code units (`units`, `column`) line by line,
    each line's wide characters found once and kept: a minified page is one line of 100 KB
    or more, with a figure every few dozen characters, and counting the units of the line
    up to each diagnostic took minutes.

    `client` is the text as the client holds it when `source` is a reading of it aligned
    with it line for line and column for column (a page's prose, where tags and entities
    are blanked, one filler per character): ranges are found in `source`, and units counted
    in `client` (a blanked emoji is two UTF-16 units there, one filler here).
    """

    __slots__ = ("_client", "_lead", "_starts", "_wide", "source")

    def __init__(self, source: str, client: Text | None = None) -> None:
        self.source = source
        self._starts = [0, *(m.end() for m in _LINE_BREAK.finditer(source))]
        self._client = client
        # A client text with a BOM its reading dropped: the first line is one further on.
        self._lead = (
            1
            if client is not None
            and client.source.startswith("\ufeff")
            and not source.startswith("\ufeff")
            else 0
        )
        #: (encoding, line) -> the columns of its wide characters, and the extra units up
        #: to and including each.
        self._wide: dict[tuple[str, int], tuple[list[int], list[int]]] = {}

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> tuple[int, int]:
        """The 0-based line and column of an offset."""
        offset = max(0, min(offset, len(self.source)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line, offset - self._starts[line]

    def offset(self, line: int, column: int) -> int:
        """The offset of a 0-based line and column (clamped to the line)."""
        if line >= len(self._starts):
            return len(self.source)
        start = self._starts[max(0, line)]
        return start + max(0, min(column, self.line_length(max(0, line))))

    def located(self, line: int, column: int) -> int:
        """The offset of a 1-based line and column as the loader counts them. The loader,
        like every reader of a file, drops a leading BOM (U+FEFF), which an editor's buffer
        may keep: the first line's columns are then one further on in this text."""
        lead = 1 if line == 1 and self.source.startswith("\ufeff") else 0
        return self.offset(line - 1, column - 1 + lead)

    def line(self, index: int) -> str:
        """Line `index`, without its line break."""
        if not 0 <= index < len(self._starts):
            return ""
        start = self._starts[index]
        return self.source[start : start + self.line_length(index)]

    def line_length(self, index: int) -> int:
        """The length of line `index` without its line break (no copy of the line made)."""
        if not 0 <= index < len(self._starts):
            return 0
        start = self._starts[index]
        if index + 1 >= len(self._starts):
            return len(self.source) - start
        end = self._starts[index + 1]
        return end - start - (2 if self.source.startswith("\r\n", end - 2) else 1)

    def line_end(self, offset: int) -> int:
        """The offset of the end of the line holding `offset` (before its line break)."""
        line, _ = self.position(offset)
        return self._starts[line] + self.line_length(line)

    @property
    def newline(self) -> str:
        """The document's line break: the first one it has, else \\n."""
        found = _LINE_BREAK.search(self.source)
        return found.group() if found else "\n"

    # --- the client's code units -------------------------------------------------------

    def units(self, line: int, column: int, encoding: str) -> int:
        """The client's code units (in `encoding`: utf-8, utf-16 or utf-32) before `column`
        of `line`."""
        if self._client is not None:
            shift = self._lead if line == 0 else 0
            return self._client.units(line, column + shift, encoding)
        column = max(0, min(column, self.line_length(line)))
        columns, extra = self._wide_of(line, encoding)
        before = bisect.bisect_left(columns, column)
        return column + (extra[before - 1] if before else 0)

    def column(self, line: int, units: int, encoding: str) -> int:
        """The column of `line` at the client's code unit `units` (the first character that
        ends at or after it; the line's end at most)."""
        if self._client is not None:
            shift = self._lead if line == 0 else 0
            found = self._client.column(line, units, encoding) - shift
            return max(0, min(found, self.line_length(line)))
        length = self.line_length(line)
        low, high = 0, length
        while low < high:  # the first column whose units reach `units`
            middle = (low + high) // 2
            if self.units(line, middle, encoding) < units:
                low = middle + 1
            else:
                high = middle
        return low

    def _wide_of(self, line: int, encoding: str) -> tuple[list[int], list[int]]:
        key = (encoding, line)
        found = self._wide.get(key)
        if found is None:
            columns: list[int] = []
            extra: list[int] = []
            pattern = _WIDE.get(encoding)
            if pattern is not None:
                total = 0
                for match in pattern.finditer(self.line(line)):
                    columns.append(match.start())
                    # An astral character is two UTF-16 units; UTF-8 takes 2 to 4 bytes.
                    total += 1 if encoding == "utf-16" else _utf8_extra(match.group())
                    extra.append(total)
            found = self._wide[key] = (columns, extra)
        return found


def _utf8_extra(char: str) -> int:
    return len(char.encode("utf-8", "surrogatepass")) - 1


def word_at(source: str, offset: int, pattern: re.Pattern[str] = WORD) -> tuple[int, int] | None:
    """The span of the word (an id, a code) around `offset`, or None."""
    start = offset
    while start > 0 and pattern.fullmatch(source[start - 1]):
        start -= 1
    end = offset
    while end < len(source) and pattern.fullmatch(source[end]):
        end += 1
    return (start, end) if end > start else None


def is_registry(path: Path, source: str, name: str) -> bool:
    """Whether a YAML document is a claimcheck registry: named like the configured one (or
    `*.claims.yaml`), or a mapping with `version` and `claims` or `sources` at the top, as
    parsed (in block or flow style, keys quoted or not: `{"version": 1, "claims": []}`).
    Text that does not parse (half typed) is read line by line for those keys."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    if path.name == name or path.name.endswith(".claims.yaml"):
        return True
    from claimcheck.loader import reads_as_registry

    if reads_as_registry(source.removeprefix("\ufeff")):
        return True
    return bool(_TOP_VERSION.search(source) and _TOP_LISTS.search(source))


#: The keys of a registry at the top of a text that does not parse (quoted or not).
_TOP_VERSION = re.compile(r"""^(?:version|"version"|'version')[ \t]*:""", re.MULTILINE)
_TOP_LISTS = re.compile(
    r"""^(?:claims|sources|"claims"|"sources"|'claims'|'sources')[ \t]*:""", re.MULTILINE
)

# --- where a place stands in block-style YAML ----------------------------------------------

#: A line: its indentation, a list dash, and a key with its colon.
_LINE = re.compile(
    r"(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*)?[ \t]*(?P<colon>:(?=\s|$))?"
)


@dataclass(frozen=True)
class Line:
    """What a line of block YAML starts with."""

    #: The column of its list dash, or None.
    dash: int | None
    #: The column of its first key (after the dash), the mapping's column.
    column: int
    #: Its key, when it has one (`key:`), else None.
    key: str | None
    #: What follows the key's colon on the line.
    rest: str


def read_line(line: str) -> Line | None:
    """The start of a line of block YAML; None for blank and comment lines."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    found = _LINE.match(line)
    assert found is not None  # the pattern matches the empty string
    indent = len(found["indent"])
    dash = indent if found["dash"] else None
    column = indent + len(found["dash"] or "")
    key = found["key"] if found["colon"] else None
    return Line(dash, column, key, line[found.end() :].strip() if key else "")


def mapping_path(text: Text, line: int, column: int) -> list[str]:
    """The keys from the top down to the mapping whose keys stand at `column` on `line`; a
    list item is `-` (`["claims", "-", "citations", "-"]` inside a citation)."""
    path: list[str] = []
    i = line
    while i >= 0:
        info = read_line(text.line(i))
        if info is None:
            i -= 1
            continue
        if (
            info.dash is not None
            and info.dash == column - 2
            and (i == line or info.column == column)
        ):
            path.insert(0, "-")  # the mapping is this list item: find the list's key
            parent = _list_key(text, i - 1, info.dash)
            if parent is None:
                break
            i, above = parent
            path.insert(0, above.key or "")
            column = above.column
            continue  # that key may itself open a list item: read its line again
        if info.key is not None and info.column < column:
            path.insert(0, info.key)
            column = info.column
            continue
        i -= 1
    return path


def _list_key(text: Text, i: int, dash: int) -> tuple[int, Line] | None:
    """The line, at or above `i`, of the key whose value is the list with dashes at `dash`:
    left of the dashes, or at their column for a list written at the key's own indentation
    (`claims:` then `- id: a`)."""
    while i >= 0:
        above = read_line(text.line(i))
        if (
            above is not None
            and above.key is not None
            and (above.column < dash or (above.column == dash and above.dash is None))
        ):
            return i, above
        i -= 1
    return None


def sibling_keys(text: Text, line: int, column: int) -> set[str]:
    """The keys written in the block mapping at `column` that holds `line`."""
    keys: set[str] = set()
    here = read_line(text.line(line))
    if here is not None and here.column == column and here.key is not None:
        keys.add(here.key)
    opens_item = here is not None and here.dash is not None and here.dash == column - 2
    for step in (1,) if opens_item else (-1, 1):
        i = line + step
        while 0 <= i < text.line_count:
            info = read_line(text.line(i))
            i += step
            if info is None or info.column > column:
                continue
            if info.column < column or (info.dash is not None and info.dash < column - 2):
                break
            if info.dash is not None and info.dash == column - 2:
                if step < 0 and info.key is not None:  # the item's first line
                    keys.add(info.key)
                break  # going down: the next item
            if info.key is not None:
                keys.add(info.key)
    return keys
