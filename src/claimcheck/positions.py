"""Line and column of any node of a registry, found only when a finding needs it.

The registry's data comes from a fast parser that keeps no positions. Positions are
recovered lazily and exactly: the top-level keys and the items of top-level lists are
found by scanning lines (checked against the parsed data), and a node inside an item is
found by composing just that item's lines with PyYAML, whose nodes carry marks. When the
scan does not match the data (flow style, odd layouts), the whole file is composed once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import yaml

from claimcheck.findings import NodePath

# Anchored on a literal newline, not `^` with MULTILINE: the regex engine then skips ahead
# to each newline instead of trying every position of a large file.
_TOP_KEY = re.compile(r"\n([^\s#'\"\-?:][^:#\n]*?)[ \t]*:(?:[ \t]|$)", re.MULTILINE)
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class _Chunk:
    start: int  # offset of the chunk's first line
    end: int
    line: int  # 0-based line of `start`


def compose(text: str) -> yaml.Node | None:
    """Compose YAML into PyYAML nodes (positions, no construction: aliases are not expanded)."""
    return yaml.compose(text, Loader=_Loader)


def node_at(root: yaml.Node | None, path: NodePath, *, at_key: bool = False) -> yaml.Node | None:
    """The deepest node on `path` (the key node of the last step when `at_key`)."""
    node = root
    for depth, step in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == step:
                    node = key if (last and at_key) else value
                    break
            else:
                return node
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                return node
            node = node.value[step]
        else:
            return node
    return node


def top_keys(text: str) -> list[tuple[int, str]]:
    """The offset and text of each key written at the start of a line (a block mapping's
    keys at the top level), in order. What is found must be checked against parsed data:
    a quoted text's continuation line can look like a key."""
    # The first line has no newline before it: matched on its own rather than scanning a
    # copy of the whole text with one added (a copy that large stays in the heap).
    first = _TOP_KEY.match("\n" + text[: text.find("\n") + 1 or len(text)])
    found = [(first.start(1) - 1, first.group(1))] if first else []
    return found + [(m.start(1), m.group(1)) for m in _TOP_KEY.finditer(text)]


_FIRST_DASH = re.compile(r"^( *)-(?:[ ]+|$)", re.MULTILINE)


def list_items(text: str, start: int, end: int) -> tuple[list[int], int] | None:
    """The offsets of the lines that start the items of the block list in text[start:end]
    (a top-level key's value), and the dashes' indentation; None when there is no dash.
    To be checked against parsed data: a quoted text's continuation line can start with
    a dash."""
    first = _FIRST_DASH.search(text, start, end)
    if first is None:
        return None
    indent = len(first.group(1))
    # A literal-prefixed pattern: the regex engine jumps from newline to newline.
    dash = re.compile("\n" + " " * indent + r"-(?=[ \n]|$)")
    return [first.start()] + [
        m.start() + 1 for m in dash.finditer(text, first.start(), end)
    ], indent


