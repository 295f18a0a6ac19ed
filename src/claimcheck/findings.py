"""Rules, findings and the report: the values that flow from checks to renderers."""

from __future__ import annotations

import enum
import hashlib
import re
from collections import Counter
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
    #: The state an error of this family gives the claim it is about (`inconsistent`, ...).
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
        source_gone: bool = False,
        strict: bool = False,
    ) -> Rule:
        """A rule of this family."""
        if not code.startswith(self.letter):
            raise ValueError(f"{code} is not of family {self.letter}")
        if isinstance(marks, _Default):  # the family's state, for its errors
            marks = self.marks if severity is Severity.ERROR else None
        return Rule(
            code,
            name,
            severity,
            summary,
            explanation,
            fix,
            family=self,
            marks=marks,
            source_gone=source_gone,
            strict=strict,
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
    #: The state a finding of this rule gives the claim it is about (`stale`, `invalid`...).
    marks: ClaimState | None = field(default=None, kw_only=True)
    #: A finding of this rule means the cited document is gone (a dead link, a soft 404).
    source_gone: bool = field(default=False, kw_only=True)
    #: A warning that `--strict` makes an error.
    strict: bool = field(default=False, kw_only=True)


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
        )

    def fingerprint(self) -> str:
        """Stable across edits that move lines: the rule, the claim or source, the field.

        Registry-wide findings (no claim or source) add their message. Baselines and SARIF
        use this, so a known finding stays known however the file around it changes.
        """
        key = f"{self.rule.code}|{self.claim or ''}|{self.source or ''}"
        for step in self.path:  # the keys of the path, not its list indices
            if step.__class__ is str:
                key += "|" + step
        if not self.claim and not self.source:
            key += "|" + self.message
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        if loc is None:
            return ("", 0, 0, self.rule.code, self.message)
        return (loc.file, loc.line, loc.column, self.rule.code, self.message)


class ClaimState(enum.StrEnum):
    """What an editor needs to know about one claim, most serious first."""

    INVALID = "invalid"
    RETRACTED = "retracted"
    DISPUTED = "disputed"
    INCONSISTENT = "inconsistent"
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

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.level is severity)

    @cached_property
    def _state_counts(self) -> Counter[ClaimState]:
        return Counter(state for claim in self.claims for state in claim.states)

    def count_state(self, state: ClaimState) -> int:
        return self._state_counts[state]

    def worst(self) -> Severity | None:
        return max((f.level for f in self.findings), default=None)
