"""Units and their dimensions: what a claim's `unit` and a figure's unit word measure.

A small table of our own rather than a unit library: the page's figures need a dozen
dimensions (count, money, percent, percentage points, duration, length, volume, mass,
temperature in Celsius and in Fahrenheit, power, energy, area), a
currency on money and
calendar durations, which general unit libraries model as fixed lengths (pint's month is
1/12 of a Julian year, so "6 months" could never be "26 weeks"). pint is not in the lock and
builds its unit registry from a definitions file at start-up; this table imports in ~2 ms
(compiled) on a command that starts in ~0.1 s.

Every unit has a factor to its dimension's base unit, as an interval: a week is exactly 7
days, but a month is 28 to 31 days and a year 365 to 366, so "6 months" and "26 weeks" can
both be true of one period, while "12 months" is exactly "1 year" (calendar units are exact
among themselves).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

COUNT = "count"
MONEY = "money"
PERCENT = "percent"
#: A difference of two percentages (29.4% - 26.2% is 3.2 percentage points): not a percent.
POINTS = "percentage points"
DURATION = "duration"
LENGTH = "length"
VOLUME = "volume"
MASS = "mass"
TEMPERATURE = "temperature"
#: Fahrenheit is its own dimension: a temperature scale with another zero is no factor away.
FAHRENHEIT = "temperature in Fahrenheit"
KELVIN = "temperature in kelvin"
POWER = "power"
ENERGY = "energy"
AREA = "area"
#: A claim with no `unit`: nothing to compare its mentions' units with.
UNSTATED = "unstated"

_ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Unit:
    """What a figure is counted in: a dimension, the factor to the dimension's base unit
    (an interval), and for money its currency."""

    name: str
    dimension: str
    factor: tuple[Decimal, Decimal] = (_ONE, _ONE)
    currency: str | None = None
    #: The registry's "GBP million" counts in millions (a figure's own scale is its own).
    scale: Decimal = _ONE
    #: Calendar durations (years, months) convert among themselves exactly.
    calendar: bool = False

    def describe(self) -> str:
        if self.dimension == MONEY:
            return f"money ({self.currency})" if self.currency else "money"
        if self.dimension == COUNT:
            return f"a count of {self.name}" if self.name else "a count"
        if self.name == self.dimension:
            return self.dimension
        return f"{self.dimension} ({self.name})"


def _d(text: str) -> Decimal:
    return Decimal(text)


# Base units: duration in days, length in metres, volume in litres, mass in kilograms.
_DAY = (_ONE, _ONE)
_MONTH_DAYS = (_d("28"), _d("31"))
# A year is 365 or 366 days, and 52 weeks as pages count it ("104 weeks" is two years).
_YEAR_DAYS = (_d("364"), _d("366"))

#: Unit words as pages and registries write them, singular or plural, to (dimension,
#: factor, calendar): a calendar unit's factor is in months.
_TABLE: dict[str, tuple[str, str, tuple[Decimal, Decimal], bool]] = {}


def _add(
    names: str,
    canonical: str,
    dimension: str,
    factor: str | tuple[str, str],
    *,
    calendar: bool = False,
) -> None:
    lo, hi = (factor, factor) if isinstance(factor, str) else factor
    for name in names.split():
        _TABLE[name] = (canonical, dimension, (_d(lo), _d(hi)), calendar)


_add("year years yr yrs", "years", DURATION, "12", calendar=True)
_add("month months", "months", DURATION, "1", calendar=True)
_add("decade decades", "decades", DURATION, "120", calendar=True)
_add("century centuries", "centuries", DURATION, "1200", calendar=True)
_add("week weeks wk wks", "weeks", DURATION, "7")
_add("fortnight fortnights", "fortnights", DURATION, "14")
_add("day days", "days", DURATION, "1")
_add("hour hours hr hrs", "hours", DURATION, "0.041666666666666666666666667")
_add("minute minutes min mins", "minutes", DURATION, "0.000694444444444444444444444")
_add("second seconds sec secs", "seconds", DURATION, "0.0000115740740740740740740741")
_add("metre metres meter meters", "metres", LENGTH, "1")
_add("kilometre kilometres kilometer kilometers km", "kilometres", LENGTH, "1000")
_add("centimetre centimetres cm", "centimetres", LENGTH, "0.01")
_add("millimetre millimetres mm", "millimetres", LENGTH, "0.001")
_add("mile miles", "miles", LENGTH, "1609.344")
_add("litre litres liter liters", "litres", VOLUME, "1")
_add("millilitre millilitres ml", "millilitres", VOLUME, "0.001")
_add("megalitre megalitres megaliter megaliters", "megalitres", VOLUME, "1000000")
_add("gallon gallons", "gallons", VOLUME, "4.54609")
for _name in ("cubic metre", "cubic metres", "cubic meter", "cubic meters"):
    _TABLE[_name] = ("cubic metres", VOLUME, (Decimal(1000), Decimal(1000)), False)
_add("gram grams g", "grams", MASS, "0.001")
_add("kilogram kilograms kg kilo kilos", "kilograms", MASS, "1")
_add("tonne tonnes ton tons", "tonnes", MASS, "1000")
# Greenhouse gases as tonnes of CO2 or of its equivalent ("6.2MtCO2e", "384 Mt CO2e", "1.2 Gt
# CO₂"): a mass. The symbol is read only with its gas: alone, "mt" may be a metric ton and
# "kt" a knot.
_GASES = ("co2e", "co2eq", "co2-eq", "co2", "co₂e", "co₂eq", "co₂-eq", "co₂")
for _symbol, _word, _canonical, _factor in (
    ("t", "tonnes", "tonnes", 1000),
    ("kt", "kilotonnes", "kilotonnes", 10**6),
    ("mt", "megatonnes", "million tonnes", 10**9),
    ("gt", "gigatonnes", "billion tonnes", 10**12),
):
    for _gas in _GASES:
        _gas_name = "CO2e" if "e" in _gas[3:] else "CO2"
        _gas_unit = f"{_canonical} {_gas_name}"
        # The canonical name is one of the names: a figure's unit is looked up by it.
        for _name in (
            f"{_symbol}{_gas}",
            f"{_symbol} {_gas}",
            f"{_word} {_gas}",
            _gas_unit.lower(),
        ):
            _TABLE[_name] = (_gas_unit, MASS, (Decimal(_factor), Decimal(_factor)), False)
for _names, _canonical, _factor in (
    (("megatonne", "megatonnes"), "megatonnes", 10**9),
    (("kilotonne", "kilotonnes"), "kilotonnes", 10**6),
    (("gigatonne", "gigatonnes"), "gigatonnes", 10**12),
):
    for _name in _names:
        _TABLE[_name] = (_canonical, MASS, (Decimal(_factor), Decimal(_factor)), False)
for _name in (
    *("°c", "ºc", "degrees celsius", "degree celsius", "celsius", "degrees c", "deg c"),
    *("degrees centigrade", "centigrade"),
):
    _TABLE[_name] = ("degrees Celsius", TEMPERATURE, (_ONE, _ONE), False)
for _name in ("°f", "ºf", "degrees fahrenheit", "degree fahrenheit", "fahrenheit", "degrees f"):
    _TABLE[_name] = ("degrees Fahrenheit", FAHRENHEIT, (_ONE, _ONE), False)
for _name in ("kelvin", "degrees kelvin"):
    _TABLE[_name] = ("kelvin", KELVIN, (_ONE, _ONE), False)
_add("watt watts", "watts", POWER, "1")
_add("kw kilowatt kilowatts", "kilowatts", POWER, "1000")
_add("mw megawatt megawatts", "megawatts", POWER, "1000000")
_add("gw gigawatt gigawatts", "gigawatts", POWER, "1000000000")
_add("tw terawatt terawatts", "terawatts", POWER, "1000000000000")
for _prefix, _short, _factor in (
    ("", "wh", 1),
    ("kilo", "kwh", 10**3),
    ("mega", "mwh", 10**6),
    ("giga", "gwh", 10**9),
    ("tera", "twh", 10**12),
):
    for _name in (_short, f"{_prefix}watt hour", f"{_prefix}watt hours", f"{_prefix}watt-hours"):
        _TABLE[_name] = (
            f"{_prefix}watt hours",
            ENERGY,
            (Decimal(_factor), Decimal(_factor)),
            False,
        )
# Areas, in square metres.
_add("acre acres", "acres", AREA, "4046.8564224")
_add("hectare hectares ha", "hectares", AREA, "10000")
for _area_names, _area_name, _square_metres in (
    (
        ("square metre", "square metres", "square meter", "square meters", "sq m", "m2"),
        "square metres",
        "1",
    ),
    (
        (
            "square kilometre",
            "square kilometres",
            "square kilometer",
            "square kilometers",
            "sq km",
            "km2",
        ),
        "square kilometres",
        "1000000",
    ),
    (("square mile", "square miles", "sq miles"), "square miles", "2589988.110336"),
):
    for _name in _area_names:
        _TABLE[_name] = (_area_name, AREA, (Decimal(_square_metres),) * 2, False)
for _name in ("percentage point", "percentage points", "% point", "% points", "%point", "%points"):
    _TABLE[_name] = (POINTS, POINTS, (_ONE, _ONE), False)
_add("pp ppt ppts", POINTS, POINTS, "1")
for _name in ("basis point", "basis points"):
    _TABLE[_name] = ("basis points", POINTS, (Decimal("0.01"), Decimal("0.01")), False)
_add("bp bps", "basis points", POINTS, "0.01")
#: "3.2 points" is percentage points after a share, but also points on a scale or in a game:
#: it states what a bare number states, or percentage points.
LOOSE_POINTS = "points"
_add("point points pts", LOOSE_POINTS, POINTS, "1")

_PERCENT_WORDS = frozenset({"percent", "%", "per cent", "percentage"})
#: The currencies a page writes, in one table: the quantity reader and the registry's `unit`
#: both read them from here. A sign stands before its amount ("£5m", "₹40 crore").
#: "¥" is the yen's sign (as "$" is the US dollar's): the yuan is written "CN¥", "RMB",
#: "CNY" or "yuan"; a page that means yuan by "¥" disagrees with a claim in CNY out loud
#: (C001), never silently.
CURRENCY_SIGNS = {
    "£": "GBP",
    "$": "USD",
    "€": "EUR",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₦": "NGN",
    "₱": "PHP",
    "₽": "RUB",
    "₺": "TRY",
}
#: A sign marked with its country ("US$5bn", "A$2m", "CN¥3bn"), and the rupee's "Rs"
#: ("Rs 40 crore"): read as written, capitals and all.
CURRENCY_MARKED = {
    "US$": "USD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "R$": "BRL",
    "CN¥": "CNY",
    "JP¥": "JPY",
    "Rs.": "INR",
    "Rs": "INR",
}
#: ISO codes a page writes before or after an amount ("GBP 3.2bn", "4.2 million USD"), in
#: capitals only ("eur" is no code); "RMB" is the yuan's. Codes that are also common words
#: or names in capitals (PHP, TRY) are read only from their signs.
CURRENCY_CODES = {
    **{
        code: code
        for code in (
            *("GBP", "USD", "EUR", "AUD", "CAD", "NZD", "HKD", "CHF", "JPY", "CNY", "INR"),
            *("SGD", "KRW", "ZAR", "BRL", "SEK", "NOK", "DKK"),
        )
    },
    "RMB": "CNY",
}
#: Every way of writing a currency before or after an amount, to its code.
CURRENCIES = {**CURRENCY_SIGNS, **CURRENCY_MARKED, **CURRENCY_CODES}
#: The currency signs, escaped for a character class: one list for every reader.
SIGN_CLASS = "".join(re.escape(sign) for sign in CURRENCY_SIGNS)
#: Currencies named in words after an amount ("4.2 million euros", "300 yen").
CURRENCY_WORDS = {
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "rupees": "INR",
}
#: Every currency word, sign and code in lower case, as the registry's `unit` is read.
_CURRENCIES = {
    **{code.lower(): found for code, found in CURRENCY_CODES.items()},
    **{mark.lower(): found for mark, found in CURRENCY_MARKED.items()},
    **CURRENCY_SIGNS,
    **CURRENCY_WORDS,
}
#: Scales of the Indian numbering system: a lakh is 100,000, a crore 10,000,000.
INDIAN_SCALES = {
    "lakh": Decimal(10**5),
    "lakhs": Decimal(10**5),
    "crore": Decimal(10**7),
    "crores": Decimal(10**7),
}
#: The scale words a registry's unit may count in ("GBP bn", "millions of passengers").
_SCALES = {
    **{
        name: Decimal(10) ** exponent
        for names, exponent in (
            ("thousand thousands", 3),
            ("million millions mn", 6),
            ("billion billions bn", 9),
            ("trillion trillions", 12),
        )
        for name in names.split()
    },
    **INDIAN_SCALES,
}
#: Letters that are a scale only beside a currency: "GBP m" and "£k" are millions and
#: thousands of pounds, but "m" alone may be metres, "k" a thousand of anything or a kilo,
#: and "tn" tonnes (tn is the short ton's abbreviation).
_MONEY_SCALES = {"k": Decimal(10**3), "m": Decimal(10**6), "tn": Decimal(10**12)}
_SIGNS = "".join(CURRENCY_SIGNS)
#: A unit's words: a currency sign is a word of its own ("£m" is £ and m), a marked one too
#: ("nz$ million"), and brackets around one are not part of it ("GBP (millions)").
_UNIT_WORDS = re.compile(
    "|".join(
        re.escape(mark.lower())
        for mark in sorted(CURRENCY_MARKED, key=len, reverse=True)
        if not mark[-1].isalnum() and mark[-1] != "."
    )
    + rf"|[{_SIGNS}%]|[^\s{_SIGNS}%(),]+"
)


def alternation_by_first_letter(names: list[str]) -> str:
    """`one|two|three` of the (lower-case) names, written `o(?:ne)|t(?:wo|hree)`: the same
    matches in the same order of preference, since names that start differently never match
    at one place. Python's regex engine tries every alternative of a flat alternation matched
    ignoring case (it skips one with a wrong first character quickly only when case counts):
    grouped, a 200-name list is tried in a quarter of the time."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name[0], []).append(name[1:])
    return "|".join(
        _escaped(first) + "(?:" + "|".join(_escaped(rest) for rest in rests) + ")"
        for first, rests in groups.items()
    )


