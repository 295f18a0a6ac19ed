"""Rules, findings and the report: the values that flow from checks to renderers."""

from __future__ import annotations

import enum
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from claimcheck.links.model import LinkResult

CODE_PATTERN = re.compile(r"^[A-Z][0-9]{3}$")

#: The path of a node in the registry: keys and list indices from the top.
NodePath = tuple[str | int, ...]


class Severity(enum.IntEnum):
    """Ordered, so that `--fail-on` is a comparison."""

    NOTE = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"expected one of error, warning, note; got {text!r}") from None


class _Default(enum.Enum):
    DEFAULT = "default"


DEFAULT = _Default.DEFAULT


@dataclass(frozen=True, slots=True)
class Family:
    """A family of rules: the letter its codes start with, and what it checks."""

    letter: str
    title: str
    #: The state a warning or error of this family's rules gives the claim it is about
    #: (`inconsistent`, ...), unless a rule says otherwise; None: each rule must say.
    marks: ClaimState | None = None

    def rule(
        self,
        code: str,
        name: str,
        severity: Severity,
        summary: str,
        explanation: str,
        fix: str = "",
        *,
        marks: ClaimState | _Default | None = DEFAULT,
        unmarked: str = "",
        source_gone: bool = False,
        strict: bool = False,
        fingerprint_message: bool = False,
    ) -> Rule:
        """A rule of this family.

        Its warnings and errors mark the claim they are about with the family's state unless
        `marks` names another; `marks=None` must say in `unmarked` why no claim can be
        marked (a page figure no claim states), so that no rule is silent by omission.
        """
        if not code.startswith(self.letter):
            raise ValueError(f"{code} is not of family {self.letter}")
        if isinstance(marks, _Default):
            marks = None if unmarked else self.marks
        if (marks is None) != bool(unmarked):
            raise ValueError(f"{code}: a rule marks a claim state or says in `unmarked` why not")
        if marks is ClaimState.OK:
            raise ValueError(f"{code}: a finding cannot mark a claim ok")
        return Rule(
            code,
            name,
            severity,
            summary,
            explanation,
            fix,
            family=self,
            marks=marks,
            unmarked=unmarked,
            source_gone=source_gone,
            strict=strict,
            fingerprint_message=fingerprint_message,
        )


