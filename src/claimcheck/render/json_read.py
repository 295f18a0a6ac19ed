"""Reading a JSON report back into a Report: the inverse of `render.json_`.

`merge` and `--baseline` read reports through this one reader. A report read back renders
exactly as the report it was written from, in every format (tests/test_report_json.py).
Fields a newer claimcheck adds within the same `schema_version` are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Literal, NamedTuple, NoReturn

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
#: The summary's counts that are not of the findings or claims listed.
_SUMMARY_KEYS = ("sources", "suppressed")


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
    #: The first of `states` (checked so).
    state: ClaimState | None = None
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


class _Document(msgspec.Struct):
    schema_version: int
    tool_version: str
    registry: str
    today: date
    #: The counts, each checked against the findings and claims they count.
    summary: dict[str, int]
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
    report = _built(shape, origin)
    _check_consistent(report, shape.summary, [c.state for c in shape.claims], origin)
    return report


def _built(shape: _Document, origin: str) -> Report:
    _require_keys(shape.coverage, _COVERAGE_KEYS, "coverage", origin)
    _require_keys(shape.baseline, _BASELINE_KEYS, "baseline", origin)
    _require_keys(shape.summary, _SUMMARY_KEYS, "summary", origin)
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
        sources=shape.summary["sources"],
        suppressed=shape.summary["suppressed"],
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


# A report that contradicts itself --------------------------------------------------------

_EDITED = "write the report again with `claimcheck verify -f json`; was it edited?"
#: The states only findings give a claim (its review and citations give the others).
_OF_FINDINGS = (ClaimState.INCONSISTENT, ClaimState.FAILING_SOURCE, ClaimState.STALE)
#: The states a claim's review and citations give it, and `ok`.
_DATA = frozenset(ClaimState) - {*_OF_FINDINGS, ClaimState.INVALID}
_ORDER = {state: i for i, state in enumerate(ClaimState)}


def _check_consistent(
    report: Report, summary: dict[str, int], states: list[ClaimState | None], origin: str
) -> None:
    """A ConfigError naming the first field that contradicts the rest of the report.

    A report claimcheck wrote agrees with itself: its summary counts its findings and
    claims, each claim's states include the state every warning and error on it (or on a
    source it cites) gives, a source it says gives it a state has such a finding, a state only
    findings give has one listed (unless a baseline left known findings out), and each
    finding is at a level its rule can have. A report edited so that it does not (every
    claim's states set to `["ok"]` under two dead links, its findings deleted, every error
    made a note) would render and exit as a clean run; it is refused instead.
    """

    def refuse(field: str, said: str) -> NoReturn:
        raise ConfigError(
            f"the report contradicts itself: `{field}` {said}", file=origin, hint=_EDITED
        )

    from claimcheck.render.json_ import summary_json

    for key, counted in summary_json(report).items():
        if key in summary and summary[key] != counted:
            refuse(f"$.summary.{key}", f"is {summary[key]}, where the report lists {counted}")
    _check_baseline(report.baseline, refuse)
    by_id: dict[str, int] = {}
    seen: set[tuple[ClaimState, ...]] = set()  # states already found well formed
    for i, claim in enumerate(report.claims):
        by_id.setdefault(claim.id, i)
        if claim.states not in seen:
            _check_states(claim.states, f"$.claims[{i}]", refuse)
            seen.add(claim.states)
        if states[i] is not None and states[i] is not claim.states[0]:
            refuse(
                f"$.claims[{i}].state",
                f"is {states[i]}, where its first state is {claim.states[0].value}",
            )
    # Each finding: its level, and the states it gives the claims it is on or names.
    own: dict[str, int] = {}
    marked: dict[str, set[ClaimState]] = {}  # claim id -> states its listed findings give
    sources: dict[str, set[ClaimState]] = {}  # source id -> states its own findings give
    for i, finding in enumerate(report.findings):
        rule, level = finding.rule, finding.level
        if level is not rule.severity:
            subject = report.claims[by_id[finding.claim]] if finding.claim in by_id else None
            _check_level(finding, subject, f"$.findings[{i}].severity", refuse)
        if finding.claim is not None:
            own[finding.claim] = own.get(finding.claim, 0) + 1
        for name in finding.related:
            if name != finding.claim:
                own[name] = own.get(name, 0) + 1
        mark = rule.marks if level >= Severity.WARNING else None
        if mark is None:
            continue
        if finding.claim is None and finding.source is not None:
            sources.setdefault(finding.source, set()).add(mark)
        for named in (finding.claim, *finding.related):
            if named is not None:
                marked.setdefault(named, set()).add(mark)
    known = bool(report.baseline and report.baseline["known"])
    for i, claim in enumerate(report.claims):
        where = f"$.claims[{i}]"
        if claim.findings != own.get(claim.id, 0):
            refuse(
                f"{where}.findings",
                f"is {claim.findings}, where {own.get(claim.id, 0)} listed "
                f"findings are on or name claim {claim.id}",
            )
        if ClaimState.INVALID in claim.states:
            continue  # an entry left out: nothing else about it is told
        if not claim.via and claim.id not in marked and (known or _DATA.issuperset(claim.states)):
            continue  # the common case: its states are its data's, and nothing marks it
        given = set(marked.get(claim.id, ()))
        for source in claim.via:
            if source not in sources and not known:
                refuse(
                    f"{where}.via_sources",
                    f"names source {source}, which has no listed finding that gives a state",
                )
            given |= sources.get(source, set())
        for state in sorted(given - set(claim.states)):
            refuse(
                f"{where}.states",
                f"lacks {state.value}, which its listed findings give claim {claim.id}",
            )
        for state in claim.states:
            if state in _OF_FINDINGS and state not in given and not claim.via and not known:
                refuse(
                    f"{where}.states",
                    f"has {state.value}, which only a finding gives, "
                    f"and no listed finding gives claim {claim.id}",
                )


def _check_baseline(counts: dict[str, int] | None, refuse: Callable[[str, str], NoReturn]) -> None:
    if counts is None:
        return
    for key, value in counts.items():
        if value < 0:
            refuse(f"$.baseline.{key}", f"is {value}")
    for part, whole in (("links_known", "known"), ("links_fixed", "fixed")):
        if counts.get(part, 0) > counts[whole]:
            refuse(
                f"$.baseline.{part}", f"is {counts[part]}, more than its {whole} ({counts[whole]})"
            )
    if ("links_known" in counts) != ("links_fixed" in counts):
        refuse("$.baseline", "has one of links_known and links_fixed without the other")


def _check_states(
    states: tuple[ClaimState, ...], where: str, refuse: Callable[[str, str], NoReturn]
) -> None:
    if not states:
        refuse(f"{where}.states", 'is empty (a claim with no other state is `["ok"]`)')
    if ClaimState.OK in states and len(states) > 1:
        refuse(f"{where}.states", "has ok beside other states")
    if list(states) != sorted(set(states), key=_ORDER.__getitem__):
        refuse(f"{where}.states", "is not in the order of the states, each once")


def _check_level(
    finding: Finding,
    claim: ClaimSummary | None,
    where: str,
    refuse: Callable[[str, str], NoReturn],
) -> None:
    """The levels a finding of its rule can be at: the rule's own; error for a rule that
    `--strict` (or a malformed URL) makes one; a note for S001 on an assessment (the page's
    own judgement needs no source: checks/sourcing.py)."""
    rule, level = finding.rule, finding.level
    if level is rule.severity or (level is Severity.ERROR and rule.strict):
        return
    if rule.code == "S001" and level is Severity.NOTE and claim and claim.kind == "assessment":
        return
    refuse(where, f"is {level.label}, a level {rule.code} never has ({rule.severity.label})")


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
