"""The quantity parser: every form the issue names, properties, and never a crash."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.quantity import find_quantities, parse_quantity, precision_of

D = Decimal

CASES = [
    # text, low, high, qualifier, unit, currency, scale, precision
    ("102,878", "102878", "102878", "exact", None, None, 1, "0"),
    ("1,400+", "1400", "1400", "at_least", None, None, 1, "0"),
    ("over 1,400", "1400", "1400", "more_than", None, None, 1, "0"),
    ("more than 700", "700", "700", "more_than", None, None, 1, "0"),
    ("approximately 17,100", "17100", "17100", "approx", None, None, 1, "50"),
    ("around 700", "700", "700", "approx", None, None, 1, "50"),
    ("up to 556 days", "556", "556", "at_most", "days", None, 1, "0"),
    ("39+", "39", "39", "at_least", None, None, 1, "0"),
    ("78-79%", "78", "79", "exact", "percent", None, 1, "0.5"),
    ("10-17", "10", "17", "exact", None, None, 1, "0"),
    ("1.3%", "1.3", "1.3", "exact", "percent", None, 1, "0.05"),
    ("£65m", "65", "65", "exact", None, "GBP", 10**6, "0.5"),
    ("£186m", "186", "186", "exact", None, "GBP", 10**6, "0.5"),
    ("over £100,000", "100000", "100000", "more_than", None, "GBP", 1, "0"),
    ("£1.2bn", "1.2", "1.2", "exact", None, "GBP", 10**9, "0.05"),
    ("7 in 10", "70", "70", "exact", "percent", None, 1, "0"),
    ("nine men", "9", "9", "exact", None, None, 1, "0"),
    ("three years", "3", "3", "exact", "years", None, 1, "0"),
    ("3-year", "3", "3", "exact", "years", None, 1, "0"),
    ("16 years", "16", "16", "exact", "years", None, 1, "0"),
    ("about 40%", "40", "40", "approx", "percent", None, 1, "5"),
    ("40 per cent", "40", "40", "exact", "percent", None, 1, "0.5"),
    ("fewer than 20", "20", "20", "less_than", None, None, 1, "0"),
    ("at least one victim", "1", "1", "at_least", None, None, 1, "0"),
    ("£2.5 million", "2.5", "2.5", "exact", None, "GBP", 10**6, "0.05"),
    ("Three in four", "75", "75", "exact", "percent", None, 1, "0"),
    ("nine out of ten", "90", "90", "exact", "percent", None, 1, "0"),
    ("one in 20", "5", "5", "exact", "percent", None, 1, "0"),
    ("1 in 1,000", "0.1", "0.1", "exact", "percent", None, 1, "0"),
    ("3.2 percentage points", "3.2", "3.2", "exact", "percentage points", None, 1, "0.05"),
    ("3 percentage points", "3", "3", "exact", "percentage points", None, 1, "0.5"),
    ("1.8pp", "1.8", "1.8", "exact", "percentage points", None, 1, "0.05"),
    ("1.8% points", "1.8", "1.8", "exact", "percentage points", None, 1, "0.05"),
    ("25 basis points", "25", "25", "exact", "basis points", None, 1, "0.5"),
    ("nearly 1,200", "1200", "1200", "approx", None, None, 1, "50"),
    # Numbers in words with their scale, read as the digits would be (a reviewer's sentences:
    # each was read without its million or thousand).
    ("roughly nine million pupils", "9", "9", "approx", None, None, 10**6, "0.5"),
    ("nearly two million journeys", "2", "2", "approx", None, None, 10**6, "0.5"),
    ("Some three million people", "3", "3", "approx", None, None, 10**6, "0.5"),
    ("Twelve thousand teachers", "12", "12", "exact", None, None, 10**3, "0.5"),
    ("More than two thousand schools", "2", "2", "more_than", None, None, 10**3, "0.5"),
    ("Two and a half million people", "2.5", "2.5", "exact", None, None, 10**6, "0.05"),
    # A fraction of a scale is as near as its neighbouring fractions (a fifth, a third).
    ("a quarter of a million", "0.25", "0.25", "exact", None, None, 10**6, "0.025"),
    ("three-quarters of a million homes", "0.75", "0.75", "exact", None, None, 10**6, "0.025"),
    ("a hundred and twenty thousand", "120", "120", "exact", None, None, 10**3, "0.5"),
    ("A hundred people", "100", "100", "exact", None, None, 1, "0"),
    ("One hundred and fifty people", "150", "150", "exact", None, None, 1, "0"),
    ("two dozen schools", "24", "24", "exact", None, None, 1, "0"),
    ("half a dozen schools", "6", "6", "exact", None, None, 1, "0"),
    ("about a dozen", "12", "12", "approx", None, None, 1, "0.5"),
    ("GBP 3.2bn", "3.2", "3.2", "exact", None, "GBP", 10**9, "0.05"),
    ("USD 500,000", "500000", "500000", "exact", None, "USD", 1, "0"),
    ("about half an hour", "0.5", "0.5", "approx", "hours", None, 1, "0.05"),
    ("three-quarters of an hour", "0.75", "0.75", "exact", "hours", None, 1, "0.025"),
    ("a year and a half", "1.5", "1.5", "exact", "years", None, 1, "0.05"),
    ("No-one", "0", "0", "exact", None, None, 1, "0"),
    # A sign at a word's start; thin and no-break spaces between groups of digits; a number
    # in words with any unit digits take.
    ("\u2212120 people", "-120", "-120", "exact", None, None, 1, "0"),
    ("fell to -8 degrees", "-8", "-8", "exact", None, None, 1, "0"),
    ("a change of \u20133%", "-3", "-3", "exact", "percent", None, 1, "0.5"),
    ("-\u00a34.2m", "-4.2", "-4.2", "exact", None, "GBP", 10**6, "0.05"),
    ("1\u2009120 students", "1120", "1120", "exact", None, None, 1, "0"),
    ("1\u202f120\u202f000", "1120000", "1120000", "exact", None, None, 1, "0"),
    ("two decades", "2", "2", "exact", "decades", None, 1, "0"),
    ("three fortnights", "3", "3", "exact", "fortnights", None, 1, "0"),
    # Dollars marked with their country, other currencies' codes; "out of every".
    ("US$5bn", "5", "5", "exact", None, "USD", 10**9, "0.5"),
    ("A$2m", "2", "2", "exact", None, "AUD", 10**6, "0.5"),
    ("CHF 5", "5", "5", "exact", None, "CHF", 1, "0"),
    ("4.2 million USD", "4.2", "4.2", "exact", None, "USD", 10**6, "0.05"),
    # A final reader's: "or so" makes a figure approximate; a sign after the currency.
    ("a dozen or so", "12", "12", "approx", None, None, 1, "0.5"),
    ("40 or so councils", "40", "40", "approx", None, None, 1, "5"),
    ("£-5m", "-5", "-5", "exact", None, "GBP", 10**6, "0.5"),
    ("a fine of 500 EUR", "500", "500", "exact", None, "EUR", 1, "0"),
    ("covers 40 acres", "40", "40", "exact", "acres", None, 1, "0"),
    ("three out of every four", "75", "75", "exact", "percent", None, 1, "0"),
    ("1 in every 20", "5", "5", "exact", "percent", None, 1, "0"),
    # A vague plural is the interval it allows.
    ("thousands of people", "2000", "1000000", "approx", None, None, 1, "0"),
    ("tens of thousands of people", "20000", "100000", "approx", None, None, 1, "0"),
    ("hundreds of thousands", "200000", "1000000", "approx", None, None, 1, "0"),
    ("several hundred thousand", "200000", "1000000", "approx", None, None, 1, "0"),
    ("a few thousand", "2000", "10000", "approx", None, None, 1, "0"),
    ("dozens of", "24", "204", "approx", None, None, 1, "0"),
    ("half a million homes", "0.5", "0.5", "exact", None, None, 10**6, "0.05"),
    ("twenty-five thousand", "25", "25", "exact", None, None, 10**3, "0.5"),
    ("three hundred and fifty beds", "350", "350", "exact", None, None, 1, "0"),
    ("Ten per cent of teachers left.", "10", "10", "exact", "percent", None, 1, "0.5"),
    ("ten percent", "10", "10", "exact", "percent", None, 1, "0.5"),
    ("ten%", "10", "10", "exact", "percent", None, 1, "0.5"),
    ("two percentage points", "2", "2", "exact", "percentage points", None, 1, "0.5"),
]


@pytest.mark.parametrize(
    ("text", "low", "high", "qualifier", "unit", "currency", "scale", "precision"), CASES
)
def test_reads_figures_as_written(
    text: str,
    low: str,
    high: str,
    qualifier: str,
    unit: str | None,
    currency: str | None,
    scale: int,
    precision: str,
) -> None:
    q = parse_quantity(text)
    assert (q.low, q.high, q.qualifier, q.unit, q.currency, q.scale, q.precision) == (
        D(low),
        D(high),
        qualifier,
        unit,
        currency,
        D(scale),
        D(precision),
    )


def test_fractions_are_exact_percentages() -> None:
    assert parse_quantity("two-thirds").low.quantize(D("0.01")) == D("66.67")
    assert parse_quantity("one-third").low.quantize(D("0.01")) == D("33.33")
    assert parse_quantity("a quarter").low == D(25)


def test_fractions_in_words_with_any_numerator() -> None:
    found = find_quantities("two thirds, seven-tenths, one eighth, A Fifth")
    assert [q.ratio for q in found] == [
        (2, 3),
        (7, 10),
        (1, 8),
        (1, 5),
    ]


def test_words_that_are_no_count() -> None:
    # "One-off", "one-time", "one another": no figure (a claim of 1 passed on them).
    assert find_quantities("a one-off payment, a one-time fee, one another") == []
    assert [q.low for q in find_quantities("No one was charged; no-one was fined")] == [0, 0]
    # "eur" is no currency code: only upper case.
    assert [q.currency for q in find_quantities("GBP 5, eur 5")] == ["GBP", None]


def test_ordinals_and_years_are_not_fractions_or_ratios() -> None:
    assert find_quantities("a third-year student at a sixth form, the third runway") == []
    assert [q.text for q in find_quantities("3 in 2024, then 7 in 10.")] == ["3", "2024", "7 in 10"]
    # Not "one in two": the number in words is read whole (1 in 200).
    assert [q.ratio for q in find_quantities("one in two hundred")] == [(1, 200)]


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        # A fraction: halfway to the neighbouring simple fraction, either side.
        ("a third", "[29.1667, 36.6667]"),
        ("about a third", "[29.1667, 36.6667]"),  # a fraction in words is already "about"
        ("Two in five", "[36.6667, 45]"),
        ("half", "[45, 55]"),
        # The neighbour past four fifths is five in six, not 1 (nor 0 below one in five).
        ("four-fifths", "[77.5, 81.6667]"),
        ("one in five", "[18.3333, 22.5]"),
        ("7 in 10", "[65, 75]"),  # "N in M" past fifths: rounded to 1/M
        ("one in eight", "[6.25, 18.75]"),
        # A bound: the figure rounded toward it, at its last non-zero digit.
        ("more than 23,800", "(23800, 23900)"),
        ("at least 23,800", "[23800, 23900)"),
        ("fewer than 150", "(140, 150)"),
        ("up to 150", "(140, 150]"),
        ("over £1.2bn", "(1200000000, 1300000000)"),
        ("under 25%", "(24, 25)"),
        ("more than half", "(50, 60)"),
        ("fewer than one in ten", "(0, 10)"),
        ("over 16 years", "[16, 17]"),  # or the 16 years something went on over
        # About the figure and not above it.
        ("nearly 1,200", "[1150, 1200]"),
        ("almost 90%", "[85, 90]"),
        ("nearly a third", "[29.1667, 33.3333]"),
        ("about 1,200", "[1150, 1250]"),
    ],
)
def test_a_figure_is_read_with_its_qualifier(text: str, reading: str) -> None:
    assert str(parse_quantity(text).reading()) == reading


@pytest.mark.parametrize(
    ("words", "digits"),
    [
        ("roughly nine million pupils", "roughly 9 million pupils"),
        ("nearly two million journeys", "nearly 2 million journeys"),
        ("Twelve thousand teachers", "12 thousand teachers"),
        ("More than two thousand schools", "More than 2 thousand schools"),
        ("Two and a half million people", "2.5 million people"),
        ("half a million", "0.5 million"),
        ("a million", "1 million"),
        ("twenty-five thousand", "25 thousand"),
        ("Ten per cent", "10 per cent"),
        ("about ninety per cent", "about 90 per cent"),
        ("about twenty", "about 20"),
        ("nearly three years", "nearly 3 years"),
        ("two hundred", "200"),
        ("forty-two", "42"),
    ],
)
def test_a_number_in_words_reads_as_its_digits(words: str, digits: str) -> None:
    """Precision, scale, unit and qualifier as the digits give them: "nine million" is what
    rounds to 9 million, not 9 (nor exactly 9,000,000)."""
    (word,), (digit,) = find_quantities(words), find_quantities(digits)
    assert (word.bounds(), str(word.reading()), word.unit, word.qualifier) == (
        digit.bounds(),
        str(digit.reading()),
        digit.unit,
        digit.qualifier,
    )


_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _in_words(n: int) -> str:
    """1 to 999 as pages write them ("three hundred and forty-two")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    if rest == 0:
        below = ""
    elif rest < 10:
        below = _UNITS[rest]
    elif rest < 20:
        below = _TEENS[rest - 10]
    else:
        below = _TENS[tens] + (f"-{_UNITS[units]}" if units else "")
    if not hundreds:
        return below
    return f"{_UNITS[hundreds]} hundred" + (f" and {below}" if below else "")


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=999),
    st.sampled_from(["", "about ", "more than ", "nearly "]),
    st.sampled_from(["", " thousand", " million", " per cent", " years"]),
)
def test_any_number_in_words_reads_as_its_digits(n: int, before: str, after: str) -> None:
    (word,) = find_quantities(f"{before}{_in_words(n)}{after} in all")
    (digit,) = find_quantities(f"{before}{n}{after} in all")
    assert (word.bounds(), str(word.reading()), word.unit, word.scale) == (
        digit.bounds(),
        str(digit.reading()),
        digit.unit,
        digit.scale,
    )


