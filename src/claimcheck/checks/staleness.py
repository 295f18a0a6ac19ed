"""T: statements that expire: statuses, dated phrases, review and access dates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from claimcheck.checks.base import Check, CheckContext
from claimcheck.dates import Duration, PartialDate
from claimcheck.findings import ClaimState, Family, Finding, Severity
from claimcheck.model import Claim, Registry
from claimcheck.statuses import DEFAULT_VOCABULARY, StatusVocabulary

FAMILY = Family("T", "time and staleness", marks=ClaimState.STALE)

T001 = FAMILY.rule(
    "T001",
    "stale-status",
    Severity.WARNING,
    "A status or a dated phrase is older than `stale_after`.",
    'Statuses ("is active", "status: announced") and phrases such as "so far", "pending", '
    '"currently" or "expected in coming weeks" are true only when written. Phrases count '
    'wherever they stand; status words only as a present predicate ("remains open") or a '
    'label ("(active)", "status: closed"), so "economically active population" is not one. '
    "Both lists are set in the config's `[staleness]` table. A claim of "
    "kind `status`, or whose text or mentions use such a phrase, is stale once its "
    "`as_of` date (or else the page's `as_of`) is older than its `stale_after` (or else "
    "`defaults.stale_after`, 180 days unless set). The date used is the last day `as_of` "
    "allows, so `2025-12` counts from 31 December 2025.",
    "Re-check the statement, update the page and the claim's `as_of`.",
    marks=ClaimState.STALE,
)
T002 = FAMILY.rule(
    "T002",
    "review-overdue",
    Severity.WARNING,
    "A claim's `review_by` date has passed.",
    "`review_by` is the date by which the claim must be looked at again (a promised "
    "report, a deadline, an inquiry's next stage). Once it has passed, the claim may "
    "no longer be true.",
    "Review the claim, then set a new `review_by` (or remove it).",
    marks=ClaimState.STALE,
)
T003 = FAMILY.rule(
    "T003",
    "source-access-stale",
    Severity.NOTE,
    "A source was last accessed longer ago than `access_stale_after`.",
    "A source's `accessed` date is when someone last checked that it supports the "
    "claims citing it (Wikipedia's access-date). Web pages change; after "
    "`defaults.access_stale_after` (1 year unless set) it should be checked again.",
    "Re-read the source, then update `accessed`.",
)
T004 = FAMILY.rule(
    "T004",
    "undated-status",
    Severity.NOTE,
    "A status or dated phrase has no `as_of`, so its age cannot be told.",
    "A claim that would expire (see T001) has no `as_of`, and the registry's `page` has "
    "none either, so claimcheck cannot tell whether it is stale.",
    "Add `as_of:` with the date the statement was true.",
)

RULES = (T001, T002, T003, T004)


def dated_phrase(claim: Claim, vocabulary: StatusVocabulary = DEFAULT_VOCABULARY) -> str | None:
    """The first status or dated phrase that makes this claim expire, or None.

    A quotation is not scanned: what someone said stays said ("the active silencing").
    """
    return _dated_phrase(claim, vocabulary.finder())


def _dated_phrase(claim: Claim, find: Callable[[str], str | None]) -> str | None:
    if claim.kind == "quote":
        return None
    # One search over text and mentions together: at 100,000 claims the calls add up.
    return find("\n".join((claim.text, *claim.mentions)))


def _expired(since: PartialDate, limit: Duration, today: date) -> bool:
    return today > limit.after(since.last)


def is_stale(
    claim: Claim,
    registry: Registry,
    today: date,
    vocabulary: StatusVocabulary = DEFAULT_VOCABULARY,
) -> bool:
    """Whether T001 or T002 would report this claim."""
    if claim.review_by is not None and today > claim.review_by.last:
        return True
    if claim.kind != "status" and not dated_phrase(claim, vocabulary):
        return False
    as_of = claim.as_of or (registry.page.as_of if registry.page else None)
    limit = claim.stale_after or registry.defaults.stale_limit
    return as_of is not None and _expired(as_of, limit, today)


def run(registry: Registry, ctx: CheckContext) -> Iterator[Finding]:
    """Stale statuses and phrases, overdue reviews, sources not re-read for too long."""
    page_as_of = registry.page.as_of if registry.page else None
    defaults = registry.defaults
    today = ctx.today
    find = ctx.statuses.finder()
    for i, claim in ctx.claims(registry):
        phrase = _dated_phrase(claim, find)
        if claim.kind == "status" or phrase:
            path = ("claims", i)
            why = f"says \u201c{phrase}\u201d" if phrase else "is a status"
            as_of = claim.as_of or page_as_of
            limit = claim.stale_after or defaults.stale_limit
            if as_of is None:
                yield Finding(T004, f"claim {why} but has no `as_of`", path, claim=claim.id)
            elif _expired(as_of, limit, today):
                days = (today - as_of.last).days
                origin = "" if claim.as_of else " (the page's)"
                yield Finding(
                    T001,
                    f"claim {why}, as of {as_of}{origin}: {days} days old, over the {limit} limit",
                    (*path, "as_of") if claim.as_of else path,
                    claim=claim.id,
                )
        if claim.review_by is not None and today > claim.review_by.last:
            yield Finding(
                T002,
                f"review was due by {claim.review_by} ({(today - claim.review_by.last).days} "
                "days ago)",
                ("claims", i, "review_by"),
                claim=claim.id,
            )
    for i, source in ctx.sources(registry):
        accessed = source.accessed
        if accessed is not None and _expired(accessed, defaults.access_limit, today):
            yield Finding(
                T003,
                f"source `{source.id}` last accessed {accessed} "
                f"({(today - accessed.last).days} days ago, over {defaults.access_limit})",
                ("sources", i, "accessed"),
                source=source.id,
            )


CHECK = Check("staleness", RULES, run)
