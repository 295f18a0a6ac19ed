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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import msgspec

from claimcheck.errors import ConfigError

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
MAX_CSV_BYTES = 512 * 1024 * 1024


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


def normal_doi(doi: str) -> str:
    """A DOI as compared: no resolver prefix, lower case (DOIs are case-insensitive)."""
    text = doi.strip()
    text = re.sub(r"(?i)^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", text)
    return text.lower()


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
    if title and found.title and _words(title) != _words(found.title):
        shorter, longer = sorted((_words(title), _words(found.title)), key=len)
        if not (shorter and longer.startswith(shorter)):  # a subtitle left out is not another work
            out.append(f"title {title!r}, the DOI's is {found.title!r}")
    if author and found.first_author:
        family = _words(author).split()
        if _words(found.first_author) not in family:
            out.append(f"first author {author!r}, the DOI's is {found.first_author!r}")
    if year and found.year and year != found.year:
        out.append(f"year {year}, the DOI's is {found.year}")
    return out


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
        return f"the Retraction Watch data in {self.path} ({self.rows:,} rows, dated {self.dated})"


def read_retractions(path: Path) -> Retractions:
    """A Retraction Watch CSV (its `OriginalPaperDOI`, `RetractionNature`, `RetractionDate`
    and `RetractionDOI` columns); a ConfigError naming the file and line when it is not one."""
    from claimcheck.files import read_regular

    data = read_regular(path, "retractions file", MAX_CSV_BYTES)
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(text.splitlines())
    needed = {"OriginalPaperDOI", "RetractionNature"}
    if not reader.fieldnames or not needed <= set(reader.fieldnames):
        raise ConfigError(
            "not a Retraction Watch CSV: no OriginalPaperDOI and RetractionNature columns",
            file=str(path),
            line=1,
            column=1,
            hint="give the CSV as Retraction Watch / Crossref publish it",
        )
    notices: dict[str, list[Update]] = {}
    rows = 0
    for row in reader:
        rows += 1
        doi = normal_doi(row.get("OriginalPaperDOI") or "")
        kind = _KINDS.get((row.get("RetractionNature") or "").strip().lower())
        if not doi or doi in ("unavailable", "0") or kind is None:
            continue
        when = (row.get("RetractionDate") or "").strip() or None
        notice_doi = (row.get("RetractionDOI") or "").strip() or None
        notices.setdefault(doi, []).append(Update(kind, notice_doi, when))
    dated = datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()
    return Retractions(str(path), rows, dated, notices)


def cited_dois(dois: Iterable[str | None]) -> list[str]:
    return sorted({normal_doi(d) for d in dois if d})