def test_numbers_in_words_are_read_whole() -> None:
    found = find_quantities("twenty-five schools, one hundred and one days, ninety nine")
    assert [(q.text, q.low) for q in found] == [
        ("twenty-five", D(25)),
        ("one hundred and one days", D(101)),
        ("ninety nine", D(99)),
    ]
    # A scale or fraction not of the number stays apart: not "nine millionths", not "a half".
    assert [q.text for q in find_quantities("nine millionths")] == ["nine"]
    assert [q.ratio for q in find_quantities("two and a half")] == [None]
    assert [q.low for q in find_quantities("two and a half")] == [D("2.5")]


def test_dates_and_periods() -> None:
    assert str(parse_quantity("December 2025").date) == "2025-12"
    assert str(parse_quantity("9 December 2025").date) == "2025-12-09"
    assert str(parse_quantity("1997-2013").period) == "1997/2013"
    assert str(parse_quantity("2023-24").period) == "2023/2024"
    assert parse_quantity("2024").is_year
    assert not parse_quantity("2,024").is_year


def test_several_figures_in_one_text() -> None:
    found = find_quantities("aged 10-15 (57%), of 2,200 reviewed so far, 1,200 remain")
    assert [q.text for q in found] == ["10-15", "57%", "2,200", "1,200"]


