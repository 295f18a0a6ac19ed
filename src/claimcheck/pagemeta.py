"""What a page states about itself, for `claimcheck init --from`: its title, its address and
the date it speaks for.

HTML: `<title>` (else the first `<h1>`), `<link rel=canonical>` (else `og:url`; only a plain
http(s) address, so never a `javascript:` one), and `article:modified_time`,
`article:published_time`, `<time datetime>` or a "Published", "Updated" or "Last updated"
line. Markdown: its front matter's `title`, `date`/`lastmod` and `canonical_url` (YAML
between `---` lines or TOML between `+++` lines, which is no part of the page's text), else
the first `# ` heading or a heading underlined with `=`, else the first line; and such a
line. Text: its first line and such a line. Of the dates found, the latest is the one the
page speaks for. A title keeps no control or invisible character.

`own_date` is stricter, for `verify` (T007 and the page's date T001 counts from): only what
the page says of itself, the `article:modified_time`, `article:published_time` or
`og:updated_time` meta of an HTML page, and lines of its text that begin with "Last updated",
"Updated", "Last modified", "Last reviewed", "Published", "First published" or "Posted" and a
date (GOV.UK's "Published 3 March 2025 Last updated 9 May 2025" is two on one line). A line
starts after a line break or at an HTML block's edge (`<p>`, `<dd>`...: minified HTML has
none). A "Released" or "Date:" in the body, or a `<time>` of an event, is not the page's own
date.

A date is read in the forms pages write it: 2025-03-02, 2025/03/02, 2 March 2025, 2nd of
March 2025, 2-Mar-2025, March 2, 2025, Mar. 2nd, 2025, March 2025, each after a weekday or
not ("Sat 2 March 2025", "Saturday, March 2, 2025"), 13/03/2025 and 3/13/2025 (a number over
12 is the day), Q1 2025 and H1 2025. Where it could be more than one date, it is read as the
latest it can be, and says so in its text, in brackets: 02/03/2025 is 2 March (not 3
February) unless a weekday names the one it is, a quarter or a half is its last month. A
labelled line whose date cannot be read that way ("Last updated: 2/3/25", "Updated: spring
2025") is kept as unread (`UnreadDate`), never taken for a page that states no date; a label
followed by no date's shape ("Published: Marine Management Organisation", "Posted 3
vacancies") states no date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from claimcheck.dates import MONTHS, PartialDate, either_note, numeric_days, parse_date


@dataclass(frozen=True)
class PageMeta:
    """The page's own title, address and date; None where the page does not state it."""

    title: str | None
    url: str | None
    as_of: PartialDate | None


