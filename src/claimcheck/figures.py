"""A claim's figure as the interval it stands for, and which figures in text compare with it.

Shared by the consistency checks (mentions) and the source checks (figures in sources).
"""

from __future__ import annotations

import functools
from decimal import Decimal

from claimcheck.model import Claim
from claimcheck.quantity import Quantity, precision_of
from claimcheck.units import PERCENT, PERCENT_WORDS, POINTS, parse_unit


@functools.lru_cache(maxsize=256)
def unit_scale(unit: str | None) -> Decimal:
    """`GBP million` counts in millions; `deaths per million` counts deaths (a rate's
    denominator is no scale of its figure)."""
    if not unit:
        return Decimal(1)
    return parse_unit(unit).scale


def is_percent(unit: str | None) -> bool:
    """A percentage of any kind: a share, a change ("percent change"), "percent of the
    average" (compared with the "%" figures of mentions and sources)."""
    return bool(unit) and parse_unit(unit).dimension == PERCENT


def is_share(unit: str | None) -> bool:
    """A plain percentage, a share of a whole (0 to 100: C013): a unit of the words the
    registry's `unit` reads as a percentage (`units.PERCENT_WORDS`: "percent", "%", "per
    cent", "percentage", "pct"), in any case and spacing; "percent change" is not."""
    return unit is not None and " ".join(unit.lower().split()) in PERCENT_WORDS


def is_points(unit: str | None) -> bool:
    """Percentage points: a difference of percentages, not a percentage."""
    return bool(unit) and parse_unit(unit).dimension == POINTS


def claim_precision(claim: Claim, number: Decimal) -> Decimal:
    # Shares and their differences are rounded measurements, as are amounts in millions.
    rounded = is_percent(claim.unit) or is_points(claim.unit) or unit_scale(claim.unit) != 1
    return precision_of(number, approx=claim.qualifier == "approx", rounded=rounded)


def claim_bounds(claim: Claim) -> tuple[Decimal, Decimal] | None:
    """The claim's stated figure as the interval it stands for, in absolute units."""
    value = claim.value
    if value is None:
        return None
    low, high = (value, value) if isinstance(value, Decimal) else sorted(value)  # reversed: C009
    scale = unit_scale(claim.unit)
    return (low - claim_precision(claim, low)) * scale, (
        high + claim_precision(claim, high)
    ) * scale


def year_like(claim: Claim) -> bool:
    """The claim's value could be a year (then years in text compare with it)."""
    return claim.value is not None and all(
        1900 <= v <= 2100
        for v in (claim.value if isinstance(claim.value, tuple) else (claim.value,))
    )


def is_dated(q: Quantity) -> bool:
    return bool(q.date or q.period or q.is_year)


def comparable(claim: Claim, found: list[Quantity]) -> list[Quantity]:
    """The figures in `found` of the claim's kind: percentages with a percentage, years only
    with a year."""
    percent = is_percent(claim.unit)
    years = year_like(claim)
    return [q for q in found if (q.unit == "percent") == percent and (years or not is_dated(q))]


def gap(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> Decimal:
    return max(a[0] - b[1], b[0] - a[1], Decimal(0))
