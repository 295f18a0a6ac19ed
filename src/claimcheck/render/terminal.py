"""The report for a person at a terminal: findings grouped by claim, then a summary."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from claimcheck.findings import (
    CitationSupport,
    ClaimState,
    ClaimSummary,
    Finding,
    Report,
    Severity,
    Support,
)
from claimcheck.links.model import Skip
from claimcheck.render.base import Renderer, RenderOptions, clip, guard_log_commands, safe_text
from claimcheck.render.layout import Span, wrap

if TYPE_CHECKING:
    from rich.console import Console

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}


def make_console(options: RenderOptions) -> Console:
    """A console that records to a string, so rendering stays a pure function."""
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        no_color=not options.color,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )


def _group(finding: Finding) -> tuple[int, str]:
    if finding.claim is not None:
        return (1, f"claim {finding.claim}")
    if finding.source is not None:
        return (2, f"source {finding.source}")
    return (0, "registry")


def render(report: Report, options: RenderOptions) -> str:
    """Findings grouped under their claim or source, in file order, then the summary.

    A claim not `ok` has a section even with no finding of its own, and every section says
    which findings on other subjects give the claim its states (a source it cites, a
    constraint naming it): a state is never shown without its reason."""
    width, color = options.width, options.color
    texts = {c.id: c for c in report.claims}
    group_of = _group if not report.registries else _site_group
    groups: dict[tuple[int, str], list[Finding]] = {}
    for finding in sorted(report.findings, key=Finding.sort_key):
        groups.setdefault(group_of(finding), []).append(finding)
    first = {key: found[0].sort_key() for key, found in groups.items()}
    borrowed = borrowed_findings(report)
    for summary in report.claims:
        key = (1, f"claim {summary.id}")
        if key in groups or summary.state is ClaimState.OK:
            continue
        # A claim marked only by findings the baseline knows has none: the summary's
        # baseline line says they were left out (listing each would undo the baseline).
        if summary.id in borrowed or (report.baseline is None and _unexplained(summary, (), ())):
            # Beside the first finding that marks it; one marked by nothing shown, last.
            groups[key] = []
            on = borrowed.get(summary.id)
            first[key] = on[0].sort_key() if on else (_LAST, 0, 0, "", "")
    # Groups in the order they appear in the file; registry-wide findings first. In a run of
    # several registries, each registry's groups together, in the order they were given.
    index = {label: i for i, label in enumerate(report.registries)}
    order = sorted(
        groups,
        key=lambda g: (index.get(_registry_of(g[1], report.registries), -1), g[0] != 0, first[g]),
    )
    lines: list[str] = []
    shown = ""  # in a run of several registries, each one's findings under its name
    for key in order:
        title = key[1]
        if report.registries:
            label = _registry_of(title, report.registries)
            if label != shown:
                lines += wrap([(f"== {safe_text(label)} ==", "bold")], width, color=color)
                lines.append("")
                shown = label
        head: list[Span] = [(safe_text(title), "bold")]
        claim = texts.get(title.removeprefix("claim ")) if title.startswith("claim ") else None
        if claim is not None:
            states = ", ".join(s.value for s in claim.states)
            head.append((f"  {safe_text(claim.kind)} · {states}", "dim"))
        lines += wrap(head, width, color=color)
        if claim is not None:
            lines += wrap([("  " + safe_text(clip(claim.text)), "italic")], width, color=color)
            cited = (report.support or {}).get(claim.id)
            if cited:
                lines += wrap([("  support: " + support_text(cited), "dim")], width, color=color)
            for line in reason_lines(report, claim, groups[key], borrowed.get(claim.id, ())):
                lines += wrap([(line, "dim")], width, indent=2, color=color)
        for finding in groups[key]:
            lines += _finding_lines(finding, width, color)
        lines.append("")
    lines += wrap([(summary_text(report), "")], width)
    return guard_log_commands("\n".join(lines) + "\n")


#: A file name after every other: a claim whose states no finding shown explains comes last.
_LAST = "\U0010ffff"
#: The states only a finding gives (the others follow from the claim's data as well).
_BY_FINDINGS = (
    ClaimState.INVALID,
    ClaimState.INCONSISTENT,
    ClaimState.FAILING_SOURCE,
    ClaimState.STALE,
)


def _marks(finding: Finding) -> ClaimState | None:
    """The state a finding gives the claims it is on (notes give none)."""
    return finding.rule.marks if finding.level >= Severity.WARNING else None


def borrowed_findings(report: Report) -> dict[str, list[Finding]]:
    """For each claim, in file order, the findings that give it a state without having it
    as their subject: on a source it cites (`ClaimSummary.via`), or naming it among their
    `related` (a failing constraint)."""
    citing: dict[str, list[str]] = {}
    for claim in report.claims:
        for source in claim.via:
            citing.setdefault(source, []).append(claim.id)
    out: dict[str, list[Finding]] = {}
    for finding in sorted(report.findings, key=Finding.sort_key):
        if _marks(finding) is None:
            continue
        names = [name for name in finding.related if name != finding.claim]
        if finding.claim is None and finding.source is not None:
            names += citing.get(finding.source, [])
        for name in dict.fromkeys(names):
            out.setdefault(name, []).append(finding)
    return out


#: The claims named at most on one finding's line (a dead source cited by thousands).
MAX_NAMED = 10


def claims_marked(report: Report) -> dict[int, list[str]]:
    """By `id()` of each finding, the claims other than its subject it gives a state: those
    citing its source, those it names (`borrowed_findings` turned round)."""
    out: dict[int, list[str]] = {}
    for claim, found in borrowed_findings(report).items():
        for finding in found:
            out.setdefault(id(finding), []).append(claim)
    return out


def subject_text(finding: Finding, marked: Sequence[str]) -> str:
    """What a finding is about, with the other claims it gives a state: `offences_2024`,
    `source ons, cited by claims a, b`, `claims a, b` (a constraint), `a; also claim b`."""
    subject = finding.claim or (f"source {finding.source}" if finding.source else "")
    if not marked:
        return subject
    named = ", ".join(marked[:MAX_NAMED])
    if len(marked) > MAX_NAMED:
        named += f" and {len(marked) - MAX_NAMED} more"
    word = "claim" if len(marked) == 1 else "claims"
    if finding.claim is not None:
        return f"{subject}; also {word} {named}"
    if finding.source is not None:
        return f"{subject}, cited by {word} {named}"
    return f"{word} {named}"


def _unexplained(
    claim: ClaimSummary, own: Iterable[Finding], borrowed: Iterable[Finding]
) -> list[ClaimState]:
    """The claim's states that only a finding gives, and no finding shown gives it."""
    given = {_marks(f) for f in (*own, *borrowed)}
    return [s for s in _BY_FINDINGS if s in claim.states and s not in given]


