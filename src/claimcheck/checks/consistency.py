"""C: do the page's figures agree with each other, and do its dates add up?"""

from __future__ import annotations

import bisect
import calendar
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from claimcheck import lexicon
from claimcheck.checks.base import Check, CheckContext
from claimcheck.checks.staleness import is_stale
from claimcheck.dates import MONTH_PATTERN, PartialDate, Period
from claimcheck.expression import (
    ExpressionError,
    Interval,
    Measure,
    Operand,
    Truth,
    evaluate,
    exact,
    names_in,
    written,
)
from claimcheck.figures import (
    claim_bounds,
    claim_precision,
    is_dated,
    is_share,
    year_like,
)
from claimcheck.findings import ClaimState, Family, Finding, Rule, Severity
from claimcheck.model import Claim, Constraint, Registry
from claimcheck.quantity import (
    LOWER,
    QUALIFIED_BEFORE,
    UPPER,
    Quantity,
    Span,
    directions_conflict,
    find_quantities,
    precision_of,
)
from claimcheck.registry_rules import R002, TOLERANCE_FORM
from claimcheck.sources.aspects import Aspects, figure_aspects
from claimcheck.sources.match import claim_aspects_of
from claimcheck.sources.measure import scopes
from claimcheck.units import (
    AREA,
    COUNT,
    CURRENCY_SIGNS,
    DURATION,
    ENERGY,
    LENGTH,
    LOOSE_POINTS,
    MASS,
    MONEY,
    PAGE_UNIT_NAMES,
    PAGE_UNIT_PATTERN,
    PERCENT,
    PERCENT_WORDS,
    POINTS,
    POWER,
    SIGN_CLASS,
    UNSTATED,
    VOLUME,
    Unit,
    compatible,
    convert,
    describe_figure,
    page_unit,
    parse_unit,
    unread_scale,
)

FAMILY = Family("C", "consistency", marks=ClaimState.INCONSISTENT)

C001 = FAMILY.rule(
    "C001",
    "mention-mismatch",
    Severity.ERROR,
    "A place where the page states a claim gives a different figure.",
    'Each of a claim\'s `mentions` is read for figures ("over 1,400", "£65m", '
    '"two-thirds", "78-79%"). A printed figure stands for every value it could have '
    'been rounded from ("1.3%" is 1.25-1.35; "about 40%" is 35-45), and the claim\'s '
    "value likewise. A mention none of whose figures can be the claim's value, in the "
    "claim's unit, is reported with both: the page says one thing in one place and another "
    "elsewhere, or the registry is out of date. So is a figure that fits but goes the other "
    'way ("rose 5.4%" for a claim that is a fall, by its `measure` or its own text), or is a '
    'rate of another base ("per 10,000" for a value per 100,000); a negative value\'s fall '
    'is its sign ("fell 1.7%" states -1.7). A mention that states no figure (wording '
    "only) is not this check's concern. For claims with a `date` or `period` and no value, "
    "the mention's dates are compared instead.",
    "Correct the page or the registry so that every mention states the claim's figure.",
    fingerprint_message=True,  # another wrong figure in the same mention is a new finding
)
C002 = FAMILY.rule(
    "C002",
    "qualifier-conflict",
    Severity.ERROR,
    "A mention bounds the figure in the opposite direction to the claim.",
    '"Up to 556 days" and "over 556 days" state the same number but say opposite things. '
    "The claim's `qualifier` (at_least/more_than vs at_most/less_than) and the mention's "
    "wording must point the same way. An error: at most one of the two can be true ("
    '"fewer than 600" and "more than 600" share no value).',
    "Make the mention's wording and the claim's `qualifier` agree.",
    fingerprint_message=True,
)
C003 = FAMILY.rule(
    "C003",
    "constraint-failed",
    Severity.ERROR,
    "A constraint between claims does not hold.",
    "A `constraints` entry states a relation the claims' values must satisfy (a part is no "
    "larger than its whole, a count of years matches a period). Each claim stands for every "
    "value its figure allows; the constraint fails only when it fails for all of them, so a "
    "rounding difference is never reported as an error.",
    "Correct the figures, or the constraint if the relation does not hold.",
)
C004 = FAMILY.rule(
    "C004",
    "constraint-undecided",
    Severity.NOTE,
    "A constraint holds for some of the values the claims allow and fails for others.",
    'The figures are too imprecise ("over 1,100", "about 700") to tell whether the '
    "relation holds. Nothing is wrong for certain, but the page's figures do not settle it.",
    "State the figures more precisely, or widen the constraint's `tolerance`.",
)
C005 = FAMILY.rule(
    "C005",
    "expression-error",
    Severity.ERROR,
    "A constraint or derived expression cannot be evaluated.",
    "The expression names an unknown claim or one without a value, is not valid syntax, "
    "uses an operation that is not allowed, divides by an interval that includes zero, or "
    "derived claims refer to each other in a cycle. Expressions may use claim ids, numbers, "
    "+ - * /, comparisons, and/or/not, and years(), low(), high(), abs(), min(), max(). "
    "Each claim a constraint that cannot be evaluated names is marked `inconsistent`, as "
    "for a failing one: a relation about it could not be checked.",
    "Correct the expression.",
)
C006 = FAMILY.rule(
    "C006",
    "derived-mismatch",
    Severity.ERROR,
    "A derived claim's stated value does not match what its inputs give.",
    "A claim with `derived: <expression>` must state a value the expression can give: its "
    "figure (with the rounding its digits imply; a whole number too, being worked out, not "
    'counted: "£1,172" for 1,172.16) must meet the computed interval.',
    "Recompute the figure, or correct the inputs.",
)
C007 = FAMILY.rule(
    "C007",
    "derived-input-doubtful",
    Severity.WARNING,
    "A derived claim rests on an input that is disputed, retracted or stale.",
    "If an input of a derived figure is disputed or retracted by its review, or has gone "
    "stale (T001/T002), the derived figure is doubtful for the same reason, even when the "
    "arithmetic still adds up.",
    "Re-check the input, then the derived figure.",
)
C008 = FAMILY.rule(
    "C008",
    "period-reversed",
    Severity.ERROR,
    "A period starts after it ends.",
    "A period is written start first. `period: 2013/1997` is almost always a typo for "
    "`1997/2013`, and every check that uses the period (durations, years()) would be wrong.",
    "Swap the ends of the period.",
)
C009 = FAMILY.rule(
    "C009",
    "range-reversed",
    Severity.ERROR,
    "A `[low, high]` value has its low end above its high end.",
    "A range value is written low end first, `[10, 17]`; reversed ends make every "
    "comparison with the range, in mentions and constraints, come out wrong.",
    "Swap the ends of the range.",
)
C010 = FAMILY.rule(
    "C010",
    "date-after-page",
    Severity.WARNING,
    "An event is dated after the page's `as_of` date.",
    "A page cannot report as past an event dated after the date it speaks for, nor an event "
    "whose whole `period` starts after it (a figure's period may look ahead: a projection or "
    "a target). Either the date is a typo, or the page's `as_of` is out of date.",
    "Correct the claim's `date` or `period`, or the page's `as_of`.",
)
C011 = FAMILY.rule(
    "C011",
    "duration-period-mismatch",
    Severity.ERROR,
    "A claim's duration disagrees with its own period.",
    "A claim whose value is a duration, in any unit, and which also gives a `period` must "
    "agree with it: its length as far as the period's dates go, from its ends' days apart to "
    'one more ("ran for 40 weeks, from 17 August 2024 to 24 May 2025"; two years is not '
    "2025-12-01/2026-01-31, nor 12 months 2022-01/2023-06). A named period or a single date "
    "is one whole span (2025-Q3 is 92 days: not one month; 2024 is one year, not 0); a "
    "period of whole years is counted in years, inclusively or not (16 or 17 for 1997/2013, "
    "as years() counts it). A duration its words make a measure taken in the period "
    '("79.0 years in 2021-23", a life expectancy; "the average wait", "per patient") is not '
    'compared; one they say is in the period ("lasted 1 year in 2024") must fit in it. A '
    "reversed period is C008's.",
    "Correct the value or the period.",
)
C012 = FAMILY.rule(
    "C012",
    "timeline-out-of-order",
    Severity.WARNING,
    "A timeline's dated entries are out of order.",
    "Claims tagged `timeline` that have a `date` are expected in chronological order, as "
    "the page's timeline presents them. An entry dated before the one above it is usually a "
    "wrong date.",
    "Correct the date, or move the claim to its place in the timeline.",
)
C013 = FAMILY.rule(
    "C013",
    "percent-out-of-range",
    Severity.ERROR,
    "A percentage is below 0 or above 100.",
    "A share of a whole (`percent`, `%`, `pct`) cannot be negative or more than 100%, as "
    'written or for every value its qualifier allows ("more than 100%"). (For a change, such '
    "as a rise of 150%, use a unit other than `percent`, e.g. `percent change`; a change "
    "cannot fall below -100%, a fall of more than all of it.)",
    "Correct the value or its unit.",
)