def test_words_inside_other_words_are_not_numbers() -> None:
    assert [q.text for q in find_quantities("2012milestone, someone, often")] == ["2012"]


def test_about_40_percent_is_consistent_with_39_6() -> None:
    low, high = parse_quantity("about 40%").bounds()
    assert low <= D("39.6") <= high


def test_parse_quantity_wants_exactly_one() -> None:
    with pytest.raises(ValueError, match="found 0"):
        parse_quantity("no figure here")
    with pytest.raises(ValueError, match="found 2"):
        parse_quantity("1 and 2")


def test_precision_follows_the_digits() -> None:
    assert precision_of(D("5.0"), approx=False) == D("0.05")
    assert precision_of(D("5"), approx=False) == D(0)
    assert precision_of(D("5"), approx=False, rounded=True) == D("0.5")
    assert precision_of(D("9000"), approx=True) == D(500)


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_any_number_written_with_commas_reads_back(value: Decimal) -> None:
    text = f"{value:,}"
    q = parse_quantity(text)
    assert q.low == value
    low, high = q.bounds()
    assert low <= value <= high


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_read_without_error(text: str) -> None:
    for q in find_quantities(text):
        assert q.low <= q.high or q.period is not None
        assert text[q.start : q.end].strip() == q.text


def test_a_number_word_with_a_long_s_is_read_not_a_crash() -> None:
    # IGNORECASE matches "\u017fix" (a long s) as "six"; the lookup must fold the same way.
    assert [str(q.low) for q in find_quantities("We saw \u017fix cases.")] == ["6"]


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("Offences rose from 98,000 to 102,878 in 2024.", ["98,000", "102,878", "2024"]),
        ("up from 400 to 450", ["400", "450"]),
        # Third review: a year inside, a verb not listed, words between, highest first.
        ("Crime fell from 500 in 2019 to 450 in 2023.", ["500", "2019", "450", "2023"]),
        ("Obesity rose from 25% in 2019 to 28% in 2024", ["25%", "2019", "28%", "2024"]),
        ("has widened from £40bn to £55bn", ["£40bn", "£55bn"]),
        ("has risen over the decade from 20% to 30%", ["20%", "30%"]),
        ("grew by 5.6%, from £640 to £676", ["5.6%", "£640", "£676"]),
        ("sales tumbled from 900 to 600", ["900", "600"]),
        ("Cases rose in 2015 to 1,200.", ["2015", "1,200"]),
        ("The rate increased sharply from 4.1 to 5.3 per cent", ["4.1", "5.3 per cent"]),
        ("grew from £3 to £5", ["£3", "£5"]),
        ("Inflation rose from 3% to 5%", ["3%", "5%"]),
        ("costs went up from £3m to £5m", ["£3m", "£5m"]),
        ("the rate fell back from 6.2 to 4.9 per cent", ["6.2", "4.9 per cent"]),
        ("down from 400 to 350", ["400", "350"]),
        # Verbs and nouns of change from the one lexicon, which this list once lacked.
        ("turnout slid from 40% to 38%", ["40%", "38%"]),
        ("growth from 5% to 7%", ["5%", "7%"]),
        ("costs ballooning from £3m to £5m", ["£3m", "£5m"]),
        # How much, then to what: each end with its own "%" or scale.
        ("Unemployment rose 0.2% to 5.2%", ["0.2%", "5.2%"]),
        ("Sales fell by £3m to £5m", ["£3m", "£5m"]),
        # Not a change: one range the figure lies in.
        ("from 5 to 10 years", ["5 to 10 years"]),
        ("ranging from 5 to 10", ["5 to 10"]),
        ("waits of 5 to 10 weeks", ["5 to 10 weeks"]),
        ("Costs rose 3 to 5 per cent", ["3 to 5 per cent"]),
        ("a rise of 3% to 5%", ["3% to 5%"]),
        # A reviewer's ranges, split as changes by "go", a word between the verb and
        # "from", or a range's ends each with its "%".
        ("Pay rises ranging from 3% to 5%", ["3% to 5%"]),
        ("Cuts ranging from 5 to 10 per cent", ["5 to 10 per cent"]),
        ("Tickets go from £5 to £10 depending on distance", ["£5 to £10"]),
        ("Primary schools go from 5 to 11 years old", ["5 to 11 years"]),
        ("estimates of the rise range from 2 to 4.5 degrees", ["2 to 4.5"]),
        ("rise by from 2% to 4%", ["2% to 4%"]),
        ("costs ranging from £3m to £5m", ["£3m to £5m"]),
        # Ends of other scales or units are two figures, as before.
        ("3m to 5bn", ["3m", "5bn"]),
        ("3% to 5 people", ["3%", "5"]),
    ],
)
def test_a_change_from_one_figure_to_another_is_two_figures(text: str, figures: list[str]) -> None:
    """A change ("rose from X to Y") is the before and the after, not a range the truth lies
    in: read as a range, any figure between them fitted it, and a wrong value passed."""
    assert [q.text for q in find_quantities(text)] == figures


