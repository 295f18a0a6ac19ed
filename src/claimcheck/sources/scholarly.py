"""Scholarly sources: a DOI's metadata (title, first author, year) and its updates
(retraction, expression of concern, correction) from Crossref, and a local Retraction Watch
CSV when the user gives one.

The commonest citation failure in scholarship is wrong metadata: a DOI that resolves to
another paper, a title or year that does not match. `snapshot` asks Crossref's REST API
(`crossref-api`, a setting, so tests use a local fake) and keeps what it answered in the
source's snapshot; `verify` compares it offline. The Retraction Watch data is never downloaded
by claimcheck: the user names a copy (`retractions`), and the report says its date and size —
a DOI not listed there is not known to be sound, only not listed.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import msgspec

from claimcheck.errors import ConfigError
from claimcheck.safetext import UNSAFE

#: Crossref's relation types (`updated-by` / `update-to`) and Retraction Watch's natures, as
#: the kinds claimcheck reports.
RETRACTION = "retraction"
CONCERN = "expression of concern"
CORRECTION = "correction"
_KINDS = {
    "retraction": RETRACTION,
    "retracted": RETRACTION,
    "withdrawal": RETRACTION,
    "removal": RETRACTION,
    "expression_of_concern": CONCERN,
    "expression-of-concern": CONCERN,
    "expression of concern": CONCERN,
    "correction": CORRECTION,
    "erratum": CORRECTION,
    "corrigendum": CORRECTION,
}
#: Retraction Watch CSVs are large; more than this is refused.
MAX_CSV_BYTES = 256 * 1024 * 1024


class Update(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A notice about the work: its kind, the notice's DOI, and its date."""

    kind: str
    doi: str | None = None
    date: str | None = None