def _scan_item(
    text: str, item: _Chunk, column: int, rest: NodePath, at_key: bool
) -> tuple[int, int] | None:
    """An item's key (`rest` = (key,)) or an item of the list under it ((key, j)), found by
    reading the item's lines, as PyYAML's marks place them; None for anything but plain
    block layouts (the item is then composed). A block mapping's keys stand at `column` (its
    first key follows the dash); a value that goes on past its line (a quoted text or a flow
    collection, which may continue at any indentation) before the key is reached, or at it,
    gives None: its next lines might look like keys.

    Composing an item with PyYAML costs 0.13 ms: a page scan that locates 4,800 mentions
    not on the page spent 0.6 s on it."""
    key = rest[0]
    if not isinstance(key, str) or not key or (len(rest) == 2 and not isinstance(rest[1], int)):
        return None
    if len(rest) > 2:
        return None
    start, end, line = item.start, item.end, item.line
    at = start
    while at < end:
        stop = text.find("\n", at, end)
        stop = end if stop < 0 else stop
        first = at == start
        if not first:
            indent = _indent(text, at, stop)
            if indent is None or indent < column:  # blank or comment; or outside the item
                if indent is not None and text[at + indent] != "#":
                    return None
                at, line = stop + 1, line + 1
                continue
            if indent > column:  # inside the previous key's value (checked to end there)
                at, line = stop + 1, line + 1
                continue
        here = at + column
        if text.startswith(key, here) and text.startswith(":", here + len(key)):
            after = here + len(key) + 1
            if after == stop or text[after] in " \t":
                if at_key and len(rest) == 1:
                    return (line + 1, column + 1)
                return _scan_value(text, after, stop, end, line, column, rest[1:])
        # Another key: its value must end on its line, or its next lines could hide ours.
        colon = _key_end(text, here, stop)
        if colon is None or not _ends_on_line(text, colon + 1, stop):
            return None
        at, line = stop + 1, line + 1
    return None


def _indent(text: str, at: int, stop: int) -> int | None:
    """The spaces before a line's content; None for a blank line or one only of spaces."""
    content = at
    while content < stop and text[content] == " ":
        content += 1
    if content == stop or text[content] in "\r\t":
        return None
    return content - at


def _key_end(text: str, here: int, stop: int) -> int | None:
    """The `:` ending a plain key at `here`, or None (a quoted, complex or odd key)."""
    if here >= stop or text[here] in "\"'?[{&*!|>%@`#-":
        return None
    colon = text.find(":", here, stop)
    while colon >= 0 and not (colon + 1 == stop or text[colon + 1] in " \t"):
        colon = text.find(":", colon + 1, stop)
    if colon < 0 or "#" in text[here:colon]:
        return None
    return colon


def _ends_on_line(text: str, at: int, stop: int) -> bool:
    """Whether the value starting after `at` (spaces first) ends on its line: a plain
    scalar, or a quoted one or flow collection closed on it, or a block scalar (whose lines
    are indented further)."""
    while at < stop and text[at] in " \t":
        at += 1
    if at == stop or text[at] == "#":
        return True  # nothing on the line: the value, if any, is indented below
    lead = text[at]
    if lead in "\"'":
        return _quoted_end(text, at, stop) is not None
    if lead in "[{":
        return _flow_closes(text, at, stop)
    return lead not in "&*!%@`"


def _flow_closes(text: str, at: int, stop: int) -> bool:
    """Whether the flow collection at `at` closes before `stop` (quotes and nesting minded,
    no comment or anchor inside)."""
    depth = 0
    i = at
    while i < stop:
        c = text[i]
        if c in "\"'":
            end = _quoted_end(text, i, stop)
            if end is None:
                return False
            i = end
            continue
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return True
        elif c in "#&*!":
            return False
        i += 1
    return False


def _quoted_end(text: str, at: int, stop: int) -> int | None:
    """The offset after the quoted scalar starting at `at`, if it closes before `stop`."""
    quote = text[at]
    i = at + 1
    while i < stop:
        c = text[i]
        if quote == '"' and c == "\\":
            i += 2
            continue
        if c == quote:
            if quote == "'" and i + 1 < stop and text[i + 1] == "'":
                i += 2
                continue
            return i + 1
        i += 1
    return None


def _flow_items(text: str, at: int, stop: int) -> list[int] | None:
    """Where each item of the one-line flow sequence (or mapping) at `at` starts, if it
    closes before `stop` with only scalars in it; None otherwise."""
    close = "]" if text[at] == "[" else "}"
    starts: list[int] = []
    i = at + 1
    expect = True  # an item may start here
    while i < stop:
        c = text[i]
        if c in " \t":
            i += 1
            continue
        if c == close:
            return starts
        if c == ",":
            if expect:
                return None
            expect = True
            i += 1
            continue
        if not expect or c in "[]{}#&*!":
            return None
        starts.append(i)
        expect = False
        if c in "\"'":
            end = _quoted_end(text, i, stop)
            if end is None:
                return None
            i = end
            continue
        while i < stop and text[i] not in ",]}" and text[i : i + 2] != " #":
            i += 1
        if close == "}" and ":" in text[starts[-1] : i]:
            return None  # a mapping's key: value pairs: not located here
    return None


