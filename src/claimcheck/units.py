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
days, but a month is 28 to 31 days and a year 364 to 366, so "6 months" and "26 weeks" can
both be true of one period, while "12 months" is exactly "1 year" (calendar units are exact
among themselves).
"""

from __future__ import annotations

import functools
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
    #: What a unit written in symbols is per ("m s-1": "per second"; `symbol_unit`), its
    #: dimension the numerator's. None for a unit in words: "metres per second" is read by
    #: its first part, as a page may drop its rate.
    rate: str | None = None

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


# Base units: duration in seconds (every unit of time a whole number of them, so that 60
# minutes is exactly an hour), length in metres, volume in litres, mass in kilograms.
_DAY_SECONDS = 86_400
_MONTH_SECONDS = (Decimal(28 * _DAY_SECONDS), Decimal(31 * _DAY_SECONDS))
# A year is 365 or 366 days, and 52 weeks as pages count it ("104 weeks" is two years).
_YEAR_SECONDS = (Decimal(364 * _DAY_SECONDS), Decimal(366 * _DAY_SECONDS))

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
_add("week weeks wk wks", "weeks", DURATION, str(7 * _DAY_SECONDS))
_add("fortnight fortnights", "fortnights", DURATION, str(14 * _DAY_SECONDS))
_add("day days", "days", DURATION, str(_DAY_SECONDS))
_add("hour hours hr hrs", "hours", DURATION, "3600")
_add("minute minutes min mins", "minutes", DURATION, "60")
_add("second seconds sec secs", "seconds", DURATION, "1")
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
_add("milligram milligrams mg", "milligrams", MASS, "0.000001")
# A length's symbol with its power, as science writes an area or a volume ("12 km²", "3 m2",
# "40 m³", "m^3"), and the squares and cubes of each length in words. A power written in
# digits is read only when it follows the symbol directly ("km2"): "km 2" is 2 of something.
#: The length symbols that take a power, to their unit in words and their factor in metres.
LENGTH_SYMBOLS = {
    "m": ("metre", "1"),
    "km": ("kilometre", "1000"),
    "cm": ("centimetre", "0.01"),
    "mm": ("millimetre", "0.001"),
}
for _symbol, (_word, _metres) in LENGTH_SYMBOLS.items():
    for _exponent, _prefix, _dimension, _litres in (
        (2, "square", AREA, Decimal(1)),
        (3, "cubic", VOLUME, Decimal(1000)),  # volume's base unit is the litre
    ):
        _base_factor = Decimal(_metres) ** _exponent * _litres
        _canonical = f"{_prefix} {_word}s"
        _written = "\u00b2" if _exponent == 2 else "\u00b3"
        for _name in (
            f"{_prefix} {_word}",
            _canonical,
            f"{_prefix} {_word.replace('tre', 'ter')}",
            f"{_prefix} {_word.replace('tre', 'ter')}s",
            f"{_symbol}{_written}",
            f"{_symbol}{_exponent}",
            f"{_symbol}^{_exponent}",
        ):
            _TABLE.setdefault(_name, (_canonical, _dimension, (_base_factor, _base_factor), False))
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

_PERCENT_WORDS = frozenset({"percent", "%", "per cent", "percentage", "pct"})
#: A registry's unit for a plain percentage, a share of a whole (0 to 100: C013).
PERCENT_WORDS = _PERCENT_WORDS
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
_MONEY_SCALES = {
    "k": Decimal(10**3),
    "m": Decimal(10**6),
    "tn": Decimal(10**12),
    # A crore as Indian accounts shorten it ("INR cr", "Rs 500 cr"): read in ones, it was
    # ten million times too small.
    "cr": Decimal(10**7),
}
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


#: The unit words a figure may carry on a page, longest first, for the quantity reader. A
#: symbol with a power in digits ("m2", "km3") is read by `SYMBOL_UNIT_PATTERN`, as
#: written (in lower case: "M3" is a motorway); "m²" and "m³" cannot be another thing.
PAGE_UNIT_NAMES = sorted(
    (
        n
        for n in _TABLE
        if (len(n) > 2 and not (n[-1] in "23" and n[:-1].rstrip("^") in LENGTH_SYMBOLS))
        or n in ("km", "kg", "ml", "mm", "cm", "mg", "pp", "bp", "kw", "mw", "gw", "tw", "wh")
        or n in ("°c", "ºc", "°f", "ºf", "m²", "m³")
    ),
    key=len,
    reverse=True,
)
#: The page's unit words, and a length's symbol with its power in digits, in lower case only.
PAGE_UNIT_PATTERN = (
    alternation_by_first_letter(PAGE_UNIT_NAMES) + r"|(?-i:(?:km|cm|mm|m)[23](?![0-9A-Za-z]))"
)

# Units in symbols with powers, as science writes a rate: "5 m s-1" (or m s⁻¹, m·s⁻¹, m/s) is
# 5 metres per second, "9.8 m s-2" metres per second squared, "40 m³/s" cubic metres per
# second, "3 t ha-1" tonnes per hectare, "kg m-3" kilograms per cubic metre. Such a unit is
# read as the rest of the reader reads a rate: its unit is the numerator's (metres), and the
# denominator is its rate ("per second"), as "412 megalitres per day" is megalitres per day.
# A symbol is read in the case science writes it (a lower-case "m" is a metre, "M" no unit).
_POWER_SIGNS = str.maketrans("\u00b9\u00b2\u00b3\u2212\u2013\u207b^", "123---\0")
#: A positive power after a length's symbol: "²", "³", "2", "3", "^2" (no digit after it).
_UP = r"(?:[\u00b2\u00b3]|\^?[23])(?![0-9A-Za-z])"
#: A negative power: "-1" (a hyphen, a minus sign or an en dash), "⁻¹", "^-1".
_DOWN = r"(?:\^?[-\u2212\u2013]|\u207b)[123\u00b9\u00b2\u00b3](?![0-9])"
_LENGTH_SYMBOL = r"(?:km|cm|mm|m)"
#: The symbols a rate's unit may be counted in (a length, a mass, a volume, an area).
_NUMERATOR = r"(?:km|cm|mm|mg|kg|ml|mL|ha|m|g|t|l|L)"
#: The symbols a rate is per: times, and the numerator's symbols.
_DENOMINATOR = r"(?:min|hr|yr|km|cm|mm|mg|kg|ml|mL|ha|s|h|d|a|y|m|g|t|l|L)"
_TERM_SPACE = r"[ \u00a0\u2009\u202f\u00b7\u22c5]"
#: A unit in symbols with a power or a rate: a length with its power ("km²", "m3"), a symbol
#: with one or two denominators written with negative powers ("m s-1", "kg m-2 s-1"), or
#: with a slash ("m³/s", "km/h", "t/ha"). A bare "m" takes a slash only before "s" ("m/s"):
#: "5m/yr" may be five million a year. Case-sensitive wherever it is compiled.
SYMBOL_UNIT_PATTERN = (
    # What may follow a symbol's one or two letters, first: a page's "5 months" or "5 cases"
    # is passed over at its second letter (the quantity reader tries this after every number).
    r"(?=[a-zA-Z]{1,2}[\u00b2\u00b3^/23 \u00a0\u2009\u202f\u00b7\u22c5])"
    rf"(?-i:(?:{_LENGTH_SYMBOL}{_UP}|{_NUMERATOR})(?:{_TERM_SPACE}{_DENOMINATOR}{_DOWN}){{1,2}}"
    rf"|{_LENGTH_SYMBOL}{_UP}/{_DENOMINATOR}(?:{_UP})?"
    rf"|(?:km|cm|mm|mg|kg|ml|mL|ha|g|t|l|L)/{_DENOMINATOR}(?:{_UP})?(?![0-9A-Za-z])"
    rf"|m/s(?:{_UP})?(?![0-9A-Za-z])"
    rf"|{_LENGTH_SYMBOL}{_UP})"
)
_SYMBOL_UNIT = re.compile(SYMBOL_UNIT_PATTERN)
_SYMBOL_PART = re.compile(
    rf"(?P<symbol>{_DENOMINATOR})(?P<power>{_UP}|{_DOWN})?|(?P<slash>/)|{_TERM_SPACE}"
)
#: The words for a rate's denominator, by its symbol.
_PER = {
    "s": "second",
    "min": "minute",
    "h": "hour",
    "hr": "hour",
    "d": "day",
    "a": "year",
    "y": "year",
    "yr": "year",
    "ha": "hectare",
    "kg": "kilogram",
    "g": "gram",
    "mg": "milligram",
    "t": "tonne",
    "l": "litre",
    "ml": "millilitre",
    **{symbol: word for symbol, (word, _) in LENGTH_SYMBOLS.items()},
}
_SQUARE = {2: "square", 3: "cubic"}


def symbol_unit(text: str) -> Unit | None:
    """A unit written in symbols with powers ("m s-1", "km²", "m³/s", "t ha⁻¹"): its
    numerator's unit, named with its rate in words ("metres per second", "metres per second
    squared", "tonnes per hectare"), or None for text that is no such unit."""
    if _SYMBOL_UNIT.fullmatch(text) is None:
        return None
    parts = [m for m in _SYMBOL_PART.finditer(text) if m.group("symbol") or m.group("slash")]
    first = parts[0]
    symbol, power = first.group("symbol").lower(), _power(first.group("power"))
    if power > 1:
        entry = _TABLE[f"{symbol}{power}"]
    else:
        entry = _TABLE.get(symbol) or _TABLE[f"{_PER[symbol]}s"]
    rates: list[str] = []
    slash = False
    for part in parts[1:]:
        if part.group("slash"):
            slash = True
            continue
        down = _power(part.group("power"))
        rates.append(_per_word(part.group("symbol").lower(), down if slash else -down))
    name, dimension, factor, _ = entry
    if not rates:
        return Unit(name, dimension, factor)
    rate = "per " + " per ".join(rates)
    return Unit(f"{name} {rate}", dimension, factor, rate=rate)


