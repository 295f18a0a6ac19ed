"""Commands that check and report: verify, links, scan, baseline, merge."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from claimcheck.cli import common
from claimcheck.cli.app import app
from claimcheck.cli.options import (
    ConfigOpt,
    FailOnOpt,
    FormatOpt,
    OfflineOpt,
    OutputOpt,
    PageFormatOpt,
    PageOpt,
    RegistriesArg,
    RegistriesOpt,
    RegistryArg,
    TodayOpt,
    link_options,
)
from claimcheck.errors import ConfigError
from claimcheck.inputs import LINKS, PAGE
from claimcheck.render import FORMAT_NAMES, VIEW_FORMATS

if TYPE_CHECKING:
    from claimcheck.config import Settings


@app.command()
@link_options()
def verify(
    registry: RegistriesArg = None,
    format: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help=f"{', '.join(FORMAT_NAMES)}; repeatable, each with its own --output "
            "[env: CLAIMCHECK_FORMAT].",
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
    fail_on: FailOnOpt = None,
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
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics",
            help="Print the findings counted per rule (as `ruff --statistics`) instead of the "
            "report; -f json, csv or markdown for those formats (not sarif, junit, github, html).",
        ),
    ] = False,
    link_flags: dict[str, Any] | None = None,
) -> None:
    """Run every check on the registry and report the findings."""
    with common.errors():
        from claimcheck import engine
        from claimcheck.render import RENDERERS

        settings = common.settings(
            config,
            link_flags,
            registry=Path(registry[0]) if registry and len(registry) == 1 else None,
            format=format[0] if format else None,
            select=common.split(select),
            ignore=common.split(ignore),
            fail_on=fail_on,
            today=today,
            offline=offline,
            page=page,
            page_format=page_format,
            baseline=baseline,
            changed_only=changed_only,
        )
        jobs = common.report_jobs(
            list(format or [settings.format]),
            list(output or []),
            RENDERERS,
            None if format else settings.origin("format"),
        )
        if statistics:  # refused before the run: a format that cannot hold the counts
            from claimcheck.render.statistics import refuse_formats

            refuse_formats([r.name for r, _ in jobs])
        terminal = any(r.name == "terminal" and t is None for r, t in jobs)
        runs = common.site_runs(settings, registry)
        common.refuse_inputs([t for _, t in jobs], settings, config, runs=runs)
        with common.edges(settings, progress=terminal) as edges:
            if runs is None or len(runs) == 1:  # one registry: a plain report
                _, report = engine.run(runs[0] if runs else settings, edges, report_invalid=True)
            else:
                report = engine.run_site(runs, edges)
        options = common.render_options(fail_on=settings.fail_on, shard=settings.links.shard)
        if statistics:
            from claimcheck.render.statistics import render_statistics

            for renderer, target in jobs:
                common.write(render_statistics(report, renderer.name), target)
            common.finish(engine.exit_code(report, settings.fail_on))
            return  # the table instead of the report, whatever the exit code
        for renderer, target in jobs:
            common.write(renderer.render(report, options), target)
        if any(target is not None for _, target in jobs):
            from claimcheck.render.terminal import summary_text

            written = ", ".join(str(t) for _, t in jobs if t is not None)
            common.note(f"wrote {written}\n{summary_text(report)}")
        common.finish(engine.exit_code(report, settings.fail_on))


@app.command()
@link_options()
def links(
    registry: RegistriesArg = None,
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
            help=f"{', '.join(FORMAT_NAMES)}; with --urls: {', '.join(VIEW_FORMATS['urls'])} "
            "(jsonl: one JSON object per line).",
        ),
    ] = "terminal",
    output: OutputOpt = None,
    fail_on: FailOnOpt = None,
    offline: OfflineOpt = None,
    config: ConfigOpt = None,
    link_flags: dict[str, Any] | None = None,
) -> None:
    """Check only the sources' links (the L rules), or a plain list of URLs with --urls."""
    with common.errors():
        from claimcheck import engine

        if urls is None:
            from claimcheck.render import RENDERERS

            common.choose(format, list(RENDERERS))
            settings = common.settings(
                config,
                link_flags,
                registry=Path(registry[0]) if registry and len(registry) == 1 else None,
                fail_on=fail_on,
                offline=offline,
                gather=frozenset({LINKS}),
            )
            settings = engine.only_family(settings, "L", "links")
            runs = common.site_runs(settings, registry)
            common.refuse_inputs([output], settings, config, runs=runs)
            with common.edges(settings, progress=format == "terminal") as edges:
                if runs is None or len(runs) == 1:
                    _, report = engine.run(runs[0] if runs else settings, edges)
                else:
                    report = engine.run_site(runs, edges)
            options = common.render_options(fail_on=settings.fail_on, shard=settings.links.shard)
            common.write(RENDERERS[format].render(report, options), output)
            common.finish(engine.exit_code(report, settings.fail_on))
            return
        from claimcheck.links.urls import read_url_list
        from claimcheck.render.urls import FORMATS, render_results

        common.choose(format, FORMATS)
        settings = common.settings(config, link_flags, fail_on=fail_on, offline=offline)
        common.refuse_inputs([output], settings, config, runs=[], also=[("URL list", urls)])
        with common.edges(settings, progress=format == "terminal") as edges:
            run = engine.check_links(read_url_list(urls), settings, edges)
        common.write(render_results(run, format, common.render_options()), output)
        common.finish(engine.exit_code_of_links(run, settings.links.strict, settings.fail_on))