def reason_lines(
    report: Report, claim: ClaimSummary, own: Sequence[Finding], borrowed: Sequence[Finding]
) -> list[str]:
    """What gives the claim the states its own findings do not, one line each:
    `failing-source: S002 on source ons (claims.yaml:4:5)`, `inconsistent: C003 on the
    registry (claims.yaml:89:11)`, `stale: findings the baseline knows (left out)`."""
    lines = []
    for finding in borrowed:
        if finding.claim is not None:
            subject = f"claim {finding.claim}"
        elif finding.source is not None:
            subject = f"source {finding.source}"
        else:
            subject = "the registry"
        where = f" ({finding.location})" if finding.location is not None else ""
        lines.append(f"{_marks(finding)}: {finding.code} on {safe_text(subject + where)}")
    missing = _unexplained(claim, own, borrowed)
    if missing:
        why = (
            "findings the baseline knows (left out)"
            if report.baseline is not None
            else "findings on other subjects"
        )
        lines.append(f"{', '.join(s.value for s in missing)}: {why}")
    return lines


def _site_group(finding: Finding) -> tuple[int, str]:
    """As `_group`, a registry-wide finding grouped under its own registry's file (a page's
    figure too, though it is located in the page)."""
    if finding.claim is None and finding.source is None:
        label = finding.registry or (finding.location.file if finding.location else "")
        return (0, f"registry {label}")
    return _group(finding)


def _registry_of(title: str, registries: tuple[str, ...]) -> str:
    """The registry a group belongs to: `registry FILE`, or a qualified id
    (`claim site/a.yaml:id`)."""
    if not registries:
        return ""
    kind, _, rest = title.partition(" ")
    if kind == "registry":
        return rest
    return max((r for r in registries if rest.startswith(r + ":")), key=len, default="")


def strip_trailing(text: str) -> str:
    """Rich pads wrapped lines with spaces; drop them so output diffs cleanly."""
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _finding_lines(finding: Finding, width: int, color: bool) -> list[str]:
    line: list[Span] = [("  ", "")]
    if finding.location is not None:
        line += [(safe_text(str(finding.location)), "dim"), ("  ", "")]
    line += [
        (finding.level.label, STYLE[finding.level]),
        (f" {finding.code} ", "bold"),
        (finding.rule.name, "dim"),
    ]
    out = wrap(line, width, color=color)
    out += wrap([(safe_text(clip(finding.message, 2000)), "")], width, indent=6)
    hint = finding.hint or finding.rule.fix
    if hint:
        out += wrap([("fix: " + safe_text(hint), "dim")], width, indent=6, color=color)
    return out


def support_text(cited: Iterable[CitationSupport]) -> str:
    """`ons supported (quote found) · audit unverifiable (blocked: ...)`."""
    return " · ".join(
        f"{safe_text(c.source)} {c.verdict.value} ({safe_text(c.reason)})" for c in cited
    )