def _per_word(symbol: str, times: int) -> str:
    """A denominator in words: "second", "second squared", "square metre"."""
    word = _PER[symbol]
    if times >= 2 and symbol in LENGTH_SYMBOLS:
        return f"{_SQUARE[min(times, 3)]} {word}"
    if times >= 2:
        return word + (" squared" if times == 2 else " cubed")
    return word


#: Every denominator `symbol_unit` writes in words, for reading its names back.
_PER_WORDS = frozenset(_per_word(symbol, times) for symbol in _PER for times in (1, 2, 3))


def _named_rate(key: str) -> Unit | None:
    """A unit `symbol_unit` named ("metres per second"), read back from its name."""
    head, *pers = key.split(" per ")
    entry = _TABLE.get(head)
    if entry is None or not pers or not all(per in _PER_WORDS for per in pers):
        return None
    _, dimension, factor, _ = entry
    return Unit(key, dimension, factor, rate="per " + " per ".join(pers))


def _power(written: str | None) -> int:
    """A power as written ("²", "-1", "⁻¹", "^2"), as a number; 1 when none is written."""
    if not written:
        return 1
    return int(written.translate(_POWER_SIGNS).replace("\0", "") or "1")


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
        # In symbols ("m s-1", "m³/s": read as written), or the name they are read by.
        return symbol_unit(" ".join(word.split())) or _named_rate(key)
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
    # In symbols with powers, read as written ("m s-1", "km²", "m³/s"): its numerator's unit,
    # as "metres per second" is read as metres.
    symbols = symbol_unit(" ".join(text.split()))
    if symbols is not None:
        return symbols
    head = _unglued(_SPLIT.split(raw, maxsplit=1)[0].strip())
    if "00" in head:  # an accountant's scale in zeros: "£000s", "GBP '000", "(000,000)"
        head = _ZEROS.sub(_zeros_scale, head)
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
    if head in _PERCENT_WORDS or (words and words[0] in ("percent", "%", "pct")):
        return Unit("percent", PERCENT)
    for word in (" ".join(words[:2]), *words[:2]):
        found = page_unit(word)
        if found is not None and found.dimension != PERCENT and found.name != LOOSE_POINTS:
            # Its rate in words is kept when it is one a unit in symbols states ("metres per
            # second" is "m s-1"'s, not "m s-2"'s), though the unit is named and read by its
            # first part, as before ("litres per property per day" has none).
            pers = [" ".join(part.split()) for part in _SPLIT.split(raw)[1:]]
            rate = None
            if pers and all(per in _PER_WORDS for per in pers):
                rate = "per " + " per ".join(pers)
            return Unit(
                found.name,
                found.dimension,
                found.factor,
                scale=scale,
                calendar=found.calendar,
                rate=rate,
            )
    return Unit(raw, COUNT, scale=scale)


