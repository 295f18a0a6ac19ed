"""A published page as prose: text, Markdown or HTML, with every character at its source place.

What is not prose (HTML tags, scripts, styles and navigation; Markdown code and link targets;
URLs anywhere) is blanked out with spaces, newlines kept, so that an offset in the prose is
the same offset in the file and line:column come for free.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from claimcheck.errors import ConfigError

FORMATS = ("text", "markdown", "html")
MAX_PAGE_BYTES = 64 * 1024 * 1024
#: Stands where a decoded HTML entity was longer than its character; matching skips it.
FILLER = "\x00"
URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"')\]]+|\bwww\.[^\s<>\"')\]]+")
_SKIP_TAGS = frozenset({"script", "style", "nav", "noscript", "template", "svg", "head"})


@dataclass(frozen=True)
class PageText:
    """The page's prose, offset-aligned with its source file."""

    path: str
    prose: str
    _lines: tuple[int, ...]

    @classmethod
    def of(cls, path: str, prose: str) -> PageText:
        starts = [0] + [m.end() for m in re.finditer("\n", prose)]
        return cls(path, prose, tuple(starts))

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and column."""
        return self._lines[line - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        line = bisect.bisect_right(self._lines, offset) - 1
        return line + 1, offset - self._lines[line] + 1


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
    from claimcheck.files import read_regular

    data = read_regular(path, "page file", MAX_PAGE_BYTES)
    try:
        # Universal newlines, as text-mode reading gave: line numbers count \r\n and \r too.
        source = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"cannot read the page: {exc}", file=str(path), hint="save it as UTF-8"
        ) from None
    fmt = fmt or guess_format(path)
    if fmt not in FORMATS:
        raise ConfigError(
            f"--page-format: unknown format {fmt!r}", hint=f"choose one of {', '.join(FORMATS)}"
        )
    return page_from_text(str(path), source, fmt)


def page_from_text(name: str, source: str, fmt: str) -> PageText:
    """The prose of `source`, read as `fmt`."""
    if fmt == "html":
        prose = _html_prose(source)
    elif fmt == "markdown":
        prose = _markdown_prose(source)
    else:
        prose = source
    return PageText.of(name, _blank(prose, URL))


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: _spaces(m.group()), text)


def _spaces(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _markdown_prose(source: str) -> str:
    from markdown_it import MarkdownIt

    lines = source.splitlines(keepends=True)
    for token in MarkdownIt("commonmark").parse(source):
        if token.type in ("fence", "code_block", "html_block") and token.map:
            for i in range(*token.map):
                lines[i] = _spaces(lines[i])
    text = "".join(lines)
    text = re.sub(r"`[^`\n]*`", lambda m: _spaces(m.group()), text)  # inline code
    text = re.sub(r"\]\([^)\n]*\)", lambda m: "]" + _spaces(m.group()[1:]), text)  # link targets
    text = re.sub(r"(?m)^ {0,3}\[[^\]\n]+\]:\s*\S+.*$", lambda m: _spaces(m.group()), text)  # refs
    return re.sub(r"<!--.*?-->", lambda m: _spaces(m.group()), text, flags=re.S)


class _ProseParser(HTMLParser):
    """Keeps the source characters of text outside scripts, styles and navigation."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.out = list(_spaces(source))
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.skipping: list[str] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        start = self._offset()
        self.out[start : start + len(data)] = list(self.source[start : start + len(data)])

    def handle_entityref(self, name: str) -> None:
        self._entity(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._entity(f"&#{name};")

    def _entity(self, text: str) -> None:
        """The character in place of the entity's first one; FILLER for the rest."""
        if self.skipping:
            return
        start = self._offset()
        length = len(text) if self.source.startswith(text, start) else len(text) - 1
        self.out[start] = html.unescape(text)[:1]
        self.out[start + 1 : start + length] = [FILLER] * (length - 1)


def _html_prose(source: str) -> str:
    parser = _ProseParser(source)
    parser.feed(source)
    parser.close()
    return "".join(parser.out)
