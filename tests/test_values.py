"""A claim's value as people write it (issue 17, item 6): each accepted form read as the
registry's own, each refused form with the exact line to write, and each accepted form's wrong
twin caught."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from claimcheck.engine import run_checks
from claimcheck.loader import parse_registry
from claimcheck.values import ValueFormError, read_value
from tests.conftest import TODAY


@pytest.mark.parametrize(
    ("raw", "unit", "value", "read_unit"),
    [
        ("8,300,000", "people", Decimal(8300000), "people"),
        ("-1,200.5", None, Decimal("-1200.5"), None),
        ("1.30", None, Decimal("1.30"), None),
        ("31%", None, Decimal(31), "percent"),
        ("31 %", "percent", Decimal(31), "percent"),
        ("4.5 per cent", "per cent", Decimal("4.5"), "per cent"),
        ("£65m", None, Decimal(65), "GBP million"),
        ("£65m", "GBP million", Decimal(65), "GBP million"),
        ("$1,200", None, Decimal(1200), "USD"),
        ("€3.5bn", "EUR billion", Decimal("3.5"), "EUR billion"),
        ("4.6 million", None, Decimal("4.6"), "million"),
        ("4.6 million", "million people", Decimal("4.6"), "million people"),
        ("29.48 million", "litres million", Decimal("29.48"), "litres million"),
        (["1,200", "1,500"], "pupils", (Decimal(1200), Decimal(1500)), "pupils"),
        (["£1m", "£2m"], None, (Decimal(1), Decimal(2)), "GBP million"),
        # Every currency the page's figures are read in (units.py's one table), lakh and
        # crore, and digits grouped the Indian way (review 11: refused, or not a number).
        ("₹40 crore", None, Decimal(40), "INR crore"),
        ("₹40 crore", "INR crore", Decimal(40), "INR crore"),
        ("Rs 1.5 lakh", None, Decimal("1.5"), "INR lakh"),
        ("8,30,000", "people", Decimal(830000), "people"),
        ("12,34,56,789", None, Decimal(123456789), None),
        ("US$5bn", None, Decimal(5), "USD billion"),
        ("GBP 3.2bn", None, Decimal("3.2"), "GBP billion"),
        ("4.2 million USD", None, Decimal("4.2"), "USD million"),
        ("¥300", None, Decimal(300), "JPY"),
        ("CN¥3bn", "CNY billion", Decimal(3), "CNY billion"),
        ("1.5 lakh", "lakh people", Decimal("1.5"), "lakh people"),
    ],
)
def test_accepted_forms(raw: object, unit: str | None, value: object, read_unit: str) -> None:
    assert read_value(raw, unit) == (value, read_unit)


@pytest.mark.parametrize(
    ("raw", "unit", "line"),
    [
        # Wrong twins of accepted forms: the unit says otherwise.
        ("31%", "people", "value: 31 with unit: percent"),
        ("31%", "percentage points", "value: 31 with unit: percent"),
        ("£65m", "people", "value: 65 with unit: GBP million"),
        ("£65m", "USD million", "value: 65 with unit: GBP million"),
        # The scale belongs in the unit (it keeps the figure's rounding).
        ("4.6 million", "people", "value: 4.6 with unit: million people"),
        ("£65m", "GBP", "value: 65 with unit: GBP million"),
        ("£4.6bn", "GBP million", "value: 4600"),
        ("4.6 million", "GBP", "value: 4.6 with unit: million GBP"),
        # "m" after a bare number may be metres.
        ("4.6m", "people", "value: 4.6 with unit: million people"),
        # Commas that are not thousands.
        ("1,5", None, "value: 1.5"),
        ("83,00,00", None, "value: 830000"),  # neither in threes nor the Indian way
        ("8,3,000", None, "value: 83000"),
        # Wrong twins of the currencies and scales units.py reads.
        ("₹40 crore", "INR million", "value: 400"),
        ("₹40 crore", "GBP million", "value: 40 with unit: INR crore"),
        ("40 crore", "people", "value: 40 with unit: crore people"),
        ("£5 USD", None, "value: 5 with unit: GBP"),
    ],
)
def test_refused_forms_name_the_line_to_write(raw: str, unit: str | None, line: str) -> None:
    with pytest.raises(ValueFormError) as info:
        read_value(raw, unit)
    message = str(info.value)
    assert f"(write: {line}" in message, message
    assert "\n" not in message


def registry(value: str, unit: str | None = None, mention: str | None = None) -> str:
    return (
        "version: 1\n"
        "sources:\n  - {id: s, title: S, kind: report, url: https://example.org/s}\n"
        "claims:\n"
        "  - id: c\n"
        "    text: A figure.\n"
        "    kind: figure\n"
        f"    value: {value}\n"
        + (f"    unit: {unit}\n" if unit else "")
        + (f'    mentions: ["{mention}"]\n' if mention else "")
        + "    citations: [{source: s}]\n"
    )


def codes(text: str) -> list[str]:
    loaded = parse_registry(text, "claims.yaml")
    return sorted(f.code for f in run_checks(loaded, today=TODAY).findings)


@pytest.mark.parametrize(
    ("value", "unit", "right", "wrong"),
    [
        ("8,300,000", "people", "8.3 million people", "8.4 million people"),
        ('"31%"', None, "31% of them", "41% of them"),
        ('"31%"', None, "31% of them", "31 of them"),
        ("£65m", None, "£65 million", "£56m"),
        ("£65m", None, "£65 million", "65 million people"),
        ("4.6 million", None, "4.6 million", "4.8 million"),
        ("4.6 million", "million people", "4,612,000 people", "4,700,000 people"),
        ('"₹40 crore"', None, "₹40 crore", "₹41 crore"),
        ('"₹40 crore"', None, "₹400 million", "₹40 million"),
        ('"8,30,000"', "people", "8,30,000 people", "8,03,000 people"),
        ('"US$5bn"', None, "US$5bn", "A$5bn"),
    ],
)
def test_each_accepted_form_agrees_with_c001(
    value: str, unit: str | None, right: str, wrong: str
) -> None:
    assert codes(registry(value, unit, right)) == []
    assert codes(registry(value, unit, wrong)) == ["C001"]


def test_the_error_is_located_at_the_value_and_names_the_line() -> None:
    loaded = parse_registry(registry("4.6 million", "people"), "claims.yaml")
    (finding,) = loaded.findings
    assert finding.code == "R002" and finding.location is not None
    assert (finding.location.line, finding.location.column) == (8, 12)
    assert re.search(r"\(write: value: 4\.6 with unit: million people\)$", finding.message)


def test_the_written_unit_wins_and_the_value_alone_is_dropped_when_refused() -> None:
    loaded = parse_registry(registry("4.6 million", "people"), "claims.yaml")
    (claim,) = loaded.registry.claims
    assert claim.value is None and claim.unit == "people"
