"""`claimcheck lsp`: the language server, over standard input and output."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from claimcheck.cli import common
from claimcheck.cli.app import app
from claimcheck.cli.options import ConfigOpt, TodayOpt

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from claimcheck.findings import Report
    from claimcheck.loader import LoadedRegistry
    from claimcheck.page import PageText


@app.command()
def lsp(
    stdio: Annotated[
        bool,
        typer.Option(
            "--stdio",
            help="Speak LSP over standard input and output (the only transport; accepted "
            "because editors pass it).",
        ),
    ] = False,
    today: TodayOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Run the language server for claims.yaml and its page: diagnostics as you type from
    the offline checks, hover, go-to-definition, completion and code actions."""
    with common.errors():
        import gc
        import os
        import sys
        from dataclasses import replace

        from claimcheck import engine
        from claimcheck.lsp.server import serve

        gc.enable()  # the command line turns it off for short runs; a server lives on
        settings = common.settings(config, today=today, offline=True)
        with common.edges(settings) as edges:

            def check(
                registry: Path, text: str, page: Callable[[LoadedRegistry], PageText | None]
            ) -> tuple[LoadedRegistry, Report]:
                return engine.check_text(
                    replace(settings, registry=registry), edges, text, page=page
                )

            # The protocol gets a stream of its own (closed when the client leaves); the
            # process's standard output goes to standard error, where a stray print does
            # not corrupt the protocol.
            protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
            sys.stdout.flush()
            os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
            code = serve(
                check,
                settings.registry.name,
                settings.registry.absolute(),
                sys.stdin.buffer,
                protocol_out,
            )
        common.finish(code)