C014 = FAMILY.rule(
    "C014",
    "page-contradicts-itself",
    Severity.ERROR,
    "The page states two things that cannot both be true.",
    "A `constraints` entry with `contradicts: [a, b]` records a contradiction between the "
    "page's own statements that no value can show: \"no national database existed until late "
    '2025" beside the same database listed as a proposed reform. Recorded by a reviewer, it '
    "stays an error (and each claim it names `inconsistent`) until the page is corrected and "
    "the entry removed.",
    "Correct the page so that it says one thing, then remove the `contradicts` entry.",
)
C015 = FAMILY.rule(
    "C015",
    "text-value-mismatch",
    Severity.WARNING,
    "The claim's own `text` states a figure that is not its `value`.",
    "A claim's `text` is read as its mentions are (C001), for the figures of the value's "
    "kind: a percentage for a percentage, money for money, a count or a bare number for a "
    "count, each with the rounding its digits imply and its qualifier. When the text states "
    "figures of that kind and none of them can be the value, one of the two was edited "
    'without the other. A paraphrase may state several figures ("rose from 98,000 to '
    '102,878", "£3.9bn of £12bn"): one that fits is enough, and so is a share of a whole '
    'the text gives ("three quarters of the 400 schools" for 300). Figures of other kinds '
    '("up 5% on 2023" beside a count) and years and dates are not compared as figures, '
    "unless the value is a year; a text with no figure of the value's kind says nothing. Of "
    "the other kinds, only a percentage stated for percentage points (or the reverse) is "
    "reported. For a claim with a `date` or `period`, the text's dates to the month or day "
    'are compared too ("at the end of August 2025" for 2025-09-30), but for a time the '
    'figure is compared with ("up 5% on 2023"); a claim with no value has its years '
    "compared as well. "
    "A text that is one of the claim's mentions is left to C001. A warning, not an error: "
    "the registry's own words disagree, not the page.",
    "Correct the text or the value, whichever was not updated.",
)

RULES = (C001, C002, C003, C004, C005, C006, C007, C008, C009, C010, C011, C012, C013, C014, C015)


def claim_interval(claim: Claim, *, rounded: bool = False) -> Interval | None:
    """Every value the claim's stated figure allows, qualifier included; `rounded`: a whole
    number too stands for what rounds to it (a figure worked out, not counted). Worked out
    exactly, whatever its digits (not in the global context's 28)."""
    with exact():
        return _claim_interval(claim, rounded)


def _claim_interval(claim: Claim, rounded: bool) -> Interval | None:
    value = claim.value
    if value is None:
        return None
    low, high = (value, value) if isinstance(value, Decimal) else value
    if rounded:
        approx = claim.qualifier == "approx"
        interval = Interval(
            low - max(claim_precision(claim, low), precision_of(low, approx=approx, rounded=True)),
            high
            + max(claim_precision(claim, high), precision_of(high, approx=approx, rounded=True)),
        )
    else:
        interval = Interval(low - claim_precision(claim, low), high + claim_precision(claim, high))
    # A bound is the figure as written, not widened by its rounding: "more than 60,000" is
    # every number above 60,000 (and not 60,000), "at most £10m" every amount up to £10m.
    inf = Decimal("Infinity")
    if claim.qualifier in ("at_least", "more_than"):
        return Interval(low, inf, lo_open=claim.qualifier == "more_than", hi_open=True)
    if claim.qualifier in ("at_most", "less_than"):
        return Interval(-inf, high, lo_open=True, hi_open=claim.qualifier == "less_than")
    return interval


def operand(claim: Claim) -> Operand:
    """What a claim's name stands for in expressions."""
    ends = None
    if isinstance(claim.value, tuple):
        with exact():
            ends = tuple(
                Interval(v - claim_precision(claim, v), v + claim_precision(claim, v))
                for v in claim.value
            )
    period = claim.period
    if period is not None and period.start.first > period.end.last:
        return Operand(
            claim_interval(claim),
            ends,  # type: ignore[arg-type]
            None,
            measure_of(claim),
            no_years=f"the period of `{claim.id}`, {period}, starts after it ends (C008)",
        )
    return Operand(
        claim_interval(claim),
        ends,  # type: ignore[arg-type]
        _period_years(period) if period else None,
        measure_of(claim),
    )


def _period_years(period: Period) -> Interval:
    """`_years_of` the period, worked out once for each (registries repeat a few periods)."""
    return _years_of(period.start, period.end, period.months)


@functools.lru_cache(maxsize=4096)
def _years_of(start: PartialDate, end: PartialDate, months: int | None) -> Interval:
    """How many years a period lasts, by one rule with C011's: a named period or a single
    date exactly (2025-Q3 is 0.25, 2024/25 and 2024 are 1, a month 1/12); whole years
    counted either way (1997/2013 is 16 or 17, as 13-16 inclusive counting gives one more);
    one dated to the month or the day, every length its ends allow (a year is 365 or 366
    days): 2025-12-01/2026-01-31 is about 0.17 years, not 1."""
    period = Period(start, end, months)
    with exact():  # a quotient bounded outward: never fewer days than the period's
        months = period.whole_months
        if months is not None:
            return Interval.exact(Decimal(months)) / Interval.exact(Decimal(12))
        if period.whole_years:
            return Interval(Decimal(period.years), Decimal(period.years + 1))
        shortest, longest = period.days()
        return Interval(Decimal(shortest), Decimal(longest)) / Interval(Decimal(365), Decimal(366))


def measure_of(claim: Claim) -> Measure | None:
    """What the claim's value counts in, for expressions; None with no unit (a plain number).
    Counts of anything are one kind ("drivers > buses"); money is of its currency."""
    unit = parse_unit(claim.unit)
    if unit.dimension == UNSTATED:
        return None
    if unit.dimension == MONEY:
        return Measure(f"money:{unit.currency}" if unit.currency else "money", unit.scale)
    # A duration, length, volume, mass, area, power or energy is converted into another unit
    # of its dimension where the two meet (`expression._one_unit`): its kind is its
    # dimension, and it keeps its unit.
    converted = unit if unit.dimension in _CONVERTED else None
    return Measure(unit.dimension, unit.scale, converted)


#: The dimensions whose units convert into each other (a count, share or money has one).
_CONVERTED = frozenset({DURATION, LENGTH, VOLUME, MASS, AREA, POWER, ENERGY})