def _escaped(words: str) -> str:
    return re.escape(words).replace(r"\ ", r"\s")


#: The unit words a figure may carry on a page, longest first, for the quantity reader.
PAGE_UNIT_NAMES = sorted(
    (
        n
        for n in _TABLE
        if len(n) > 2
        or n in ("km", "kg", "ml", "mm", "cm", "pp", "bp", "kw", "mw", "gw", "tw", "wh")
        or n in ("°c", "ºc", "°f", "ºf")
    ),
    key=len,
    reverse=True,
)
PAGE_UNIT_PATTERN = alternation_by_first_letter(PAGE_UNIT_NAMES)
_SPLIT = re.compile(r"^per\s+|\s+(?:per|a|an|each|every)\s+|/", re.IGNORECASE)


def page_unit(word: str | None) -> Unit | None:
    """The unit a figure's unit word on a page names ("%", "months", "megalitres"), or None."""
    if word is None:
        return None
    key = " ".join(word.lower().split())
    if key in _PERCENT_WORDS or key in ("per cent", "percent"):
        return Unit("percent", PERCENT)
    entry = _TABLE.get(key)
    if entry is None:
        return None
    name, dimension, factor, calendar = entry
    return Unit(name, dimension, factor, calendar=calendar)


def currency_word(word: str) -> str | None:
    """The currency a word after an amount names ("euros", "sterling"): not a code, which a
    page writes in capitals and the quantity reader reads itself."""
    return CURRENCY_WORDS.get(word.lower())


