"""The JSON report: versioned, documented in the README, stable for machines."""

from __future__ import annotations

from typing import Any

import msgspec

from claimcheck.findings import (
    CitationSupport,
    ClaimState,
    ClaimSummary,
    Finding,
    Report,
    Severity,
    Support,
)
from claimcheck.render.base import Renderer, RenderOptions, guard_json

SCHEMA_VERSION = 1
_LABELS = {level: level.label for level in Severity}


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding as a JSON object.

    `hint` is the finding's own hint or else its rule's fix, as every format shows it; `path`
    (the registry node: keys and list indices) is what `fingerprint` is made from, so a report
    read back (`merge`, `--baseline`) keeps its fingerprints.
    """
    rule = finding.rule
    # msgspec writes the Location dataclass as {file, line, column} and tuples as arrays:
    # no dict or list is built per finding (a large report has tens of thousands).
    return {
        "code": rule.code,
        "rule": rule.name,
        "severity": _LABELS[finding.severity or rule.severity],
        "claim": finding.claim,
        "source": finding.source,
        "message": finding.message,
        "hint": finding.hint or rule.fix or None,
        "location": finding.location,
        "related": finding.related,
        "path": finding.path,
        "fingerprint": finding.fingerprint(),
    }


def summary_json(report: Report) -> dict[str, int]:
    """The report's counts."""
    counts = {
        "claims": len(report.claims),
        "sources": report.sources,
        "findings": len(report.findings),
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
        "notes": report.count(Severity.NOTE),
        "suppressed": report.suppressed,
    }
    counts.update({state.value: report.count_state(state) for state in ClaimState})
    return counts


def report_json(report: Report) -> dict[str, Any]:
    """The whole report as a JSON-ready mapping (`registries` only in a run of several)."""
    head: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": "claimcheck",
        "tool_version": report.tool_version,
        "registry": report.registry,
    }
    if report.registries:
        head["registries"] = list(report.registries)
    return head | {
        "today": report.today.isoformat(),
        "summary": summary_json(report),
        "findings": [finding_json(f) for f in report.findings],
        "claims": [_claim(c, report.support) for c in report.claims],
        "links": None if report.links is None else [r.as_json() for r in report.links],
        "coverage": report.coverage,
        "baseline": report.baseline,
        # Citations by support verdict, when snapshots were read (null otherwise).
        "support": None
        if report.support is None
        else {verdict.value: report.support_counts()[verdict] for verdict in Support},
    }


def _claim(
    c: ClaimSummary, support: dict[str, tuple[CitationSupport, ...]] | None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": c.id,
        "kind": c.kind,
        "state": c.state,  # msgspec writes an enum as its value
        "states": c.states,
        "findings": c.findings,
        "text": c.text,
    }
    if support is not None and c.id in support:
        out["citations"] = [
            {"source": s.source, "support": {"verdict": s.verdict, "reason": s.reason}}
            for s in support[c.id]
        ]
    return out


def render(report: Report, options: RenderOptions) -> str:
    """Indented, key order fixed, UTF-8 kept as is."""
    return dumps(report_json(report))


def dumps(data: object) -> str:
    """Indented JSON. msgspec, because json.dumps with indent is pure Python and slow at scale.

    `guard_json` then writes bidi, invisible and C1 characters and the `#` of `##[` as
    `\\uXXXX`: the same JSON to a parser, and nothing a terminal or CI log would obey."""
    encoded = msgspec.json.format(msgspec.json.encode(data), indent=2)
    return guard_json(encoded.decode("utf-8")) + "\n"


RENDERER = Renderer("json", ".json", render)
