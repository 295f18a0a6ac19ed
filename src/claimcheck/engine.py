"""The run: load the registry, gather what the selected checks need, run them, build the report.

`run(settings, edges)` is the one pipeline every command uses. The edges (the clock with the
run's today, the HTTP edge, progress) are built by the caller and passed in; nothing here
prints, reads the real clock or opens a network session of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck import __version__
from claimcheck.checks import X001, all_checks, all_rules
from claimcheck.errors import ConfigError, ExitCode
from claimcheck.findings import (
    DROPS_ENTRIES,
    OF_THE_RUN,
    ClaimState,
    ClaimSummary,
    Finding,
    Report,
    Severity,
    can_mark,
    is_selected,
    why_not_ignorable,
)
from claimcheck.inputs import INPUTS, LINKS, PAGE, SNAPSHOTS
from claimcheck.suggest import did_you_mean
from claimcheck.validity import refuse_invalid

# The loader, the checks and the page reader are imported where they are used: `links
# --urls` goes through this module and needs none of them (start-up is benchmarked).
if TYPE_CHECKING:
    from claimcheck.baseline import Baseline
    from claimcheck.changes import Change, Inputs
    from claimcheck.check_cache import CheckCache
    from claimcheck.checks.base import Check
    from claimcheck.clock import Clock
    from claimcheck.config import Origin, Settings
    from claimcheck.drafts import Drafts
    from claimcheck.http import HttpEdge
    from claimcheck.links.model import LinkRun
    from claimcheck.loader import LoadedRegistry
    from claimcheck.model import Claim
    from claimcheck.page import PageText
    from claimcheck.registry_cache import RegistryCache
    from claimcheck.sources.run import Outcome as SnapshotOutcome
    from claimcheck.sources.scholarly import Retractions
    from claimcheck.sources.snapshot import Snapshot
    from claimcheck.statuses import StatusVocabulary

_OK = (ClaimState.OK,)
#: Most serious first. A tuple: iterating the enum itself costs a generator per claim.
_STATE_ORDER = tuple(ClaimState)


def validate_prefixes(
    prefixes: Iterable[str], option: str | Origin, *, ignoring: bool = False
) -> tuple[str, ...]:
    """Upper-cased rule-code prefixes; a ConfigError for one that matches no rule, and with
    `ignoring` for one that would hide an unreadable entry or what the run could not check,
    told where the prefixes were given (`option`: its name, or a config file's line)."""
    from claimcheck.config import Origin

    where = Origin(option) if isinstance(option, str) else option
    codes = [r.code for r in all_rules()]
    result = []
    for raw in prefixes:
        prefix = raw.strip().upper()
        if not prefix:
            continue
        if not any(code.startswith(prefix) for code in codes):
            hint = did_you_mean(prefix, codes) or "`claimcheck rules` lists every code"
            raise where.error(f"no rule code starts with {raw!r}", hint=hint)
        why = why_not_ignorable(prefix) if ignoring else None
        if why is not None:
            raise where.error(f"{raw!r} cannot be ignored: {why}", hint=ignore_hint(prefix))
        result.append(prefix)
    return tuple(result)


def only_family(settings: Settings, family: str, command: str) -> Settings:
    """The settings of a command that runs one family of rules (`links` L, `scan` P): the
    config's `select` narrowed to that family, not replaced (`select = ["P003"]` runs P003
    alone, as verify does), and its `ignore` as it is, the longest prefix deciding. A
    ConfigError when they leave no rule of the family: the run would check nothing and pass."""
    from dataclasses import replace

    select = validate_prefixes(settings.select, settings.origin("select"))
    ignore = validate_prefixes(settings.ignore, settings.origin("ignore"), ignoring=True)
    narrowed = tuple(
        dict.fromkeys(
            prefix if prefix.startswith(family) else family
            for prefix in select or (family,)
            if prefix.startswith(family) or family.startswith(prefix)
        )
    )
    codes = [r.code for r in all_rules() if r.code.startswith(family) and r.code not in OF_THE_RUN]
    if not narrowed or not any(is_selected(code, narrowed, ignore) for code in codes):
        raise ConfigError(
            f"{command}: no {family} rule is selected (the config's `select`/`ignore` leave "
            "none): nothing would be checked",
            hint=f"select an {family} rule, or remove `{family}` from `ignore`; `claimcheck "
            "verify` runs the other rules",
        )
    return replace(settings, select=narrowed)


def ignore_hint(prefix: str) -> str:
    """What to do instead of ignoring a rule that may not be."""
    if prefix.startswith("R"):
        return "fix the entries the R errors name; of the R rules only R006 may be ignored"
    return "fix the cause (`claimcheck rule CODE` explains each)"


#: Told how many links are done of how many.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Edges:
    """What a run reads from the world, built once by the caller and passed in."""

    #: Time, and the run's today (`Clock(fixed_today=...)` for `--today`).
    clock: Clock
    #: Makes the run's one HTTP edge, only when a check needs the network.
    http: Callable[[], HttpEdge] | None = None
    #: Told of link-checking progress.
    progress: Progress | None = None
    #: Told what the person running the command should know that is not a finding (what
    #: --changed-only left out); the CLI writes it to standard error.
    note: Callable[[str], None] | None = None


def select_checks(settings: Settings) -> tuple[tuple[Check, ...], tuple[str, ...], tuple[str, ...]]:
    """The checks a run performs (selected, and whose needs it may gather), and the
    validated --select and --ignore prefixes."""
    unknown = settings.gather - INPUTS
    if unknown:  # a misspelt input would turn its checks off without a word
        raise ValueError(f"unknown inputs to gather: {sorted(unknown)}")
    select = validate_prefixes(settings.select, settings.origin("select"))
    ignore = validate_prefixes(settings.ignore, settings.origin("ignore"), ignoring=True)
    chosen = tuple(
        check
        for check in all_checks()
        if check.needs <= settings.gather
        and (not check.rules or any(is_selected(r.code, select, ignore) for r in check.rules))
    )
    return chosen, select, ignore


def gathered_inputs(checks: tuple[Check, ...], settings: Settings) -> frozenset[str]:
    """What a run reads for its checks: what they need, and what they want where the run
    may gather it (`settings.gather`)."""
    needs = frozenset().union(*(check.needs for check in checks))
    wants = frozenset().union(*(check.wants for check in checks))
    return needs | (wants & settings.gather)


@dataclass(frozen=True)
class Gathered:
    """The registry and everything the chosen checks need, read before any check runs."""

    loaded: LoadedRegistry
    checks: tuple[Check, ...]
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    links: LinkRun | None = None
    page: PageText | None = None
    snapshots: dict[str, Snapshot] | None = None
    baseline: Baseline | None = None
    changed: Change | None = None
    #: The URLs to check, when the links were left for the caller to check (`links=False`).
    urls: list[str] | None = None
    #: The Retraction Watch data the user named (`retractions`), when the Q rules run.
    retractions: Retractions | None = None


def registry_cache(settings: Settings) -> RegistryCache | None:
    """The cache of validated registries the run reads and writes, if `registry-cache` is on."""
    if not settings.registry_cache:
        return None
    from claimcheck.registry_cache import RegistryCache, default_directory

    return RegistryCache(default_directory())


def check_cache(settings: Settings) -> CheckCache | None:
    """The cache of check results the run reads and writes: on with the registry cache."""
    if not settings.registry_cache:
        return None
    from claimcheck.check_cache import CheckCache, default_directory

    return CheckCache(default_directory())


def gather(
    settings: Settings, edges: Edges, *, report_invalid: bool = False, links: bool = True
) -> Gathered:
    """Load the registry and read what the chosen checks need: the local inputs first (a bad
    page or baseline is reported at once), the network last.

    An invalid registry is refused (its errors in an InvalidRegistryError) unless
    `report_invalid` and the run's selected rules report each of its errors (`verify`).
    """
    from claimcheck.loader import load_registry

    checks, select, ignore = select_checks(settings)
    needs = gathered_inputs(checks, settings)
    loaded = load_registry(settings.registry, cache=registry_cache(settings))
    refuse_invalid(loaded, settings.ignore, reported=(select, ignore) if report_invalid else None)
    page = _gather_page(loaded, settings) if PAGE in needs else None
    snapshots = None
    if SNAPSHOTS in needs and _snapshot_folder(settings):
        from claimcheck.sources.snapshot import load as load_snapshots

        snapshots = load_snapshots(settings.snapshot_dir, settings.registry)
    retractions = None
    if SNAPSHOTS in needs and settings.retractions is not None:
        from claimcheck.sources.scholarly import read_retractions

        cited = [s.doi for s in loaded.registry.sources if s.doi]
        retractions = read_retractions(settings.retractions, cited)
    known = None
    if settings.baseline is not None:
        from claimcheck.baseline import read_baseline

        known = read_baseline(settings.baseline, settings.registry)
    changed = None
    if settings.changed_only is not None:
        from claimcheck.changes import Change

        # The page a change to it reaches every claim through (P rules): checked whole then.
        page_path = Path(page.path) if page is not None else None
        changed = Change.of(
            loaded,
            settings.registry,
            settings.changed_only,
            page_path,
            registry_cache(settings),
            _inputs_read(settings, snapshots is not None, retractions is not None),
        )
    checked = None
    urls = None
    if LINKS in needs:
        from claimcheck.changes import changed_urls
        from claimcheck.checks.links import source_urls

        # --changed-only checks the links the change touches, not every link of the registry.
        if changed is None or changed.whole is not None:
            urls = source_urls(loaded.registry)
        else:
            urls = changed_urls(loaded, changed.entries)
        if links:  # else the caller checks them, with other registries' (`claimcheck.site`)
            checked = check_links(urls, settings, edges)
    return Gathered(
        loaded, checks, select, ignore, checked, page, snapshots, known, changed, urls, retractions
    )


def _inputs_read(settings: Settings, snapshots: bool, retractions: bool) -> Inputs:
    """What the run reads besides the registry and its page, for `--changed-only` to compare
    with REF's: the snapshots folder and the retractions file when the Q rules read them, the
    baseline, and the config (the file that set something, and those in the working folder
    one may have been read from at REF)."""
    from claimcheck.changes import Inputs

    files = []
    if retractions and settings.retractions is not None:
        files.append(("the retractions file", settings.retractions))
    configs = {Path(origin.file) for _, origin in settings.origins if origin.file is not None}
    configs |= {Path.cwd() / "claimcheck.toml", Path.cwd() / "pyproject.toml"}
    return Inputs(
        snapshots=settings.snapshot_dir if snapshots else None,
        files=tuple(files),
        configs=tuple(sorted(configs)),
        baseline=settings.baseline,
    )


def run(
    settings: Settings, edges: Edges, *, report_invalid: bool = False
) -> tuple[LoadedRegistry, Report]:
    """Load the registry, gather only what the chosen checks need, check, and report; an
    invalid registry is refused unless `report_invalid` (see `gather`)."""
    got = gather(settings, edges, report_invalid=report_invalid)
    return got.loaded, report_of(got, settings, edges)


def report_of(got: Gathered, settings: Settings, edges: Edges) -> Report:
    """The report of the gathered inputs; a run of the links alone (`links`) that left some
    unchecked because it is offline says so in an L008."""
    report = _report_of(got, settings, edges)
    if settings.gather != frozenset({LINKS}) or got.links is None:
        return report
    from dataclasses import replace

    from claimcheck.checks.links import L008
    from claimcheck.links.model import Skip

    # `verify --offline` takes links from the cache by design (its L rules are the cache's);
    # `links` is run to check them: what it could not check must not pass as checked.
    offline = sum(1 for r in got.links.results.values() if r.skip is Skip.OFFLINE)
    if not offline:
        return report
    total = len(got.links.results)
    finding = Finding(
        L008,
        f"{offline} of {total} link{'s' if total != 1 else ''} not checked: offline (--offline, "
        "CLAIMCHECK_OFFLINE or the config's `offline`) and not in the link cache",
        ("sources",),
        hint="run `claimcheck links --online` where the network may be used",
    )
    findings = sorted([*report.findings, _located(got.loaded, finding)], key=Finding.sort_key)
    return replace(report, findings=tuple(findings))


def _report_of(got: Gathered, settings: Settings, edges: Edges) -> Report:
    # --changed-only: the rules of one claim or source run on the changed ones only (all of
    # them when the change reaches every claim: `Change.whole`).
    changed = got.changed
    partial = changed is not None and changed.whole is None
    scope = changed.entries if changed is not None and partial else None
    report = run_checks(
        got.loaded,
        today=edges.clock.today(),
        select=got.select,
        ignore=got.ignore,
        checks=got.checks,
        links=got.links,
        strict_links=settings.links.strict,
        page=got.page,
        baseline=got.baseline,
        snapshots=got.snapshots,
        retractions=got.retractions,
        statuses=settings.statuses,
        scope=scope,
        cache=check_cache(settings),
    )
    if changed is None or settings.changed_only is None:
        return report
    from claimcheck.changes import left_out_note, only_changed

    if changed.whole is not None:
        if edges.note is not None:
            edges.note(
                f"{got.loaded.path}: --changed-only {settings.changed_only}: checked whole: "
                f"{changed.whole}"
            )
        return report
    known: frozenset[str] = frozenset()
    if changed.before is not None:
        # The relations (constraints, timelines, unused sources, the page's figures) run
        # whole: what they found at REF is not the change's; what is new is.
        before = run_checks(
            changed.before,
            today=edges.clock.today(),
            select=got.select,
            ignore=got.ignore,
            checks=got.checks,
            page=got.page,
            statuses=settings.statuses,
            scope=frozenset(),
        )
        known = frozenset(f.fingerprint() for f in before.findings)
    kept = only_changed(report, got.loaded, changed, known)
    left_out = len(report.findings) - len(kept.findings)
    message = left_out_note(settings.changed_only, got.loaded, changed, left_out)
    if message and edges.note is not None:  # never silent about what it leaves out
        edges.note(f"{got.loaded.path}: {message}")
    return kept


def draft(settings: Settings, edges: Edges) -> tuple[LoadedRegistry, Drafts]:
    """Drafts of registry entries for the page's unregistered figures and statements, and
    of sources for the links beside them."""
    from claimcheck.drafts import draft_entries

    got = gather(settings, edges)
    page = got.page or _gather_page(got.loaded, settings)  # read even when P is not selected
    if page is None:
        raise ConfigError("no page to draft from", hint="give the page, or set page.path")
    report = report_of(got, settings, edges)
    registry = got.loaded.registry
    taken = {c.id for c in registry.claims} | {s.id for s in registry.sources}
    taken |= set(got.loaded.invalid_ids)
    return got.loaded, draft_entries(report.findings, page, registry, taken)


def check_links(urls: Sequence[str], settings: Settings, edges: Edges) -> LinkRun:
    """Check URLs over the run's HTTP edge (the registry's, or `links --urls`' list)."""
    import asyncio

    from claimcheck.links.pool import check_urls

    if edges.http is None:
        raise ValueError("a run that checks links needs an HTTP edge")
    http = edges.http()
    try:
        return asyncio.run(
            check_urls(urls, http, offline=settings.offline, progress=edges.progress)
        )
    finally:
        http.close()


def _snapshot_folder(settings: Settings) -> bool:
    """Whether the run has snapshots to read. The default folder (`snapshots/` beside the
    registry) may be absent: the Q rules then stay silent. A folder the user named (`snapshots`
    in the config, CLAIMCHECK_SNAPSHOTS) must be there: a misspelt name would turn every Q
    rule off without a word."""
    if settings.snapshot_dir.is_dir():
        return True
    if settings.snapshots is None:
        return False
    what = "no such folder" if not settings.snapshots.exists() else "not a folder"
    raise settings.origin("snapshots").error(
        f"{what}: {settings.snapshots}",
        hint="check the path; `claimcheck snapshot` makes the folder when it takes the first "
        "snapshots",
    )


def _gather_page(loaded: LoadedRegistry, settings: Settings) -> PageText | None:
    from claimcheck.page import read_page

    path = settings.page  # the user's own choice (--page): read wherever it is
    if path is not None:
        return read_page(path, settings.page_format)
    if not (loaded.registry.page and loaded.registry.page.path):
        return None
    from claimcheck.files import confine, repository_of

    # Relative to the registry, and inside its repository: a registry from a pull request
    # may not have the report quote `/proc/self/environ` or a file beside the checkout.
    line, column = loaded.positions.locate(("page", "path"))
    path = confine(
        loaded.registry.page.path,
        settings.registry.parent,
        repository_of(settings.registry.absolute().parent),
        what="page.path",
        file=loaded.path,
        line=line,
        column=column,
    )
    with _at_page_path(loaded, path):
        return read_page(path, settings.page_format)


@contextmanager
def _at_page_path(loaded: LoadedRegistry, path: Path) -> Iterator[None]:
    """Errors reading the file the registry's `page.path` names (missing, a directory, a
    FIFO, unreadable, over the limit) said where `page.path` is written, as `confine` says
    one that leads out: the registry's file, line and column, where the fix is. A page that
    is not UTF-8 keeps its own place, the bad byte in the page."""
    from claimcheck.errors import ClaimcheckError

    try:
        yield
    except ClaimcheckError as exc:
        if exc.file != str(path) or exc.line is not None:
            raise
        page = loaded.registry.page
        written = page.path if page is not None and page.path is not None else str(path)
        line, column = loaded.positions.locate(("page", "path"))
        read_as = f" ({path})" if str(path) != written else ""
        hint = exc.hint if exc.hint not in (None, "give the path of a file") else None
        raise ConfigError(
            f"page.path {written!r}{read_as}: {exc.message}",
            file=loaded.path,
            line=line,
            column=column,
            hint=hint or "page.path names the page's own file, relative to the registry's folder",
        ) from None


@dataclass(frozen=True)
class SnapshotRun:
    """What `claimcheck snapshot` did: each source's outcome, and the counts it reports."""

    outcomes: tuple[SnapshotOutcome, ...]
    drifted: int
    failed: int
    #: Sources whose archive_url was written to the registry (`--fix`).
    fixed: tuple[str, ...] = ()
    #: What the person should know of the files written (another registry's kept).
    notes: tuple[str, ...] = ()


def take_snapshots(
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
    import asyncio
    import dataclasses

    import msgspec

    from claimcheck.loader import load_registry
    from claimcheck.sources.run import ArchiveSettings, take
    from claimcheck.sources.snapshot import choose, file_for, path_for, read_all, registry_key
    from claimcheck.sources.snapshot import save as save_snapshot

    if settings.offline:
        raise ConfigError(
            "snapshot reads the sources over the network; it cannot run offline",
            hint="unset CLAIMCHECK_OFFLINE / `offline` for this command",
        )
    loaded = load_registry(settings.registry, cache=registry_cache(settings))
    refuse_invalid(loaded, settings.ignore)
    known = {s.id for s in loaded.registry.sources}
    for name in only:
        if name not in known:
            hint = did_you_mean(name, known) or "the registry's `sources:` list has the ids"
            raise ConfigError(f"--source: no source `{name}`", hint=hint)
    if edges.http is None:
        raise ValueError("a snapshot run needs an HTTP edge")
    where = settings.snapshot_dir
    # A folder may be shared by several registries (a site's `snapshots`, registries side by
    # side): each snapshot records the registry it was taken for, and each registry reads
    # and replaces its own (`sources.snapshot.choose`).
    kept = read_all(where)
    key = registry_key(where, settings.registry)
    previous = {sid: k.snapshot for sid, k in choose(kept, key).items()}
    archive = ArchiveSettings(
        settings.archive_api, settings.archive_save, save, crossref=settings.crossref_api
    )
    http = edges.http()
    try:
        taken = asyncio.run(
            take(loaded.registry, http, archive, previous=previous, only=frozenset(only))
        )
    finally:
        http.close()
    outcomes = []
    notes = []
    sources = {s.id: s for s in loaded.registry.sources}
    for outcome in taken:
        snap = msgspec.structs.replace(outcome.snapshot, registry=key)
        if accept and snap.drift:
            snap = msgspec.structs.replace(snap, drift=None)
        outcome = dataclasses.replace(outcome, snapshot=snap)
        target = file_for(where, sources[snap.source], key, kept)
        plain = path_for(where, snap.source)
        held = next((k.snapshot for k in kept if k.path == plain), None)
        if target != plain and held is not None and not target.exists():
            whose = (
                f"taken for {held.registry}"
                if held.registry
                else "written before snapshots named their registry"
            )
            notes.append(
                f"`{snap.source}`: {plain.name} ({whose}) is of {held.url}, not this "
                f"registry's source: written to {target.name}, {plain.name} kept"
                + ("" if held.registry else " (delete it if no registry cites that address)")
            )
        save_snapshot(where, snap, target)
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
        notes=tuple(notes),
    )


def exit_code(report: Report, fail_on: Severity) -> int:
    """The one exit-code rule: 1 when a finding is at least as severe as `fail_on`."""
    worst = report.worst()
    return ExitCode.FINDINGS if worst is not None and worst >= fail_on else ExitCode.OK


def exit_code_of_links(run: LinkRun, strict: bool, fail_on: Severity) -> int:
    """The exit code of a URL list: the same rule, over the findings its results would make."""
    from claimcheck.checks.links import severity_of

    levels = (severity_of(r, strict) for r in run.results.values())
    worst = max((level for level in levels if level is not None), default=None)
    return ExitCode.FINDINGS if worst is not None and worst >= fail_on else ExitCode.OK


def run_checks(
    loaded: LoadedRegistry,
    *,
    today: date,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    checks: Sequence[Check] | None = None,
    links: LinkRun | None = None,
    strict_links: bool = False,
    page: PageText | None = None,
    baseline: Baseline | frozenset[str] | None = None,
    snapshots: dict[str, Snapshot] | None = None,
    statuses: StatusVocabulary | None = None,
    retractions: Retractions | None = None,
    scope: frozenset[str] | None = None,
    cache: CheckCache | None = None,
) -> Report:
    """Run every selected check on a loaded registry and build the report; with `scope`,
    each claim's and source's own rules run only on those ids (see `CheckContext.scope`);
    with `cache`, the findings of the checks that read only the registry, the page, the day
    and the status vocabulary are kept, and used again for the same inputs."""
    from claimcheck.checks.base import CheckContext
    from claimcheck.statuses import DEFAULT_VOCABULARY

    registry = loaded.registry
    ctx = CheckContext(
        today=today,
        invalid_ids=loaded.invalid_ids,
        invalid_mentions=tuple(m for d in loaded.dropped_claims for m in d.mentions),
        unreadable=loaded.unreadable(),
        links=links,
        strict_links=strict_links,
        page=page,
        snapshots=snapshots,
        statuses=statuses or DEFAULT_VOCABULARY,
        retractions=retractions,
        scope=scope,
    )
    raw: list[Finding] = list(loaded.findings)
    chosen = [
        check
        for check in (all_checks() if checks is None else checks)
        if not check.rules or any(is_selected(r.code, select, ignore) for r in check.rules)
    ]
    from claimcheck.check_cache import CACHED

    key = kept_before = None
    if cache is not None:
        key = cache.key(loaded, ctx, [c.name for c in chosen if c.name in CACHED])
        kept_before = cache.get(key) if key is not None else None
    to_keep: dict[str, list[Finding]] | None = {} if key is not None else None
    for check in chosen:
        if kept_before is not None and check.name in kept_before:
            raw.extend(kept_before[check.name])
            continue
        try:
            found = list(check.run(registry, ctx))
        except Exception as exc:  # a broken check must not hide the others' findings
            raw.append(Finding(X001, f"check `{check.name}` crashed: {exc!r}"))
            to_keep = None  # nothing of a run with a crash is kept
            continue
        raw.extend(found)
        if to_keep is not None and kept_before is None and check.name in CACHED:
            to_keep[check.name] = found
    if cache is not None and key is not None and kept_before is None and to_keep is not None:
        cache.put(key, to_keep)
    # An `allow` of a rule that may not be ignored is an R002 of the structure check, and
    # never applied.
    allowed = {
        (c.id, a.rule)
        for c in registry.claims
        for a in c.allow
        if why_not_ignorable(a.rule) is None
    }
    # Findings about the run (a crashed check, links not checked) are kept whatever the
    # selection: a run that could not check must not pass.
    selected = {
        code: code in OF_THE_RUN or is_selected(code, select, ignore)
        for code in {f.code for f in raw}
    }
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in raw:
        if not selected[finding.code]:
            continue
        if finding.claim is not None and (finding.claim, finding.code) in allowed:
            suppressed.append(finding)
            continue
        kept.append(finding)
    located = [_located(loaded, f) for f in kept]
    located.sort(key=Finding.sort_key)
    # A finding the baseline knows still marks its claim's state (the claim is still stale);
    # the baseline leaves it out of the findings reported, their count and the exit code.
    claims = claim_summaries(loaded, located)
    counts = None
    if baseline is not None:  # report only what the baseline does not already know
        from claimcheck.baseline import Baseline, apply_baseline

        if not isinstance(baseline, Baseline):
            baseline = Baseline.of(baseline)
        located, counts = apply_baseline(
            located,
            baseline,
            select,
            ignore,
            suppressed,
            registry=registry,
            links=links,
            scope=scope,
        )
        counts = _with_unchecked(counts, baseline, suppressed)
        if counts["known"]:
            reported = claim_summaries(loaded, located)
            claims = tuple(
                c._replace(findings=r.findings) for c, r in zip(claims, reported, strict=True)
            )
    # The rules that could have marked a claim but were not selected: a claim `ok` is ok by
    # the others only, and every report says so. The R errors that leave an entry out are
    # not among them (a registry with one is refused unless they are reported), nor are
    # the findings about the run (always reported).
    not_run = tuple(
        rule.code
        for rule in all_rules()
        if can_mark(rule)
        and rule.code not in DROPS_ENTRIES
        and rule.code not in OF_THE_RUN
        and not is_selected(rule.code, select, ignore)
    )
    return Report(
        registry=loaded.path,
        today=today,
        tool_version=__version__,
        findings=tuple(located),
        claims=claims,
        sources=len(registry.sources),
        suppressed=len(suppressed),
        links=tuple(links.results.values()) if links is not None else None,
        coverage=ctx.summary.get("coverage"),
        baseline=counts,
        support=ctx.support or None,
        not_run=not_run,
        registry_sha256=(registry_digest(loaded.text),),
    )


def _with_unchecked(
    counts: dict[str, int], baseline: Baseline, allowed: Sequence[Finding]
) -> dict[str, int]:
    """The baseline's counts with, when there are some, `unchecked`: its entries the run did
    not look at, neither known nor fixed (of rules not selected, on claims or sources out of
    `--changed-only`'s scope, of links not checked; an entry an `allow` matches is counted as
    allowed, not here), and with link entries `links_unchecked`, how many of them are of
    links. Without them a run that looked at nothing ("0 known, 0 fixed") reads as clean."""
    from claimcheck.baseline import URL_ANSWER

    left = baseline.counts.copy()
    matched = 0
    for finding in allowed:  # as apply_baseline takes them: each matches one entry
        fingerprint = finding.fingerprint()
        if left[fingerprint] > 0:
            left[fingerprint] -= 1
            matched += 1
    entries = sum(n for n in baseline.counts.values() if n > 0)
    unchecked = entries - matched - counts["known"] - counts["fixed"]
    if unchecked <= 0:
        return counts
    counts = {**counts, "unchecked": unchecked}
    if "links_known" in counts:
        # An `allow` is a claim's, and a link's finding is its source's: none is allowed.
        links = sum(
            n for fp, n in baseline.counts.items() if n > 0 and baseline.codes.get(fp) in URL_ANSWER
        )
        counts["links_unchecked"] = links - counts["links_known"] - counts["links_fixed"]
    return counts


def registry_digest(text: str) -> str:
    """The SHA-256 of a registry's text, its line endings as `\n` (a checkout on Windows is
    the same registry): what a report records, so that `merge` refuses shards of two versions."""
    import hashlib

    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _located(loaded: LoadedRegistry, finding: Finding) -> Finding:
    if finding.location is not None:
        return finding
    return finding.at(loaded.locate(finding))


def claim_summaries(
    loaded: LoadedRegistry, findings: Sequence[Finding]
) -> tuple[ClaimSummary, ...]:
    """Every claim of the file, in its order: the registry's (`summarise_claims`) and those
    left out as invalid (a bad `kind`, no `text`), each `invalid` only, with its findings
    counted: a claim the loader dropped is still a claim of the page, and a count without
    it would say the registry has fewer problems than it has."""
    kept = summarise_claims(loaded.registry.claims, findings)
    dropped = loaded.dropped_claims
    if not dropped:
        return kept
    counts: dict[str, int] = defaultdict(int)
    names = {d.id for d in dropped}
    for finding in findings:
        if finding.claim in names:
            counts[finding.claim] += 1
        for name in finding.related:
            if name in names and name != finding.claim:
                counts[name] += 1
    rows = loaded.rows.get("claims", range(len(kept)))
    at = [(row, i, summary) for i, (row, summary) in enumerate(zip(rows, kept, strict=True))]
    at += [
        (d.row, -1, ClaimSummary(d.id, d.kind, d.text, (ClaimState.INVALID,), counts[d.id]))
        for d in dropped
    ]
    return tuple(summary for *_, summary in sorted(at, key=lambda x: (x[0], x[1])))


def summarise_claims(
    claims: Sequence[Claim], findings: Sequence[Finding]
) -> tuple[ClaimSummary, ...]:
    """Each claim's states (most serious first) from its data and every finding on it.

    A finding is on a claim when the claim is its subject or among its `related`; a finding
    on a source alone (a dead link, a drifted text) is on every claim that cites the source,
    which `via` names. Each warning or error adds its rule's state (`Rule.marks`), so a claim
    with one is never `ok`; notes never change a state. The finding count is of the claim's
    own findings.
    """
    by_claim: dict[str, list[Finding]] = defaultdict(list)
    by_source: dict[str, set[ClaimState]] = defaultdict(set)
    for finding in findings:
        if finding.claim is not None:
            by_claim[finding.claim].append(finding)
        elif (
            finding.source is not None
            and finding.rule.marks is not None
            and finding.level >= Severity.WARNING
        ):
            by_source[finding.source].add(finding.rule.marks)
        for name in finding.related:
            if name != finding.claim:
                by_claim[name].append(finding)
    summaries = []
    plain: dict[tuple[str, bool], tuple[ClaimState, ...]] = {}
    for claim in claims:
        own = by_claim.get(claim.id)
        cited: set[ClaimState] | None = None
        via: tuple[str, ...] = ()
        if by_source:  # only when some source failed: most runs skip this loop
            for citation in claim.citations:
                marks = by_source.get(citation.source)
                if marks:
                    cited = marks if cited is None else cited | marks
                    via += (citation.source,) if citation.source not in via else ()
        if own or cited:
            states = _states(claim, own or (), cited)
        else:  # the common case: a claim's states follow from its data alone
            key = (claim.status, bool(claim.citations))
            states = plain.get(key) or plain.setdefault(key, _states(claim, ()))
        summaries.append(
            ClaimSummary(claim.id, claim.kind, claim.text, states, len(own or ()), via)
        )
    return tuple(summaries)


def _states(
    claim: Claim, own: Sequence[Finding], cited: set[ClaimState] | None = None
) -> tuple[ClaimState, ...]:
    """From the claim's review and citations, the states its warnings' and errors' rules
    give it, and those of findings on the sources it cites."""
    status = claim.status
    states = {f.rule.marks for f in own if f.rule.marks is not None and f.level >= Severity.WARNING}
    if cited:
        states |= cited
    if status == "retracted":
        states.add(ClaimState.RETRACTED)
    if status == "disputed":
        states.add(ClaimState.DISPUTED)
    if not claim.citations:
        states.add(ClaimState.UNSOURCED)
    if status == "unverified":
        states.add(ClaimState.UNVERIFIED)
    return tuple(s for s in _STATE_ORDER if s in states) or _OK


def run_site(runs: Sequence[Settings], edges: Edges) -> Report:
    """One report of several registries (a Settings each, `claimcheck.site`): each gathered
    and checked as on its own, the links of all of them checked together, once each."""
    from dataclasses import replace

    from claimcheck.site import combine

    gathered = _gather_each(runs, edges)
    links = None
    wanted = [got.urls for got in gathered if got.urls is not None]
    if wanted:
        urls = list(dict.fromkeys(url for some in wanted for url in some))
        links = check_links(urls, runs[0], edges)
    reports = [
        report_of(replace(got, links=_own_links(links, got.urls)), settings, edges)
        for got, settings in zip(gathered, runs, strict=True)
    ]
    return combine(site_labels(runs), reports)


def _gather_each(runs: Sequence[Settings], edges: Edges) -> list[Gathered]:
    """Each registry of a site gathered; every one that cannot be is named, one a line
    (the run stopped at the first: an empty or unreadable one after it went unsaid)."""
    from claimcheck.errors import InvalidRegistryError, RegistryLoadError

    gathered: list[Gathered] = []
    failed: list[RegistryLoadError | InvalidRegistryError] = []
    for settings in runs:
        try:
            gathered.append(gather(settings, edges, report_invalid=True, links=False))
        except (RegistryLoadError, InvalidRegistryError) as exc:  # a setting's: said once
            failed.append(exc)
    if len(failed) == 1:
        raise failed[0]
    if failed:
        raise InvalidRegistryError(
            f"{len(failed)} of {len(runs)} registries could not be checked",
            details=tuple(
                line for exc in failed for line in (*getattr(exc, "details", ()), str(exc))
            ),
        )
    return gathered


def site_labels(runs: Sequence[Settings]) -> list[str]:
    """The name each registry of a site run is known by (its ids qualified by it, its
    findings' fingerprints made of it): its path from the repository's root, however it was
    given (`a/claims.yaml`, `./a/claims.yaml`, its absolute path, from another folder), so an
    alert follows its claim from run to run. Outside the repository: its absolute path."""
    import os

    from claimcheck.files import repository_of

    cwd = Path.cwd().resolve()
    root = repository_of(cwd)
    labels = []
    for settings in runs:
        where = Path(os.path.normpath(cwd / settings.registry))  # links are not followed
        labels.append(
            where.relative_to(root).as_posix() if where.is_relative_to(root) else str(where)
        )
    return labels


def scan(runs: Sequence[Settings], edges: Edges) -> Report:
    """Each registry against its page (PAGE, or its own `page.path`), one report. A registry
    with no page to scan is an error naming it, never a pass with nothing checked."""
    gathered = [gather(settings, edges) for settings in runs]  # every page read first
    if not any(got.checks for got in gathered):
        raise ConfigError(
            "scan: no P rule is selected (the config's `select`/`ignore` leave none): "
            "nothing would be checked",
            hint="remove `P` from `ignore`, or run `claimcheck verify` for the other rules",
        )
    for got, settings in zip(gathered, runs, strict=True):
        if got.page is None:
            raise ConfigError(
                "no page to scan: the registry has no `page.path`",
                file=str(settings.registry),
                hint="set its `page.path`: each registry of a site is scanned against its own"
                if len(runs) > 1
                else "give PAGE, or set the registry's `page.path`",
            )
    reports = [report_of(got, s, edges) for got, s in zip(gathered, runs, strict=True)]
    if len(reports) == 1:
        return reports[0]
    from claimcheck.site import combine

    return combine(site_labels(runs), reports)


def _own_links(links: LinkRun | None, urls: list[str] | None) -> LinkRun | None:
    """The site's link run as one registry's: its own URLs' results, and its own counts of
    links not checked (each registry's L008 counts its links, not the whole site's)."""
    if links is None or urls is None:
        return None
    from dataclasses import replace

    from claimcheck.links.model import Skip

    own = {url: links.results[url] for url in urls if url in links.results}
    unchecked = any(r.skip is Skip.NO_NETWORK for r in own.values())
    return replace(
        links,
        results=own,
        network_unavailable=links.network_unavailable and unchecked,
        out_of_time=sum(1 for r in own.values() if r.skip is Skip.OUT_OF_TIME),
        carried=sum(1 for r in own.values() if r.skip is Skip.BUDGET),
    )


def check_text(
    settings: Settings,
    edges: Edges,
    text: str,
    *,
    page: Callable[[LoadedRegistry], PageText | None] | None = None,
) -> tuple[LoadedRegistry, Report]:
    """The offline checks of registry text held in memory (an editor's unsaved buffer),
    named `settings.registry`, as `verify --offline` would report it: never the network
    (links from the link cache only, sources from their snapshots on disk). `page` gives the
    registry's page (the editor's own text of it); None reads `page.path` from disk.

    An invalid registry is reported, not refused (as by `verify`); one that cannot be read
    at all raises its RegistryLoadError.
    """
    from dataclasses import replace

    from claimcheck.loader import parse_registry

    settings = replace(settings, offline=True, baseline=None, changed_only=None)
    checks, select, ignore = select_checks(settings)
    needs = gathered_inputs(checks, settings)
    loaded = parse_registry(text, str(settings.registry))
    refuse_invalid(loaded, settings.ignore, reported=(select, ignore))
    read = None
    if PAGE in needs:
        read = page(loaded) if page is not None else _gather_page(loaded, settings)
    snapshots = None
    if SNAPSHOTS in needs and _snapshot_folder(settings):
        from claimcheck.sources.snapshot import load as load_snapshots

        snapshots = load_snapshots(settings.snapshot_dir, settings.registry)
    links = None
    if LINKS in needs:
        from claimcheck.checks.links import source_urls

        links = check_links(source_urls(loaded.registry), settings, edges)
    got = Gathered(loaded, checks, select, ignore, links=links, page=read, snapshots=snapshots)
    return loaded, report_of(got, settings, edges)


if TYPE_CHECKING:
    from collections.abc import Mapping

    from claimcheck.model import Registry
    from claimcheck.quantity import Quantity


@dataclass(frozen=True, slots=True)
class Highlight:
    """A stretch of the page `claimcheck review` marks (offsets in the page's prose, the same
    as in its file): a claim's mention (`claim`), or a finding's place (`finding`, an index
    into the report's findings: P001's figure, P004's sentence, the sentence a mention stands
    in with other figures or words, P003 or P002); -1 when no finding."""

    start: int
    end: int
    claim: str
    finding: int


@dataclass(frozen=True)
class PageReview:
    """What `claimcheck review` shows: the run's report, the registry, the page as read (and
    its file's text, for its headings), the snapshots, and where each claim stands."""

    registry: Registry
    report: Report
    page: PageText
    source: str
    page_format: str
    snapshots: Mapping[str, Snapshot]
    marks: tuple[Highlight, ...]
    title: str | None
    url: str | None
    as_of: str | None


def review_page(settings: Settings, edges: Edges) -> PageReview:
    """Run every check, and gather what the annotated page shows: the page (read even when
    the P rules are not selected), the snapshots, and each mention's and finding's place."""
    from pathlib import Path

    from claimcheck.files import not_utf8, read_regular
    from claimcheck.page import MAX_PAGE_BYTES, guess_format
    from claimcheck.pagemeta import page_meta
    from claimcheck.sources.snapshot import load as load_snapshots

    got = gather(settings, edges, report_invalid=True)
    page = got.page or _gather_page(got.loaded, settings)
    if page is None:
        raise ConfigError(
            "no page to review", hint="give --page PAGE, or set the registry's page.path"
        )
    report = report_of(got, settings, edges)
    snapshots = got.snapshots
    if snapshots is None:  # the Q rules were not selected: the cards still show the passages
        snapshots = load_snapshots(settings.snapshot_dir, settings.registry)
    fmt = settings.page_format or guess_format(Path(page.path))
    # As `read_page` decoded it, so that offsets in the prose are offsets in this text.
    # The registry's page.path: what fails is said there (--page is the user's own path).
    named = _at_page_path(got.loaded, Path(page.path)) if settings.page is None else nullcontext()
    with named:
        data = read_regular(Path(page.path), "page file", MAX_PAGE_BYTES)
    try:  # as read_page read it a moment ago, unless it was replaced since
        source = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise not_utf8(data, exc, "page", page.path) from None
    registry = got.loaded.registry
    stated = page_meta(source, fmt)
    about = registry.page
    as_of = about.as_of if about and about.as_of else stated.as_of
    return PageReview(
        registry,
        report,
        page,
        source,
        fmt,
        snapshots,
        _highlights(registry, report, page),
        (about.title if about else None) or stated.title,
        (about.url if about else None) or stated.url,
        str(as_of) if as_of else None,
    )


def _highlights(registry: Registry, report: Report, page: PageText) -> tuple[Highlight, ...]:
    """Each mention where `scan` places it (`_mention_places`), and the places of the page's
    findings."""
    import bisect
    import re

    from claimcheck.checks.coverage import mask_phones, sentences
    from claimcheck.quantity import find_quantities

    marks = [
        Highlight(start, end, claim, -1) for start, end, claim in _mention_places(registry, page)
    ]
    lines = sentences(page.prose)
    body = sentences(page.body)
    figures: list[Quantity] | None = None
    places: list[int] = []
    for i, finding in enumerate(report.findings):
        loc = finding.location
        if finding.code not in ("P001", "P002", "P003", "P004") or loc is None:
            continue
        if loc.file != page.path:  # a missing mention is located in the registry
            continue
        offset = page.offset(loc.line, loc.column)
        if finding.code == "P001":
            start, end = _around(body, offset)
            if figures is None:
                figures = find_quantities(mask_phones(page.body))
                places = [q.start for q in figures]
            listed = re.match(r"unregistered figures? (.*?) in: ", finding.message)
            named = set(listed.group(1).split(", ")) if listed else set()
            inside = figures[bisect.bisect_left(places, start) : bisect.bisect_left(places, end)]
            # The figures the message names; else the one the finding points at.
            found = [q for q in inside if q.end <= end and q.text in named] or [
                q for q in inside if q.start == offset
            ]
            marks.extend(Highlight(q.start, q.end, "", i) for q in found)
        elif finding.code == "P004":
            marks.append(Highlight(*_around(body, offset), "", i))
        elif finding.claim is not None:  # a mention found in other words: its sentence
            marks.append(Highlight(*_around(lines, offset), finding.claim, i))
    return tuple(sorted(marks, key=lambda m: (m.start, -m.end)))


def _mention_places(registry: Registry, page: PageText) -> list[tuple[int, int, str]]:
    """Where each claim's mentions stand, as `scan` (the coverage check) places them: found
    by its own matching (`MentionFinder`: white space, quote marks, dashes and entities
    aside, whole figures only, a table's row written with pipes at an HTML row's cells). A
    statement several claims register ("up 5% on the year before" after two figures) stands
    for each claim at the place scan gives it: a changed copy is the claim whose own words
    its sentence holds (`_copies`: that claim's place is its P003's sentence, not the other
    claims' unchanged one), and each unchanged place is the claim scan would give it were it
    the one changed (`_whose`; with more places than claims, the claim whose words its
    sentence holds most of). Where that leaves a claim no place (the claims' words do not
    tell them apart), or the page has fewer places than claims registering the statement
    (scan takes them as registered twice for one place), each place is each one's.

    Placed from the registry and the page alone, never from the report: a config that
    ignores the P rules, or an `allow`, leaves no P003 to say where a claim went."""
    import bisect
    import functools

    from claimcheck.checks.coverage import (
        MentionFinder,
        _content_words,
        _copies,
        _Locator,
        _There,
        _whose,
        normal_text,
        sentences,
    )

    prose = page.prose
    finder = MentionFinder(prose)
    there: list[_There] = []
    for i, claim in enumerate(registry.claims):
        for j, mention in enumerate(claim.mentions):
            places = finder.places(mention)
            if places:
                there.append(_There(i, j, claim, mention, normal_text(mention), places))
    spans = sentences(prose) or [(0, len(prose))]
    starts = [start for start, _ in spans]

    @functools.cache
    def sentence_words(k: int) -> frozenset[str]:
        start, end = spans[k]
        return frozenset(_content_words(prose[start:end]))

    def words_at(offset: int) -> frozenset[str]:  # as scan reads a place's sentence
        return sentence_words(max(0, bisect.bisect_right(starts, offset) - 1))

    # A mention scan places elsewhere (its statement's changed copy, or no place it is sure
    # of) is not at the unchanged places: they are the other claims'.
    for member, _ in _copies(there, _Locator(finder._index), words_at):
        member.places = []
    groups: dict[str, list[_There]] = defaultdict(list)
    for found in there:
        if found.places:
            groups[found.normal].append(found)
    out: dict[tuple[int, int, str], None] = {}
    for group in groups.values():
        places = group[0].places
        if len({id(m.claim) for m in group}) == 1 or len(places) < len(group):
            out.update(((*p, m.claim.id), None) for m in group for p in places)
            continue
        # As many places as mentions: each place is the claim scan would give it were its
        # sentence the one changed; more places: the claim its sentence holds most words of.
        others = places if len(places) == len(group) else []
        owners = {p: _whose(group, [q for q in others if q != p], p, words_at) for p in places}
        if {id(m.claim) for ms in owners.values() for m in ms} != {id(m.claim) for m in group}:
            # A claim no place is given to: the claims' words do not tell them apart.
            owners = dict.fromkeys(places, group)
        out.update(((*p, m.claim.id), None) for p, ms in owners.items() for m in ms)
    return list(out)


def _around(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The span holding `offset` (the sentence), or the offset's own character."""
    import bisect

    i = bisect.bisect_right(spans, (offset, 1 << 62)) - 1
    if i >= 0 and spans[i][0] <= offset < spans[i][1]:
        return spans[i]
    return offset, offset + 1
