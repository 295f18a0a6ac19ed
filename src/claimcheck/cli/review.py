"""`claimcheck review`: the page annotated claim by claim, as one HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from claimcheck.cli import common
from claimcheck.cli.app import app
from claimcheck.cli.browse import crashes, say_crashed, unknown_states
from claimcheck.cli.options import (
    ConfigOpt,
    FailOnOpt,
    OfflineOpt,
    PageFormatOpt,
    RegistryArg,
    TodayOpt,
    link_options,
)


@app.command()
@link_options()
def review(
    registry: RegistryArg = None,
    page: Annotated[
        Path | None,
        typer.Option("--page", help="The published page to annotate [default: page.path]."),
    ] = None,
    page_format: PageFormatOpt = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the HTML file here instead of standard output."),
    ] = None,
    fail_on: FailOnOpt = None,
    today: TodayOpt = None,
    offline: OfflineOpt = None,
    config: ConfigOpt = None,
    link_flags: dict[str, Any] | None = None,
) -> None:
    """Write the page annotated claim by claim: every mention highlighted by its claim's
    state, with its sources, the passages their snapshots kept, verdicts and findings
    beside it, as one self-contained HTML file (`j`/`k` move from problem to problem)."""
    with common.errors():
        from claimcheck import engine
        from claimcheck.render.page_html import render

        settings = common.settings(
            config,
            link_flags,
            registry=registry,
            fail_on=fail_on,
            today=today,
            offline=offline,
            page=page,
            page_format=page_format,
        )
        common.refuse_inputs([output], settings, config)
        with common.edges(settings, progress=output is not None) as edges:
            reviewed = engine.review_page(settings, edges)
        # A claim a crashed check (X001) did not finish with is not known to be ok: the page
        # shows it `unknown`, never green (the claims `export` leaves unrated for the crash).
        crashed = crashes(reviewed.report)
        unknown = unknown_states(reviewed.registry, crashed) if crashed else set()
        common.write(render(reviewed, unknown), output)
        if output is not None:
            from claimcheck.render.terminal import summary_text

            common.note(f"wrote {output}\n{summary_text(reviewed.report)}")
        say_crashed(crashed, None)  # on stderr too, as list and show say it: exit 1
        common.finish(engine.exit_code(reviewed.report, settings.fail_on))
