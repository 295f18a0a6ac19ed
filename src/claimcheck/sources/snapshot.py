"""Snapshots: what each source said when it was last read, kept small and committed.

One JSON file per source in the snapshot directory. For each citation it keeps only the
matched passage with a little context, as a W3C TextQuoteSelector (exact, prefix, suffix),
so `verify` can re-check quotes and figures offline and the same way every time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import msgspec

from claimcheck.errors import ConfigError
from claimcheck.files import atomic_write, read_regular
from claimcheck.model import Claim, Locator, Source
from claimcheck.sources.match import CONTEXT, Span, match_figure, match_quote
from claimcheck.sources.scholarly import Metadata, bare_doi, normal_doi
from claimcheck.sources.tables import table_rows
from claimcheck.sources.text import Document

FORMAT = 1


class Selector(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """https://www.w3.org/TR/annotation-model/#text-quote-selector"""

    exact: str
    prefix: str = ""
    suffix: str = ""
    type: str = "TextQuoteSelector"

    @property
    def passage(self) -> str:
        return self.prefix + self.exact + self.suffix


class QuoteRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    claim: str
    quote: str
    verdict: str
    page: int | None = None
    selector: Selector | None = None


class FigureRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    claim: str
    found: bool
    page: int | None = None
    instead: str | None = None
    measure_ok: bool | None = None
    selector: Selector | None = None


