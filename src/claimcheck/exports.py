"""Exports to standard formats (schema.org ClaimReview, CSL-JSON) and import of CSL-JSON sources.

Only what the registry records is written: no author, date or URL is made up.

A ClaimReview's rating is the reviewer's published verdict. A review of `verified` is
exported as "Accurate" only when claimcheck's own checks (run offline) find nothing wrong with
the claim, its state `ok`: a claim the checks find unsourced, inconsistent with its page,
stale, disputed by a source or otherwise not ok is left out, and named in a note, rather than
rated accurate or given a rating no reviewer gave. A `disputed` or `retracted` review says the
claim does not stand, and is exported as it is.

What an export writes is published as it is written, so a value it cannot publish correctly
leaves its item out, named in a note as a claim the checks fail is: a review or a source's date
after the run's day (a typo: `2052` for `2025`), an identifier that is not one (a DOI, an ISBN,
a URL), the page's URL where it is not a plain http(s) one. What can be written correctly
without a guess is: a DOI without the resolver it was typed with (a CSL processor adds its
own), an ISBN without its `ISBN` label, a URL without the user name and password in it (said
in a note: L010), a source's notes with each line a CSL processor would read as a field
(`Status: provisional`) in parentheses (said in a note), and every text with `<`, `>` and `&`
escaped, so that the JSON can stand in an HTML `<script>` element.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import msgspec

from claimcheck.dates import PartialDate
from claimcheck.errors import ConfigError
from claimcheck.files import read_json, read_text
from claimcheck.findings import ClaimState
from claimcheck.ids import snake_id, unique
from claimcheck.model import CSL_TYPES, Page, Registry, Source
from claimcheck.safetext import shown

# bare_doi and bare_isbn are exported from here too, as before they moved to scholarly.
from claimcheck.sources.scholarly import bare_doi as bare_doi
from claimcheck.sources.scholarly import bare_isbn as bare_isbn
from claimcheck.sources.scholarly import normal_doi, normal_isbn

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
    #: Each item left out for what else is wrong with it (a date after the run's day, an
    #: identifier that is not one), or written without a password its URL had: one line
    #: each, for standard error, as the claims in `left_out` are named. An export leaves an
    #: item out for these only when it is given the run's day (`today`): a caller that gives
    #: none is one that does not print these notes, and an item must not vanish unsaid.
    notes: tuple[str, ...] = ()


def claim_reviews(registry: Registry, states: States, today: date | None = None) -> Exported:
    """ClaimReview JSON-LD for every claim whose review reached a verdict; a `verified` one
    only when its state is `ok` (see the module's docstring), the others left out. A review
    dated after `today`, the run's day, is left out, and every one when the page's URL cannot
    be published: each gives it as where its claim appears (see `Exported.notes`; `today`
    None: a caller that does not print them, for which nothing is left out but by state)."""
    notes: list[str] = []
    appearance = None
    page = registry.page
    if page is not None and page.url:
        public, problem = _public_url(page.url)
        if public is None and today is not None:
            return Exported([], (), (_page_url_note(page, problem),))
        if public is not None and problem is not None:  # its password, written without
            notes.append(_page_url_note(page, problem))
        appearance = public or page.url  # (as written only when `today` is None)
    reviews = []
    left_out: list[tuple[str, tuple[ClaimState, ...]]] = []
    written: dict[PartialDate, str] = {}
    for claim in registry.claims:
        review = claim.review
        if review is None or review.status not in _VERDICT:
            continue
        if review.status == "verified":
            # A claim the run did not see (none should be) is not known to be ok either.
            found = states.get(claim.id, ())
            if found != (ClaimState.OK,):
                left_out.append((claim.id, found))  # T008 among them: named by its state
                continue
        if today is not None and _after(review.on, today):
            # Whatever the verdict (and whether T008 was run), none is reached on a day still
            # to come: the date is a typo, and would be published as the review's.
            notes.append(
                f"{claim.id}: its review is dated {review.on}, after today ({today}): left out "
                "of the ClaimReview export (correct `review.on`: T008)"
            )
            continue
        text = _text(claim.text)
        item: dict[str, Any] = {"@type": "Claim", "text": text}
        if appearance is not None:
            item["appearance"] = {"@type": "CreativeWork", "url": _text(appearance)}
        rating: dict[str, Any] = {"@type": "Rating", "alternateName": _VERDICT[review.status]}
        if review.note:
            rating["ratingExplanation"] = _text(review.note)
        document: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": claim.id,
            "claimReviewed": text,
            "itemReviewed": item,
            "reviewRating": rating,
        }
        if review.on is not None:  # a few dates among many reviews: each written once
            on = review.on
            document["datePublished"] = written.get(on) or written.setdefault(on, str(on))
        if review.by and review.by.strip():
            # A name without a type: `by` does not say whether a person or an organisation
            # reviewed the claim, and either `@type` would be a guess published as a fact.
            document["author"] = {"name": _text(review.by.strip())}
        reviews.append(document)
    return Exported(reviews, tuple(left_out), tuple(notes))


def _page_url_note(page: Page, problem: str | None) -> str:
    url = shown(_redacted(page.url or ""), 120)
    if problem == _CREDENTIALS:
        return (
            f"page.url {url}: {problem}: exported without it (remove it from the registry, and "
            "change the password)"
        )
    return (
        f"page.url {url}: {problem}: no ClaimReview exported, each gives the page's URL as "
        "where its claim appears (correct `page.url`: a plain http(s) URL)"
    )


def _after(day: PartialDate | None, today: date) -> bool:
    """Whether `day` is after `today`: its first day is (`2025` is not after 2025-09-10)."""
    return day is not None and day.first > today


def _date_parts(day: PartialDate) -> dict[str, Any]:
    parts = [day.year] + ([day.month] if day.month else []) + ([day.day] if day.day else [])
    return {"date-parts": [parts]}


def csl_export(registry: Registry, states: States, today: date | None = None) -> Exported:
    """Every source as a CSL-JSON item (what Zotero and pandoc read), whatever the claims'
    states; a source with a date after `today` or an identifier that is not one left out,
    and named in a note (`today` None: nothing left out, see `Exported.notes`)."""
    items = []
    notes = []
    for source in registry.sources:
        item, said = _csl_item(source, today)
        if item is not None:
            items.append(item)
        notes.extend(said)
    return Exported(items, (), tuple(notes))


def _csl_item(source: Source, today: date | None) -> tuple[dict[str, Any] | None, list[str]]:
    """A source as a CSL-JSON item, and notes for stderr; no item (and a note says why)
    when a value of it cannot be published correctly."""
    problem = _csl_problem_of(source, today) if today is not None else None
    if problem is not None:
        what, fix = problem
        return None, [f"{source.id}: {what}: left out of the CSL-JSON export ({fix})"]
    notes = []
    url = source.url
    if url is not None:
        public, why = _public_url(url)
        if public is not None and why is not None:  # the credentials, written without
            notes.append(
                f"{source.id}: `url` {shown(_redacted(url), 120)}: {why}: exported without it "
                "(remove it from the registry, and change the password: L010)"
            )
        url = public or url  # (none only when `today` is None: see `Exported.notes`)
    item: dict[str, Any] = {"id": source.id, "type": csl_type(source.kind)}
    item["title"] = _text(source.title)
    # A DOI or ISBN that is not one is written as typed only when `today` is None (else the
    # item is left out above).
    optional = {
        "publisher": source.publisher,
        "URL": url,
        "DOI": source.doi and (bare_doi(source.doi) or source.doi),
        "ISBN": source.isbn and (bare_isbn(source.isbn) or source.isbn),
        "note": source.notes and _csl_note(source.notes),
    }
    item.update({key: _text(value) for key, value in optional.items() if value})
    if source.author:  # the first author, as written: a literal name (CSL allows it)
        item["author"] = [{"literal": _text(source.author)}]
    if source.published is not None:
        item["issued"] = _date_parts(source.published)
    if source.accessed is not None:
        item["accessed"] = _date_parts(source.accessed)
    if source.notes and _csl_note(source.notes) != source.notes:
        line = next(ln for ln in source.notes.split("\n") if _csl_note(ln) != ln).strip()
        written = shown(_csl_note(line), 84)
        notes.append(
            f"{source.id}: `notes` line {shown(line, 80)!r} is written {written!r} in the "
            "CSL-JSON export: citeproc-js, Zotero and pandoc read a line that starts `name:` "
            "(or holds `{:name:`) as the item's field `name`, not as its note"
        )
    return item, notes


def _csl_problem_of(source: Source, today: date) -> tuple[str, str] | None:
    """What makes a source's item wrong if written (what, and its fix), or None."""
    for field, day in (("published", source.published), ("accessed", source.accessed)):
        if _after(day, today):
            rule = ": T008" if field == "accessed" else ""
            return f"`{field}` {day} is after today ({today})", f"correct `{field}`{rule}"
    if source.doi and bare_doi(source.doi) is None:
        return (
            f"`doi` {shown(source.doi, 80)!r} is not a DOI",
            "give `doi` as 10.<registrant>/<suffix>, e.g. 10.5281/zenodo.1234, or remove it",
        )
    if source.isbn and bare_isbn(source.isbn) is None:
        return (
            f"`isbn` {shown(source.isbn, 80)!r} is not an ISBN",
            "give its 10 or 13 digits, hyphens as you like, with the check digit printed on the "
            "book, or remove it",
        )
    if source.url is not None:
        public, why = _public_url(source.url)
        if public is None:
            return f"`url` {shown(_redacted(source.url), 120)}: {why}", "correct `url`"
    return None


#: A note line a CSL processor reads as one of the item's fields ("cheater syntax"), so that
#: `Status: provisional` in a source's notes would print as the item's status, `type: book`
#: change its type, `https://...` vanish from the note (pandoc keeps it as a field
#: `https`): a line that starts with a name and a colon, after any white space (Zotero trims
#: the note), as citeproc-js (`^([-_a-z]+|[A-Z]+):`), pandoc's citeproc (letters and `-`, in
#: any case) and Zotero read one. Zotero's pattern (`^[a-z][a-z -_]+:`, any case) takes in
#: digits and punctuation too, but it keeps only a name it knows, and every field it knows
#: is named in letters, spaces, `-` and `_` ("Original Date", `container-title`): so
#: `At 10:30 ...` is left as it is.
_NOTE_FIELD = re.compile(r"[ \t]*(?:[A-Za-z][A-Za-z _-]*|[-_a-z]+|(?:[^\W\d_]|-)+):")
#: The older syntax, `{:name:value}`, which citeproc-js reads anywhere in the note's first
#: line (and the others read at a line's start).
_NOTE_BRACED = re.compile(r"\{:")


def _csl_note(notes: str) -> str:
    """`notes` as a CSL-JSON `note` that no processor reads a field in: each line that would
    be read as `name: value` in parentheses (`(Status: provisional)`), and `{:` written
    `{ :`; every other line as it is."""
    lines = []
    for line in _NOTE_BRACED.sub("{ :", notes).split("\n"):
        if _NOTE_FIELD.match(line):
            text = line.lstrip(" \t")
            body = text.rstrip(" \t\r")  # a `\r` of a CRLF note stays last
            line = line[: len(line) - len(text)] + "(" + body + ")" + text[len(body) :]
        lines.append(line)
    return "\n".join(lines)


_CREDENTIALS = "it carries a user name or password"
#: `scheme://userinfo@`: everything before the last `@` of the URL's authority.
_USERINFO = re.compile(r"(?i)^\s*([a-z][a-z0-9+.-]*://)[^/?#]*@")


def _redacted(url: str) -> str:
    from claimcheck.links.model import redact

    return redact(url)


def _public_url(url: str) -> tuple[str | None, str | None]:
    """`url` as an export may publish it, and what was wrong: (url, None) when nothing;
    (the URL without its user name and password, _CREDENTIALS) when only that (the URL
    claimcheck checks, L010); (None, why) when it is not a plain http(s) URL (another scheme,
    malformed, a control or invisible character), which no export can write correctly."""
    from claimcheck.http import plain_url_problem
    from claimcheck.links.model import credentials

    plain = url.strip()
    why = None
    if credentials(plain):
        plain, why = _USERINFO.sub(r"\1", plain, count=1), _CREDENTIALS
    problem = plain_url_problem(plain, lambda _host: False)
    return (None, problem) if problem is not None else (plain, why)


#: What ends a `<script>` element, or begins markup or an entity, in HTML: the characters
#: an escape keeps out of JSON-LD embedded in a page (as JavaScript's JSON writers do).
_HTML_SPECIAL = re.compile("[<>&]")


def _text(value: str) -> str | msgspec.Raw:
    """A text as an export writes it: as it is, or, when it holds `<`, `>` or `&`, the same
    string JSON-encoded with those as `\\u003c`, `\\u003e`, `\\u0026` (msgspec writes a Raw
    as it is): `</script>` in a claim would end the `<script type="application/ld+json">`
    a page embeds the ClaimReview in, and run what follows."""
    if _HTML_SPECIAL.search(value) is None:
        return value
    encoded = msgspec.json.encode(value)
    for char, escape in ((b"&", b"\\u0026"), (b"<", b"\\u003c"), (b">", b"\\u003e")):
        encoded = encoded.replace(char, escape)
    return msgspec.Raw(encoded)


#: The item fields import reads, each text (or a number, which CSL-JSON allows for ids).
_CSL_TEXT = ("id", "type", "title", "publisher", "DOI", "URL", "ISBN", "note")
#: The item's dates import reads, as the source's fields they become.
_CSL_DATES = {"issued": "published", "accessed": "accessed"}


def read_csl(path: Path) -> list[dict[str, Any]]:
    """A CSL-JSON file (a list of items); a ConfigError naming the file, its line and
    column, and the item and field, when it is not one. A bad item stops the import: skipping
    it would add the others without a word about the one left out."""
    try:
        data = read_json(path, "CSL-JSON file")
    except ValueError as exc:  # a number of over 4,300 digits: json's int conversion
        raise ConfigError(f"not JSON: {exc}".split(";")[0], file=str(path)) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        text = read_text(path, "CSL-JSON file")
        line, column = _offset_place(text, len(text) - len(text.lstrip()))
        raise ConfigError(
            f"expected CSL-JSON: a list of items, each with a title, got {_json_type(data)}",
            file=str(path),
            line=line,
            column=column,
        )
    for index, item in enumerate(data):
        problem = _csl_problem(item)
        if problem is not None:
            field, message = problem
            at = _place(read_text(path, "CSL-JSON file"), index, field)
            raise ConfigError(
                f"{_item_name(index, item)}: {message}; nothing was imported",
                file=str(path),
                line=at[0],
                column=at[1],
                hint="export CSL-JSON from your reference manager, or fix the item",
            )
    return data


def _item_name(index: int, item: object) -> str:
    """An item as an error names it: its place in the file, and its id when it has one."""
    ident = item.get("id") if isinstance(item, dict) else None
    return f"item {index + 1}{f' (id {ident!r})' if ident is not None else ''}"


def _csl_problem(item: object) -> tuple[str | None, str] | None:
    """What is wrong with one CSL-JSON item, for what import reads of it, and the field it
    is at (None: the item itself); None if nothing."""
    if not isinstance(item, dict):
        return None, f"expected an item (an object), got {_json_type(item)}"
    for key in _CSL_TEXT:
        value = item.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return key, f"`{key}` must be text, got {_json_type(value)}"
        if isinstance(value, int) and abs(value) >= 10**18:
            return key, f"`{key}` is a number of over 18 digits"
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        return ("title" if "title" in item else None), "`title` must be some text"
    for key in _CSL_DATES:
        try:
            csl_date(item.get(key), key)
        except ValueError as exc:
            return key, str(exc)
    try:
        first_author(item.get("author"))
    except ValueError as exc:
        return "author", str(exc)
    return None


def csl_date(value: object, key: str) -> str | None:
    """A CSL-JSON date (`issued`, `accessed`) as a registry writes one (`2025-03`): from its
    `date-parts` (the first date of a range), else its `raw` text when that is a date
    (`2025-03-14`); None when the item gives none. A ValueError saying what to write for a
    date it cannot read (a `literal` "Spring 2025", a raw "14/3/25"): dropped, the source
    would lose its date without a word."""
    from claimcheck.dates import parse_date

    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"`{key}` must be an object with `date-parts`, got {_json_type(value)}")
    if "date-parts" in value:
        parts = value["date-parts"]
        if not _date_parts_ok(parts):
            raise ValueError(f"`{key}.date-parts` must be [[year, month, day]], e.g. [[2024, 5]]")
        if not parts or not parts[0]:
            return None
        return "-".join(f"{int(p):02d}" if i else f"{int(p):04d}" for i, p in enumerate(parts[0]))
    given = {k: v for k, v in value.items() if v not in (None, "")}
    if not given:
        return None
    raw = given.get("raw")
    if isinstance(raw, str | int) and not isinstance(raw, bool):
        try:
            return str(parse_date(raw))
        except ValueError:
            pass
    shown = ", ".join(f"`{k}` {v!r}" for k, v in given.items())
    raise ValueError(
        f"`{key}`: cannot read a date from {shown} (give `date-parts`: [[year, month, day]], "
        "or `raw`: YYYY, YYYY-MM or YYYY-MM-DD)"
    )


