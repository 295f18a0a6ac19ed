"""Exports to standard formats (schema.org ClaimReview, CSL-JSON) and import of CSL-JSON sources.

Only what the registry records is written: no author, date or URL is made up.

A ClaimReview's rating is the reviewer's published verdict. A review of `verified` is
exported as "Accurate" only when claimcheck's own checks (run offline) find nothing wrong with
the claim, its state `ok`: a claim the checks find unsourced, inconsistent with its page,
stale, disputed by a source or otherwise not ok is left out, and named in a note, rather than
rated accurate or given a rating no reviewer gave. A `disputed` or `retracted` review says the
claim does not stand, and is exported as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from claimcheck.dates import PartialDate
from claimcheck.errors import ConfigError
from claimcheck.files import read_json, read_text
from claimcheck.findings import ClaimState
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


#: A claim's states by id, as a run of the checks gives them.
States = Mapping[str, tuple[ClaimState, ...]]


class Exported(NamedTuple):
    """What an export writes, and the claims it left out with their states (for a note)."""

    items: list[dict[str, Any]]
    left_out: tuple[tuple[str, tuple[ClaimState, ...]], ...] = ()


def claim_reviews(registry: Registry, states: States) -> Exported:
    """ClaimReview JSON-LD for every claim whose review reached a verdict; a `verified` one
    only when its state is `ok` (see the module's docstring), the others left out."""
    page = registry.page
    reviews = []
    left_out: list[tuple[str, tuple[ClaimState, ...]]] = []
    for claim in registry.claims:
        review = claim.review
        if review is None or review.status not in _VERDICT:
            continue
        if review.status == "verified":
            # A claim the run did not see (none should be) is not known to be ok either.
            found = states.get(claim.id, ())
            if found != (ClaimState.OK,):
                left_out.append((claim.id, found))
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
    return Exported(reviews, tuple(left_out))


def _date_parts(day: PartialDate) -> dict[str, Any]:
    parts = [day.year] + ([day.month] if day.month else []) + ([day.day] if day.day else [])
    return {"date-parts": [parts]}


def csl_export(registry: Registry, states: States) -> Exported:
    """`csl_items`, as an export: every source, whatever the claims' states."""
    return Exported(csl_items(registry))


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


def sources_to_import(path: Path, sources: tuple[Source, ...]) -> tuple[list[dict[str, Any]], int]:
    """The registry entries `import-sources` adds from the CSL-JSON file at `path` (those
    not already among `sources`), and the number of items the file holds.

    Each entry is checked as the registry's loader checks a source (a real date, an
    http(s) URL...): the first it rejects is a ConfigError at its item in the file, naming
    the item's position, its id and its field, and nothing is imported.
    """
    items = read_csl(path)
    found = _new_sources(items, sources)
    _refuse_invalid(found, items, path)
    return [entry for _, entry in found], len(items)


#: A source's fields as the CSL-JSON fields they come from.
_CSL_FIELD = {
    "id": "id",
    "title": "title",
    "kind": "type",
    "publisher": "publisher",
    "url": "URL",
    "doi": "DOI",
    "isbn": "ISBN",
    "author": "author",
    "published": "issued",
}
_CSL_HINT = {
    "URL": "give the item its http(s) address, or remove its URL",
    "issued": "give the item a real date (`date-parts`: [[year, month, day]])",
}


def _refuse_invalid(
    found: list[tuple[int, dict[str, Any]]], items: list[dict[str, Any]], path: Path
) -> None:
    from claimcheck.drafts import dump_drafts
    from claimcheck.loader import parse_registry

    if not found:
        return
    text = "version: 1\nsources:\n" + dump_drafts([entry for _, entry in found])
    rejected = [
        f
        for f in parse_registry(text, str(path)).findings
        if len(f.path) >= 2 and f.path[0] == "sources" and isinstance(f.path[1], int)
    ]
    if not rejected:
        return
    first = min(rejected, key=lambda f: f.path[1])
    index = found[int(first.path[1])][0]
    field = _CSL_FIELD.get(str(first.path[2]), str(first.path[2])) if len(first.path) > 2 else None
    ident = items[index].get("id")
    line, column = _place(read_text(path, "CSL-JSON file"), index, field)
    raise ConfigError(
        f"item {index + 1}{f' (id {ident!r})' if ident is not None else ''}"
        f"{f', `{field}`' if field else ''}: {first.message}; nothing was imported",
        file=str(path),
        line=line,
        column=column,
        hint=_CSL_HINT.get(field or "", "fix the item in your reference manager, or here"),
    )


def _place(text: str, index: int, field: str | None) -> tuple[int | None, int | None]:
    """The line and column of item `index` of a CSL-JSON text (a list of items, or one),
    at its `field`'s key when it has one; (None, None) when the text cannot be walked."""
    import json
    import re

    decoder = json.JSONDecoder()
    at = len(text) - len(text.lstrip())
    try:
        if text.startswith("[", at):
            at += 1
            for _ in range(index + 1):
                at += len(text[at:]) - len(text[at:].lstrip(" \t\r\n,"))
                start = at
                _, at = decoder.raw_decode(text, at)
        else:
            start = at
            _, at = decoder.raw_decode(text, at)
    except ValueError:
        return None, None
    key = re.compile(rf'"{re.escape(field)}"\s*:') if field else None
    found = key.search(text, start, at) if key else None
    offset = found.start() if found else start
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def new_sources(items: list[dict[str, Any]], sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    """Registry entries for the items not already listed, ids made unique.

    An item is already listed when a source has its DOI, URL or ISBN, or its id.
    """
    return [entry for _, entry in _new_sources(items, sources)]


def _new_sources(
    items: list[dict[str, Any]], sources: tuple[Source, ...]
) -> list[tuple[int, dict[str, Any]]]:
    """`new_sources`, each entry with the index of the item it comes from."""
    dois = {s.doi.lower() for s in sources if s.doi}
    urls = {s.url.rstrip("/") for s in sources if s.url}
    isbns = {s.isbn.replace("-", "") for s in sources if s.isbn}
    taken = {s.id for s in sources}
    listed = set(taken)
    entries = []
    for index, item in enumerate(items):
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
        entries.append((index, entry))
    return entries


#: Each export format and what makes it from a registry.
EXPORTS: dict[str, Callable[[Registry, States], Exported]] = {
    "claimreview": claim_reviews,
    "csl-json": csl_export,
}
