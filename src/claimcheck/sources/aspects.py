"""What a figure says besides its number: when, which way, in what, and which bound.

A source's figure supports a claim's only if they agree on more than the number. "Knife
crime decreased by 8%" does not support "increased by 8%", nor "4.2 million euros" "£4.2
million", nor "5.1 road deaths per 100,000 people" "5.1 road deaths", nor "fewer than 9,000"
"more than 9,000", nor "4.2 million tonnes in 2022" "4.2 million tonnes in 2023". Each of
these is read from the figure's own clause (`measure.scopes`), the same way for the source
and for the claim's text, and compared only when both sides say it:

- **time**: the year, period or date of the figure's clause: the one after the figure (before
  the next figure), else the one before it; "between 2019 and 2021" is one period; a time
  that is a comparison's base ("compared with 2023", "since 1990", "than in 2015", "on
  2023") is not the figure's. In a table row, the time is the row's first cell or the
  column's header. A sentence that opens with its one time ("In 2024, ...") gives it to
  every figure. Times agree when one contains the other (2024 is in 2024/25; 2024/25 and
  2025/26 are different years).
- **direction**: a rise or a fall, from the word of change nearest the figure: right after
  it ("a 3.1% rise", "8% lower", "17% above"), else before it in its clause ("decreased by
  8%"), else, for a figure whose verb is left out ("and robbery by 5%"), before it in its
  sentence. "Change" says no direction.
- **unit**: a currency (£, euros, USD), a measurement unit (tonnes, cubic metres, miles,
  degrees Celsius), and a rate's base ("per 100,000 people", "for every 1,000"; a base of
  time, "a year", is left out: pages drop it). A source's bare number has no unit to differ.
  A mass may say its gas, as a symbol ("MtCO2e") or in words after its unit ("million tonnes
  carbon dioxide equivalent", "tonnes of CO2"): CO2, its equivalent and carbon differ.
- **bound**: "more than", "at least" against "fewer than", "at most"; and a range or a bound
  against a single figure: "between 40 and 55" or "more than 102" holds 48.3 or 102 but
  does not state it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from claimcheck import lexicon
from claimcheck.model import Claim
from claimcheck.quantity import LOWER, UPPER, Quantity
from claimcheck.units import (
    COUNT,
    MASS,
    MONEY,
    PERCENT,
    POINTS,
    UNSTATED,
    Unit,
    currency_word,
    page_unit,
    parse_unit,
)


def _wordlist(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that say a figure rose (+1) or fell (-1) (`claimcheck.lexicon`). Comparatives
#: ("higher", "above") only right after a figure ("8% higher"): before one they are a bound
#: ("above 40%"). A loss is a fall here ("lost 3%").
_UP = lexicon.RISE | {"up"}
_DOWN = lexicon.FALL | {"down", "lost", "loss"}
_UP_AFTER = _UP | lexicon.MORE
_DOWN_AFTER = _DOWN | lexicon.LESS
_WORD = re.compile(r"[A-Za-z]+")
#: How many words after a figure a word of change may stand and still be its ("3.1% rise",
#: "8 percentage points lower"): its unit and scale words come first.
_AFTER_WORDS = 3
#: A figure whose verb is left out ("and robbery by 5%") takes the sentence's.
_BY = re.compile(r"\bby\s+$", re.IGNORECASE)

_SPAN_JOIN = re.compile(r"\s+(?:and|to|until)\s+|\s*[-\u2013]\s*")
_SPAN_OPEN = re.compile(r"(?i)\b(?:between|from)\s+$")

#: A rate's base after a figure: "per 100,000 people", "for every 1,000 pupils", "per head".
_BASE = re.compile(
    r"(?i)\b(?:per|for\s+every|in\s+every|out\s+of\s+every)\s+(?!cent\b)"
    r"(?P<number>\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million))?)?\s*(?P<noun>[a-z]+)?"
)
#: Bases of time ("a year", "per day"): pages drop them, so they are not compared.
_TIME_NOUNS = _wordlist(
    """year years annum day days week weeks month months hour hours minute minutes second
    seconds quarter night nights"""
)
#: Words a figure's unit and base may run over before its base ("5.1 road deaths per ...").
_BASE_REACH = 40
_BASE_LEAD = re.compile(r"^[\sA-Za-z%£$€,.'-]*$")


@dataclass(frozen=True, slots=True)
class Aspects:
    """What a figure says besides its number (None or 0 where it says nothing)."""

    #: The first and last day of the time it is for, and how it is written.
    when: tuple[date, date] | None = None
    when_text: str | None = None
    #: +1 a rise, -1 a fall; and the word that says so.
    direction: int = 0
    direction_word: str | None = None
    currency: str | None = None
    #: A unit of measurement (not a count): tonnes, cubic metres, degrees Celsius.
    unit: str | None = None
    #: A rate's base: "100,000 people".
    base: str | None = None
    #: +1 a lower bound ("more than"), -1 an upper bound ("fewer than").
    bound: int = 0
    #: What a mass is of: "CO2e", "CO2" or "carbon" (`gas_of`).
    gas: str | None = None
    #: A range ("between 40 and 55", "3-6%"), not a single figure.
    range: bool = False


def differences(claim: Aspects, source: Aspects) -> tuple[str, ...]:
    """What the source's figure says otherwise than the claim's, each in a few words ("as
    a fall ('decreased'), not a rise", "for 2022, not 2023"); empty when nothing both say
    differs."""
    out = []
    if claim.when and source.when and not _within(claim.when, source.when):
        out.append(f"for {source.when_text}, not {claim.when_text}")
    if claim.direction and source.direction and claim.direction != source.direction:
        out.append(
            f"as {_CHANGE[source.direction]} ({source.direction_word!r}), "
            f"not {_CHANGE[claim.direction]}"
        )
    if claim.currency and source.currency and claim.currency != source.currency:
        out.append(f"in {source.currency}, not {claim.currency}")
    elif claim.currency and source.unit:
        out.append(f"in {source.unit}, not {claim.currency}")
    elif claim.unit and source.currency:
        out.append(f"in {source.currency}, not {claim.unit}")
    elif claim.unit and source.unit and claim.unit != source.unit:
        out.append(f"in {source.unit}, not {claim.unit}")
    if source.base and not _same_base(claim.base, source.base):
        out.append(
            f"as a rate per {source.base}, not "
            + (f"per {claim.base}" if claim.base else "a total")
        )
    if claim.bound and source.bound and claim.bound != source.bound:
        out.append(f"as {_BOUND[source.bound]}, not {_BOUND[claim.bound]}")
    # A range or a bound holding the claim's figure does not state it: "between £40 million
    # and £55 million" is not £48.3 million, nor "more than 102" 102.
    if not claim.bound and not claim.range and source.range:
        out.append("as a range, not a single figure")
    elif not claim.bound and source.bound:
        out.append(
            f"as {_BOUND[source.bound]}, not {'a range' if claim.range else 'an exact figure'}"
        )
    if claim.gas and source.gas and claim.gas != source.gas:
        out.append(f"of {source.gas}, not {claim.gas}")
    return tuple(out)


_CHANGE = {1: "a rise", -1: "a fall"}
_BOUND = {1: "a lower bound", -1: "an upper bound"}


def _within(a: tuple[date, date], b: tuple[date, date]) -> bool:
    """One time contains the other."""
    return (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])


_DIGITS = re.compile(r"[\d.]+")

#: A gas a mass is of, in a unit's symbol ("MtCO2e", "kt CO₂-eq") or in words ("carbon
#: dioxide equivalent", "CO2 equivalents"); "carbon" alone is carbon, 12/44 of its dioxide.
_GAS = (
    r"(?P<gas>carbon\s+dioxide|co2|co₂|carbon)"
    r"(?P<equivalent>[\s-]*(?:equivalents?\b|eq\b\.?|e\b))?"
)
_GAS_IN = re.compile(_GAS, re.IGNORECASE)
#: The gas written right after a mass's unit: "million tonnes carbon dioxide equivalent
#: (MtCO2e)", "tonnes of CO2", "Mt (CO2e)".
_GAS_AFTER = re.compile(r"\s*\(?\s*(?:of\s+(?:the\s+)?)?(?:[kmg]?t\s*)?" + _GAS, re.IGNORECASE)


def gas_of(found: re.Match[str] | None) -> str | None:
    if found is None:
        return None
    gas = found.group("gas").lower()
    if gas == "carbon":
        return "carbon"
    return "CO2e" if found.group("equivalent") else "CO2"


def _same_base(claim: str | None, source: str) -> bool:
    """Bases agree by their number when both have one ("100,000 people" and "100,000
    population"), else by their noun."""
    if claim is None:
        return False
    a, b = _DIGITS.findall(claim.replace(",", "")), _DIGITS.findall(source.replace(",", ""))
    if a or b:
        return a == b
    return claim.split()[:1] == source.split()[:1]


# --- the claim ------------------------------------------------------------------------------


def claim_aspects(claim: Claim, own: Aspects | None) -> Aspects:
    """The claim's aspects: its `period` or `date`, its `qualifier`, its `unit` (currency,
    unit, base; a base also from its `measure`), and its direction from its `measure`, else
    from `own`, the aspects of its value in its own `text`."""
    when: tuple[date, date] | None = None
    when_text = None
    if claim.period is not None:
        when, when_text = (claim.period.start.first, claim.period.end.last), str(claim.period)
    elif claim.date is not None:
        when, when_text = (claim.date.first, claim.date.last), str(claim.date)
    direction, word = _measure_direction(claim.measure or "")
    if not direction and own is not None:
        direction, word = own.direction, own.direction_word
    unit = parse_unit(claim.unit)
    currency = unit.currency if unit.dimension == MONEY else None
    measured = _measurement(unit)
    base = _base(claim.unit or "") or _base(claim.measure or "")
    if base is None and own is not None:
        base = own.base
    bound = 1 if claim.qualifier in LOWER else -1 if claim.qualifier in UPPER else 0
    gas = gas_of(_GAS_IN.search(claim.unit)) if measured and claim.unit else None
    spans = isinstance(claim.value, tuple)
    return Aspects(when, when_text, direction, word, currency, measured, base, bound, gas, spans)


def _measure_direction(measure: str) -> tuple[int, str | None]:
    for word in _WORD.findall(measure.lower()):
        if word in _UP:
            return 1, word
        if word in _DOWN:
            return -1, word
    return 0, None


def _measurement(unit: Unit) -> str | None:
    """A unit that measures (tonnes, miles, months), not a count, a share or money."""
    if unit.dimension in (COUNT, UNSTATED, MONEY, PERCENT, POINTS):
        return None
    return unit.name


def _base(text: str) -> str | None:
    found = _BASE.search(text)
    if found is None:
        return None
    number, noun = found.group("number"), found.group("noun")
    if noun and noun.lower() in _TIME_NOUNS and not number:
        return None
    return " ".join(p for p in (number, noun) if p) or None


# --- a figure in text -----------------------------------------------------------------------


def figure_aspects(
    page: str,
    quantity: Quantity,
    own: tuple[int, int],
    sentence: tuple[int, int],
    times: list[Quantity],
    reach: tuple[int, int] | None = None,
    asides: Sequence[tuple[int, int]] = (),
) -> Aspects:
    """The aspects of `quantity` in `page`: `own` is its clause, `sentence` its sentence,
    `times` the times (years, periods, dates) of the page in order. Its time and direction
    are read in `reach` (`measure.Scope.reach`: its clause read on across a bracket, the
    brackets `asides` left out), else in `own`."""
    clause = _Clause(*(reach or own), tuple(asides))
    when, when_text = _time(page, quantity, clause, own, sentence, times)
    direction, word = _direction(page, quantity, clause, sentence)
    unit, currency, gas = _unit_of(page, quantity)
    base = _base_of(page, quantity, own[0], own[1])
    bound = 1 if quantity.qualifier in LOWER else -1 if quantity.qualifier in UPPER else 0
    spans = quantity.is_range
    return Aspects(when, when_text, direction, word, currency, unit, base, bound, gas, spans)


_BASE_BEFORE_FIGURE = re.compile(r"(?i)\b(?:per|for\s+every|in\s+every|out\s+of\s+every)\s+$")


def is_base(page: str, quantity: Quantity) -> bool:
    """The figure is a rate's base ("per 100,000 people"): part of another figure's unit,
    not a figure of its own."""
    return _BASE_BEFORE_FIGURE.search(page, max(0, quantity.start - 16), quantity.start) is not None


@dataclass(frozen=True, slots=True)
class _Clause:
    """Where a figure's time and direction are read: its clause (read across brackets),
    less the brackets read across."""

    start: int
    end: int
    asides: tuple[tuple[int, int], ...] = ()

    def text(self, page: str, start: int, end: int) -> str:
        """page[start:end] within the clause, its asides left out."""
        start, end = max(start, self.start), min(end, self.end)
        parts, at = [], start
        for a, b in self.asides:
            if b <= at or a >= end:
                continue
            parts.append(page[at:a])
            at = b
        parts.append(page[at:end])
        return " ".join(parts)

    def holds(self, at: int) -> bool:
        return self.start <= at < self.end and not any(a <= at < b for a, b in self.asides)


def _direction(
    page: str, q: Quantity, own: _Clause, sentence: tuple[int, int]
) -> tuple[int, str | None]:
    after = _WORD.findall(own.text(page, q.end, own.end))[:_AFTER_WORDS]
    for word in after:
        lower = word.lower()
        if lower in _UP_AFTER:
            return 1, word
        if lower in _DOWN_AFTER:
            return -1, word
    before = _WORD.findall(own.text(page, own.start, q.start))
    if _BY.search(page, max(sentence[0], q.start - 4), q.start) and not _signed(before):
        # "and robbery by 5%": the verb left out is the sentence's
        before = _WORD.findall(page[sentence[0] : q.start])
    for word in reversed(before):
        lower = word.lower()
        if lower in _UP:
            return 1, word
        if lower in _DOWN:
            return -1, word
    return 0, None


def _signed(words: list[str]) -> bool:
    return any(w.lower() in _UP or w.lower() in _DOWN for w in words)


def _unit_of(page: str, q: Quantity) -> tuple[str | None, str | None, str | None]:
    """The figure's unit of measurement, currency and, for a mass, its gas, as the page
    writes them."""
    currency = q.currency
    after = page[q.end : q.end + 24]
    if currency is None:
        word = _WORD.match(after.lstrip())
        if word is not None and after[: len(after) - len(after.lstrip())] in (" ", ""):
            currency = currency_word(word.group())  # "4.2 million euros"
    unit = page_unit(q.unit)
    measured = _measurement(Unit(unit.name, unit.dimension)) if unit is not None else None
    if measured is None and q.unit:
        # the reader keeps some units by their name ("kilowatt hours"), as the registry's
        # units are named (`parse_unit`)
        named = parse_unit(q.unit)
        measured = q.unit if _measurement(named) is not None else None
    gas = None
    if unit is not None and unit.dimension == MASS:
        # in the unit's symbol ("MtCO2e"), else in the words after it ("million tonnes
        # carbon dioxide equivalent"): the unit reader reads only the symbols
        gas = gas_of(_GAS_IN.search(unit.name)) or gas_of(_GAS_AFTER.match(page, q.end))
    return measured, currency, gas


_DIGIT = re.compile(r"\d")


def _base_of(page: str, q: Quantity, start: int, end: int) -> str | None:
    """A rate's base just after the figure and its unit words, within its clause
    (`start`-`end`), or in the words before it that name it."""
    tail = page[q.end : min(end, q.end + _BASE_REACH)]
    found = _BASE.search(tail)
    if found is not None and _BASE_LEAD.match(tail[: found.start()]):
        return _base(tail[found.start() :])
    # "Spending per pupil was £6,900": the base in the words that name the figure
    before = page[start : q.start]
    found = _BASE.search(before)
    if found is None or _DIGIT.search(before, found.end()):
        return None  # none, or another figure's ("per 1,000 ... 12 and ...")
    return _base(before[found.start() :])


def _time(
    page: str,
    q: Quantity,
    clause: _Clause,
    own: tuple[int, int],
    sentence: tuple[int, int],
    times: list[Quantity],
) -> tuple[tuple[date, date] | None, str | None]:
    mine = [t for t in times if clause.holds(t.start) and _its_time(page, t)]
    after = [t for t in mine if t.start >= q.end]
    before = [t for t in mine if t.end <= q.start]
    chosen: Quantity | None = after[0] if after else before[-1] if before else None
    if chosen is None:
        chosen = _table_time(page, q, times)
    if chosen is None:
        # "In 2024, crime rose 8% and robbery 5%": a sentence that opens with its one time.
        opening = [t for t in times if sentence[0] <= t.start < q.start and _its_time(page, t)]
        others = {t.text for t in times if sentence[0] <= t.start < sentence[1]}
        if opening and len(others) == 1 and opening[0].start < own[0]:
            chosen = opening[0]
    if chosen is None:
        return None, None
    return _span(page, chosen, times)


def _its_time(page: str, t: Quantity) -> bool:
    """A time that can be a figure's own: not a comparison's base, not another figure's."""
    word = lexicon.comparison_base(page, t.start)
    if word is not None and not (word in lexicon.BASE_BEFORE_YEAR and t.date is not None):
        join = _SPAN_JOIN.match(page, t.end)
        # "from 2019 to 2021" is a period, not a base
        opened = _SPAN_OPEN.search(page, max(0, t.start - 9), t.start)
        return join is not None and opened is not None
    return lexicon.OTHER_FIGURE.match(page, t.end) is None


def _span(page: str, t: Quantity, times: list[Quantity]) -> tuple[tuple[date, date], str]:
    """The time `t` stands for, joined with its partner in "between 2019 and 2021"."""
    first, last = t, t
    join = _SPAN_JOIN.match(page, t.end)
    partner = next((u for u in times if join and u.start == join.end()), None)
    if partner is not None and _SPAN_OPEN.search(page, max(0, t.start - 9), t.start):
        last = partner
    else:
        earlier = next((u for u in reversed(times) if u.end <= t.start), None)
        if earlier is not None:
            gap = _SPAN_JOIN.fullmatch(page, earlier.end, t.start)
            if gap is not None and _SPAN_OPEN.search(
                page, max(0, earlier.start - 9), earlier.start
            ):
                first = earlier
    start, _ = _days(first)
    _, end = _days(last)
    text = page[first.start : last.end]
    return (start, end), " ".join(text.split())


def _days(t: Quantity) -> tuple[date, date]:
    if t.period is not None:
        return t.period.start.first, t.period.end.last
    if t.date is not None:
        return t.date.first, t.date.last
    year = int(t.low)
    return date(year, 1, 1), date(year, 12, 31)


# Matched at a line's start with `match(page, pos)`: a `^` would not match at pos.
_ROW = re.compile(r"[ \t]*\|")
_RULE_ROW = re.compile(r"[ \t]*\|?[ \t]*:?-{3,}")


def _table_time(page: str, q: Quantity, times: list[Quantity]) -> Quantity | None:
    """In a table row ("| Book loans | 892,000 | 851,300 |"), the time of the figure's row
    (its first cell) or of its column (the header's cell above it)."""
    line_start = page.rfind("\n", 0, q.start) + 1
    line_end = page.find("\n", q.end)
    line_end = len(page) if line_end < 0 else line_end
    if not _ROW.match(page, line_start):
        return None
    cells = _cells(page, line_start, line_end)
    column = next((k for k, (a, b) in enumerate(cells) if a <= q.start < b), None)
    if column is None:
        return None
    if column > 0:
        label = cells[0]
        in_label = [t for t in times if label[0] <= t.start < label[1]]
        if len(in_label) == 1:
            return in_label[0]
    # Up the table to its header: the row above its rule row (|---|), or its first row.
    header: tuple[int, int] | None = None
    end = line_start - 1
    while end > 0:
        start = page.rfind("\n", 0, end) + 1
        if not _ROW.match(page, start):
            break
        if _RULE_ROW.match(page, start):
            above_end = start - 1
            if above_end > 0:
                above_start = page.rfind("\n", 0, above_end) + 1
                header = (above_start, above_end)
            break
        header = (start, end)
        end = start - 1
    if header is None:
        return None
    heads = _cells(page, *header)
    if column >= len(heads):
        return None
    a, b = heads[column]
    in_head = [t for t in times if a <= t.start < b]
    return in_head[0] if len(in_head) == 1 else None


def _cells(page: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of a table row ("| a | b |"), as offsets: the text between its bars."""
    bars = [start + m.start() for m in re.finditer(r"\|", page[start:end])]
    edges = [start - 1, *bars, end]
    cells = [(a + 1, b) for a, b in itertools.pairwise(edges)]
    if cells and not page[cells[0][0] : cells[0][1]].strip():
        cells = cells[1:]  # before the leading bar
    if cells and not page[cells[-1][0] : cells[-1][1]].strip():
        cells = cells[:-1]  # after the closing bar
    return cells
