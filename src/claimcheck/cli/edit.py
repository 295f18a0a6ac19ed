"""Commands that write the registry: init, add, import-sources, extract. Each keeps every
other byte of the file (comments, order) and writes it whole or not at all."""

from __future__ import annotations

from collections.abc import Sequence
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
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            help="The page's title (with --from, instead of the one the page states).",
            show_default="The page's title",
        ),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="The page's address (with --from, instead of the one the page states).",
            show_default="https://example.org/page",
        ),
    ] = None,
    from_page: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Draft the registry from this page (.txt, .md or .html): its title, URL, "
            "date, figures and statements.",
        ),
    ] = None,
    page_format: PageFormatOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    today: TodayOpt = None,
) -> None:
    """Write a commented starter registry (claims.yaml unless given), or one drafted from a
    page with --from."""
    with common.errors():
        from claimcheck.clock import Clock
        from claimcheck.edit import starter

        settings = common.settings(None, today=today)  # CLAIMCHECK_TODAY and the config too
        clock = Clock(fixed_today=settings.today)
        target = registry or Path("claims.yaml")
        if from_page is not None:  # --force replaces a file, never the page it drafts from
            common.refuse_inputs(
                [target], settings, runs=[], option="FILE", also=[("page", from_page)]
            )
        if target.exists() and not force:
            raise ConfigError("the file exists", file=str(target), hint="use --force to replace it")
        if from_page is not None:
            written = _drafted(target, from_page, page_format, today, title, url)
            common.write(written, target)
            common.note(f"wrote {target}, drafted from {from_page}: review every entry")
            return
        title = "The page's title" if title is None else title
        url = "https://example.org/page" if url is None else url
        common.write(starter(title, url, clock.today().isoformat()), target)
        common.note(f"wrote {target}")