def run(registry: Registry, ctx: CheckContext) -> Iterator[Finding]:
    """Mentions against values, constraints, derived claims, dates and periods."""
    page_as_of = registry.page.as_of if registry.page else None
    plainly = _states_value_plainly
    for i, claim in ctx.claims(registry):
        if claim.unit is not None:
            unread = unread_scale(claim.unit)
            if unread is not None:
                # Read in ones, every figure it is compared with would be wrong by its scale.
                yield Finding(R002, unread, ("claims", i, "unit"), claim=claim.id)
                continue
        # Most claims have nothing to report: tested here, without a generator per claim.
        for mention in claim.mentions:
            if not plainly(claim, mention):
                yield from _mentions(claim, i)
                break
        period, value = claim.period, claim.value
        # The text, read as a mention (C015): unless it states no value or date to compare,
        # states the value plainly, or is one of the mentions (C001 reads it).
        if (value is not None or claim.date is not None or period is not None) and not (
            # The cheaper test first; a plain figure beside a month is read for it.
            _is_a_mention(claim)
            or (
                _plain_at(claim, claim.text)
                and not ((claim.date or period) and _MONTH_HINT.search(claim.text))
            )
        ):
            yield from _text(claim, i)
        if (
            (
                period is not None
                and (
                    _maybe_reversed(period)
                    # An event's period after the page's date (C010): years compared first.
                    or (
                        page_as_of is not None
                        and claim.kind == "event"
                        and min(period.start.year, period.end.year) >= page_as_of.year
                    )
                )
            )
            or (value is not None and (claim.unit or type(value) is not Decimal))
            or (claim.date is not None and page_as_of is not None)
        ):
            yield from _dates(claim, i, page_as_of)
    yield from _timeline(registry)
    yield from _constraints(registry)
    yield from _derived(registry, ctx)


# --- mentions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    quantity: Quantity
    reading: Span
    fits: bool
    distance: Decimal


_SCALE_WORDS = r"million|billion|trillion|thousand|bn\b|mn\b|tn\b|m\b|k\b"
_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|a\s+hundred|hundred)(?:[\s-]+[a-z]+)?"
)
_SCALED_AFTER = re.compile(
    rf"\s*(?:per\s?cent|{_SCALE_WORDS}|(?:{PAGE_UNIT_PATTERN})\b|and\s+a\s+(?:half|quarter)\b"
    # The first end of a range whose second carries the scale: "between 9 and 10 million",
    # "9 to ten million".
    rf"|(?:-|\u2013|to|or|and)\s*[{SIGN_CLASS}]?(?:\d[\d,.]*|{_NUMBER_WORDS})\s*"
    rf"(?:{_SCALE_WORDS}|per\s?cent|%))",
    re.IGNORECASE,
)
_NUMBER_CHARS = frozenset("0123456789,.")
_DIGIT_SPACE = re.compile(r"(?<=\d)[\u2009\u202f\u00a0](?=\d{3})")
_YEARS = re.compile(r"(?<![\d,.])(?:19|20)\d\d(?![\d,])")
#: A period a year's digits alone do not tell: "Q3 2025", "2025 H1", "FY24", "year to June".
_PERIOD_WORDS = re.compile(
    r"\b(?:FY|Q[1-4]|H[12])|\d(?:-?Q[1-4]|-?H[12])\b|\b(?:year|months)\s+(?:ending|ended|to)\b",
    re.IGNORECASE,
)


def _states_value_plainly(claim: Claim, mention: str) -> bool:
    """The mention has the claim's exact figure, unqualified, unscaled and with no unit word,
    and no year but the claim's own: nothing to check.

    At 100,000 claims, reading every mention in full is most of the check's time, and most
    mentions simply repeat the figure ("102,878 offences recorded").
    """
    return _plain_at(claim, mention) and (
        not (claim.date or claim.period) or _own_years_only(claim, mention)
    )


def _plain_at(claim: Claim, mention: str) -> bool:
    """The mention has the claim's exact figure, unqualified, unscaled and with no unit word
    (so it fits the value, whatever else the mention says)."""
    value = claim.value
    if claim.qualifier not in (None, "exact", "approx") or type(value) is not Decimal:
        return False
    needle = str(value)
    unit = claim.unit
    if not needle.isdigit():
        return False
    if unit:
        counted = parse_unit(unit)
        # A count in millions ("million people") is not stated by its bare number.
        if counted.dimension != COUNT or counted.scale != 1:
            return False
    # Thousands separators dropped, so "102,878" and "102878" are one search; a thin or
    # no-break space between digits is one too ("1 120": not the figure 120).
    text = mention.replace(",", "") if "," in mention else mention
    if not text.isascii() and _DIGIT_SPACE.search(text):
        text = _DIGIT_SPACE.sub("", text)
    at = text.find(needle)
    while at >= 0:
        end = at + len(needle)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if (
            before not in _NUMBER_CHARS
            and before not in CURRENCY_SIGNS  # a currency or a sign: read in full
            and before not in "-\u2212\u2013"
            and after not in _NUMBER_CHARS
            and not after.isalpha()
            and after not in "%+-/"
            and not _scaled_after(text, end)
            # Nothing before the figure qualifies it (every qualifier is a word or more).
            and not (at and QUALIFIED_BEFORE.search(text[max(0, at - 20) : at]))
        ):
            return True
        at = text.find(needle, at + 1)
    return False


def _ascii_starts(pattern: str) -> frozenset[str]:
    """The ASCII characters that can start a match of `pattern`, an alternation of escaped
    words (re.escape escapes no letter), matched ignoring case as the regex engine does."""
    alternatives = pattern.split("|")
    if not all(alternatives):  # an empty word would match anything: look at every match
        return frozenset(map(chr, range(128)))
    firsts = {alt[1] if alt.startswith("\\") else alt[0] for alt in alternatives}
    return frozenset(
        c
        for c in map(chr, range(128))
        if any(re.fullmatch(re.escape(f), c, re.IGNORECASE) for f in firsts)
    )


#: What a scale or unit word after a figure can start with (ASCII: any other character is
#: matched in full).
_SCALED_FIRST = _ascii_starts(
    "per|million|billion|trillion|thousand|bn|mn|tn|m|k|-|to|or|and|"
    + "|".join(map(re.escape, PAGE_UNIT_NAMES))
)


def _scaled_after(text: str, end: int) -> bool:
    """`_SCALED_AFTER.match(text, end)`, without the match where the next character after
    white space cannot start any of its words (most mentions: "102,878 offences")."""
    rest = text[end : end + 1]
    if rest.isspace():
        rest = text[end:].lstrip()[:1]
    if not rest or (rest.isascii() and rest not in _SCALED_FIRST):
        return False
    return _SCALED_AFTER.match(text, end) is not None


def _own_years_only(claim: Claim, mention: str) -> bool:
    """Every year the mention names is a year of the claim's date or period (one search).

    Cheap tests first: it runs for every dated claim, 100,000 times in a large registry.
    """
    if "/" in mention:
        return False
    found = _YEARS.findall(mention)
    if found:
        date, period = claim.date, claim.period
        last = _LAST_YEARS
        if last[0] is date and last[1] is period:  # the loader shares equal dates
            years = last[2]
        else:
            key = (
                date.year if date else None,
                period.start.year if period else None,
                period.end.year if period else None,
            )
            years = _OWN_YEARS.get(key)
            if years is None:
                own = {date.year} if date else set()
                if period:
                    own.update(range(period.start.year, period.end.year + 1))
                years = _OWN_YEARS[key] = frozenset(str(y) for y in own)
            last[:] = [date, period, years]
        if not years.issuperset(found):
            return False
    if not _PERIOD_HINTS.search(mention.lower()):
        return True
    return not _PERIOD_WORDS.search(mention)


#: The years of each (date, period) seen: registries repeat a handful of periods.
_OWN_YEARS: dict[tuple[int | None, int | None, int | None], frozenset[str]] = {}
#: The last (date, period, years) looked up, by identity: held here, so an id is never
#: reused for another object while it is compared.
_LAST_YEARS: list[Any] = [None, None, frozenset()]
#: What any match of _PERIOD_WORDS contains (lower case): most mentions have none of them,
#: and this plain search is cheaper than the full one.
_PERIOD_HINTS = re.compile("fy|q[1-4]|h[12]|year|month")