def first_author(authors: object) -> str | None:
    """The first author of a CSL item, as "Given Family" (or its literal name); a name
    written as text (`"author": "Jane Smith"`, not CSL's list of names, but plain in what it
    means) is taken as written. A ValueError for an author list whose first name cannot be
    read (no `family`, `given` or `literal`): dropped, the source would lose its author
    without a word."""
    if authors is None or authors == [] or authors == "":
        return None
    first = authors[0] if isinstance(authors, list) else authors
    if isinstance(first, str) and first.strip():
        return first.strip()
    name = ""
    if isinstance(first, dict):
        literal = first.get("literal")
        name = (
            literal
            if isinstance(literal, str)
            else " ".join(
                first[k] for k in ("given", "family") if isinstance(first.get(k), str) and first[k]
            )
        )
    if not name.strip():
        raise ValueError(
            "`author`: the first author has no name (give a list of names, each with "
            "`family` and `given`, or `literal`)"
        )
    return name.strip()


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


class Imported(NamedTuple):
    """What `import-sources` adds, of how many items, and what it says of the others."""

    entries: list[dict[str, Any]]
    #: How many items the file holds.
    items: int
    #: Each item skipped (already listed as which source, and why) or imported under
    #: another id than its own, as `item 2 (id 'glamos'): ...`.
    notes: list[str]


