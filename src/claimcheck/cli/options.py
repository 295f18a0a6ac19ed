"""Options shared by several commands, each declared once.

A command takes the link options as a group: `@link_options()` adds them to its signature (so
typer shows them under "Links") and hands them to the command as one mapping, `link_flags`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from claimcheck.render import FORMAT_NAMES

RegistryArg = Annotated[
    Path | None,
    typer.Argument(
        help="The registry file [default: claims.yaml, or `registry` in the config].",
        show_default=False,
    ),
]
RegistriesArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="The registry file, or several, or a quoted pattern ('site/*/claims.yaml'): one "
        "run, links checked once across all [default: claims.yaml, or `registry` / "
        "`registries` in the config].",
        show_default=False,
    ),
]
RegistryOpt = Annotated[
    Path | None,
    typer.Option("--registry", "-r", help="The registry file [default: claims.yaml]."),
]
RegistriesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--registry",
        "-r",
        help="The registry file; repeatable, or a quoted pattern ('site/*/claims.yaml'): one "
        "run [default: claims.yaml, or `registry` / `registries` in the config].",
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
FailOnOpt = Annotated[
    str | None,
    typer.Option(
        "--fail-on",
        help="Exit 1 on findings this severe or worse: error, warning, note [default: error].",
    ),
]
#: One report format; the choices come from the format registry.
FormatOpt = Annotated[
    str,
    typer.Option("--format", "-f", help=f"{', '.join(FORMAT_NAMES)}."),
]

_LINKS = "Links"

#: The link options: name -> (annotation, default). Declared here once.
LINK_OPTIONS: dict[str, tuple[Any, Any]] = {
    "concurrency": (
        Annotated[
            int | None,
            typer.Option(
                help="Requests in flight at once, in all [default: 64].", rich_help_panel=_LINKS
            ),
        ],
        None,
    ),
    "host_concurrency": (
        Annotated[
            int | None,
            typer.Option(
                help="Requests in flight at once to one host [default: 4].", rich_help_panel=_LINKS
            ),
        ],
        None,
    ),
    "host_interval": (
        Annotated[
            str | None,
            typer.Option(
                help="Least time between requests to one host, e.g. 2s "
                "[default: 0.1s; *.gov.uk 1s].",
                rich_help_panel=_LINKS,
            ),
        ],
        None,
    ),
    "timeout": (
        Annotated[
            str | None,
            typer.Option(
                help="Seconds to wait for an answer [default: 20].", rich_help_panel=_LINKS
            ),
        ],
        None,
    ),
    "retries": (
        Annotated[
            int | None,
            typer.Option(
                help="Retries of a transient failure [default: 2].", rich_help_panel=_LINKS
            ),
        ],
        None,
    ),
    "retry_on": (
        Annotated[
            str | None,
            typer.Option(
                help="What to retry: some of 408,429,5xx,timeout,connection [default: all].",
                rich_help_panel=_LINKS,
            ),
        ],
        None,
    ),
    "method": (
        Annotated[
            str | None,
            typer.Option(
                help="get (GET, the page's first 64 KB read: soft 404s are seen) or head-get "
                "(HEAD, believed when 2xx; GET when it fails) [default: get].",
                rich_help_panel=_LINKS,
            ),
        ],
        None,
    ),
    "shard": (
        Annotated[
            str | None,
            typer.Option(
                metavar="K/N",
                help="Check only the links of shard K of N (split by host).",
                rich_help_panel=_LINKS,
            ),
        ],
        None,
    ),
    "cache": (
        Annotated[
            Path | None,
            typer.Option(
                help="The cache file [default: in the platform cache directory].",
                rich_help_panel=_LINKS,
            ),
        ],
        None,
    ),
    "no_cache": (
        Annotated[
            bool,
            typer.Option(
                "--no-cache", help="Neither read nor write the cache.", rich_help_panel=_LINKS
            ),
        ],
        False,
    ),
    "cache_ttl": (
        Annotated[
            str | None,
            typer.Option(
                help="How long a good result is reused, e.g. 6h, 1d [default: 1d].",
                rich_help_panel=_LINKS,
            ),
        ],
        None,
    ),
    "allow_private": (
        Annotated[
            bool | None,
            typer.Option(
                "--allow-private/--refuse-private",
                help="Check private and loopback addresses, never link-local or cloud "
                "metadata ones [default: refuse].",
                rich_help_panel=_LINKS,
            ),
        ],
        None,
    ),
    "strict": (
        Annotated[
            bool | None,
            typer.Option(
                "--strict",
                help="Blocked, rate-limited, timed-out and failed links are errors.",
                rich_help_panel=_LINKS,
            ),
        ],
        None,
    ),
    "max_runtime": (
        Annotated[
            str | None,
            typer.Option(
                help="Stop starting checks after this long, e.g. 10min; "
                "the rest are reported unchecked.",
                rich_help_panel=_LINKS,
            ),
        ],
        None,
    ),
    "max_per_host": (
        Annotated[
            int | None,
            typer.Option(
                metavar="N",
                help="Request at most N links per host this run; the rest are reported "
                "unchecked and go first next run [default: no limit].",
                rich_help_panel=_LINKS,
            ),
        ],
        None,
    ),
    "user_agent": (
        Annotated[
            str | None,
            typer.Option(
                help="The User-Agent header [default: claimcheck/VERSION (+URL)].",
                rich_help_panel=_LINKS,
            ),
        ],
        None,
    ),
}

F = TypeVar("F", bound=Callable[..., Any])


def link_options(*names: str) -> Callable[[F], F]:
    """Add the link options (all, or those named) to a command; it gets them as `link_flags`.

    typer reads a command's options from its signature, so the wrapper shows typer the
    command's own parameters plus the group's, and calls the command with the group's values
    gathered into one mapping.
    """
    chosen = names or tuple(LINK_OPTIONS)

    def decorate(func: F) -> F:
        own = inspect.signature(func, eval_str=True)
        params = [p for p in own.parameters.values() if p.name != "link_flags"]
        added = [
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=LINK_OPTIONS[name][0],
                default=LINK_OPTIONS[name][1],
            )
            for name in chosen
        ]

        @functools.wraps(func)
        def command(**given: Any) -> Any:
            flags = {name: given.pop(name) for name in chosen}
            return func(**given, link_flags=flags)

        del command.__wrapped__  # typer must see the signature below, not the original's
        command.__signature__ = own.replace(parameters=[*params, *added])  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in [*params, *added]}
        return command  # type: ignore[return-value]

    return decorate