def _mentions(claim: Claim, i: int) -> Iterator[Finding]:
    if not claim.mentions:
        return
    bounds: tuple[Decimal, Decimal] | None = None
    unit: Unit | None = None
    for j, mention in enumerate(claim.mentions):
        if _states_value_plainly(claim, mention):
            continue
        bounds = bounds or claim_bounds(claim)
        found = find_quantities(mention)
        path = ("claims", i, "mentions", j)
        if bounds is None:
            yield from _mention_dates(claim, mention, found, path)
            continue
        unit = unit or parse_unit(claim.unit)
        years = year_like(claim)
        if years and _states_date(claim, found):
            continue
        candidates = [q for q in found if years or not is_dated(q)]
        fitting = [q for q in candidates if compatible(unit, page_unit(q.unit), q.currency)]
        if candidates and not fitting:
            q = candidates[0]
            yield Finding(
                C001,
                f"mention {j + 1} says {q.text!r}, "
                f"{describe_figure(page_unit(q.unit), q.currency)}; "
                f"the claim is {_describe(claim)}, {unit.describe()}",
                path,
                claim=claim.id,
            )
            continue
        if not years:
            yield from _mention_dates(claim, mention, found, path, with_value=True)
        if not fitting:
            continue  # wording only: the mention states no figure of this kind
        bounded = claim.qualifier in LOWER or claim.qualifier in UPPER
        turns = _Turns(mention, found)
        matches = sorted(
            (_match(q, unit, bounds, bounded, _falls(q, bounds, turns)) for q in fitting),
            key=lambda m: (not m.fits, m.distance),
        )
        best = matches[0]
        if not best.fits and not (
            # "A fifth of the 400 schools" for 80 (not a share of a share: C001 on 60% for
            # "three in four").
            _TWIN_DIMENSION.get(unit.dimension) is None and _share_of_whole(found, matches, bounds)
        ):
            yield Finding(
                C001,
                f"mention {j + 1} says {best.quantity.text!r} ({best.reading}"
                f"{_converted(best.quantity, unit)}); "
                f"the claim is {_describe(claim)} ({_span(bounds)})",
                path,
                claim=claim.id,
            )
        elif claim.qualifier and directions_conflict(best.quantity.qualifier, claim.qualifier):
            yield Finding(
                C002,
                f"mention {j + 1} says {best.quantity.text!r} ({best.quantity.qualifier}); "
                f"the claim is {claim.qualifier}",
                path,
                claim=claim.id,
            )
        elif best.fits:
            otherwise = _said_otherwise(claim, best.quantity, bounds, turns)
            if otherwise:
                yield Finding(
                    C001,
                    f"mention {j + 1} gives {best.quantity.text!r} {otherwise}",
                    path,
                    claim=claim.id,
                )


def _is_a_mention(claim: Claim) -> bool:
    """The claim's text is one of its mentions, but for a full stop."""
    text = claim.text.rstrip(". ")
    return any(mention.rstrip(". ") == text for mention in claim.mentions)


def _text(claim: Claim, i: int) -> Iterator[Finding]:
    """C015: the claim's `text` read as a mention is, for figures of the value's kind only.

    A text paraphrases the page, so it may give figures of other kinds ("up 5% on 2023"
    beside a count) and several of the value's kind ("rose from 98,000 to 102,878"): one
    that can be the value is enough.
    """
    found = find_quantities(claim.text)
    if not found:
        return
    path = ("claims", i, "text")
    if claim.value is None:
        yield from _mention_dates(claim, claim.text, found, path, rule=C015)
        return
    unit = parse_unit(claim.unit)
    years = year_like(claim)
    if not years and (claim.date is not None or claim.period is not None):
        # The text dates the figure to the month or day as a mention would ("waiting at the
        # end of August 2025" for a claim dated 2025-09-30): those dates are compared, as
        # C001 compares a mention's. A bare year or year pair is not: a paraphrase's years
        # are as often its context ("In 2023, ...") as the figure's time, and a wrong year
        # is not C015's (the labelled sets hold it so).
        yield from _mention_dates(
            claim, claim.text, found, path, with_value=True, rule=C015, to_the_month=True
        )
    # A value with no unit is a bare number: a share ("half of them") or an amount of money
    # in its text is not of its kind (the value may be the count the share gives).
    bare = unit.dimension == UNSTATED
    candidates = [
        q
        for q in found
        # Years and dates are not figures, unless the value could be a year: then only the
        # claim's own date or period is not ("2,013 offences in 2024" for a period of 2024).
        if not (is_dated(q) and (not years or _date_matches(claim, q) is True))
        and (
            (q.unit is None and q.currency is None)
            if bare
            else compatible(unit, page_unit(q.unit), q.currency)
        )
    ]
    twin = _TWIN_DIMENSION.get(unit.dimension)
    if not candidates and unit.currency is not None:
        # Money in another currency only: "£3.2bn" for a value in USD is no other kind of
        # figure the text may give beside the value, but the value in the wrong currency.
        other = next((q for q in found if q.currency not in (None, unit.currency)), None)
        if other is not None:
            yield Finding(
                C015,
                f"the text says {other.text!r}, {describe_figure(None, other.currency)}; "
                f"the value is {_describe(claim)}, {unit.describe()}",
                path,
                claim=claim.id,
            )
            return
    if not candidates and twin is None:
        return  # the text states no figure of the value's kind: it says nothing of it
    bounds = claim_bounds(claim)
    assert bounds is not None
    bounded = claim.qualifier in LOWER or claim.qualifier in UPPER
    turns = _Turns(claim.text, found)
    misses = []
    for q in candidates:
        match = _match(q, unit, bounds, bounded, _falls(q, bounds, turns))
        if match.fits:
            return
        misses.append(match)
    if misses and twin is None and _share_of_whole(found, misses, bounds):
        return
    if misses:
        said = " or ".join(
            f"{m.quantity.text!r} ({m.reading}{_converted(m.quantity, unit)})"
            for m in sorted(misses, key=lambda m: m.distance)[:3]
        )
        yield Finding(
            C015,
            f"the text says {said}; the value is {_describe(claim)} ({_span(bounds)})",
            path,
            claim=claim.id,
        )
        return
    # Nothing of the value's kind, but the value's number as a percentage for percentage
    # points (or the reverse) is the one confusion a text's other figures can show.
    for q in found:
        figure = page_unit(q.unit)
        if (
            figure is not None
            and figure.dimension == twin
            and figure.name != LOOSE_POINTS
            and _match(q, figure, bounds, bounded).fits
        ):
            yield Finding(
                C015,
                f"the text says {q.text!r} ({describe_figure(figure, None)}); "
                f"the value is {_describe(claim)}",
                path,
                claim=claim.id,
            )
            return


def _to_the_month(q: Quantity) -> bool:
    """A date or period named to the month or day ("August 2025", "Q3 2025"), not a year."""
    if q.date is not None:
        return q.date.month is not None
    return q.period is not None and not q.period.whole_years


#: A month's name or a quarter or half: a text that may date its figure more finely than
#: its years (read in full even when it states the value plainly).
_MONTH_HINT = re.compile(rf"\b(?:{MONTH_PATTERN}|Q[1-4]|H[12])\b", re.IGNORECASE)


def _share_of_whole(
    found: list[Quantity], wholes: list[_Match], bounds: tuple[Decimal, Decimal]
) -> bool:
    """The value is a share the text gives of a whole it gives: "half of the 385 cases" for
    192.5, "a third of its £12bn" for £4bn (every value the two figures allow, multiplied)."""
    for share in found:
        figure = page_unit(share.unit)
        if figure is None or figure.dimension != PERCENT:
            continue
        part = share.reading()
        for whole in wholes:
            ends = [
                a * b / 100
                for a in (part.low, part.high)
                for b in (whole.reading.low, whole.reading.high)
            ]
            if Span(min(ends), max(ends)).meets(bounds):
                return True
    return False


#: Percentages and percentage points: written alike, never one another (29.4% - 26.2% is
#: 3.2 points), and edited into one another by mistake.
_TWIN_DIMENSION = {PERCENT: POINTS, POINTS: PERCENT}


