"""Commands that show the registry without checking the network: list, show, rules, schema,
export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Protocol, cast

import typer

from claimcheck.cli import common
from claimcheck.cli.app import app
from claimcheck.cli.options import ConfigOpt, OutputOpt, RegistryArg, RegistryOpt, TodayOpt
from claimcheck.inputs import INPUTS
from claimcheck.render import VIEW_FORMATS

if TYPE_CHECKING:
    from datetime import date

    from claimcheck.config import Settings
    from claimcheck.exports import Exported, States
    from claimcheck.findings import Finding, Report
    from claimcheck.model import Registry
    from claimcheck.render.listing import ClaimFilter

#: What browsing commands gather: everything `verify` does, the links offline (see
#: `browse_settings`), so a claim's state is the one `verify --offline` gives it.
BROWSE = INPUTS


def browse_settings(config: Path | None, registry: Path | None, today: str | None) -> Settings:
    """The settings of a command that shows the registry: the run `verify --offline` makes,
    whatever the config or CLAIMCHECK_OFFLINE say. The L rules that need no network (a
    malformed URL, L007; a user name in a URL, L010) and the link cache's results mark a
    claim there, so they must here too; the network is never touched."""
    return common.settings(config, registry=registry, today=today, gather=BROWSE, offline=True)


def crashes(report: Report) -> list[Finding]:
    """The run's crashed checks (X001): a check that crashed marked no claim, so a state read
    from the report without them would say `ok` of a claim nothing checked."""
    return [f for f in report.findings if f.code == "X001"]


def say_crashed(crashed: list[Finding], shown: str | None) -> None:
    """Each crash as an error line (as `verify` reports it), then what it means for what
    the command `shown` (None: nothing it wrote came from the checks), and leave with exit 1
    as `verify` does: a run with a crash is not whole, and a script must not take it for it."""
    from claimcheck.errors import ExitCode

    if not crashed:
        return
    for finding in crashed:
        common.note(f"{finding.location}: error X001 check-crashed: {finding.message}")
    meaning = (
        f"{shown} leave out what the crashed check would have found, so a claim shown `ok` "
        "may not be; "
        if shown
        else ""
    )
    common.note(
        f"{meaning}a check crashed: a bug in claimcheck, please report it (`claimcheck "
        "verify` gives the same error)"
    )
    common.finish(ExitCode.FINDINGS)


def unknown_states(registry: Registry, crashed: list[Finding]) -> set[str]:
    """The claims whose state a crash leaves unknown: every one when a whole check crashed,
    else those it crashed on, and those citing a source it crashed on."""
    if any(f.claim is None and f.source is None for f in crashed):
        return {c.id for c in registry.claims}
    ids = {name for f in crashed for name in (f.claim, *f.related) if name is not None}
    sources = {f.source for f in crashed if f.claim is None}
    ids.update(c.id for c in registry.claims if any(x.source in sources for x in c.citations))
    return ids


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
    state: Annotated[
        list[str] | None,
        typer.Option(
            "--state",
            help="Only claims with this state (ok, inconsistent, failing-source...); repeatable "
            "(any may match).",
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"{', '.join(VIEW_FORMATS['list'])}.")
    ] = "table",
    output: OutputOpt = None,
    today: TodayOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List claims for editors: unsourced, disputed, stale, by tag, source or kind."""
    with common.errors():
        from claimcheck import engine
        from claimcheck.render.listing import (
            FORMATS,
            ClaimFilter,
            render_rows,
            select_rows,
            states_by,
        )

        common.choose(format, FORMATS)
        settings = browse_settings(config, registry, today)
        common.refuse_inputs([output], settings, config)
        wanted = ClaimFilter(
            unsourced, disputed, stale, tuple(tag or ()), source, kind, tuple(state or ())
        )
        with common.edges(settings) as edges:
            loaded, report = engine.run(settings, edges)
        wanted.validate(loaded.registry)
        refuse_unanswered(wanted, report, settings)
        rows = select_rows(loaded.registry, report, wanted)
        common.write(render_rows(rows, format, common.render_options(), report.not_run), output)
        if report.not_run and format != "table":  # the table says it below its rows
            common.note(states_by(report.not_run) or "")
        if not rows:  # said, not just an empty table: a filter that matched nothing
            which = wanted.describe()
            common.note(f"no claims match {which}" if which else "the registry has no claims")
        say_crashed(crashes(report), "the states listed, and the claims a filter chose by them,")


def refuse_unanswered(wanted: ClaimFilter, report: Report, settings: Settings) -> None:
    """A filter by a state that rules not run could give is refused (exit 2): the claims
    they would mark are not known, so an empty or short list would read as the answer
    (`list --stale` printing `[]` with T ignored, though claims are stale)."""
    from claimcheck.errors import ConfigError
    from claimcheck.render.terminal import rule_groups

    unanswered = wanted.unanswered(report.not_run)
    if not unanswered:
        return
    option, codes = unanswered[0]
    origins = dict(settings.origins)
    given = [origins[name] for name in ("ignore", "select") if name in origins]
    # Said where the selection was made: the config's line, or the variable.
    at = next((o for o in given if o.file), given[0] if given else None)
    by = " and ".join(o.name for o in given) or "the selection"
    raise ConfigError(
        f"{option}: the rules that give a claim this state are not selected "
        f"({rule_groups(codes)}, left out by {by}), so the claims they would mark cannot be "
        "listed",
        file=at.file if at else None,
        line=at.line if at else None,
        column=at.column if at else None,
        hint=f"change {by} so that they run, to list claims by this state",
    )