def _scan_value(
    text: str, after: int, stop: int, end: int, line: int, column: int, rest: NodePath
) -> tuple[int, int] | None:
    """The value after a key's `:` (`rest` empty), or item `rest[0]` of the list it holds."""
    at = after
    while at < stop and text[at] in " \t":
        at += 1
    if at < stop and text[at] != "#":  # on the key's line
        lead = text[at]
        if lead in "&*!%@`|>":
            return None
        if not rest:
            return (line + 1, _column(text, at))
        if lead != "[":
            return None
        items = _flow_items(text, at, stop)
        index = rest[0]
        if items is None or not isinstance(index, int) or not 0 <= index < len(items):
            return None
        return (line + 1, _column(text, items[index]))
    # Below the key: a block list (dashes at the key's indentation or further) or mapping.
    first: tuple[int, int] | None = None  # (line, indentation) of the first content line
    seq: int | None = None
    count = -1
    at, line = stop + 1, line + 1
    while at < end:
        stop = text.find("\n", at, end)
        stop = end if stop < 0 else stop
        indent = _indent(text, at, stop)
        if indent is None or text[at + indent] == "#":
            at, line = stop + 1, line + 1
            continue
        next_char = text[at + indent + 1 : at + indent + 2]
        dash = text[at + indent] == "-" and next_char in ("", " ", "\n")
        if first is None:
            if indent < column or (indent == column and not dash):
                return None  # an empty value: its mark is not placed here
            first = (line, indent)
            if not dash:
                return (line + 1, indent + 1) if not rest else None
            if not rest:
                return (line + 1, indent + 1)
            seq = indent
        assert seq is not None
        if indent < seq or (indent == seq and not dash):
            return None  # the list ended before item `rest[0]`
        if indent == seq:
            count += 1
            content = at + indent + 1
            while content < stop and text[content] == " ":
                content += 1
            if content == stop or not _ends_on_line(text, content, stop):
                return None
            if count == rest[0]:
                if text[content] in "&*!%@`|>[{#":
                    return None
                return (line + 1, content - at + 1)
        at, line = stop + 1, line + 1
    return None


def _block_list_end(text: str, key: str | None) -> tuple[int, int] | None:
    """Where a new item goes in the block list that is the value of the top-level `key` of
    `text`, or (`key` None) in the block list that is the whole of `text`: (offset, the
    dashes' column); None when that value is not a block list."""
    events = yaml.parse(text, Loader=_Loader)
    event = _value_event(events, () if key is None else (key,))
    if not isinstance(event, yaml.SequenceStartEvent) or event.flow_style:
        return None
    last = _last_content(event, events)
    if last is None or last.end_mark is None or event.start_mark is None:
        return None
    dashes = event.start_mark.column
    return _own_comments(text, _after_content(text, last, last.end_mark.index), dashes), dashes


def _own_comments(text: str, at: int, dashes: int) -> int:
    """Past the comment lines after the last entry's content that are indented beyond the
    dashes, and so the entry's own (`    # about c1`): a new entry put before them took them
    in. Blank lines between them are passed over too; those after them, and comments at the
    dashes' column or left of it (the next key's), are not."""
    end = scan = at
    while scan < len(text):
        newline = text.find("\n", scan)
        line_end = len(text) if newline < 0 else newline + 1
        line = text[scan:line_end]
        stripped = line.strip(" \t\r\n")
        if stripped:
            if not stripped.startswith("#") or len(line) - len(line.lstrip(" ")) <= dashes:
                break
            end = line_end
        scan = line_end
    return end


