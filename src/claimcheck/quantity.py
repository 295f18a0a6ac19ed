"""Figures as pages write them ("over 1,400", "£1.2bn", "two-thirds", "78-79%") as values.

A printed number stands for the interval it could have been rounded from (statcheck, GRIM):
"1.3%" is anything in [1.25, 1.35); "about 40%" anything that rounds to 40 at its last
non-zero digit. Values are Decimals, never floats, so "5.0" keeps its precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from claimcheck.dates import PartialDate, Period, year_pair_end
from claimcheck.units import PAGE_UNIT_PATTERN, page_unit

#: Qualifiers, grouped by the direction they bound a value in.
LOWER = frozenset({"at_least", "more_than"})
UPPER = frozenset({"at_most", "less_than"})

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_FRACTIONS = {
    "half": (1, 2),
    "one-half": (1, 2),
    "one-third": (1, 3),
    "a third": (1, 3),
    "two-thirds": (2, 3),
    "one-quarter": (1, 4),
    "a quarter": (1, 4),
    "three-quarters": (3, 4),
    "one-fifth": (1, 5),
    "a fifth": (1, 5),
    "two-fifths": (2, 5),
    "three-fifths": (3, 5),
    "four-fifths": (4, 5),
    "one-tenth": (1, 10),
    "a tenth": (1, 10),
}
_SCALES = {
    "k": Decimal(1000),
    "thousand": Decimal(1000),
    "m": Decimal(10**6),
    "mn": Decimal(10**6),
    "million": Decimal(10**6),
    "bn": Decimal(10**9),
    "billion": Decimal(10**9),
    "trillion": Decimal(10**12),
}
_CURRENCY = {"£": "GBP", "$": "USD", "€": "EUR"}
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_QUALIFIERS = [
    (r"more than|over|above|in excess of|upwards of", "more_than"),
    (r"at least|no fewer than|no less than|a minimum of", "at_least"),
    (r"up to|at most|no more than|a maximum of", "at_most"),
    (r"less than|fewer than|under|below", "less_than"),
    (
        r"approximately|approx\.?|around|about|roughly|nearly|almost|some|an estimated|"
        r"estimated|circa|c\.|~",
        "approx",
    ),
]
# Spaces become \s+ here: the pattern below is compiled VERBOSE, which drops bare spaces.
_QUALIFIER_RE = "|".join(
    "(?P<q{}>{})".format(i, pattern.replace(" ", r"\s+"))
    for i, (pattern, _) in enumerate(_QUALIFIERS)
)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WORD_RE = "|".join(sorted(_WORDS, key=len, reverse=True))
_FRACTION_RE = "|".join(re.escape(f) for f in sorted(_FRACTIONS, key=len, reverse=True))
_SCALE_RE = r"bn|mn|m|k|thousand|million|billion|trillion"
_UNIT_RE = rf"%|per\s?cent|{PAGE_UNIT_PATTERN}"

_PATTERN = re.compile(
    rf"""
    (?<![\w.,])
    (?:(?:{_QUALIFIER_RE})\s+)?
    (?:
        (?P<date>(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{_MONTH_RE})\.?\s+(?P<dyear>(?:19|20)\d{{2}}))
      | (?P<ypair>(?:19|20)\d{{2}})/(?P<ypair_end>\d{{2}})(?![\w/])
      | (?P<fraction>{_FRACTION_RE})\b
      | (?P<ratio_a>\d+)\s+(?:in|out\ of)\s+(?P<ratio_b>\d+)
      | (?P<cur>[£$€])?(?P<n1>{_NUM})(?:\s*(?P<sep>-|\u2013|to)\s*(?P=cur)?(?P<n2>{_NUM}))?
        (?P<plus>\+)?
        (?:\s*(?P<scale>{_SCALE_RE})\b)?
        (?:\s*-?\s*(?P<unit>{_UNIT_RE})(?![a-z]))?
      | (?P<word>{_WORD_RE})\b(?:[\s-]+(?P<wunit>years?|days?|months?|weeks?))?
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One figure found in text: a value or a range, with how precisely it was stated."""

    low: Decimal
    high: Decimal
    qualifier: str = "exact"
    unit: str | None = None
    currency: str | None = None
    scale: Decimal = Decimal(1)
    #: Half the step of the last digit written ("1.3" -> 0.05, "about 17,100" -> 50).
    precision: Decimal = Decimal("0.5")
    text: str = ""
    start: int = 0
    end: int = 0
    #: A calendar year or date, a period of years, or None for a plain quantity.
    date: PartialDate | None = None
    period: Period | None = None

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    @property
    def is_year(self) -> bool:
        """A bare four-digit number that reads as a year (2024, 1997)."""
        return (
            self.unit is None
            and self.currency is None
            and not self.is_range
            and self.low == self.low.to_integral_value()
            and 1900 <= self.low <= 2100
            and "," not in self.text
            and self.scale == 1
        )

    def bounds(self) -> tuple[Decimal, Decimal]:
        """Every value the written figure could stand for, scaled (ignoring the qualifier)."""
        low, high = min(self.low, self.high), max(self.low, self.high)  # "5-1" reads as 1 to 5
        return (low - self.precision) * self.scale, (high + self.precision) * self.scale

    def __str__(self) -> str:
        return self.text


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def precision_of(number: Decimal, *, approx: bool, rounded: bool = False) -> Decimal:
    """Half the step of the last digit written.

    A whole number stated exactly is a count: 16 years is 16 (precision 0), unless it is
    `rounded` by nature (a percentage, "£65m"). Decimals stand for what rounds to them
    ("1.3" is 1.25 to 1.35). An approximate figure stands for what rounds to it at its last
    non-zero digit ("about 17,100": 17,050 to 17,150).
    """
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    if approx and number != 0 and exponent >= 0:
        digits = str(abs(int(number)))
        exponent = len(digits) - len(digits.rstrip("0"))
    elif exponent >= 0 and not rounded:
        return Decimal(0)
    return Decimal(5) * Decimal(10) ** (exponent - 1)


def _qualifier(match: re.Match[str]) -> str:
    for i, (_, name) in enumerate(_QUALIFIERS):
        if match.group(f"q{i}"):
            return name
    return "exact"


def _unit(raw: str | None) -> str | None:
    """The canonical name of a unit word ("per cent" -> percent, "mins" -> minutes)."""
    if raw is None:
        return None
    unit = page_unit(raw)
    return unit.name if unit is not None else None


def find_quantities(text: str) -> list[Quantity]:
    """Every figure in `text`, in order."""
    found = []
    for match in _PATTERN.finditer(text):
        quantity = _build(match)
        if quantity is not None:
            found.append(quantity)
    return found


def _exact(value: Decimal, match: re.Match[str], qualifier: str, **extra: object) -> Quantity:
    return Quantity(
        value,
        value,
        qualifier,
        precision=Decimal(0),
        text=match.group(0).strip(),
        start=match.start(),
        end=match.end(),
        **extra,  # type: ignore[arg-type]
    )


def _build(match: re.Match[str]) -> Quantity | None:
    qualifier = _qualifier(match)
    text = match.group(0).strip()
    span = {"text": text, "start": match.start(), "end": match.end()}
    if match.group("date"):
        day = int(match.group("day")) if match.group("day") else None
        month = _MONTHS[match.group("month").lower()]
        try:
            date = PartialDate(int(match.group("dyear")), month, day)
            date.last  # noqa: B018 - validates the day
        except ValueError:
            return None
        year = Decimal(date.year)
        return Quantity(year, year, qualifier, precision=Decimal(0), date=date, **span)  # type: ignore[arg-type]
    if match.group("ypair"):
        # 2024/25: a financial or academic year. "2024/23" is no pair: its first year stays a
        # year, as it was read before.
        first = int(match.group("ypair"))
        end = year_pair_end(first, match.group("ypair_end"))
        if end is None:
            return Quantity(
                Decimal(first),
                Decimal(first),
                precision=Decimal(0),
                text=match.group("ypair"),
                start=match.start("ypair"),
                end=match.end("ypair"),
            )
        pair = Period(PartialDate(first), PartialDate(end))
        return Quantity(
            Decimal(first),
            Decimal(end),
            qualifier,
            precision=Decimal(0),
            period=pair,
            **span,  # type: ignore[arg-type]
        )
    if match.group("fraction"):
        num, den = _FRACTIONS[match.group("fraction").lower()]
        return _exact(Decimal(num) * 100 / Decimal(den), match, qualifier, unit="percent")
    if match.group("ratio_a"):
        a, b = Decimal(match.group("ratio_a")), Decimal(match.group("ratio_b"))
        if b == 0 or a > b:
            return None
        return _exact(a * 100 / b, match, qualifier, unit="percent")
    if match.group("word"):
        value = Decimal(_WORDS[match.group("word").lower()])
        unit = _unit(match.group("wunit"))
        return _exact(value, match, qualifier, unit=unit)
    low = _decimal(match.group("n1"))
    high = _decimal(match.group("n2")) if match.group("n2") else low
    if match.group("plus") and qualifier == "exact":
        qualifier = "at_least"
    unit = _unit(match.group("unit"))
    scale = _SCALES.get((match.group("scale") or "").lower(), Decimal(1))
    currency = _CURRENCY.get(match.group("cur") or "")
    approx = qualifier == "approx"
    rounded = unit == "percent" or scale != 1
    precision = max(
        precision_of(low, approx=approx, rounded=rounded),
        precision_of(high, approx=approx, rounded=rounded),
    )
    period = _period(match, low, high)
    if period is not None:
        return Quantity(low, high, qualifier, precision=Decimal(0), period=period, **span)  # type: ignore[arg-type]
    if match.group("n2") and high < low and high < 100 <= low:
        return None  # "2023-24" with a non-consecutive pair: not a figure we can read
    return Quantity(
        low,
        high,
        qualifier,
        unit=unit,
        currency=currency,
        scale=scale,
        precision=precision,
        **span,  # type: ignore[arg-type]
    )


def _period(match: re.Match[str], low: Decimal, high: Decimal) -> Period | None:
    """1997-2013 and 2023-24 are periods of years, not ranges of numbers."""
    first, second = match.group("n1"), match.group("n2")
    if (
        not second
        or match.group("unit")
        or match.group("cur")
        or not re.fullmatch(r"(19|20)\d\d", first)
    ):
        return None
    start = int(first)
    if re.fullmatch(r"(19|20)\d\d", second):
        end = int(second)
    elif re.fullmatch(r"\d\d", second) and int(second) == (start + 1) % 100:
        end = start + 1
    else:
        return None
    if end < start:
        return None
    return Period(PartialDate(start), PartialDate(end))


def parse_quantity(text: str) -> Quantity:
    """The one figure `text` states; ValueError when it states none or several."""
    found = find_quantities(text)
    if len(found) != 1:
        raise ValueError(
            f"expected one figure in {text!r}, found {len(found)}"
            + (": " + ", ".join(q.text for q in found) if found else "")
        )
    return found[0]


def directions_conflict(a: str, b: str) -> bool:
    """True when one qualifier bounds from below and the other from above."""
    return (a in LOWER and b in UPPER) or (a in UPPER and b in LOWER)
