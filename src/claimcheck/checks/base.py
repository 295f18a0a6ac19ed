"""What a check is, and what it is given to run."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from claimcheck.inputs import INPUTS, LINKS, PAGE, SNAPSHOTS
from claimcheck.statuses import DEFAULT_VOCABULARY, StatusVocabulary
from claimcheck.suggest import did_you_mean

# Types only: a check module is imported by commands that never read a page (start-up counts).
if TYPE_CHECKING:
    from claimcheck.findings import CitationSupport, Finding, Rule
    from claimcheck.links.model import LinkRun
    from claimcheck.model import Claim, Registry, Source
    from claimcheck.page import PageText
    from claimcheck.sources.scholarly import Retractions
    from claimcheck.sources.snapshot import Snapshot

__all__ = ["INPUTS", "LINKS", "PAGE", "SNAPSHOTS", "Check", "CheckContext"]


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may depend on besides the registry; nothing global."""

    today: date
    #: Ids of claims and sources that failed validation and were left out of the registry.
    invalid_ids: frozenset[str] = field(default_factory=frozenset)
    #: The mentions of the claims left out as invalid (`LoadedRegistry.dropped_claims`): their
    #: figures are registered, by an entry whose R error the report already gives.
    invalid_mentions: tuple[str, ...] = ()
    #: The registry paths of values the loader could not read and left out (R002, e.g.
    #: `("claims", 3, "as_of")`): a check says "could not be read", not "has none".
    unreadable: frozenset[tuple[str | int, ...]] = field(default_factory=frozenset)
    #: Results of checking the sources' URLs, or None when links were not checked.
    links: LinkRun | None = None
    #: Report blocked, rate-limited, timed-out and failed links as errors.
    strict_links: bool = False
    #: The published page, for the coverage checks, or None.
    page: PageText | None = None
    #: The sources' snapshots by source id (`claimcheck snapshot`), or None when not in use.
    snapshots: dict[str, Snapshot] | None = None
    #: The dated phrases and status words of the staleness checks (config `[staleness]`).
    statuses: StatusVocabulary = DEFAULT_VOCABULARY
    #: The Retraction Watch data the user named (`retractions`), or None.
    retractions: Retractions | None = None
    #: The ids of the claims and sources whose own rules run (`--changed-only`), or None
    #: for all. Relations (constraints, derived claims, the page's coverage, timelines) always
    #: run whole: a changed claim can break one that reaches unchanged claims.
    scope: frozenset[str] | None = None
    #: Counts a check reports besides its findings (e.g. "coverage"); filled in while running.
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Each claim's citations' support verdicts, filled in by the Q check (by claim id).
    support: dict[str, tuple[CitationSupport, ...]] = field(default_factory=dict)

    def claims(self, registry: Registry) -> Iterable[tuple[int, Claim]]:
        """The registry's claims in scope, with their indices (the findings' paths)."""
        return _scoped(registry.claims, self.scope)

    def sources(self, registry: Registry) -> Iterable[tuple[int, Source]]:
        """The registry's sources in scope, with their indices."""
        return _scoped(registry.sources, self.scope)

    def suggest(self, word: str, choices: Collection[str]) -> str | None:
        """A "did you mean" hint for a misspelt name."""
        return did_you_mean(word, choices)


_Entry = TypeVar("_Entry", "Claim", "Source")


def _scoped(
    entries: Sequence[_Entry], scope: frozenset[str] | None
) -> Iterable[tuple[int, _Entry]]:
    if scope is None:
        return enumerate(entries)
    return [(i, entry) for i, entry in enumerate(entries) if entry.id in scope]


@dataclass(frozen=True)
class Check:
    """A family of rules, the one function that applies them, and what it needs gathered."""

    name: str
    rules: tuple[Rule, ...]
    run: Callable[[Registry, CheckContext], Iterable[Finding]]
    needs: frozenset[str] = frozenset()
    #: What it reads when the run may gather it, and runs without (the page's own date).
    wants: frozenset[str] = frozenset()
