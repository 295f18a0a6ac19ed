"""`verify --statistics`: findings counted per rule, most first, as `ruff --statistics`."""

from __future__ import annotations

import json
from collections import Counter

from claimcheck.findings import Report, Rule


def render_statistics(report: Report, fmt: str = "text") -> str:
    """`  12  S001  [warning]  unsourced-claim` lines (or a JSON list with `-f json`)."""
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
    width = max((len(str(n)) for _, n in rows), default=1)
    return "".join(
        f"{n:>{width}}  {code}  [{level}]  {rules[code].name}\n" for (code, level), n in rows
    )
