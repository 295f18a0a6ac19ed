"""The command line: options → Settings → core → renderer → exit code. No logic of its own."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from claimcheck import __version__
from claimcheck.errors import ClaimcheckError, ConfigError, ExitCode
from claimcheck.files import atomic_write

if TYPE_CHECKING:
    from collections.abc import Mapping

    from claimcheck.config import Settings
    from claimcheck.findings import Report
    from claimcheck.links.model import LinkRun
    from claimcheck.loader import LoadedRegistry
    from claimcheck.render.base import Renderer, RenderOptions
    from claimcheck.sources.snapshot import Snapshot

app = typer.Typer(
    name="claimcheck",
    help="Check a registry of a page's claims: sources, consistency, links and staleness.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

RegistryArg = Annotated[
    Path | None,
    typer.Argument(
        help="The registry file [default: claims.yaml, or `registry` in the config].",
        show_default=False,
    ),
]
TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today",
        help="The date to check against, e.g. 2026-11-24 [env: CLAIMCHECK_TODAY; default: today].",
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="A claimcheck.toml or pyproject.toml to read [default: the one in this directory].",
    ),
]
ConcurrencyOpt = Annotated[
    int | None,
    typer.Option(
        "--concurrency",
        help="Requests in flight at once, in all [default: 64].",
        rich_help_panel="Links",
    ),
]
HostConcurrencyOpt = Annotated[
    int | None,
    typer.Option(
        "--host-concurrency",
        help="Requests in flight at once to one host [default: 4].",
        rich_help_panel="Links",
    ),
]
HostIntervalOpt = Annotated[
    str | None,
    typer.Option(
        "--host-interval",
        help="Least time between requests to one host, e.g. 2s [default: 0.1s; *.gov.uk 1s].",
        rich_help_panel="Links",
    ),
]
TimeoutOpt = Annotated[
    str | None,
    typer.Option(
        "--timeout", help="Seconds to wait for an answer [default: 20].", rich_help_panel="Links"
    ),
]
RetriesOpt = Annotated[
    int | None,
    typer.Option(
        "--retries", help="Retries of a transient failure [default: 2].", rich_help_panel="Links"
    ),
]
RetryOnOpt = Annotated[
    str | None,
    typer.Option(
        "--retry-on",
        help="What to retry: some of 408,429,5xx,timeout,connection [default: all].",
        rich_help_panel="Links",
    ),
]
ShardOpt = Annotated[
    str | None,
    typer.Option(
        "--shard",
        metavar="K/N",
        help="Check only the links of shard K of N (split by host).",
        rich_help_panel="Links",
    ),
]
MethodOpt = Annotated[
    str | None,
    typer.Option(
        "--method",
        help="head-get (HEAD, then GET if HEAD fails) or get (GET only) [default: head-get].",
        rich_help_panel="Links",
    ),
]
CacheOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache",
        help="The cache file [default: in the platform cache directory].",
        rich_help_panel="Links",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option("--no-cache", help="Neither read nor write the cache.", rich_help_panel="Links"),
]
CacheTtlOpt = Annotated[
    str | None,
    typer.Option(
        "--cache-ttl",
        help="How long a good result is reused, e.g. 6h, 1d [default: 1d].",
        rich_help_panel="Links",
    ),
]
AllowPrivateOpt = Annotated[
    bool | None,
    typer.Option(
        "--allow-private/--refuse-private",
        help="Check private, loopback and link-local addresses [default: refuse].",
        rich_help_panel="Links",
    ),
]
StrictOpt = Annotated[
    bool | None,
    typer.Option(
        "--strict",
        help="Blocked, rate-limited, timed-out and failed links are errors.",
        rich_help_panel="Links",
    ),
]
MaxRuntimeOpt = Annotated[
    str | None,
    typer.Option(
        "--max-runtime",
        help="Stop starting checks after this long, e.g. 10min; the rest are reported unchecked.",
        rich_help_panel="Links",
    ),
]
UserAgentOpt = Annotated[
    str | None,
    typer.Option(
        "--user-agent",
        help="The User-Agent header [default: claimcheck/VERSION (+URL)].",
        rich_help_panel="Links",
    ),
]
OfflineOpt = Annotated[
    bool | None,
    typer.Option(
        "--offline/--online",
        help="No network: links come from the cache or are skipped [env: CLAIMCHECK_OFFLINE].",
    ),
]

PageOpt = Annotated[
    Path | None,
    typer.Option(
        "--page",
        help="Also check this page against the registry (P rules) [default: page.path].",
    ),
]
PageFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--page-format", help="text, markdown or html [default: from the file's extension]."
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write the report to this file instead of standard output."
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Check a registry of a page's claims: sources, consistency, links and staleness."""


