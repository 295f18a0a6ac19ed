"""Reading a JSON report back into a Report: the inverse of `render.json_`.

`merge` and `--baseline` read reports through this one reader. A report read back renders
exactly as the report it was written from, in every format (tests/test_report_json.py).
Fields a newer claimcheck adds within the same `schema_version` are ignored.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Literal, NamedTuple

import msgspec

from claimcheck.errors import ConfigError
from claimcheck.files import read_json
from claimcheck.findings import (
    CitationSupport,
    ClaimState,
    ClaimSummary,
    Finding,
    Location,
    Report,
    Rule,
    Severity,
    Support,
)
from claimcheck.links.model import LinkResult, Skip, Verdict
from claimcheck.links.shard import MAX_SHARDS
from claimcheck.render.json_ import SCHEMA_VERSION

HINT = "write the report again with this version's `claimcheck verify -f json`"

#: The keys `coverage` and `baseline` always have (the terminal summary shows each).
_COVERAGE_KEYS = ("figures", "registered", "ignored", "unregistered", "statements")
_BASELINE_KEYS = ("known", "fixed")


# The document's shape, for msgspec to check in one pass (and name the place of a bad field).
class _Location(msgspec.Struct):
    file: str
    line: int
    column: int


class _Finding(msgspec.Struct):
    code: str
    severity: Literal["error", "warning", "note"]
    claim: str | None
    source: str | None
    message: str
    hint: str | None
    location: _Location | None
    related: list[str]
    path: list[str | int]
    registry: str | None = None


class _Support(msgspec.Struct):
    verdict: Support
    reason: str


class _Citation(msgspec.Struct):
    source: str
    support: _Support


class _Claim(msgspec.Struct):
    id: str
    kind: str
    text: str
    states: list[ClaimState]
    findings: int
    #: Only when a source it cites has a finding that marks it (older reports: none).
    via_sources: list[str] = []
    #: Only when snapshots were read (reports without them stay readable).
    citations: list[_Citation] | None = None


class _Hop(msgspec.Struct):
    status: int
    url: str


class _Link(msgspec.Struct):
    url: str
    verdict: Verdict
    status: int | None
    final_url: str | None
    redirects: list[_Hop]
    elapsed_ms: int
    error: str | None
    attempts: int
    cached: bool
    skipped: Skip | None


class _Shard(msgspec.Struct):
    k: int
    n: int


class _Summary(msgspec.Struct):
    sources: int
    suppressed: int


class _Document(msgspec.Struct):
    schema_version: int
    tool_version: str
    registry: str
    today: date
    summary: _Summary
    findings: list[_Finding]
    claims: list[_Claim]
    links: list[_Link] | None
    coverage: dict[str, int] | None
    baseline: dict[str, int] | None
    support: dict[str, int] | None = None
    registries: list[str] | None = None
    #: Empty in a report written before it was recorded.
    rules_not_run: list[str] = []
    #: Unset in a report written before shards were recorded.
    shard: _Shard | msgspec.UnsetType | None = msgspec.UNSET
    #: Empty in a report written before it was recorded.
    registry_sha256: list[str] = []


class ReadReport(NamedTuple):
    """A report read back, with the shard its run checked: (K, N), None for a run of every
    link, and `recorded` False for a report from before shards were recorded."""

    report: Report
    shard: tuple[int, int] | None
    recorded: bool


def read_report(path: Path) -> Report:
    """A claimcheck JSON report from a file; a one-line ConfigError naming it when unusable."""
    return read_run(path).report


def read_run(path: Path) -> ReadReport:
    """`read_report`, with the report's shard."""
    document = read_json(path, "report", hint="write one with `claimcheck verify -f json`")
    shape = _shape(document, str(path))
    if isinstance(shape.shard, msgspec.UnsetType):
        return ReadReport(_report(shape, str(path)), None, recorded=False)
    shard = None if shape.shard is None else (shape.shard.k, shape.shard.n)
    if shard is not None and not 1 <= shard[0] <= shard[1] <= MAX_SHARDS:
        raise ConfigError(
            f"not a claimcheck JSON report: `$.shard` is {shard[0]} of {shard[1]}",
            file=str(path),
            hint=HINT,
        )
    return ReadReport(_report(shape, str(path)), shard, recorded=True)


def report_from_json(document: object, origin: str) -> Report:
    """The Report a JSON report document (already parsed) describes; `origin` names it in errors."""
    return _report(_shape(document, origin), origin)