class Metadata(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What Crossref says a DOI is (kept in the source's snapshot)."""

    doi: str
    title: str | None = None
    first_author: str | None = None
    year: int | None = None
    updates: tuple[Update, ...] = ()
    #: Why the metadata could not be read (the DOI unknown, the API down), else None.
    error: str | None = None


def works_url(api: str, doi: str) -> str:
    """The API address of a DOI's record (`https://api.crossref.org/works/10.1/x`)."""
    return api.rstrip("/") + "/" + quote(normal_doi(doi), safe="/")


#: What may stand before a DOI and is not part of it: a resolver (`https://doi.org/`, the old
#: `dx.doi.org`, `www.doi.org`, with or without its scheme) or a label (`doi:`, `DOI: `,
#: `DOI `). A CSL processor writes its own resolver before the DOI: one typed with it would be
#: published https://doi.org/https://doi.org/10....
_DOI_PREFIX = re.compile(r"(?i)^(?:(?:https?://)?(?:dx\.|www\.)?doi\.org/|doi:\s*|doi\s+)")
#: A DOI (the DOI Handbook, 2.2): `10.`, the registrant's number and any subdivisions, `/`,
#: and a suffix of printable characters.
_DOI = re.compile(r"10\.[0-9]+(?:\.[0-9]+)*/\S+")


def bare_doi(doi: str) -> str | None:
    """The DOI in `doi`, as CSL-JSON gives one (`10.18750/MASSBALANCE.2024`): without a
    resolver or label (`https://doi.org/10.18750/...`, `DOI: 10.5281/...`; a resolver's `%2F`
    decoded), in the case it was typed (a DOI's case does not matter; its writer's may be
    read); None when what is left is not a DOI (no `10.` prefix, a space, an invisible
    character). The one reading of a DOI: every comparison (`normal_doi`), export, import and
    the S006 check go through it."""
    from urllib.parse import unquote

    text = doi.strip()
    found = _DOI_PREFIX.match(text)
    if found is not None:
        text = text[found.end() :]
        if "/" in found.group():  # a resolver's URL: its path may be percent-encoded
            text = unquote(text)
    if UNSAFE.search(text) or _DOI.fullmatch(text) is None:
        return None
    return text


def normal_doi(doi: str) -> str:
    """A DOI as compared: `bare_doi`'s, in lower case (DOIs are case-insensitive), so that
    `https://www.doi.org/10.1/X`, `doi: 10.1/X` and `10.1/x` are one DOI, as asked of Crossref
    and looked up in Retraction Watch data. What is not a DOI is compared as typed, without
    a resolver or label and in lower case (S006 reports it)."""
    bare = bare_doi(doi)
    if bare is None:
        text = doi.strip()
        found = _DOI_PREFIX.match(text)
        bare = text[found.end() :] if found is not None else text
    return bare.lower()


def doi_problem(doi: str) -> str | None:
    """Why `doi` is not a DOI, said for its writer (None: it is one)."""
    if bare_doi(doi) is not None:
        return None
    text = doi.strip()
    found = _DOI_PREFIX.match(text)
    rest = text[found.end() :] if found is not None else text
    if not rest:
        return "it is empty but for a resolver or `doi:` label"
    if UNSAFE.search(rest):
        return "it holds an invisible or control character"
    if not rest.startswith("10."):
        return "a DOI starts `10.`"
    if any(c.isspace() for c in rest):
        return "a DOI has no space in it"
    return "a DOI is `10.`, the registrant's number, `/` and the item's suffix"


_ISBN_LABEL = re.compile(r"(?i)^ISBN(?:-1[03])?\s*:?\s*")
#: Dashes typed for hyphens (a copy from a web page): written as `-`.
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe63\uff0d]")
#: A qualifier after an ISBN, `(pbk.)`, `(hardback)`: not part of it.
_QUALIFIER = re.compile(r"\([^()]*\)")


def bare_isbn(isbn: str) -> str | None:
    """An ISBN as CSL-JSON gives one: as typed, without an `ISBN` label and with any dash as a
    hyphen; None unless every number in it (Zotero writes several, `9780306406157
    0306406152`) is an ISBN-10 or ISBN-13 whose check digit agrees (a typo in one is
    published as another book's, or none's)."""
    return _isbn(isbn)[0]


def isbn_problem(isbn: str) -> str | None:
    """Why `isbn` is not an ISBN, said for its writer (None: it is one)."""
    return _isbn(isbn)[1]


def normal_isbn(isbn: str) -> str:
    """An ISBN as compared: `ISBN 978-0-306-40615-7` is 9780306406157, as export writes it
    without its label."""
    unlabelled = _DASHES.sub("-", _ISBN_LABEL.sub("", isbn.strip(), count=1))
    return "".join(unlabelled.split()).replace("-", "").upper()


def _isbn(isbn: str) -> tuple[str | None, str | None]:
    """`isbn` as written (`bare_isbn`), or None and why it is not an ISBN."""
    text = _DASHES.sub("-", _ISBN_LABEL.sub("", isbn.strip(), count=1))
    if not text:
        return None, "it has no digits"
    if UNSAFE.search(text):
        return None, "it holds an invisible or control character"
    tokens = [t.replace("-", "") for t in re.split(r"[\s,;]+", _QUALIFIER.sub(" ", text)) if t]
    if len(tokens) > 1 and all(len(t) in (10, 13) for t in tokens):
        numbers = tokens
    else:  # one ISBN written in groups: `978 0 306 40615 7`
        numbers = ["".join(tokens)]
    for number in numbers:
        why = _isbn_disagrees(number)
        if why is not None:
            return None, why
    return text, None


def _isbn_disagrees(number: str) -> str | None:
    """Why `number` is not an ISBN-10 or ISBN-13 whose check digit agrees with the rest (None:
    it is one)."""
    if re.fullmatch(r"[0-9]{9}[0-9Xx]", number):
        values = [10 if c in "Xx" else int(c) for c in number]
        if sum((10 - i) * v for i, v in enumerate(values)) % 11 == 0:
            return None
        due = (11 - sum((10 - i) * v for i, v in enumerate(values[:9])) % 11) % 11
        return _check_digit(number, "X" if due == 10 else str(due))
    if re.fullmatch(r"97[89][0-9]{10}", number):
        weighted = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(number[:12]))
        due = (10 - weighted % 10) % 10
        return None if int(number[12]) == due else _check_digit(number, str(due))
    if re.fullmatch(r"[0-9]{12}[0-9Xx]", number):
        return f"{number} is 13 digits that do not start 978 or 979, as an ISBN-13 does"
    digits = sum(c.isdigit() for c in number)
    if re.fullmatch(r"[0-9Xx]+", number):
        return f"{number} has {digits} digits, where an ISBN has 10 or 13"
    return f"{number!r} is not digits (an ISBN is 10 or 13 digits, hyphens as you like)"


def _check_digit(number: str, due: str) -> str:
    return (
        f"the check digit of {number} is {number[-1].upper()}, where its other digits give "
        f"{due}: a digit is mistyped (or it is another book's)"
    )


def from_crossref(doi: str, document: object) -> Metadata:
    """The Metadata of a Crossref `/works/DOI` answer (`{"message": {...}}`)."""
    message = document.get("message") if isinstance(document, dict) else None
    if not isinstance(message, dict):
        return Metadata(normal_doi(doi), error="the API's answer has no `message`")
    titles = message.get("title")
    title = (
        titles[0] if isinstance(titles, list) and titles and isinstance(titles[0], str) else None
    )
    first = None
    authors = message.get("author")
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        lead = next((a for a in authors if a.get("sequence") == "first"), authors[0])
        first = lead.get("family") or lead.get("name")
        first = first if isinstance(first, str) else None
    year = _year(message.get("issued")) or _year(message.get("published"))
    updates = [
        update
        for relation in _list(message.get("updated-by"))
        if (update := _update(relation)) is not None
    ]
    return Metadata(normal_doi(doi), title, first, year, tuple(updates))


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _year(value: object) -> int | None:
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        first = parts[0][0]
        return first if isinstance(first, int) else None
    return None