def _match(
    q: Quantity,
    unit: Unit,
    bounds: tuple[Decimal, Decimal],
    bounded: bool,
    negative: bool = False,
) -> _Match:
    """How a figure, its qualifier included, meets the claim's value; `negative`: the
    figure is read with a minus sign (a fall's "fell 1.7%" for a value of -1.7).

    A claim that is itself a bound (`more_than 90`) stands for more than its figure, so a
    mention's open end ("over 90") is not held against it; direction is C002's concern.
    """
    reading = _in_claim_unit(q, unit)
    if negative:
        reading = Span(-reading.high, -reading.low, reading.high_open, reading.low_open)
    if bounded:
        reading = Span(reading.low, reading.high)
    fits = reading.meets(bounds)
    if (
        fits
        and not bounded
        and q.qualifier == "exact"
        and not q.from_below
        and bounds[0] < bounds[1]
        and reading.low < reading.high
        and (reading.high == bounds[0] or reading.low == bounds[1])
    ):
        # Two roundings that only touch ("92%" against a claim of 93%: [91.5, 92.5] and
        # [92.5, 93.5]) share only the half-way value, which a writer rounds one way: one of
        # them is another figure.
        fits = False
    return _Match(q, reading, fits, reading.gap(bounds))


#: Words that may say which way a figure went, or be its rate's base ("per 10,000"): a
#: mention with none of them is not read for either (`_Turns`).
_TURN_WORDS = (
    lexicon.RISE
    | lexicon.FALL
    | lexicon.UP
    | lexicon.DOWN
    | lexicon.MORE
    | lexicon.LESS
    | {"lost", "loss", "per", "every"}
)
_WORD = re.compile(r"[A-Za-z]+")


class _Turns:
    """What the figures of a text say besides their number (`sources.aspects`): which way
    they went ("rose 5.4%", "a cut of £23.1m") and a rate's base ("per 10,000 people"),
    read only when the text has a word that may say either."""

    def __init__(self, text: str, found: list[Quantity]) -> None:
        self.text = text
        self.found = found
        self._aspects: dict[int, Aspects] | None = None
        self.hinted = any(w in _TURN_WORDS for w in _WORD.findall(text.lower()))

    def of(self, q: Quantity) -> Aspects | None:
        if not self.hinted:
            return None
        if self._aspects is None:
            ordered = sorted(self.found, key=lambda f: f.start)
            clauses = scopes(self.text, [(f.start, f.end, is_dated(f)) for f in ordered])
            times = [f for f in ordered if is_dated(f)]
            self._aspects = {
                f.start: figure_aspects(
                    self.text,
                    f,
                    (scope.own_start, scope.own_end),
                    (scope.sentence_start, scope.sentence_end),
                    times,
                )
                for f, scope in zip(ordered, clauses, strict=True)
            }
        return self._aspects.get(q.start)


def _falls(q: Quantity, bounds: tuple[Decimal, Decimal], turns: _Turns) -> bool:
    """A fall's figure for a negative value: "fell 1.7%" or "down 1.7%" for -1.7 (a
    negative change recorded as such) says the minus sign in words."""
    if bounds[1] >= 0 or q.low < 0 or q.qualifier not in ("exact", "approx"):
        return False
    aspects = turns.of(q)
    return aspects is not None and aspects.direction == -1


_CHANGE = {1: "a rise", -1: "a fall"}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _said_otherwise(
    claim: Claim, q: Quantity, bounds: tuple[Decimal, Decimal], turns: _Turns
) -> str | None:
    """What a figure that fits the claim's value says otherwise than the claim: the other
    direction ("rose 5.4%" for a claim that is a fall, by its `measure` or its own text), or
    a rate of another base ("per 10,000" for a value per 100,000). None when it says nothing
    of either, or the same."""
    said = turns.of(q)
    if said is None or not (said.direction or said.base):
        return None
    wanted = claim_aspects_of(claim)
    # A negative value's direction is its sign ("fell 1.7%" for -1.7 is read as -1.7).
    if (
        said.direction
        and wanted.direction
        and bounds[0] >= 0
        and said.direction != wanted.direction
    ):
        return (
            f"as {_CHANGE[said.direction]} ({said.direction_word!r}); the claim is "
            f"{_CHANGE[wanted.direction]} ({wanted.direction_word!r})"
        )
    # Bases compared by their number: a base's noun has synonyms ("per head", "per person",
    # "per resident"), its number none.
    if said.base and wanted.base:
        ours = _NUMBER.findall(wanted.base.replace(",", ""))
        theirs = _NUMBER.findall(said.base.replace(",", ""))
        if ours and theirs and [Decimal(n) for n in ours] != [Decimal(n) for n in theirs]:
            return f"per {said.base}; the claim is per {wanted.base}"
    return None


def _in_claim_unit(q: Quantity, unit: Unit) -> Span:
    """A figure's reading in the claim's unit: "12 months" is 1 year for a claim in years."""
    reading = q.reading()
    figure = page_unit(q.unit)
    if figure is None or figure.dimension != unit.dimension:
        return reading
    low, high = convert((reading.low, reading.high), figure, unit)
    return Span(low, high, reading.low_open, reading.high_open)


def _converted(q: Quantity, unit: Unit) -> str:
    figure = page_unit(q.unit)
    if figure is None or figure.name == unit.name or figure.dimension != unit.dimension:
        return ""
    return f" {unit.name}, converted from {figure.name}"


def _states_date(claim: Claim, found: list[Quantity]) -> bool:
    """The mention names the claim's date or period (a timeline label: "2012milestone")."""
    return any(_date_matches(claim, q) is True for q in found)


def _date_matches(claim: Claim, q: Quantity) -> bool | None:
    """True or False when `q` is a date that can be compared with the claim's; else None."""
    if claim.date is not None:
        if q.date is not None:
            return _same(claim.date, q.date)
        if q.is_year:
            return claim.date.year == int(q.low)
    if claim.period is not None:
        if q.period is not None:
            # Equal as far as both go: 2024/25 is the year ending March 2025; Q3 2025 is not
            # 2025-Q2.
            return _same(q.period.start, claim.period.start) and _same(
                q.period.end, claim.period.end
            )
        if q.is_year and claim.period.start == claim.period.end:
            return claim.period.start.year == int(q.low)
    return None


#: Before a date, what makes it the point the claim's date is told from, not the date itself:
#: "two years after 2012" (2014), "after the 2012 report" (later than 2012), "before 2015",
#: "two years on from the 2022 appointment", "18 months after the review of March 2012".
#: Up to three words may name the event between the relation and its date ("his", "the
#: review in"), none a figure, a date or punctuation.
_RELATION_BEFORE = re.compile(
    r"\b(?P<rel>after|since|following|later\s+than|on\s+from|before|until|prior\s+to"
    r"|earlier\s+than)\s+(?:[^\W\d_]+\s+){0,3}$",
    re.IGNORECASE,
)
#: Before a date, what makes it the time a figure is compared with: "up 5% on 2023",
#: "higher than in 2015", "compared with 2019", "against the 2020 level".
#: (The one list of `lexicon`: "since", "after", "before", "until" and "from" are read by
#: `_RELATION_BEFORE` here, which counts the claim's date from theirs.)
_COMPARED_WITH = lexicon.COMPARED_WITH
#: Words between a relation and its date that say when in the date, not what event: "until
#: late 2025" is no event told from 2025 (nor "before the end of 2024").
_WHEN_IN = frozenset(
    re.findall(
        r"\w+",
        """late early mid end start beginning middle close turn spring summer autumn fall
        winter first second last half quarter""",
    )
)
#: A count of decades before the relation ("a decade after", "two decades before"): the
#: figure reader reads years, months, weeks and days as durations, not decades.
_DECADES_BEFORE = re.compile(
    r"\b(?P<n>a|an|one|two|three|four|five|\d{1,2})\s+decades?\s+$", re.IGNORECASE
)
_SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
#: A duration's unit, in months or days, to move a date by it.
_MONTHS_IN = {"years": 12, "year": 12, "months": 1, "month": 1}
_DAYS_IN = {"weeks": 7, "week": 7, "days": 1, "day": 1}


