"""T: statements that expire: statuses, dated phrases, review and access dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from claimcheck.checks.base import Check, CheckContext
from claimcheck.dates import Duration, PartialDate
from claimcheck.findings import ClaimState, Family, Finding, Severity
from claimcheck.model import Claim, Registry

#: Words that make a statement true only for a while ("pending", "so far").
DATED_PHRASES = (
    "so far",
    "to date",
    "currently",
    "current",
    "at present",
    "presently",
    "pending",
    "ongoing",
    "active",
    "underway",
    "under way",
    "expected",
    "in coming weeks",
    "in the coming weeks",
    "in coming months",
    "in the coming months",
    "coming weeks",
    "recently",
    "now",
    "latest",
    "yet to",
    "not yet",
    "upcoming",
    "this year",
    "next year",
)
# Matched on lower-cased text (IGNORECASE makes the alternation several times slower), and
# only where a phrase's first letter stands: most positions are rejected by one lookahead.
_FIRST_LETTERS = "".join(sorted({p[0] for p in DATED_PHRASES}))
_DATED = re.compile(
    rf"(?<![a-z])(?=[{_FIRST_LETTERS}])("
    + "|".join(re.escape(p) for p in sorted(DATED_PHRASES, key=len, reverse=True))
    + r")(?![a-z])"
)

FAMILY = Family("T", "time and staleness")

T001 = FAMILY.rule(
    "T001",
    "stale-status",
    Severity.WARNING,
    "A status or a dated phrase is older than `stale_after`.",
    'Statuses ("Active", "Announced") and phrases such as "so far", "pending", '
    '"currently" or "expected in coming weeks" are true only when written. A claim of '
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


def dated_phrase(claim: Claim) -> str | None:
    """The first phrase that makes this claim expire, or None.

    A quotation is not scanned: what someone said stays said ("the active silencing").
    """
    if claim.kind == "quote":
        return None
    # One search over text and mentions together: at 100,000 claims the calls add up.
    match = _DATED.search("\n".join((claim.text, *claim.mentions)).lower())
    return match.group(1) if match else None


def _expired(since: PartialDate, limit: Duration, today: date) -> bool:
    return today > limit.after(since.last)


def is_stale(claim: Claim, registry: Registry, today: date) -> bool:
    """Whether T001 or T002 would report this claim."""
    if claim.review_by is not None and today > claim.review_by.last:
        return True
    if claim.kind != "status" and not dated_phrase(claim):
        return False
    as_of = claim.as_of or (registry.page.as_of if registry.page else None)
    limit = claim.stale_after or registry.defaults.stale_limit
    return as_of is not None and _expired(as_of, limit, today)


def run(registry: Registry, ctx: CheckContext) -> Iterator[Finding]:
    """Stale statuses and phrases, overdue reviews, sources not re-read for too long."""
    page_as_of = registry.page.as_of if registry.page else None
    defaults = registry.defaults
    today = ctx.today
    for i, claim in enumerate(registry.claims):
        path = ("claims", i)
        phrase = dated_phrase(claim)
        if claim.kind == "status" or phrase:
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
                (*path, "review_by"),
                claim=claim.id,
            )
    for i, source in enumerate(registry.sources):
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
