"""`verify --statistics`: findings counted per rule, most first, as `ruff --statistics`.

A table of counts has the formats a table has: text (`terminal`, `concise`), `json`, `csv`
and `markdown`. The others describe findings one by one (SARIF results, JUnit cases, GitHub
annotations, the HTML page of claims): asked for with `--statistics`, they are refused
before the run rather than answered with another format's text.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence

from claimcheck.errors import ConfigError
from claimcheck.findings import Report, Rule
from claimcheck.render.base import csv_cell

#: The `--format`s `--statistics` writes; the text table for both text formats.
STATISTICS_FORMATS = ("terminal", "concise", "json", "csv", "markdown")


def refuse_formats(formats: Sequence[str]) -> None:
    """A ConfigError naming the first of `formats` the statistics cannot be written in."""
    for name in formats:
        if name not in STATISTICS_FORMATS:
            raise ConfigError(
                f"--statistics: the counts cannot be written as {name!r} (a format of "
                "findings one by one)",
                hint=f"use -f {', '.join(STATISTICS_FORMATS)}, or leave out --statistics",
            )


def render_statistics(report: Report, fmt: str = "terminal") -> str:
    """`  12  S001  [warning]  unsourced-claim` lines, or the same rows as JSON, CSV or a
    Markdown table (`fmt` is a `--format` of `STATISTICS_FORMATS`; "text" is the table)."""
    counts: Counter[tuple[str, str]] = Counter()
    rules: dict[str, Rule] = {}
    for f in report.findings:
        counts[(f.code, f.level.label)] += 1
        rules[f.code] = f.rule
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if fmt == "json":
        return (
            json.dumps(
                [
                    {"code": code, "severity": level, "name": rules[code].name, "count": n}
                    for (code, level), n in rows
                ],
                indent=2,
            )
            + "\n"
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("count", "code", "severity", "name"))
        for (code, level), n in rows:
            writer.writerow((n, code, level, csv_cell(rules[code].name)))
        return out.getvalue()
    if fmt == "markdown":
        lines = ["| count | rule | severity | name |", "|---:|---|---|---|"]
        lines += [f"| {n} | {code} | {level} | {rules[code].name} |" for (code, level), n in rows]
        return "\n".join(lines) + "\n"
    if fmt not in ("terminal", "concise", "text"):
        refuse_formats([fmt])
    width = max((len(str(n)) for _, n in rows), default=1)
    return "".join(
        f"{n:>{width}}  {code}  [{level}]  {rules[code].name}\n" for (code, level), n in rows
    )
