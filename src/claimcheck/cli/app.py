"""The typer application that every command module adds its commands to."""

from __future__ import annotations

from typing import Annotated

import typer

from claimcheck import __version__

app = typer.Typer(
    name="claimcheck",
    help="Check a registry of a page's claims: sources, consistency, links and staleness.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


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