#: A scale written in zeros, as accounts write it: "£000s", "GBP '000", "$000", "(000s)"
#: thousands; "000,000" or "000000" millions. Read as the word for its zeros (`_ZERO_SCALES`).
_ZEROS = re.compile(r"(?<![\w.,'\u2019])['\u2019]?(0{2,}(?:[,'\u2019]0{3})*)s?(?![\w'\u2019])")
_ZERO_SCALES = {3: "thousand", 6: "million", 9: "billion", 12: "trillion"}
#: Scale words a unit may hold that are none of the scales read (`_SCALES`): a unit with one
#: would be read in ones, silently wrong by its scale, so it is refused (`unread_scale`).
_UNREAD_SCALES = frozenset(
    {"hundred", "hundreds", "dozen", "dozens", "quadrillion", "quadrillions", "quintillion"}
    | {"quintillions", "milliard", "milliards", "mio", "mln", "mrd", "lac", "lacs"}
)


_CODES = "|".join(sorted((code.lower() for code in CURRENCY_CODES), key=len, reverse=True))
#: A currency's code joined to a scale, as accounts head a column: "GBPm", "USDbn", "SEKm",
#: "GBP-k", "GBP000s"; and a scale before the code: "MEUR", "kGBP", "bnUSD". Read as the two
#: words ("GBP m"): as one word, a currency and a scale would be a count of "gbpm".
_GLUED = re.compile(
    rf"(?<![\w$£€¥₹])(?:(?P<code>{_CODES})-?(?P<scale>k|mn|m|bn|tn|thousands?|millions?"
    rf"|billions?|trillions?|lakhs?|crores?|cr|'?0{{3}}(?:[,']?0{{3}})*s?)"
    rf"|(?P<before>k|mn|m|bn)-?(?P<after>{_CODES}))(?![\w'])"
)
#: The same, with a scale claimcheck does not read (German accounts' "TEUR", "Mio.EUR"):
#: refused by `unread_scale` rather than read in ones.
_GLUED_UNREAD = re.compile(
    rf"(?<![\w$£€¥₹])(?:(?:{_CODES})-?(?:mio|mln|mrd|md|tsd|hundreds?)"
    rf"|(?:t|tsd|mio|mln|mrd|md)\.?-?(?:{_CODES}))(?![\w'])"
)