@app.command()
def show(
    claim_id: Annotated[str, typer.Argument(metavar="CLAIM_ID", help="The id of the claim.")],
    registry: RegistryOpt = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"{', '.join(VIEW_FORMATS['show'])}.")
    ] = "terminal",
    today: TodayOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Show one claim: its mentions, citations with their sources, review and findings."""
    with common.errors():
        from claimcheck import engine
        from claimcheck.errors import ConfigError
        from claimcheck.render.claim import FORMATS, claim_json, render_claim
        from claimcheck.suggest import did_you_mean

        common.choose(format, FORMATS)
        settings = browse_settings(config, registry, today)
        with common.edges(settings) as edges:
            loaded, report = engine.run(settings, edges)
        claims = {c.id: c for c in loaded.registry.claims}
        if claim_id not in claims:
            raise ConfigError(
                f"no claim `{claim_id}` in {loaded.path}",
                hint=did_you_mean(claim_id, claims) or "`claimcheck list` shows the ids",
            )
        data = claim_json(claims[claim_id], loaded.registry, report)
        common.write(render_claim(data, format, common.render_options()), None)
        say_crashed(crashes(report), "its states and findings")


@app.command()
def rules(
    code: Annotated[
        str | None, typer.Argument(help="A rule code (e.g. S001) or name to explain.")
    ] = None,
) -> None:
    """List every rule, or explain one."""
    with common.errors():
        from claimcheck.checks import all_rules
        from claimcheck.errors import ConfigError
        from claimcheck.render.rules import explain_rule, rules_table
        from claimcheck.suggest import did_you_mean

        every = all_rules()
        if code is None:
            common.write(rules_table(every), None)
            return
        rule = next((r for r in every if code.upper() == r.code or code.lower() == r.name), None)
        if rule is None:
            names = [r.code for r in every] + [r.name for r in every]
            raise ConfigError(
                f"no rule {code!r}",
                hint=did_you_mean(code, names) or "`claimcheck rules` lists them",
            )
        common.write(explain_rule(rule), None)


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print the registry's JSON Schema (for editor completion and validation)."""
    with common.errors():
        from claimcheck.render.json_ import dumps
        from claimcheck.schema import registry_schema

        common.refuse_registry_target(output)
        common.write(dumps(registry_schema()), output)


@app.command()
def export(
    registry: RegistryArg = None,
    format: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help="claimreview (schema.org JSON-LD) or csl-json [default: claimreview]; "
            "repeatable, each with its own --output.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output", "-o", help="Write the export to this file; one per --format, in order."
        ),
    ] = None,
    today: TodayOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Export reviewed claims as ClaimReview, or sources as CSL-JSON. A claim reviewed as
    verified is rated Accurate only when the checks (offline) find it ok; else it is left
    out, and named on stderr."""
    with common.errors():
        from claimcheck import engine
        from claimcheck.exports import EXPORTS
        from claimcheck.render.json_ import dumps

        # Each -f with its -o, as `verify` pairs them: a second -f/-o is another file, never
        # the last one kept; two to one place, or more -o than -f, refused before the run.
        jobs = common.format_jobs(
            list(format or ["claimreview"]), list(output or []), list(EXPORTS)
        )
        settings = browse_settings(config, registry, today)
        common.refuse_inputs([target for _, target in jobs], settings, config)
        # The checks as `verify --offline` runs them (an invalid registry is refused).
        with common.edges(settings) as edges:
            loaded, report = engine.run(settings, edges)
        crashed = crashes(report)
        # A claim a crashed check did not finish with is not known to be ok: it is not rated
        # "Accurate" (an empty state is "not checked", and left out).
        unknown = unknown_states(loaded.registry, crashed) if crashed else set()
        states = {c.id: () if c.id in unknown else c.states for c in report.claims}
        names = list(dict.fromkeys(name for name, _ in jobs))  # one format given twice: once
        # Each export made before any is written: one that fails writes none of them. The
        # run's day, so that an item dated after it is left out and named (`Exported.notes`).
        made = {
            name: _exporter(EXPORTS[name])(loaded.registry, states, report.today) for name in names
        }
        for name, target in jobs:
            common.write(dumps(made[name].items), target)
        for name in names:
            _say_left_out(made[name], unknown)
        # The CSL-JSON export is the sources as written: no check's result enters it.
        say_crashed(crashed, "the ratings exported" if "claimreview" in names else None)


class _Export(Protocol):
    """An export as `claimcheck.exports` defines each: the registry, the claims' states and
    the run's day (an item dated after it is left out, and said in `Exported.notes`)."""

    def __call__(
        self, registry: Registry, states: States, today: date | None = None
    ) -> Exported: ...


def _exporter(function: object) -> _Export:
    """`EXPORTS`' entry as it is called: the mapping's type leaves out the day it takes."""
    return cast("_Export", function)


def _say_left_out(exported: Exported, unknown: set[str]) -> None:
    """Each claim an export left out, and each item it left out for its dates or
    identifiers, one line each on standard error: nothing leaves an export unsaid."""
    for claim_id, found in exported.left_out:
        if claim_id in unknown:
            common.note(
                f"{claim_id}: reviewed as verified, but a check crashed on it (X001, "
                "below), so its state is not known: left out of the ClaimReview export"
            )
            continue
        which = ", ".join(found) or "not checked"
        common.note(
            f"{claim_id}: reviewed as verified, but its checks find it {which}: left out "
            f"of the ClaimReview export (`claimcheck show {claim_id}` says why)"
        )
    for line in exported.notes:
        common.note(line)
