"""Select rules, run the checks, apply named exceptions, and build the report."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from claimcheck import __version__
from claimcheck.checks import ALL_CHECKS
from claimcheck.checks.base import Check, CheckContext
from claimcheck.errors import ConfigError

if TYPE_CHECKING:
    from claimcheck.sources.snapshot import Snapshot

from claimcheck.findings import ClaimState, ClaimSummary, Family, Finding, Report, Rule, Severity
from claimcheck.links.model import LinkRun
from claimcheck.loader import LoadedRegistry
from claimcheck.model import Claim
from claimcheck.page import PageText
from claimcheck.suggest import did_you_mean

FAMILY = Family("X", "claimcheck itself")
X001 = FAMILY.rule(
    "X001",
    "check-crashed",
    Severity.ERROR,
    "A check failed with an internal error.",
    "One of claimcheck's checks raised an unexpected error. The other checks still ran and "
    "their findings are reported; this check's are missing. This is a bug in claimcheck.",
    "Report it with the registry (or a small part of it) that triggers it.",
)

_OK = (ClaimState.OK,)


def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code."""
    rules = [rule for check in ALL_CHECKS for rule in check.rules]
    return tuple(sorted([*rules, X001], key=lambda r: r.code))


def rule_by_code(code: str) -> Rule | None:
    return next((r for r in all_rules() if r.code == code.upper()), None)


def validate_prefixes(prefixes: Iterable[str], option: str) -> tuple[str, ...]:
    """Upper-cased rule-code prefixes; a ConfigError for one that matches no rule."""
    codes = [r.code for r in all_rules()]
    result = []
    for raw in prefixes:
        prefix = raw.strip().upper()
        if not prefix:
            continue
        if not any(code.startswith(prefix) for code in codes):
            hint = did_you_mean(prefix, codes) or "`claimcheck rules` lists every code"
            raise ConfigError(f"{option}: no rule code starts with {raw!r}", hint=hint)
        result.append(prefix)
    return tuple(result)


def is_selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """The longest matching prefix decides; a tie goes to `ignore`."""
    chosen = max((len(p) for p in select if code.startswith(p)), default=None) if select else 0
    if chosen is None:
        return False
    dropped = max((len(p) for p in ignore if code.startswith(p)), default=None)
    return dropped is None or chosen > dropped


def run_checks(
    loaded: LoadedRegistry,
    *,
    today: date,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    checks: Sequence[Check] = ALL_CHECKS,
    links: LinkRun | None = None,
    strict_links: bool = False,
    page: PageText | None = None,
    baseline: frozenset[str] | None = None,
    snapshots: dict[str, Snapshot] | None = None,
) -> Report:
    """Run every selected check on a loaded registry and build the report."""
    registry = loaded.registry
    ctx = CheckContext(
        today=today,
        invalid_ids=loaded.invalid_ids,
        links=links,
        strict_links=strict_links,
        page=page,
        snapshots=snapshots,
    )
    raw: list[Finding] = list(loaded.findings)
    for check in checks:
        if check.rules and not any(is_selected(r.code, select, ignore) for r in check.rules):
            continue
        try:
            raw.extend(check.run(registry, ctx))
        except Exception as exc:  # a broken check must not hide the others' findings
            raw.append(Finding(X001, f"check `{check.name}` crashed: {exc!r}"))
    allowed = {(c.id, a.rule) for c in registry.claims for a in c.allow}
    selected = {code: is_selected(code, select, ignore) for code in {f.code for f in raw}}
    kept: list[Finding] = []
    suppressed = 0
    for finding in raw:
        if not selected[finding.code]:
            continue
        if finding.claim is not None and (finding.claim, finding.code) in allowed:
            suppressed += 1
            continue
        kept.append(finding)
    known = 0
    if baseline is not None:  # report only what the baseline does not already know
        present = {f.fingerprint() for f in kept}
        new = [f for f in kept if f.fingerprint() not in baseline]
        known = len(kept) - len(new)
        kept = new
    located = [_located(loaded, f) for f in kept]
    located.sort(key=Finding.sort_key)
    return Report(
        registry=loaded.path,
        today=today,
        tool_version=__version__,
        findings=tuple(located),
        claims=summarise_claims(registry.claims, located),
        sources=len(registry.sources),
        suppressed=suppressed,
        links=tuple(links.results.values()) if links is not None else None,
        coverage=ctx.summary.get("coverage"),
        baseline=None if baseline is None else {"known": known, "fixed": len(baseline - present)},
    )


def _located(loaded: LoadedRegistry, finding: Finding) -> Finding:
    if finding.location is not None:
        return finding
    return replace(finding, location=loaded.locate(finding))


def summarise_claims(
    claims: Sequence[Claim], findings: Sequence[Finding]
) -> tuple[ClaimSummary, ...]:
    """Each claim's states (most serious first) from its data and its findings."""
    by_claim: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.claim is not None:
            by_claim[finding.claim].append(finding)
        for name in finding.related:
            if name != finding.claim:
                by_claim[name].append(finding)
    summaries = []
    plain: dict[tuple[str, bool], tuple[ClaimState, ...]] = {}
    for claim in claims:
        own = by_claim.get(claim.id)
        if own:
            states = _states(claim, own)
        else:  # the common case: a claim's states follow from its data alone
            key = (claim.status, bool(claim.citations))
            states = plain.get(key) or plain.setdefault(key, _states(claim, ()))
        summaries.append(ClaimSummary(claim.id, claim.kind, claim.text, states, len(own or ())))
    return tuple(summaries)


def _states(claim: Claim, own: Sequence[Finding]) -> tuple[ClaimState, ...]:
    codes = {f.code for f in own}
    status = claim.status
    states = []
    if any(c.startswith("R") for c in codes):
        states.append(ClaimState.INVALID)
    if status == "retracted":
        states.append(ClaimState.RETRACTED)
    if status == "disputed":
        states.append(ClaimState.DISPUTED)
    if any(f.code.startswith("C") and f.level is Severity.ERROR for f in own):
        states.append(ClaimState.INCONSISTENT)
    if any(f.rule.marks_stale for f in own):
        states.append(ClaimState.STALE)
    if not claim.citations:
        states.append(ClaimState.UNSOURCED)
    if status == "unverified":
        states.append(ClaimState.UNVERIFIED)
    return tuple(states) or _OK
