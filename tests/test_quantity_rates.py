"""A figure's rate as the page coverage check compares it (review 19, item 2): the rate
after a figure ("£512 a year", "1.4 kilometres a year since 1880"), where its words end, and
the rate a registry's `unit` names."""

from __future__ import annotations

import pytest

from claimcheck.quantity import find_quantities, rate_after, rate_end, unit_rate


@pytest.mark.parametrize(
    ("text", "rate", "words"),
    [
        ("Season tickets cost £512 a year for adults.", "per year", "£512 a year"),
        ("Libraries open 62 hours a week.", "per week", "62 hours a week"),
        (
            "The glacier retreated 1.4 kilometres a year since 1880.",
            "per year",
            "1.4 kilometres a year",
        ),
        ("Leakage was 412 megalitres\nper day in 2024/25.", "per day", "412 megalitres\nper day"),
        (
            "Meltwater flowed at 412 cubic metres per second.",
            "per second",
            "412 cubic metres per second",
        ),
    ],
)
def test_a_rate_after_a_figure_and_where_its_words_end(text: str, rate: str, words: str) -> None:
    figure = find_quantities(text)[0]
    assert figure.rate == rate
    assert text[figure.start : rate_end(text, figure)] == words


@pytest.mark.parametrize(
    "text",
    [
        "The budget was £2.2m a year earlier.",  # a time that says when
        "The glacier retreated 1.4 kilometres since 1880.",
        "It cost £5m a year ago.",
    ],
)
def test_a_time_that_says_when_is_no_rate(text: str) -> None:
    figure = find_quantities(text)[0]
    assert figure.rate is None
    assert rate_end(text, figure) == figure.end


def test_the_rate_written_after_a_place() -> None:
    text = "£84.6 million a month in 2024/25"
    assert rate_after(text, len("£84.6 million")) == ("per month", len("£84.6 million a month"))
    assert rate_after(text, len("£84.6 million a month")) == ("", len("£84.6 million a month"))


@pytest.mark.parametrize(
    ("unit", "rate"),
    [
        ("GBP per year", "per year"),
        ("GBP million a year", "per year"),
        ("hours per week", "per week"),
        ("megalitres/day", "per day"),
        ("litres per property per day", "per property per day"),
        ("GBP million", None),
        ("percent change", None),
        ("per cent", None),
        ("", None),
        (None, None),
    ],
)
def test_the_rate_a_registry_unit_names(unit: str | None, rate: str | None) -> None:
    assert unit_rate(unit) == rate