@app.command()
def scan(
    page: Annotated[
        Path | None,
        typer.Argument(
            help="The published page: .txt, .md or .html [default: the registry's page.path]; "
            "with several registries, each registry's page.path.",
            show_default=False,
        ),
    ] = None,
    registry: RegistriesOpt = None,
    format: FormatOpt = "terminal",
    output: OutputOpt = None,
    page_format: PageFormatOpt = None,
    fail_on: FailOnOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Check a page against the registry both ways: unregistered figures and statements,
    mentions no longer on the page, figures that changed (the P rules). Several registries
    (a site) are each checked against their own page.path, in one report."""
    with common.errors():
        from claimcheck import engine
        from claimcheck.render import RENDERERS

        common.choose(format, list(RENDERERS))
        settings = common.settings(
            config,
            registry=Path(registry[0]) if registry and len(registry) == 1 else None,
            fail_on=fail_on,
            offline=True,
            page=page,
            page_format=page_format,
            gather=frozenset({PAGE}),
        )
        settings = engine.only_family(settings, "P", "scan")
        runs = common.site_runs(settings, registry, page_option="PAGE") or [settings]
        common.refuse_inputs([output], settings, config, runs=runs)
        with common.edges(settings) as edges:
            report = engine.scan(runs, edges)
        options = common.render_options(fail_on=settings.fail_on)
        common.write(RENDERERS[format].render(report, options), output)
        common.finish(engine.exit_code(report, settings.fail_on))


@app.command("baseline")
@link_options()
def write_baseline(
    registry: RegistryArg = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The baseline file to write.")
    ] = Path(".claimcheck-baseline.json"),
    today: TodayOpt = None,
    offline: OfflineOpt = None,
    page: PageOpt = None,
    config: ConfigOpt = None,
    link_flags: dict[str, Any] | None = None,
) -> None:
    """Record today's findings, so that `verify --baseline` fails only on new ones."""
    with common.errors():
        from claimcheck import engine
        from claimcheck.baseline import OF_THE_RUN, baseline_text

        settings = common.settings(
            config, link_flags, registry=registry, today=today, offline=offline, page=page
        )
        _one_registry(registry, settings)
        common.refuse_inputs([output], settings, config)
        with common.edges(settings, progress=True) as edges:
            _, report = engine.run(settings, edges)
        crashed = [f for f in report.findings if f.code == "X001"]
        if crashed:
            from claimcheck.cli.browse import say_crashed

            # A baseline without what the crashed check would have found is not today's
            # findings: written, it would replace a whole one, and once the bug is fixed its
            # findings would come back as new. Nothing is written; exit 1, as verify.
            common.note(
                f"{output} not written: a check crashed, so the findings it would have made "
                "are not known, and a baseline must record all of today's"
                + (" (the file there is kept as it was)" if output.exists() else "")
            )
            say_crashed(crashed, None)
        kept = [f for f in report.findings if f.code not in OF_THE_RUN]
        common.write(
            baseline_text(report.findings, registry=settings.registry, written_to=output), output
        )
        left = len(report.findings) - len(kept)
        common.note(
            f"wrote {len(kept)} findings to {output}"
            + (f" ({left} about this run, not the registry, left out: L008)" if left else "")
        )


def _one_registry(given: Path | None, settings: Settings) -> None:
    """`baseline` records one registry's findings: a pattern, or a run on the default
    registry where the config names several (`registries`), is refused, not read as a file
    name ("no such file") or run on another registry than the site's."""
    from claimcheck.site import _GLOB

    if given is not None and not _GLOB.isdisjoint(str(given)) and not given.exists():
        raise ConfigError(
            f"baseline records one registry, and {str(given)!r} is a pattern",
            hint="run `claimcheck baseline REGISTRY` for each registry, each with its own -o",
        )
    if given is None and settings.registries and "registry" not in dict(settings.origins):
        raise settings.origin("registries").error(
            "names the registries of a site, and baseline records one registry",
            hint="give the registry: `claimcheck baseline REGISTRY -o FILE`",
        )


@app.command()
def merge(
    reports: Annotated[
        list[Path], typer.Argument(help="JSON reports (e.g. of `links --shard K/N -f json`).")
    ],
    format: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help=f"{', '.join(FORMAT_NAMES)}; repeatable, each with its own --output "
            "[default: terminal].",
        ),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output", "-o", help="Write the report to this file; one per --format, in order."
        ),
    ] = None,
    fail_on: FailOnOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Combine the JSON reports of several shards into one report and one exit code."""
    with common.errors():
        from claimcheck import engine
        from claimcheck.merge import merge_reports
        from claimcheck.render import RENDERERS

        # Each --format with its --output, as `verify` takes them: a second -f/-o once
        # replaced the first, and only the last report was written.
        jobs = common.report_jobs(list(format or ["terminal"]), list(output or []), RENDERERS)
        # The threshold as the unsharded run takes it: --fail-on, CLAIMCHECK_FAIL_ON, the
        # config's `fail-on`, error.
        settings = common.settings(config, fail_on=fail_on)
        threshold = settings.fail_on
        common.refuse_inputs(
            [target for _, target in jobs],
            settings,
            config,
            also=[("report", report) for report in reports],
        )
        report = merge_reports(reports)
        options = common.render_options(fail_on=threshold)
        for renderer, target in jobs:
            common.write(renderer.render(report, options), target)
        common.finish(engine.exit_code(report, threshold))
