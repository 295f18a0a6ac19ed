"""Figures as pages write them ("over 1,400", "£1.2bn", "two-thirds", "78-79%") as values.

A printed number stands for the interval it could have been rounded from (statcheck, GRIM):
"1.3%" is anything in [1.25, 1.35); "about 40%" anything that rounds to 40 at its last
non-zero digit. A fraction in words stands for the values nearer to it than to its
neighbouring fractions ("two in five": 36.7-45%), and a qualifier says which way the figure
was rounded ("more than 23,800": 23,800-23,900; see Quantity.reading). Values are Decimals,
never floats, so "5.0" keeps its precision.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from claimcheck import lexicon
from claimcheck.dates import (
    MONTHS,
    NAMED_PERIOD,
    NAMED_PERIOD_END,
    PartialDate,
    Period,
    named_period,
    year_pair_end,
)
from claimcheck.expression import Interval
from claimcheck.units import (
    CURRENCIES,
    CURRENCY_CODES,
    CURRENCY_MARKED,
    CURRENCY_SIGNS,
    CURRENCY_WORDS,
    DURATION,
    INDIAN_SCALES,
    PAGE_UNIT_NAMES,
    PAGE_UNIT_PATTERN,
    POINTS,
    SYMBOL_UNIT_PATTERN,
    Unit,
    page_unit,
)

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
#: Fractions in words: a numerator ("a", "two") and a denominator ("third", "fifths").
_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}
#: "A sixth form", "a third party", "a fifth year" are ordinals, not fractions: "a" is read
#: as a numerator only before these, and only when no such noun follows.
_A_DENOMINATORS = ("half", "third", "quarter", "fifth", "tenth")
_ORDINAL_NOUNS = (
    r"(?:year|form|grade|grader|party|place|time|round|century|generation|floor|stage|term)s?"
)
#: The simple fractions pages write in words (halves, thirds, quarters, fifths): one of
#: them is the nearest of these to the value it states.
_SIMPLE = sorted({Fraction(a, b) for b in range(1, 6) for a in range(b + 1)})
_SCALES = {
    "k": Decimal(1000),
    "thousand": Decimal(1000),
    "m": Decimal(10**6),
    "mn": Decimal(10**6),
    "million": Decimal(10**6),
    "bn": Decimal(10**9),
    "billion": Decimal(10**9),
    "tn": Decimal(10**12),
    "trillion": Decimal(10**12),
    "dozen": Decimal(12),
    **INDIAN_SCALES,
}
#: The scale words a number in words takes ("nine million", "twelve thousand", "two dozen").
_WORD_SCALE_RE = "thousand|million|billion|trillion|dozen|lakhs?|crores?"
#: "Two and a half million": the fraction a number in words may end with.
_AND_A = {"half": Decimal("0.5"), "quarter": Decimal("0.25")}
#: Every sign and code the reader takes a currency from: the one table in `units.py`.
_CURRENCY = CURRENCIES
#: The currency signs, as a character class's contents ("£$€¥₹...").
_SIGNS = "".join(CURRENCY_SIGNS)
_MONTHS = MONTHS
_QUALIFIERS = [
    (r"more than|over|above|in excess of|upwards of", "more_than"),
    (r"at least|no fewer than|no less than|a minimum of", "at_least"),
    (r"up to|at most|no more than|a maximum of", "at_most"),
    (r"less than|fewer than|under|below", "less_than"),
    (
        r"approximately|approx\.?|around|about|roughly|some|an estimated|estimated|circa|c\.|~",
        "approx",
    ),
    # About the figure, and not above it: its own group, so the reading knows.
    (r"nearly|almost|just under|just below|not quite", "approx"),
]
#: The index in _QUALIFIERS of the words that approach a figure from below.
_FROM_BELOW = len(_QUALIFIERS) - 1
# Spaces become \s+ here: the pattern below is compiled VERBOSE, which drops bare spaces.
_QUALIFIER_RE = "|".join(
    "(?P<q{}>{})".format(i, pattern.replace(" ", r"\s+"))
    for i, (pattern, _) in enumerate(_QUALIFIERS)
)
#: Text ending in a qualifier ("... more than "): the figure after it is a bound.
QUALIFIED_BEFORE = re.compile(
    r"(?<!\w)(?:{})\s*$".format("|".join(p.replace(" ", r"\s+") for p, _ in _QUALIFIERS)),
    re.IGNORECASE,
)
# Thousands separated by commas, or by a thin, narrow no-break or no-break space ("1 120", as
# SI style and French typography write them), one kind in a number; or in the Indian way, the
# last three digits then pairs ("1,00,000" is a lakh, "12,34,56,789").
_NUM = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\u2009\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:\u202f\d{3})+(?:\.\d+)?|\d{1,3}(?:\u00a0\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
)
#: The spaces `_NUM` allows between groups of digits, removed before a number is read.
_DIGIT_SPACES = str.maketrans("", "", ",\u2009\u202f\u00a0")
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WORD_RE = "|".join(sorted(_WORDS, key=len, reverse=True))
_UNITS_RE = "one|two|three|four|five|six|seven|eight|nine"
# A number under a hundred in words: "twenty-five" is one number, not twenty and five (the
# units only after a word in -ty, one of the tens: one try of the words at each word).
_BELOW_HUNDRED_RE = rf"(?:{_WORD_RE})(?:(?<=ty)[\s-](?:{_UNITS_RE})\b)?"
# A number in words to 999: "two hundred", "three hundred and fifty", "ninety-nine", "a
# hundred and twenty" (not "a hundred" then "twenty").
# One pass over the words at each place (a page is scanned word by word).
_NUMBER_WORDS_RE = (
    rf"(?:an?\s+(?=hundred\b))?{_BELOW_HUNDRED_RE}(?:\s+hundred)?"
    rf"(?:(?<=hundred)\s+and\s+{_BELOW_HUNDRED_RE}\b)?"
)
_DENOMINATOR_RE = "|".join(sorted(_DENOMINATORS, key=len, reverse=True))
_NOT_ORDINAL = rf"\b(?![\s-]+{_ORDINAL_NOUNS}\b)"
# "A third", "half"; a numerator in words ("two thirds") is read with the numbers in words.
_FRACTION_RE = (
    rf"(?P<fa>an?)\s+(?P<fden>{'|'.join(_A_DENOMINATORS)}){_NOT_ORDINAL}|(?P<fhalf>half)\b"
)
# A ratio's parts: digits or a number in words; not a year ("3 in 2024" is no ratio), and a
# number in words with all its words ("one in two hundred" is 1 in 200, not 1 in 2).
_RATIO_DIGITS = r"(?!(?:19|20)\d\d(?!\d|,\d))(?:\d{1,3}(?:,\d{3})+|\d+)(?!\d|[.,]\d)"
_RATIO_PART = (
    rf"{_RATIO_DIGITS}|{_BELOW_HUNDRED_RE}(?:\s+hundred)?\b(?![\s-]+(?:hundred|thousand|million))"
)
_SCALE_RE = r"bn|mn|m|k|tn|thousand|million|billion|trillion|lakhs?|crores?"
#: A currency's code before its amount ("GBP 3.2bn"), upper case only: "eur" is no code.
_CODE_RE = "(?-i:{})".format("|".join(sorted(CURRENCY_CODES, key=len, reverse=True)))
#: A sign marked with its country ("US$5bn", "A$2m", "CN¥3bn"), or the rupee's "Rs", as
#: written (capitals and all).
_MARKED_RE = "(?-i:{})".format(
    "|".join(re.escape(mark) for mark in sorted(CURRENCY_MARKED, key=len, reverse=True))
)
#: Durations a fraction is written of: "half an hour", "three-quarters of an hour".
_FRACTION_OF_RE = r"hour|day|week|month|year|minute|decade"
#: A vague plural that bounds a figure: "thousands of", "tens of thousands", "several
#: hundred thousand". Each reads as the interval it allows (see `_VAGUE`).
_VAGUE_RE = (
    r"(?P<vfew>several|a\s++few)\s++(?P<vunit>dozen|hundred|thousand|million|billion)"
    r"(?:\s++(?P<vof>thousand|million|billion)\b)?"
    r"|(?P<vmany>tens(?=\s++of\b)|dozens|hundreds|thousands|millions|billions)"
    r"(?:\s++of\s++(?P<vof2>thousands|millions|billions))?"
)
#: After "m", the words that make it a metre's symbol, not a million's: a dimension ("a
#: wall 5 m high", "a 5m-high wall", "2 m in diameter", "30 m above sea level"). After a
#: currency it is a million's whatever follows ("£5m deep cuts").
_METRE_BY_WORD = (
    r"(?-i:m)(?=\s++(?:high|tall|long|wide|deep|thick|across"
    r"|in\s++(?:height|length|width|depth|diameter)|(?:above|below)\s++sea\s++level)\b(?!-)"
    r"|-(?:high|tall|long|wide|deep|thick)\b(?!-))"
)
# A unit in symbols with powers first ("m s-1", "km²", "m³/s"): "m" alone is no unit word,
# and "km" would be read without its "/h".
_UNIT_RE = rf"%\s?points?|%|per\s?cent|{SYMBOL_UNIT_PATTERN}|{_METRE_BY_WORD}|{PAGE_UNIT_PATTERN}"
#: A power of ten after a number: "2.5 x 10⁶" (a multiplication sign or an x), "4 x 10^-3", or
#: "10⁶" itself (its "10" is the number read just before). Its exponent in superscript digits
#: or after "^".
_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_POWER_RE = (
    rf"(?:\s*+[x\u00d7]\s*+10|(?<=(?<![\d.,])10))"
    rf"(?:\^\s?[-\u2212]?\d{{1,2}}(?!\d)|\u207b?[{_SUPERSCRIPTS}]{{1,2}}(?![{_SUPERSCRIPTS}]))"
)
#: A power of ten in a figure's text.
_POWER_WRITTEN = re.compile(rf"10(?:\^|[\u207b{_SUPERSCRIPTS}])")
_EXPONENT_DIGITS = str.maketrans(_SUPERSCRIPTS + "\u207b\u2212", "0123456789--")


def _initials(*words: str) -> str:
    """The first letters of `words` (alternatives joined by `|`), for a character class."""
    return "".join(sorted({w[0].lower() for alts in words for w in alts.split("|")}))


# Each alternative is tried only where its first character can stand (a lookahead): under
# IGNORECASE the engine cannot skip a literal that does not match, and tried them all at
# every word of a page (a 1 MB page: 0.45 s -> 0.25 s). The lookaheads match nothing the
# alternatives would not, so the figures found are the same.
_QUALIFIER_START = _initials(*(pattern for pattern, _ in _QUALIFIERS))
_DATE_START = "0-9" + _initials(_MONTH_RE)
_WORD_START = _initials(_WORD_RE)
# The unit names, not their pattern: it is grouped by first letter (units.py).
_UNIT_START = _initials(r"%|per", "|".join(PAGE_UNIT_NAMES))
_SCALE_START = _initials(_SCALE_RE)
#: A month's first two letters (two classes: a few pairs too many, never too few).
_MONTH_START = f"[{_initials(_MONTH_RE)}][{''.join(sorted({m[1] for m in _MONTHS}))}]"
_ANY_START = f"0-9{_SIGNS}{_QUALIFIER_START}{_DATE_START}fthqy{_WORD_START}ahdsmbcjnk"
#: A currency's code or marked sign starts with a capital: its first letters, matched as
#: capitals only ("In" and "is" are not tried for INR).
_CAPITAL_START = "".join(sorted({w[0] for w in (*CURRENCY_CODES, *CURRENCY_MARKED)}))

_PATTERN = re.compile(
    rf"""
    (?<![\w.,])
    (?=[{_ANY_START}]|(?-i:[{_CAPITAL_START}])|[-\u2212\u2013][{_SIGNS}]?\d)
    (?:(?=[{_QUALIFIER_START}])(?:{_QUALIFIER_RE})\s++)?
    (?:
        (?=[{_DATE_START}])
        (?P<date>(?:(?P<day>\d{{1,2}})\s++)?(?={_MONTH_START})(?P<month>{_MONTH_RE})\.?\s++(?P<dyear>(?:19|20)\d{{2}}))
      | (?=[0-9fthqyFTHQY])(?P<named>{NAMED_PERIOD}){NAMED_PERIOD_END}
      # A date written in numbers: 2025-05-20, 2025/05/20, 20/05/2025, 5/20/2025, 20.05.2025,
      # 20-05-2025 (one separator throughout, a year of four digits). Not "20/05" alone nor
      # "5/20 of the seats": without a year it is no date, and is read as it was.
      | (?=\d)(?<![/\-])(?P<ndate>
          (?P<ny>(?:19|20)\d\d)(?P<ns1>[-/])(?P<nm>\d\d?)(?P=ns1)(?P<nd>\d\d?)
          |(?P<na>\d\d?)(?P<ns2>[-/.])(?P<nb>\d\d?)(?P=ns2)(?P<ny2>(?:19|20)\d\d)
        )(?![\w/\-]|\.\d)
      | (?=[12])(?P<ypair>(?:19|20)\d{{2}})/(?P<ypair_end>\d{{2}})(?![\w/])
      | (?=a\s++[tmbhqdlc]|half\s|quarter\s)
        (?:(?:a\s++)?(?P<afrac>half|quarter)\s++(?:of\s++)?)?a\s++(?P<ascale>{_WORD_SCALE_RE})\b
      # "Half an hour", "a quarter of an hour", "an hour and a half".
      | (?=an?[\s-]|three[\s-]|half\s|quarter)
        (?P<dfrac>(?:(?P<dnum>an?|three)[\s-]++)?(?P<dden>half|quarters?)\s++(?:of\s++)?an?
          |an?(?=\s++(?:{_FRACTION_OF_RE})\s++and\s++a\s++half\b))
        \s++(?P<dunit>{_FRACTION_OF_RE})\b(?P<dhalf>\s++and\s++a\s++half\b)?
      | (?=[adhmbst])(?P<vague>{_VAGUE_RE})\b
      | (?=[ah])(?P<fraction>{_FRACTION_RE})
      | (?=\d)(?P<ratio_a>{_RATIO_DIGITS})\s++(?:in|out\ of)(?:\s++every)?\s++
        (?P<ratio_b>{_RATIO_PART})
      | (?=[-\u2212\u2013]?[{_SIGNS}0-9]|minus\s++[{_SIGNS}]?\d|{_CODE_RE}\s?\d|{_MARKED_RE}\s?\d)
        # A sign (a hyphen, a minus or an en dash) stands at a word's start, before the digits
        # or the currency ("-8", "-£5m"); "COVID-19" and "10-17" have none.
        (?P<neg>[-\u2212\u2013](?=[{_SIGNS}]?\d)|minus\s++(?=[{_SIGNS}]?\d))?
        (?P<cur>[{_SIGNS}]|{_MARKED_RE}\s?|{_CODE_RE}\s?)?(?:(?<=[{_SIGNS}])(?P<negc>[-\u2212])(?=\d))?
        (?P<n1>{_NUM})
        # A range's ends may each carry the scale or "%" ("£3m to £5m", "3% to 5%"); the
        # first end only when the second carries the same.
        (?:(?:\s*+(?=[{_SCALE_START}])(?P<scale1>{_SCALE_RE})\b)?(?P<pct1>%)?
          \s*+(?P<sep>-|\u2013|to)\s*+(?P<neg2>[-\u2212](?=[{_SIGNS}]?\d))?(?P=cur)?(?P<n2>{_NUM})
          (?(scale1)(?=\s*+(?P=scale1)\b))(?(pct1)(?=\s*+%)))?
        # "3 and a half years", "9 and a half million": as their words are read.
        (?(n2)|(?:\s++and\s++a\s++(?P<dand>half|quarter)\b)?)
        (?P<plus>\+)?
        # A scale, or a power of ten (not after a range: "3-10⁶" is no range of millions).
        # "m" before a unit in symbols is a metre's ("5 m s-1", "3 m²"), never a million.
        (?:(?(n2)(?!)|(?=\s*+[x\u00d7]|[\u207b^{_SUPERSCRIPTS}])(?P<power>{_POWER_RE}))
          | \s*+(?=[{_SCALE_START}])(?(cur)|(?!{SYMBOL_UNIT_PATTERN}|{_METRE_BY_WORD}))
            (?P<scale>{_SCALE_RE})\b)?
        (?:\s*+-?\s*+(?=[{_UNIT_START}])(?P<unit>{_UNIT_RE})(?![a-z]))?
      | (?=[{_WORD_START}a])(?P<word>{_NUMBER_WORDS_RE})\b
        (?:\s++(?:in|out\ of)(?:\s++every)?\s++(?P<wratio>{_RATIO_PART})
          | [\s-]++(?P<wden>{_DENOMINATOR_RE}){_NOT_ORDINAL}
          | (?:\s++and\s++a\s++(?P<wand>half|quarter)\b)?
            (?:[\s-]++(?P<wscale>{_WORD_SCALE_RE})\b)?
            (?:[\s-]*+(?=[{_UNIT_START}])(?P<wunit>{_UNIT_RE})(?![a-z]))?
        )
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
    #: A share written as a fraction ("two-thirds", "7 in 10"): (numerator, denominator).
    ratio: tuple[int, int] | None = None
    #: "Nearly", "almost": about the figure, and not above it.
    from_below: bool = False
    #: "Over 16 years" is more than 16 years, or the 16 years something went on over.
    may_be_span: bool = False
    #: A vague plural ("thousands of", "several hundred"): the interval it allows, which a
    #: page does not state as a figure (a draft takes no value from it).
    vague: bool = False
    #: What the figure is counted per, read just after it ("412 megalitres per day", "£512 a
    #: year", "£12.5k per player"): "per day", "per year", "per player"; the figure's text
    #: and end stop before it, as they did.
    rate: str | None = None

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
            and _POWER_WRITTEN.search(self.text) is None  # "19.5 x 10²" is no year
        )

    def bounds(self) -> tuple[Decimal, Decimal]:
        """Every value the written figure could stand for, scaled (ignoring the qualifier)."""
        if self.ratio is not None:
            below, above = _neighbours(*self.ratio)
            share = Fraction(*self.ratio)
            return _percent((below + share) / 2), _percent((share + above) / 2)
        low, high = min(self.low, self.high), max(self.low, self.high)  # "5-1" reads as 1 to 5
        return (low - self.precision) * self.scale, (high + self.precision) * self.scale

    def reading(self) -> Span:
        """Every value the figure states, its qualifier included.

        Each qualifier says which way the writer rounded, at the precision the figure's
        digits show (its last non-zero digit; for a fraction, its neighbouring fractions):
        "more than 23,800" is above 23,800 and rounds down to it, so 23,800-23,900;
        "fewer than 150" is 140-150; "nearly 1,200" is about 1,200 and not above it,
        1,150-1,200; "more than a third" is above a third and below two in five.
        """
        low, high = self.bounds()
        stated_low = min(self.low, self.high) * self.scale
        stated_high = max(self.low, self.high) * self.scale
        if self.qualifier in LOWER or self.qualifier in UPPER:
            if self.ratio is not None:
                below, above = (_percent(f) for f in _neighbours(*self.ratio))
            else:
                step = max(_step(self.low), _step(self.high)) * self.scale
                below, above = stated_low - step, stated_high + step
            # The far end is open: a value on the next step would have been written as that
            # step ("over 700" is not said of 800, nor "fewer than 150" of 140).
            if self.qualifier in LOWER:
                strict = self.qualifier == "more_than" and not self.may_be_span
                return Span(stated_low, above, low_open=strict, high_open=not self.may_be_span)
            return Span(below, stated_high, low_open=True, high_open=self.qualifier == "less_than")
        if self.from_below:
            return Span(low, stated_high)
        return Span(low, high)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Span:
    """An interval of values, either end possibly open ("more than 150" leaves out 150)."""

    low: Decimal
    high: Decimal
    low_open: bool = False
    high_open: bool = False

    def gap(self, other: tuple[Decimal, Decimal]) -> Decimal:
        """How far `other` (a closed interval) is from this span; 0 when they meet."""
        return max(self.low - other[1], other[0] - self.high, Decimal(0))

    def meets(self, other: tuple[Decimal, Decimal]) -> bool:
        """Whether `other` (a closed interval) shares a value with this span."""
        if self.gap(other) > 0:
            return False
        if self.low_open and other[1] == self.low:
            return False
        return not (self.high_open and other[0] == self.high)

    def __str__(self) -> str:
        shown = str(Interval(self.low, self.high))
        if self.low == self.high:
            return shown
        return f"{'(' if self.low_open else '['}{shown[1:-1]}{')' if self.high_open else ']'}"