class Drift(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    previous_digest: str
    detected: str  # ISO date


class Capture(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An archived copy found for the source (Wayback Machine)."""

    url: str
    timestamp: str


class Origin(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What the registry gave for the source when the snapshot was taken: the addresses and
    DOI that say which content the snapshot is of (its id alone does not: an id can be given
    to another source, and a source's `url` can be edited)."""

    url: str | None = None
    archive_url: str | None = None
    doi: str | None = None


def origin_of(source: Source) -> Origin:
    return Origin(source.url, source.archive_url, source.doi)


#: How a snapshot's `error` starts when the source answered with a bot wall's page.
BLOCKED_PREFIX = "blocked: "
#: How a snapshot's `error` starts when the source is gone (404/410, no such host, a
#: redirect home, a soft 404: `fetch.Body.gone`) and no copy of it could be read: "dead:
#: HTTP 404; no archived copy: no capture in the archive". Not "unreadable": the source is
#: not there to read, and the fix is another address or an archived copy, not a retry.
DEAD_PREFIX = "dead: "


class Snapshot(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    format: int
    source: str
    url: str
    fetched: str  # ISO date
    final_url: str | None = None
    kind: str | None = None
    pages: int = 0
    digest: str | None = None
    #: Set when the source could not be read (dead, not text...): the reason.
    error: str | None = None
    drift: Drift | None = None
    archive: Capture | None = None
    quotes: tuple[QuoteRecord, ...] = ()
    #: For a source with a `doi`: what Crossref says the DOI is (None: not asked).
    metadata: Metadata | None = None
    figures: tuple[FigureRecord, ...] = ()
    #: The source as the registry gave it when the snapshot was taken (None: a snapshot
    #: written before this was recorded; its `url` is all there is to go by).
    origin: Origin | None = None
    #: A PDF's printed page numbers, one per page ("" where a page has none), when the PDF
    #: gives them (its page labels, or page numbers printed on its pages): a locator may
    #: count either way.
    labels: tuple[str, ...] = ()
    #: The registry the snapshot was taken for, as a path from the snapshot folder
    #: (`../claims.yaml`): its records are of that registry's claims, and two registries
    #: sharing a folder may give one id to two sources (None: written before this was
    #: recorded).
    registry: str | None = None


def not_of(snapshot: Snapshot, source: Source) -> str | None:
    """Why `snapshot` is not of `source` as the registry gives it now (None: it is): the
    source's `url` was edited since, or its id now names another source. Such a snapshot
    says nothing about the source, and must not be used."""
    origin = snapshot.origin
    if origin is None:  # an older snapshot: its address must be one the source gives
        captured = snapshot.archive.url if snapshot.archive else None
        # A DOI-only source's snapshot was written with the DOI as typed after the resolver
        # (`https://doi.org/doi: 10...`) before `doi_url`: either is of this DOI.
        doi = source.doi if not source.url else None
        typed = f"https://doi.org/{doi}" if doi else None
        if snapshot.url in (source.url, source.archive_url, captured, typed, doi_url(doi)):
            return None
        return f"it was read from {snapshot.url}, which the source no longer gives"
    if (source.url or None) != origin.url:
        was = origin.url or "no `url`"
        return f"it was taken when the source's url was {was}, not {source.url or 'none'}"
    if (
        origin.archive_url
        and snapshot.url == origin.archive_url != origin.url
        and source.archive_url != origin.archive_url
    ):
        return f"it was read from the archived copy {origin.archive_url}, no longer the source's"
    if not origin.url and not origin.archive_url and _doi(origin.doi) != _doi(source.doi):
        was, now = origin.doi or "none", source.doi or "none"
        return f"it was taken when the source's doi was {was}, not {now}"
    return None


def _doi(doi: str | None) -> str | None:
    return normal_doi(doi) if doi else None


def doi_url(doi: str | None) -> str | None:
    """The doi.org address of a source's `doi` (the address a DOI-only source's snapshot is
    of), however it was typed: `doi: 10.1/x`, `https://www.doi.org/10.1/x` and `10.1/x` are
    all `https://doi.org/10.1/x`, never `https://doi.org/https://www.doi.org/10.1/x`. The DOI
    is read by `scholarly.bare_doi`, the one reading of a DOI, in the case it was typed; one
    that is not a DOI (S006 says so) as `normal_doi` compares it. Characters a URL's path
    cannot hold (`#`, `?`, `%`, a space, `<`) are percent-encoded."""
    if not doi:
        return None
    from urllib.parse import quote

    return "https://doi.org/" + quote(bare_doi(doi) or normal_doi(doi), safe="/:;()[]@!$&'*+,=")


#: The most a passage keeps of a table above a figure in one of its cells: its header row,
#: its rule row and the cell's row up to the cell (with every row between, when all of it
#: fits). A table bigger than that is not copied whole into the snapshot.
TABLE_KEPT = 4000


def selector(page: str, span: Span) -> Selector:
    """The passage at `span` with up to CONTEXT characters each side, cut at word ends; for a
    span in a table's body, from its table's header row on (`table_prefix`)."""
    suffix = page[span.end : span.end + CONTEXT]
    if span.end + CONTEXT < len(page) and " " in suffix:
        suffix = suffix[: suffix.rindex(" ")]
    prefix = _context_before(page, span.start)
    table = table_prefix(page, span.start)
    # Not only a header further up than CONTEXT: the usual prefix, cut at a word's start,
    # can start inside the header row ("Service | 2025/26 (£m) |", its first bar cut off),
    # and a header row without it is no header.
    if table is not None and span.start - len(prefix) > table[0]:
        start, rows = table
        prefix = _context_before(page, start) + rows
    return Selector(page[span.start : span.end], prefix, suffix)


def _context_before(page: str, at: int) -> str:
    """Up to CONTEXT characters before `at`, cut at a word's start."""
    prefix = page[max(0, at - CONTEXT) : at]
    if at > CONTEXT and " " in prefix:
        prefix = prefix[prefix.index(" ") + 1 :]
    return prefix


@functools.lru_cache(maxsize=4)
def _table_rows(page: str) -> dict[int, tuple[int, int]]:
    """`tables.table_rows` of a page, once per page for all its citations (a page of 200,000
    table rows is read once, not once per figure)."""
    return table_rows(page) if "|" in page else {}


def table_prefix(page: str, at: int) -> tuple[int, str] | None:
    """What a passage keeps before offset `at` when `at` is in a body row of a pipe table
    whose rule row is in the text (`tables.table_rows`): where its header row starts, and
    the text from there to `at`. `verify` reads only the kept passage, and reads a cell's
    figure in the unit, scale, currency and time its header gives it (`tables`): a passage
    starting in the table's body gave "48.3" under "2025/26 (£ million)" as a bare 48.3.
    The text is the table from its header row to `at` when that is at most TABLE_KEPT
    characters; else its header row, its rule row and the cell's row up to `at`, the rows
    between left out (the table is still one table to the readers: a header, a rule row,
    body rows). None: `at` is in no such table's body, or its header and row alone are over
    TABLE_KEPT characters (the passage is then the usual CONTEXT, read without its header,
    as README says)."""
    line = page.rfind("\n", 0, at) + 1
    header = _table_rows(page).get(line)
    if header is None:
        return None
    start, end = header
    if at - start <= TABLE_KEPT:
        return start, page[start:at]
    rule_end = page.find("\n", end + 1)  # the rule row is the line after the header
    if rule_end < 0 or rule_end >= line:
        return None
    kept = page[start : rule_end + 1] + page[line:at]
    return (start, kept) if len(kept) <= TABLE_KEPT else None


_PAGE_NUMBER = re.compile(r"\b(?:p|pp|page|pages)\.?\s*(\d+)", re.I)


def page_hint(locator: str | Locator | None) -> int | None:
    """The page a citation points at, if it names one ("p. 12", {page: 12})."""
    if isinstance(locator, Locator):
        locator = str(locator.page) if locator.page is not None else None
        if locator is not None and locator.isdigit():
            return int(locator)
    if not locator:
        return None
    match = _PAGE_NUMBER.search(locator)
    return int(match.group(1)) if match else None


_PAGES = re.compile(
    r"\b(?:pp|p|pages|page|pg)\.?\s*(\d+|[ivxlcdm]+)\b"
    r"(?:\s*(?:-|\u2013|\u2014|to)\s*(\d+|[ivxlcdm]+)\b)?",
    re.I,
)
_BARE_PAGES = re.compile(
    r"\s*(\d+|[ivxlcdm]+)(?:\s*(?:-|\u2013|\u2014|to)\s*(\d+|[ivxlcdm]+))?\s*", re.I
)


def cited_pages(locator: str | Locator | None) -> tuple[tuple[str, str], ...]:
    """The pages a locator names, each as (first, last): "p. 3" is (3, 3), "pp. 12-14" and
    {page: "12-14"} (12, 14), "p. iv" (iv, iv). None named: ()."""
    if isinstance(locator, Locator):
        if locator.page is None:
            return ()
        bare = _BARE_PAGES.fullmatch(str(locator.page))
        found = [bare] if bare else list(_PAGES.finditer(str(locator.page)))
    elif locator:
        found = list(_PAGES.finditer(locator))
    else:
        return ()
    return tuple((m[1].lower(), (m[2] or m[1]).lower()) for m in found)


def _roman(text: str) -> int | None:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    if not text or any(c not in values for c in text):
        return None
    total = 0
    for i, c in enumerate(text):
        value = values[c]
        total += -value if i + 1 < len(text) and value < values[text[i + 1]] else value
    return total


def _within(page: str, first: str, last: str) -> bool:
    """Whether page `page` ("7", "iv") is in the range first..last (arabic or roman alike)."""
    if page.isdigit() and first.isdigit() and last.isdigit():
        return int(first) <= int(page) <= int(last)
    if not any(x.isdigit() for x in (page, first, last)):
        value, low, high = _roman(page), _roman(first), _roman(last)
        if value is not None and low is not None and high is not None:
            return low <= value <= high
    return page in (first, last)


def _names_a_page(pages: Sequence[tuple[str, str]], count: int) -> bool:
    """Whether the cited pages name one of pages 1..count by the PDF's own count (as
    `_within` does for each, without listing the count's pages)."""
    for first, last in pages:
        if first.isdigit() and last.isdigit():
            if int(first) <= count and int(last) >= 1 and int(first) <= int(last):
                return True
        elif any(e.isdigit() and e == str(int(e)) and 1 <= int(e) <= count for e in (first, last)):
            return True
    return False


@dataclass(frozen=True)
class PageCheck:
    """A page locator against where a quote or figure was found in a PDF."""

    #: The locator names no page the document has (past its end, or a printed number no
    #: page carries).
    outside: bool
    #: Where it was found: the PDF's page, and its printed number if the PDF gives them.
    page: int | None
    printed: str | None


def check_pages(
    locator: str | Locator | None, snapshot: Snapshot, found: int | None
) -> PageCheck | None:
    """None when the locator names no page, the source is not a PDF, or it points where
    `found` (the PDF page of the quote or figure; None: not found) is, by the PDF's own
    count or by the page numbers printed on it (`Snapshot.labels`): a locator may count
    either way, and both are accepted."""
    pages = cited_pages(locator)
    if not pages or snapshot.kind != "pdf" or not snapshot.pages:
        return None
    labels = snapshot.labels if len(snapshot.labels) == snapshot.pages else ()
    if not labels and not any(first.isdigit() and last.isdigit() for first, last in pages):
        return None  # "p. iv" in a PDF that does not say which pages are numbered so
    # A snapshot is a file a pull request may edit: its page count and pages are not trusted
    # to be small or in range (a billion pages was a list of a billion names).
    printed = labels[found - 1] if found is not None and 1 <= found <= len(labels) else None

    def names(page: str) -> bool:
        return any(_within(page, first, last) for first, last in pages)

    # Only an arabic page number can be said to be missing when the PDF gives no labels.
    checkable = labels or all(first.isdigit() and last.isdigit() for first, last in pages)
    if (
        checkable
        and not _names_a_page(pages, snapshot.pages)
        and not any(names(p) for p in labels if p)
    ):
        return PageCheck(True, found, printed)
    if found is None or names(str(found)) or (printed and names(printed)):
        return None
    return PageCheck(False, found, printed)


def citing(claims: Iterable[Claim], source_id: str) -> list[tuple[Claim, int]]:
    """Each (claim, citation index) that cites the source."""
    return [
        (claim, i)
        for claim in claims
        for i, citation in enumerate(claim.citations)
        if citation.source == source_id
    ]


def build(
    source: Source,
    url: str,
    claims: Iterable[Claim],
    document: Document,
    *,
    fetched: str,
    final_url: str | None,
    previous: Snapshot | None,
) -> Snapshot:
    """A snapshot of `document` for every citation of `source`, with drift against
    `previous` (carried over until accepted)."""
    quotes: list[QuoteRecord] = []
    figures: list[FigureRecord] = []
    pages = document.pages
    for claim, i in citing(claims, source.id):
        citation = claim.citations[i]
        hint = page_hint(citation.locator)
        if citation.quote:
            found = match_quote(citation.quote, pages, hint)
            quotes.append(
                QuoteRecord(
                    claim.id,
                    citation.quote,
                    found.verdict.value,
                    _page(found.span, document),
                    selector(pages[found.span.page - 1], found.span) if found.span else None,
                )
            )
        if claim.value is not None and claim.kind == "figure":
            figure = match_figure(claim, pages, hint)
            span = figure.span
            figures.append(
                FigureRecord(
                    claim.id,
                    figure.found,
                    _page(span, document),
                    figure.instead,
                    figure.measure_ok,
                    selector(pages[span.page - 1], span) if span else None,
                )
            )
    digest = document.digest
    drift = previous.drift if previous else None
    if previous and previous.digest and previous.digest != digest and drift is None:
        drift = Drift(previous.digest, fetched)
    return Snapshot(
        FORMAT,
        source.id,
        url,
        fetched,
        final_url=final_url if final_url != url else None,
        kind=document.kind,
        pages=len(pages),
        digest=digest,
        drift=drift,
        archive=previous.archive if previous else None,
        quotes=tuple(quotes),
        figures=tuple(figures),
        origin=origin_of(source),
        labels=document.labels,
    )


def _page(span: Span | None, document: Document) -> int | None:
    return span.page if span and document.kind == "pdf" else None


#: A file name made of the id alone: short, plain characters, not hidden. Others are hashed.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}")
#: The most a snapshot file is read to.
MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024


def path_for(directory: Path, source_id: str) -> Path:
    """The snapshot file of a source: `<id>.json`, or for an id that is long or has other
    characters (a path separator, `..`) a plain prefix and a hash of the id, so that any id
    names a file inside `directory` within the file system's name limit."""
    if _PLAIN_NAME.fullmatch(source_id):
        return directory / f"{source_id}.json"
    import hashlib

    digest = hashlib.sha256(source_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    prefix = re.sub(r"[^A-Za-z0-9_-]+", "_", source_id)[:60].strip("_") or "source"
    return directory / f"{prefix}-{digest}.json"


def registry_key(directory: Path, registry: Path) -> str:
    """How a snapshot in `directory` names the registry it was taken for: the registry's
    path from the folder, the same on every checkout (`../claims.yaml`, `../a/claims.yaml`)."""
    import os

    try:
        return Path(os.path.relpath(registry.resolve(), directory.resolve())).as_posix()
    except (OSError, ValueError):  # another drive (Windows), an unreadable parent
        return registry.absolute().as_posix()


def save(directory: Path, snapshot: Snapshot, path: Path | None = None) -> None:
    """Write the snapshot (whole or not at all), to `path` (a file in `directory`; default
    `path_for` its source); never through a symbolic link."""
    if directory.is_symlink():
        raise ConfigError(
            "the snapshot directory is a symbolic link; claimcheck does not write through links",
            file=str(directory),
            hint="replace the link with a directory, or set `snapshots` to one",
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"cannot make the snapshot directory: {exc.strerror}", file=str(directory)
        ) from None
    text = msgspec.json.format(msgspec.json.encode(snapshot).decode(), indent=2) + "\n"
    atomic_write(path or path_for(directory, snapshot.source), text, what="snapshot")


@dataclass(frozen=True)
class Kept:
    """A snapshot file as read."""

    path: Path
    snapshot: Snapshot


def read_all(directory: Path) -> list[Kept]:
    """Every snapshot file in `directory`, in name order; a damaged file is a clear error,
    and so is a symbolic link or anything but a regular file."""
    kept: list[Kept] = []
    if not directory.is_dir():
        return kept
    for path in sorted(directory.glob("*.json")):
        data = read_regular(path, "snapshot", MAX_SNAPSHOT_BYTES, follow=False)
        try:
            snapshot = msgspec.json.decode(data, type=Snapshot)
        except msgspec.DecodeError as exc:
            line, column = _position(data, str(exc))
            raise ConfigError(
                f"not a claimcheck snapshot: {exc}",
                file=str(path),
                line=line,
                column=column,
                hint="delete the file and run `claimcheck snapshot` to write it again",
            ) from None
        if snapshot.format != FORMAT:
            raise ConfigError(
                f"snapshot format {snapshot.format} is not {FORMAT}",
                file=str(path),
                hint="run `claimcheck snapshot` to write it again",
            )
        kept.append(Kept(path, snapshot))
    return kept


def load(directory: Path, registry: Path | None = None) -> dict[str, Snapshot]:
    """The snapshots in `directory` that `registry` reads, by source id (see `choose`); a
    damaged file is a clear error, and so is a symbolic link or anything but a regular file.
    Without `registry`: every snapshot, one per source id."""
    kept = read_all(directory)
    key = registry_key(directory, registry) if registry is not None else None
    return {sid: found.snapshot for sid, found in choose(kept, key).items()}


def choose(kept: Sequence[Kept], key: str | None) -> dict[str, Kept]:
    """For each source id, the snapshot the registry `key` (`registry_key`) reads: the one
    taken for it; else one written before snapshots named their registry; else another
    registry's, when only one other has a snapshot of that id (a registry renamed, or one
    citing another's source and not snapshotted itself: its claims are then checked against
    the other's records, and what they lack is reported). Two of one kind (two files of
    one source for one registry) are refused: which one a run used would depend on the
    files' names. Without `key`, any two files of one source are."""
    by_id: dict[str, list[Kept]] = {}
    for found in kept:
        by_id.setdefault(found.snapshot.source, []).append(found)
    out: dict[str, Kept] = {}
    for sid, files in by_id.items():
        if key is None:
            own, older, others = [], files, []
        else:
            own = [f for f in files if f.snapshot.registry == key]
            older = [f for f in files if f.snapshot.registry is None]
            others = [f for f in files if f.snapshot.registry not in (key, None)]
        for group in (own, older):
            if len(group) > 1:
                whose = group[0].snapshot.registry
                raise ConfigError(
                    f"a second snapshot of source `{sid}`"
                    + (f" for {whose}" if whose else "")
                    + f" (the first is {group[0].path.name})",
                    file=str(group[1].path),
                    hint="delete one of the two files, or run `claimcheck snapshot` to write "
                    "it again",
                )
        chosen = own or older or (others if len(others) == 1 else [])
        if chosen:
            out[sid] = chosen[0]
    return out


def file_for(directory: Path, source: Source, registry: str, kept: Sequence[Kept]) -> Path:
    """Where a snapshot of `source` taken for `registry` (a `registry_key`) is written: over
    the one taken for that registry before; else `path_for` the source (`<id>.json`) when
    that file is free, holds a snapshot of the same address written before snapshots named
    their registry, or one taken for a registry that is no longer there; else a file of its
    own beside it, named by the registry too (`<id>--<registry>-<hash>.json`), so that
    another registry's snapshot of another source under the same id is kept."""
    mine = [k for k in kept if k.snapshot.source == source.id and k.snapshot.registry == registry]
    if mine:
        return mine[0].path
    plain = path_for(directory, source.id)
    there = next((k for k in kept if k.path == plain), None)
    if there is None and not plain.exists():
        return plain
    held = there.snapshot if there is not None else None
    if held is not None and held.source == source.id:
        if held.registry is None and not_of(held, source) is None:
            return plain  # an older snapshot of this same source: brought up to date
        if held.registry is not None and not (directory / held.registry).exists():
            return plain  # taken for a registry no longer there (renamed, removed)
    import hashlib

    digest = hashlib.sha256(f"{source.id}\n{registry}".encode("utf-8", "surrogatepass"))
    parts = [p for p in Path(registry).with_suffix("").parts if p not in ("..", ".", "/")]
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", "-".join(parts[-2:]))[:40].strip("-") or "registry"
    return directory / f"{plain.stem[:60]}--{slug}-{digest.hexdigest()[:8]}.json"


def _position(data: bytes, message: str) -> tuple[int | None, int | None]:
    """Line and column of msgspec's "(byte N)"; none for schema errors (they give a path)."""
    match = re.search(r"\(byte (\d+)\)", message)
    if not match:
        return None, None
    before = data[: int(match.group(1))]
    return before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1