def parse_unit(text: str | None) -> Unit:
    """A registry's `unit`: "percent", "percentage points", "GBP million", "months",
    "megalitres a day", "years of age", "people". Anything not recognised is a count of that
    thing, and so are "points" (of a score as often as of a percentage).

    A rate ("litres per property per day") is read by its first part: its figures are
    compared in that dimension (the page writes "118 litres per property").
    """
    if not text or not text.strip():
        return Unit("", UNSTATED)
    raw = " ".join(text.strip().lower().split())
    if raw in _PERCENT_WORDS:
        return Unit("percent", PERCENT)
    head = _SPLIT.split(raw, maxsplit=1)[0].strip()
    words = _UNIT_WORDS.findall(head)
    # Only the head's words: a rate's denominator is no scale ("deaths per million").
    scale = next((_SCALES[w] for w in words if w in _SCALES), _ONE)
    currency = next((_CURRENCIES[w] for w in words if w in _CURRENCIES), None)
    if currency is not None:
        if scale == _ONE:
            scale = next((_MONEY_SCALES[w] for w in words if w in _MONEY_SCALES), _ONE)
        return Unit(raw, MONEY, currency=currency, scale=scale)
    points = page_unit(" ".join(words[:2]))
    if points is not None and points.dimension == POINTS and points.name != LOOSE_POINTS:
        return points  # before percent: "% points" is no percentage
    if head in _PERCENT_WORDS or (words and words[0] in ("percent", "%")):
        return Unit("percent", PERCENT)
    for word in (" ".join(words[:2]), *words[:2]):
        found = page_unit(word)
        if found is not None and found.dimension != PERCENT and found.name != LOOSE_POINTS:
            return Unit(
                found.name, found.dimension, found.factor, scale=scale, calendar=found.calendar
            )
    return Unit(raw, COUNT, scale=scale)


