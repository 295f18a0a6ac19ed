"""Markdown for a GitHub job summary or pull-request comment: counts, then findings by severity."""

from __future__ import annotations

import re

from claimcheck.findings import ClaimState, Finding, Report, Severity
from claimcheck.render.base import Renderer, RenderOptions, printable

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#])")


def cell(text: str) -> str:
    """Registry text made inert in a Markdown table cell."""
    return _SPECIAL.sub(r"\\\1", printable(text)).replace("\n", " ")


def _where(finding: Finding) -> str:
    loc = finding.location
    return f"`{loc}`" if loc else ""


def render(report: Report, options: RenderOptions) -> str:
    """A summary table, then one table per severity present."""
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
    if not report.findings:
        lines.append("No findings.")
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
            subject = f.claim or (f"source {f.source}" if f.source else "")
            lines.append(
                f"| {_where(f)} | {f.code} {f.rule.name} | {cell(subject)} | {cell(f.message)} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


RENDERER = Renderer("markdown", ".md", render)