def _unglued(head: str) -> str:
    """A unit's words with a currency code and a scale written as one word parted ("gbpm"
    is "gbp m"): `_GLUED`. Lower case, as `parse_unit` reads a unit."""
    if not any(c.isalpha() for c in head) or _GLUED.search(head) is None:
        return head
    return _GLUED.sub(_parted, head)


def _parted(match: re.Match[str]) -> str:
    if match.group("code"):
        return f"{match.group('code')} {match.group('scale')}"
    return f"{match.group('before')} {match.group('after')}"


def _zeros_scale(match: re.Match[str]) -> str:
    zeros = match.group(1).count("0")
    word = _ZERO_SCALES.get(zeros)
    return f" {word} " if word else match.group()


@functools.lru_cache(maxsize=4096)
def unread_scale(text: str) -> str | None:
    """Why a registry's `unit` cannot be read as the scale it writes ("GBP 00", "hundreds
    of fans"), with what to write; None when it has no scale or one that is read. A
    registry repeats its few units: each is looked at once."""
    raw = " ".join(text.strip().lower().split())
    head = _SPLIT.split(raw, maxsplit=1)[0].strip()  # "deaths per hundred" counts deaths
    glued = _GLUED_UNREAD.search(head)
    found = glued.group() if glued is not None else None
    head = _unglued(head)
    for match in _ZEROS.finditer(head if found is None else ""):
        if match.group(1).count("0") not in _ZERO_SCALES:
            found = match.group()
            break
    if found is None:
        # "Mio." and "Mrd." as German accounts abbreviate them.
        words = _UNIT_WORDS.findall(head)
        found = next((w for w in words if w.rstrip(".") in _UNREAD_SCALES), None)
    if found is None:
        return None
    return (
        f"unit {text.strip()!r} has a scale claimcheck does not read ({found!r}): a unit's "
        "scale is thousand, million, billion or trillion (or '000, k and m beside a "
        "currency; lakh, crore), else the value is written in ones (e.g. value: 1200 with "
        "unit: GBP, or value: 1.2 with unit: GBP thousand); until then its figure is "
        "compared with nothing"
    )


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
    return figure.dimension == claim.dimension and _rates_agree(claim, figure)


