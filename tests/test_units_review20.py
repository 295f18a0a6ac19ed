"""Units as review 20's fixes read them: scales in accountants' zeros, scales not read,
`pct`, and conversions exact where the units are."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claimcheck.units import MONEY, PERCENT, conversion, parse_unit, unread_scale


@pytest.mark.parametrize(
    ("unit", "currency", "scale"),
    [
        ("£000s", "GBP", 1000),
        ("GBP '000", "GBP", 1000),
        ("GBP \u2019000", "GBP", 1000),
        ("$000", "USD", 1000),
        ("£'000", "GBP", 1000),
        ("GBP (000s)", "GBP", 1000),
        ("£000,000", "GBP", 10**6),
        ("GBP 000000", "GBP", 10**6),
        ("GBP million (2023/24 prices)", "GBP", 10**6),  # a year's digits are no zeros
    ],
)
def test_a_scale_in_zeros_is_read(unit: str, currency: str, scale: int) -> None:
    read = parse_unit(unit)
    assert (read.dimension, read.currency, read.scale) == (MONEY, currency, Decimal(scale))
    assert unread_scale(unit) is None


def test_a_count_in_zeros_is_in_thousands() -> None:
    assert parse_unit("passengers (000s)").scale == 1000
    assert parse_unit("1000 people").scale == 1  # a number in a name is no scale


@pytest.mark.parametrize("unit", ["GBP 00", "GBP 0000", "hundreds of fans", "EUR mio", "INR lacs"])
def test_a_scale_not_read_is_named(unit: str) -> None:
    message = unread_scale(unit)
    assert message is not None and "a scale claimcheck does not read" in message


@pytest.mark.parametrize("unit", ["GBP", "deaths per hundred", "deaths per 100,000", "km2", "CO2e"])
def test_a_unit_with_no_scale_is_not_refused(unit: str) -> None:
    assert unread_scale(unit) is None


def test_pct_is_a_percentage() -> None:
    assert parse_unit("pct").dimension == PERCENT
    assert parse_unit("pct change").dimension == PERCENT


@pytest.mark.parametrize(
    ("source", "target", "low", "high"),
    [
        ("hours", "minutes", "60", "60"),
        ("weeks", "days", "7", "7"),
        ("years", "months", "12", "12"),
        ("km", "metres", "1000", "1000"),
        ("tonnes", "kg", "1000", "1000"),
        ("months", "days", "28", "31"),
        ("km/h", "m/s", "1000", "3600"),  # times 1,000, per 3,600 seconds: 36 km/h is 10 m/s
    ],
)
def test_conversions_are_exact_where_the_units_are(
    source: str, target: str, low: str, high: str
) -> None:
    found = conversion(parse_unit(source), parse_unit(target))
    assert found is not None
    (times_lo, times_hi), (per_lo, per_hi) = found
    if source == "km/h":
        assert (times_lo, per_lo) == (Decimal(low), Decimal(high))
    else:
        assert (times_lo / per_hi, times_hi / per_lo) == (Decimal(low), Decimal(high))


def test_rates_of_times_with_no_one_length_do_not_convert() -> None:
    assert conversion(parse_unit("litres per day"), parse_unit("litres per year")) is None
    assert conversion(parse_unit("metres"), parse_unit("litres")) is None