def _drafted(
    target: Path,
    page: Path,
    page_format: str | None,
    today: str | None,
    title: str | None = None,
    url: str | None = None,
) -> str:
    """A registry drafted from `page`, to be written at `target`: drafted against a scratch
    copy of its first lines beside it, so nothing is left behind if drafting fails. `title`
    and `url` (the flags, when given) stand instead of what the page states: never
    dropped without a word."""
    import os
    import tempfile

    from claimcheck import engine
    from claimcheck.edit import drafted_registry, refuse_url
    from claimcheck.files import confine, read_regular, repository_of
    from claimcheck.inputs import PAGE
    from claimcheck.page import MAX_PAGE_BYTES, guess_format
    from claimcheck.pagemeta import page_meta

    fmt = page_format or guess_format(page)
    data = read_regular(page, "page file", MAX_PAGE_BYTES)
    source = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    meta = page_meta(source, fmt)
    folder = target.parent
    relative = Path(os.path.relpath(page.resolve(), folder.resolve())).as_posix()
    confine(relative, folder, repository_of(folder), what="the page")  # verify reads it there
    if url is not None:
        refuse_url(url, "the page's")
    fields = [("title", meta.title or page.stem if title is None else title)]
    page_url = meta.url if url is None else url
    fields += [("url", page_url)] if page_url else []
    fields += [("path", relative)]
    fields += [("as_of", str(meta.as_of))] if meta.as_of else []
    # A field that cannot be written as given is named by where it came from.
    origins = {
        "title": f"the title of {page}" if title is None else "--title",
        "url": f"the address of {page}" if url is None else "--url",
    }
    skeleton = drafted_registry(relative, fields, [], origins=origins)
    handle, scratch = tempfile.mkstemp(prefix=".claimcheck-init-", suffix=".yaml", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(skeleton)
        settings = common.settings(
            None,
            registry=Path(scratch),
            select=("P",),
            offline=True,
            page=page,
            page_format=fmt,
            gather=frozenset({PAGE}),
            today=today,
        )
        with common.edges(settings) as edges:
            _, drafts = engine.draft(settings, edges)
    finally:
        os.unlink(scratch)
    _note_skipped(drafts.skipped)  # as extract does: never silent about what it left out
    return drafted_registry(relative, fields, drafts.claims, drafts.sources, origins)


def _page_path(registry: Path, page: Path) -> str:
    """The page as the registry's `page.path` names it: relative to the registry's folder,
    and inside the repository (`verify` refuses a page outside it)."""
    import os

    from claimcheck.files import confine, repository_of

    folder = registry.parent
    relative = Path(os.path.relpath(page.resolve(), folder.resolve())).as_posix()
    confine(relative, folder, repository_of(folder), what="the page")
    return relative


def _page_said(page: tuple[str, str], whole: bool) -> str:
    """What `extract --append` says it set, so that verify checks the drafts on the page."""
    path, title = page
    what = f"`page:` (title {title!r}, path {path})" if whole else f"page.path: {path}"
    return f", and {what}, so that verify checks them against it"


def _page_title(page: Path, page_format: str | None) -> str:
    """The page's title as `init --from` reads it (else its file name's stem)."""
    from claimcheck.files import read_regular
    from claimcheck.page import MAX_PAGE_BYTES, guess_format
    from claimcheck.pagemeta import page_meta

    data = read_regular(page, "page file", MAX_PAGE_BYTES)
    source = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    return page_meta(source, page_format or guess_format(page)).title or page.stem


def _note_skipped(skipped: Sequence[tuple[str, str]]) -> None:
    """Name the page's figures left undrafted, and why (the first ten), on standard error."""
    if skipped:
        from claimcheck.render.terminal import plural

        shown = "; ".join(f"{text!r} ({why})" for text, why in skipped[:10])
        more = ", ..." if len(skipped) > 10 else ""
        common.note(f"{plural(len(skipped), 'figure')} not drafted: {shown}{more}")


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
        from claimcheck.clock import Clock
        from claimcheck.edit import (
            add_entry,
            claim_entry,
            entry_problems,
            refuse_flags,
            refuse_typed,
            source_entry,
        )
        from claimcheck.model import Registry

        settings = common.settings(config, registry=registry)
        if what not in ("claim", "source"):
            raise ConfigError(f"cannot add {what!r}", hint="add a claim or a source")
        # What each field was typed as: never dropped, nor named by a line of the file.
        typed: dict[str, str | list[str] | None] = {
            "id": ident,
            "text": text,
            "kind": kind,
            "value": value,
            "unit": unit,
            "mentions": mention,
            "citations": cite,
            "title": title,
            "url": url,
        }
        refuse_typed(what, typed)
        if what == "claim":
            key, entry = "claims", claim_entry(ident, text, kind, value, unit, mention, cite)
        else:
            key, entry = "sources", source_entry(ident, title, kind, url)
        today = Clock(fixed_today=settings.today).today()

        def refuse(read: Registry) -> None:
            # Never an entry verify --offline reports as an error once written.
            found = entry_problems(key, [entry], read, today, settings.select, settings.ignore)
            refuse_flags(what, typed, found)

        add_entry(settings.registry, key, entry, refuse)
        common.note(f"added {what} `{ident}` to {settings.registry}")


@app.command("import-sources")
def import_sources(
    file: Annotated[Path, typer.Argument(help="A CSL-JSON file (e.g. exported from Zotero).")],
    registry: RegistryOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Add CSL-JSON items as sources, skipping those already listed (same DOI, URL, ISBN,
    or id and title; a URL as requested: host case, default port and #fragment aside), each
    named; an item whose id is taken by a claim or another work gets `_2`, and says so."""
    with common.errors():
        from claimcheck.clock import Clock
        from claimcheck.edit import add_entries
        from claimcheck.exports import sources_to_import
        from claimcheck.loader import load_registry
        from claimcheck.render.terminal import plural
        from claimcheck.validity import refuse_invalid

        settings = common.settings(config, registry=registry)
        loaded = load_registry(settings.registry)
        refuse_invalid(loaded, settings.ignore)
        today = Clock(fixed_today=settings.today).today()
        entries, count, notes = sources_to_import(
            file,
            loaded.registry.sources,
            loaded.registry,
            today,
            settings.select,
            settings.ignore,
        )
        if entries:
            add_entries(settings.registry, "sources", entries)
        for said in notes:  # each item skipped, or given another id, and why
            common.note(f"{file}: {said}")
        skipped = count - len(entries)
        common.note(f"added {plural(len(entries), 'source')} ({skipped} already listed)")


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
        from claimcheck.drafts import dump_drafts, other_page
        from claimcheck.edit import append_drafted
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
        common.refuse_inputs([output], settings, config)
        target = settings.registry
        if not target.exists() and not target.is_symlink():  # no registry yet: start one
            named_as = "" if registry is None and target == Path("claims.yaml") else f"{target} "
            raise ConfigError(
                "no such file: extract drafts what the registry does not list yet",
                file=str(target),
                hint=f"start a registry from the page: claimcheck init {named_as}--from "
                f"{page}; or give the registry's path (-r)",
            )
        with common.edges(settings) as edges:
            loaded, drafts = engine.draft(settings, edges)
        _note_skipped(drafts.skipped)
        if append:
            named = other_page(target, loaded.registry, page)
            if named is not None:  # its drafts would not be found on the page verify reads
                raise ConfigError(
                    f"the registry's page is {named} (page.path), not {page}: its drafts "
                    "would be looked for on that page",
                    file=str(target),
                    hint=f"extract {named}, or draft {page} into a registry of its own "
                    f"(claimcheck init REGISTRY --from {page})",
                )
            # A registry that names no page would never check the drafts against it: its
            # `page.path` is set to this page, in the same write.
            unnamed = loaded.registry.page is None or loaded.registry.page.path is None
            path = _page_path(target, page) if unnamed else None
            titled = (path, _page_title(page, page_format)) if path is not None else None
            append_drafted(target, drafts.sources, drafts.claims, titled)
            from claimcheck.render.terminal import plural

            common.note(
                f"added {plural(len(drafts.claims), 'draft claim')} and "
                f"{plural(len(drafts.sources), 'source')} to {target}"
                + (_page_said(titled, loaded.registry.page is None) if titled else "")
            )
            return
        claims = dump_drafts(drafts.claims) if drafts.claims else ""
        if drafts.sources:  # two lists: each under its key
            claims = f"sources:\n{dump_drafts(drafts.sources)}claims:\n{claims}"
        common.write(claims, output)
