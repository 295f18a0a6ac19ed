"""Markdown for a GitHub job summary or pull-request comment: counts, then findings by severity."""

from __future__ import annotations

import re

from claimcheck.findings import ClaimState, Finding, Report, Severity, Support
from claimcheck.render.base import Renderer, RenderOptions, guard_log_commands, safe_text
from claimcheck.render.terminal import claims_marked, left_out_lines, subject_text

#: Markdown's own syntax in a table cell, escaped with a backslash, which GitHub honours for
#: ASCII punctuation: links and images need `[`, raw HTML and autolinks `<`, entities `&`,
#: math `$`, strikethrough `~`, a table cell's end `|`.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~&$])")
#: GitHub turns `@name` and `#123` into mentions and links after rendering, so a backslash
#: does not stop them; an empty HTML comment after the sign does, and shows nothing.
_BREAK = "<!-- -->"


def cell(text: str) -> str:
    """Untrusted text shown literally in a Markdown table cell: no markup, link, image, raw
    HTML, mention or issue reference, and on one line (`safe_text` shows a newline as `\\n`)."""
    text = safe_text(text)
    if text.isalnum():
        return text
    escaped = _SPECIAL.sub(r"\\\1", text)
    if "@" in escaped or "#" in escaped:
        escaped = escaped.replace("@", "@" + _BREAK).replace("\\#", "\\#" + _BREAK)
    return escaped


def _where(finding: Finding) -> str:
    if finding.location is None:
        return ""
    where = safe_text(str(finding.location))
    # A code span shows its text literally (no mention, link or HTML); only `|` still needs
    # its backslash in a table, and a backtick would end the span.
    return f"`{where.replace('|', chr(92) + '|')}`" if "`" not in where else cell(where)


def render(report: Report, options: RenderOptions) -> str:
    """A summary table, what the findings leave out, then one table per severity present."""
    lines = [
        f"## claimcheck: {cell(report.registry)}",
        "",
        "| claims | sources | errors | warnings | notes | "
        + " | ".join(s.value for s in ClaimState if s is not ClaimState.OK)
        + " |",
        "|" + "---:|" * (5 + len(ClaimState) - 1),
        f"| {len(report.claims)} | {report.sources} | {report.count(Severity.ERROR)} | "
        f"{report.count(Severity.WARNING)} | {report.count(Severity.NOTE)} | "
        + " | ".join(str(report.count_state(s)) for s in ClaimState if s is not ClaimState.OK)
        + " |",
        "",
    ]
    if report.support is not None:
        counts = report.support_counts()
        lines += [
            "| citations " + " | ".join(v.value for v in Support) + " |",
            "|---|" + "---:|" * (len(Support) - 1),
            "| " + " | ".join(str(counts[v]) for v in Support) + " |",
            "",
        ]
    for line in left_out_lines(report):  # allowed, known to the baseline, links not checked
        lines += [cell(line), ""]
    if not report.findings:
        lines.append("No findings.")
    others = claims_marked(report)  # the claims a source's or a constraint's finding marks
    for level in sorted(Severity, reverse=True):
        group = [f for f in report.findings if f.level is level]
        if not group:
            continue
        lines += [
            f"### {level.label.capitalize()}s ({len(group)})",
            "",
            "| where | rule | subject | message |",
            "|---|---|---|---|",
        ]
        for f in group:
            subject = subject_text(f, others.get(id(f), ()))
            lines.append(
                f"| {_where(f)} | {f.code} {f.rule.name} | {cell(subject)} | {cell(f.message)} |"
            )
        lines.append("")
    return guard_log_commands("\n".join(lines).rstrip() + "\n")


RENDERER = Renderer("markdown", ".md", render)
