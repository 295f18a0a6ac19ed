"""`claimcheck snapshot`: read every cited source, match its quotes and figures, keep the
passages, look for archived copies of dead or changed sources."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from claimcheck.dates import PartialDate
from claimcheck.http import HttpEdge
from claimcheck.model import Registry, Source
from claimcheck.sources.fetch import Found, Reader
from claimcheck.sources.snapshot import Capture, Snapshot, build
from claimcheck.sources.text import UnreadableError, read_document

if TYPE_CHECKING:
    from claimcheck.config import Settings
    from claimcheck.engine import Edges


@dataclass(frozen=True)
class Outcome:
    """One source's snapshot, and what happened on the way (for the command's summary)."""

    snapshot: Snapshot
    dead: bool = False
    #: Why no archived copy was suggested, when one was looked for.
    archive_note: str | None = None
    #: None: not asked; "": saved; else why saving failed.
    saved: str | None = None


@dataclass(frozen=True)
class ArchiveSettings:
    api: str
    save_endpoint: str
    save: bool = False


async def take(
    registry: Registry,
    http: HttpEdge,
    archive: ArchiveSettings,
    *,
    previous: dict[str, Snapshot],
    only: frozenset[str] = frozenset(),
) -> list[Outcome]:
    """A snapshot of each source that has a URL and is cited (or named in `only`).

    Read through `http` (its gates, headers and guard); dated `http.clock.today()`.
    """
    cited = {c.source for claim in registry.claims for c in claim.citations}
    chosen = [
        s
        for s in registry.sources
        if (s.url or s.archive_url) and (s.id in only if only else s.id in cited)
    ]
    today = http.clock.today().isoformat()
    reader = Reader(http)
    try:
        return list(
            await asyncio.gather(
                *(_one(s, registry, reader, archive, previous.get(s.id), today) for s in chosen)
            )
        )
    finally:
        await reader.close()


async def _one(
    source: Source,
    registry: Registry,
    reader: Reader,
    archive: ArchiveSettings,
    previous: Snapshot | None,
    today: str,
) -> Outcome:
    url = source.url or source.archive_url or ""
    body = await reader.get(url)
    archive_note = None
    found: Found | None = None
    if body.dead and source.url:
        result = await reader.wayback(archive.api, source.url, _day(source.accessed))
        found, archive_note = (result, None) if isinstance(result, Found) else (None, result)
        # Read the archived copy instead: its quotes and figures can still be checked.
        alternative = source.archive_url or (found.url if found else None)
        if alternative:
            url, body = alternative, await reader.get(alternative)

    def failed(reason: str) -> Outcome:
        snapshot = Snapshot(
            1,
            source.id,
            url,
            today,
            error=reason,
            archive=_capture(found) or (previous.archive if previous else None),
        )
        return Outcome(snapshot, dead=body.dead, archive_note=archive_note)

    if not body.ok:
        return failed(body.error or f"HTTP {body.status}")
    try:
        document = read_document(body.data, body.charset)
    except UnreadableError as exc:
        return failed(str(exc))
    snapshot = build(
        source,
        url,
        registry.claims,  # build() picks the citations of this source
        document,
        fetched=today,
        final_url=body.final_url,
        previous=previous if previous and previous.url == url else None,
    )
    if snapshot.drift and source.url and found is None and snapshot.archive is None:
        result = await reader.wayback(archive.api, source.url, _day(source.accessed))
        found, archive_note = (result, None) if isinstance(result, Found) else (None, result)
    if found is not None:
        snapshot = _with_archive(snapshot, found)
    saved = None
    if archive.save and source.url and url == source.url:
        saved = await reader.save(archive.save_endpoint, source.url) or ""
    return Outcome(snapshot, dead=body.dead, archive_note=archive_note, saved=saved)


def _capture(found: Found | None) -> Capture | None:
    return Capture(found.url, found.timestamp) if found else None


def _with_archive(snapshot: Snapshot, found: Found) -> Snapshot:
    import msgspec

    return msgspec.structs.replace(snapshot, archive=Capture(found.url, found.timestamp))


def _day(value: PartialDate | None) -> date | None:
    """The last day a partial date can mean (an access "2024-05" is any day of May)."""
    if value is None:
        return None
    return value.last


@dataclass(frozen=True)
class SnapshotRun:
    """What `claimcheck snapshot` did: each source's outcome, and the counts it reports."""

    outcomes: tuple[Outcome, ...]
    drifted: int
    failed: int
    #: Sources whose archive_url was written to the registry (`--fix`).
    fixed: tuple[str, ...] = ()


def snapshot_sources(
    settings: Settings,
    edges: Edges,
    *,
    only: tuple[str, ...] = (),
    fix: bool = False,
    save: bool = False,
    accept: bool = False,
) -> SnapshotRun:
    """Read the cited sources (or those in `only`), keep their snapshots, and with `fix`
    write archived copies found to the registry."""
    import dataclasses

    import msgspec

    from claimcheck.errors import ConfigError
    from claimcheck.loader import load_registry
    from claimcheck.sources.snapshot import load
    from claimcheck.sources.snapshot import save as save_snapshot
    from claimcheck.suggest import did_you_mean

    if settings.offline:
        raise ConfigError(
            "snapshot reads the sources over the network; it cannot run offline",
            hint="unset CLAIMCHECK_OFFLINE / `offline` for this command",
        )
    loaded = load_registry(settings.registry)
    known = {s.id for s in loaded.registry.sources}
    for name in only:
        if name not in known:
            hint = did_you_mean(name, known) or "the registry's `sources:` list has the ids"
            raise ConfigError(f"--source: no source `{name}`", hint=hint)
    if edges.http is None:
        raise ValueError("a snapshot run needs an HTTP edge")
    where = settings.snapshot_dir
    previous = load(where)
    archive = ArchiveSettings(settings.archive_api, settings.archive_save, save)
    http = edges.http()
    try:
        taken = asyncio.run(
            take(loaded.registry, http, archive, previous=previous, only=frozenset(only))
        )
    finally:
        http.close()
    outcomes = []
    for outcome in taken:
        if accept and outcome.snapshot.drift:
            snap = msgspec.structs.replace(outcome.snapshot, drift=None)
            outcome = dataclasses.replace(outcome, snapshot=snap)
        save_snapshot(where, outcome.snapshot)
        outcomes.append(outcome)
    fixed: tuple[str, ...] = ()
    if fix:
        from claimcheck.edit import set_source_fields

        fixes = {
            o.snapshot.source: {"archive_url": o.snapshot.archive.url}
            for o in outcomes
            if o.snapshot.archive
        }
        fixed = tuple(set_source_fields(settings.registry, fixes))
    return SnapshotRun(
        tuple(outcomes),
        drifted=sum(o.snapshot.drift is not None for o in outcomes),
        failed=sum(o.snapshot.error is not None for o in outcomes),
        fixed=fixed,
    )
