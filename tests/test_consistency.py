"""Consistency checks beyond the one-fixture-per-code data tests."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.findings import ClaimState
from tests.helpers import check_text, codes

SOURCE = "sources: [{id: s1, title: R, kind: news, url: 'https://example.org/'}]\n"


def claim(body: str) -> str:
    return "version: 1\n" + SOURCE + "claims:\n  - citations: [{source: s1}]\n" + body


def test_failing_constraint_marks_every_claim_it_names_inconsistent() -> None:
    text = claim(
        "    id: part\n    text: p\n    kind: figure\n    value: 20\n"
        "  - {id: whole, text: w, kind: figure, value: 10, citations: [{source: s1}]}\n"
        "constraints: [{id: c, expr: part <= whole}]\n"
    )
    report = check_text(text)
    assert codes(report) == ["C003"]
    [finding] = report.findings
    assert finding.related == ("part", "whole")
    assert all(ClaimState.INCONSISTENT in c.states for c in report.claims)


def test_one_misplaced_timeline_entry_is_one_finding() -> None:
    dates = ["2012", "2025-06", "2014", "2017", "2018", "2022"]
    entry = (
        "  - {{id: e{}, text: t, kind: event, date: {}, tags: [timeline], "
        "citations: [{{source: s1}}]}}\n"
    )
    body = "".join(entry.format(i, d) for i, d in enumerate(dates))
    report = check_text("version: 1\n" + SOURCE + "claims:\n" + body)
    assert [(f.code, f.claim) for f in report.findings] == [("C012", "e1")]


def test_qualified_mentions_are_read_in_full() -> None:
    text = claim(
        "    id: c\n    text: t\n    kind: figure\n    value: 556\n    qualifier: at_most\n"
        "    mentions: ['up to 556 days', 'over 556 days', '556 days']\n"
    )
    assert codes(check_text(text)) == ["C002"]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**9), st.integers(0, 10**9), st.booleans())
def test_fast_path_agrees_with_full_reading(value: int, stated: int, commas: bool) -> None:
    written = f"{stated:,}" if commas else str(stated)
    text = claim(
        f"    id: c\n    text: t\n    kind: figure\n    value: {value}\n"
        f"    mentions: ['{written} offences recorded in 2024']\n"
    )
    # A bare 1900-2100 reads as a year (a date is not the claim's figure): not compared.
    # (unless the claim's own value reads as a year too: then years are compared).
    year_like = not commas and 1900 <= stated <= 2100 and not 1900 <= value <= 2100
    expected = [] if value == stated or value == 2024 or year_like else ["C001"]
    assert codes(check_text(text)) == expected


_AFTER_WORDS = [
    " offences",
    " of",
    " or 4 million",
    " million",
    " Million",
    " m",
    " more",
    " per cent",
    " percentage points",
    " pc",
    " to ten million",
    " and a half",
    " and",
    " years",
    " yrs",
    "\u2013 9bn",
    " - 5%",
    " %",
    "  bn",
    " kilograms",
    " kg",
    " k",
    " knots",
    " \u00a3",
    "",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_AFTER_WORDS), min_size=1, max_size=3))
def test_the_quick_scale_test_agrees_with_its_pattern(words: list[str]) -> None:
    # `_scaled_after` skips the pattern where no word of it can start: never where one can.
    from claimcheck.checks.consistency import _SCALED_AFTER, _scaled_after

    text = "102878" + "".join(words)
    assert _scaled_after(text, 6) == (_SCALED_AFTER.match(text, 6) is not None)


def test_a_reversed_range_is_reported_once_not_also_as_a_mention_mismatch() -> None:
    body = "    id: c\n    text: t\n    kind: figure\n    value: [17, 10]\n"
    text = claim(body + "    mentions: ['aged 10-17']\n")
    assert codes(check_text(text)) == ["C009"]


def _one(value: str, unit: str, mention: str, qualifier: str = "exact") -> list[str]:
    """The codes for one claim (a bus operator's report) with one mention."""
    body = (
        f"    id: c\n    text: t\n    kind: figure\n    value: {value}\n"
        f"    qualifier: {qualifier}\n    unit: {unit}\n    mentions: [{json.dumps(mention)}]\n"
    )
    return codes(check_text(claim(body)))


# Planted on another subject than the held-out report (a bus operator's annual report):
# value, unit, mention; each must be consistent, and its twin below must be C001.
CONSISTENT = [
    # Shares in words: the fraction stands for the values nearer to it than to a
    # neighbouring fraction at its level of detail (simple fractions, or 1/M for "N in M").
    ("74.6", "percent", "Three in four passengers paid by card"),
    ("12.9", "percent", "one in eight trains was cancelled"),
    ("91", "percent", "nine out of ten stations have step-free access"),
    ("65.8", "percent", "two thirds of buses are electric"),
    ("5.2", "percent", "one in 20 journeys started late"),
    ("31", "percent", "about a third of drivers are over 50"),
    ("26.4", "percent", "a quarter of routes were cut"),
    ("53", "percent", "roughly half of the fleet"),
    ("58", "percent", "three-fifths of depots"),
    ("64", "percent", "nearly two-thirds of stops have shelters"),
    # Bounds: the qualifier says which way the figure was rounded, at its last digit.
    ("4562", "passengers", "more than 4,500 passengers a day"),
    ("28", "minutes", "under 30 minutes"),
    ("940", "complaints", "fewer than 1,000 complaints"),
    ("790", "riders", "over 700 riders"),
    ("12", "buses", "at least 12 buses"),
    ("2.43", "GBP million", "up to £2.5m"),
    ("790", "drivers", "nearly 800 drivers"),
    ("43", "percent", "over 40% of fares"),
    ("36", "percent", "more than a third of fares"),
    ("7", "years", "over seven years the network shrank"),  # "over" a duration: during
    # Percentage points: a difference of percentages, a dimension of its own.
    ("1.8", "percentage points", "punctuality fell by 1.8 percentage points"),
    ("1.8", "percentage points", "a fall of 1.8pp"),
    ("1.8", "percentage points", "down 1.8 points on the year"),
    ("1.8", "percentage points", "a 1.8% point fall"),
    ("0.25", "percentage points", "a rise of 25 basis points"),
    ("12", "points", "a satisfaction score up 12 points"),
]
MISMATCHED = [
    ("60", "percent", "Three in four passengers paid by card"),
    ("25", "percent", "one in eight trains was cancelled"),
    ("75", "percent", "nine out of ten stations have step-free access"),
    ("50", "percent", "two thirds of buses are electric"),
    ("12", "percent", "one in 20 journeys started late"),
    ("45", "percent", "about a third of drivers are over 50"),
    ("31", "percent", "a quarter of routes were cut"),  # nearer a third
    ("57", "percent", "roughly half of the fleet"),
    ("66", "percent", "three-fifths of depots"),
    ("68", "percent", "nearly two-thirds of stops have shelters"),  # above it
    ("60", "percent", "Two in five applicants"),
    ("4400", "passengers", "more than 4,500 passengers a day"),  # below the bound
    ("4700", "passengers", "more than 4,500 passengers a day"),  # past its next step
    ("800", "riders", "over 700 riders"),  # on its next step: it would say 800
    ("140", "riders", "fewer than 150 riders"),  # on its step below: it would say 140
    ("30", "minutes", "under 30 minutes"),  # the bound itself
    ("1020", "complaints", "fewer than 1,000 complaints"),
    ("11", "buses", "at least 12 buses"),
    ("812", "drivers", "nearly 800 drivers"),
    ("22000", "visitors", "more than 23,800 visitors"),
    ("48", "percent", "more than half of fares"),
    ("150", "riders", "more than 150 riders"),  # the fast path defers to the qualifier
    ("1.8", "percentage points", "punctuality fell by 1.8%"),
    ("1.8", "percent", "punctuality fell by 1.8 percentage points"),
    ("1.8", "percent", "down 1.8 points on the year"),
    ("1.8", "percentage points", "punctuality fell by 2.8 percentage points"),
    ("0.25", "percentage points", "a rise of 25%"),
    ("42", "percent", "42pp of fares"),
]


@pytest.mark.parametrize(("value", "unit", "mention"), CONSISTENT)
def test_mention_readings_that_fit(value: str, unit: str, mention: str) -> None:
    assert _one(value, unit, mention) == []


@pytest.mark.parametrize(("value", "unit", "mention"), MISMATCHED)
def test_mention_readings_that_do_not_fit(value: str, unit: str, mention: str) -> None:
    assert _one(value, unit, mention) == ["C001"]


def test_a_claim_that_is_a_bound_meets_the_same_bound() -> None:
    assert _one("90", "countries", "from over 90 countries", "more_than") == []
    assert _one("556", "days", "over 556 days", "at_most") == ["C002"]
    assert _one("16000", "households", "more than 17,000 households", "more_than") == ["C001"]


def _as_text(value: str, unit: str, sentence: str) -> list[str]:
    """The codes for one claim whose `text` is the sentence (its mention elsewhere)."""
    body = (
        f"    id: c\n    text: {json.dumps(sentence)}\n    kind: figure\n    value: {value}\n"
        f"    unit: {unit}\n"
    )
    return codes(check_text(claim(body)))


# Forms a reviewer found read wrongly (a wrong value passed, or a right one was flagged), on
# a subject of their own (a county's services): value, unit, sentence, and a planted value that
# must not pass. Each is tried as a mention (C001) and as the claim's text (C015).
WORDED = [
    ("120000", "people", "A hundred and twenty thousand people were affected.", "20000"),
    ("750000", "homes", "Three-quarters of a million homes lack insulation.", "1000000"),
    ("250000", "homes", "A quarter of a million homes lack insulation.", "1000000"),
    ("24", "schools", "Two dozen schools closed.", "2"),
    ("12", "schools", "A dozen schools closed.", "1"),
    ("6", "schools", "Half a dozen schools closed.", "3"),
    ("0", "people", "No-one was charged.", "1"),
    ("3.2", "GBP billion", "GBP 3.2bn was spent on roads.", "4.2"),
    ("20", "percent", "One in five children lives in poverty.", "10"),
    ("80", "schools", "A fifth of the 400 schools failed.", "100"),
    ("30", "minutes", "The wait was about half an hour.", "20"),
    ("45", "minutes", "The journey took three-quarters of an hour.", "30"),
    ("18", "months", "The inquiry ran for a year and a half.", "12"),
    ("400000", "people", "Several hundred thousand people marched.", "100000"),
    ("300000", "people", "Hundreds of thousands of people marched.", "100000"),
    ("30000", "people", "Tens of thousands of people marched.", "3000"),
    ("5000", "people", "Thousands of people marched.", "1000"),
    ("2000", "people", "A few thousand people attended.", "20000"),
    ("60", "people", "Dozens of people were injured.", "10"),
    ("300", "people", "Hundreds of people were evacuated.", "50"),
    # A second reviewer's: a sign, digit groups spaced SI style, units after words.
    ("-120", "people", "Net migration was \u2212120 people.", "120"),
    ("-0.4", "weeks", "Waiting times changed by -0.4 weeks.", "0.4"),
    ("1120", "students", "Some 1\u2009120 students enrolled.", "120"),
    ("1120000", "people", "About 1\u00a0120\u00a0000 people.", "120"),
    ("20", "years", "The scheme ran for two decades.", "2"),
    ("200", "years", "The bridge stood for two centuries.", "2"),
    ("4", "weeks", "The strike lasted two fortnights.", "2"),
    ("2", "years", "The scheme ran for 104 weeks.", "3"),
    ("5", "USD billion", "Exports were worth US$5bn in 2024.", "6"),
    ("2", "AUD million", "The grant was A$2m.", "3"),
    ("75", "percent", "Three out of every four adults voted.", "60"),
    # The source-support developer's: a code after the amount, a canonical unit read back.
    ("6.2", "million tonnes", "Emissions were 6.2MtCO2e in 2023.", "5.2"),
    ("4.2", "USD million", "The fund was 4.2 million USD.", "5.2"),
    ("16.2", "hectares", "The park covers 40 acres.", "40"),
]


@pytest.mark.parametrize(("value", "unit", "sentence", "planted"), WORDED)
def test_worded_figures_fit_and_their_planted_twins_do_not(
    value: str, unit: str, sentence: str, planted: str
) -> None:
    assert _one(value, unit, sentence) == []
    assert _as_text(value, unit, sentence) == []
    assert _one(planted, unit, sentence) == ["C001"]
    assert "C015" in _as_text(planted, unit, sentence)


def test_a_text_in_another_currency_is_c015() -> None:
    assert _as_text("3.2", "USD billion", "The council spent $3.2bn on roads.") == []
    assert _as_text("3.2", "USD billion", "The council spent £3.2bn on roads.") == ["C015"]
    # A one-off payment is no figure of 1.
    assert _one("300", "GBP", "A one-off payment of £300 was made.") == []


@pytest.mark.parametrize(
    ("text", "fits"),
    [
        ("The inquiry opened two years after the 2012 report.", True),
        ("The inquiry opened three years after the 2012 report.", False),
        ("The inquiry opened 2 years after 2012.", True),
        ("The inquiry opened after the 2012 report.", True),
        ("The inquiry opened after the 2016 report.", False),
        ("The inquiry opened before 2015.", True),
        ("The inquiry opened before 2014.", False),
        ("Officers have been in post since 2014.", True),
        ("The inquiry opened in 2015.", False),
        ("The inquiry opened in 2014.", True),
    ],
)
def test_a_year_the_text_tells_the_date_from(text: str, fits: bool) -> None:
    # "Two years after 2012" dates the claim 2014: the year is where it is told from.
    body = f"    id: c\n    text: {text!r}\n    kind: event\n    date: 2014-05\n"
    assert codes(check_text(claim(body))) == ([] if fits else ["C015"])


def _relation(units: tuple[str, str], values: tuple[str, str], expr: str) -> list[str]:
    """The codes of a constraint `expr` over claims `a` and `b` with these units and values."""
    body = "".join(
        f"  - id: {name}\n    text: t\n    kind: figure\n    value: {value}\n    unit: {unit}\n"
        "    citations: [{source: s1}]\n"
        for name, unit, value in zip("ab", units, values, strict=True)
    )
    return codes(
        check_text(
            "version: 1\n"
            + SOURCE
            + "claims:\n"
            + body
            + f"constraints:\n  - id: k\n    expr: {expr}\n"
        )
    )


@pytest.mark.parametrize(
    ("units", "values", "expr", "expected"),
    [
        # A second reviewer's: £1.2bn out of a £950m budget passed (1.2 <= 950); the twin,
        # £950m out of £1.2bn, was a false C003.
        (("GBP billion", "GBP million"), ("1.2", "950"), "a <= b", ["C003"]),
        (("GBP million", "GBP billion"), ("950", "1.2"), "a <= b", []),
        (("thousand passengers", "million passengers"), ("800", "1.2"), "a <= b", []),
        (("thousand passengers", "million passengers"), ("1500", "1.2"), "a <= b", ["C003"]),
        (("thousand passengers", "million passengers"), ("600", "1.2"), "a / b * 100 > 40", []),
        (
            ("thousand passengers", "million passengers"),
            ("600", "1.2"),
            "a / b * 100 > 60",
            ["C003"],
        ),
        # Pounds are not dollars, nor a count a percentage: refused, never compared.
        (("USD", "GBP"), ("3.50", "2.40"), "a > b", ["C005"]),
        (("percent", "people"), ("40", "12"), "a > b", ["C005"]),
        (("GBP", "GBP"), ("3.50", "2.40"), "a > b", []),
    ],
)
def test_a_relation_compares_claims_in_one_scale_and_kind(
    units: tuple[str, str], values: tuple[str, str], expr: str, expected: list[str]
) -> None:
    assert _relation(units, values, expr) == expected


def test_a_difference_of_shares_is_in_percentage_points() -> None:
    body = (
        "  - id: now\n    text: t\n    kind: figure\n    value: 29.4\n    unit: percent\n"
        "    citations: [{source: s1}]\n"
        "  - id: before\n    text: t\n    kind: figure\n    value: 26.2\n    unit: percent\n"
        "    citations: [{source: s1}]\n"
        "  - id: change\n    text: t\n    kind: figure\n    value: {v}\n    unit: {u}\n"
        "    derived: now - before\n    citations: [{{source: s1}}]\n"
    )
    text = "version: 1\n" + SOURCE + "claims:\n"
    ok = text + body.replace("{v}", "3.2").replace("{u}", "percentage points").replace(
        "{{", "{"
    ).replace("}}", "}")
    wrong = text + body.replace("{v}", "3.2").replace("{u}", "GBP").replace("{{", "{").replace(
        "}}", "}"
    )
    assert codes(check_text(ok)) == []
    assert codes(check_text(wrong)) == ["C005"]


@pytest.mark.parametrize(
    ("text", "value", "unit", "period", "expected"),
    [
        # A second reviewer's: a span in months against a period with months, not only years.
        ("The trial ran for two years, from November 2023 to February 2024.", "2", "years",
         "2023-11/2024-02", ["C011"]),
        ("The trial ran for three months, from November 2023 to February 2024.", "3", "months",
         "2023-11/2024-02", []),
        ("The consultation lasted 18 months, from January to March 2023.", "18", "months",
         "2023-01/2023-03", ["C011"]),
        ("The consultation lasted three months, from January to March 2023.", "3", "months",
         "2023-01/2023-03", []),
        ("The bridge was built over 18 months, from January 2022 to June 2024.", "18",
         "months", "2022-01/2024-06", ["C011"]),
        ("The bridge was built over 30 months, from January 2022 to June 2024.", "30",
         "months", "2022-01/2024-06", []),
        # A duration measured in the period, not its length: no comparison.
        ("The average wait was 18 weeks in March 2024.", "18", "weeks", "2024-03", []),
        ("Patients waited for 18 weeks in March 2024.", "18", "weeks", "2024-03", []),
        ("Homes lost their supply for 9.2 minutes over the year.", "9.2", "minutes",
         "2024/2025", []),
        # A final reader's: a duration and the period's ends apart are two things.
        ("Patients referred from January to March 2023 waited for six months on average.",
         "6", "months", "2023-01/2023-03", []),
        ("From January to March 2023, the longest wait lasted six months.", "6", "months",
         "2023-01/2023-03", []),
        ("The inquiry ran for 4 years.", "4", "years", "2010/2014", []),
    ],
)  # fmt: skip
def test_a_stated_span_against_its_period(
    text: str, value: str, unit: str, period: str, expected: list[str]
) -> None:
    body = (
        f"    id: c\n    text: {json.dumps(text)}\n    kind: figure\n    value: {value}\n"
        f"    unit: {unit}\n    period: {period}\n"
    )
    assert codes(check_text(claim(body))) == expected


def test_celsius_and_fahrenheit_are_never_compared() -> None:
    # A source's "Celsius" edited to "Fahrenheit" (a fourth review's mutation) is no figure
    # of the claim's kind.
    assert _one("10.9", "degrees Celsius", "an average of 10.9°C") == []
    assert _one("10.9", "degrees Celsius", "an average of 10.9 degrees Fahrenheit") == ["C001"]
    assert _one("1.8", "GW", "capacity grew to 1.8GW") == []
    assert _one("1.8", "GW", "capacity grew to 1.8MW") == ["C001"]


def test_a_dollar_of_another_country_is_another_currency() -> None:
    assert _one("5", "GBP billion", "worth US$5bn") == ["C001"]
    assert _one("2", "USD million", "a grant of A$2m") == ["C001"]


def test_energy_is_not_power_nor_a_currency_another() -> None:
    assert _one("300", "kilowatts", "Homes used 300 kWh a month.") == ["C001"]
    assert _one("300", "kilowatt hours", "Homes used 300 kWh a month.") == []
    assert _one("4.2", "GBP million", "The fund was 4.2 million USD.") == ["C001"]
