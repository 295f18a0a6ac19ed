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


class _Finding(msgspec.Struct, array_like=False, omit_defaults=True):
    """A finding as written: a struct, not a dict (a large report has tens of thousands, and
    a struct is a third of a dict's memory); keys in this order, `registry` only in a run of
    several registries."""

    code: str
    rule: str
    severity: str
    claim: str | None
    source: str | None
    message: str
    hint: str | None
    location: Any
    related: tuple[str, ...]
    path: tuple[str | int, ...]
    fingerprint: str
    registry: str | None = None


class _Support(msgspec.Struct):
    verdict: Support
    reason: str


class _Citation(msgspec.Struct):
    source: str
    support: _Support


class _Claim(msgspec.Struct, omit_defaults=True):
    """A claim as written (`via_sources` only when a source it cites has a finding that
    marks it, `citations` only when snapshots were read)."""

    id: str
    kind: str
    state: ClaimState
    states: tuple[ClaimState, ...]
    findings: int
    text: str
    via_sources: tuple[str, ...] = ()
    citations: list[_Citation] | None = None


def finding_json(finding: Finding) -> _Finding:
    """One finding as a JSON object.

    `hint` is the finding's own hint or else its rule's fix, as every format shows it; `path`
    (the registry node: keys and list indices) is what `fingerprint` is made from, so a report
    read back (`merge`, `--baseline`) keeps its fingerprints.
    """
    rule = finding.rule
    # msgspec writes the Location dataclass as {file, line, column} and tuples as arrays.
    return _Finding(
        rule.code,
        rule.name,
        _LABELS[finding.severity or rule.severity],
        finding.claim,
        finding.source,
        finding.message,
        finding.hint or rule.fix or None,
        finding.location,
        finding.related,
        finding.path,
        finding.fingerprint(),
        finding.registry,
    )


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


def report_json(report: Report, shard: tuple[int, int] | None = None) -> dict[str, Any]:
    """The whole report as a JSON-ready mapping (`registries` only in a run of several).

    `shard` is the run's `--shard K/N`, written `{"k": K, "n": N}` (null for a run of every
    link), so that `merge` can refuse a set of shards with one missing or one twice."""
    head: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": "claimcheck",
        "tool_version": report.tool_version,
        "registry": report.registry,
    }
    if report.registries:
        head["registries"] = list(report.registries)
    # The registry's text as checked (a site's, one per registry): shards of two versions of
    # it are not one run, and `merge` refuses them.
    head["registry_sha256"] = list(report.registry_sha256)
    return head | {
        "today": report.today.isoformat(),
        "shard": None if shard is None else {"k": shard[0], "n": shard[1]},
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
        # The rules that could mark a claim which the selection left out: the claims' states
        # are of the rules run only.
        "rules_not_run": list(report.not_run),
    }


def _claim(c: ClaimSummary, support: dict[str, tuple[CitationSupport, ...]] | None) -> _Claim:
    cited = support.get(c.id) if support is not None else None
    return _Claim(
        c.id,
        c.kind,
        c.state,
        c.states,
        c.findings,
        c.text,
        c.via,
        None
        if cited is None
        else [_Citation(s.source, _Support(s.verdict, s.reason)) for s in cited],
    )


def render(report: Report, options: RenderOptions) -> str:
    """Indented, key order fixed, UTF-8 kept as is."""
    # Encoded here, not by `dumps`: the report's structs (tens of MB at 300,000 claims) are
    # freed as soon as they are encoded, before the text is indented.
    return _formatted(msgspec.json.encode(report_json(report, options.shard)))


def dumps(data: object) -> str:
    """Indented JSON. msgspec, because json.dumps with indent is pure Python and slow at scale.

    `guard_json` then writes bidi, invisible and C1 characters and the `#` of `##[` as
    `\\uXXXX`: the same JSON to a parser, and nothing a terminal or CI log would obey."""
    return _formatted(msgspec.json.encode(data))


def _formatted(encoded: bytes) -> str:
    # Two large copies alive at a time at most (a 300k-claim report is 84 MB): each step drops
    # the last, and the newline is added to the text in place (its only reference), not by
    # copying it.
    formatted = msgspec.json.format(encoded, indent=2)
    del encoded
    text = formatted.decode("utf-8")
    del formatted
    text += "\n"
    return guard_json(text)


RENDERER = Renderer("json", ".json", render)