@contextmanager
def _errors() -> Iterator[None]:
    """The one place where errors become messages and exit codes."""
    try:
        yield
    except ClaimcheckError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except Exception as exc:
        if os.environ.get("CLAIMCHECK_DEBUG"):
            raise
        _fail(
            f"internal error: {exc!r}. This is a bug in claimcheck; run again with "
            "CLAIMCHECK_DEBUG=1 for the traceback and please report it",
            ExitCode.INTERNAL,
        )


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"claimcheck: {message}\n")
    raise typer.Exit(code)


def _split(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(v for value in values for v in value.replace(",", " ").split())


def _settings(config: Path | None, **overrides: Any) -> Settings:
    from claimcheck.config import load_settings
    from claimcheck.dates import parse_today
    from claimcheck.findings import Severity

    if overrides.get("today") is not None:
        try:
            overrides["today"] = parse_today(overrides["today"])
        except ValueError as exc:
            raise ConfigError(f"--today: {exc}") from None
    if overrides.get("fail_on") is not None:
        try:
            overrides["fail_on"] = Severity.parse(overrides["fail_on"])
        except ValueError as exc:
            raise ConfigError(f"--fail-on: {exc}") from None
    if config is not None and not config.is_file():
        raise ConfigError("no such config file", file=str(config))
    return load_settings(cwd=Path.cwd(), config=config, overrides=overrides)


#: The link options every command that checks links takes (their parameter names).
LINK_FLAGS = (
    "shard",
    "concurrency",
    "host_concurrency",
    "host_interval",
    "timeout",
    "retries",
    "retry_on",
    "method",
    "cache",
    "no_cache",
    "cache_ttl",
    "allow_private",
    "strict",
    "max_runtime",
    "user_agent",
)


def _link_flags(given: dict[str, Any]) -> dict[str, Any]:
    """A command's link options, from its parameters, in `_link_overrides`' terms."""
    flags = {name: given[name] for name in LINK_FLAGS}
    flags["use_cache"] = flags.pop("no_cache")
    flags["cache"] = str(flags["cache"]) if flags["cache"] else None
    return flags


def _link_overrides(**given: Any) -> dict[str, Any]:
    """`links_*` overrides from the command line, converted and checked."""
    from claimcheck.config import LINK_KEYS, convert_link_value

    kinds = dict(LINK_KEYS.values())
    result: dict[str, Any] = {}
    for name, value in given.items():
        if value is None or (value is False and name == "use_cache"):
            continue
        if name == "use_cache":
            result["links_use_cache"] = False
            continue
        flag = "--" + name.replace("_", "-")
        try:
            result[f"links_{name}"] = (
                convert_link_value(kinds[name], value) if name in kinds else value
            )
        except ValueError as exc:
            raise ConfigError(f"{flag}: {exc}") from None
    return result


def _options() -> RenderOptions:
    import shutil

    from claimcheck.render.base import RenderOptions

    tty = sys.stdout.isatty()
    color = (tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb") or bool(
        os.environ.get("FORCE_COLOR")
    )
    width = shutil.get_terminal_size((100, 24)).columns if tty else 100
    return RenderOptions(color=color, width=max(60, width))


def _check(
    settings: Settings,
    *,
    links: bool = True,
    pages: bool = False,
    page: Path | None = None,
    page_format: str | None = None,
    baseline: Path | None = None,
) -> tuple[LoadedRegistry, Report]:
    from claimcheck.checks.links import RULES as LINK_RULES
    from claimcheck.checks.links import source_urls
    from claimcheck.engine import is_selected, run_checks, validate_prefixes
    from claimcheck.loader import load_registry

    select = validate_prefixes(settings.select, "--select")
    ignore = validate_prefixes(settings.ignore, "--ignore")
    loaded = load_registry(settings.registry)
    link_run = None
    if links and any(is_selected(r.code, select, ignore) for r in LINK_RULES):
        quiet = settings.format != "terminal"
        link_run = _run_links(source_urls(loaded.registry), settings, quiet=quiet)
    from claimcheck.checks.coverage import RULES as PAGE_RULES

    page_text = None
    registry_page = loaded.registry.page.path if loaded.registry.page else None
    pages = pages and any(is_selected(r.code, select, ignore) for r in PAGE_RULES)
    if pages and page is None and registry_page:
        page = settings.registry.parent / registry_page  # relative to the registry file
    if pages and page is not None:
        from claimcheck.page import read_page

        page_text = read_page(page, page_format)
    known = None
    if baseline is not None:
        from claimcheck.baseline import read_baseline

        known = read_baseline(baseline)
    snapshots = None
    if settings.snapshot_dir.is_dir():
        from claimcheck.sources.snapshot import load as load_snapshots

        snapshots = load_snapshots(settings.snapshot_dir)
    report = run_checks(
        loaded,
        today=settings.today or date.today(),
        select=select,
        ignore=ignore,
        links=link_run,
        strict_links=settings.links.strict,
        page=page_text,
        baseline=known,
        snapshots=snapshots,
    )
    return loaded, report


def _run_links(urls: list[str], settings: Settings, *, quiet: bool = False) -> LinkRun:
    """The link engine at the edge: the run's clock and HTTP edge (with the cache), a progress
    bar on a terminal."""
    import asyncio

    from claimcheck.clock import Clock
    from claimcheck.http import HttpEdge
    from claimcheck.links.pool import check_urls

    edge = HttpEdge(settings.links, Clock(fixed_today=settings.today))
    progress = None if quiet or not sys.stderr.isatty() or os.environ.get("CI") else _ProgressBar()
    try:
        return asyncio.run(
            check_urls(
                urls,
                edge,
                offline=settings.offline,
                progress=progress.update if progress else None,
            )
        )
    finally:
        if progress:
            progress.close()
        edge.close()


class _ProgressBar:
    """A bar on stderr, shown only once checking takes more than half a second."""

    def __init__(self) -> None:
        import time

        self._started = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def update(self, done: int, total: int) -> None:
        import time

        if self._bar is None:
            if time.monotonic() - self._started < 0.5 or done >= total:
                return
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("checking links", total=total)
        self._bar.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _report_jobs(
    formats: list[str], outputs: list[Path], renderers: Mapping[str, Renderer]
) -> list[tuple[Renderer, Path | None]]:
    """Each --format with its --output, in order; at most one goes to standard output."""
    for name in formats:
        if name not in renderers:
            raise ConfigError(
                f"--format: unknown format {name!r}", hint=f"choose one of {', '.join(renderers)}"
            )
    if len(outputs) > len(formats):
        raise ConfigError("more --output than --format", hint="give one --format per --output")
    if len(formats) - len(outputs) > 1:
        raise ConfigError(
            "several formats would go to standard output",
            hint="give an --output for all but one --format",
        )
    targets: list[Path | None] = [*outputs, None]
    return [(renderers[name], targets[i]) for i, name in enumerate(formats)]


def _write(text: str, output: Path | None) -> None:
    """Standard output, or the file written whole or not at all."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        atomic_write(output, text)
    except OSError as exc:
        raise ConfigError(f"cannot write the report: {exc.strerror}", file=str(output)) from None


@app.command()
def verify(
    registry: RegistryArg = None,
    format: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help="terminal, json, markdown, github, csv, junit or sarif; repeatable, each "
            "with its own --output [env: CLAIMCHECK_FORMAT].",
        ),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output", "-o", help="Write the report to this file; one per --format, in order."
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="Only rules whose code starts with one of these prefixes (S,T001); repeatable.",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help="Leave out rules whose code starts with one of these prefixes; repeatable.",
        ),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 on findings this severe or worse: error, warning, note [default: error].",
        ),
    ] = None,
    today: TodayOpt = None,
    offline: OfflineOpt = None,
    config: ConfigOpt = None,
    page: PageOpt = None,
    page_format: PageFormatOpt = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", help="Report and fail only on findings this baseline file does not list."
        ),
    ] = None,
    changed_only: Annotated[
        str | None,
        typer.Option(
            "--changed-only",
            metavar="REF",
            help="Only claims and sources whose lines changed since this git ref.",
        ),
    ] = None,
    concurrency: ConcurrencyOpt = None,
    host_concurrency: HostConcurrencyOpt = None,
    host_interval: HostIntervalOpt = None,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = None,
    retry_on: RetryOnOpt = None,
    method: MethodOpt = None,
    shard: ShardOpt = None,
    cache: CacheOpt = None,
    no_cache: NoCacheOpt = False,
    cache_ttl: CacheTtlOpt = None,
    allow_private: AllowPrivateOpt = None,
    strict: StrictOpt = None,
    max_runtime: MaxRuntimeOpt = None,
    user_agent: UserAgentOpt = None,
) -> None:
    """Run every check on the registry and report the findings."""
    with _errors():
        from claimcheck.render import RENDERERS

        settings = _settings(
            config,
            registry=registry,
            format=format[0] if format else None,
            select=_split(select),
            ignore=_split(ignore),
            fail_on=fail_on,
            today=today,
            offline=offline,
            **_link_overrides(**_link_flags(locals())),
        )
        jobs = _report_jobs(list(format or [settings.format]), list(output or []), RENDERERS)
        loaded, report = _check(
            settings, pages=True, page=page, page_format=page_format, baseline=baseline
        )
        if changed_only is not None:
            from claimcheck.changes import changed_lines, only_changed

            report = only_changed(report, loaded, changed_lines(settings.registry, changed_only))
        for renderer, target in jobs:
            _write(renderer.render(report, _options()), target)
        if any(target is not None for _, target in jobs):
            from claimcheck.render.terminal import summary_text

            written = ", ".join(str(t) for _, t in jobs if t is not None)
            sys.stderr.write(f"claimcheck: wrote {written}\n{summary_text(report)}\n")
        worst = report.worst()
        if worst is not None and worst >= settings.fail_on:
            raise typer.Exit(ExitCode.FINDINGS)


@app.command()
def links(
    registry: RegistryArg = None,
    urls: Annotated[
        Path | None,
        typer.Option(
            "--urls",
            help="Check the URLs in this file (one per line; # comments) instead of a registry.",
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="terminal or json; with --urls also jsonl (one JSON object per line).",
        ),
    ] = "terminal",
    output: OutputOpt = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="With a registry: exit 1 on findings this severe or worse [default: error].",
        ),
    ] = None,
    offline: OfflineOpt = None,
    config: ConfigOpt = None,
    concurrency: ConcurrencyOpt = None,
    host_concurrency: HostConcurrencyOpt = None,
    host_interval: HostIntervalOpt = None,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = None,
    retry_on: RetryOnOpt = None,
    method: MethodOpt = None,
    shard: ShardOpt = None,
    cache: CacheOpt = None,
    no_cache: NoCacheOpt = False,
    cache_ttl: CacheTtlOpt = None,
    allow_private: AllowPrivateOpt = None,
    strict: StrictOpt = None,
    max_runtime: MaxRuntimeOpt = None,
    user_agent: UserAgentOpt = None,
) -> None:
    """Check only the sources' links (the L rules), or a plain list of URLs with --urls."""
    with _errors():
        overrides = _link_overrides(**_link_flags(locals()))
        if urls is None:
            from claimcheck.render import RENDERERS

            if format not in RENDERERS:
                raise ConfigError(
                    f"--format: unknown format {format!r}", hint="choose terminal or json"
                )
            settings = _settings(
                config,
                registry=registry,
                select=("L",),
                fail_on=fail_on,
                offline=offline,
                **overrides,
            )
            _, report = _check(settings)
            _write(RENDERERS[format].render(report, _options()), output)
            worst = report.worst()
            if worst is not None and worst >= settings.fail_on:
                raise typer.Exit(ExitCode.FINDINGS)
            return
        from claimcheck.links.listing import read_url_list, render_results

        if format not in ("terminal", "json", "jsonl"):
            raise ConfigError(
                f"--format: unknown format {format!r}", hint="choose terminal, json or jsonl"
            )
        settings = _settings(config, offline=offline, **overrides)
        run = _run_links(read_url_list(urls), settings, quiet=format != "terminal")
        _write(render_results(run, format, _options()), output)
        failing = {"dead", "soft_404"} | (
            {"blocked", "rate_limited", "timeout", "error"} if settings.links.strict else set()
        )
        if any(r.verdict.value in failing for r in run.results.values()):
            raise typer.Exit(ExitCode.FINDINGS)


@app.command()
def scan(
    page: Annotated[Path, typer.Argument(help="The published page: .txt, .md or .html.")],
    registry: Annotated[
        Path | None, typer.Option("--registry", "-r", help="The registry [default: claims.yaml].")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="terminal or json.")] = "terminal",
    output: OutputOpt = None,
    page_format: PageFormatOpt = None,
    fail_on: Annotated[
        str | None,
        typer.Option("--fail-on", help="Exit 1 on findings this severe or worse [default: error]."),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Check a page against the registry both ways: unregistered figures and statements,
    mentions no longer on the page, figures that changed (the P rules)."""
    with _errors():
        from claimcheck.render import RENDERERS

        if format not in RENDERERS:
            raise ConfigError(
                f"--format: unknown format {format!r}", hint=f"choose one of {', '.join(RENDERERS)}"
            )
        settings = _settings(
            config, registry=registry, select=("P",), fail_on=fail_on, offline=True
        )
        _, report = _check(settings, links=False, pages=True, page=page, page_format=page_format)
        _write(RENDERERS[format].render(report, _options()), output)
        worst = report.worst()
        if worst is not None and worst >= settings.fail_on:
            raise typer.Exit(ExitCode.FINDINGS)


@app.command()
def extract(
    page: Annotated[Path, typer.Argument(help="The published page: .txt, .md or .html.")],
    registry: Annotated[
        Path | None, typer.Option("--registry", "-r", help="The registry [default: claims.yaml].")
    ] = None,
    append: Annotated[
        bool,
        typer.Option("--append", help="Add the drafts to the registry (comments and order kept)."),
    ] = False,
    page_format: PageFormatOpt = None,
    output: OutputOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Draft registry entries for the page's unregistered figures and statements."""
    with _errors():
        from claimcheck.extract import append_drafts, draft_claims, dump_drafts
        from claimcheck.page import read_page

        settings = _settings(config, registry=registry, select=("P",), offline=True)
        loaded, report = _check(
            settings, links=False, pages=True, page=page, page_format=page_format
        )
        taken = {c.id for c in loaded.registry.claims} | set(loaded.invalid_ids)
        drafts = draft_claims(report.findings, read_page(page, page_format), taken)
        if append:
            if drafts:
                append_drafts(settings.registry, drafts)
            sys.stderr.write(
                f"claimcheck: added {len(drafts)} draft claims to {settings.registry}\n"
            )
            return
        _write(dump_drafts(drafts) if drafts else "", output)


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print the registry's JSON Schema (for editor completion and validation)."""
    with _errors():
        from claimcheck.render.json_ import dumps
        from claimcheck.schema import registry_schema

        _write(dumps(registry_schema()), output)


@app.command()
def snapshot(
    registry: RegistryArg = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source", "-s", help="Only this source (repeatable) [default: every cited one]."
        ),
    ] = None,
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir", help="Where snapshots are kept [default: snapshots/ beside the registry]."
        ),
    ] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Write archived copies found to the sources' archive_url.")
    ] = False,
    save: Annotated[
        bool, typer.Option("--save", help="Ask the Wayback Machine to capture live sources.")
    ] = False,
    accept: Annotated[
        bool, typer.Option("--accept", help="Accept changed content: clear the drift marks.")
    ] = False,
    archive_api: Annotated[
        str | None,
        typer.Option("--archive-api", help="The Wayback availability API [default: archive.org]."),
    ] = None,
    timeout: TimeoutOpt = None,
    allow_private: AllowPrivateOpt = None,
    user_agent: UserAgentOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Read the cited sources and keep what they say (for Q checks offline, in CI)."""
    with _errors():
        import asyncio

        import msgspec

        from claimcheck.clock import Clock
        from claimcheck.http import HttpEdge
        from claimcheck.loader import load_registry
        from claimcheck.sources.run import ArchiveSettings, take
        from claimcheck.sources.snapshot import load
        from claimcheck.sources.snapshot import save as save_snapshot

        overrides = _link_overrides(
            timeout=timeout, allow_private=allow_private, user_agent=user_agent
        )
        settings = _settings(
            config, registry=registry, snapshots=directory, archive_api=archive_api, **overrides
        )
        if settings.offline:
            raise ConfigError(
                "snapshot reads the sources over the network; it cannot run offline",
                hint="unset CLAIMCHECK_OFFLINE / `offline` for this command",
            )
        loaded = load_registry(settings.registry)
        known = {s.id for s in loaded.registry.sources}
        for name in source or []:
            if name not in known:
                from claimcheck.suggest import did_you_mean

                hint = did_you_mean(name, known) or "the registry's `sources:` list has the ids"
                raise ConfigError(f"--source: no source `{name}`", hint=hint)
        where = settings.snapshot_dir
        previous = load(where)
        archive = ArchiveSettings(settings.archive_api, settings.archive_save, save)
        edge = HttpEdge(settings.links, Clock(fixed_today=settings.today))
        try:
            outcomes = asyncio.run(
                take(
                    loaded.registry,
                    edge,
                    archive,
                    previous=previous,
                    only=frozenset(source or ()),
                )
            )
        finally:
            edge.close()
        drifted = failed = 0
        for outcome in outcomes:
            snap = outcome.snapshot
            if accept and snap.drift:
                snap = msgspec.structs.replace(snap, drift=None)
            save_snapshot(where, snap)
            drifted += snap.drift is not None
            failed += snap.error is not None
            sys.stdout.write(_snapshot_line(snap, outcome.archive_note, outcome.saved) + "\n")
        if fix:
            from claimcheck.edit import set_source_fields

            fixes = {
                o.snapshot.source: {"archive_url": o.snapshot.archive.url}
                for o in outcomes
                if o.snapshot.archive
            }
            changed = set_source_fields(settings.registry, fixes)
            if changed:
                sys.stderr.write(
                    f"claimcheck: wrote archive_url for {', '.join(changed)} "
                    f"to {settings.registry}\n"
                )
        sys.stderr.write(
            f"claimcheck: {len(outcomes)} sources read into {where}; "
            f"{drifted} changed, {failed} unreadable\n"
        )
        if drifted or failed:
            raise typer.Exit(ExitCode.FINDINGS)


def _snapshot_line(snap: Snapshot, archive_note: str | None, saved: str | None) -> str:
    from collections import Counter

    if snap.error:
        text = f"{snap.source}: not read: {snap.error}"
    else:
        verdicts = Counter(q.verdict for q in snap.quotes)
        found = sum(f.found for f in snap.figures)
        pages = f", {snap.pages} pages" if snap.kind == "pdf" else ""
        text = (
            f"{snap.source}: {snap.kind}{pages}; quotes: "
            + (", ".join(f"{n} {v}" for v, n in sorted(verdicts.items())) or "none")
            + f"; figures: {found} of {len(snap.figures)} found"
        )
    if snap.drift:
        text += f"; CHANGED since the last snapshot (found {snap.drift.detected})"
    if snap.archive:
        text += f"; archived copy: {snap.archive.url}"
    elif archive_note:
        text += f"; no archived copy: {archive_note}"
    if saved is not None:
        text += "; saved to the archive" if saved == "" else f"; not saved: {saved}"
    return text


@app.command("baseline")
def write_baseline(
    registry: RegistryArg = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The baseline file to write.")
    ] = Path(".claimcheck-baseline.json"),
    today: TodayOpt = None,
    offline: OfflineOpt = None,
    page: PageOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Record today's findings, so that `verify --baseline` fails only on new ones."""
    with _errors():
        from claimcheck.baseline import baseline_text

        settings = _settings(config, registry=registry, today=today, offline=offline)
        _, report = _check(settings, pages=True, page=page)
        _write(baseline_text(report.findings), output)
        sys.stderr.write(f"claimcheck: wrote {len(report.findings)} findings to {output}\n")