def sources_to_import(
    path: Path,
    sources: tuple[Source, ...],
    registry: Registry | None = None,
    today: date | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Imported:
    """The registry entries `import-sources` adds from the CSL-JSON file at `path` (those
    not already among `sources`), the number of items the file holds, and a note on each
    item skipped or given another id (its id a claim's, or another work's: see
    `_new_sources`).

    Each entry is checked as the registry's loader checks a source (a real date, an
    http(s) URL...) and, given the `registry` and `today`, as `verify --offline` checks one
    (`entry_problems`: S006 a DOI or ISBN that is not one, T008 `accessed` after today), as
    the config's `select` and `ignore` leave the rules: the first error is a ConfigError at
    its item in the file, naming the item's position, its id and its field, and nothing is
    imported.
    """
    items = read_csl(path)
    claims = [c.id for c in registry.claims] if registry is not None else []
    found, notes = _new_sources(items, sources, claims)
    _refuse_invalid(found, items, path, registry, today, select, ignore)
    return Imported([entry for _, entry in found], len(items), notes)


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
    "accessed": "accessed",
    "notes": "note",
}
_CSL_HINT = {
    "URL": "give the item its http(s) address as a browser shows it (a space as %20), or "
    "remove its URL",
    "issued": "give the item a real date (`date-parts`: [[year, month, day]])",
    "accessed": "give the item a real date (`date-parts`: [[year, month, day]])",
}