@dataclass(frozen=True, slots=True)
class Rule:
    """A check's rule: its code and name are a public contract and never change meaning.

    Everything claimcheck knows about a rule sits here, not in side tables elsewhere.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    fix: str = ""
    family: Family = field(kw_only=True)
    #: The state a warning or error of this rule gives the claim it is about (`stale`,
    #: `invalid`...), and, for a finding on a source, every claim that cites the source.
    #: Notes never change a state.
    marks: ClaimState | None = field(default=None, kw_only=True)
    #: Why `marks` is None: the rule's findings are never about a claim.
    unmarked: str = field(default="", kw_only=True)
    #: A finding of this rule means the cited document is gone (a dead link, a soft 404).
    source_gone: bool = field(default=False, kw_only=True)
    #: A warning that `--strict` makes an error.
    strict: bool = field(default=False, kw_only=True)
    #: The message names what is wrong (the figure a mention states and the claim's value),
    #: so it is part of the fingerprint: a different wrong figure is a new finding.
    fingerprint_message: bool = field(default=False, kw_only=True)


#: Findings about the run, not the registry: links not checked (no network, out of time: L008)
#: and a check that crashed (X001). Always reported when raised, whatever --select, --ignore,
#: `allow` or a baseline say, and never recorded in a baseline: either would hide the same
#: trouble on every later run.
OF_THE_RUN = frozenset({"L008", "X001"})
#: Families whose every rule is about the run (ignoring one ignores only those).
FAMILIES_OF_THE_RUN = frozenset({"X"})
#: The errors that leave a registry entry (or the whole registry) out of every check: a run
#: that hid one would pass a page against entries nobody compared with it.
DROPS_ENTRIES = frozenset({"R001", "R002", "R003", "R004", "R005", "R007", "R008"})


def why_not_ignorable(prefix: str) -> str | None:
    """Why the rule-code prefix `prefix` may not be ignored (`--ignore`, the config's
    `ignore`, a claim's `allow`), or None when it may."""
    prefix = prefix.strip().upper()
    dropped = sorted(code for code in DROPS_ENTRIES if code.startswith(prefix))
    if dropped:
        return (
            f"{', '.join(dropped)} {'mark' if len(dropped) > 1 else 'marks'} an invalid "
            "registry entry, which is left out of the checks"
        )
    run = sorted(
        code
        for code in OF_THE_RUN
        if code.startswith(prefix) and (prefix == code or prefix[:1] in FAMILIES_OF_THE_RUN)
    )
    if run:
        return f"{', '.join(run)} {'say' if len(run) > 1 else 'says'} what this run could not check"
    return None


def can_mark(rule: Rule) -> bool:
    """Whether the rule's findings can give a claim a state: it names one, and is a warning
    or an error (notes never change a state)."""
    return rule.marks is not None and rule.severity >= Severity.WARNING


def is_selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """The longest matching prefix decides; a tie goes to `ignore`."""
    chosen = max((len(p) for p in select if code.startswith(p)), default=None) if select else 0
    if chosen is None:
        return False
    dropped = max((len(p) for p in ignore if code.startswith(p)), default=None)
    return dropped is None or chosen > dropped


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: 1-based line and column in a file."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found: immutable, located, and named by its rule."""

    rule: Rule
    message: str
    path: NodePath = ()
    claim: str | None = None
    source: str | None = None
    severity: Severity | None = None
    hint: str | None = None
    #: Point at the key rather than its value (unknown fields, duplicates).
    at_key: bool = False
    location: Location | None = None
    #: Other claims the finding concerns (those a failing constraint names).
    related: tuple[str, ...] = ()
    #: In a run of several registries, the one the finding is of (a page's P001 is located
    #: in the page, not the registry).
    registry: str | None = None

    @property
    def level(self) -> Severity:
        return self.severity if self.severity is not None else self.rule.severity

    @property
    def code(self) -> str:
        return self.rule.code

    def at(self, location: Location) -> Finding:
        """The same finding, located. (dataclasses.replace costs five times as much, and a
        large registry has tens of thousands of findings to locate.)"""
        return Finding(
            self.rule,
            self.message,
            self.path,
            self.claim,
            self.source,
            self.severity,
            self.hint,
            self.at_key,
            location,
            self.related,
            self.registry,
        )

    def fingerprint(self) -> str:
        """Stable across edits that move lines or reorder claims: the rule, the claim or
        source, and the finding's place within it (the path below the entry: which mention,
        which citation).

        The entry's own index in `claims` or `sources` is left out (its id names it);
        registry-wide findings (no claim or source) add their message, and so do rules whose
        message names the wrong figure (`Rule.fingerprint_message`). Baselines and SARIF use
        this, so a known finding stays known however the file around it changes.
        """
        key = f"{self.rule.code}|{self.claim or ''}|{self.source or ''}"
        path = self.path
        if (
            (self.claim or self.source)
            and len(path) > 1
            and path[0] in ("claims", "sources")
            and isinstance(path[1], int)
        ):
            path = path[:1] + path[2:]
        for step in path:
            key += "|" + step if isinstance(step, str) else f"|#{step}"
        if (not self.claim and not self.source) or self.rule.fingerprint_message:
            key += "|" + self.message
            if self.registry:  # the same page-wide finding of two registries of a site
                key += "|" + self.registry
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        if loc is None:
            return ("", 0, 0, self.rule.code, self.message)
        return (loc.file, loc.line, loc.column, self.rule.code, self.message)


class Support(enum.StrEnum):
    """How far one citation's source, as read, bears its claim out (sources/support.py)."""

    #: Every quote and figure checked is in the source, as the claim's measure.
    SUPPORTED = "supported"
    #: Some are (a paraphrase for a quotation; the figure but not the quote).
    PARTIAL = "partial"
    #: The source was read and does not say it.
    UNSUPPORTED = "unsupported"
    #: The source could not be read or judged: blocked, paywalled, unreadable, not snapshotted,
    #: nothing to check. Never the same as unsupported.
    UNVERIFIABLE = "unverifiable"


class CitationSupport(NamedTuple):
    """One citation's support verdict and why."""

    source: str
    verdict: Support
    reason: str


class ClaimState(enum.StrEnum):
    """What an editor needs to know about one claim, most serious first.

    The order is the precedence: a claim's `state` is the first of its `states`. Every
    warning or error on a claim (or on a source it cites) adds its rule's state, so a claim
    with one is never `ok`.
    """

    #: The registry entry is malformed (R errors): nothing else about it can be trusted.
    INVALID = "invalid"
    #: Its review withdrew it.
    RETRACTED = "retracted"
    #: Its review found a source says otherwise (S005 when the page still states it).
    DISPUTED = "disputed"
    #: The page, the registry or their figures disagree (C rules, P002, P003).
    INCONSISTENT = "inconsistent"
    #: A cited source no longer supports it or cannot be reached (Q001-Q006, L rules).
    FAILING_SOURCE = "failing-source"
    #: True when written, possibly not now (T001, T002, a source changed since read: Q007).
    STALE = "stale"
    UNSOURCED = "unsourced"
    UNVERIFIED = "unverified"
    OK = "ok"


class ClaimSummary(NamedTuple):
    """A claim's id with the states derived from its data and findings.

    A NamedTuple rather than a dataclass: a report makes one per claim, and at 100,000
    claims a tuple is made three times faster.
    """

    id: str
    kind: str
    text: str
    states: tuple[ClaimState, ...]
    findings: int
    #: The sources it cites with a warning or error of their own (no claim as subject) that
    #: marks a state: the claim has that state though the finding is not on it (a dead link,
    #: a source with no url). Reports name them, so that every state has a visible reason.
    via: tuple[str, ...] = ()

    @property
    def state(self) -> ClaimState:
        return self.states[0] if self.states else ClaimState.OK


@dataclass(frozen=True)
class Report:
    """Everything a renderer needs; renderers are pure functions of it."""

    registry: str
    today: date
    tool_version: str
    findings: tuple[Finding, ...]
    claims: tuple[ClaimSummary, ...]
    sources: int
    suppressed: int = 0
    #: Every checked URL's result, when links were checked.
    links: tuple[LinkResult, ...] | None = None
    #: Figures and statements on the page, when a page was scanned.
    coverage: dict[str, int] | None = None
    #: With a baseline: findings it already knew (left out), and known ones now gone.
    baseline: dict[str, int] | None = None
    #: The registries of a run of several (`claimcheck.site`), as given; () for one.
    registries: tuple[str, ...] = ()
    #: Each claim's citations' support verdicts (by claim id), when snapshots were read.
    support: dict[str, tuple[CitationSupport, ...]] | None = None
    #: The rules that could mark a claim's state which the run's selection (`--select`,
    #: `--ignore`, the config's) left out: the claims' states are of the other rules only.
    not_run: tuple[str, ...] = ()
    #: The SHA-256 of each registry's text as checked (one; a site's in `registries` order):
    #: `merge` refuses shards run on different versions of a registry.
    registry_sha256: tuple[str, ...] = ()

    def support_counts(self) -> Counter[Support]:
        """Citations by verdict, over every claim."""
        return Counter(c.verdict for cited in (self.support or {}).values() for c in cited)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.level is severity)

    @cached_property
    def _state_counts(self) -> Counter[ClaimState]:
        return Counter(state for claim in self.claims for state in claim.states)

    def count_state(self, state: ClaimState) -> int:
        return self._state_counts[state]

    def worst(self) -> Severity | None:
        return max((f.level for f in self.findings), default=None)