def _rates_agree(a: Unit, b: Unit) -> bool:
    """Units in symbols with rates state each other when their rates are one, or times of
    one power (km/h and m/s): "m s-1" is no "m s-2". A unit with no rate (in words, or a
    symbol alone) states any rate's figure, as "metres per second" is read as metres."""
    if a.rate is None or b.rate is None or a.rate == b.rate:
        return True
    times = _time_rate(a.rate), _time_rate(b.rate)
    return None not in times and times[0][0] == times[1][0]  # type: ignore[index]


_TIME_RATE = re.compile(r"per (\w+)(?: (squared|cubed))?")


def _time_rate(rate: str) -> tuple[int, Decimal] | None:
    """A rate per a time alone ("per second", "per second squared"): its power and the
    time's length in seconds; None for any other, and for a calendar time (a month or a year
    has no one length)."""
    found = _TIME_RATE.fullmatch(rate)
    entry = _TABLE.get(f"{found.group(1)}s") if found else None
    if found is None or entry is None or entry[1] != DURATION or entry[3]:
        return None
    return {None: 1, "squared": 2, "cubed": 3}[found.group(2)], entry[2][0]


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
    if source.rate and target.rate and source.rate != target.rate:
        # Per another time of the same power (36 km/h is 10 m/s): times its length.
        per = _time_rate(source.rate), _time_rate(target.rate)
        if per[0] is not None and per[1] is not None and per[0][0] == per[1][0]:
            times = (per[1][1] / per[0][1]) ** per[0][0]
            lo, hi = lo * times, hi * times
    return bounds[0] * lo, bounds[1] * hi


def conversion(
    source: Unit, target: Unit
) -> tuple[tuple[Decimal, Decimal], tuple[Decimal, Decimal]] | None:
    """How a figure in `source` units is put in `target` units of the same dimension: times
    the first interval, divided by the second, each exact (an hour is 3,600 seconds, a
    month 28 to 31 days; 12 months are exactly a year). None for another dimension, or for
    rates of times that cannot be converted ("per day" and "per year": a year has no one
    length in days). `convert` is the same, worked out to bounds."""
    if source.dimension != target.dimension:
        return None
    if source.calendar and target.calendar:
        times, per = (source.factor[0],) * 2, (target.factor[0],) * 2
    else:
        times, per = _in_base(source), _in_base(target)
    if source.rate and target.rate and source.rate != target.rate:
        rates = _time_rate(source.rate), _time_rate(target.rate)
        source_rate, target_rate = rates
        if source_rate is None or target_rate is None or source_rate[0] != target_rate[0]:
            return None
        # 36 km/h is 10 m/s: per an hour is per 3,600 seconds.
        (power, source_time), (_, target_time) = source_rate, target_rate
        times = (times[0] * target_time**power, times[1] * target_time**power)
        per = (per[0] * source_time**power, per[1] * source_time**power)
    return times, per


def _in_base(unit: Unit) -> tuple[Decimal, Decimal]:
    if unit.calendar:  # factor in months
        months = unit.factor[0]
        if months % 12 == 0:
            years = months / 12
            return _YEAR_SECONDS[0] * years, _YEAR_SECONDS[1] * years
        return _MONTH_SECONDS[0] * months, _MONTH_SECONDS[1] * months
    return unit.factor