def _refuse_invalid(
    found: list[tuple[int, dict[str, Any]]],
    items: list[dict[str, Any]],
    path: Path,
    registry: Registry | None = None,
    today: date | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> None:
    """A ConfigError at the first entry the registry would reject: one its loader rejects,
    one whose URL `verify` would report at once, offline (malformed, L007: a space in it; a
    user name or password, L010), or, given the `registry` and `today`, one of the offline
    checks of a source would report as an error (S006, T008: see `entry_problems`)."""
    from claimcheck.edit import entry_problems
    from claimcheck.http import plain_url_problem

    if not found:
        return
    entries = [entry for _, entry in found]
    context = registry if registry is not None else Registry(version=1)
    # (the entry's place in `found`, the loader's first, the source's field, the message,
    # the rule's fix)
    rejected: list[tuple[int, int, str | None, str, str | None]] = []
    for problem in entry_problems("sources", entries, context, today, select, ignore):
        rule = "" if problem.invalid else f" [{problem.rule}]"
        order = 0 if problem.invalid else 2
        # A check's fix, or the text's (a lone surrogate); the loader's speak of YAML.
        said = not problem.invalid or problem.rule.startswith("R001")
        fix = problem.hint if said and "YAML" not in (problem.hint or "YAML") else None
        rejected.append((problem.position, order, problem.field, problem.message + rule, fix))
    for position, entry in enumerate(entries):
        wrong = plain_url_problem(entry["url"], lambda _host: False) if "url" in entry else None
        if wrong is not None:
            rejected.append((position, 1, "url", f"{entry['url']!r}: {wrong}", None))
    if not rejected:
        return
    position, _, name, message, fix = min(rejected, key=lambda r: r[:2])
    index = found[position][0]
    field = _CSL_FIELD.get(name, name) if name is not None else None
    line, column = _place(read_text(path, "CSL-JSON file"), index, field)
    raise ConfigError(
        f"{_item_name(index, items[index])}{f', `{field}`' if field else ''}: {message}; "
        "nothing was imported",
        file=str(path),
        line=line,
        column=column,
        hint=fix or _CSL_HINT.get(field or "", "fix the item in your reference manager, or here"),
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
    return _offset_place(text, found.start() if found else start)


def _offset_place(text: str, offset: int) -> tuple[int, int]:
    """The line and column (1-based) of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def new_sources(items: list[dict[str, Any]], sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    """Registry entries for the items not already listed, ids made unique.

    An item is already listed when a source has its DOI, URL or ISBN, or its id and title
    (and no other DOI, URL or ISBN than the item's)."""
    return [entry for _, entry in _new_sources(items, sources)[0]]


def _new_sources(
    items: list[dict[str, Any]], sources: tuple[Source, ...], claims: Collection[str] = ()
) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """`new_sources`, each entry with the index of the item it comes from; and a note for
    each item skipped (already listed as which source, and why) or imported under another
    id than its own (`_2`, as `extract` makes ids unique: its id is a claim's, in `claims`,
    another work's, or another item's of the file)."""
    known = _Known(sources)
    by_id = {s.id: s for s in sources}
    owner = {ident: f"claim `{ident}`" for ident in claims}
    owner.update({s.id: f"source `{s.id}`" for s in sources})
    taken = set(owner)
    entries = []
    notes: list[str] = []
    for index, item in enumerate(items):
        name = _item_name(index, item)
        doi, url, isbn = (str(item[k]) if item.get(k) else None for k in ("DOI", "URL", "ISBN"))
        wanted = snake_id(str(item.get("id") or item["title"]), words=6, prefix="source")
        listed = known.find(doi, url, isbn)
        if listed is not None:
            notes.append(f"{name}: already listed as {listed[0]}: the same {listed[1]}")
            continue
        same = by_id.get(wanted) or by_id.get(str(item.get("id")))
        other = _other_work(same, item, doi, url, isbn) if same is not None else None
        if same is not None and other is None:
            notes.append(f"{name}: already listed as `{same.id}`: the same id and title")
            continue
        ident = unique(wanted, taken)
        if ident != wanted:
            why = f", {other}" if other and owner.get(wanted, "").startswith("source") else ""
            notes.append(
                f"{name}: imported as `{ident}`: `{wanted}` is the id of "
                f"{owner.get(wanted, 'another entry')}{why}"
            )
        owner.setdefault(ident, f"{name} of this file")
        entry: dict[str, Any] = {"id": ident, "title": str(item["title"])}
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
        author = first_author(item.get("author"))  # checked by read_csl
        if author:
            entry["author"] = author
        for key, field in _CSL_DATES.items():
            day = csl_date(item.get(key), key)  # checked by read_csl
            if day is not None:
                entry[field] = day
        if item.get("note"):
            entry["notes"] = str(item["note"])
        known.add(doi, url, isbn, f"`{ident}`, {name} of this file")
        entries.append((index, entry))
    return entries, notes


def _other_work(
    source: Source, item: dict[str, Any], doi: str | None, url: str | None, isbn: str | None
) -> str | None:
    """Why an item with a source's id is another work (another title, DOI, URL or ISBN
    than the source's, where both give one), or None: the same one."""
    if " ".join(str(item["title"]).split()).casefold() != " ".join(source.title.split()).casefold():
        return "another title"
    mine = _Known(())
    mine.add(source.doi, source.url, source.isbn, "")
    given = (
        ("DOI", bool(doi and source.doi), mine.find(doi, None, None)),
        ("URL", bool(url and source.url), mine.find(None, url, None)),
        ("ISBN", bool(isbn and source.isbn), mine.find(None, None, isbn)),
    )
    return next((f"another {what}" for what, both, found in given if both and found is None), None)


class _Known:
    """The sources' DOIs, URLs and ISBNs as compared: a DOI as export writes it (`bare_doi`:
    without its resolver or label) and in lower case (`https://doi.org/10.1/X`, `doi: 10.1/X`
    and `https://www.doi.org/10.1/X` are 10.1/x), a URL as it is requested (`request_url`:
    the scheme and host in lower case, no default port, no fragment;
    `HTTPS://Example.org:443/a#b` is https://example.org/a), and without a trailing slash, an
    ISBN without its label, hyphens, dashes or spaces. A doi.org URL is its DOI too. Each
    with who has it (`source` as a note names it)."""

    def __init__(self, sources: tuple[Source, ...]) -> None:
        self.dois: dict[str, str] = {}
        self.urls: dict[str, str] = {}
        self.isbns: dict[str, str] = {}
        for source in sources:
            self.add(source.doi, source.url, source.isbn, f"`{source.id}`")

    def add(self, doi: str | None, url: str | None, isbn: str | None, who: str) -> None:
        for key in self._dois(doi, url):
            self.dois.setdefault(key, who)
        if url:
            self.urls.setdefault(_url_key(url), who)
        if isbn:
            self.isbns.setdefault(normal_isbn(isbn), who)

    def find(self, doi: str | None, url: str | None, isbn: str | None) -> tuple[str, str] | None:
        """Who has this DOI, URL or ISBN, and which of them; None: no one."""
        for key in self._dois(doi, url):
            if key in self.dois:
                return self.dois[key], "DOI"
        if url is not None and _url_key(url) in self.urls:
            return self.urls[_url_key(url)], "URL"
        if isbn is not None and normal_isbn(isbn) in self.isbns:
            return self.isbns[normal_isbn(isbn)], "ISBN"
        return None

    def has(self, doi: str | None, url: str | None, isbn: str | None) -> bool:
        return self.find(doi, url, isbn) is not None

    @staticmethod
    def _dois(doi: str | None, url: str | None) -> set[str]:
        # As export writes it: `doi: 10.1/x` and `10.1/x` are one DOI, so what `export`
        # wrote comes back as already listed. One that is not a DOI, as typed.
        found = {normal_doi(doi)} if doi else set()
        resolved = bare_doi(url) if url else None  # a resolver's URL: its DOI
        if resolved is not None:
            found.add(resolved.lower())
        return found


def _url_key(url: str) -> str:
    """A URL as compared for sameness: as it is requested (see `_Known`), when it can be."""
    from claimcheck.http import MalformedUrlError, request_url, target

    try:
        if target(url).web:
            return request_url(url).rstrip("/")
    except (MalformedUrlError, ValueError):
        pass  # refused before import (`_refuse_invalid`); compared as written meanwhile
    return url.strip().rstrip("/")


#: Each export format and what makes it from a registry.
EXPORTS: dict[str, Callable[[Registry, States], Exported]] = {
    "claimreview": claim_reviews,
    "csl-json": csl_export,
}
