"""Units and dimensions (issue 16, item 3): the table, conversion and compatibility."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.units import (
    COUNT,
    DURATION,
    MONEY,
    PERCENT,
    POINTS,
    UNSTATED,
    VOLUME,
    compatible,
    convert,
    page_unit,
    parse_unit,
)


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("percent", PERCENT),
        ("percentage points", POINTS),
        ("pp", POINTS),
        ("% points", POINTS),
        ("basis points", POINTS),
        ("points", COUNT),  # of a score as often as of a share
        ("GBP million", MONEY),
        ("years of age", DURATION),
        ("megalitres a day", VOLUME),
        ("litres per property per day", VOLUME),
        ("cubic metres", VOLUME),
        ("people", COUNT),
        ("contacts per 1,000 people", COUNT),
        (None, UNSTATED),
    ],
)
def test_registry_units_have_dimensions(text: str | None, dimension: str) -> None:
    assert parse_unit(text).dimension == dimension


def test_money_keeps_currency_and_scale() -> None:
    unit = parse_unit("GBP million")
    assert (unit.currency, unit.scale) == ("GBP", Decimal(10**6))


def _convert(value: int, source: str, target: str) -> tuple[Decimal, Decimal]:
    unit = page_unit(source)
    assert unit is not None
    return convert((Decimal(value), Decimal(value)), unit, parse_unit(target))


def test_calendar_units_convert_exactly_and_months_to_days_as_an_interval() -> None:
    assert _convert(12, "months", "years") == (Decimal(1), Decimal(1))
    lo, hi = _convert(6, "months", "weeks")
    assert lo <= 26 <= hi
    lo, hi = _convert(2, "hours", "minutes")
    assert round(lo, 6) == round(hi, 6) == 120


def test_bare_numbers_state_counts_not_percentages_or_money() -> None:
    assert compatible(parse_unit("people"), None)
    assert compatible(parse_unit("years of age"), None)
    assert not compatible(parse_unit("percent"), None)
    assert not compatible(parse_unit("GBP"), None)
    assert not compatible(parse_unit("people"), None, "GBP")
    assert not compatible(parse_unit("GBP"), None, "USD")
    assert not compatible(parse_unit("people"), page_unit("%"))
    assert compatible(parse_unit(None), page_unit("days"))  # no unit: nothing to compare


def test_percentage_points_are_not_percent() -> None:
    """29.4% against 26.2% is a rise of 3.2 points: the page's classic confusion is C001."""
    points, percent = parse_unit("percentage points"), parse_unit("percent")
    assert compatible(points, page_unit("percentage points"))
    assert compatible(points, page_unit("pp"))
    assert compatible(points, page_unit("points"))
    assert compatible(points, None)  # "rose by 3.2": the sentence may name its unit
    assert not compatible(points, page_unit("%"))
    assert not compatible(percent, page_unit("percentage points"))
    assert not compatible(percent, page_unit("points"))
    assert compatible(parse_unit("points"), page_unit("points"))  # a score
    assert _convert(25, "basis points", "percentage points") == (Decimal("0.25"),) * 2


def test_import_is_cheap() -> None:
    """The table is plain data: no unit library is imported."""
    import sys

    import claimcheck.units  # noqa: F401

    assert "pint" not in sys.modules


def test_a_rate_s_denominator_is_no_scale() -> None:
    """`deaths per million` counts deaths (93.2 of them per million people), not millions of
    deaths: read as a scale, "93.2 deaths per million" on the page was a false C001."""
    from claimcheck.figures import unit_scale

    assert unit_scale("deaths per million") == 1 and unit_scale("per million") == 1
    assert unit_scale("GBP million") == 10**6 and unit_scale("million people") == 10**6