def test_the_before_of_a_change_takes_the_after_s_scale_and_unit() -> None:
    before, after = find_quantities("rose from 3 to 5 million people")
    assert before.low * before.scale == Decimal(3_000_000)
    assert after.low * after.scale == Decimal(5_000_000)
    (points_before, _) = find_quantities("fell from 4.1 to 3.9 per cent")
    assert points_before.unit == "percent" and not points_before.is_range
    before, after = find_quantities("rose from £3m to £5m")
    assert (before.text, before.scale, before.currency) == ("£3m", D(10**6), "GBP")


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        # A reviewer's sentences: a number before a scaled one was read unscaled (9, then ten
        # million), so a value that dropped the scale passed.
        ("Nine to ten million viewers", [("Nine to ten million", "9", "10", 10**6, None)]),
        ("Between nine and ten million", [("nine and ten million", "9", "10", 10**6, None)]),
        ("Nine or ten million", [("Nine or ten million", "9", "10", 10**6, None)]),
        (
            "Between three and four billion pounds",
            [("three and four billion pounds", "3", "4", 10**9, "GBP")],
        ),
        # Digits alike.
        ("between 9 and 10 million", [("9 and 10 million", "9", "10", 10**6, None)]),
        ("9 or 10 million people", [("9 or 10 million", "9", "10", 10**6, None)]),
        ("between £9 and £10m", [("£9 and £10m", "9", "10", 10**6, "GBP")]),
        # A change: the before takes the after's scale, as "rose from 3 to 5 million" does.
        (
            "rose from nine to ten million",
            [("nine", "9", "9", 10**6, None), ("ten million", "10", "10", 10**6, None)],
        ),
        # Not one range: "and" without "between" (two figures, both in millions: "populations
        # of 9 and 10 million"; third review), a first end larger than the second, a year, or
        # a qualified second end.
        (
            "nine and ten million",
            [("nine", "9", "9", 10**6, None), ("ten million", "10", "10", 10**6, None)],
        ),
        (
            "Viewers fell from twelve to nine million.",
            [("twelve", "12", "12", 10**6, None), ("nine million", "9", "9", 10**6, None)],
        ),
        (
            "between 500 and 1 million",
            [("500", "500", "500", 1, None), ("1 million", "1", "1", 10**6, None)],
        ),
        (
            "in 2019 to ten million",
            [("2019", "2019", "2019", 1, None), ("ten million", "10", "10", 10**6, None)],
        ),
        (
            "between nine and almost ten million",
            [("nine", "9", "9", 1, None), ("almost ten million", "10", "10", 10**6, None)],
        ),
        ("between 3 and 4", [("3", "3", "3", 1, None), ("4", "4", "4", 1, None)]),
        # A scale hyphenated to a currency is an adjective: "A million-pound contract" is
        # £1m, "Two million-pound homes" two homes of £1m each (as "2 £1m homes").
        ("A million-pound contract", [("A million-pound", "1", "1", 10**6, "GBP")]),
        (
            "Two million-pound homes were sold",
            [("Two", "2", "2", 1, None), ("million-pound", "1", "1", 10**6, "GBP")],
        ),
        ("2 £1m homes", [("2", "2", "2", 1, None), ("£1m", "1", "1", 10**6, "GBP")]),
        ("a two million-pound home", [("two million-pound", "2", "2", 10**6, "GBP")]),
        ("a two-million-pound home", [("two-million-pound", "2", "2", 10**6, "GBP")]),
        ("a 2 million-pound house", [("2 million-pound", "2", "2", 10**6, "GBP")]),
        ("a billion-dollar company", [("a billion-dollar", "1", "1", 10**9, "USD")]),
        ("nine million pounds", [("nine million pounds", "9", "9", 10**6, "GBP")]),
        ("a multi-million-pound deal", []),
    ],
)
def test_a_scale_is_shared_and_a_money_adjective_read_as_money(
    text: str, figures: list[tuple[str, str, str, int, str | None]]
) -> None:
    assert [
        (q.text, str(q.low), str(q.high), q.scale, q.currency) for q in find_quantities(text)
    ] == [(t, low, high, D(scale), cur) for t, low, high, scale, cur in figures]