def _neighbours(numerator: int, denominator: int) -> tuple[Fraction, Fraction]:
    """The fractions on either side of a written one, at the detail it was written with.

    Halves, thirds, quarters and fifths are chosen as the nearest simple fraction, so their
    neighbours are the simple fractions beside them (a third lies between a quarter and two
    in five); "N in M" for a larger M rounds to the nearest 1/M, as digits round to theirs
    (7 in 10 lies between 6 in 10 and 8 in 10).
    """
    share = Fraction(numerator, denominator)
    if denominator <= 5:
        at = bisect.bisect_left(_SIMPLE, share)
        below = _SIMPLE[at - 1] if at > 0 else share
        above = _SIMPLE[at + 1] if at + 1 < len(_SIMPLE) else share
        # A fifth's simple neighbour below is none at all, but "one in five" is not said of
        # 12%: one in six is the nearest share below it that a page would write otherwise.
        if below == 0 < share:
            below = Fraction(numerator, denominator + 1)
        if above == 1 > share:
            above = Fraction(numerator + 1, denominator + 1)
        return below, above
    return (
        max(Fraction(numerator - 1, denominator), Fraction(0)),
        min(Fraction(numerator + 1, denominator), Fraction(1)),
    )


def _percent(share: Fraction) -> Decimal:
    return Decimal(share.numerator) * 100 / Decimal(share.denominator)