def _update(relation: object) -> Update | None:
    if not isinstance(relation, dict):
        return None
    kind = _KINDS.get(str(relation.get("type", "")).strip().lower())
    if kind is None:
        return None
    doi = relation.get("DOI")
    year = _year(relation.get("updated"))
    return Update(kind, doi if isinstance(doi, str) else None, str(year) if year else None)


def differences(
    title: str | None, author: str | None, year: int | None, found: Metadata
) -> list[str]:
    """How the registry's title, first author and year differ from the DOI's metadata (each
    said with both versions); only what both sides state is compared."""
    out = []
    # A subtitle left out ("...in London, 2019" for "...in London, 2019: a study") is the
    # same work; a title that is merely the start of another ("Effect" of "Effects of
    # smoking...") is not: the main titles, before a subtitle's colon or dash, must agree.
    if (
        title
        and found.title
        and _words(title) != _words(found.title)
        and _words(_main_title(title)) != _words(_main_title(found.title))
    ):
        out.append(f"title {title!r}, the DOI's is {found.title!r}")
    # The family name as a run of the author's words: "van der Berg" in "Jan van der Berg".
    if (
        author
        and found.first_author
        and f" {_words(found.first_author)} " not in f" {_words(author)} "
    ):
        out.append(f"first author {author!r}, the DOI's is {found.first_author!r}")
    if year and found.year and year != found.year:
        out.append(f"year {year}, the DOI's is {found.year}")
    return out


def _main_title(title: str) -> str:
    """A title without its subtitle (after a colon, a spaced dash, or a question mark)."""
    return re.split(r":\s|\s[-\u2013\u2014]\s|\?\s", title, maxsplit=1)[0]


def _words(text: str) -> str:
    """Lower case, accents and punctuation gone, spaces single."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


@dataclass(frozen=True)
class Retractions:
    """A Retraction Watch CSV: the notices by the original paper's DOI, and what it is."""

    path: str
    rows: int
    dated: str
    notices: dict[str, list[Update]] = field(default_factory=dict)

    def about(self, doi: str) -> list[Update]:
        return self.notices.get(normal_doi(doi), [])

    def describe(self) -> str:
        rows = f"{self.rows:,} row{'s' if self.rows != 1 else ''}"
        return f"the Retraction Watch data in {self.path} ({rows}, latest notice {self.dated})"


def read_retractions(path: Path, cited: Iterable[str] | None = None) -> Retractions:
    """A Retraction Watch CSV (its `OriginalPaperDOI`, `RetractionNature`, `RetractionDate`
    and `RetractionDOI` columns), read row by row, keeping the notices of the `cited` DOIs
    (all when None); a ConfigError naming the file and line when it is not one."""
    import io

    from claimcheck.files import read_regular

    wanted = None if cited is None else {normal_doi(d) for d in cited}
    data = read_regular(path, "retractions file", MAX_CSV_BYTES)
    stream = io.StringIO(data.decode("utf-8-sig", errors="replace"), newline="")
    del data
    reader = csv.DictReader(stream)
    try:
        fields = reader.fieldnames
    except csv.Error as exc:
        raise ConfigError(f"not a CSV: {exc}", file=str(path), line=1, column=1) from None
    needed = {"OriginalPaperDOI", "RetractionNature"}
    if not fields or not needed <= set(fields):
        raise ConfigError(
            "not a Retraction Watch CSV: no OriginalPaperDOI and RetractionNature columns",
            file=str(path),
            line=1,
            column=1,
            hint="give the CSV as Retraction Watch / Crossref publish it",
        )
    notices: dict[str, list[Update]] = {}
    rows = 0
    latest: tuple[int, int, int] | None = None
    try:
        for row in reader:
            rows += 1
            when = _us_date((row.get("RetractionDate") or "").strip())
            if when is not None and (latest is None or when > latest):
                latest = when
            doi = normal_doi(row.get("OriginalPaperDOI") or "")
            kind = _KINDS.get((row.get("RetractionNature") or "").strip().lower())
            if not doi or kind is None or (wanted is not None and doi not in wanted):
                continue
            notice_doi = (row.get("RetractionDOI") or "").strip() or None
            date = f"{when[0]:04d}-{when[1]:02d}-{when[2]:02d}" if when else None
            notices.setdefault(doi, []).append(Update(kind, notice_doi, date))
    except csv.Error as exc:
        raise ConfigError(
            f"the CSV cannot be read: {exc}", file=str(path), line=reader.line_num + 1, column=1
        ) from None
    dated = f"{latest[0]:04d}-{latest[1]:02d}-{latest[2]:02d}" if latest else "unknown"
    return Retractions(str(path), rows, dated, notices)


def _us_date(text: str) -> tuple[int, int, int] | None:
    """Retraction Watch's `3/1/2024 0:00` (month first), or an ISO date."""
    match = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", text) or None
    if match:
        return int(match[3]), int(match[1]), int(match[2])
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    return (int(iso[1]), int(iso[2]), int(iso[3])) if iso else None


def cited_dois(dois: Iterable[str | None]) -> list[str]:
    return sorted({normal_doi(d) for d in dois if d})
