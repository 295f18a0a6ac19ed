"""One line per finding, `file:line:col: CODE [severity] message`, as ruff and compilers
print: for an editor's quick-fix list (Vim's errorformat `%f:%l:%c: %m`, VS Code's problem
matchers) and for grep. A finding that gives other claims a state names them (a source's
finding the claims citing it, a constraint's the claims it names). Then one line of counts,
with what the findings leave out (allowed, known to the baseline, links not checked)."""

from __future__ import annotations

from claimcheck.findings import Report
from claimcheck.render.base import Renderer, RenderOptions, guard_log_commands, safe_text
from claimcheck.render.terminal import (
    baseline_line,
    claims_marked,
    links_line,
    not_run_line,
    subject_text,
    summary_text,
)


def render(report: Report, options: RenderOptions) -> str:
    others = claims_marked(report)
    lines = []
    for f in report.findings:
        where = f"{safe_text(str(f.location))}: " if f.location is not None else ""
        subject = subject_text(f, others.get(id(f), ()))
        about = f" ({safe_text(subject)})" if subject else ""
        lines.append(f"{where}{f.code} [{f.level.label}] {safe_text(f.message)}{about}")
    # One line of counts, with the allowed ones, and what else the findings leave out.
    left_out = [
        line for line in (not_run_line(report), baseline_line(report), links_line(report)) if line
    ]
    lines.append(" · ".join([summary_text(report).split("\n", 1)[0], *left_out]))
    return guard_log_commands("\n".join(lines) + "\n")


RENDERER = Renderer("concise", ".txt", render)