def _related_date(
    claim: Claim, q: Quantity, text: str, found: list[Quantity] | None = None
) -> bool | None:
    """`_date_matches`, unless the date is the point the text tells the claim's date from:
    "N years after YEAR" is YEAR + N (a duration of months, weeks or days moves it as
    much), "after YEAR" any later time, "before YEAR" any earlier one ("two years after the
    2012 report" for a date in 2014 is no other date; "a decade after 2012" for 2023 is)."""
    compared = _COMPARED_WITH.search(text, max(0, q.start - 24), q.start)
    # "up 5% on 2023": the time compared with, not the claim's ("on 30 June 2025" is a day).
    if compared is not None and (q.date is None or compared.group().split()[0].lower() != "on"):
        return None
    if claim.date is None or not (q.is_year or q.date is not None):
        return _date_matches(claim, q)
    relation = _relation(q, text)
    if relation is None:
        return _date_matches(claim, q)
    told = q.date if q.date is not None else PartialDate(int(q.low))
    word = " ".join(relation.group("rel").lower().split())
    later = word in ("after", "since", "following", "later than", "on from")
    offset, _ = _offset_before(text, relation.start(), found or [])
    first, last = claim.date.first, claim.date.last
    if offset is not None:
        months, days = offset
        sign = 1 if later else -1
        start = _moved(told.first, sign * months, sign * days)
        end = _moved(told.last, sign * months, sign * days)
        if start is None or end is None:  # moved past the calendar: no claim's date is there
            return False
        return first <= end and start <= last
    if word == "since":  # "in post since 2014" includes 2014
        return last >= told.first
    return last > told.last if later else first < told.first


def _relation(q: Quantity, text: str) -> re.Match[str] | None:
    """The relation the date `q` is told from in `text` ("after", "on from"), if any."""
    relation = _RELATION_BEFORE.search(text, max(0, q.start - 60), q.start)
    if relation is None or _WHEN_IN.intersection(
        _WORD.findall(text[relation.end("rel") : q.start].lower())
    ):
        return None
    return relation


def _told(q: Quantity, text: str, found: list[Quantity]) -> str:
    """The words that give the date `q`, with what it is told from: "a decade after the
    2012" (or the date's own words)."""
    relation = _relation(q, text) if q.is_year or q.date is not None else None
    if relation is None:
        return q.text
    _, start = _offset_before(text, relation.start(), found)
    return " ".join(text[start : q.end].split())


def _offset_before(text: str, at: int, found: list[Quantity]) -> tuple[tuple[int, int] | None, int]:
    """The duration just before offset `at` ("two years", "18 months", "a decade"), in
    months and days (None when there is none), and where its words start (else `at`)."""
    decades = _DECADES_BEFORE.search(text, max(0, at - 20), at)
    if decades is not None:
        n = decades.group("n").lower()
        return (120 * (int(n) if n.isdigit() else _SMALL_NUMBERS[n]), 0), decades.start()
    for d in found:
        if d.end <= at and not text[d.end : at].strip() and d.unit and not d.is_range:
            unit = d.unit.lower()
            if unit in _MONTHS_IN:
                return (int(d.low * _MONTHS_IN[unit]), 0), d.start
            if unit in _DAYS_IN:
                return (0, int(d.low * _DAYS_IN[unit])), d.start
    return None, at


def _moved(day: date, months: int, days: int) -> date | None:
    """`day` moved by a number of months (to the same day, or the month's last) and days, or
    None when that is outside the calendar ("999999 weeks after 2012": it crashed the check,
    and "99999 years after 2012" was compared as 2012 itself)."""
    try:
        if months:
            year, month0 = divmod(day.month - 1 + months, 12)
            year += day.year
            if not 1 <= year <= 9999:
                return None
            day = day.replace(year=year, month=month0 + 1, day=1) + timedelta(
                days=min(day.day, calendar.monthrange(year, month0 + 1)[1]) - 1
            )
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _same(a: PartialDate, b: PartialDate) -> bool:
    """Equal as far as both go: 2025-12 matches 2025-12-09."""
    return (
        a.year == b.year
        and (a.month is None or b.month is None or a.month == b.month)
        and (a.day is None or b.day is None or a.day == b.day)
    )


def _mention_dates(
    claim: Claim,
    mention: str,
    found: list[Quantity],
    path: tuple[str | int, ...],
    *,
    with_value: bool = False,
    rule: Rule = C001,
    to_the_month: bool = False,
) -> Iterator[Finding]:
    """C001 when the mention dates the claim and none of its dates is the claim's (C015
    when the mention is the claim's own text); `to_the_month`: only its dates to the month
    or day are compared."""
    results = [
        (q, _related_date(claim, q, mention, found))
        for q in found
        if (not with_value or is_dated(q)) and (not to_the_month or _to_the_month(q))
    ]
    comparable = [(q, ok) for q, ok in results if ok is not None]
    if comparable and not any(ok for _, ok in comparable):
        q = comparable[0][0]
        when = claim.date if claim.date is not None else claim.period
        said = "the text" if rule is C015 else f"mention {path[-1] + 1}"  # type: ignore[operator]
        told = _told(q, mention, found)
        yield Finding(
            rule, f"{said} says {told!r}; the claim's date is {when}", path, claim=claim.id
        )


def _describe(claim: Claim) -> str:
    value = claim.value
    assert value is not None
    text = f"{value[0]}-{value[1]}" if isinstance(value, tuple) else f"{value:,}"
    if claim.unit:
        text += f" {claim.unit}"
    if claim.qualifier and claim.qualifier != "exact":
        text += f" ({claim.qualifier.replace('_', ' ')})"
    return text


def _span(bounds: tuple[Decimal, Decimal]) -> str:
    return str(Interval(*bounds))


# --- dates, periods and ranges -----------------------------------------------------------


def _maybe_reversed(period: Period) -> bool:
    """False when `period` certainly does not start after it ends (C008), from its years and
    months alone: two dates per claim are made only for a period within one year."""
    start, end = period.start, period.end
    if start.year != end.year:
        return start.year > end.year
    return start.month is not None and end.month is not None


def _dates(claim: Claim, i: int, page_as_of: PartialDate | None) -> Iterator[Finding]:
    path = ("claims", i)
    reversed_period = claim.period is not None and claim.period.start.first > claim.period.end.last
    if reversed_period:
        yield Finding(
            C008, f"period {claim.period} starts after it ends", (*path, "period"), claim=claim.id
        )
    value = claim.value
    if isinstance(value, tuple) and value[0] > value[1]:
        yield Finding(
            C009,
            f"range [{value[0]}, {value[1]}] has its low end above its high end",
            (*path, "value"),
            claim=claim.id,
        )
    if value is not None and claim.unit and _percent_kind(claim.unit) is not None:
        yield from _percent_range(claim, path)
    if claim.date is not None and page_as_of is not None and claim.date.first > page_as_of.last:
        yield Finding(
            C010,
            f"dated {claim.date}, after the page's as_of {page_as_of}",
            (*path, "date"),
            claim=claim.id,
        )
    elif (
        claim.kind == "event"
        and claim.period is not None
        and page_as_of is not None
        and min(claim.period.start.first, claim.period.end.first) > page_as_of.last
    ):
        # An event whose whole period is after the page's date, as one dated there: a figure's
        # period may look ahead (a projection, a target), an event's cannot have happened.
        yield Finding(
            C010,
            f"its period {claim.period} starts after the page's as_of {page_as_of}",
            (*path, "period"),
            claim=claim.id,
        )
    if claim.period is None or not isinstance(value, Decimal) or reversed_period:
        return  # a reversed period has no length to compare (C008 says so)
    if not claim.unit or not _is_duration(claim.unit):
        return
    unit = parse_unit(claim.unit)
    how = _how_measured(claim)
    if how is _MEASURE:
        return
    period = claim.period
    if how is _WITHIN:
        # "lasted 1 year in 2024", "lost their supply for 9.2 minutes over the year": a
        # duration in the period, no longer than it.
        yield from _span_in_days(claim, period, path, within=True)
        return
    in_years = unit.calendar and unit.factor[0] % 12 == 0
    if in_years and period.whole_years and period.whole_months is None:
        # Years (or decades) of a period of whole years, not one year nor a year pair:
        # counted either way, as years() counts them (1997 to 2013 is 16 or 17 years).
        yield from _whole_years(claim, unit, period, path)
        return
    # Any other duration and period (to the month or day, named, one year): its real length
    # (a pilot from 2025-12-01 to 2026-01-31 did not last two years, though its ends are a
    # year apart; a survey in 2024-Q3 did not run for one month).
    yield from _span_in_days(claim, period, path)