@app.command()
def init(
    registry: RegistryArg = None,
    title: Annotated[str, typer.Option("--title", help="The page's title.")] = "The page's title",
    url: Annotated[
        str, typer.Option("--url", help="The page's address.")
    ] = "https://example.org/page",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a commented starter registry (claims.yaml unless given)."""
    with _errors():
        from claimcheck.edit import starter

        target = registry or Path("claims.yaml")
        if target.exists() and not force:
            raise ConfigError("the file exists", file=str(target), hint="use --force to replace it")
        _write(starter(title, url, date.today().isoformat()), target)
        sys.stderr.write(f"claimcheck: wrote {target}\n")


@app.command()
def add(
    what: Annotated[str, typer.Argument(metavar="claim|source", help="What to add.")],
    ident: Annotated[str, typer.Option("--id", help="The new entry's id (snake_case).")],
    text: Annotated[str | None, typer.Option("--text", help="A claim's text.")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="The kind (of claim or source).")
    ] = None,
    value: Annotated[str | None, typer.Option("--value", help="A claim's value.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="A claim's unit.")] = None,
    mention: Annotated[
        list[str] | None, typer.Option("--mention", help="Where the page states it; repeatable.")
    ] = None,
    cite: Annotated[
        list[str] | None, typer.Option("--cite", help="A source id the claim cites; repeatable.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="A source's title.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="A source's URL.")] = None,
    registry: Annotated[
        Path | None, typer.Option("--registry", "-r", help="The registry [default: claims.yaml].")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Add a claim or a source from flags, keeping the file's comments and order."""
    with _errors():
        from claimcheck.edit import add_entry

        settings = _settings(config, registry=registry)
        entry: dict[str, Any] = {"id": ident}
        if what == "claim":
            if not text or not kind:
                raise ConfigError("a claim needs --text and --kind")
            entry.update({"text": text, "kind": kind})
            if value is not None:
                entry["value"] = _number_or_text(value)
            if unit:
                entry["unit"] = unit
            entry["mentions"] = list(mention or [])
            entry["citations"] = [{"source": s} for s in cite or []]
            key = "claims"
        elif what == "source":
            if not title or not kind:
                raise ConfigError("a source needs --title and --kind")
            entry.update({"title": title, "kind": kind})
            if url:
                entry["url"] = url
            key = "sources"
        else:
            raise ConfigError(f"cannot add {what!r}", hint="add a claim or a source")
        add_entry(settings.registry, key, entry)
        sys.stderr.write(f"claimcheck: added {what} `{ident}` to {settings.registry}\n")


def _number_or_text(value: str) -> int | float | str:
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return value


@app.command()
def export(
    registry: RegistryArg = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="claimreview (schema.org JSON-LD) or csl-json.")
    ] = "claimreview",
    output: OutputOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Export reviewed claims as ClaimReview, or sources as CSL-JSON."""
    with _errors():
        from claimcheck.exports import EXPORT_FORMATS, claim_reviews, csl_items
        from claimcheck.loader import load_registry
        from claimcheck.render.json_ import dumps

        if format not in EXPORT_FORMATS:
            raise ConfigError(
                f"--format: unknown format {format!r}",
                hint=f"choose one of {', '.join(EXPORT_FORMATS)}",
            )
        settings = _settings(config, registry=registry)
        loaded = load_registry(settings.registry)
        items = (
            claim_reviews(loaded.registry)
            if format == "claimreview"
            else csl_items(loaded.registry)
        )
        _write(dumps(items), output)


@app.command("import-sources")
def import_sources(
    file: Annotated[Path, typer.Argument(help="A CSL-JSON file (e.g. exported from Zotero).")],
    registry: Annotated[
        Path | None, typer.Option("--registry", "-r", help="The registry [default: claims.yaml].")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Add CSL-JSON items as sources, skipping those already listed (same DOI or URL)."""
    with _errors():
        from claimcheck.edit import add_entries
        from claimcheck.exports import new_sources, read_csl
        from claimcheck.loader import load_registry

        settings = _settings(config, registry=registry)
        loaded = load_registry(settings.registry)
        items = read_csl(file)
        entries = new_sources(items, loaded.registry.sources)
        if entries:
            add_entries(settings.registry, "sources", entries)
        skipped = len(items) - len(entries)
        sys.stderr.write(f"claimcheck: added {len(entries)} sources ({skipped} already listed)\n")


