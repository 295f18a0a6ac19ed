"""What a page states about itself, for `claimcheck init --from`: its title, its address and
the date it speaks for.

HTML: `<title>` (else the first `<h1>`), `<link rel=canonical>` (else `og:url`), and
`article:modified_time`, `article:published_time`, `<time datetime>` or a "Published",
"Updated" or "Last updated" line. Markdown and text: the first `# ` heading (else the first
line) and such a line. Of the dates found, the latest is the one the page speaks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from claimcheck.dates import MONTHS, PartialDate, parse_date


@dataclass(frozen=True)
class PageMeta:
    """The page's own title, address and date; None where the page does not state it."""

    title: str | None
    url: str | None
    as_of: PartialDate | None


_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
#: A date as pages write it: 2025-03-14, 14 March 2025, March 14, 2025, March 2025.
_WRITTEN_DATE = (
    r"(?P<iso>\d{4}-\d{2}(?:-\d{2})?)"
    rf"|(?P<dmy>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\.?\s+(?:(?P<mdy>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?P<y2>\d{{4}})"
)
_STATED = re.compile(
    rf"\b(?:published|updated|last\s+updated|last\s+modified|released|date)\b"
    rf"(?:\s+on)?\s*:?\s*(?:{_WRITTEN_DATE})",
    re.IGNORECASE,
)


def _written(match: re.Match[str]) -> PartialDate | None:
    try:
        if match.group("iso"):
            return parse_date(match.group("iso"))
        if match.group("y1"):
            month = MONTHS[match.group("m1").lower()]
            return parse_date(f"{match.group('y1')}-{month:02d}-{int(match.group('dmy')):02d}")
        month = MONTHS[match.group("m2").lower()]
        day = f"-{int(match.group('mdy')):02d}" if match.group("mdy") else ""
        return parse_date(f"{match.group('y2')}-{month:02d}{day}")
    except ValueError:  # no such date (31 February): not a statement of one
        return None


def _stated_dates(text: str) -> list[PartialDate]:
    return [d for m in _STATED.finditer(text) if (d := _written(m)) is not None]


def _iso_prefix(value: str) -> PartialDate | None:
    """The date of an ISO 8601 date or date-time (`2025-03-14T09:00:00Z`)."""
    match = re.match(r"\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)", value)
    try:
        return parse_date(match.group(1)) if match else None
    except ValueError:
        return None


def _latest(dates: list[PartialDate]) -> PartialDate | None:
    return max(dates, key=lambda d: (d.last, d.first), default=None)


def page_meta(source: str, fmt: str) -> PageMeta:
    """The title, URL and date `source` (read as `fmt`: text, markdown, html) states."""
    if fmt == "html":
        return _html_meta(source)
    title = None
    for line in source.splitlines():
        heading = re.match(r"#\s+(.+?)\s*#*\s*$", line) if fmt == "markdown" else None
        if heading:
            title = heading.group(1)
            break
    if title is None:  # the first line of text, as a reader takes it for the title
        lines = (line.strip().lstrip("#").strip() for line in source.splitlines())
        title = next((line for line in lines if line), None)
    return PageMeta(title or None, None, _latest(_stated_dates(source)))


def _html_meta(source: str) -> PageMeta:
    parser = _HeadParser()
    parser.feed(source)
    parser.close()
    title = " ".join(parser.title.split()) or " ".join(parser.h1.split()) or None
    url = parser.canonical or parser.og_url
    dates = [d for d in map(_iso_prefix, parser.datetimes) if d is not None]
    dates += _stated_dates(" ".join(parser.text))
    return PageMeta(title, url, _latest(dates))


class _HeadParser(HTMLParser):
    """Collects the title, first h1, canonical and og:url links, dates and the body text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.h1 = ""
        self.canonical: str | None = None
        self.og_url: str | None = None
        self.datetimes: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None  # "title" or "h1" while inside one
        self._h1_done = False
        self._skip = 0  # inside script or style

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "title" and not self.title:
            self._in = "title"
        elif tag == "h1" and not self._h1_done:
            self._in = "h1"
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href") or None
        elif tag == "meta":
            prop = (a.get("property") or a.get("name") or "").lower()
            if prop == "og:url":
                self.og_url = self.og_url or a.get("content") or None
            elif prop in ("article:published_time", "article:modified_time"):
                self.datetimes.append(a.get("content", ""))
        elif tag == "time" and a.get("datetime"):
            self.datetimes.append(a["datetime"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == self._in:
            if tag == "h1":
                self._h1_done = True
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1 += data
        self.text.append(data)