@pytest.mark.parametrize(
    ("words", "digits"),
    [
        ("Nine to ten million viewers", "9 to 10 million viewers"),
        ("Between nine and ten million", "9 to 10 million"),
        ("Nine or ten million", "9 to 10 million"),
        ("about two or three billion", "about 2 to 3 billion"),
    ],
)
def test_a_range_in_words_reads_as_its_digits(words: str, digits: str) -> None:
    (word,), (digit,) = find_quantities(words), find_quantities(digits)
    assert (word.bounds(), str(word.reading()), word.qualifier) == (
        digit.bounds(),
        str(digit.reading()),
        digit.qualifier,
    )


@pytest.mark.parametrize(
    ("digits", "words"),
    [
        ("3 and a half years", "three and a half years"),
        ("9 and a half million people", "nine and a half million people"),
        ("2 and a quarter years", "two and a quarter years"),
    ],
)
def test_and_a_half_after_digits_reads_as_in_words(digits: str, words: str) -> None:
    """ "3 and a half years" was 3 and a "half" (50%): a value of 3 passed, 3.5 was flagged."""
    (d,) = find_quantities(digits)
    (w,) = find_quantities(words)
    assert (d.low, d.high, d.unit, d.scale, d.precision) == (
        w.low,
        w.high,
        w.unit,
        w.scale,
        w.precision,
    )


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("Crime fell for the 10th year in a row.", []),
        ("the 3rd quarter", []),
        ("on the 21st of May 2024", ["May 2024"]),
        ("the 10th-largest city", []),
        ("10 things", ["10"]),  # the twin: a figure
    ],
)
def test_an_ordinal_is_a_rank_not_a_figure(text: str, figures: list[str]) -> None:
    """ "The 10th year" was the figure 10: a false C001 on a claim of 5%, and a claim of 10
    councils passed on "For the 10th year running, 85 councils" (third review)."""
    assert [q.text for q in find_quantities(text)] == figures