def _step(number: Decimal) -> Decimal:
    """The step of a figure's last non-zero digit: 100 for 23,800, 0.1 for 1.3, 1 for 0."""
    return precision_of(number, approx=True) * 2


def _decimal(text: str) -> Decimal:
    return Decimal(text.translate(_DIGIT_SPACES))


_ZERO = Decimal(0)
_ONE = Decimal(1)
#: Half the step of a last digit, by the digit's exponent: 0.5 for units, 0.05 for tenths...
_HALF_STEPS = {e: Decimal(5) * Decimal(10) ** (e - 1) for e in range(-12, 13)}


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
        return _ZERO
    half = _HALF_STEPS.get(exponent)
    return half if half is not None else Decimal(5) * Decimal(10) ** (exponent - 1)


def _from_below(match: re.Match[str]) -> bool:
    return bool(match.group(f"q{_FROM_BELOW}"))


_QUALIFIER_GROUPS = tuple(f"q{i}" for i in range(len(_QUALIFIERS)))


def _qualifier(match: re.Match[str]) -> str:
    for found, (_, name) in zip(match.group(*_QUALIFIER_GROUPS), _QUALIFIERS, strict=True):
        if found:
            return name
    return "exact"


@functools.lru_cache(maxsize=1024)
def _page_unit(word: str | None) -> Unit | None:
    """`page_unit`, each word read once: a page repeats its few unit words thousands of
    times (a Unit is immutable, so one serves them all)."""
    return page_unit(word)


