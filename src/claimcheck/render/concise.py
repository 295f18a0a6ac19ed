"""One line per finding, `file:line:col: CODE [severity] message`, as ruff and compilers
print: for an editor's quick-fix list (Vim's errorformat `%f:%l:%c: %m`, VS Code's problem
matchers) and for grep. Then one line of counts."""

from __future__ import annotations

from claimcheck.findings import Report
from claimcheck.render.base import Renderer, RenderOptions, guard_log_commands, safe_text
from claimcheck.render.terminal import summary_text


def render(report: Report, options: RenderOptions) -> str:
    lines = []
    for f in report.findings:
        where = f"{safe_text(str(f.location))}: " if f.location is not None else ""
        subject = f.claim or (f"source {f.source}" if f.source else "")
        about = f" ({safe_text(subject)})" if subject else ""
        lines.append(f"{where}{f.code} [{f.level.label}] {safe_text(f.message)}{about}")
    lines.append(summary_text(report).split("\n", 1)[0])
    return guard_log_commands("\n".join(lines) + "\n")


RENDERER = Renderer("concise", ".txt", render)
