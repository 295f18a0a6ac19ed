"""The safe expression evaluator: interval arithmetic, three-valued comparisons, errors."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.expression import ExpressionError, Interval, Operand, Truth, evaluate, names_in

D = Decimal
OPS = {
    "part": Operand(Interval(D(17050), D(17150))),
    "whole": Operand(Interval(D(102878), D(102878))),
    "over": Operand(Interval(D(1100), D("Infinity"))),
    "zero": Operand(Interval(D(0), D(0))),
    "ages": Operand(Interval(D(10), D(17)), (Interval(D(10), D(10)), Interval(D(17), D(17)))),
    "span": Operand(None, years=D(16)),
}


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("part <= whole", Truth.TRUE),
        ("whole <= part", Truth.FALSE),
        ("over <= 1500", Truth.UNKNOWN),
        ("over >= 1100", Truth.TRUE),
        ("part <= whole <= 200000", Truth.TRUE),
        ("part + 85800 <= whole", Truth.UNKNOWN),
        ("years(span) == 16", Truth.TRUE),
        ("low(ages) == 11", Truth.FALSE),
        ("high(ages) == 17 and low(ages) == 10", Truth.TRUE),
        ("not part > whole", Truth.TRUE),
        ("part == 17100", Truth.UNKNOWN),
        ("abs(part - 17100) <= 50", Truth.TRUE),
        # Intervals do not know both sides are the same claim (the dependency problem).
        ("min(part, whole) == part", Truth.UNKNOWN),
        ("part / whole * 100 < 17", Truth.TRUE),
        ("-part < 0", Truth.TRUE),
        ("part != whole", Truth.TRUE),
        ("over < 1000 or part < whole", Truth.TRUE),
    ],
)
def test_comparisons_over_intervals(expr: str, expected: Truth) -> None:
    assert evaluate(expr, OPS) is expected


def test_tolerance_widens_equality() -> None:
    assert evaluate("part == 17000", OPS) is Truth.FALSE
    assert evaluate("part == 17000", OPS, tolerance=D(200)) is Truth.TRUE


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("part <= wholee", "unknown claim `wholee` (did you mean `whole`?)"),
        ("span <= 3", "has no value"),
        ("years(part) == 1", "has no period"),
        ("low(part) == 1", "no [low, high] range"),
        ("1 / zero", "division by zero"),
        ("part <=", "not a valid expression"),
        ("__import__('os').system('x')", "not a known function"),
        ("part.real", "not allowed"),
        ("part ** 2", "not allowed"),
        ("[part]", "not allowed"),
        ("(lambda: 1)()", "not a known function"),
        ("'text' == part", "not a number"),
        ("part < (whole > 1)", "is a comparison"),
        ("part and whole", "is a number"),
    ],
)
def test_errors_name_the_problem(expr: str, message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        evaluate(expr, OPS)
    assert message in str(info.value)


def test_names_in_skips_function_names() -> None:
    assert names_in("years(span) + part < whole") == ["span", "part", "whole"]
    assert names_in("((") == []


intervals = st.tuples(st.integers(-1000, 1000), st.integers(0, 100)).map(
    lambda t: Interval(D(t[0]), D(t[0] + t[1]))
)


@settings(max_examples=200, deadline=None)
@given(intervals, intervals, st.integers(-1000, 1000), st.integers(-1000, 1000))
def test_interval_arithmetic_contains_every_result(
    a: Interval, b: Interval, x: int, y: int
) -> None:
    x_in = max(int(a.lo), min(int(a.hi), x))
    y_in = max(int(b.lo), min(int(b.hi), y))
    for result, value in (
        (a + b, x_in + y_in),
        (a - b, x_in - y_in),
        (a * b, x_in * y_in),
    ):
        assert result.lo <= value <= result.hi


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_an_answer_or_an_expression_error(text: str) -> None:
    with contextlib.suppress(ExpressionError):
        evaluate(text, OPS)


OPEN = {
    "over": Operand(Interval(D(60000), D("Infinity"), lo_open=True, hi_open=True)),
    "least": Operand(Interval(D(60000), D("Infinity"), hi_open=True)),
    "under": Operand(Interval(D("-Infinity"), D(10), lo_open=True, hi_open=True)),
    "cap": Operand(Interval(D(60000), D(60000))),
}


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("over <= cap", Truth.FALSE),
        ("over > cap", Truth.TRUE),
        ("over == cap", Truth.FALSE),
        ("over != cap", Truth.TRUE),
        ("least <= cap", Truth.UNKNOWN),
        ("least >= cap", Truth.TRUE),
        ("under < 10", Truth.TRUE),
        ("under >= 10", Truth.FALSE),
        ("under * 2 < 20", Truth.TRUE),
        ("over - 60000 > 0", Truth.TRUE),
        ("-over < -60000", Truth.TRUE),
        ("min(over, cap) <= cap", Truth.TRUE),
        ("max(over, cap) > cap", Truth.TRUE),
        ("over / 2 > 30000", Truth.TRUE),
        ("abs(-over) > 60000", Truth.TRUE),
    ],
)
def test_open_ends_are_never_reached(expr: str, expected: Truth) -> None:
    assert evaluate(expr, OPEN) is expected


@settings(max_examples=200, deadline=None)
@given(
    st.integers(-50, 50),
    st.integers(1, 20),
    st.booleans(),
    st.booleans(),
    st.integers(-50, 50),
    st.integers(1, 20),
)
def test_open_interval_arithmetic_holds_every_inner_value(
    a_lo: int, a_width: int, a_open: bool, b_open: bool, b_lo: int, b_width: int
) -> None:
    a = Interval(D(a_lo), D(a_lo + a_width), a_open, b_open)
    b = Interval(D(b_lo), D(b_lo + b_width), b_open, a_open)
    x, y = D(a_lo) + D(a_width) / 2, D(b_lo) + D(b_width) / 2  # inside both, never an end
    for result, value in ((a + b, x + y), (a - b, x - y), (a * b, x * y)):
        assert result.lo <= value <= result.hi
        assert not (result.lo_open and value == result.lo)


def _measured(value: str, unit: str) -> Operand:
    from claimcheck.expression import Measure
    from claimcheck.units import parse_unit

    read = parse_unit(unit)
    return Operand(Interval(D(value), D(value)), measure=Measure(read.dimension, read.scale, read))


UNITS = {
    "week": _measured("1", "weeks"),
    "days7": _measured("7", "days"),
    "hour": _measured("1", "hours"),
    "minutes60": _measured("60", "minutes"),
    "month": _measured("1", "months"),
    "days30": _measured("30", "days"),
    "year": _measured("1", "years"),
    "speed_kmh": _measured("36", "km/h"),
    "speed_ms": _measured("10", "m/s"),
    "daily": _measured("5", "litres per day"),
    "yearly": _measured("1825", "litres per year"),
}


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("week == days7", Truth.TRUE),  # exact: a week is 7 days
        ("hour == minutes60", Truth.TRUE),  # exact: 3,600 seconds either way
        ("minutes60 - hour == 0", Truth.TRUE),
        ("month == days30", Truth.UNKNOWN),  # a month is 28 to 31 days
        ("month < days30", Truth.UNKNOWN),
        ("year * 2 == month * 24", Truth.TRUE),  # multiples, converted: 24 months either way
        ("year == month * 12", Truth.TRUE),  # months times 12 are years by hand
        ("speed_kmh == speed_ms", Truth.TRUE),  # 36 km/h is 10 m/s
        ("min(week, days7) == week", Truth.TRUE),
        ("week / days7 == 1", Truth.TRUE),
    ],
)
def test_units_convert_where_they_meet(expr: str, expected: Truth) -> None:
    assert evaluate(expr, UNITS) is expected


def test_rates_per_times_of_no_one_length_are_not_compared() -> None:
    with pytest.raises(ExpressionError, match="not converted"):
        evaluate("daily * 365 == yearly", UNITS)