def _unit(raw: str | None) -> str | None:
    """The canonical name of a unit word ("per cent" -> percent, "mins" -> minutes)."""
    if raw is None:
        return None
    if raw == "m":  # a metre's symbol by what follows it (`_METRE_BY_WORD`)
        return "metres"
    unit = _page_unit(raw)
    return unit.name if unit is not None else None


#: A change told from one figure to another: "rose from 98,000 to 102,878" is two figures,
#: the before and the after, not a range the truth lies in ("from 5 to 10 years" is one).
#: Only a verb of change directly before "from", or with adverbs between ("increased
#: sharply from", "fell back from"): "rises ranging from 3% to 5%", "rise by from 2% to 4%"
#: and "range from 2 to 4.5" are ranges, and "go from £5 to £10 depending on distance" and
#: "schools go from 5 to 11 years old" too ("go" says where a range runs as often as a change).
#: "Up from" and "down from" are changes on their own ("up from 400 to 450"). The verbs are
#: `claimcheck.lexicon`'s, the words of change every reader shares, in any form.
_CHANGE_VERB = "|".join(
    sorted(
        lexicon.RISE
        | lexicon.FALL
        | lexicon.RAISE
        | lexicon.BETTER
        | lexicon.WORSE
        | lexicon.CHANGE,
        key=len,
        reverse=True,
    )
)
_CHANGE_ADVERB = r"[a-z]+ly|up|down|back|again|further"
#: Up to four other words may stand between the verb and "from" ("has risen over the decade
#: from", "grew by 5.6%, from"), but no word that says a range ("ranging", "varies"), and
#: not "by" just before it. A range written highest first is a fall whatever the verb.
_CHANGE_FROM = re.compile(
    rf"\b(?:(?:{_CHANGE_VERB})\b(?:[ \t]+(?!rang|vary|vari)[^\s]+){{0,4}}?|up|down)"
    # "rise by from 2% to 4%": by between 2% and 4%, the amount's range.
    r"(?<![ \t]by)[ \t]+from[ \t]+$",
    re.IGNORECASE,
)
#: A change told by how much and to what, each end with its own "%" or scale: "rose 0.2% to
#: 5.2%", "fell by £3m to £5m" (the rise, then the level). Without the repeated unit it stays
#: the range it was read as before ("rose 3 to 5 per cent").
_CHANGE_BY = re.compile(
    rf"\b(?:{_CHANGE_VERB})(?:[ \t]+(?:{_CHANGE_ADVERB})){{0,2}}(?:[ \t]+by)?[ \t]+$",
    re.IGNORECASE,
)


#: After a fraction in words, the scale it is a fraction of: "two-thirds of a billion".
_OF_A_SCALE = re.compile(r"\s+of\s+an?\s+(thousand|million|billion|trillion)\b", re.IGNORECASE)


def find_quantities(text: str) -> list[Quantity]:
    """Every figure in `text`, in order."""
    return [_finished(text, q) for q in _read_all(text)]


