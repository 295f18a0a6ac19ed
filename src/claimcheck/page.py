"""A published page as prose: text, Markdown or HTML, with every character at its source place.

What is not prose (HTML tags, scripts, styles, navigation, footers and asides; Markdown code,
link targets and front matter; URLs anywhere) is blanked out with spaces, newlines kept, so
that an offset in the prose is the same offset in the file and line:column come for free.

An HTML block element's tag (`<p>`, `</h2>`, `<li>`, `<td>`, `<br>`...) is blanked with BREAK
first: its edge ends a sentence and starts a line for every reader of the prose, whether or
not the file has a line break there, so that a minified page reads as its pretty-printed
twin. BREAK is white space to every pattern and to `str.split`, and no line break to
line:column (the file's lines are counted, by `\n` alone).
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from claimcheck.errors import ConfigError
from claimcheck.pagemeta import OwnDate, UnreadDate, front_matter, own_dates

FORMATS = ("text", "markdown", "html")
MAX_PAGE_BYTES = 64 * 1024 * 1024
#: Stands where a decoded HTML entity was longer than its character; matching skips it.
FILLER = "\x00"
#: Stands where an HTML block element's tag starts (the rest of the tag is spaces): a line
#: and a sentence start there, as a reader sees them (`PageText.line_span`, coverage's
#: `sentences`). Form feed: white space to `\s` and `str.split`, no line for line:column.
#: A form feed the file itself has is read as a space, so only markup makes one.
BREAK = "\x0c"
URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"')\]]+|\bwww\.[^\s<>\"')\]]+")
#: Elements whose text is not the page's prose: code, and the page's furniture (navigation,
#: footers with addresses and phone numbers, asides), as tags or as ARIA roles.
_SKIP_TAGS = frozenset(
    {"script", "style", "nav", "footer", "aside", "noscript", "template", "svg", "head"}
)


@dataclass(frozen=True)
class Link:
    """A link on the page: its target, its text, and where its text stands (offsets in the
    source file, so in the prose too)."""

    url: str
    text: str
    start: int
    end: int
    #: The paragraph, list item or table cell the link stands in (source offsets).
    block: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class PageText:
    """The page's prose, offset-aligned with its source file, and the page's links (their
    targets are blanked from the prose, so they are kept here)."""

    path: str
    prose: str
    _lines: tuple[int, ...]
    links: tuple[Link, ...] = ()
    #: The prose with what a reader skips (an HTML page's cookie banner, forms, related
    #: links, sidebars) blanked too: where figures are looked for and drafted. Mentions are
    #: looked for in all of `prose`: a figure quoted from a sidebar is still on the page.
    main: str | None = None
    #: The date the page states for itself ("Last updated: 14 February 2025", HTML's
    #: `article:modified_time`), or None: T007 compares it with the registry's `page.as_of`.
    own_date: OwnDate | None = None
    #: Where each line starts as a reader sees it: after a line break, and after BREAK (an
    #: HTML block's edge). The same as `_lines` for a page with no HTML.
    _reading: tuple[int, ...] = ()
    #: Where a table's header cells stand (HTML `<th>` and `<thead>`, a Markdown table's row
    #: above its `|---|` row), in order: their figures are the columns' labels ("Over 18
    #: weeks", "2023/24"), not the page's statements.
    headers: tuple[tuple[int, int], ...] = ()
    #: "Last updated" lines whose date could not be read ("Last updated: 2/3/24", "Updated
    #: spring 2024"): never passed over as if the page stated no date.
    unread_dates: tuple[UnreadDate, ...] = ()
    #: Where an HTML list's entries stand (`<li>`, `<dt>`, `<dd>`), in order: a list item
    #: as surely as a Markdown line starting "1." or "-" (the numbers of an `<ol>` are no
    #: text), so a reference list's entries are told apart, linked or not.
    items: tuple[tuple[int, int], ...] = ()

    @classmethod
    def of(
        cls,
        path: str,
        prose: str,
        links: tuple[Link, ...] = (),
        main: str | None = None,
        own_date: OwnDate | None = None,
        headers: tuple[tuple[int, int], ...] = (),
        unread_dates: tuple[UnreadDate, ...] = (),
        items: tuple[tuple[int, int], ...] = (),
    ) -> PageText:
        starts = tuple([0] + [m.end() for m in re.finditer("\n", prose)])
        reading = starts
        if BREAK in prose:
            reading = tuple([0] + [m.end() for m in _READING_LINE_END.finditer(prose)])
        return cls(
            path, prose, starts, links, main, own_date, reading, headers, unread_dates, items
        )

    @property
    def body(self) -> str:
        """The main content (`main`), or all the prose where no part was told apart."""
        return self.prose if self.main is None else self.main

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and column."""
        return self._lines[line - 1] + column - 1

    def line_span(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the line holding `offset` as a reader sees it (an HTML
        block's edge starts one too), its newline or BREAK left out."""
        starts = self._reading or self._lines
        line = bisect.bisect_right(starts, offset) - 1
        end = starts[line + 1] - 1 if line + 1 < len(starts) else len(self.prose)
        return starts[line], end

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        line = bisect.bisect_right(self._lines, offset) - 1
        return line + 1, offset - self._lines[line] + 1


_READING_LINE_END = re.compile(f"[\n{BREAK}]")
#: A line of its own that heads the references (read with BREAK made a line break: a line
#: as a reader sees it).
_REFERENCES_HEADING = re.compile(
    r"(?im)^[ \t#*]*(?:sources?|references?|notes?|bibliography|further reading|"
    r"notes and references|sources and notes)[ \t*:]*$"
)


def references_start(prose: str) -> int | None:
    """Where the page's list of references starts: the end of its last heading "Sources",
    "References", "Notes"... on a line of its own; None when it has none."""
    lines = prose.replace(BREAK, "\n") if BREAK in prose else prose  # offsets kept
    ends = [m.end() for m in _REFERENCES_HEADING.finditer(lines)]
    return ends[-1] if ends else None


def guess_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown", ".mdown"):
        return "markdown"
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    return "text"


def read_page(path: Path, fmt: str | None = None) -> PageText:
    """Read a page file; a ConfigError that names it when it cannot be read, is not a
    regular file (a FIFO, `/dev/zero`) or is over the size limit."""
    from claimcheck.files import not_utf8, read_regular

    data = read_regular(path, "page file", MAX_PAGE_BYTES)
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data  # a byte order mark
    try:
        # Universal newlines, as text-mode reading gave: line numbers count \r\n and \r too.
        source = body.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise not_utf8(body, exc, "page", path) from None
    fmt = fmt or guess_format(path)
    if fmt not in FORMATS:
        raise ConfigError(
            f"--page-format: unknown format {fmt!r}", hint=f"choose one of {', '.join(FORMATS)}"
        )
    return page_from_text(str(path), source, fmt)


def page_from_text(name: str, source: str, fmt: str) -> PageText:
    """The prose of `source`, read as `fmt`."""
    main = None
    headers: list[tuple[int, int]] = []
    items: list[tuple[int, int]] = []
    if BREAK in source:  # the file's own form feeds are white space: only markup breaks
        source = source.replace(BREAK, " ")
    if fmt == "html":
        read = _html_reading(source)
        prose = read.prose
        links = _html_links(source, prose)
        main = main_prose(
            source, prose, read.marked, removed=read.removed, unseen=read.unseen, kept=read.kept
        )
        headers = _html_headers(source)
        items = _html_items(source)
    elif fmt == "markdown":
        # Front matter (`---` YAML or `+++` TOML at the top) is the site generator's, not the
        # page's text: its title, date and weight are no figures or statements of the page.
        end, _ = front_matter(source)
        text = _spaces(source[:end]) + source[end:] if end else source
        prose, html_blocks, notes = _markdown_prose(text)
        # A Markdown link written inside an HTML block is no link: the block is not Markdown.
        block_starts = [start for start, _ in html_blocks]
        links = tuple(
            link
            for link in _markdown_links(text, prose)
            if (i := bisect.bisect_right(block_starts, link.start) - 1) < 0
            or link.start >= html_blocks[i][1]
        )
        # An HTML block's links, as the HTML reader finds them (its offsets the file's).
        links += tuple(
            replace(
                link,
                start=link.start + start,
                end=link.end + start,
                block=(link.block[0] + start, link.block[1] + start),
            )
            for start, end in html_blocks
            for link in _html_links(text[start:end], prose[start:end])
        )
        headers = _pipe_headers(prose)
        headers += [
            (a + start, b + start)
            for start, end in html_blocks
            for a, b in _html_headers(text[start:end])
        ]
        items = [
            (a + start, b + start)
            for start, end in html_blocks
            for a, b in _html_items(text[start:end])
        ]
        items += notes  # a footnote renders as a list's entry: a reference list's too
    else:
        prose = source
        links = ()
        headers = _pipe_headers(prose)
    bare = []  # URLs written out in the text: a sentence's full stop is not theirs
    for m in URL.finditer(prose):
        url = m.group().rstrip(".,;:!?")
        bare.append(Link(url, url, m.start(), m.start() + len(url), _text_block(prose, m.start())))
    links = tuple(sorted((*links, *bare), key=lambda link: link.start))
    if main is not None:
        main = _blank(main, URL)
        links = tuple(link for link in links if main[link.start : link.end].strip())
    prose = _blank(prose, URL)
    own, unread = own_dates(source, prose, fmt)
    return PageText.of(
        name, prose, links, main, own, tuple(sorted(headers)), unread, tuple(sorted(items))
    )


#: A Markdown table's delimiter row (`|---|:---:|`, `--- | ---`): the line above it is the
#: table's header row.
_PIPE_DELIMITER = re.compile(
    r"(?m)^(?=[^\n|]*\|)[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$"
)


def _pipe_headers(prose: str) -> list[tuple[int, int]]:
    """The header row of each pipe table (a line holding `|` above a delimiter row)."""
    if "|" not in prose or "-" not in prose:
        return []
    found = []
    for row in _PIPE_DELIMITER.finditer(prose):
        end = row.start() - 1
        if end <= 0:
            continue
        start = prose.rfind("\n", 0, end) + 1
        if "|" in prose[start:end]:
            found.append((start, end))
    return found


_HEADER_START = re.compile(r"<th\b[^>]*>|<thead\b[^>]*>", re.I)
#: Where a header cell ends: its end tag, or the next cell, row or table (an end tag may be
#: left out); a `<thead>` ends at its end tag or the body.
_CELL_END = re.compile(r"</th\s*>|<t[hd]\b|</?t(?:r|able|body|foot)\b|</thead\b", re.I)
_HEAD_END = re.compile(r"</thead\s*>|<t(?:body|foot)\b|</table\s*>", re.I)


def _html_headers(source: str) -> list[tuple[int, int]]:
    """The table header cells (`<th>`, and every cell of a `<thead>`) of an HTML page.
    Linear: a search stops at the next cell, row or table, where the next one starts."""
    found: list[tuple[int, int]] = []
    at = 0
    while (tag := _HEADER_START.search(source, at)) is not None:
        ends = _HEAD_END if tag.group()[3:4].lower() == "e" else _CELL_END
        close = ends.search(source, tag.end())
        end = close.start() if close else len(source)
        found.append((tag.end(), end))
        at = max(end, tag.end())
    return found


_ITEM_START = re.compile(r"<(?:li|dt|dd)\b[^>]*>", re.I)
#: What ends a list entry: its end tag, the next entry, or its list's end.
_ITEM_END = re.compile(r"</(?:li|dt|dd)\s*>|<(?:li|dt|dd)\b|</(?:ol|ul|dl)\s*>", re.I)


def _html_items(source: str) -> list[tuple[int, int]]:
    """The list entries (`<li>`, `<dt>`, `<dd>`) of an HTML page, each up to its end tag, the
    next entry or its list's end (a nested list's entries are their own). Linear: a search
    stops where the next entry starts."""
    found: list[tuple[int, int]] = []
    at = 0
    while (tag := _ITEM_START.search(source, at)) is not None:
        close = _ITEM_END.search(source, tag.end())
        end = close.start() if close else len(source)
        found.append((tag.end(), end))
        at = max(end, tag.end())
    return found


_LIST_ITEM = re.compile(r"[ \t]*(?:[*+-]|\d{1,3}[.)])[ \t]")


def _text_block(text: str, at: int) -> tuple[int, int]:
    """The paragraph (between blank lines or HTML block edges) or list item (its line)
    holding `at`."""
    line_start = text.rfind("\n", 0, at) + 1
    if _LIST_ITEM.match(text, line_start):
        line_end = text.find("\n", at)
        return line_start, len(text) if line_end < 0 else line_end
    start = max(text.rfind("\n\n", 0, at) + 1, text.rfind(BREAK, 0, at) + 1, 0)
    ends = [e for e in (text.find("\n\n", at), text.find(BREAK, at)) if e >= 0]
    return start, min(ends, default=len(text))


_BLOCK_OPEN = re.compile(r"<(?:p|li|td|th|dd|dt|h[1-6]|blockquote|figcaption|caption)\b", re.I)
_BLOCK_CLOSE = re.compile(r"</(?:p|li|td|th|dd|dt|h[1-6]|blockquote|figcaption|caption)\s*>", re.I)


def _html_block(source: str, start: int, end: int) -> tuple[int, int]:
    """The block element (paragraph, list item, cell...) around a link: from the last block
    start before it to the next block end after it, within 5,000 characters."""
    openings = [m.start() for m in _BLOCK_OPEN.finditer(source, max(0, start - 5000), start)]
    close = _BLOCK_CLOSE.search(source, end, end + 5000)
    return (openings[-1] if openings else start), (close.end() if close else end)


_HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
_A_TAG = re.compile(r"<a\b[^>]*>", re.I)
_A_END = re.compile(r"</a\s*>", re.I)


def _html_links(source: str, prose: str) -> tuple[Link, ...]:
    """Each `<a href>` whose text is prose (not in navigation, footers or asides)."""
    links = []
    for tag in _A_TAG.finditer(source):
        href = _HREF.search(tag.group())
        close = _A_END.search(source, tag.end())
        if href is None or close is None:
            continue
        text = " ".join(prose[tag.end() : close.start()].replace(FILLER, "").split())
        url = html.unescape(next(g for g in href.groups() if g is not None)).strip()
        if text and url:
            block = _html_block(source, tag.start(), close.end())
            links.append(Link(url, text, tag.end(), close.start(), block))
    return tuple(links)


_MD_INLINE = re.compile(r"(?<!!)\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)\n]*)?\)")
_MD_REFERENCE = re.compile(r"(?<!!)\[([^\]\n]+)\](?:\[([^\]\n]*)\])?(?![(:])")
_MD_DEFINITION = re.compile(r"(?m)^ {0,3}\[([^\]\n^][^\]\n]*)\]:\s*<?(\S+?)>?(?:\s.*)?$")


def _markdown_links(source: str, prose: str) -> tuple[Link, ...]:
    """Inline links `[text](url)` and reference links `[text][ref]`, `[text]` with a
    definition `[ref]: url`, outside code (whose prose is blanked)."""
    definitions = {
        " ".join(m.group(1).lower().split()): m.group(2) for m in _MD_DEFINITION.finditer(source)
    }
    found: list[Link] = []
    for m in _MD_INLINE.finditer(source):
        if prose[m.start(1) : m.end(1)].strip():
            block = _text_block(source, m.start())
            found.append(
                Link(m.group(2), " ".join(m.group(1).split()), m.start(1), m.end(1), block)
            )
    inline = {link.start for link in found}
    for m in _MD_REFERENCE.finditer(source):
        label = m.group(2) or m.group(1)
        url = definitions.get(" ".join(label.lower().split()))
        if url and m.start(1) not in inline and prose[m.start(1) : m.end(1)].strip():
            block = _text_block(source, m.start())
            found.append(Link(url, " ".join(m.group(1).split()), m.start(1), m.end(1), block))
    return tuple(sorted(found, key=lambda link: link.start))


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: _spaces(m.group()), text)


def _spaces(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _markdown_prose(
    source: str,
) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """The prose of a Markdown page, where its HTML blocks stand, and where its footnotes'
    definitions stand (source offsets)."""
    tokens, marks, block_tags, defined, images = _markdown_tokens(source)
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    # A footnote's text is the page's prose, as it renders (a note under the page): its
    # definition is no link's, and the indented paragraphs that continue it are no code.
    notes, continued = _footnotes(lines, starts, tokens)
    html_blocks: list[tuple[int, int]] = []
    for token in tokens:
        if token.type in ("fence", "code_block", "html_block") and token.map:
            if token.type == "html_block":
                html_blocks.append((starts[token.map[0]], starts[token.map[1]]))
            for i in range(*token.map):
                if token.type != "code_block" or i not in continued:
                    lines[i] = _spaces(lines[i])
    # A link reference definition, as CommonMark reads one (markdown-it's: `[ref]: url`, not
    # "[Update]: The council now says ...", which is a paragraph): no text of the page. A
    # footnote's (`[^1]: ...`, which CommonMark alone may read as one) is its note.
    covered = bytearray(len(lines) + 1)
    for token in tokens:
        if token.level == 0 and token.map:
            covered[token.map[0] : token.map[1]] = b"\x01" * (token.map[1] - token.map[0])
    unread = {i for i, line in enumerate(lines) if not covered[i] and line.strip()}
    for first, end in [*defined, *((i, i + 1) for i in sorted(unread))]:
        if first < len(lines) and not _NOTE_LABEL.match(lines[first]):
            for i in range(first, min(end, len(lines))):
                lines[i] = _spaces(lines[i])
    text = "".join(lines)
    text = re.sub(r"`[^`\n]*`", lambda m: _spaces(m.group()), text)  # inline code
    text = _blank_between(text, "](", ")", keep=1, line=True)  # link targets
    text = _NOTE_LABEL.sub(lambda m: _spaces(m.group()), text)  # a note's "[^1]:"
    text = _blank_between(text, "<!--", "-->")
    # Emphasis markers and inline elements' HTML tags, as the parser reads them ("**42.5 million**",
    # "_87.3%_", "<b>31</b>,240"; not the "*" of "2 * 3", nor the "_" of "snake_case"), and
    # footnote references ("8%[^1]"): they render as nothing.
    marks.extend(m.span() for m in _FOOTNOTE_MARK.finditer(text))
    if block_tags or images:  # "6<br>Journey time": an edge, as in an HTML page (before
        chars = list(text)  # the marks beside it are joined: it parts words)
        for start, end in block_tags:
            chars[start:end] = BREAK + _spaces(text[start + 1 : end])
        for start, end in images:  # `<img alt="...">`: its alternative text, as in HTML
            chars[start:end] = html_prose(source[start:end])
        text = "".join(chars)
    text = join_silent(text, marks)
    # Inline HTML's footnote markers, as an HTML page's are read ("102<sup>1</sup> MtCO2e").
    text = unmark(source, text, _inline_marks(source))[0]
    # An HTML block (`<div>`, `<p>`, `<details>`... at the start of a line) renders as HTML:
    # its text is read as the HTML reader reads a page (tags, comments, scripts, styles and
    # navigation left out, entities decoded), not as Markdown, and not skipped either.
    parts, at = [], 0
    for start, end in html_blocks:
        parts += [text[at:start], html_prose(source[start:end])]
        at = end
    parts.append(text[at:])
    return "".join(parts), html_blocks, notes


#: A footnote's definition: its label, at the start of a line ("[^1]:", "[^note]:").
_NOTE_LABEL = re.compile(r"(?m)^ {0,3}\[\^[^\]\s]{1,40}\]:")
#: A line that starts a block of its own, so ends a footnote's paragraph: a heading, a
#: quote, a list item, a fence, a rule.
_BLOCK_LINE = re.compile(
    r" {0,3}(?:#{1,6}(?:[ \t]|$)|>|[-*+][ \t]|\d{1,9}[.)][ \t]|```|~~~|(?:[-*_][ \t]*){3,}$)"
)


def _footnotes(
    lines: list[str], starts: list[int], tokens: list[Any]
) -> tuple[list[tuple[int, int]], set[int]]:
    """Where each footnote's definition stands, from its label to the end of its text (the
    lines after it up to a blank line or a line that starts a block, and the indented
    paragraphs that continue it), and which of those indented lines markdown-it read as code
    (CommonMark has no footnotes; the renderers that have them, GFM's, Pandoc's, read them
    so)."""
    if "[^" not in "".join(line[:6] for line in lines):
        return [], set()
    fenced: set[int] = set()
    for token in tokens:
        if token.type in ("fence", "html_block") and token.map:
            fenced.update(range(*token.map))
    notes: list[tuple[int, int]] = []
    continued: set[int] = set()
    start = end = -1
    blank = False
    for number, line in enumerate(lines):
        body = line.rstrip("\n")
        if number in fenced or _NOTE_LABEL.match(body):
            if start >= 0:
                notes.append((start, end))
            start = -1
            if number not in fenced:
                start, end, blank = starts[number], starts[number] + len(body), False
            continue
        if start < 0:
            continue
        if not body.strip():
            blank = True
            continue
        if body.startswith(("    ", "\t")):
            continued.add(number)
        elif blank or _BLOCK_LINE.match(body):
            notes.append((start, end))
            start = -1
            continue
        end, blank = starts[number] + len(body), False
    if start >= 0:
        notes.append((start, end))
    return notes, continued


#: The tags of superscripts and links written in Markdown (inline HTML).
_SUP_OR_A = re.compile(r"<(/?)(sup|a)(?=[\s/>])[^<>]{0,2000}>", re.I)


def _inline_marks(source: str) -> list[Element]:
    """The `<sup>` and `<a>` elements written in a Markdown page (in code or an HTML block
    too: their text is blanked there, and `unmark` passes them over)."""
    if "<" not in source:
        return []
    marks: list[Element] = []
    opened: dict[str, list[tuple[int, int]]] = {"sup": [], "a": []}
    for tag in _SUP_OR_A.finditer(source):
        name = tag.group(2).lower()
        if not tag.group(1):
            opened[name].append(tag.span())
        elif opened[name]:
            start, inner = opened[name].pop()
            if tag.start() - inner <= _MARK_TEXT:
                marks.append(Element(name, start, inner, tag.start(), tag.end()))
    return marks


#: A footnote reference, "[^1]" or "[^note]" (not its definition, "[^1]: ...", whose label
#: is blanked and whose text is the note's: `_footnotes`).
_FOOTNOTE_MARK = re.compile(r"\[\^[^\]\s]{1,40}\](?!:)")
_MARKERS = "cc_marks"
#: Noted for a block element's tag in a paragraph, where a token is noted for a marker.
_BLOCK_TAG = "block tag"
#: Noted for an image's tag in a paragraph (`<img>`): read as the HTML reader reads it (its
#: alternative text, nothing else of it).
_IMAGE_TAG = "image tag"
#: Noted for an element a paragraph's HTML hides, start tag to end tag: it renders as
#: nothing (blanked as an inline tag is: it parts no word or number).
_HIDDEN = "hidden"
_TAG_KINDS = (_BLOCK_TAG, _IMAGE_TAG, _HIDDEN)


def _markdown_tokens(
    source: str,
) -> tuple[
    list[Any],
    list[tuple[int, int]],
    list[tuple[int, int]],
    list[tuple[int, int]],
    list[tuple[int, int]],
]:
    """The Markdown's block tokens (CommonMark, markdown-it), where in the source its
    emphasis markers and inline elements' HTML tags stand, where the tags of block
    elements written inside a paragraph stand (`<br>`, `<p>`: BLOCK_TAGS), the lines of its
    link reference definitions, and where the images written as HTML in a paragraph stand
    (`<img>`: no text of its own but its `alt`). markdown-it gives
    inline tokens no source offsets: its emphasis and inline HTML rules are wrapped to note
    where they read, in the text of each paragraph or heading, and that text is found line
    by line in the source."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import emphasis, html_inline

    md = MarkdownIt("commonmark")

    def note(state: Any, start: int, end: int, token: Any = None) -> None:
        state.env.setdefault("cc_reading", []).append((start, end, token))

    def emphasis_rule(state: Any, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        found = bool(emphasis.tokenize(state, silent))
        if found and not silent:
            # One text token per marker, after any pending text the push flushed first.
            length = state.pos - start
            for i, token in enumerate(state.tokens[count:][-length:]):
                note(state, start + i, start + i + 1, token)
        return found

    def html_rule(state: Any, silent: bool) -> bool:
        start = state.pos
        found = bool(html_inline(state, silent))
        # The tags of inline elements (`<b>`, `<span>`...): they render as nothing; and of
        # block elements (`<br>`): they end a line.
        name = _TAG_NAME.match(state.src, start + 1 + (state.src[start + 1 : start + 2] == "/"))
        if found and not silent and name is not None:
            if name.group().lower() in _INLINE:
                note(state, start, state.pos)
            elif name.group().lower() in BLOCK_TAGS:
                note(state, start, state.pos, _BLOCK_TAG)
            elif name.group().lower() == "img":
                note(state, start, state.pos, _IMAGE_TAG)
            hidden(state, start, name.group().lower())
        return found

    def hidden(state: Any, start: int, name: str) -> None:
        """Follow an element the paragraph's HTML hides (`<span hidden>`, `style="display:
        none"`): from its start tag to its end tag, or the paragraph's end."""
        opened = state.env.get("cc_hidden")
        if opened is not None:
            if name == opened[0]:
                opened[1] += -1 if state.src[start + 1] == "/" else 1
                if not opened[1]:
                    note(state, opened[2], state.pos, _HIDDEN)
                    state.env["cc_hidden"] = None
            return
        if state.src[start + 1] == "/" or name in _VOID:
            return
        flags = _hiding(state.src, name, _attributes_read(state.src, start, state.pos, name))
        if flags & (_REMOVED | _INVISIBLE_STYLE):
            state.env["cc_hidden"] = [name, 1, start]

    def emphasis_pairs(state: Any) -> None:
        emphasis.postProcess(state)
        # Before fragments are joined: a marker is one the emphasis rule paired (an opening
        # or closing token, or the emptied second "*" of a strong one); the rest is text.
        if state.env.get("cc_hidden") is not None:  # hidden to the paragraph's end
            note(state, state.env["cc_hidden"][2], len(state.src), _HIDDEN)
            state.env["cc_hidden"] = None
        reading = state.env.pop("cc_reading", [])
        spans = [
            (start, end, token if token in _TAG_KINDS else None)
            for start, end, token in reading
            if token is None or token in _TAG_KINDS or token.type != "text" or token.content == ""
        ]
        state.env.setdefault(_MARKERS, []).append((state.src, spans))

    md.inline.ruler.at("emphasis", emphasis_rule)
    md.inline.ruler.at("html_inline", html_rule)
    md.inline.ruler2.at("emphasis", emphasis_pairs)
    env: dict[str, Any] = {}
    tokens = md.parse(source, env)
    read: Iterator[tuple[str, list[tuple[int, int, str | None]]]] = iter(env.get(_MARKERS, []))
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    marks: list[tuple[int, int]] = []
    block_tags: list[tuple[int, int]] = []
    images: list[tuple[int, int]] = []
    hidden_spans: list[tuple[int, int]] = []
    kinds = {None: marks, _BLOCK_TAG: block_tags, _IMAGE_TAG: images, _HIDDEN: hidden_spans}
    for token in tokens:
        if token.type != "inline":
            continue
        content, spans = next(read, ("", []))  # one per paragraph or heading, in order
        if not spans or token.map is None or content != token.content:
            continue
        # Each line of the paragraph's text is its source line less a prefix (indentation,
        # "> ", a list marker): where it stands in that line.
        at: list[int] = []
        for i, part in enumerate(content.split("\n")):
            number = token.map[0] + i
            where = lines[number].find(part) if number < len(lines) else -1
            if where < 0:
                break
            at.append(starts[number] + where)
        else:
            breaks = [m.start() for m in re.finditer("\n", content)]
            for start, end, kind in spans:
                offset = _placed(at, breaks, start)
                # A hidden element may run over lines (each with its prefix): both ends.
                last = _placed(at, breaks, end) if kind is _HIDDEN else offset + end - start
                kinds[kind].append((offset, last))
    # The lines of each link reference definition markdown-it read (it keeps the first of a
    # label's; a later one it reads too is on no block's lines: `_markdown_prose`).
    defined = [
        (reference["map"][0], reference["map"][1])
        for reference in env.get("references", {}).values()
        if isinstance(reference, dict) and reference.get("map")
    ]
    return tokens, marks + hidden_spans, block_tags, defined, images


def _placed(at: list[int], breaks: list[int], place: int) -> int:
    """The source offset of a place in a paragraph's text, given where each of its lines
    stands in the source (`at`) and where its line breaks stand in the text (`breaks`)."""
    row = bisect.bisect_right(breaks, place - 1)
    return at[row] + place - (breaks[row - 1] + 1 if row else 0)


def _blank_between(
    text: str, opening: str, closing: str, *, keep: int = 0, line: bool = False
) -> str:
    """Blank each `opening`...`closing` (within one line if `line`), keeping the first `keep`
    characters. Linear: where no `closing` follows, no later `opening` in reach has one
    either, so the search moves on (a regex would rescan to the end from every opening)."""
    parts: list[str] = []
    at = 0
    while (start := text.find(opening, at)) >= 0:
        reach = text.find("\n", start) if line else -1
        reach = len(text) if reach < 0 else reach
        end = text.find(closing, start + len(opening), reach)
        if end < 0:
            if not line or reach == len(text):
                break
            parts.append(text[at:reach])
            at = reach
            continue
        end += len(closing)
        parts.append(text[at : start + keep])
        parts.append(_spaces(text[start + keep : end]))
        at = end
    parts.append(text[at:])
    return "".join(parts)


# HTML is read by a tokenizer of our own, linear in the page: CPython's HTMLParser rescans
# to the end of the page for every unterminated quote (8,000 `<a href='` took 13 s), and its
# behaviour changes between patch releases. It follows HTML's rules where they matter here:
# a comment runs to `-->`, a tag's quoted values may hold `>`, script and style hold text up
# to their end tag, and a tag or comment left open at the end of the file takes the rest.
_TAG_NAME = re.compile(r"[a-zA-Z][^\s/>]*")
_IN_TAG = re.compile(r"[>=]")
_SPACE = re.compile(r"\s*")
# Character references as HTMLParser reads them, digits bounded (html.unescape turns a
# thousand-digit one into an int).
_ENTITY = re.compile(r"&(?:#(?:[0-9]{1,12}|[xX][0-9a-fA-F]{1,12})|[a-zA-Z][-.a-zA-Z0-9]{0,40});?")
#: What an entity may decode to that must not stand in the prose: line breaks and BREAK.
_ENTITY_BREAKS = frozenset(f"\n\r\v{BREAK}\x1c\x1d\x1e\x85\u2028\u2029")
_RAW_END = {tag: re.compile(f"</{tag}", re.IGNORECASE) for tag in ("script", "style")}


def html_prose(source: str) -> str:
    """The page's text outside tags, comments, scripts, styles, navigation, footers, asides
    and telephone links; the rest blanked, so that every offset is the source's. A block
    element's tag is blanked with BREAK first (its edge ends a line and a sentence), and a
    footnote's marker is taken off the number it follows (`unmark`)."""
    return _html_read(source)[0]


def _html_read(source: str) -> tuple[str, list[Edit]]:
    """`html_prose`, and the edits its footnote markers and powers of ten make to the text
    (`unmark`), for the reader of the page's main text to read them the same way."""
    read = _html_reading(source)
    return read.prose, read.marked


@dataclass(frozen=True)
class _Reading:
    """An HTML page read: its prose, the edits `unmark` made (`_html_read`), and what the
    reader of its main text must know of it (`main_prose`): where elements hidden by an
    attribute stand (`hidden`, `display: none`: taken off trafilatura's input, as they are
    off the prose), what is shown but never in trafilatura's text (`unseen`: an image's
    alternative text, `aria-hidden` content, a `<figure>` or `<time>`, all after `</body>`),
    and what is kept in the main text whatever trafilatura makes of it (`kept`: captions)."""

    prose: str
    marked: list[Edit]
    removed: list[tuple[int, int]]
    unseen: list[tuple[int, int]]
    kept: list[tuple[int, int]]


def _html_reading(source: str) -> _Reading:
    """`_html_read`, with what `main_prose` needs to know (`_Reading`)."""
    if BREAK in source:
        source = source.replace(BREAK, " ")
    out: list[str] = []
    # The elements open, as a browser's parser keeps them: what hides its text and where
    # that ends (at its end tag, an end tag of an element it stands in, or where HTML ends
    # it without one: a hidden <p> ends at the next block).
    opened_elements = _Open()
    # Inline elements and comments: they render as nothing, so inside a word or number
    # ("<b>31</b>,240") they must not part it.
    inline: list[tuple[int, int]] = []
    # Superscripts and links, as (start, inner start, inner end, end), and those still open:
    # a footnote's marker may be either (`unmark`).
    marks: list[Element] = []
    opened: dict[str, list[tuple[int, int]]] = {"sup": [], "a": []}
    # Where the text after the body's or the page's end tag starts: a browser shows it, in
    # the body; trafilatura's parser (lxml's) drops it, so its text never holds it.
    tail = -1
    size = len(source)
    pos = 0
    while pos < size:
        lt = source.find("<", pos)
        if lt < 0:
            lt = size
        _text(source, pos, lt, out, opened_elements.skipping)
        if lt == size:
            break
        end, tag = _markup(source, lt)
        if end == lt:  # a `<` that starts no markup ("a < b") is text
            _text(source, lt, lt + 1, out, opened_elements.skipping)
            pos = lt + 1
            continue
        name = tag.lstrip("/")
        closing = tag.startswith("/")
        if tag and not closing:
            opened_elements.start(name, lt)  # what this tag ends without an end tag
        skipping = opened_elements.skipping
        attributes = _attributes_read(source, lt, end, name) if tag and not closing else {}
        alt = attributes.get("alt") if name == "img" and not skipping else None
        if name in BLOCK_TAGS:
            out.append(BREAK + _spaces(source[lt + 1 : end]))
        elif alt is not None:  # an image's alternative text is the page's, as in Markdown
            out.append(_spaces(source[lt : alt[0]]))
            _text(source, alt[0], alt[1], out, False)
            out.append(_spaces(source[alt[1] : end]))
            opened_elements.spans[_UNSEEN].append(alt)  # trafilatura's text has no images
        else:
            out.append(_spaces(source[lt:end]))
        if name in _INLINE or (not tag and source.startswith("<!--", lt)):
            inline.append((lt, end))
        if name in opened and not skipping:
            if not closing:
                opened[name].append((lt, end))
            elif opened[name]:
                start, inner = opened[name].pop()
                if lt - inner <= _MARK_TEXT:
                    marks.append(Element(name, start, inner, lt, end))
        pos = end
        if closing:
            opened_elements.end(name, lt, end)
            if name in ("body", "html") and tail < 0:
                tail = end
        elif tag and name not in _VOID and not opened_elements.closed_by_itself(source, end, name):
            opened_elements.push(name, _hiding(source, name, attributes), lt)
            if tag in _RAW_END:  # its text is not markup, up to its end tag
                close = _RAW_END[tag].search(source, end)
                stop = close.start() if close else size
                out.append(_spaces(source[end:stop]))
                pos = stop
    opened_elements.close(0, size)
    if 0 <= tail < size:
        opened_elements.spans[_UNSEEN].append((tail, size))
    inline += opened_elements.silent
    prose, marked = unmark(source, join_silent("".join(out), inline), marks)
    spans = opened_elements.spans
    return _Reading(prose, marked, spans[_REMOVED], spans[_UNSEEN], spans[_KEPT])


#: Elements that stand inside a line of text and render no space of their own.
_INLINE = frozenset(
    re.findall(
        r"\w+",
        "a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span"
        " strong sub sup time tt u var wbr",
    )
)
#: A footnote's marker: "1", "12", "[3]", "(4)", "1,2", "1-3", "*", "†", "a", "iv". One rule
#: for the page's reader and the sources' (`superscript`, `note_link`).
FOOTNOTE_MARKER = re.compile(
    r"[\[(]?(?:\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*|[*\u2020\u2021\u00a7\u00b6#]{1,3}"
    r"|[a-z]|[ivx]{1,5})[\])]?"
)
#: An exponent: of a power of ten ("10<sup>6</sup>"), or of a unit ("km<sup>2</sup>",
#: "m s<sup>-1</sup>").
_EXPONENT = re.compile(r"[-\u2212]?\d{1,2}")
_UNIT_POWER = re.compile(r"[-\u2212]?[1-3]")
_ORDINAL = re.compile(r"st|nd|rd|th", re.I)
_POWER_OF_TEN = re.compile(r"(?<![\d.,])10$")
_WORD_END = re.compile(r"[^\W\d_]+$")
#: A link or a superscript said to be a footnote reference by its class, role or rel.
_NOTE_REF = re.compile(r"foot|noteref|fnref|cite_ref|\bfn\b|\breference\b|\bref\b", re.I)
#: The most text a superscript that holds nothing but a link into the page may have and
#: still be a note's reference ("[note 3]"), whatever its words.
_LINKED_NOTE = 12
SUPERSCRIPT_DIGITS = str.maketrans(
    "0123456789-\u2212", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b\u207b"
)


def superscript(said: str, before: str, *, linked: bool = False) -> str | None:
    """What a `<sup>` holding the text `said`, set after the text `before`, stands for: its
    text (a unit's power, "km<sup>2</sup>" is km2; an ordinal, "1<sup>st</sup>"; anything
    that is no marker), its text in superscript digits (a power of ten, "10<sup>6</sup>" is
    10⁶, never 106), or None: a footnote's marker, taken off the text ("102<sup>1</sup>
    MtCO2e" is 102 MtCO2e, never 1021). `linked`: the `<sup>` holds nothing but a link into
    the page, or is all such a link holds: a note's reference, whatever its short text.
    The rule of both readers, the page's and the sources' (`sources/text.py`)."""
    if linked and len(said) <= _LINKED_NOTE:
        return None
    word = _WORD_END.search(before)
    if before[-1:].isdigit():
        if _ORDINAL.fullmatch(said):
            return said
        if _POWER_OF_TEN.search(before) and _EXPONENT.fullmatch(said):
            return said.translate(SUPERSCRIPT_DIGITS)
    elif word and len(word[0]) <= 3 and _UNIT_POWER.fullmatch(said):
        return said  # km2, m3, s-1: a unit's power
    return None if FOOTNOTE_MARKER.fullmatch(said) else said


def note_link(said: str, named: str, href: str, before: str) -> bool:
    """Whether a link holding the text `said`, set after the text `before`, is a footnote's
    reference, taken off the text: it holds a marker, and its class, role, rel or id (all
    in `named`) says so, or it points into the page (`href` "#...") from against the word
    or number before it ("15,400<a href='#fn1'>1</a>", Wikipedia's and Pandoc's)."""
    if not FOOTNOTE_MARKER.fullmatch(said):
        return False
    return bool(_NOTE_REF.search(named)) or (href.startswith("#") and bool(before[-1:].strip()))


@dataclass(frozen=True, slots=True)
class Element:
    """A `<sup>` or an `<a>` on the page: its tag's start, its text's start and end, its end
    tag's end (offsets in the file)."""

    name: str
    start: int
    inner: int
    inner_end: int
    end: int


#: A source edit: (start, end, text to write there).
Edit = tuple[int, int, str]
#: The most text a superscript or a link is read for a footnote's marker in: enough for
#: any marker and for a link's tags around one.
_MARK_TEXT = 400
_ATTRIBUTE = re.compile(
    r"""\s(class|role|rel|id|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I
)


def unmark(source: str, prose: str, marks: list[Element]) -> tuple[str, list[Edit]]:
    """`prose` with each footnote marker taken off the number or word it follows, by the
    rule the sources' reader follows (`superscript`, `note_link`): a marker's `<sup>` or
    link is blanked, with spaces, or with FILLER where it stood between a character and
    punctuation ("892,000<a href='#n'>*</a>." reads "892,000."), never joining two words or
    numbers ("102<sup>1</sup>2023"); a power of ten's exponent is written in superscript
    digits in its place ("10<sup>6</sup>" reads 10⁶). The offsets stay the file's. Also the
    edits that read the file's text the same way (for trafilatura: `main_prose`)."""
    if not marks:
        return prose, []
    chars = list(prose)
    edits: list[Edit] = []
    # A `<sup>` that holds nothing but a link into the page, or is all such a link holds, is
    # a note's reference: the links by their place, and by their text's (spaces aside).
    links = {(m.start, m.end): m for m in marks if m.name == "a"}
    holding = {_trimmed(source, m.inner, m.inner_end): m for m in links.values()}
    # Last first: a marker inside another (a link in a <sup>) is settled before it, as the
    # sources' reader settles it. Nothing before a mark has been changed when it is read.
    for mark in sorted(marks, key=lambda m: m.start, reverse=True):
        text = "".join(chars[mark.inner : mark.inner_end]).translate(_NOT_SILENT)
        said = " ".join(text.split())
        if not said or (mark.name == "a" and not FOOTNOTE_MARKER.fullmatch(said)):
            continue  # no text, or a link's that is no marker: nothing to look before for
        before = _before(prose, mark.start)
        if mark.name == "sup":
            link = links.get(_trimmed(source, mark.inner, mark.inner_end)) or holding.get(
                (mark.start, mark.end)
            )
            linked = link is not None and _attributes(source, link)[4].startswith("#")
            keep = superscript(said, before, linked=linked)
            if keep is None:
                edits.append(_drop(chars, mark, before))
            elif keep != said:  # a power of ten: its digits in superscript, in place
                for i in range(mark.inner, mark.inner_end):
                    chars[i] = chars[i].translate(SUPERSCRIPT_DIGITS)
                edits.append((mark.inner, mark.inner_end, keep))
            continue
        *named, href = _attributes(source, mark)
        if note_link(said, " ".join(named), href, before):
            edits.append(_drop(chars, mark, before))
    return "".join(chars), sorted(edits)


_NOTE_ATTRIBUTES = ("class", "role", "rel", "id", "href")


def _attributes(source: str, mark: Element) -> tuple[str, ...]:
    """The class, role, rel, id and href of `mark`'s tag ("" for each it has not)."""
    found = {
        m.group(1).lower(): html.unescape(next(g for g in m.groups()[1:] if g is not None))
        for m in _ATTRIBUTE.finditer(source, mark.start, mark.inner)
    }
    return tuple(found.get(name, "").strip() for name in _NOTE_ATTRIBUTES)


def _trimmed(source: str, start: int, end: int) -> tuple[int, int]:
    """`start` and `end` moved in past white space in `source`."""
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    return start, end


#: How much of the text before a marker `superscript` and `note_link` need: a unit's
#: symbol (three letters at most), a power of ten's "10", the character against it.
_BEFORE = 8


def _before(prose: str, at: int) -> str:
    """The text just before `at`, what renders as nothing (an inline tag, FILLER) left out:
    "<b>102</b><sup>1</sup>" is a marker against 102."""
    reach = 4 * _BEFORE
    while True:
        taken = prose[max(0, at - reach) : at].translate(_NOT_SILENT)
        if len(taken) >= _BEFORE or reach >= at:
            return taken[-_BEFORE:]
        reach *= 4  # a long tag or comment before it


def _drop(chars: list[str], mark: Element, before: str) -> Edit:
    """Blank `mark` in `chars` (line breaks kept): with spaces, or with FILLER where it
    stands between a character and punctuation, as the sources' reader takes it off (never
    joining two words or numbers). The edit that takes it off the file's text."""
    after = mark.end
    while after < len(chars) and chars[after] in SILENT:
        after += 1
    follows = chars[after] if after < len(chars) else ""
    joined = bool(before[-1:].strip()) and bool(follows.strip())
    if before[-1:].isalnum() and follows.isalnum():
        joined = False  # "102<sup>1</sup>2023" is not 1022023
    fill = FILLER if joined else " "
    for i in range(mark.start, mark.end):
        if chars[i] != "\n":
            chars[i] = fill
    return mark.start, mark.end, "" if joined else " "


#: Characters that render as nothing: soft hyphen, zero-width space and joiners, word joiner,
#: byte order mark. They stay in the prose (a review shows them, escaped), and readers of
#: words and figures skip them as they skip FILLER: "1\u00ad240" is 1240.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
#: What readers skip: FILLER and the invisible characters.
SILENT = FILLER + INVISIBLE
_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE, FILLER))
_NOT_SILENT = str.maketrans(dict.fromkeys(SILENT))


def join_silent(prose: str, spans: list[tuple[int, int]]) -> str:
    """`prose` with each span (markup that renders as nothing: an inline tag, a comment, an
    emphasis marker, a footnote reference) blanked: with FILLER where it stands inside a word
    or a number ("<b>31</b>,240" reads "31,240"), else with spaces. Line breaks are kept."""
    if not spans:
        return prose
    chars = list(prose)
    spans = sorted(spans)
    runs: list[list[int]] = []
    for start, end in spans:
        # Spans side by side, or apart only by FILLER or by another span, are one run.
        if runs and (start <= runs[-1][1] or not prose[runs[-1][1] : start].strip(SILENT)):
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    for start, end in runs:
        before = start - 1
        while before >= 0 and prose[before] in SILENT:
            before -= 1
        after = end
        while after < len(prose) and prose[after] in SILENT:
            after += 1
        inside = (
            before >= 0
            and after < len(prose)
            and not prose[before].isspace()
            and not prose[after].isspace()
        )
        fill = FILLER if inside else " "
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = fill
    return "".join(chars)


#: The HTML elements that start a new line for a reader: where a block of text ends.
BLOCK_TAGS = frozenset(
    re.findall(
        r"\w+",
        "p div li ul ol dl dd dt td th tr table thead tbody tfoot caption h1 h2 h3 h4 h5 h6"
        " section article main header footer nav aside form fieldset legend blockquote figure"
        " figcaption pre br hr details summary dialog address body html center hgroup menu"
        " search option",
    )
)
#: Such an element's tag: its name ends where `_TAG_NAME`'s does (`<p-card>` is no `<p>`).
_BLOCK_EDGE = re.compile(
    rf"</?(?:{'|'.join(sorted(BLOCK_TAGS, key=len, reverse=True))})(?=[\s/>])[^>]*>", re.I
)
#: A page whose main text matches less than this share of trafilatura's is not one whose
#: parts could be told apart: all of its prose is read.
_MATCHED_AT_LEAST = 0.8
#: What trafilatura may write between two blocks it keeps: a list's "-", a table's "|".
_SLACK = 16


def main_prose(
    source: str,
    prose: str,
    marked: list[Edit] | None = None,
    *,
    removed: list[tuple[int, int]] | None = None,
    unseen: list[tuple[int, int]] | None = None,
    kept: list[tuple[int, int]] | None = None,
) -> str | None:
    """`prose` with the blocks trafilatura leaves out of the page's main text blanked (a
    cookie banner, a form, related links, a sidebar); None when it finds no main text, or its
    text cannot be lined up with the page's (then every block is read, as before). `marked`:
    the footnote markers and powers of ten `unmark` read in the page, read so by trafilatura
    too (it joins a marker to its number: a block with "102<sup>1</sup>" was never found in
    its text, and was left out of the main text, its figures unread). `removed`: elements
    hidden by an attribute, blank in `prose`, taken off trafilatura's input too (it keeps
    `<p hidden>`: its text would stand between two blocks of ours, which are then not found
    one after the other). `unseen`: what the page shows but trafilatura's text never holds
    (an image's alternative text, `aria-hidden` content, a `<figure>` or a `<time>`, all
    after `</body>` or `</html>`): not looked for, it stays or goes with its block, and a
    block of nothing else stays. `kept`: never blanked (captions)."""
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    edits = sorted([*(marked or []), *((start, end, "") for start, end in removed or [])])
    try:
        # favor_recall: a figure in a table or a caption matters more than a tidy article.
        text = trafilatura.extract(
            _edited(source, edits),
            favor_recall=True,
            include_tables=True,
            include_comments=False,
            deduplicate=False,
        )
    except Exception:  # a page it cannot parse: not ours to fail on
        return None
    if not text:
        return None
    wanted = _folded(text)
    # trafilatura writes a line per block it keeps, in the page's order: each of our blocks is
    # looked for just after the last one matched, or else as one of its lines (a block it
    # moved). Never a search of the whole text per block: quadratic on a long page.
    lines: dict[str, int] = {}
    at = 0
    for line in text.splitlines():
        folded = _folded(line)
        at = wanted.find(folded, at)
        lines.setdefault(folded, at)
        at += len(folded)
    out = list(prose)
    looked_for = _blank_spans(prose, unseen or [])
    matched = 0
    cursor = 0
    # What was not looked for since the last block found: trafilatura may have some of it
    # after all (a figure it kept to keep a paragraph), so the next block may stand that
    # much further on.
    skipped = 0
    edges = [m.span() for m in _BLOCK_EDGE.finditer(source)]
    starts = [0] + [end for _, end in edges]
    ends = [start for start, _ in edges] + [len(source)]
    for start, end in zip(starts, ends, strict=True):
        block = _folded(looked_for[start:end])
        if unseen:
            skipped += len(_folded(prose[start:end])) - len(block)
        if not block:
            continue
        found = wanted.find(block, cursor, cursor + len(block) + _SLACK + skipped)
        if found < 0 and len(block) >= 40:
            found = lines.get(block, -1)
        if found >= 0:
            matched += len(block)
            cursor = max(cursor, found + len(block))
            skipped = 0
            continue
        for i in range(start, end):
            if out[i] != "\n":
                out[i] = " "
    if matched < _MATCHED_AT_LEAST * len(wanted):
        return None
    for start, end in _merged(kept or []):
        out[start:end] = prose[start:end]
    return "".join(out)


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span blanked (line breaks kept); spans may overlap."""
    if not spans:
        return text
    chars = list(text)
    for start, end in _merged(spans):
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` in order, those that overlap or touch made one: each character once, however
    deeply the elements they stand for nest."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _edited(source: str, edits: list[Edit]) -> str:
    """`source` with `edits` (in order, none inside another) made."""
    if not edits:
        return source
    parts: list[str] = []
    at = 0
    for start, end, text in edits:
        if start < at:
            continue  # inside an edit made already
        parts += [source[at:start], text]
        at = end
    parts.append(source[at:])
    return "".join(parts)


def _folded(text: str) -> str:
    """Text with whitespace, FILLER and invisible characters left out: the same for
    trafilatura's and ours."""
    return "".join(text.translate(_INVISIBLE).replace(FILLER, "").split())


#: Elements that have no end tag.
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


#: What an open element is to the reader (`_Open`): its text is skipped (furniture, or hidden
#: by an attribute); hidden by an attribute (taken off trafilatura's input too); shown but
#: never in trafilatura's text (`aria-hidden`, a `<figure>`, a `<time>`); kept in the main
#: text whatever (a caption); made invisible or visible again by its `visibility`.
_SKIPPED, _REMOVED, _UNSEEN, _KEPT, _INVISIBLE_STYLE, _VISIBLE_STYLE, _HOLDS_TABLE = (
    1 << bit for bit in range(7)
)
_TAG_FLAGS = {
    **dict.fromkeys(_SKIP_TAGS, _SKIPPED),
    # trafilatura deletes a figure (unless it holds a table) and a time element, whatever
    # they hold: their text is never in its main text, so it cannot say they are not main.
    "figure": _UNSEEN,
    "time": _UNSEEN,
    # A caption says what a table or a figure shows: its figures matter, wherever
    # trafilatura puts it (a table's caption is one of its rows) or whether it keeps it.
    "caption": _KEPT,
    "figcaption": _KEPT,
}
#: The element stack's kinds of element, as HTML's tree builder asks about them: the
#: boundaries of an element's scope (a `</div>` in a table cell does not close a `<div>`
#: around the table), of a button's, a list item's and a table's scope, the "special"
#: elements an `<li>` or `<dd>` does not close a list item across (but `address`, `div`
#: and `p`), and foreign content (SVG, MathML: `<path/>` closes itself there).
_SCOPE = frozenset(re.findall(r"\w+", "applet caption html table td th marquee object template"))
_KINDS_OF: dict[str, frozenset[str]] = {
    "scope": _SCOPE,
    "button": _SCOPE | {"button"},
    "list": _SCOPE | {"ol", "ul"},
    "table": frozenset({"html", "table", "template"}),
    "special": frozenset(
        re.findall(
            r"\w+",
            "applet area article aside base basefont bgsound blockquote body br button"
            " caption center col colgroup dd details dir dl dt embed fieldset figcaption"
            " figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html"
            " iframe img input keygen li link listing main marquee menu meta nav noembed"
            " noframes noscript object ol param plaintext pre script search section select"
            " source style summary table tbody td template textarea tfoot th thead title tr"
            " track ul wbr xmp",
        )
    ),
    "foreign": frozenset({"svg", "math"}),
}
_KINDS: dict[str, tuple[str, ...]] = {}
for _kind, _names in _KINDS_OF.items():
    for _name in _names:
        _KINDS[_name] = (*_KINDS.get(_name, ()), _kind)
#: Start tags that close an open `<p>` (in button scope).
_ENDS_P = frozenset(
    re.findall(
        r"\w+",
        "address article aside blockquote center details dialog dir div dl fieldset"
        " figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p"
        " pre search section summary table ul listing xmp plaintext li dd dt",
    )
)
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
#: A list item's start tag, and the items it closes (in the same list).
_ITEMS = {"li": ("li",), "dd": ("dd", "dt"), "dt": ("dd", "dt")}
#: What a table's part closes of the table it starts in: (start tags, what they close).
_TABLE_ENDS = {
    **dict.fromkeys(("td", "th"), ("td", "th")),
    "tr": ("tr", "td", "th"),
    **dict.fromkeys(
        ("tbody", "thead", "tfoot", "caption", "colgroup", "col"),
        ("tbody", "thead", "tfoot", "tr", "td", "th", "caption", "colgroup"),
    ),
}
#: The scope an end tag must find its element in (else it is ignored): "scope" for the rest.
_END_SCOPE = {
    "p": "button",
    "li": "list",
    **dict.fromkeys(("tr", "td", "th", "tbody", "thead", "tfoot", "table"), "table"),
}
#: What a `<head>` may hold: any other start tag ends it (a page with no `</head>`).
_HEAD_CONTENT = frozenset(
    re.findall(
        r"\w+", "base basefont bgsound link meta noframes script style template title noscript"
    )
)


class _Open:
    """The elements open at a place in an HTML page, as a browser's parser keeps them,
    closely enough to know what hides what, and where that ends: at the element's end tag,
    at an end tag of an element it stands in (in scope), or where HTML ends it without one
    (a `<p>` at the next block, an `<li>` at the next item of its list, a cell at the next
    cell or row, the `<head>` at the first tag it cannot hold). Linear: each rule looks up
    the last element of a name or kind, never walks the stack."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.flags: list[int] = []
        self.starts: list[int] = []
        self.where: dict[str, list[int]] = {}
        self.kinds: dict[str, list[int]] = {kind: [] for kind in _KINDS_OF}
        #: Whether text here is not the page's: in furniture, hidden, or invisible.
        self.skipping = False
        self.skipped = 0
        self.removed = 0
        self.removed_from = 0
        #: The elements that set `visibility`, innermost last: (index, visible).
        self.shown: list[tuple[int, bool]] = []
        self.spans: dict[int, list[tuple[int, int]]] = {_REMOVED: [], _UNSEEN: [], _KEPT: []}
        #: Hidden inline elements: they part no word or number (`join_silent`).
        self.silent: list[tuple[int, int]] = []

    def last(self, name: str) -> int:
        found = self.where.get(name)
        return found[-1] if found else -1

    def last_kind(self, kind: str) -> int:
        found = self.kinds[kind]
        return found[-1] if found else -1

    def closed_by_itself(self, source: str, end: int, name: str) -> bool:
        """A start tag written `<x/>` that opens nothing: in SVG or MathML only (HTML
        ignores the slash: `<div hidden/>` hides what follows, as a browser shows it)."""
        return source.startswith("/>", end - 2) and (
            name in _KINDS_OF["foreign"] or bool(self.kinds["foreign"])
        )

    def start(self, name: str, at: int) -> None:
        """Close what a start tag `name` at `at` ends without an end tag."""
        where = self.where
        if where.get("head") and name not in _HEAD_CONTENT:
            self.close(self.last("head"), at)
        if name in _ENDS_P and where.get("p"):
            p = self.last("p")
            if p > self.last_kind("button"):
                self.close(p, at)
        if name in _HEADINGS:
            if self.names and self.names[-1] in _HEADINGS:
                self.close(len(self.names) - 1, at)
        elif name in _ITEMS:
            item = max(self.last(other) for other in _ITEMS[name])
            if item >= 0 and self.last_kind("special") == item:
                self.close(item, at)
        elif name in _TABLE_ENDS:
            table = self.last_kind("table")
            parts = [i for i in map(self.last, _TABLE_ENDS[name]) if i > table]
            if parts:
                self.close(min(parts), at)
        elif name in ("option", "optgroup"):
            if self.names and self.names[-1] == "option":
                self.close(len(self.names) - 1, at)
            if name == "optgroup" and self.names and self.names[-1] == "optgroup":
                self.close(len(self.names) - 1, at)

    def end(self, name: str, at: int, end: int) -> None:
        """An end tag `</name>` from `at` to `end`: it closes its element and all opened in
        it, when that element is open in scope; else it is ignored, as a browser ignores
        it. `</body>` and `</html>` close nothing: what follows them is shown in the body."""
        if name in ("body", "html"):
            return
        index = self.last(name)
        if index >= 0 and self.last_kind(_END_SCOPE.get(name, "scope")) <= index:
            self.close(index, at, end)

    def push(self, name: str, flags: int, at: int) -> None:
        index = len(self.names)
        self.names.append(name)
        self.flags.append(flags)
        self.starts.append(at)
        self.where.setdefault(name, []).append(index)
        for kind in _KINDS.get(name, ()):
            self.kinds[kind].append(index)
        if name == "table":
            for figure in self.where.get("figure", ()):
                self.flags[figure] |= _HOLDS_TABLE
        if not flags:
            return
        if flags & _SKIPPED:
            self.skipped += 1
        if flags & _REMOVED:
            if not self.removed:
                self.removed_from = at
            self.removed += 1
        if flags & (_INVISIBLE_STYLE | _VISIBLE_STYLE):
            self.shown.append((index, bool(flags & _VISIBLE_STYLE)))
        self._skipping()

    def close(self, index: int, at: int, own_end: int | None = None) -> None:
        """Close the element at `index` and every element opened in it: they end at `at`,
        it at `own_end` (its end tag's end) when given."""
        while len(self.names) > index:
            last = len(self.names) - 1
            self._pop(own_end if own_end is not None and last == index else at)

    def _pop(self, at: int) -> None:
        name, flags, start = self.names.pop(), self.flags.pop(), self.starts.pop()
        self.where[name].pop()
        for kind in _KINDS.get(name, ()):
            self.kinds[kind].pop()
        if not flags:
            return
        if flags & _SKIPPED:
            self.skipped -= 1
        if flags & _REMOVED:
            self.removed -= 1
            if not self.removed:
                self.spans[_REMOVED].append((self.removed_from, at))
            if name not in BLOCK_TAGS:  # renders as nothing: "31<span hidden>9</span>,240"
                self.silent.append((start, at))
        if self.shown and self.shown[-1][0] == len(self.names):
            self.shown.pop()
        if flags & _UNSEEN and not flags & _HOLDS_TABLE:
            self.spans[_UNSEEN].append((start, at))
        if flags & _KEPT:
            self.spans[_KEPT].append((start, at))
        self._skipping()

    def _skipping(self) -> None:
        self.skipping = self.skipped > 0 or (bool(self.shown) and not self.shown[-1][1])


#: A start tag's attributes, as a browser reads them: a name, then a value quoted or not.
_ATTRIBUTE_OF = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
#: The attributes the reader asks about: what hides an element, what it is by its ARIA
#: role, a link's target, an image's alternative text.
_ASKED = ("hidden", "style", "role", "tel:", "alt")


def _attributes_read(source: str, lt: int, end: int, name: str) -> dict[str, tuple[int, int]]:
    """Where the values of a start tag's attributes stand in `source` (lower-case names; a
    name given twice is its first value, as a browser reads it; a bare name is an empty
    value). Only for a tag that holds a name the reader asks about."""
    markup = source[lt:end].lower()
    if not any(word in markup for word in _ASKED):
        return {}
    found: dict[str, tuple[int, int]] = {}
    first = _TAG_NAME.match(source, lt + 1)
    at = first.end() if first else lt + 1
    for m in _ATTRIBUTE_OF.finditer(source, at, end - 1):
        group = next((g for g in (2, 3, 4) if m.group(g) is not None), 0)
        span = m.span(group) if group else (m.end(), m.end())
        found.setdefault(m.group(1).lower(), span)
    return found


def _value(source: str, span: tuple[int, int] | None) -> str:
    """An attribute's value, its character references decoded."""
    return "" if span is None else html.unescape(source[span[0] : span[1]])


_SKIP_ROLE = re.compile(r"\s*(?:navigation|contentinfo|complementary|search)\b", re.I)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_IMPORTANT = re.compile(r"\s*!\s*important\s*$", re.I)


def _hiding(source: str, name: str, attributes: dict[str, tuple[int, int]]) -> int:
    """What an element is to the reader, by its name and attributes (`_Open`'s flags):
    furniture by its ARIA role (navigation, contentinfo, complementary, search), a link to
    a telephone number, hidden (`hidden`, unless `until-found` or its style shows it;
    `display: none`), invisible or visible again (`visibility`), hidden from assistive
    technology only (`aria-hidden="true"`: shown, so read)."""
    flags = _TAG_FLAGS.get(name, 0)
    if not attributes:
        return flags
    if _SKIP_ROLE.match(_value(source, attributes.get("role"))):
        flags |= _SKIPPED
    if name == "a" and _value(source, attributes.get("href")).strip().lower().startswith("tel:"):
        flags |= _SKIPPED
    display, visibility = _style(_value(source, attributes.get("style")))
    hidden = "hidden" in attributes and _value(source, attributes["hidden"]).strip().lower()
    if display == "none" or (
        display is None and "hidden" in attributes and hidden != "until-found"
    ):
        flags |= _SKIPPED | _REMOVED
    if visibility is not None:
        flags |= _VISIBLE_STYLE if visibility else _INVISIBLE_STYLE
    if _value(source, attributes.get("aria-hidden")).strip().lower() == "true":
        flags |= _UNSEEN
    return flags


def _style(style: str) -> tuple[str | None, bool | None]:
    """An inline style's `display` (None when it sets none) and whether its `visibility`
    shows the element (None when it sets none, or inherits): the last declaration of each
    wins, an `!important` one over any not."""
    if ":" not in style:
        return None, None
    display: tuple[str, bool] | None = None
    visibility: tuple[bool | None, bool] | None = None
    for declaration in _CSS_COMMENT.sub(" ", style).split(";"):
        prop, colon, value = declaration.partition(":")
        if not colon:
            continue
        prop = prop.strip().lower()
        important = bool(_IMPORTANT.search(value))
        value = _IMPORTANT.sub("", value).strip().lower()
        if prop == "display" and value and (display is None or important or not display[1]):
            display = (value, important)
        elif prop == "visibility" and value:
            shown = {"hidden": False, "collapse": False, "visible": True, "initial": True}.get(
                value
            )
            if visibility is None or important or not visibility[1]:
                visibility = (shown, important)
    return (display[0] if display else None), (visibility[0] if visibility else None)


def _markup(source: str, lt: int) -> tuple[int, str]:
    """The end of the markup starting at `lt` (`lt` when there is none), and its tag name
    (lower case, `/name` for an end tag, "" for comments and declarations)."""
    size = len(source)
    nxt = source[lt + 1 : lt + 2]
    if source.startswith("<!--", lt):
        close = source.find("-->", lt + 4)
        return (close + 3 if close >= 0 else size), ""
    if nxt in ("!", "?") or (nxt == "/" and not _TAG_NAME.match(source, lt + 2)):
        if source.startswith("</>", lt):
            return lt + 3, ""
        close = source.find(">", lt + 2)
        return (close + 1 if close >= 0 else size), ""
    closing = nxt == "/"
    name = _TAG_NAME.match(source, lt + 2 if closing else lt + 1)
    if name is None:
        return lt, ""
    pos = name.end()
    while True:
        stop = _IN_TAG.search(source, pos)
        if stop is None:
            return size, ""  # a tag open at the end of the file takes the rest
        if stop.group() == ">":
            tag = name.group().lower()
            return stop.end(), ("/" + tag if closing else tag)
        pos = _SPACE.match(source, stop.end()).end()  # type: ignore[union-attr]
        quote = source[pos : pos + 1]
        if quote in ("'", '"'):
            close = source.find(quote, pos + 1)
            if close < 0:
                return size, ""
            pos = close + 1


def _text(source: str, start: int, end: int, out: list[str], skipping: bool) -> None:
    """Text between markup: as it is, entities as their character then FILLER."""
    if skipping:
        out.append(_spaces(source[start:end]))
        return
    at = start
    for match in _ENTITY.finditer(source, start, end):
        out.append(source[at : match.start()])
        text = match.group()
        char = html.unescape(text if text.endswith(";") else text + ";")[:1]
        # One character for one, always: a reference to a control character decodes to
        # nothing ("&#1;"), which would shift every offset after it; and one to a line break
        # or a form feed ("&#10;") is a space, or line:column and BREAK would be the page's.
        out.append(" " if char in _ENTITY_BREAKS else char or FILLER)
        out.append(FILLER * (len(text) - 1))
        at = match.end()
    out.append(source[at:end])