@pytest.mark.parametrize(
    ("unit", "scale", "currency"),
    [
        # Units the loader took and read with no scale: "£61.6bn" for `value: 61.6, unit: GBP
        # bn` was a false C015 (and C001), "61.6 GBP bn ([61.55, 61.65])".
        ("GBP bn", 10**9, "GBP"),
        ("GBP millions", 10**6, "GBP"),
        ("millions of passengers", 10**6, None),
        ("USD trillion", 10**12, "USD"),
        ("USD trillions", 10**12, "USD"),
        ("GBP mn", 10**6, "GBP"),
        ("thousands of people", 10**3, None),
        ("passengers (millions)", 10**6, None),
        ("billions of litres", 10**9, None),
        # A letter is a scale beside a currency only.
        ("GBP m", 10**6, "GBP"),
        ("£m", 10**6, "GBP"),
        ("£k", 10**3, "GBP"),
        ("USD tn", 10**12, "USD"),
        ("m", 1, None),
        ("k", 1, None),
        ("tn", 1, None),
        # A rate's denominator is no scale.
        ("GBP per million people", 1, "GBP"),
        ("passengers per thousand people", 1, None),
    ],
)
def test_registry_units_in_short_and_plural_scales(
    unit: str, scale: int, currency: str | None
) -> None:
    from claimcheck.figures import unit_scale

    parsed = parse_unit(unit)
    assert (parsed.scale, parsed.currency) == (Decimal(scale), currency)
    assert unit_scale(unit) == scale


def test_m_beside_a_currency_is_millions_and_alone_is_metres_or_a_count() -> None:
    assert parse_unit("GBP m").dimension == MONEY
    assert parse_unit("m").scale == 1 and parse_unit("m").dimension == COUNT


@pytest.mark.parametrize(
    ("value", "unit", "read"),
    [
        ("£61.6bn", "GBP bn", "61.6"),
        ("£61.6 billion", "GBP bn", "61.6"),
        ("£65m", "GBP m", "65"),
        ("£65m", "GBP millions", "65"),
        ("1.7 million", "millions of passengers", "1.7"),
        ("$1.2bn", "USD billions", "1.2"),
    ],
)
def test_the_value_reading_agrees_with_the_unit_s_scale(value: str, unit: str, read: str) -> None:
    """A value written with its scale is accepted in a unit of that scale, and the claim then
    stands for what the figure rounds from, in absolute units."""
    import msgspec

    from claimcheck import loader
    from claimcheck.figures import claim_bounds
    from claimcheck.model import Claim
    from claimcheck.values import read_value

    assert read_value(value, unit) == (Decimal(read), unit)
    claim = msgspec.convert(
        {"id": "c", "text": "t", "kind": "figure", "value": read, "unit": unit},
        Claim,
        dec_hook=loader._dec_hook,
    )
    bounds = claim_bounds(claim)
    assert bounds is not None
    scale = parse_unit(unit).scale
    assert bounds[0] < Decimal(read) * scale < bounds[1]


def test_a_value_in_another_scale_is_refused_with_the_unit_s_figure() -> None:
    from claimcheck.values import ValueFormError, read_value

    with pytest.raises(ValueFormError, match=r"write: value: 0\.0616"):
        read_value("£61.6m", "GBP bn")


@given(
    names=st.lists(st.text(alphabet="abcmt °-", min_size=1, max_size=5), min_size=1, max_size=12),
    text=st.text(alphabet="abcmtABCMT °-1", max_size=30),
)
def test_a_grouped_alternation_matches_as_the_flat_one(names: list[str], text: str) -> None:
    """Grouped by first letter (a quarter of the time under IGNORECASE), the unit words
    match exactly what the flat alternation does, at every place, preferring the same one."""
    import re

    from claimcheck.units import alternation_by_first_letter

    names = sorted(set(names), key=len, reverse=True)
    flat = re.compile("|".join(re.escape(n).replace(r"\ ", r"\s") for n in names), re.I)
    grouped = re.compile(alternation_by_first_letter(names), re.I)
    for at in range(len(text) + 1):
        a, b = flat.match(text, at), grouped.match(text, at)
        assert (a and a.group()) == (b and b.group())


def test_every_unit_word_can_start_a_unit_on_a_page() -> None:
    """The quick test of where a unit may start holds every unit name's first letter (a class
    made from the grouped pattern once dropped the "a" of acres: "40 acres" lost its unit)."""
    from claimcheck.quantity import _UNIT_START, find_quantities
    from claimcheck.units import PAGE_UNIT_NAMES

    assert {name[0] for name in PAGE_UNIT_NAMES} <= set(_UNIT_START)
    for name in PAGE_UNIT_NAMES:
        (found,) = find_quantities(f"it covers 40 {name} in all")
        assert found.unit is not None, name