def _whole_years(
    claim: Claim, unit: Unit, period: Period, path: tuple[str | int, ...]
) -> Iterator[Finding]:
    years = period.years
    interval = claim_interval(claim)
    assert interval is not None
    per_year = unit.factor[0] / 12  # years in one of the claim's unit (10 for decades)
    if not any(interval.lo * per_year <= n <= interval.hi * per_year for n in (years, years + 1)):
        yield Finding(
            C011,
            f"{_describe(claim)}, but the period {period} is {years} years "
            f"({years + 1} counted inclusively)",
            (*path, "value"),
            claim=claim.id,
        )


_DAYS = parse_unit("days")
#: A percentage change's units: a fall of more than 100% leaves less than nothing.
_CHANGE_UNITS = frozenset(
    f"{percent} change" for percent in ("percent", "%", "per cent", "percentage", "pct")
)
_BOUNDS = frozenset({"at_least", "more_than", "at_most", "less_than"})


def _percent_range(claim: Claim, path: tuple[str | int, ...]) -> Iterator[Finding]:
    """C013: a share (`percent`, `%`, `pct`) below 0 or above 100, and a percentage change
    below -100, as written or for every value its qualifier allows ("more than 100%")."""
    share = _percent_kind(claim.unit or "") == "share"
    lowest = Decimal(0) if share else Decimal(-100)
    value = claim.value
    assert value is not None
    if claim.qualifier in _BOUNDS:
        # A bound is impossible when no value it allows is a share ("more than 100%").
        interval = claim_interval(claim)
        assert interval is not None
        (lo, lo_out), (hi, hi_out) = interval._ends()
        wrong = hi < lowest or (hi == lowest and hi_out)
        wrong = wrong or (share and (lo > 100 or (lo == 100 and lo_out)))
    else:
        wrong = any(v < lowest or (share and v > 100) for v in _ends_of(value))
    if wrong:
        said = "is not between 0 and 100" if share else "is a fall of more than all of it"
        yield Finding(C013, f"{_describe(claim)} {said}", (*path, "value"), claim=claim.id)


@functools.lru_cache(maxsize=4096)
def _percent_kind(unit: str) -> str | None:
    """ "share" for a unit of a plain percentage, "change" for a percentage change, else
    None (a registry repeats its few units: each is read once)."""
    written = " ".join(unit.lower().split())
    if is_share(unit) or written in PERCENT_WORDS:
        return "share"
    return "change" if written in _CHANGE_UNITS else None


@functools.lru_cache(maxsize=4096)
def _is_duration(unit: str) -> bool:
    return parse_unit(unit).dimension == DURATION


def _ends_of(value: Decimal | tuple[Decimal, Decimal]) -> tuple[Decimal, ...]:
    return value if isinstance(value, tuple) else (value,)


def _span_in_days(
    claim: Claim, period: Period, path: tuple[str | int, ...], *, within: bool = False
) -> Iterator[Finding]:
    """C011 when a stated span cannot be the length of the period as far as its dates go:
    2023-11/2024-02 lasted 2 to 4 months, whatever "two years" says (a period of whole years
    is compared in years, above); `within`: when a duration in the period cannot fit in it."""
    interval = _duration_interval(claim)
    shortest, longest = period.days()
    low, high = convert((interval.lo, interval.hi), parse_unit(claim.unit), _DAYS)
    if (high < shortest and not within) or low > longest:
        lasts = f"{shortest:,}" if shortest == longest else f"{shortest:,} to {longest:,}"
        in_years = longest >= 730
        ends = [
            f"{Decimal(n) / Decimal('365.25' if in_years else '30.44'):.1f}"
            for n in (shortest, longest)
        ]
        about = ends[0] if ends[0] == ends[1] else f"{ends[0]} to {ends[1]}"
        about += " years" if in_years else " months"
        longer = ": no duration in it lasts longer" if within else ""
        yield Finding(
            C011,
            f"{_describe(claim)}, but the period {period} lasts {lasts} days (about "
            f"{about}){longer}",
            (*path, "value"),
            claim=claim.id,
        )


def _duration_interval(claim: Claim) -> Interval:
    """Every length a stated duration allows: a length is a measurement, so a whole number
    stands for what rounds to it ("40 weeks" is 39.5 to 40.5 weeks, "two years" 1.5 to 2.5),
    unlike a count."""
    value = claim.value
    assert isinstance(value, Decimal)
    half = precision_of(value, approx=claim.qualifier == "approx", rounded=True)
    low, high = value - half, value + half
    inf = Decimal("Infinity")
    if claim.qualifier in ("at_least", "more_than"):
        high = inf
    elif claim.qualifier in ("at_most", "less_than"):
        low = -inf
    return Interval(low, high)


#: A duration at a time, not spanning its ends: "79.0 years in 2021-23", "9.2 minutes over
#: the year", "18 weeks in March 2024", "lasted 1 year in 2024"; not a time told by its ends
#: ("ran for 3 years in 2010 to 2020": the period's ends, which it spans).
_AT_A_TIME = re.compile(
    r"\b(?:years?|months?|weeks?|fortnights?|days?|hours?|minutes?|seconds?|decades?)"
    r"\s+(?:in|during|over|across|throughout)\s+(?:the\s+)?(?:(?:19|20)\d\d(?:[-/\u2013]\d\d)?"
    rf"|FY|Q[1-4]|H[12]|(?:{MONTH_PATTERN})|(?:financial|fiscal|calendar)\s+year|year|quarter"
    r"|month|week|period)\b(?!\s*(?:to|until|till|through|and)\b)",
    re.IGNORECASE,
)
#: Words that make a duration a measure taken in a period, not its length: "the average
#: supply interruption was 9.2 minutes", "the longest wait lasted six months", "waited 18
#: weeks", "3 hours per patient".
_MEASURED = re.compile(
    r"\b(?:average[ds]?|mean|median|typical(?:ly)?|longest|shortest|maximum|minimum|per|each"
    r"|every|wait|waits|waited|waiting)\b",
    re.IGNORECASE,
)
#: Words that make a duration a span: "ran for 4 years", "over 16 years", "lasted three years".
_SPAN_WORDS = re.compile(
    r"\b(?:for|over|across|spanning|span|lasted|lasting|lasts|ran|run|runs|took|spent|within)"
    r"\b(?:\s+\S+){0,3}?\s+(?:years?|months?|weeks?|days?|decades?|fortnights?|hours?"
    r"|minutes?|seconds?)\b",
    re.IGNORECASE,
)


#: How a duration's words relate it to its claim's period (`_how_measured`).
_MEASURE, _WITHIN, _SPAN = "a measure taken in it", "a duration within it", "its length"


def _how_measured(claim: Claim) -> str:
    """What the claim's words say its duration is of its period, in any unit: a measure
    taken in it, not compared ("79.0 years in 2021-23", a life expectancy; "9.2 minutes in
    2024/25"; "the average interruption", "the longest wait", "per patient"); a duration
    in it, which fits in it ("lasted 1 year in 2024", "for 9.2 minutes over the year", "for
    16 years in the period 2003 to 2013"); else its length ("ran for 3 years, during 2010 to
    2020", "lasted 3 weeks")."""
    words = (claim.text, *claim.mentions)
    if any(_MEASURED.search(w) for w in words):
        return _MEASURE
    if any(_AT_A_TIME.search(w) for w in words):
        return _WITHIN if any(_SPAN_WORDS.search(w) for w in words) else _MEASURE
    return _SPAN


def _timeline(registry: Registry) -> Iterator[Finding]:
    """Entries outside the longest chronological run: the fewest that explain the disorder."""
    entries = [
        (i, claim)
        for i, claim in enumerate(registry.claims)
        if "timeline" in claim.tags and claim.date is not None
    ]
    keys = [claim.date.first for _, claim in entries if claim.date is not None]
    in_order = _longest_sorted_run(keys)
    for position, (i, claim) in enumerate(entries):
        if position in in_order:
            continue
        before = next((entries[p][1] for p in range(position - 1, -1, -1) if p in in_order), None)
        after = next(
            (entries[p][1] for p in range(position + 1, len(entries)) if p in in_order), None
        )
        if before is not None and after is not None:
            where = f"between `{before.id}` ({before.date}) and `{after.id}` ({after.date})"
        elif after is not None:
            where = f"before `{after.id}` ({after.date})"
        else:
            where = f"after `{before.id}` ({before.date})" if before is not None else ""
        yield Finding(
            C012,
            f"dated {claim.date}, out of chronological order: placed {where}",
            ("claims", i, "date"),
            claim=claim.id,
        )