_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: A weekday before a date ("Sat", "Saturday,", "Thurs."): it names which of two readings
#: of 02/03/2025 is meant, else it is passed over.
_WEEKDAY = (
    r"(?:(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed"
    r"|thu(?:rs?)?|fri|sat|sun)\.?,?\s+)?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
#: A date as pages write it: 2025-03-14, 2025/03/14, 14/03/2025, 3/14/2025, 14 March 2025,
#: 14th of March 2025, 14-Mar-2025, March 14, 2025, March 2025, Q1 2025, H1 2025; a weekday
#: may stand before it. Never one digit more on either side (not the "25" of "2025/26").
_WRITTEN_DATE = (
    rf"{_WEEKDAY}(?:"
    r"(?P<iso>\d{4})(?P<isep>[-/.])(?P<im>\d{1,2})(?:(?P=isep)(?P<id>\d{1,2}))?(?![\d/])"
    r"|(?P<n1>\d{1,2})(?P<nsep>[/.-])(?P<n2>\d{1,2})(?P=nsep)(?P<ny>\d{4})(?![\d/])"
    rf"|(?P<dmy>\d{{1,2}}){_ORDINAL}(?:\s+of)?[\s-]+(?P<m1>{_MONTH})\.?,?[\s-]+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\.?,?\s+(?:(?P<mdy>\d{{1,2}}){_ORDINAL},?\s+)?(?P<y2>\d{{4}})"
    r"|(?P<qk>[QH])(?P<qn>[1-4])[ \t/-]*(?P<qy>\d{4})(?![\d/])"
    r"|(?P<qy2>\d{4})[ \t/-]*(?P<qk2>[QH])(?P<qn2>[1-4])"
    # A year alone, where the line ends with it: "Last updated: 2025" (not "Updated 2025
    # figures show...", which is no date of the page's).
    r"|(?P<year>(?:1[89]|2\d)\d\d)(?=[ \t.]*(?:\n|\Z))"
    r")(?!\d|[/-]\d)"
)
_STATED = re.compile(
    rf"\b(?:published|updated|last\s+updated|last\s+modified|released|date)\b"
    rf"(?:\s+on)?\s*:?\s*(?:{_WRITTEN_DATE})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Reading:
    """A written date as read, and how it was chosen where it could be more than one ("" when
    it could not), and the other date it could be."""

    date: PartialDate
    note: str = ""
    other: PartialDate | None = None


def _day(year: int, month: int, day: int | None = None) -> PartialDate | None:
    """The date, or None where there is no such day (31 February)."""
    try:
        found = PartialDate(year, month, day)
        found.last  # noqa: B018 - validates month and day
    except ValueError:
        return None
    return found


def _written(match: re.Match[str]) -> _Reading | None:
    """The date a `_WRITTEN_DATE` match states: where it could be more than one, the latest
    it can be (a weekday before it choosing, where it names one of them)."""
    group = match.group
    if group("iso"):
        if not group("id") and group("isep") != "-":
            return None  # "2024.5", "2024/25": no month, as 2024-05 is
        day = int(group("id")) if group("id") else None
        found = _day(int(group("iso")), int(group("im")), day)
        return _Reading(found) if found is not None else None
    if group("n1"):
        # The rule for a page's own date (`dates`): the later, unless a weekday names one.
        readings = numeric_days(int(group("n1")), int(group("n2")), int(group("ny")))
        if len(readings) < 2:
            return _Reading(readings[0]) if readings else None
        weekday = (group("wd") or "")[:3].lower()
        named = [d for d in readings if _WEEKDAYS[d.first.weekday()] == weekday]
        if len(named) == 1:
            return _Reading(named[0])
        other, latest = readings
        return _Reading(latest, f"[{either_note(latest, other)}]", other)
    if group("y1"):
        found = _day(int(group("y1")), MONTHS[group("m1").lower()], int(group("dmy")))
        return _Reading(found) if found is not None else None
    if group("y2"):
        day = int(group("mdy")) if group("mdy") else None
        found = _day(int(group("y2")), MONTHS[group("m2").lower()], day)
        return _Reading(found) if found is not None else None
    if group("year"):
        return _Reading(PartialDate(int(group("year"))))
    kind, which, of = (
        (group("qk"), group("qn"), group("qy"))
        if group("qk")
        else (group("qk2"), group("qn2"), group("qy2"))
    )
    part = "quarter" if kind.upper() == "Q" else "half"
    if part == "half" and which not in "12":
        return None
    found = _day(int(of), int(which) * (3 if part == "quarter" else 6))
    if found is None:
        return None
    return _Reading(found, f"[read as {found}, the {part}'s last month]")


def _stated_dates(text: str) -> list[PartialDate]:
    return [r.date for m in _STATED.finditer(text) if (r := _written(m)) is not None]


def _iso_prefix(value: str) -> PartialDate | None:
    """The date of an ISO 8601 date or date-time (`2025-03-14T09:00:00Z`)."""
    match = re.match(r"\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)", value)
    try:
        return parse_date(match.group(1)) if match else None
    except ValueError:
        return None


def _latest(dates: list[PartialDate]) -> PartialDate | None:
    return max(dates, key=lambda d: (d.last, d.first), default=None)


#: Front matter: a Markdown file's first line `---` (YAML) or `+++` (TOML), to the same line
#: again (YAML may end with `...`). Jekyll, Hugo, Eleventy and others read it; it is not shown.
_FRONT_MATTER = re.compile(
    r"(?P<fence>---|\+\+\+)[ \t]*\n(?P<body>(?:.*\n)*?)(?:(?P=fence)|\.\.\.)[ \t]*(?:\n|$)"
)
_FRONT_FIELD = re.compile(r"(?m)^([A-Za-z_][\w-]*)[ \t]*[:=][ \t]*(.*?)[ \t]*$")
#: Its fields that state the page's date, and its address.
_FRONT_DATES = ("date", "lastmod", "last_modified", "updated", "modified", "published")
_FRONT_URLS = ("canonical_url", "canonicalurl", "canonical")


def front_matter(source: str) -> tuple[int, dict[str, str]]:
    """Where a Markdown file's front matter ends (0 when it has none), and its top-level
    fields of one line (`title: "Housing 2025"`, `date = 2025-05-20`), keys lower case, quotes
    taken off."""
    match = _FRONT_MATTER.match(source)
    if match is None:
        return 0, {}
    fields: dict[str, str] = {}
    for field in _FRONT_FIELD.finditer(match.group("body")):
        value = field.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        fields.setdefault(field.group(1).lower(), value.strip())
    return match.end(), fields


def _plain_title(text: str) -> str:
    """A title with its control and invisible characters (bidi overrides, escapes) left out,
    its white space one space."""
    kept = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf"))
    return " ".join(kept.split())


def _web_address(url: str | None) -> str | None:
    """`url` if it is a plain http(s) address, else None."""
    if not url:
        return None
    from claimcheck.http import plain_url_problem

    return url if plain_url_problem(url, lambda _host: False) is None else None


def _markdown_heading(lines: list[str]) -> str | None:
    """The first top heading: `# Title`, or "Title" underlined with `=`."""
    for i, line in enumerate(lines):
        heading = re.match(r"#\s+(.+?)\s*#*\s*$", line)
        if heading is not None:
            return _plain_title(heading.group(1)) or None
        if line.strip() and i + 1 < len(lines) and re.fullmatch(r"=+[ \t]*", lines[i + 1]):
            return _plain_title(line) or None
    return None


def page_meta(source: str, fmt: str) -> PageMeta:
    """The title, URL and date `source` (read as `fmt`: text, markdown, html) states."""
    if fmt == "html":
        return _html_meta(source)
    title = url = None
    dates: list[PartialDate] = []
    if fmt == "markdown":
        end, fields = front_matter(source)
        source = source[end:]
        title = _plain_title(fields.get("title", "")) or None
        url = next((u for k in _FRONT_URLS if (u := _web_address(fields.get(k)))), None)
        dates = [d for k in _FRONT_DATES if (d := _iso_prefix(fields.get(k, ""))) is not None]
    lines = source.splitlines()
    if title is None and fmt == "markdown":
        title = _markdown_heading(lines)
    if title is None:  # the first line of text, as a reader takes it for the title
        stripped = (_plain_title(line.strip().lstrip("#")) for line in lines)
        title = next((line for line in stripped if line), None)
    return PageMeta(title or None, url, _latest(dates + _stated_dates(source)))


@dataclass(frozen=True)
class OwnDate:
    """The date a page states for itself, as it writes it and where (an offset in its source,
    which is an offset in its prose too). Where the written date could be more than one,
    `text` ends with how it was read, in brackets."""

    date: PartialDate
    text: str
    offset: int
    #: The other dates the written one could be (02/03/2025 read as 2 March: 3 February),
    #: earlier than `date`; () where it could be no other.
    others: tuple[PartialDate, ...] = ()


@dataclass(frozen=True)
class UnreadDate:
    """A line that states the page's date ("Last updated: 2/3/25") in a form not read: its
    words and where it stands."""

    text: str
    offset: int


_OWN_LABEL = (
    r"(?:page\s+)?(?:last\s+(?:updated|modified|reviewed|revised)|updated|last\s+edited"
    r"|(?:first\s+)?published|date\s+published|posted|modified)"
)
#: A line's label (after marks and spaces), and what follows it, matched there: one pass over
#: the page. These patterns read the prose with each `page.BREAK` (a form feed, where a `<p>`
#: or `<dd>` stood) made a line break, so that a line starts at an HTML block's edge too (one
#: `^` is ten times faster than `(?:^|(?<=\x0c))` on 1 MB).
_OWN_LINE = re.compile(rf"^[ \t>*_#|]*(?P<label>{_OWN_LABEL})", re.IGNORECASE | re.MULTILINE)
_OWN_DATE = re.compile(rf"(?:\s+on)?\s*:?\s*(?:{_WRITTEN_DATE})", re.IGNORECASE | re.MULTILINE)
#: After the label (and a colon, "on"), what a line stating the page's date has where no date
#: was read: something shaped as a date is, not any words ("Published: Marine Management
#: Organisation", "Updated: added the tonnage table", "## Updated 2024 guidance", "Posted 3
#: vacancies" state none). Numbers joined as a date's are ("2/3/25", "2024/25", "3/25" ending
#: the line; not "3/4 of", nor "12-15 reports"); a day and a month or a word then a year ("2
#: March", "14 Marhc 2025"); a month, weekday, season or quarter ending the line or before a
#: number ("spring 2024", "March 2", "Q3"); a year in two digits ("'25"). Then the rest of the
#: line's first 20 characters, to show where it stands.
_UNREAD_SHAPE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?!\d)|\d{4}[/.-]\d{1,2}(?!\d)"
    r"|\d{1,2}[/.-](?:\d{4}|\d\d)(?=[ \t.]*$)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?[ \t-]+"
    rf"(?:(?:{_MONTH})\b|[a-z]{{3,}}\.?,?[ \t-]+\d{{4}}\b)"
    rf"|(?:{_MONTH}|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday|spring|summer|autumn|fall|winter|[QH][1-4])\.?"
    r"(?=,?[ \t]*(?:['\u2019]?\d|$))"
    r"|['\u2019]\d\d(?!\d))"
)
_OWN_UNREAD = re.compile(
    rf"(?:\s+on)?[ \t]*:?[ \t]*(?<![\w'\u2019]){_UNREAD_SHAPE}(?:[^\n]{{0,20}}(?=[ \t.]*$))?",
    re.IGNORECASE | re.MULTILINE,
)
_OWN_NEXT = re.compile(
    rf"[ \t,;|*_\u00b7\u2022\u2013\u2014-]*(?P<label>{_OWN_LABEL})(?:\s+on)?\s*:?\s*"
    rf"(?:{_WRITTEN_DATE})",
    re.IGNORECASE,
)
_BREAK = "\x0c"  # `page.BREAK` (that module imports this one)
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_OWN_META = frozenset({"article:modified_time", "article:published_time", "og:updated_time"})