def compatible(claim: Unit, figure: Unit | None, currency: str | None = None) -> bool:
    """Whether a figure (its unit word, or None for a bare number; `currency` when it has
    one) can state a claim counted in `claim`.

    A bare number can state a count, a duration or a measure whose unit the sentence names
    elsewhere ("aged 10-17", "the 27 works", "rose by 3.2"), but not a percentage or an
    amount of money, which a page always marks (%, £). "Points" alone states what a bare
    number does, or percentage points; "percentage points" and "%" never state each other
    (a rise from 26.2% to 29.4% is 3.2 points, not 3.2%).
    """
    if claim.dimension == UNSTATED:
        return True
    if currency is not None:
        return claim.dimension == MONEY and claim.currency in (None, currency)
    if figure is None or figure.name == LOOSE_POINTS:
        return claim.dimension not in (PERCENT, MONEY)
    return figure.dimension == claim.dimension


def describe_figure(figure: Unit | None, currency: str | None) -> str:
    """What a figure on a page measures, for messages."""
    if currency is not None:
        return f"money ({currency})"
    if figure is None:
        return "a number"
    return figure.describe()


def convert(bounds: tuple[Decimal, Decimal], source: Unit, target: Unit) -> tuple[Decimal, Decimal]:
    """Figure bounds in `source` units as bounds in `target` units (same dimension), widened
    by any uncertainty of the conversion (months to days)."""
    if source.name == target.name or source.dimension != target.dimension:
        return bounds
    if source.calendar and target.calendar:
        lo = hi = source.factor[0] / target.factor[0]
    else:
        s_lo, s_hi = _in_base(source)
        t_lo, t_hi = _in_base(target)
        lo, hi = s_lo / t_hi, s_hi / t_lo
    return bounds[0] * lo, bounds[1] * hi


def _in_base(unit: Unit) -> tuple[Decimal, Decimal]:
    if unit.calendar:  # factor in months
        months = unit.factor[0]
        if months % 12 == 0:
            years = months / 12
            return _YEAR_DAYS[0] * years, _YEAR_DAYS[1] * years
        return _MONTH_DAYS[0] * months, _MONTH_DAYS[1] * months
    return unit.factor