def scalar_at(text: str, path: Sequence[str]) -> str | None:
    """The scalar at a path of mapping keys (`("page", "path")`), read from the parser's
    events only as far as it; None when there is none there (or the text is not YAML).
    The rest of the file is not read: a registry's `page:` comes before its lists."""
    try:
        event = _value_event(yaml.parse(text, Loader=_Loader), path)
    except yaml.YAMLError:
        return None
    return event.value if isinstance(event, yaml.ScalarEvent) else None


def _value_event(events: Iterator[yaml.Event], path: Sequence[str]) -> yaml.Event | None:
    """The first event of the node at a path of mapping keys in the document `events` reads
    (its root for an empty path), the events before it consumed; None when there is none."""
    event: yaml.Event | None = next((e for e in events if isinstance(e, yaml.NodeEvent)), None)
    for key in path:
        if not isinstance(event, yaml.MappingStartEvent):
            return None
        while True:  # the mapping's keys and values, each skipped whole
            name = next(events)
            if isinstance(name, yaml.MappingEndEvent):
                return None
            if isinstance(name, yaml.ScalarEvent) and name.value == key:
                event = next(events)
                break
            _skip(name, events)
            _skip(next(events), events)
    return event


def _skip(first: yaml.Event, events: Iterator[yaml.Event]) -> None:
    """Consume the events of the node `first` starts."""
    depth = 1 if isinstance(first, yaml.CollectionStartEvent) else 0
    while depth:
        event = next(events)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _last_content(first: yaml.Event, events: Iterator[yaml.Event]) -> yaml.Event | None:
    """The last event of the node `first` starts whose end mark is where its text ends: a
    scalar, an alias, or the end of a flow collection. (A block collection's end is marked
    where the next token starts, past the comments and blank lines after it.)"""
    last: yaml.Event | None = None
    flows: list[bool] = []
    event = first
    while True:
        if isinstance(event, yaml.CollectionStartEvent):
            flows.append(bool(event.flow_style))
        elif isinstance(event, yaml.CollectionEndEvent):
            if flows.pop():
                last = event
            if not flows:
                return last
        else:
            last = event
            if not flows:
                return last
        event = next(events)


def _after_content(text: str, last: yaml.Event, at: int) -> int:
    """The offset of the line after the one where `last` (see `_last_content`) ends, at `at`.

    A scalar that ends mid-line takes the rest of its line (a comment). A block scalar's
    mark is after its trailing line breaks: the blank lines it ends with are gone back over
    unless they are its content (`|+`, or a last line of spaces beyond its indentation)."""
    if at > 0 and text[at - 1] != "\n":
        newline = text.find("\n", at)
        return len(text) if newline < 0 else newline + 1
    value = last.value if isinstance(last, yaml.ScalarEvent) else ""
    trimmed = value.rstrip(" \t\n")
    if value not in (trimmed, trimmed + "\n"):
        return at  # its trailing line breaks or spaces are content: kept before the new item
    while at > 0:
        previous = text.rfind("\n", 0, at - 1) + 1
        if text[previous:at].strip(" \t\n"):
            break
        at = previous
    return at


def _column(text: str, at: int) -> int:
    """The 1-based column of offset `at`."""
    return at - (text.rfind("\n", 0, at) + 1) + 1


class _Items:
    """A top-level list's items by offset; their line numbers are counted only when asked."""

    def __init__(self, text: str, starts: list[int], indent: int, end: int, line: int) -> None:
        self.text = text
        self.starts = starts
        self.indent = indent
        self.end = end
        # Known (item, line) pairs, sorted: a line is counted from the nearest one before it.
        self._known_items = [0]
        self._known_lines = [line]

    def chunk(self, index: int) -> _Chunk:
        at = bisect.bisect_right(self._known_items, index) - 1
        item, line = self._known_items[at], self._known_lines[at]
        start = self.starts[index]
        if item != index:
            line += self.text.count("\n", self.starts[item], start)
            self._known_items.insert(at + 1, index)
            self._known_lines.insert(at + 1, line)
        end = self.starts[index + 1] if index + 1 < len(self.starts) else self.end
        return _Chunk(start, end, line)


