"""T: statements that expire: statuses, dated phrases, review and access dates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from claimcheck.checks.base import PAGE, Check, CheckContext
from claimcheck.dates import Duration, PartialDate, ReadDay
from claimcheck.findings import ClaimState, Family, Finding, Location, Severity
from claimcheck.model import Claim, Registry, Source
from claimcheck.statuses import DEFAULT_VOCABULARY, StatusReader, StatusVocabulary

# Types only: a check module is imported by commands that never read a page (start-up counts).
if TYPE_CHECKING:
    from claimcheck.model import Defaults
    from claimcheck.page import PageText
    from claimcheck.pagemeta import OwnDate

FAMILY = Family("T", "time and staleness", marks=ClaimState.STALE)

T001 = FAMILY.rule(
    "T001",
    "stale-status",
    Severity.WARNING,
    "A status or a dated phrase is older than `stale_after`, or the date it looks to has passed.",
    'Statuses ("is active", "status: announced") and phrases such as "so far", "pending", '
    '"currently" or "expected in coming weeks" are true only when written. Phrases count '
    'wherever they stand; status words only as a present predicate ("remains open", "is '
    'temporarily closed") or a label ("(active)", "status: closed"), so "economically active '
    "population\" is not one. Both lists are set in the config's `[staleness]` table. The "
    'grammar of the moment of writing counts too: the present progressive ("is being '
    'drafted", "is awaiting approval"), time counted from now ("today", "next month", "two '
    'years ago"), the future with a time ("will close at the end of 2026") and a present '
    'level ("is at 3.2%"). A claim of kind `status`, or whose text or mentions use such a '
    "phrase, is stale once its date is older than its `stale_after` (or else "
    "`defaults.stale_after`, 180 days unless set). Its date is the earliest of its own "
    "`as_of`, the page's `as_of` and the date the page states for itself (\"Last updated: "
    '14 February 2025", `article:modified_time`), leaving out any after today (T005): where '
    "they disagree (T006, T007) the earlier is the one the statement is known true at, and a "
    "stale statement passed as fresh is the error nobody sees. The date used is the last day "
    "it allows, so `2025-12` counts from 31 December 2025. A statement about the future with "
    'a date ("will close at the end of 2026", "runs until 30 June 2026") is stale once that '
    'date has passed, however recent its `as_of`; a time without its year ("next month", '
    '"in February") is read from the claim\'s date.',
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
    "none either, so claimcheck cannot tell whether it is stale. An `as_of` written in a form "
    "not read (an R002) counts as none, and the message says it could not be read.",
    "Add `as_of:` with the date the statement was true.",
)

T005 = FAMILY.rule(
    "T005",
    "as-of-in-future",
    Severity.ERROR,
    "An `as_of` date (the claim's, the page's, or the one the page states) is after today.",
    "`as_of` is the date a statement was last known true, and no one has checked anything on "
    "a day still to come: `2052-01-10` is a typo (for 2025?). A status dated in the future "
    "would never go stale, so its age cannot be judged; T001 counts from the other dates "
    "where there are some (the page's for a claim), and from none where there are not. "
    '"Today" is the run\'s (`--today`); a date that includes it (`2026` in 2026) is not after it.',
    "Correct the date: the day the statement was last checked.",
)
T006 = FAMILY.rule(
    "T006",
    "as-of-after-page",
    Severity.WARNING,
    "A claim's `as_of` is after the page's date.",
    "The page's date (its `as_of`, or the date it states for itself) is when it was last "
    "brought up to date, so a claim on it cannot have been checked later without the page "
    "being updated too: either the claim's `as_of` is a typo, or the page's date is out of "
    "date. Until they agree T001 counts from the earlier, the page's.",
    "Correct the claim's `as_of`, or bring the page's date (`page.as_of`, its \"Last updated\" "
    "line) up to the day it was last checked.",
)
T007 = FAMILY.rule(
    "T007",
    "page-date-disagrees",
    Severity.WARNING,
    "The date the page states for itself disagrees with the registry's `page.as_of`.",
    'The page says when it was last updated ("Last updated: 14 February 2025", "Published '
    "3 March 2025 Last updated 9 May 2025\", HTML's `article:modified_time`; the latest "
    "such date counts), and the registry's `page.as_of` says another day with no day in "
    "common. One of them is wrong, and a status judged from the later one could pass as "
    "fresh when it is not, so T001 counts from the earlier, with the page's words in its "
    'message. Only what the page says of itself counts: a "Released" line or a `<time>` of '
    "an event in its body does not.",
    'Set `page.as_of` to the day the page was last checked and its "Last updated" line to '
    "match (or correct the one that is a typo).",
    unmarked="the page's date is no claim's",
)

T008 = FAMILY.rule(
    "T008",
    "checked-in-future",
    Severity.ERROR,
    "A review's `on` or a source's `accessed` date is after today.",
    "`on` is the day a reviewer reached the claim's verdict and `accessed` the day someone "
    "last read the source; neither can be a day still to come: `2052-03-02` is a typo (for "
    "2025?). The check it dates is not known to have been made, so the claim (every claim "
    "citing the source) is `unverified` until the date is corrected: `export` would publish "
    "the review with that `datePublished`, and a source read in the future is never older "
    'than `access_stale_after` (T003). "Today" is the run\'s (`--today`); a date that '
    "includes it (`2026` in 2026) is not after it.",
    "Correct the date: the day the review was made, or the source last read.",
    marks=ClaimState.UNVERIFIED,
)

T009 = FAMILY.rule(
    "T009",
    "page-date-unread",
    Severity.WARNING,
    "The page states its date in a form that is not read.",
    'A line such as "Last updated: 2/3/24", "Updated: spring 2024" or "Last updated 2 March" '
    "says when the page was last brought up to date, but not in a form claimcheck reads as a "
    "day, month or year (a two-digit year, a season without its year, a day without its "
    "year). The page's own date then counts for nothing: T001 judges its statuses from the "
    "other dates the record gives (none, T004, where there is none), and T007 cannot compare "
    "it with `page.as_of`, so a stale status could pass as fresh.",
    "Write the date in full (2024-03-02, 2 March 2024, Q1 2024), or set `page.as_of` to the "
    "day the page was last checked.",
    unmarked="the page's date is no claim's",
)

RULES = (T001, T002, T003, T004, T005, T006, T007, T008, T009)


def dated_phrase(claim: Claim, vocabulary: StatusVocabulary = DEFAULT_VOCABULARY) -> str | None:
    """The first status or dated phrase that makes this claim expire, or None.

    A quotation is not scanned: what someone said stays said ("the active silencing").
    """
    return _dated_phrase(claim, vocabulary.finder())


def _dated_phrase(claim: Claim, find: Callable[[str], str | None]) -> str | None:
    if claim.kind == "quote":
        return None
    # One search over text and mentions together: at 100,000 claims the calls add up.
    return find(_words(claim))


def _words(claim: Claim) -> str:
    return "\n".join((claim.text, *claim.mentions))


def _expired(since: PartialDate, limit: Duration, today: date) -> bool:
    return today > limit.after(since.last)


def _future(when: PartialDate | None, today: date) -> bool:
    return when is not None and when.first > today


def _earliest(*dates: PartialDate | None) -> PartialDate | None:
    return min((d for d in dates if d is not None), key=lambda d: (d.last, d.first), default=None)


def _disjoint(a: PartialDate, b: PartialDate) -> bool:
    return a.last < b.first or b.last < a.first


@dataclass(frozen=True)
class _PageDate:
    """The date a claim without its own `as_of` is known true at, and how to name it."""

    date: PartialDate
    origin: str


def _own_date(page: PageText | None, today: date) -> OwnDate | None:
    """The date the page states for itself, as read for `today`: a date that reads two ways
    (02/03/2024) is read as the later, but where only the earlier is not after today, the
    earlier (a page cannot have been updated on a day still to come, and reading it so would
    be a false T005 and leave the statuses without the page's date)."""
    own = page.own_date if page is not None else None
    if own is None or not _future(own.date, today):
        return own
    earlier = [d for d in own.others if not _future(d, today)]
    if not earlier:
        return own
    chosen = max(earlier, key=lambda d: (d.last, d.first))
    # The reader's note names the later reading as the one taken: this one is not.
    written = own.text.rsplit(" [", 1)[0] if own.text.endswith("]") else own.text
    return replace(
        own,
        date=chosen,
        text=f"{written} [read as {chosen}: the other reading, {own.date}, is after today]",
        others=(),
    )


def _page_date(registry: Registry, page: PageText | None, today: date) -> _PageDate | None:
    """The earlier of the registry's `page.as_of` and the date the page states for itself,
    each left out when after today."""
    as_of = registry.page.as_of if registry.page else None
    as_of = None if _future(as_of, today) else as_of
    own = _own_date(page, today)
    own = None if own is None or _future(own.date, today) else own
    if own is not None and (as_of is None or own.date.last < as_of.first):
        return _PageDate(own.date, f"the page's own date: \u201c{own.text}\u201d")
    return _PageDate(as_of, "the page's") if as_of is not None else None


def is_stale(
    claim: Claim,
    registry: Registry,
    today: date,
    vocabulary: StatusVocabulary = DEFAULT_VOCABULARY,
    page: PageText | None = None,
) -> bool:
    """Whether T001 or T002 would report this claim (`page`: the page read, for its own date)."""
    if claim.review_by is not None and today > claim.review_by.last:
        return True
    page_date = _page_date(registry, page, today)
    own = None if _future(claim.as_of, today) else claim.as_of
    since = _earliest(own, page_date.date if page_date else None)
    read = vocabulary.reader()
    phrase, ends = (None, None) if claim.kind == "quote" else read(_words(claim), since)
    if claim.kind != "status" and not phrase:
        return False
    if ends is not None and today > ends.last:
        return True
    limit = claim.stale_after or registry.defaults.stale_limit
    return since is not None and _expired(since, limit, today)


def _page_findings(registry: Registry, page: PageText | None, today: date) -> Iterator[Finding]:
    """T005 for a page date after today, T007 for the page's own date against `page.as_of`,
    T009 for each line stating the page's date in a form not read."""
    as_of = registry.page.as_of if registry.page else None
    own = _own_date(page, today)
    for unread in page.unread_dates if page is not None else ():
        assert page is not None  # for mypy: there are unread dates only on a page
        line, column = page.position(unread.offset)
        yield Finding(
            T009,
            f"the page states \u201c{unread.text}\u201d, a date in no form claimcheck reads: "
            "its statuses are judged without it",
            location=Location(page.path, line, column),
        )
    if as_of is not None and _future(as_of, today):
        yield Finding(
            T005,
            f"the page's as_of {as_of} is after today ({today.isoformat()}): its claims' age "
            "cannot be told from it",
            ("page", "as_of"),
        )
        as_of = None
    if own is not None and page is not None and _future(own.date, today):
        line, column = page.position(own.offset)
        yield Finding(
            T005,
            f"the page states \u201c{own.text}\u201d, after today ({today.isoformat()})",
            location=Location(page.path, line, column),
        )
        own = None
    if as_of is not None and own is not None and page is not None and _disjoint(as_of, own.date):
        line, _ = page.position(own.offset)
        earlier = "the page's own date" if own.date.last < as_of.first else "`page.as_of`"
        yield Finding(
            T007,
            f"the page states \u201c{own.text}\u201d ({page.path}:{line}), but `page.as_of` is "
            f"{as_of}: statuses count from the earlier, {earlier}",
            ("page", "as_of"),
        )


def run(registry: Registry, ctx: CheckContext) -> Iterator[Finding]:
    """Stale statuses and phrases, overdue reviews, sources not re-read for too long, dates
    after today or after the page's."""
    today = ctx.today
    page_date = _page_date(registry, ctx.page, today)
    page_dated: bool | None = bool(registry.page and registry.page.as_of) or bool(
        ctx.page and ctx.page.own_date
    )
    # An `as_of` written but not read (R002) is not one never given: T004 says which.
    unreadable = ctx.unreadable
    if not page_dated and ("page", "as_of") in unreadable:
        page_dated = None
    yield from _page_findings(registry, ctx.page, today)
    read = ctx.statuses.reader()
    for i, claim in ctx.claims(registry):
        unread = bool(unreadable) and ("claims", i, "as_of") in unreadable
        found = _claim_findings(claim, i, registry, read, page_date, (page_dated, unread), today)
        yield from _entry(found, ("claims", i), "claim", claim.id)
    for i, source in ctx.sources(registry):
        found = _source_findings(source, i, registry.defaults, today)
        yield from _entry(found, ("sources", i), "source", source.id)


def _entry(
    found: Iterator[Finding], path: tuple[str, int], what: str, ident: str
) -> Iterator[Finding]:
    """One entry's findings; a fault on it (a bug, or a value no rule foresaw) is an X001 on
    that entry, and the check goes on with the next: one entry's data must not take away
    every other entry's findings, and leave their states `ok` unchecked."""
    try:
        yield from found
    except Exception as exc:
        # Imported here, not per entry: an import statement run 100,000 times costs 0.1 s.
        from claimcheck.checks import X001

        yield Finding(
            X001,
            f"check `staleness` crashed on {what} `{ident}`: {exc!r}; its other findings of "
            "the T rules are missing (the other entries were checked)",
            path,
            claim=ident if what == "claim" else None,
            source=ident if what == "source" else None,
        )


def _claim_findings(
    claim: Claim,
    i: int,
    registry: Registry,
    read: StatusReader,
    page_date: _PageDate | None,
    dated: tuple[bool | None, bool],
    today: date,
) -> Iterator[Finding]:
    """T001, T002, T004, T005, T006 and T008 of one claim; `dated`: whether the page gives a
    date (None: its `as_of` could not be read), and whether the claim's `as_of` could not be
    read."""
    path = ("claims", i)
    as_of = claim.as_of
    if as_of is not None and _future(as_of, today):
        yield Finding(
            T005,
            f"claim's as_of {as_of} is after today ({today.isoformat()})",
            (*path, "as_of"),
            claim=claim.id,
        )
        as_of = None
    elif as_of is not None and page_date is not None and as_of.first > page_date.date.last:
        yield Finding(
            T006,
            f"claim's as_of {as_of} is after {page_date.origin} date {page_date.date}",
            (*path, "as_of"),
            claim=claim.id,
        )
    # A time without its year ("next month", "in February") is read from the claim's date,
    # the one T001 counts from: worked out only for a text with a status in it (at 100,000
    # claims, working it out for every claim would cost more than the rest of the check).
    page_known = page_date.date if page_date else None

    def written() -> PartialDate | None:
        return _earliest(as_of, page_known)

    words = "" if claim.kind == "quote" else _words(claim)
    phrase, ends = read(words, written) if words else (None, None)
    if claim.kind == "status" or phrase:
        page_dated, unread = dated
        undated = None
        if claim.as_of is None and not page_dated:
            # Written but unreadable is not absent: the R002 beside it says what is wrong.
            undated = "but its `as_of` could not be read (R002)" if unread else "but has no `as_of`"
            if page_dated is None:
                undated += ", and the page's could not be read (R002)"
        # Whether the time's end was read from the claim's date ("next month"), to say so:
        # read again without it only for an end that has passed, which is rare.
        from_date = ends is not None and today > ends.last and read(words)[1] != ends
        defaults = registry.defaults
        yield from _stale(
            claim, path, phrase, (ends, from_date), as_of, page_date, undated, defaults, today
        )
    if claim.review_by is not None and today > claim.review_by.last:
        yield Finding(
            T002,
            f"review was due by {claim.review_by} ({(today - claim.review_by.last).days} days ago)",
            (*path, "review_by"),
            claim=claim.id,
        )
    reviewed = claim.review.on if claim.review is not None else None
    if _future(reviewed, today):
        yield Finding(
            T008,
            f"the review is dated {reviewed}, after today ({today.isoformat()}): no review "
            "was made on a day still to come",
            (*path, "review", "on"),
            claim=claim.id,
        )


def _source_findings(source: Source, i: int, defaults: Defaults, today: date) -> Iterator[Finding]:
    """T003 and T008 of one source."""
    accessed = source.accessed
    if accessed is None:
        return
    if _future(accessed, today):
        yield Finding(
            T008,
            f"source `{source.id}` accessed {accessed}, after today ({today.isoformat()}): "
            "no one has read it on a day still to come, so when it was last read is not known",
            ("sources", i, "accessed"),
            source=source.id,
        )
    elif _expired(accessed, defaults.access_limit, today):
        yield Finding(
            T003,
            f"source `{source.id}` last accessed {accessed} "
            f"({(today - accessed.last).days} days ago, over {defaults.access_limit})",
            ("sources", i, "accessed"),
            source=source.id,
        )


def _stale(
    claim: Claim,
    path: tuple[str, int],
    phrase: str | None,
    end: tuple[PartialDate | None, bool],
    as_of: PartialDate | None,
    page_date: _PageDate | None,
    undated: str | None,
    defaults: Defaults,
    today: date,
) -> Iterator[Finding]:
    """T001 or T004 for a claim that expires: `as_of` is its own date (None when absent or
    after today), `end` the date a statement about the future in it looks to and whether it
    was read from the claim's date (a time without its year), `undated` why neither the
    claim nor the page gives any date, or None where one does (one after today is reported
    by T005 instead)."""
    why = f"says \u201c{phrase}\u201d" if phrase else "is a status"
    limit = claim.stale_after or defaults.stale_limit
    since = _earliest(as_of, page_date.date if page_date else None)
    own = since is as_of
    origin = "" if own else f" ({page_date.origin})" if page_date else ""
    ends, from_date = end
    if since is not None and _expired(since, limit, today):
        days = (today - since.last).days
        yield Finding(
            T001,
            f"claim {why}, as of {since}{origin}: {days} days old, over the {limit} limit",
            (*path, "as_of") if own else path,
            claim=claim.id,
        )
    elif ends is not None and today > ends.last:
        # A time without its year was read from the date: the message says which.
        written = f", as of {since}{origin}" if from_date and since is not None else ""
        # A day that reads two ways (02/03/2025): the message says how it was read.
        doubt = f" [{ends.note}]" if isinstance(ends, ReadDay) else ""
        yield Finding(
            T001,
            f"claim {why}{written}: {ends} has passed ({(today - ends.last).days} days ago){doubt}",
            path,
            claim=claim.id,
            hint="write the date with its year first (2025-03-02) or its month in words to say "
            "which day is meant"
            if doubt
            else None,
        )
    elif undated is not None:
        hint = (
            "write the date as the R002 says (2025-03-02, 2025-03 or 2025)"
            if "could not be read" in undated
            else None
        )
        yield Finding(T004, f"claim {why} {undated}", path, claim=claim.id, hint=hint)


CHECK = Check("staleness", RULES, run, wants=frozenset({PAGE}))