def _shape(document: object, origin: str) -> _Document:
    """The document checked against the report's shape; a one-line ConfigError if it is not."""
    if not isinstance(document, dict) or document.get("schema_version") != SCHEMA_VERSION:
        raise ConfigError(
            f"not a claimcheck JSON report (schema_version {SCHEMA_VERSION})",
            file=origin,
            hint="write reports with `claimcheck verify -f json`",
        )
    try:
        shape = msgspec.convert(document, _Document)
    except msgspec.ValidationError as exc:
        if "missing required field `path`" in str(exc) or "missing required field `text`" in str(
            exc
        ):
            # Reports before claimcheck kept the node path (and so the fingerprint) had the
            # same schema_version: read without it, every fingerprint would silently differ.
            raise ConfigError(
                f"a report from an older claimcheck, without what fingerprints are made of: {exc}",
                file=origin,
                hint="write the report again with this version (`claimcheck verify -f json`)",
            ) from None
        raise ConfigError(f"not a claimcheck JSON report: {exc}", file=origin, hint=HINT) from None
    return shape


def _report(shape: _Document, origin: str) -> Report:
    _require_keys(shape.coverage, _COVERAGE_KEYS, "coverage", origin)
    _require_keys(shape.baseline, _BASELINE_KEYS, "baseline", origin)
    _check_digests(shape, origin)
    rules: dict[str, Rule] = {}
    findings = tuple(_finding(item, i, rules, origin) for i, item in enumerate(shape.findings))
    return Report(
        registry=shape.registry,
        today=shape.today,
        tool_version=shape.tool_version,
        findings=findings,
        claims=tuple(
            ClaimSummary(c.id, c.kind, c.text, tuple(c.states), c.findings, tuple(c.via_sources))
            for c in shape.claims
        ),
        sources=shape.summary.sources,
        suppressed=shape.summary.suppressed,
        links=None
        if shape.links is None
        else tuple(LinkResult.from_json(msgspec.to_builtins(link)) for link in shape.links),
        coverage=shape.coverage,
        baseline=shape.baseline,
        registries=tuple(shape.registries or ()),
        not_run=tuple(shape.rules_not_run),
        registry_sha256=tuple(shape.registry_sha256),
        support=None
        if shape.support is None
        else {
            c.id: tuple(
                CitationSupport(x.source, x.support.verdict, x.support.reason) for x in c.citations
            )
            for c in shape.claims
            if c.citations is not None
        },
    )


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _check_digests(shape: _Document, origin: str) -> None:
    """`registry_sha256`: none (an older report), or one SHA-256 per registry."""
    digests = shape.registry_sha256
    if not digests:
        return
    for i, digest in enumerate(digests):
        if not _SHA256.fullmatch(digest):
            raise ConfigError(
                f"not a claimcheck JSON report: `$.registry_sha256[{i}]` is not a SHA-256 "
                "(64 hexadecimal digits)",
                file=origin,
                hint=HINT,
            )
    wanted = len(shape.registries or ()) or 1
    if len(digests) != wanted:
        raise ConfigError(
            f"not a claimcheck JSON report: `$.registry_sha256` has {len(digests)} digests "
            f"for {wanted} {'registry' if wanted == 1 else 'registries'}",
            file=origin,
            hint=HINT,
        )


def _finding(item: _Finding, index: int, rules: dict[str, Rule], origin: str) -> Finding:
    rule = rules.get(item.code) or _rule(item.code, index, origin)
    rules[item.code] = rule
    level = Severity.parse(item.severity)
    loc = item.location
    return Finding(
        rule,
        item.message,
        tuple(item.path),
        claim=item.claim,
        source=item.source,
        # The report writes the effective level and hint; the rule's own are not the finding's.
        severity=None if level is rule.severity else level,
        hint=None if item.hint == rule.fix else item.hint,
        location=None if loc is None else Location(loc.file, loc.line, loc.column),
        related=tuple(item.related),
        registry=item.registry,
    )


def _rule(code: str, index: int, origin: str) -> Rule:
    from claimcheck.checks import rule_by_code

    rule = rule_by_code(code)
    if rule is None or rule.code != code:
        raise ConfigError(
            f"unknown rule code {code!r} at `$.findings[{index}].code`",
            file=origin,
            hint="`claimcheck rules` lists the codes this version knows",
        )
    return rule


def _require_keys(
    counts: dict[str, int] | None, keys: tuple[str, ...], name: str, origin: str
) -> None:
    missing = [key for key in keys if counts is not None and key not in counts]
    if missing:
        raise ConfigError(
            f"not a claimcheck JSON report: `$.{name}` has no {', '.join(missing)}",
            file=origin,
            hint=HINT,
        )