def plural(n: int, word: str) -> str:
    """`1 claim`, `2 claims`."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _parts(pairs: Iterable[tuple[str, int]]) -> str:
    return " · ".join(f"{n} {label}" for label, n in pairs)


#: Why a link was not checked, as the summary says it (`Skip`).
SKIP_WORDS = {
    Skip.EXCLUDED: "excluded by `include`/`exclude`",
    Skip.OFFLINE: "offline and not in the cache",
    Skip.SCHEME: "not http(s)",
    Skip.PRIVATE: "private address",
    Skip.NO_NETWORK: "no network",
    Skip.OUT_OF_TIME: "out of time",
    Skip.BUDGET: "over max-per-host",
}


def allowed_text(report: Report) -> str | None:
    """`1 allowed by exceptions`: the findings an `allow` left out, if any."""
    return f"{report.suppressed} allowed by exceptions" if report.suppressed else None


def baseline_line(report: Report) -> str | None:
    """`baseline: 2 known findings left out, 1 fixed since`, with `--baseline`; and `3 not
    looked at (2 of links not checked)` when the run did not look at some of its entries
    (JSON's `unchecked`, `links_unchecked`): "0 known, 0 fixed" alone would read as clean."""
    if report.baseline is None:
        return None
    b = report.baseline
    line = f"baseline: {b['known']} known findings left out, {b['fixed']} fixed since"
    unchecked = b.get("unchecked", 0)
    if unchecked:
        links = b.get("links_unchecked", 0)
        line += f", {unchecked} not looked at"
        line += f" ({links} of links not checked)" if links else ""
    return line


def links_line(report: Report) -> str | None:
    """`links: 2 of 5 not checked (1 excluded by ..., 1 offline ...)` when some link was
    not: excluded and offline links make no finding, so the report says so here; and `3 of 5
    from the cache (not requested in this run)` when some answers were an earlier run's, so
    that a pass made of kept answers never reads as links checked now."""
    if not report.links:
        return None
    why = Counter(r.skip for r in report.links if r.skip is not None)
    cached = sum(1 for r in report.links if r.from_cache)
    parts = []
    if why:
        each = ", ".join(f"{why[skip]} {words}" for skip, words in SKIP_WORDS.items() if why[skip])
        parts.append(f"{why.total()} of {len(report.links)} not checked ({each})")
    if cached:
        parts.append(f"{cached} of {len(report.links)} from the cache (not requested in this run)")
    return f"links: {'; '.join(parts)}" if parts else None


def not_run_line(report: Report) -> str | None:
    """`states: by the rules run only (not selected: C, L, Q, S, T)` when the selection left
    out a rule that could mark a claim: `ok` then means ok by the others."""
    if not report.not_run:
        return None
    return f"states: by the rules run only (not selected: {rule_groups(report.not_run)})"


def rule_groups(codes: Sequence[str]) -> str:
    """`C, L, Q, S, T` for whole families of rules that can mark a claim, codes for parts of
    one: `C, T001`."""
    from claimcheck.checks import all_rules
    from claimcheck.findings import DROPS_ENTRIES, OF_THE_RUN, can_mark

    markers: dict[str, set[str]] = {}
    for rule in all_rules():
        if can_mark(rule) and rule.code not in DROPS_ENTRIES and rule.code not in OF_THE_RUN:
            markers.setdefault(rule.family.letter, set()).add(rule.code)
    given = set(codes)
    parts: list[str] = []
    for letter in dict.fromkeys(code[:1] for code in sorted(given)):
        family = markers.get(letter, set())
        if family and family <= given:
            parts.append(letter)
        else:
            parts += sorted(code for code in given if code.startswith(letter))
    return ", ".join(parts)


def left_out_lines(report: Report) -> list[str]:
    """What the findings shown leave out: rules not selected, allowed ones, known ones,
    links not checked. Every format with a summary shows these lines (the JSON report has
    the same counts)."""
    lines = [not_run_line(report), baseline_line(report), links_line(report)]
    if report.suppressed:
        lines.insert(0, f"allowed: {plural(report.suppressed, 'finding')} left out by exceptions")
    return [line for line in lines if line is not None]


def summary_text(report: Report) -> str:
    """The counts (also printed to stderr by `verify --format json`): findings, claims by
    state, then what was left out, the citations' support and the page's coverage."""
    findings = ", ".join(
        plural(report.count(level), level.label) for level in sorted(Severity, reverse=True)
    )
    states = _parts(
        (state.value, report.count_state(state))
        for state in ClaimState
        if state is not ClaimState.OK and report.count_state(state)
    )
    text = f"{plural(len(report.claims), 'claim')}, {plural(report.sources, 'source')}: {findings}"
    if report.registries:
        text = f"{plural(len(report.registries), 'registry').replace('ys', 'ies')}: {text}"
    allowed = allowed_text(report)
    if allowed:
        text += f" ({allowed})"
    ok = report.count_state(ClaimState.OK)
    text += f"\nclaims: {ok} ok" + (f" · {states}" if states else "")
    for line in (not_run_line(report), baseline_line(report), links_line(report)):
        if line is not None:
            text += "\n" + line
    if report.support is not None:
        counts = report.support_counts()
        text += "\ncitations: " + _parts((v.value, counts[v]) for v in Support)
    if report.coverage is not None:
        c = report.coverage
        text += (
            f"\npage: {plural(c['figures'], 'figure')}, {c['registered']} registered, "
            f"{c['ignored']} ignored, {c['unregistered']} unregistered; "
            f"{plural(c['statements'], 'statement')} flagged"
        )
    return text


RENDERER = Renderer("terminal", ".txt", render)