@app.command()
def merge(
    reports: Annotated[
        list[Path], typer.Argument(help="JSON reports (e.g. of `links --shard K/N -f json`).")
    ],
    format: Annotated[str, typer.Option("--format", "-f", help="Any report format.")] = "terminal",
    output: OutputOpt = None,
    fail_on: Annotated[
        str | None, typer.Option("--fail-on", help="error, warning or note [default: error].")
    ] = None,
) -> None:
    """Combine the JSON reports of several shards into one report and one exit code."""
    with _errors():
        from claimcheck.findings import Severity
        from claimcheck.render import RENDERERS
        from claimcheck.merge import merge_reports

        if format not in RENDERERS:
            raise ConfigError(
                f"--format: unknown format {format!r}", hint=f"choose one of {', '.join(RENDERERS)}"
            )
        try:
            threshold = Severity.parse(fail_on or "error")
        except ValueError as exc:
            raise ConfigError(f"--fail-on: {exc}") from None
        report = merge_reports(reports)
        _write(RENDERERS[format].render(report, _options()), output)
        worst = report.worst()
        if worst is not None and worst >= threshold:
            raise typer.Exit(ExitCode.FINDINGS)


@app.command("list")
def list_claims(
    registry: RegistryArg = None,
    unsourced: Annotated[
        bool, typer.Option("--unsourced", help="Only claims with no citation.")
    ] = False,
    disputed: Annotated[
        bool, typer.Option("--disputed", help="Only claims reviewed as disputed or retracted.")
    ] = False,
    stale: Annotated[bool, typer.Option("--stale", help="Only stale claims (T001, T002).")] = False,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", help="Only claims with this tag; repeatable (all must match)."),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Only claims citing this source id.")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="Only claims of this kind (figure, fact, quote, event, status, assessment).",
        ),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    output: OutputOpt = None,
    today: TodayOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List claims for editors: unsourced, disputed, stale, by tag, source or kind."""
    with _errors():
        from claimcheck.listing import FORMATS, ClaimFilter, render_rows, select_rows

        if format not in FORMATS:
            raise ConfigError(
                f"--format: unknown format {format!r}", hint=f"choose one of {', '.join(FORMATS)}"
            )
        settings = _settings(config, registry=registry, today=today)
        loaded, report = _check(settings)
        wanted = ClaimFilter(unsourced, disputed, stale, tuple(tag or ()), source, kind)
        rows = select_rows(loaded.registry, report, wanted)
        _write(render_rows(rows, format, _options()), output)


@app.command()
def show(
    claim_id: Annotated[str, typer.Argument(metavar="CLAIM_ID", help="The id of the claim.")],
    registry: Annotated[
        Path | None,
        typer.Option("--registry", "-r", help="The registry file [default: claims.yaml]."),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="terminal or json.")] = "terminal",
    today: TodayOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Show one claim: its mentions, citations with their sources, review and findings."""
    with _errors():
        from claimcheck.detail import claim_json, render_claim
        from claimcheck.suggest import did_you_mean

        if format not in ("terminal", "json"):
            raise ConfigError(
                f"--format: unknown format {format!r}", hint="choose terminal or json"
            )
        settings = _settings(config, registry=registry, today=today)
        loaded, report = _check(settings)
        claims = {c.id: c for c in loaded.registry.claims}
        if claim_id not in claims:
            raise ConfigError(
                f"no claim `{claim_id}` in {loaded.path}",
                hint=did_you_mean(claim_id, claims) or "`claimcheck list` shows the ids",
            )
        data = claim_json(claims[claim_id], loaded.registry, report)
        _write(render_claim(data, format, _options()), None)


@app.command()
def rules(
    code: Annotated[
        str | None, typer.Argument(help="A rule code (e.g. S001) or name to explain.")
    ] = None,
) -> None:
    """List every rule, or explain one."""
    with _errors():
        from claimcheck.engine import all_rules
        from claimcheck.explain import explain_rule, rules_table
        from claimcheck.suggest import did_you_mean

        every = all_rules()
        if code is None:
            _write(rules_table(every), None)
            return
        rule = next((r for r in every if code.upper() == r.code or code.lower() == r.name), None)
        if rule is None:
            names = [r.code for r in every] + [r.name for r in every]
            raise ConfigError(
                f"no rule {code!r}",
                hint=did_you_mean(code, names) or "`claimcheck rules` lists them",
            )
        _write(explain_rule(rule), None)


def main() -> None:
    """The console script."""
    # A run is short and makes no reference cycles worth collecting, while the collector
    # re-walks every new object as a large registry loads: off, it saves a sixth of the
    # time at 100,000 claims (measured in bench/registry_scale.py).
    gc.disable()
    try:
        app(prog_name="claimcheck")
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    # Like mypy's hard exit: a large registry is millions of objects, and freeing them one
    # by one at exit costs a tenth of the run. Output is flushed and files are closed.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))
