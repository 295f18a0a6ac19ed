"""CSV for spreadsheets: one row per finding."""

from __future__ import annotations

import csv
import io
import os.path

from claimcheck.findings import Report
from claimcheck.render.base import Renderer, RenderOptions, csv_cell, guard_log_commands

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
    "registry",
)


def render(report: Report, options: RenderOptions) -> str:
    """A header row, then the findings in report order; every text cell through `csv_cell`.

    `registry` is always the last column: the finding's registry in a run of several, empty
    for a run of one (the columns are the same whatever the run). `file` is the path as the
    report gives it, normalised as its own text: `cy/../page.md` (a page given relative to its
    registry) is `page.md`, and no link is followed."""
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
                csv_cell(os.path.normpath(loc.file)) if loc else "",
                loc.line if loc else "",
                loc.column if loc else "",
                csv_cell(f.claim or ""),
                csv_cell(f.source or ""),
                csv_cell(f.message),
                csv_cell(f.hint or f.rule.fix),
                csv_cell(f.registry or ""),
            ]
        )
    return guard_log_commands(out.getvalue())


RENDERER = Renderer("csv", ".csv", render)