def own_date(source: str, prose: str, fmt: str) -> OwnDate | None:
    """The date the page states for itself (the latest, as it speaks for its last update), or
    None: see the module's docstring. `prose` is the page's text with markup blanked, offsets
    kept (`claimcheck.page`)."""
    return own_dates(source, prose, fmt)[0]


def own_dates(source: str, prose: str, fmt: str) -> tuple[OwnDate | None, tuple[UnreadDate, ...]]:
    """`own_date`, and the lines stating the page's date in a form not read."""
    found: list[OwnDate] = []
    if fmt == "html":
        for tag in _META_TAG.finditer(source):
            attributes = {
                m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
                for m in _ATTRIBUTE.finditer(tag.group())
            }
            name = (attributes.get("property") or attributes.get("name") or "").lower()
            meta = _iso_prefix(attributes.get("content", "")) if name in _OWN_META else None
            if meta is not None:
                found.append(OwnDate(meta, f"{name} {attributes['content']}", tag.start()))
    unread: list[UnreadDate] = []
    # Offsets kept: a BREAK is one character, as the line break standing for it.
    prose = prose.replace(_BREAK, "\n") if _BREAK in prose else prose
    for line in _OWN_LINE.finditer(prose):
        start = line.start("label")
        match = _OWN_DATE.match(prose, line.end())
        stated = _written(match) if match is not None else None
        if stated is None:  # no date, or no such date (31/02/2025)
            rest = _OWN_UNREAD.match(prose, line.end())
            if rest is not None:
                unread.append(UnreadDate(" ".join(prose[start : rest.end()].split()), start))
            continue
        while match is not None:
            if stated is not None:
                text = " ".join(prose[start : match.end()].split())
                text = f"{text} {stated.note}" if stated.note else text
                others = (stated.other,) if stated.other is not None else ()
                found.append(OwnDate(stated.date, text, start, others))
            match = _OWN_NEXT.match(prose, match.end())
            if match is not None:
                start, stated = match.start("label"), _written(match)
    return max(found, key=lambda d: (d.date.last, d.date.first), default=None), tuple(unread)


def _html_meta(source: str) -> PageMeta:
    parser = _HeadParser()
    parser.feed(source)
    parser.close()
    title = _plain_title(parser.title) or _plain_title(parser.h1) or None
    # A canonical link that is no web address (`javascript:`, a relative path) is passed over.
    url = _web_address(parser.canonical) or _web_address(parser.og_url)
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
