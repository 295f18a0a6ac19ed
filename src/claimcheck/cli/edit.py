"""Commands that write the registry: init, add, import-sources, extract. Each keeps every
other byte of the file (comments, order) and writes it whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimcheck.cli import common
from claimcheck.cli.app import app
from claimcheck.cli.options import (
    ConfigOpt,
    OutputOpt,
    PageFormatOpt,
    RegistryArg,
    RegistryOpt,
    TodayOpt,
)
from claimcheck.errors import ConfigError


@app.command()
def init(
    registry: RegistryArg = None,
    title: Annotated[str, typer.Option("--title", help="The page's title.")] = "The page's title",
    url: Annotated[
        str, typer.Option("--url", help="The page's address.")
    ] = "https://example.org/page",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    today: TodayOpt = None,
) -> None:
    """Write a commented starter registry (claims.yaml unless given)."""
    with common.errors():
        from claimcheck.clock import Clock
        from claimcheck.edit import starter

        settings = common.settings(None, today=today)  # CLAIMCHECK_TODAY and the config too
        clock = Clock(fixed_today=settings.today)
        target = registry or Path("claims.yaml")
        if target.exists() and not force:
            raise ConfigError("the file exists", file=str(target), hint="use --force to replace it")
        common.write(starter(title, url, clock.today().isoformat()), target)
        common.note(f"wrote {target}")


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
    registry: RegistryOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Add a claim or a source from flags, keeping the file's comments and order."""
    with common.errors():
        from claimcheck.edit import add_entry, claim_entry, source_entry

        settings = common.settings(config, registry=registry)
        if what == "claim":
            key, entry = "claims", claim_entry(ident, text, kind, value, unit, mention, cite)
        elif what == "source":
            key, entry = "sources", source_entry(ident, title, kind, url)
        else:
            raise ConfigError(f"cannot add {what!r}", hint="add a claim or a source")
        add_entry(settings.registry, key, entry)
        common.note(f"added {what} `{ident}` to {settings.registry}")


@app.command("import-sources")
def import_sources(
    file: Annotated[Path, typer.Argument(help="A CSL-JSON file (e.g. exported from Zotero).")],
    registry: RegistryOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Add CSL-JSON items as sources, skipping those already listed (same DOI or URL)."""
    with common.errors():
        from claimcheck.edit import add_entries
        from claimcheck.exports import new_sources, read_csl
        from claimcheck.loader import load_registry
        from claimcheck.validity import refuse_invalid

        settings = common.settings(config, registry=registry)
        loaded = load_registry(settings.registry)
        refuse_invalid(loaded, settings.ignore)
        items = read_csl(file)
        entries = new_sources(items, loaded.registry.sources)
        if entries:
            add_entries(settings.registry, "sources", entries)
        skipped = len(items) - len(entries)
        common.note(f"added {len(entries)} sources ({skipped} already listed)")


@app.command()
def extract(
    page: Annotated[Path, typer.Argument(help="The published page: .txt, .md or .html.")],
    registry: RegistryOpt = None,
    append: Annotated[
        bool,
        typer.Option("--append", help="Add the drafts to the registry (comments and order kept)."),
    ] = False,
    page_format: PageFormatOpt = None,
    output: OutputOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Draft registry entries for the page's unregistered figures and statements."""
    with common.errors():
        from claimcheck import engine
        from claimcheck.drafts import append_drafts, dump_drafts
        from claimcheck.edit import add_entries
        from claimcheck.inputs import PAGE

        settings = common.settings(
            config,
            registry=registry,
            select=("P",),
            offline=True,
            page=page,
            page_format=page_format,
            gather=frozenset({PAGE}),
        )
        with common.edges(settings) as edges:
            _, drafts = engine.draft(settings, edges)
        if drafts.skipped:
            shown = "; ".join(f"{text!r} ({why})" for text, why in drafts.skipped[:10])
            more = ", ..." if len(drafts.skipped) > 10 else ""
            common.note(f"{len(drafts.skipped)} figures not drafted: {shown}{more}")
        if append:
            if drafts.sources:
                add_entries(settings.registry, "sources", drafts.sources)
            if drafts.claims:
                append_drafts(settings.registry, drafts.claims)
            common.note(
                f"added {len(drafts.claims)} draft claims and {len(drafts.sources)} sources "
                f"to {settings.registry}"
            )
            return
        claims = dump_drafts(drafts.claims) if drafts.claims else ""
        if drafts.sources:  # two lists: each under its key
            claims = f"sources:\n{dump_drafts(drafts.sources)}claims:\n{claims}"
        common.write(claims, output)
