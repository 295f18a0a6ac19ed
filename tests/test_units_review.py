"""Units a review found read wrongly: a greenhouse-gas symbol with a space ("384 Mt CO2e"),
a unit that is half of a compound adjective ("335.9 year-long waits"), currencies the reader
did not know (¥, ₹ with lakh and crore, CN¥, RMB) and the rate after a figure ("412
megalitres per day", "£512 a year"). Each form is planted wrong beside its clean twin, on
subjects of their own (a climate inventory, a hospital's waits, a city's budgets)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.quantity import find_quantities
from tests.helpers import check_text, codes

SOURCE = "sources: [{id: s1, title: R, kind: news, url: 'https://example.org/'}]\n"


def _registry(value: str, unit: str, *, text: str = "t", mention: str | None = None) -> str:
    body = (
        f"  - id: c\n    text: {json.dumps(text)}\n    kind: figure\n    value: {value}\n"
        f"    unit: {json.dumps(unit)}\n    citations: [{{source: s1}}]\n"
    )
    if mention is not None:
        body += f"    mentions: [{json.dumps(mention)}]\n"
    return "version: 1\n" + SOURCE + "claims:\n" + body


def _as_mention(value: str, unit: str, sentence: str) -> list[str]:
    return codes(check_text(_registry(value, unit, mention=sentence)))


def _as_text(value: str, unit: str, sentence: str) -> list[str]:
    return codes(check_text(_registry(value, unit, text=sentence)))


# value, unit, sentence, and a planted value that must not pass: each sentence is tried as a
# mention (C001) and as the claim's text (C015).
READ = [
    # A greenhouse-gas symbol is read with a space before its gas, as without one.
    ("384", "million tonnes CO2e", "The 2023 total was 384 Mt CO2e.", "38.4"),
    ("384", "million tonnes CO2e", "The 2023 total was 384 MtCO2e.", "38.4"),
    ("1.1", "billion tonnes CO2e", "Shipping emitted 1.1 Gt CO₂e in 2022.", "11"),
    ("35", "kilotonnes CO2e", "The plant saved 35 kt CO2e in 2024.", "350"),
    ("4200", "tonnes", "The depot emitted 4,200 t CO2 in 2024.", "420"),
    # A unit joined to the next word by a hyphen describes that word: the figure counts it.
    (
        "335.9",
        "waits per 100,000 people",
        "That is 335.9 year-long waits per 100,000 people.",
        "336.9",
    ),
    ("12", "strikes", "Staff held 12 day-long strikes in 2024.", "13"),
    ("40", "videos", "The course has forty minute-long videos.", "41"),
    # With an article, or a hyphen after the number, the unit is the figure's own.
    ("36", "months", "It was a 3 year-long study.", "48"),
    ("10", "years", "The 10-year-long project ended.", "11"),
    ("5", "years", "Of the 5 year-old children, none had been vaccinated.", "6"),
    # Currencies the reader now knows, with their scales.
    ("3", "JPY billion", "Debt stood at ¥3 billion.", "4"),
    ("40", "INR crore", "The bill was ₹40 crore.", "4"),
    ("400", "INR million", "The bill was ₹40 crore.", "40"),
    ("1.5", "INR lakh", "Rs 1.5 lakh was paid to each family.", "15"),
    ("40", "INR crore", "The scheme cost 40 crore rupees.", "41"),
    ("3", "CNY billion", "The loan was CN¥3bn.", "4"),
    ("5", "CNY billion", "Trade with the port was RMB 5bn.", "6"),
    ("2.4", "KRW trillion", "The budget was ₩2.4 trillion.", "2.5"),
    ("100000", "people", "Some 1,00,000 people came to the fair.", "100"),
    # A figure with a rate after it keeps its value.
    ("412", "megalitres per day", "Leakage fell to 412 megalitres per day in 2024/25.", "421"),
    ("512", "GBP a year", "The average household bill is £512 a year.", "521"),
]


@pytest.mark.parametrize(("value", "unit", "sentence", "planted"), READ)
def test_read_forms_fit_and_their_planted_twins_do_not(
    value: str, unit: str, sentence: str, planted: str
) -> None:
    assert _as_mention(value, unit, sentence) == []
    assert _as_text(value, unit, sentence) == []
    assert _as_mention(planted, unit, sentence) == ["C001"]
    assert "C015" in _as_text(planted, unit, sentence)


# A figure of another unit or currency than the claim's is reported, never passed.
MISREAD = [
    ("384", "million tonnes CO2e", "The 2023 total was 384 t CO2e."),
    ("384", "million tonnes CO2e", "The 2023 total was 384 Gt CO2e."),
    ("3", "CNY billion", "Debt stood at ¥3 billion."),  # "¥" is the yen's sign
    ("3", "JPY billion", "The loan was CN¥3bn."),
    ("40", "INR million", "The bill was ₹40 crore."),  # 40 crore is 400 million
    ("3", "USD billion", "Debt stood at ¥3 billion."),
]


@pytest.mark.parametrize(("value", "unit", "sentence"), MISREAD)
def test_another_unit_or_currency_is_reported(value: str, unit: str, sentence: str) -> None:
    assert _as_mention(value, unit, sentence) == ["C001"]


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("Leakage fell to 412 megalitres per day in 2024/25.", "per day"),
        ("Leakage fell to 412 megalitres\nper day in 2024/25.", "per day"),
        ("The average household bill is £512 a year.", "per year"),
        ("The salary cap is £12.5k per player per season.", "per player per season"),
        ("Volunteers gave 318 hours a week.", "per week"),
        ("Rents rose 5% per annum.", "per year"),
        ("Parking costs £5/hour.", "per hour"),
        ("The fund pays ₹2 lakh each month.", "per month"),
        ("Water use was 137 litres per person per day.", "per person per day"),
    ],
)
def test_a_rate_after_a_figure_is_read(text: str, rate: str) -> None:
    [figure] = [q for q in find_quantities(text) if q.period is None]
    assert figure.rate == rate


@pytest.mark.parametrize(
    "text",
    [
        "There were 412 deaths per 100,000 people.",  # a base, not a rate
        "There were 3.2 deaths per thousand births.",
        "He earned £1.2m a year ago.",  # a time that says when
        "The price was £40 a year later.",
        "Prices rose 3 per cent.",
        "The 12 year-long waits were cut.",
        "Each of the 40 pupils was there every day.",
    ],
)
def test_what_is_no_rate_is_not_read_as_one(text: str) -> None:
    assert all(q.rate is None for q in find_quantities(text))


def test_the_figures_value_and_text_are_unchanged_by_a_rate() -> None:
    [before] = find_quantities("The bill is £512.")
    [after] = find_quantities("The bill is £512 a year.")
    assert (after.low, after.currency, after.text, after.end) == (
        before.low,
        before.currency,
        "£512",
        before.end,
    )


def test_indian_scales_read_in_thousands_and_millions() -> None:
    """A crore is ten million and a lakh a hundred thousand: read as the scales a drafted unit
    names (`INR million`), with the rounding their digits imply."""
    d = Decimal
    [crore] = find_quantities("The bill was ₹40 crore.")
    assert (crore.low, crore.scale, crore.currency) == (d(400), d(10**6), "INR")
    assert crore.bounds() == (d(395 * 10**6), d(405 * 10**6))
    [lakh] = find_quantities("Rs. 1.5 lakh was paid.")
    assert (lakh.low, lakh.scale, lakh.currency) == (d(150), d(1000), "INR")
    assert lakh.bounds() == (d(145_000), d(155_000))
    [both] = find_quantities("between 40 and 50 crore")
    assert (both.low, both.high, both.scale) == (d(400), d(500), d(10**6))


def test_drafts_keep_the_currency(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Budgets\n\nDebt stood at ¥3 billion.\n\nThe bill was ₹40 crore.\n\n"
        "The loan was CN¥3bn.\n",
        encoding="utf-8",
    )
    registry = tmp_path / "claims.yaml"
    result = CliRunner().invoke(
        app, ["init", str(registry), "--from", str(page)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    units = [
        line.split(":", 1)[1].strip()
        for line in registry.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("unit:")
    ]
    assert units == ["JPY billion", "INR million", "CNY billion"]


def test_every_units_canonical_name_is_read_back() -> None:
    """A figure carries its unit's canonical name, and every check looks the unit up by it:
    a name missing from the table ("billion tonnes CO2e") left the figure unconverted."""
    from claimcheck.units import PAGE_UNIT_NAMES, page_unit

    for name in PAGE_UNIT_NAMES:
        unit = page_unit(name)
        assert unit is not None
        assert page_unit(unit.name) == unit, name