@dataclass(frozen=True, slots=True)
class Shape:
    """What the line scan is checked against: the top-level keys in order (None when the
    top level is not a mapping) and the length of each top-level list. The parsed data
    itself is not kept: at 100,000 claims it is a tree of 3.6 million objects."""

    keys: tuple[str, ...] | None
    lengths: Mapping[str, int]

    @classmethod
    def of(cls, data: object) -> Shape:
        if not isinstance(data, Mapping):
            return cls(None, {})
        lengths = {
            key: len(value)
            for key, value in data.items()
            if isinstance(key, str) and isinstance(value, Sequence) and not isinstance(value, str)
        }
        return cls(tuple(str(k) for k in data), lengths)


class NodePositions:
    """Maps node paths of one registry text to 1-based (line, column)."""

    def __init__(self, text: str, data: object) -> None:
        self._text = text
        self._shape = data if isinstance(data, Shape) else Shape.of(data)
        self._top: dict[str, tuple[int, int, _Chunk]] | None = None
        self._items: dict[str, _Items | None] = {}
        self._composed: dict[int, yaml.Node | None] = {}
        self._whole: yaml.Node | None = None
        self._whole_done = False

    @property
    def shape(self) -> Shape:
        """What the line scan is checked against (kept with a cached registry)."""
        return self._shape

    def locate(self, path: NodePath, *, at_key: bool = False) -> tuple[int, int]:
        """Line and column of the node at `path`, or of its nearest existing ancestor."""
        try:
            found = self._fast(path, at_key=at_key)
        except yaml.YAMLError:
            found = None
        if found is not None:
            return found
        return self._slow(path, at_key=at_key)

    def item_lines(self, key: str) -> list[tuple[int, int]] | None:
        """Each item of a top-level list as a 1-based (first line, line after last) range."""
        top = self._top_index()
        if top is None or key not in top:
            return None
        items = self._item_index(key, top[key][2])
        if items is None:
            return None
        firsts = [items.chunk(i).line + 1 for i in range(len(items.starts))]
        end = top[key][2].line + 1 + self._text.count("\n", top[key][2].start, top[key][2].end)
        return list(zip(firsts, [*firsts[1:], end + 1], strict=True))

    def list_end(self, key: str) -> tuple[int, int] | None:
        """Where a new item of the top-level block list `key` goes: (offset, dash indent);
        None when `key` is missing or its value is not a block list.

        After the last item's content as the YAML parser's marks place it (a block scalar's
        lines, `|+`'s kept line breaks, a quoted text over several lines, a comment on its
        last line, and the comment lines after it indented beyond the dashes: its own),
        before blank lines and the comments that lead into what follows. A line that only
        looks like a comment (`# 1 priority` inside a block scalar) is content, not a comment.
        The last item alone is parsed when the line scan found it; else the whole file.
        """
        top = self._top_index()
        if top is not None:
            if key not in top:
                return None
            items = self._item_index(key, top[key][2])
            if items is not None and items.starts:
                start = items.starts[-1]
                try:
                    found = _block_list_end(self._text[start : top[key][2].end], None)
                except yaml.YAMLError:
                    found = None
                if found is not None:
                    return start + found[0], items.indent
        try:
            return _block_list_end(self._text, key)
        except yaml.YAMLError:
            return None

    def _fast(self, path: NodePath, *, at_key: bool) -> tuple[int, int] | None:
        top = self._top_index()
        if not path:  # the root mapping starts at its first key
            return next(((line, col) for line, col, _ in (top or {}).values()), None)
        if top is None or not isinstance(path[0], str) or path[0] not in top:
            return None
        key_line, key_col, chunk = top[path[0]]
        if len(path) == 1 and at_key:
            return (key_line, key_col)
        if len(path) >= 2 and isinstance(path[1], int):
            items = self._item_index(path[0], chunk)
            if items is None or not 0 <= path[1] < len(items.starts):
                return None
            item = items.chunk(path[1])
            column = self._item_column(item.start, items.indent)
            if column == items.indent + 1:  # a bare dash: the content starts on a later line
                return self._compose_at(item, path[2:], at_key)
            if len(path) == 2:
                return (item.line + 1, column)
            if len(path) <= 4:
                found = _scan_item(self._text, item, column - 1, path[2:], at_key)
                if found is not None:
                    return found
            return self._compose_at(item, path[2:], at_key)
        return self._compose_at(chunk, path, at_key)

    def _compose_at(self, chunk: _Chunk, rest: NodePath, at_key: bool) -> tuple[int, int] | None:
        """Compose one chunk (a top-level key, or one list item) and walk `rest` in it."""
        if chunk.start not in self._composed:
            self._composed[chunk.start] = compose(self._text[chunk.start : chunk.end])
        root = self._composed[chunk.start]
        if isinstance(root, yaml.SequenceNode) and len(root.value) == 1:
            root = root.value[0]  # an item chunk composes as a one-item list
        node = node_at(root, rest, at_key=at_key)
        if node is None:
            return None
        mark = node.start_mark
        return (chunk.line + mark.line + 1, mark.column + 1)

    def _top_index(self) -> dict[str, tuple[int, int, _Chunk]] | None:
        if self._top is None:
            self._top = self._scan_top() or {}
        return self._top or None

    def _scan_top(self) -> dict[str, tuple[int, int, _Chunk]] | None:
        keys = self._shape.keys
        if keys is None:
            return None
        text = self._text
        found = top_keys(text)
        if tuple(key for _, key in found) != keys:
            return None
        index: dict[str, tuple[int, int, _Chunk]] = {}
        line = 0
        last = 0
        for i, (start, key) in enumerate(found):
            line += text.count("\n", last, start)
            last = start
            end = found[i + 1][0] if i + 1 < len(found) else len(text)
            index[key] = (line + 1, 1, _Chunk(start, end, line))
        return index

    def _item_index(self, key: str, chunk: _Chunk) -> _Items | None:
        """The items of a top-level list, found by their dashes."""
        if key not in self._items:
            self._items[key] = self._scan_items(key, chunk)
        return self._items[key]

    def _scan_items(self, key: str, chunk: _Chunk) -> _Items | None:
        length = self._shape.lengths.get(key)
        if length is None:
            return None
        text = self._text
        found = list_items(text, chunk.start, chunk.end)
        if found is None:
            return None
        starts, indent = found
        if len(starts) != length:
            return None
        line = chunk.line + text.count("\n", chunk.start, starts[0])
        return _Items(text, starts, indent, chunk.end, line)

    def _item_column(self, start: int, indent: int) -> int:
        """Where an item's content starts: after `- ` and its spaces, or at the dash."""
        after = start + indent + 1
        head = self._text[after : after + 64]
        spaces = len(head) - len(head.lstrip(" "))
        if spaces and head[spaces : spaces + 1] not in ("\n", "", "#"):
            return indent + 2 + spaces
        return indent + 1

    def _slow(self, path: NodePath, *, at_key: bool) -> tuple[int, int]:
        if not self._whole_done:
            self._whole_done = True
            try:
                self._whole = compose(self._text)
            except yaml.YAMLError:
                self._whole = None
        node = node_at(self._whole, path, at_key=at_key)
        if node is None:
            return (1, 1)
        return (node.start_mark.line + 1, node.start_mark.column + 1)
