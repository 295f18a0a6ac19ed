"""`claimcheck snapshot`: read the cited sources and keep what they say."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from claimcheck.cli import common
from claimcheck.cli.app import app
from claimcheck.cli.options import ConfigOpt, RegistryArg, TodayOpt, link_options
from claimcheck.errors import ExitCode


@app.command()
@link_options("timeout", "allow_private", "user_agent")
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
    today: TodayOpt = None,
    config: ConfigOpt = None,
    link_flags: dict[str, Any] | None = None,
) -> None:
    """Read the cited sources and keep what they say (for Q checks offline, in CI)."""
    with common.errors():
        from claimcheck.engine import take_snapshots
        from claimcheck.render.base import safe_text
        from claimcheck.render.snapshots import snapshot_line

        settings = common.settings(
            config,
            link_flags,
            registry=registry,
            snapshots=directory,
            archive_api=archive_api,
            today=today,
        )
        with common.edges(settings) as edges:
            result = take_snapshots(
                settings, edges, only=tuple(source or ()), fix=fix, save=save, accept=accept
            )
        for outcome in result.outcomes:
            common.write(snapshot_line(outcome) + "\n", None)
        for message in result.notes:
            common.note(message)
        if result.fixed:
            fixed = safe_text(", ".join(result.fixed))
            common.note(f"wrote archive_url for {fixed} to {safe_text(str(settings.registry))}")
        common.note(
            f"{len(result.outcomes)} sources read into {safe_text(str(settings.snapshot_dir))}; "
            f"{result.drifted} changed, {result.failed} unreadable"
        )
        common.finish(ExitCode.FINDINGS if result.drifted or result.failed else ExitCode.OK)