def _read_all(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    taken = 0  # the end of a figure read past its match ("three-quarters of a million")
    for match in _PATTERN.finditer(text):
        if match.start() < taken:
            continue
        of = (match.group("wden") or match.group("fraction")) and _OF_A_SCALE.match(
            text, match.end()
        )
        if of:
            quantity = _build(match)
            if quantity is not None and quantity.ratio is not None:
                share = Fraction(*quantity.ratio)
                scale = _SCALES[of.group(1).lower()]
                found.append(
                    _of_a_scale(
                        share, scale, match, quantity.qualifier, quantity.from_below, of.end()
                    )
                )
                taken = of.end()
                continue
        if match.group("sep") and _year_and_figure(match):
            found += _ends_apart(match)  # "from 500 in 2019 to 450": a year, then a figure
            continue
        quantity = _build(match)
        if quantity is None:
            continue
        if (
            match.group("sep") == "to"
            and quantity.is_range
            # Highest first is no range ("from 900 to 600"): a fall, whatever its verb.
            and (quantity.low > quantity.high or _is_a_change(match))
        ):
            found += _before_and_after(quantity, match)
            continue
        read = _money_adjective(quantity, match)
        or_so = _OR_SO.match(text, read[-1].end) if read[-1].qualifier == "exact" else None
        if or_so is not None:  # "A dozen or so", "40 or so": about the figure
            last = read[-1]
            read[-1] = dataclasses.replace(
                last,
                qualifier="approx",
                precision=max(last.precision, precision_of(last.low, approx=True)),
                text=text[last.start : or_so.end()],
                end=or_so.end(),
            )
        if found and _shares_scale(text, found[-1], read[0]):
            found[-1:] = _with_shared_scale(text, found[-1], read[0])
            read = read[1:]
        found += read
    return found


#: Time units a rate is given per ("a year", "per annum", "/day"), by the word for one.
_RATE_TIMES = {
    "second": "second",
    "minute": "minute",
    "min": "minute",
    "hour": "hour",
    "hr": "hour",
    "day": "day",
    "week": "week",
    "fortnight": "fortnight",
    "month": "month",
    "quarter": "quarter",
    "year": "year",
    "yr": "year",
    "annum": "year",
    "decade": "decade",
}
_RATE_TIME_RE = "|".join(sorted(_RATE_TIMES, key=len, reverse=True))
#: A rate after a figure: "per" and a time or a thing ("per day", "per player"), "a", "an",
#: "each" or "every" and a time ("£512 a year", "3 days a week"), or "/" and a time ("£5/hour").
#: Not a base ("per 100,000", "per thousand": the figure is a count of those), nor a time
#: that says when ("£1.2m a year ago", "a year later"), nor a compound ("a year-long"). "A
#: year since 1880" is a rate ("retreated 1.4 kilometres a year since 1880"), as "a year
#: in 2024/25" is.
_RATE = re.compile(
    rf"""\s*+(?:
        (?:per|an?|each|every)\s++(?P<time>{_RATE_TIME_RE})
      | /\s?(?P<slash>{_RATE_TIME_RE})
      | per\s++(?!(?:cent|centum|the|an?|{_WORD_RE}|{_WORD_SCALE_RE}|{_SCALE_RE})\b)
        (?P<thing>[a-z]+)
    )\b(?!-)(?!\s++(?:ago|earlier|later|before|after|on|from|to)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
#: Indian scales as the scales every reader of a figure knows: 40 crore is 400 million, 1.5
#: lakh 150 thousand (a drafted unit names its scale: `INR million`).
_WESTERN = {Decimal(10**5): Decimal(100), Decimal(10**7): Decimal(10)}


def _rates(text: str, at: int) -> tuple[str, int]:
    """The rate written from `at` ("per day", "per property per day"; "" when none) and
    where its words end."""
    rates = []
    for _ in range(2):  # "litres per property per day"
        found = _RATE.match(text, at)
        if found is None:
            break
        time = found.group("time") or found.group("slash")
        rates.append(f"per {_RATE_TIMES[time.lower()]}" if time else f"per {found['thing']}")
        at = found.end()
    return " ".join(rates).lower(), at


def rate_end(text: str, q: Quantity) -> int:
    """Where the words of the figure's rate end in `text`, the text it was read from ("£512
    a year": after "year"); the figure's end when it has none."""
    return _rates(text, q.end)[1] if q.rate else q.end


def rate_after(text: str, at: int) -> tuple[str, int]:
    """The rate written from `at` in `text`, as a figure ending there would carry it ("per
    month" of " a month in 2024/25"), and where its words end; ("", at) when none is."""
    return _rates(text, at)


_RATE_START = re.compile(r"\s(?=(?:per|an?|each|every)\s)|/", re.IGNORECASE)


def unit_rate(unit: str | None) -> str | None:
    """The rate a registry's `unit` names, as a figure's is read ("GBP per year", "hours a
    week", "megalitres/day": "per year", "per week", "per day"), or None (a unit with no
    rate: "GBP million", "percent change")."""
    if not unit:
        return None
    for start in _RATE_START.finditer(unit):
        rate, end = _rates(unit, start.start())
        if rate and not unit[end:].strip():
            return rate
    return None


#: A figure's qualifier at its start ("Some 18,250", "more than 52"): its number starts after.
QUALIFIER_LEAD = re.compile(rf"(?:{_QUALIFIER_RE})\s*+", re.IGNORECASE | re.VERBOSE)


def _finished(text: str, q: Quantity) -> Quantity:
    """A figure as read, with its scale in thousands or millions and the rate after it."""
    times = _WESTERN.get(q.scale)
    if times is not None:
        q = dataclasses.replace(
            q,
            low=_plain(q.low * times),
            high=_plain(q.high * times),
            precision=_plain(q.precision * times),
            scale=q.scale / times,
        )
    if q.date is not None or q.period is not None or q.ratio is not None or q.vague or q.is_year:
        return q
    rate = _rates(text, q.end)[0]
    return dataclasses.replace(q, rate=rate) if rate else q


def _plain(value: Decimal) -> Decimal:
    """A value without the trailing zeros a multiplication gave it (150.0 is 150)."""
    if value == value.to_integral_value():
        return value.quantize(_ONE)
    return value.normalize()


#: A scale hyphenated to a currency is an adjective: "a million-pound contract" is £1m,
#: "billion-dollar", "million-euro", "billion-yen"; a currency in words after a scale is the
#: amount's ("nine million pounds", "40 crore rupees", "two billion yen").
_MONEY_ADJECTIVE = re.compile(
    r"-(?P<money>pound|dollar|euro|rupee|yen|yuan)s?\b"
    r"|\s+(?P<amount>pounds|dollars|euros|rupees|yen|yuan|renminbi)\b",
    re.IGNORECASE,
)
#: The currency words, singular and plural (`units.CURRENCY_WORDS`).
_MONEY_WORDS = CURRENCY_WORDS
_CODE_AFTER = re.compile(rf"\s*({_CODE_RE})\b")
_OR_SO = re.compile(r"\s+or\s+so\b", re.IGNORECASE)
_AN_BEFORE = re.compile(r"\ban?\s+$", re.IGNORECASE)


def _money_adjective(quantity: Quantity, match: re.Match[str]) -> list[Quantity]:
    """A figure whose scale is hyphenated to a currency ("million-pound"), as what it says.

    "A million-pound contract", "a two million-pound home", "a two-million-pound home" and
    "two and a half million-pound" are amounts of money (£1m, £2m, £2.5m); "Two
    million-pound homes" is two homes each worth £1m: the count 2, then £1m (as "2 £1m
    homes" is read). "Nine million pounds" is £9m. Any other figure is returned as it was
    read.
    """
    from dataclasses import replace

    text = match.string
    code = _CODE_AFTER.match(text, match.end())
    if code is not None and quantity.currency is None and quantity.unit is None:
        # "4.2 million USD", "500 EUR": a currency's code after the amount is its currency.
        return [
            replace(
                quantity,
                currency=_CURRENCY[code.group(1)],
                text=text[quantity.start : code.end()].strip(),
                end=code.end(),
            )
        ]
    adjective = _MONEY_ADJECTIVE.match(text, match.end())
    if (
        adjective is None
        or quantity.scale == 1
        or quantity.currency is not None
        or quantity.unit is not None
    ):
        return [quantity]
    currency = _MONEY_WORDS[(adjective.group("money") or adjective.group("amount")).lower()]
    if match.group("word"):
        number_end, scale_start = match.end("word"), match.start("wscale")
    else:
        number_end, scale_start = match.end("n1"), match.start("scale")
    whole = (
        adjective.group("amount")
        or match.group("ascale")
        or match.group("wand")
        or quantity.is_range
    )
    if (
        whole
        or number_end < 0
        or "-" in text[number_end:scale_start]
        or quantity.low != quantity.low.to_integral_value()
        or _AN_BEFORE.search(text, max(0, match.start() - 10), match.start())
    ):
        return [
            replace(
                quantity,
                currency=currency,
                text=text[quantity.start : adjective.end()].strip(),
                end=adjective.end(),
            )
        ]
    count = replace(
        quantity,
        scale=_ONE,
        precision=precision_of(quantity.low, approx=quantity.qualifier == "approx"),
        text=text[quantity.start : number_end].strip(),
        end=number_end,
    )
    each = Quantity(
        _ONE,
        _ONE,
        unit=None,
        currency=currency,
        scale=quantity.scale,
        precision=precision_of(_ONE, approx=False, rounded=True),
        text=text[scale_start : adjective.end()],
        start=scale_start,
        end=adjective.end(),
    )
    return [count, each]


#: Between two figures, what makes them the ends of one range (or, after a verb of change,
#: the before and the after) when only the second carries a scale: "nine to ten million",
#: "9 or 10 million", "between 3 and 4 billion" ("and" only after "between").
_SHARED_SCALE_GAP = re.compile(r"\s*(?:-|\u2013)\s*|\s+(?P<sep>to|or|and)\s+", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)


def _shares_scale(text: str, first: Quantity, second: Quantity) -> bool:
    """Whether `first` is a plain number that takes `second`'s scale: the two ends of "Nine
    to ten million viewers" or "between 9 and 10 million" (digits joined by "to" or "-" are
    one range already: "5 to 10 million"). Not "between 500 and 1 million" (500 is not 500
    million), nor a year ("in 2019 to 10 million")."""
    if (
        second.scale == 1
        or first.scale != 1
        or first.unit is not None
        or second.qualifier != "exact"
        or first.is_range
        or second.is_range
        or first.ratio is not None
        or first.date is not None
        or first.period is not None
        or first.is_year
        or first.currency not in (None, second.currency)
    ):
        return False
    gap = _SHARED_SCALE_GAP.fullmatch(text, first.end, second.start)
    if gap is None:
        return False
    if first.low > second.low:
        # Only a fall ("fell from twelve to nine million"): a range is written lowest first.
        return (gap.group("sep") or "").lower() == "to" and _is_change_before(text, first)
    return True


def _is_change_before(text: str, first: Quantity) -> bool:
    return _CHANGE_FROM.search(text, max(0, first.start - 60), first.start) is not None


def _with_shared_scale(text: str, first: Quantity, second: Quantity) -> list[Quantity]:
    """`first` and `second` as the one range they write ("nine to ten million": 9-10
    million), or as the before and the after of a change, each in the second's scale
    ("rose from nine to ten million": 9 million, then 10 million)."""
    from dataclasses import replace

    approx = first.qualifier == "approx"
    precision = max(
        precision_of(first.low, approx=approx, rounded=True),
        precision_of(second.low, approx=approx, rounded=True),
    )
    gap = text[first.end : second.start].strip().lower()
    two = gap == "to" and _is_change_before(text, first)
    # "9 and 10 million" is two figures in millions ("populations of 9 and 10 million"),
    # "between 9 and 10 million" one range.
    two = two or (
        gap == "and" and _BETWEEN.search(text, max(0, first.start - 20), first.start) is None
    )
    if two:
        before = replace(
            first,
            unit=second.unit,
            currency=second.currency,
            scale=second.scale,
            precision=precision_of(first.low, approx=approx, rounded=True),
        )
        return [before, second]
    return [
        replace(
            first,
            high=second.high,
            unit=second.unit,
            currency=second.currency,
            scale=second.scale,
            precision=precision,
            text=text[first.start : second.end].strip(),
            end=second.end,
            may_be_span=first.may_be_span or second.may_be_span,
        )
    ]


_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_ORDINAL_END = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)


def _year_and_figure(match: re.Match[str]) -> bool:
    """Whether one end of a range is a year and the other is not ("fell from 500 in 2019 to
    450", "2015 to 450"): two figures, not a range (a period's ends are both years)."""
    first, second = match.group("n1"), match.group("n2")
    if not first or not second:
        return False
    if (
        _YEAR_DIGITS.fullmatch(first)
        and re.fullmatch(r"\d\d", second)
        and int(second) > int(first[2:])
        and match.group("sep") != "to"
        and not (match.group("unit") or match.group("scale"))
    ):
        return False  # "2019-20", "1997-99": a period of years ("2019 to 28%" is not)
    return bool(_YEAR_DIGITS.fullmatch(first)) != bool(_YEAR_DIGITS.fullmatch(second))


def _ends_apart(match: re.Match[str]) -> list[Quantity]:
    """The figures of each end of a range, read on their own."""
    text = match.string
    second = match.end("sep")
    while second < match.end() and text[second].isspace():
        second += 1
    found = []
    for start, end in ((match.start(), match.end("n1")), (second, match.end())):
        for part in _PATTERN.finditer(text, start, end):
            quantity = _build(part)
            if quantity is not None:
                found.append(quantity)
    return found


def _is_a_change(match: re.Match[str]) -> bool:
    """A range written with "to" that is a change: the before and the after, or how much
    and to what."""
    text, start = match.string, match.start()
    before = max(0, start - 60)
    if _CHANGE_FROM.search(text, before, start):
        return True
    repeated = match.group("pct1") or match.group("scale1")
    return bool(repeated) and _CHANGE_BY.search(text, before, start) is not None


def _before_and_after(quantity: Quantity, match: re.Match[str]) -> list[Quantity]:
    """The two figures of a change ("rose from 98,000 to 102,878 offences"), each with the
    range's scale, unit and currency ("from 3 to 5 million": 3 million)."""
    from dataclasses import replace

    text = match.string
    # The before ends at its own scale or "%", if it has one ("from 3% to 5%").
    first = max(match.end("n1"), match.end("scale1"), match.end("pct1"))
    second = match.end("sep")
    while text[second].isspace():  # the after's own currency sign stays its text: "to £5"
        second += 1
    before = replace(
        quantity,
        high=quantity.low,
        text=text[quantity.start : first].strip(),
        end=first,
    )
    after = replace(
        quantity,
        low=quantity.high,
        text=text[second : quantity.end].strip(),
        start=second,
    )
    return [before, after]


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


#: The groups `_build` tells the kinds of figure apart by, read in one call.
_KINDS = (
    "named",
    "date",
    "ndate",
    "ypair",
    "fraction",
    "ratio_a",
    "wratio",
    "wden",
    "word",
    "n2",
    "ascale",
    "dfrac",
    "vague",
)


def numeric_date(match: re.Match[str]) -> PartialDate | None:
    """The date a date written in numbers names (the `ny`, `nm`, `nd` groups, or `na`, `nb`
    and `ny2`): day or month first are told apart by a number above 12 ("20/05/2025",
    "5/20/2025"); where either could be the month (05/06/2025) only its year is certain, and
    it is read as that year. None when it names no day of the calendar."""
    if match.group("ny"):
        year, month, day = int(match.group("ny")), int(match.group("nm")), int(match.group("nd"))
    else:
        year, a, b = int(match.group("ny2")), int(match.group("na")), int(match.group("nb"))
        if a > 12 >= b:
            month, day = b, a
        elif b > 12 >= a or a == b:
            month, day = a, b
        elif a <= 12 and b <= 12:
            return PartialDate(year) if min(a, b) >= 1 else None
        else:
            return None
    try:
        when = PartialDate(year, month, day)
        when.last  # noqa: B018 - validates the day
    except ValueError:
        return None
    return when


def _build(match: re.Match[str]) -> Quantity | None:
    qualifier = _qualifier(match)
    text = match.group(0).strip()
    span = {"text": text, "start": match.start(), "end": match.end()}
    (named, date, ndate, ypair, fraction, ratio_a, wratio, wden, word, n2, ascale, dfrac, vague) = (
        match.group(*_KINDS)
    )
    if ndate:
        # One date, never its parts as figures (2025, 5 and 20); one that names no day of the
        # calendar (2025-13-45, 31/02/2025) is no figure either, as "31 February 2025" is not.
        when = numeric_date(match)
        if when is None:
            return None
        year = Decimal(when.year)
        return Quantity(year, year, qualifier, precision=Decimal(0), date=when, **span)  # type: ignore[arg-type]
    if named:
        # "Q3 2025", "year ending March 2025", "FY2024": a period, never figures 3 and 2025.
        named = named_period(match)
        if named is None:
            return None
        return Quantity(
            Decimal(named.start.year),
            Decimal(named.end.year),
            qualifier,
            precision=Decimal(0),
            period=named,
            **span,  # type: ignore[arg-type]
        )
    if date:
        day = int(match.group("day")) if match.group("day") else None
        month = _MONTHS[match.group("month").lower()]
        try:
            when = PartialDate(int(match.group("dyear")), month, day)
            when.last  # noqa: B018 - validates the day
        except ValueError:
            return None
        year = Decimal(when.year)
        return Quantity(year, year, qualifier, precision=Decimal(0), date=when, **span)  # type: ignore[arg-type]
    if ypair:
        # 2024/25: a financial or academic year. "2024/23" is no pair: its first year stays a
        # year, as it was read before.
        first = int(ypair)
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
    below = _from_below(match)
    if vague:
        return _vague(match, qualifier)
    if dfrac:
        return _fraction_of_duration(match, qualifier, below)
    if fraction:
        den = _DENOMINATORS[(match.group("fden") or "half").lower()]
        return _share(1, den, match, qualifier, below)
    if ratio_a:
        return _share(_count(ratio_a), _count(match.group("ratio_b")), match, qualifier, below)
    if wratio:
        return _share(_count(word), _count(wratio), match, qualifier, below)
    if wden:
        return _share(_count(word), _DENOMINATORS[wden.lower()], match, qualifier, below)
    if word and word.casefold() == "one":
        if _NOT_A_COUNT_AFTER.match(match.string, match.end("word")):
            return None  # "a one-off payment", "one another": no figure
        if _NO_BEFORE.search(match.string, max(0, match.start() - 4), match.start()):
            # "No-one was charged": none, not one.
            return Quantity(_ZERO, _ZERO, "exact", precision=_ZERO, **span)  # type: ignore[arg-type]
    if word or ascale:
        return _in_words(match, qualifier, below)
    if not n2 and _ORDINAL_END.match(match.string, match.end("n1")):
        return None  # "the 10th year", "the 21st of May": a rank or a day, not a figure
    low = _decimal(match.group("n1"))
    if match.group("dand"):
        low += _AND_A[match.group("dand").lower()]
    high = _decimal(n2) if n2 else low
    if match.group("neg") or match.group("negc"):  # "-£5m", "£-5m"
        low = -low
        if not n2:
            high = low
    if n2 and match.group("neg2"):
        high = -high
    if match.group("plus") and qualifier == "exact":
        qualifier = "at_least"
    unit = _unit(match.group("unit"))
    if unit is not None and _describes_a_noun(match, "unit"):
        unit = None  # "335.9 year-long waits": waits, not years
        span = _cut_before(match, "unit")
    scale = _SCALES.get((match.group("scale") or "").lower(), _ONE)
    currency = _CURRENCY.get((match.group("cur") or "").rstrip())
    approx = qualifier == "approx"
    # Shares and their differences are rounded measurements, as are scaled amounts ("£65m").
    rounded = unit == "percent" or _is_points(unit) or scale != 1
    precision = precision_of(low, approx=approx, rounded=rounded)
    if high is not low:
        precision = max(precision, precision_of(high, approx=approx, rounded=rounded))
    if match.group("power"):
        low, scale, precision = _powered(match, low, approx)
        high = low
    period = _period(match, low, high)
    if period is not None:
        return Quantity(low, high, qualifier, precision=Decimal(0), period=period, **span)  # type: ignore[arg-type]
    if n2 and high < low and high < 100 <= low:
        return None  # "2023-24" with a non-consecutive pair: not a figure we can read
    return Quantity(
        low,
        high,
        qualifier,
        unit=unit,
        currency=currency,
        scale=scale,
        precision=precision,
        from_below=below,
        may_be_span=_over_a_duration(match, unit),
        **span,  # type: ignore[arg-type]
    )


def _powered(match: re.Match[str], low: Decimal, approx: bool) -> tuple[Decimal, Decimal, Decimal]:
    """A number times a power of ten ("2.5 x 10⁶", "4 x 10^-3", "10⁶"): its value, scale
    and precision. The scale is a thousand's power, as "2.5 million" is written (a draft
    names it); the rest of the power is in the value (2.5 x 10⁴ is 25 thousand, 4 x 10⁻³
    is 0.004). The precision is the written number's ("2.5": 2.45 to 2.55 million)."""
    power = match.group("power")
    written = power.split("10", 1)[1] if _TIMES.match(power) else power
    exponent = int(written.lstrip("^").replace(" ", "").translate(_EXPONENT_DIGITS))
    number = low if _TIMES.match(power) else _ONE  # "10⁶" alone is one million
    shift = exponent % 3 if exponent >= 3 else exponent
    precision = precision_of(number, approx=approx, rounded=True).scaleb(shift)
    return _plain(number.scaleb(shift)), Decimal(10) ** (exponent - shift), _plain(precision)


_TIMES = re.compile(r"\s*[x\u00d7]", re.IGNORECASE)


def _in_words(match: re.Match[str], qualifier: str, below: bool) -> Quantity:
    """A number in words, read as its digits are: "nine million" as "9 million" (what rounds
    to 9 million), "Ten per cent" as "10 per cent", "two and a half million" as "2.5
    million", "half a million" as "0.5 million", "about twenty" as "about 20"."""
    word, ascale = match.group("word"), match.group("ascale")
    span = {"text": match.group(0).strip(), "start": match.start(), "end": match.end()}
    if word:
        value = Decimal(_word_number(word))
        extra = match.group("wand")
        if extra:
            value += _AND_A[extra.lower()]
        scale_word = match.group("wscale")
        unit = _unit(match.group("wunit"))
        if unit is not None and _describes_a_noun(match, "wunit"):
            unit = None  # "three year-long waits": waits, not years
            span = _cut_before(match, "wunit")
    else:
        fraction = match.group("afrac")
        scale_word, unit = ascale, None
        if fraction and ascale.casefold() != "dozen":
            # "A quarter of a million": as near 250,000 as a quarter is to the fractions
            # beside it (a fraction in words is the nearest simple one).
            return _of_a_scale(
                _fraction(None, fraction), _SCALES[ascale.lower()], match, qualifier, below
            )
        value = _AND_A[fraction.lower()] if fraction else _ONE
    if scale_word and scale_word.casefold() == "dozen":
        # "Two dozen" is 24, "half a dozen" 6, "about a dozen" about 12: counted, as digits.
        value = (value * 12).quantize(_ONE) if value * 12 % 1 == 0 else value * 12
        return Quantity(
            value,
            value,
            qualifier,
            precision=precision_of(value, approx=qualifier == "approx"),
            text=match.group(0).strip(),
            start=match.start(),
            end=match.end(),
            from_below=below,
        )
    scale = _SCALES[scale_word.lower()] if scale_word else _ONE
    rounded = unit == "percent" or _is_points(unit) or scale != 1
    return Quantity(
        value,
        value,
        qualifier,
        unit=unit,
        scale=scale,
        precision=precision_of(value, approx=qualifier == "approx", rounded=rounded),
        from_below=below,
        may_be_span=_over_a_duration(match, unit),
        **span,  # type: ignore[arg-type]
    )


#: After a unit word, a hyphen joining it to the next word: a compound adjective ("year-long",
#: "mile-wide", "hour-long"); an age ("year-old") is the figure's own.
_COMPOUND_AFTER = re.compile(r"-(?!olds?\b)[a-z]", re.IGNORECASE)
#: An article before the figure makes the figure part of the compound ("a 3 year-long study").
_ARTICLE_BEFORE = re.compile(r"\b(?:an?|the)\s+$", re.IGNORECASE)


def _describes_a_noun(match: re.Match[str], group: str) -> bool:
    """Whether the figure's unit word is half of a compound adjective that describes the noun
    the figure counts: "335.9 year-long waits" are waits, each a year long, and "20 mile-wide
    storms" storms. The unit is written in the singular, a space (not a hyphen, as in
    "10-year-long") apart from the number, and no article stands before the figure ("a 3
    year-long study" is three years)."""
    text, start = match.string, match.start(group)
    word = match.group(group)
    return (
        _COMPOUND_AFTER.match(text, match.end(group)) is not None
        and word.isalpha()
        and len(word) >= 3
        and not word.lower().endswith("s")
        and text[start - 1 : start].isspace()
        and not text[:start].rstrip().endswith("-")
        and _ARTICLE_BEFORE.search(text, max(0, match.start() - 6), match.start()) is None
    )


def _cut_before(match: re.Match[str], group: str) -> dict[str, object]:
    """The figure's text and place without the unit word that is not its own."""
    end = match.start(group)
    while end > match.start() and match.string[end - 1].isspace():
        end -= 1
    return {"text": match.string[match.start() : end], "start": match.start(), "end": end}


_WORD_PARTS = re.compile(r"[^\s-]+")
#: After "one", words that make it no count: "one-off", "one-time", "one-way", "one another".
_NOT_A_COUNT_AFTER = re.compile(r"[\s-](?:off|time|way|sided|another)\b", re.IGNORECASE)
#: Before "one", the "no" of "no one" and "no-one".
_NO_BEFORE = re.compile(r"\bno[\s-]$", re.IGNORECASE)
#: The vague plurals' intervals, as (lowest, highest) multiples of their word: "hundreds" is
#: 200 to under 2,000, "several thousand" 2,000 to under 10,000 ("thousands" and "millions"
#: are said of figures well past ten of them, so their highest is generous).
_VAGUE = {
    "tens": (2, 10),
    "dozens": (2, 17),
    "hundreds": (2, 20),
    "thousands": (2, 1000),
    "millions": (2, 1000),
    "billions": (2, 1000),
}
_VAGUE_UNITS = {
    "dozen": Decimal(12),
    "hundred": Decimal(100),
    "thousand": Decimal(1000),
    "million": Decimal(10**6),
    "billion": Decimal(10**9),
    "tens": Decimal(10),
    "dozens": Decimal(12),
    "hundreds": Decimal(100),
    "thousands": Decimal(1000),
    "millions": Decimal(10**6),
    "billions": Decimal(10**9),
}


def _vague(match: re.Match[str], qualifier: str) -> Quantity:
    """ "Thousands of", "tens of thousands", "several hundred thousand": the interval the
    words allow, so that a figure below it (1,000 for "thousands") does not pass."""
    many = match.group("vmany")
    if many:
        word = many.casefold()
        low_times, high_times = _VAGUE[word]
        unit = _VAGUE_UNITS[word]
        of = match.group("vof2")
        if of:  # "hundreds of thousands": 200,000 to under 1,000,000
            unit *= _VAGUE_UNITS[of.casefold()]
            high_times = 10
    else:  # "several" or "a few" of a unit: 2 to 9 of it
        unit = _VAGUE_UNITS[match.group("vunit").casefold()]
        of = match.group("vof")
        if of:
            unit *= _VAGUE_UNITS[of.casefold()]
        low_times, high_times = 2, 10
    return Quantity(
        unit * low_times,
        unit * high_times,
        "approx" if qualifier == "exact" else qualifier,
        precision=_ZERO,
        text=match.group(0).strip(),
        start=match.start(),
        end=match.end(),
        vague=True,
    )


def _fraction_of_duration(match: re.Match[str], qualifier: str, below: bool) -> Quantity:
    """ "Half an hour" 0.5 hours, "three-quarters of an hour", "a year and a half" 1.5
    years: as near the fraction as the fractions beside it."""
    den = match.group("dden")
    share = _fraction(match.group("dnum"), den) if den else Fraction(0)
    if match.group("dhalf"):
        share += Fraction(3, 2) if not den else Fraction(1, 2)
    value = _decimal_of(share)
    return Quantity(
        value,
        value,
        qualifier,
        unit=_unit(match.group("dunit")),
        precision=_fraction_precision(share - int(share) or Fraction(1, 2)),
        text=match.group(0).strip(),
        start=match.start(),
        end=match.end(),
        from_below=below,
    )


def _of_a_scale(
    share: Fraction,
    scale: Decimal,
    match: re.Match[str],
    qualifier: str,
    below: bool,
    end: int = -1,
) -> Quantity:
    """A fraction of a scale ("three-quarters of a million"), as near as the fraction is to
    the fractions beside it: 725,000 to 775,000."""
    end = match.end() if end < 0 else end
    value = _decimal_of(share)
    return Quantity(
        value,
        value,
        qualifier,
        scale=scale,
        precision=_fraction_precision(share),
        text=match.string[match.start() : end].strip(),
        start=match.start(),
        end=end,
        from_below=below,
    )


def _fraction(numerator: str | None, denominator: str) -> Fraction:
    """ "Three" and "quarters" as 3/4; "a" or none as one."""
    den = _DENOMINATORS[denominator.casefold()]
    if numerator is None or numerator.casefold() in ("a", "an"):
        return Fraction(1, den)
    return Fraction(_word_number(numerator), den)


def _decimal_of(share: Fraction) -> Decimal:
    return (Decimal(share.numerator) / Decimal(share.denominator)).normalize()


def _fraction_precision(share: Fraction) -> Decimal:
    """Half the distance to the nearer neighbouring fraction: what "three quarters" can
    stand for (a half: 0.45 to 0.55; three quarters: 0.725 to 0.775)."""
    if share.denominator == 1 or share.numerator > share.denominator:
        return Decimal("0.05")
    below, above = _neighbours(share.numerator, share.denominator)
    half_gap = min(share - below, above - share) / 2
    return _decimal_of(half_gap)


def _word_number(text: str) -> int:
    """A number in words to 999: "twenty-five" 25, "three hundred and fifty" 350."""
    total = 0
    for part in _WORD_PARTS.findall(text.casefold()):  # casefold: IGNORECASE read a long s
        if part == "hundred":
            total = (total or 1) * 100
        elif part not in ("and", "a", "an"):
            total += _WORDS[part]
    return total


def _over_a_duration(match: re.Match[str], unit: str | None) -> bool:
    """ "Over" before a duration may say when ("victims over 16 years"), not how much."""
    found = _page_unit(unit)
    return (
        found is not None
        and found.dimension == DURATION
        and match.group(0).lstrip().lower().startswith("over")
    )


def _is_points(unit: str | None) -> bool:
    found = _page_unit(unit)
    return found is not None and found.dimension == POINTS


def _count(text: str) -> int:
    """A ratio's part, in digits or in words."""
    if text[:1].isdigit():
        return int(text.replace(",", ""))
    return _word_number(text)


def _share(
    num: int, den: int, match: re.Match[str], qualifier: str, below: bool
) -> Quantity | None:
    """A fraction as the percentage it states ("Two in five": 40%, between its neighbours)."""
    if den == 0 or num > den:
        return None
    value = Decimal(num) * 100 / Decimal(den)
    return _exact(value, match, qualifier, unit="percent", ratio=(num, den), from_below=below)


_YEAR = re.compile(r"(19|20)\d\d")
_TWO_DIGITS = re.compile(r"\d\d")


def _period(match: re.Match[str], low: Decimal, high: Decimal) -> Period | None:
    """1997-2013 and 2023-24 are periods of years, not ranges of numbers."""
    first, second = match.group("n1"), match.group("n2")
    if not second or match.group("unit") or match.group("cur") or not _YEAR.fullmatch(first):
        return None
    start = int(first)
    if _YEAR.fullmatch(second):
        end = int(second)
    elif _TWO_DIGITS.fullmatch(second) and int(second) == (start + 1) % 100:
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
