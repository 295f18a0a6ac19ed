"""GitHub Actions workflow commands: one annotation per finding, on the file and line."""

from __future__ import annotations

from claimcheck.findings import Report, Severity
from claimcheck.render.base import (
    Renderer,
    RenderOptions,
    guard_log_commands,
    repository_path,
    safe_text,
)

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def escape_data(text: str) -> str:
    """The message part, escaped as the runner expects (%, CR, LF), so it stays on its line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: also ':' and ',' (which would end the value or the properties)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: RenderOptions) -> str:
    """`::error file=claims.yaml,line=12,col=5,title=S001 unsourced-claim::message` lines
    (in a run of several registries, the title ends with the finding's registry:
    `title=P001 unregistered-figure (site/a/claims.yaml)`).

    Each line is one command, and the runner reads a `::` line first, so what follows in the
    message is data; a `##[` in it is still shown as `#\\x23[`, should a runner ever read the
    legacy form first. Registry text goes through `safe_text` as in every format a person
    reads (an annotation is shown beside the diff: no bidi or invisible characters).
    """
    lines = []
    for f in report.findings:
        props = []
        if f.location is not None:
            # GitHub places an annotation by its path from the repository's root.
            file = repository_path(f.location.file, options) or f.location.file
            props += [
                f"file={escape_property(safe_text(file))}",
                f"line={f.location.line}",
                f"col={f.location.column}",
            ]
        title = f"{f.code} {f.rule.name}"
        if f.registry is not None:
            # In a run of several registries, two registries of one page give the same figure's
            # finding at the same place: the title says whose each is.
            title += f" ({f.registry})"
        props.append(f"title={escape_property(safe_text(title))}")
        hint = f.hint or f.rule.fix
        message = guard_log_commands(safe_text(f.message + (f" (fix: {hint})" if hint else "")))
        lines.append(f"::{_COMMAND[f.level]} {','.join(props)}::{escape_data(message)}")
    return "".join(line + "\n" for line in lines)


RENDERER = Renderer("github", ".txt", render)