def test_a_vague_plural_is_marked_vague() -> None:
    # A draft or a report must not take "thousands" for the figures 2,000 to 1,000,000.
    assert [q.vague for q in find_quantities("Thousands of people, 1,000 of them children")] == [
        True,
        False,
    ]


def test_a_hyphen_inside_a_word_or_range_is_no_sign() -> None:
    found = [(q.low, q.high) for q in find_quantities("COVID-19, aged 10-17, 2019-20")]
    assert found[:2] == [(D(19), D(19)), (D(10), D(17))]
    assert [(q.low, q.high) for q in find_quantities("from -5 to -3 degrees")] == [(D(-5), D(-3))]


@pytest.mark.parametrize(
    ("text", "low", "unit"),
    [
        ("was minus 12.4°C", "-12.4", "degrees Celsius"),
        ("at 10.9 degrees Celsius", "10.9", "degrees Celsius"),
        ("at 51.6 degrees Fahrenheit", "51.6", "degrees Fahrenheit"),
        ("grew to 1.8GW", "1.8", "gigawatts"),
        ("from 950MW", "950", "megawatts"),
        ("were 6.2MtCO2e", "6.2", "million tonnes CO2e"),
        ("used 5 kWh", "5", "kilowatt hours"),
    ],
)
def test_signed_and_glued_units(text: str, low: str, unit: str) -> None:
    # A drafting review's page: these were "part of a name or code", or lost their sign.
    q = find_quantities(text)[0]
    assert (q.low, q.unit) == (D(low), unit)


def test_a_letter_after_a_number_is_no_unit_of_its_own() -> None:
    # "Room 12C" is no temperature, "the M4" no figure of megawatts.
    assert [(q.low, q.unit) for q in find_quantities("Room 12C off the M4")] == [(D(12), None)]
