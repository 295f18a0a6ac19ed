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
from claimcheck.model import Registry, Source

_VERDICT = {"verified": "Accurate", "disputed": "Disputed", "retracted": "Retracted"}
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
_KIND_OF_CSL = {
    "legal_case": "court",
    "legislation": "government",
    "hearing": "parliament",
    "article-newspaper": "news",
    "article-magazine": "news",
    "article-journal": "academic",
    "book": "academic",
    "chapter": "academic",
    "paper-conference": "academic",
    "thesis": "academic",
    "dataset": "statistics",
    "report": "other",
}


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
            "type": _CSL_TYPE[source.kind],
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
        if source.published is not None:
            item["issued"] = _date_parts(source.published)
        if source.accessed is not None:
            item["accessed"] = _date_parts(source.accessed)
        items.append(item)
    return items


def read_csl(path: Path) -> list[dict[str, Any]]:
    """A CSL-JSON file (a list of items); a ConfigError naming the file when it is not one."""
    data = read_json(path, "CSL-JSON file")
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(i, dict) and i.get("title") for i in data):
        raise ConfigError("expected CSL-JSON: a list of items, each with a title", file=str(path))
    return data


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
        doi, url, isbn = item.get("DOI"), item.get("URL"), item.get("ISBN")
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
            "kind": _KIND_OF_CSL.get(str(item.get("type")), "other"),
        }
        for key, field in (
            ("publisher", "publisher"),
            ("URL", "url"),
            ("DOI", "doi"),
            ("ISBN", "isbn"),
        ):
            if item.get(key):
                entry[field] = str(item[key])
        issued = (item.get("issued") or {}).get("date-parts")
        if issued and issued[0]:
            entry["published"] = "-".join(
                f"{int(p):02d}" if i else str(int(p)) for i, p in enumerate(issued[0])
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