def _longest_sorted_run(keys: list[date]) -> set[int]:
    """Positions of a longest non-decreasing subsequence (patience sorting)."""
    tails: list[date] = []
    tail_at: list[int] = []
    parent = [-1] * len(keys)
    for position, key in enumerate(keys):
        slot = bisect.bisect_right(tails, key)
        if slot == len(tails):
            tails.append(key)
            tail_at.append(position)
        else:
            tails[slot] = key
            tail_at[slot] = position
        parent[position] = tail_at[slot - 1] if slot else -1
    result: set[int] = set()
    at = tail_at[-1] if tail_at else -1
    while at >= 0:
        result.add(at)
        at = parent[at]
    return result


# --- constraints and derived claims ------------------------------------------------------


class _Operands(Mapping[str, Operand]):
    """Claims as operands, each worked out when an expression first names it."""

    def __init__(self, registry: Registry) -> None:
        self._claims = {claim.id: claim for claim in registry.claims}
        self._done: dict[str, Operand] = {}

    def __getitem__(self, name: str) -> Operand:
        if name not in self._done:
            self._done[name] = operand(self._claims[name])
        return self._done[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._claims)

    def __len__(self) -> int:
        return len(self._claims)

    def __contains__(self, name: object) -> bool:
        return name in self._claims


def _operands(registry: Registry) -> _Operands:
    return _Operands(registry)


def _constraints(registry: Registry) -> Iterator[Finding]:
    if not registry.constraints:
        return
    operands = _operands(registry)
    for i, constraint in enumerate(registry.constraints):
        if constraint.contradicts or constraint.expr is None:
            yield from _contradiction(constraint, i, operands)
            continue
        if constraint.tolerance < 0:
            # The loader reads any number; one below 0 is no tolerance (it is the registry's
            # error, at the field, and the relation is not checked with it).
            yield Finding(
                R002,
                f"{TOLERANCE_FORM}; got {constraint.tolerance}",
                ("constraints", i, "tolerance"),
                hint="write the widest difference the relation allows, e.g. tolerance: 0.5",
            )
            continue
        path = ("constraints", i, "expr")
        # A relation that cannot be checked leaves each claim it names not known to be
        # consistent: they are marked, as a failing one marks them (C003).
        try:
            result = evaluate(constraint.expr, operands, constraint.tolerance)
        except ExpressionError as exc:
            named = _named(constraint.expr, operands)
            yield Finding(C005, f"constraint `{constraint.id}`: {exc}", path, related=named)
            continue
        if result is Truth.TRUE:
            continue
        named = _named(constraint.expr, operands)
        if not isinstance(result, Truth):
            yield Finding(
                C005,
                f"constraint `{constraint.id}` is a number ({result}), not a comparison",
                path,
                related=named,
            )
            continue
        units = {c.id: c.unit for c in registry.claims if c.unit}
        values = _values(constraint.expr, operands, units)
        why = f": {constraint.message}" if constraint.message else ""
        related = named
        if result is Truth.FALSE:
            yield Finding(
                C003,
                f"constraint `{constraint.id}` fails: {written(constraint.expr)} "
                f"with {values}{why}",
                path,
                related=related,
            )
        else:
            yield Finding(
                C004,
                f"constraint `{constraint.id}` cannot be decided: {written(constraint.expr)} "
                f"with {values}{why}",
                path,
                related=related,
            )


def _named(expr: str, operands: Mapping[str, Operand]) -> tuple[str, ...]:
    """The claims an expression names, each once, in order (unknown names left out)."""
    return tuple(name for name in dict.fromkeys(names_in(expr)) if name in operands)


def _contradiction(
    constraint: Constraint, i: int, claims: Mapping[str, Operand]
) -> Iterator[Finding]:
    """A recorded contradiction: C014 on the claims it names; C005 when it cannot be one."""
    path: tuple[str | int, ...] = ("constraints", i)
    if constraint.expr is not None:  # both: which is meant?
        yield Finding(
            C005,
            f"constraint `{constraint.id}` has both `expr` and `contradicts`: give one",
            (*path, "contradicts"),
        )
        return
    named = list(dict.fromkeys(constraint.contradicts))
    unknown = [name for name in named if name not in claims]
    if len(named) < 2 or unknown:
        why = (
            f"names no claim `{'`, `'.join(unknown)}`"
            if unknown
            else "needs an `expr`, or `contradicts` with at least two claims"
        )
        yield Finding(C005, f"constraint `{constraint.id}` {why}", path)
        return
    why = f": {constraint.message}" if constraint.message else ""
    yield Finding(
        C014,
        f"constraint `{constraint.id}`: the page says both `{'` and `'.join(named)}`{why}",
        (*path, "contradicts"),
        claim=named[0],
        related=tuple(named[1:]),
    )


def _values(expr: str, operands: Mapping[str, Operand], units: Mapping[str, str]) -> str:
    shown = []
    for name in dict.fromkeys(names_in(expr)):
        operand = operands.get(name)
        if operand is not None and operand.value is not None:
            unit = units.get(name)
            shown.append(f"{name} = {operand.value}" + (f" {unit}" if unit else ""))
        elif operand is not None and operand.years is not None:
            shown.append(f"years({name}) = {operand.years}")
    return ", ".join(shown) or "no claim values"


def _derived(registry: Registry, ctx: CheckContext) -> Iterator[Finding]:
    derived = {c.id: c for c in registry.claims if c.derived}
    if not derived:
        return
    operands = _operands(registry)
    claims = {c.id: c for c in registry.claims}
    for i, claim in enumerate(registry.claims):
        if not claim.derived:
            continue
        path = ("claims", i, "derived")
        cycle = _cycle(claim.id, derived)
        if cycle:
            yield Finding(
                C005, "derived claims form a cycle: " + " -> ".join(cycle), path, claim=claim.id
            )
            continue
        try:
            computed = evaluate(claim.derived, operands, target=measure_of(claim))
        except ExpressionError as exc:
            yield Finding(C005, f"derived: {exc}", path, claim=claim.id)
            continue
        if isinstance(computed, Truth):
            yield Finding(
                C005, "derived: the expression is a comparison, not a number", path, claim=claim.id
            )
            continue
        # What an expression gives is rarely whole: the figure written for it is rounded,
        # to its last digit ("£1,172 per resident" for £412.6m / 352,000 = 1,172.16).
        stated = claim_interval(claim, rounded=True)
        if stated is None:
            yield Finding(
                C005, "derived: the claim states no value to compare with", path, claim=claim.id
            )
            continue
        if stated.lo > computed.hi or computed.lo > stated.hi:
            yield Finding(
                C006,
                f"states {_describe(claim)}; {written(claim.derived)} gives {computed}",
                (*path[:2], "value"),
                claim=claim.id,
            )
        for name in dict.fromkeys(names_in(claim.derived)):
            source = claims.get(name)
            if source is None:
                continue
            doubt = source.status if source.status in ("disputed", "retracted") else None
            if doubt is None and is_stale(source, registry, ctx.today, ctx.statuses, ctx.page):
                doubt = "stale"
            if doubt:
                yield Finding(C007, f"input `{name}` is {doubt}", path, claim=claim.id)


def _cycle(start: str, derived: dict[str, Claim]) -> list[str]:
    """The cycle through `start` in the derived-from graph, if any."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, trail = stack.pop()
        claim = derived.get(node)
        if claim is None or claim.derived is None:
            continue
        for name in names_in(claim.derived):
            if name == start:
                return [*trail, name]
            if name not in seen:
                seen.add(name)
                stack.append((name, [*trail, name]))
    return []


CHECK = Check("consistency", RULES, run)
