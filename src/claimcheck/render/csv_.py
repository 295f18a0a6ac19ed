"""CSV for spreadsheets: one row per finding."""

from __future__ import annotations

import csv
import io

from claimcheck.findings import Report
from claimcheck.render.base import Renderer, RenderOptions

COLUMNS = (
    "code",
    "rule",
    "severity",
    "file",
    "line",
    "column",
    "claim",
    "source",
    "message",
    "hint",
)


def render(report: Report, options: RenderOptions) -> str:
    """A header row, then the findings in report order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in report.findings:
        loc = f.location
        writer.writerow(
            [
                f.code,
                f.rule.name,
                f.level.label,
                loc.file if loc else "",
                loc.line if loc else "",
                loc.column if loc else "",
                f.claim or "",
                f.source or "",
                _safe(f.message),
                _safe(f.hint or f.rule.fix),
            ]
        )
    return out.getvalue()


def _safe(text: str) -> str:
    """Registry text cannot become a spreadsheet formula (=, +, -, @ at the start)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


RENDERER = Renderer("csv", ".csv", render)
