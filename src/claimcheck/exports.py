"""Exports to standard formats (schema.org ClaimReview, CSL-JSON) and import of CSL-JSON sources.

Only what the registry records is written: no author, date or URL is made up.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimcheck.dates import PartialDate
from claimcheck.errors import ConfigError
from claimcheck.files import read_json
from claimcheck.ids import snake_id, unique
from claimcheck.model import CSL_TYPES, Registry, Source

_VERDICT = {"verified": "Accurate", "disputed": "Disputed", "retracted": "Retracted"}
#: The first version's kinds as their nearest CSL type; a CSL type is its own.
_CSL_TYPE = {
    "government": "report",
    "inquiry": "report",
    "statistics": "dataset",
    "police": "report",
    "court": "legal_case",
    "parliament": "hearing",
    "charity": "webpage",
    "campaign": "webpage",
    "news": "article-newspaper",
    "academic": "article-journal",
    "other": "webpage",
}
#: A source with no kind: CSL's type for a document of no more particular type.
_UNTYPED = "document"
_CSL = frozenset(CSL_TYPES)


def csl_type(kind: str | None) -> str:
    """A source's kind as a CSL-JSON item type."""
    if kind is None:
        return _UNTYPED
    return kind if kind in _CSL else _CSL_TYPE[kind]


def source_kind(csl: object) -> str | None:
    """A CSL-JSON item type as a source's kind: the type itself, one to one; None (no kind)
    for a type CSL does not define, rather than a guess."""
    return csl if isinstance(csl, str) and csl in _CSL else None


def claim_reviews(registry: Registry) -> list[dict[str, Any]]:
    """ClaimReview JSON-LD for every claim whose review reached a verdict."""
    page = registry.page
    reviews = []
    for claim in registry.claims:
        review = claim.review
        if review is None or review.status not in _VERDICT:
            continue
        item: dict[str, Any] = {"@type": "Claim", "text": claim.text}
        if page is not None and page.url:
            item["appearance"] = {"@type": "CreativeWork", "url": page.url}
        rating: dict[str, Any] = {"@type": "Rating", "alternateName": _VERDICT[review.status]}
        if review.note:
            rating["ratingExplanation"] = review.note
        document: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": claim.id,
            "claimReviewed": claim.text,
            "itemReviewed": item,
            "reviewRating": rating,
        }
        if review.on is not None:
            document["datePublished"] = str(review.on)
        if review.by:
            document["author"] = {"@type": "Organization", "name": review.by}
        reviews.append(document)
    return reviews


def _date_parts(day: PartialDate) -> dict[str, Any]:
    parts = [day.year] + ([day.month] if day.month else []) + ([day.day] if day.day else [])
    return {"date-parts": [parts]}


def csl_items(registry: Registry) -> list[dict[str, Any]]:
    """Every source as a CSL-JSON item (what Zotero and pandoc read)."""
    items = []
    for source in registry.sources:
        item: dict[str, Any] = {
            "id": source.id,
            "type": csl_type(source.kind),
            "title": source.title,
        }
        optional = {
            "publisher": source.publisher,
            "URL": source.url,
            "DOI": source.doi,
            "ISBN": source.isbn,
            "note": source.notes,
        }
        item.update({key: value for key, value in optional.items() if value})
        if source.author:  # the first author, as written: a literal name (CSL allows it)
            item["author"] = [{"literal": source.author}]
        if source.published is not None:
            item["issued"] = _date_parts(source.published)
        if source.accessed is not None:
            item["accessed"] = _date_parts(source.accessed)
        items.append(item)
    return items


#: The item fields import reads, each text (or a number, which CSL-JSON allows for ids).
_CSL_TEXT = ("id", "type", "title", "publisher", "DOI", "URL", "ISBN")


def read_csl(path: Path) -> list[dict[str, Any]]:
    """A CSL-JSON file (a list of items); a ConfigError naming the file, and the item and
    field, when it is not one. A bad item stops the import: skipping it would add the others
    without a word about the one left out."""
    try:
        data = read_json(path, "CSL-JSON file")
    except ValueError as exc:  # a number of over 4,300 digits: json's int conversion
        raise ConfigError(f"not JSON: {exc}".split(";")[0], file=str(path)) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ConfigError("expected CSL-JSON: a list of items, each with a title", file=str(path))
    for index, item in enumerate(data, 1):
        problem = _csl_problem(item)
        if problem is not None:
            raise ConfigError(
                f"item {index}: {problem}",
                file=str(path),
                hint="export CSL-JSON from your reference manager, or fix the item",
            )
    return data


def _csl_problem(item: object) -> str | None:
    """What is wrong with one CSL-JSON item, for what import reads of it; None if nothing."""
    if not isinstance(item, dict):
        return f"expected an item (an object), got {_json_type(item)}"
    for key in _CSL_TEXT:
        value = item.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return f"`{key}` must be text, got {_json_type(value)}"
        if isinstance(value, int) and abs(value) >= 10**18:
            return f"`{key}` is a number of over 18 digits"
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        return "`title` must be some text"
    issued = item.get("issued")
    if issued is not None:
        parts = issued.get("date-parts") if isinstance(issued, dict) else None
        if parts is not None and not _date_parts_ok(parts):
            return "`issued.date-parts` must be [[year, month, day]], e.g. [[2024, 5]]"
        if not isinstance(issued, dict):
            return f"`issued` must be an object with `date-parts`, got {_json_type(issued)}"
    return None


def _first_author(authors: object) -> str | None:
    """The first author of a CSL item, as "Given Family" (or its literal name)."""
    if not isinstance(authors, list) or not authors or not isinstance(authors[0], dict):
        return None
    first = authors[0]
    name = first.get("literal") or " ".join(
        str(first[k]) for k in ("given", "family") if isinstance(first.get(k), str) and first[k]
    )
    return str(name).strip() or None


def _date_parts_ok(parts: object) -> bool:
    if not isinstance(parts, list) or not parts:
        return isinstance(parts, list)
    first = parts[0]
    if not isinstance(first, list) or len(first) > 3:
        return False
    limits = (9999, 12, 31)
    for part, limit in zip(first, limits, strict=False):
        if isinstance(part, str) and part.strip().isdigit() and len(part.strip()) <= 4:
            part = int(part)
        if isinstance(part, bool) or not isinstance(part, int) or not 0 < part <= limit:
            return False
    return True


def _json_type(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return "text"


def new_sources(items: list[dict[str, Any]], sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    """Registry entries for the items not already listed, ids made unique.

    An item is already listed when a source has its DOI, URL or ISBN, or its id.
    """
    dois = {s.doi.lower() for s in sources if s.doi}
    urls = {s.url.rstrip("/") for s in sources if s.url}
    isbns = {s.isbn.replace("-", "") for s in sources if s.isbn}
    taken = {s.id for s in sources}
    listed = set(taken)
    entries = []
    for item in items:
        doi, url, isbn = (str(item[k]) if item.get(k) else None for k in ("DOI", "URL", "ISBN"))
        if (
            (doi and doi.lower() in dois)
            or (url and url.rstrip("/") in urls)
            or (isbn and str(isbn).replace("-", "") in isbns)
            or item.get("id") in listed
        ):
            continue
        entry: dict[str, Any] = {
            "id": unique(
                snake_id(str(item.get("id") or item["title"]), words=6, prefix="source"), taken
            ),
            "title": str(item["title"]),
        }
        kind = source_kind(item.get("type"))
        if kind is not None:
            entry["kind"] = kind
        for key, field in (
            ("publisher", "publisher"),
            ("URL", "url"),
            ("DOI", "doi"),
            ("ISBN", "isbn"),
        ):
            if item.get(key):
                entry[field] = str(item[key])
        author = _first_author(item.get("author"))
        if author:
            entry["author"] = author
        issued = (item.get("issued") or {}).get("date-parts")
        if issued and issued[0]:  # checked by read_csl: one to three numbers in range
            entry["published"] = "-".join(
                f"{int(p):02d}" if i else f"{int(p):04d}" for i, p in enumerate(issued[0])
            )
        if doi:
            dois.add(doi.lower())
        if url:
            urls.add(url.rstrip("/"))
        entries.append(entry)
    return entries


#: Each export format and what makes it from a registry.
EXPORTS: dict[str, Callable[[Registry], list[dict[str, Any]]]] = {
    "claimreview": claim_reviews,
    "csl-json": csl_items,
}
