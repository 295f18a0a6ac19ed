"""Dates as registries write them: partial ISO dates, periods and durations."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DURATION = re.compile(r"^(\d+)\s*([dwmy])$")
_FISCAL = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR_PAIR = re.compile(r"^(\d{4})/(\d{2})$")

DATE_FORM = "an ISO 8601 date: 2025-12-09, 2025-12 or 2025"
PERIOD_FORM = (
    "a period: 1997/2013, 1997-2013, 2023-24 or 2024/25, 2025-Q3 or Q3 2025, H1 2025, FY2024 "
    "or FY 2024-25, year ending March 2025, a single date, or {start: ..., end: ...}"
)
MONTHS = {
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
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
#: A month's name or its abbreviation, longest first (a regular expression's alternation).
MONTH_PATTERN = _MONTH_RE
_YEAR_RE = r"(?:19|20)\d\d"
#: Periods as statisticians write them, for the registry's `period` and the page's figures
#: (compiled VERBOSE and IGNORECASE: no bare spaces; groups named np_* to embed it).
#: - "year ending March 2025", "the year to 31 March 2025", "12 months to June 2024": the
#:   twelve months that end with that month (or day);
#: - "Q3 2025", "2025 Q3", "2025-Q3": a calendar quarter; "H1 2025", "2025 H1": a half;
#: - "FY2024", "FY24", "financial year 2024": the financial year that ends in 2024 (the
#:   convention of US federal, most companies' and the UK government's "FY24"); which months
#:   depends on whose year, so it is the year pair 2023/24, as "2023-24" and "2023/24" are;
#:   "FY 2024-25", "FY2024/25", "financial year 2024 to 2025" are the pair as written.
NAMED_PERIOD = rf"""
    (?:(?:financial|fiscal|tax)\s+)?(?:the\s+)?(?:year|12\s+months|twelve\s+months)\s+
      (?:ending|ended|to)\s+(?:(?P<np_ye_day>\d{{1,2}})\s+)?
      (?P<np_ye_month>{_MONTH_RE})\.?\s+(?P<np_ye_year>{_YEAR_RE})
  | Q(?P<np_q>[1-4])\s*(?P<np_q_year>{_YEAR_RE})
  | (?P<np_year_q>{_YEAR_RE})(?:\s+|\s*-\s*)?Q(?P<np_q2>[1-4])
  | H(?P<np_h>[12])\s*(?P<np_h_year>{_YEAR_RE})
  | (?P<np_year_h>{_YEAR_RE})(?:\s+|\s*-\s*)?H(?P<np_h2>[12])
  | (?:FY\s*|(?:financial|fiscal)\s+year\s+)(?P<np_fy>{_YEAR_RE}|\d\d)
      (?:\s*(?:-|/|\u2013|\s+to\s+)\s*(?P<np_fy_end>{_YEAR_RE}|\d\d))?
"""
#: Ends a period written in words: no more digits or letters of a word run on.
NAMED_PERIOD_END = r"(?![\w/])"
_LETTER = re.compile(r"[A-Za-z]")
_NAMED = re.compile(rf"^(?:{NAMED_PERIOD}){NAMED_PERIOD_END}$", re.IGNORECASE | re.VERBOSE)
DURATION_FORM = "a duration: a whole number and a unit, e.g. 180d, 2w, 6m, 1y"
#: The longest duration a registry may give: a longer one is surely a typo (9000y for 90d?),
#: and one of thousands of years ends past the calendar's last year (9999).
MAX_DURATION_YEARS = 1000


class _Value:
    """An immutable value compared by its fields.

    Not a dataclass on purpose: msgspec decodes dataclasses from mappings, while these
    are written as plain scalars ("2025-12") and decoded by the loader's hook.
    """

    __slots__: tuple[str, ...] = ()

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._key()!r}"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _init(self, **values: object) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)


class PartialDate(_Value):
    """A year, a month or a day; `first` and `last` are the days it spans."""

    __slots__ = ("day", "month", "year")
    year: int
    month: int | None
    day: int | None

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        self._init(year=year, month=month, day=day)

    @property
    def first(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> date:
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, self.month, self.day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text


def parse_date(value: object) -> PartialDate:
    """Read 2025, "2025", "2025-12" or "2025-12-09"; raise ValueError naming the form."""
    text = (
        str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else None
    )
    match = _DATE.match(text) if text is not None else None
    if match is None:
        raise ValueError(f"expected {DATE_FORM}, got {value!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        result = PartialDate(year, month, day)
        result.last  # noqa: B018 - validates month and day
    except ValueError:
        raise ValueError(f"no such date: {text} (expected {DATE_FORM})") from None
    return result


class Period(_Value):
    """A span between two partial dates, both included.

    A period a registry names (a quarter, a half, a financial year or a year pair, the year
    ending a month) is one whole span of a known number of months (`months`): 2025-Q3 is
    1 July to 30 September, 92 days, where the same ends written 2025-07/2025-09 may run
    from any day of July to any day of September. Periods are equal by their ends alone.
    """

    __slots__ = ("end", "months", "start")
    start: PartialDate
    end: PartialDate
    #: The length in calendar months of a named period (3 for a quarter, 12 for 2024/25 or
    #: the year ending March 2025), or None: as long as its ends allow.
    months: int | None

    def __init__(self, start: PartialDate, end: PartialDate, months: int | None = None) -> None:
        self._init(start=start, end=end, months=months)

    def _key(self) -> tuple[Any, ...]:
        return (self.start, self.end)

    @property
    def years(self) -> int:
        """The difference of its years: 16 for 1997/2013 (a period of whole years; see
        `whole_years` and `days` for one dated to the month or day)."""
        return self.end.year - self.start.year

    @property
    def whole_years(self) -> bool:
        """Both ends are years (1997/2013), not months or days."""
        return self.start.month is None and self.end.month is None

    @property
    def whole_months(self) -> int | None:
        """Its length in calendar months when it is one whole span of them: a named period
        (`months`), or a single year (12) or month (1); else None."""
        if self.months is not None:
            return self.months
        if self.start == self.end and self.start.day is None:
            return 1 if self.start.month is not None else 12
        return None

    def days(self) -> tuple[int, int]:
        """The shortest and longest it can last, in days, as far as its ends go: from the
        last day of its start to the first of its end, not counting the first (Saturday 17
        August to Saturday 24 May is 280 days), to from the first day of its start to the
        last of its end, counting both (2023-11/2024-02: 63 to 121 days). A single date or a
        named period lasts all of it: 2025-Q3 is 92 days, 2024 is 366; a year pair such as
        2024/25 (whose months depend on whose year) 365 or 366."""
        if self.start == self.end or self.months is not None:
            if self.start != self.end and self.start.month is None:
                return 365 * self.months // 12, 366 * self.months // 12  # type: ignore[operator]
            whole = (self.end.last - self.start.first).days + 1
            return whole, whole
        shortest = max((self.end.first - self.start.last).days, 0)
        return shortest, (self.end.last - self.start.first).days + 1

    def __str__(self) -> str:
        if self.start == self.end:
            return str(self.start)
        named = self._named()
        return named if named is not None else f"{self.start}/{self.end}"

    def _named(self) -> str | None:
        """A named period as the registry writes it, read back as the same period (the
        registry cache writes periods so): 2025-Q3, H1 2025, 2024/25, year ending March 2025."""
        start, end, months = self.start, self.end, self.months
        if months is None or (start.day is not None and months != 12):
            return None
        if start.month is None:
            return f"{start.year}/{end.year % 100:02d}"
        if months == 3:
            return f"{start.year}-Q{(start.month + 2) // 3}"
        if months == 6:
            return f"H{1 if start.month == 1 else 2} {start.year}"
        day = f"{end.day} " if end.day is not None else ""
        assert end.month is not None
        return f"year ending {day}{MONTH_NAMES[end.month - 1]} {end.year}"


def parse_period(value: object) -> Period:
    """Read a period in any of the forms of PERIOD_FORM."""
    if isinstance(value, dict):
        unknown = set(value) - {"start", "end"}
        if unknown or "start" not in value or "end" not in value:
            raise ValueError(f"expected {PERIOD_FORM}")
        start, end = parse_date(value["start"]), parse_date(value["end"])
    elif isinstance(value, int | str) and not isinstance(value, bool):
        text = str(value).strip()
        named = _NAMED.match(text) if _LETTER.search(text) else None
        if named is not None:
            period = named_period(named)
            if period is None:
                raise ValueError(f"{text!r} is not a period (expected {PERIOD_FORM})")
            return Period(period.start, period.end, _named_months(named))
        fiscal = _FISCAL.match(text)
        pair = _YEAR_PAIR.match(text)
        if pair:
            # 2024/25, 2000/01: a financial or academic year written with a slash.
            return Period(*_year_pair(pair.group(1), pair.group(2), text), months=12)
        elif "/" in text:
            left, _, right = text.partition("/")
            start, end = parse_date(left), parse_date(right)
        elif re.fullmatch(r"\d{4}-\d{4}", text):
            start, end = parse_date(text[:4]), parse_date(text[5:])
        elif fiscal and int(fiscal.group(2)) > 12:
            # 2023-24: a financial or academic year, not a month.
            return Period(*_year_pair(fiscal.group(1), fiscal.group(2), text), months=12)
        else:
            try:
                start = end = parse_date(text)
            except ValueError:
                raise ValueError(f"expected {PERIOD_FORM}, got {value!r}") from None
    else:
        raise ValueError(f"expected {PERIOD_FORM}, got {value!r}")
    # A period that ends before it starts is reported by the consistency checks (C008).
    return Period(start, end)


def _named_months(match: re.Match[str]) -> int:
    """How many months the period a match of NAMED_PERIOD names lasts."""
    if match.group("np_q") or match.group("np_q2"):
        return 3
    if match.group("np_h") or match.group("np_h2"):
        return 6
    return 12  # the year ending a month, a financial year


def named_period(match: re.Match[str]) -> Period | None:
    """The period a match of NAMED_PERIOD states; None when it states none ("FY2024-26")."""
    group = match.group
    if group("np_ye_month"):
        return _year_ending(
            int(group("np_ye_year")),
            MONTHS[group("np_ye_month").lower()],
            int(group("np_ye_day")) if group("np_ye_day") else None,
        )
    quarter, year = group("np_q") or group("np_q2"), group("np_q_year") or group("np_year_q")
    if quarter:
        first = (int(quarter) - 1) * 3 + 1
        return Period(PartialDate(int(year), first), PartialDate(int(year), first + 2))
    half, year = group("np_h") or group("np_h2"), group("np_h_year") or group("np_year_h")
    if half:
        first = 1 if half == "1" else 7
        return Period(PartialDate(int(year), first), PartialDate(int(year), first + 5))
    start = _full_year(group("np_fy"))
    if group("np_fy_end") is None:
        # FY2024: the financial year that ends in 2024.
        return Period(PartialDate(start - 1), PartialDate(start))
    end_text = group("np_fy_end")
    end = _full_year(end_text) if len(end_text) == 4 else year_pair_end(start, end_text)
    if end != start + 1:
        return None
    return Period(PartialDate(start), PartialDate(end))


def _full_year(text: str) -> int:
    """FY24 is FY2024."""
    return int(text) if len(text) == 4 else 2000 + int(text)


def _year_ending(year: int, month: int, day: int | None) -> Period | None:
    """The twelve months to the end of `month` (or to `day`) of `year`."""
    if day is None:
        start = PartialDate(year - 1 if month < 12 else year, month % 12 + 1)
        return Period(start, PartialDate(year, month))
    try:
        last = date(year, month, day)
    except ValueError:
        return None
    if day == calendar.monthrange(year, month)[1]:
        start_day = date(year - 1, month, 1) + timedelta(days=32)
        start_day = start_day.replace(day=1)
    else:
        start_day = date(year - 1, month, min(day, calendar.monthrange(year - 1, month)[1]))
        start_day += timedelta(days=1)
    return Period(
        PartialDate(start_day.year, start_day.month, start_day.day),
        PartialDate(last.year, last.month, last.day),
    )


def year_pair_end(first: int, second: str) -> int | None:
    """The year `second` ends a year pair on: 2024/25 -> 2025, 1999-00 -> 2000, else None."""
    end = first + 1
    return end if len(second) == 2 and int(second) == end % 100 else None


def _year_pair(first: str, second: str, text: str) -> tuple[PartialDate, PartialDate]:
    end = year_pair_end(int(first), second)
    if end is None:
        raise ValueError(f"{text!r} is neither a month nor a year pair like 2023-24 or 2024/25")
    return PartialDate(int(first)), PartialDate(end)


# --- A day written in numbers, day and month either way round (02/03/2025) --------------------
#
# One reader for the page's own date (`pagemeta`) and a status's time (`statuses`); what is
# done where it reads two ways depends on what the date is for, one rule each:
#
# - the page's own date (when it was last updated): the later, as T001 then counts a status
#   as stale no sooner than it is whichever was meant; but the earlier where only the earlier
#   is not after today (a page is not updated on a day still to come: `checks.staleness`);
# - a status's time (the day a statement about the future looks to): the later too, for now
#   (`statuses`). That passes a stale statement as fresh between the two days where the
#   earlier was meant; the message of a T001 made from it says it could be either.
#
# Either way the reading is said (`ReadDay.note`), never silently chosen.

#: Each month's full name (the longest of its names), January first.
MONTH_NAMES = tuple(
    max((name for name, n in MONTHS.items() if n == number), key=len).title()
    for number in range(1, 13)
)


def spoken_day(day: PartialDate) -> str:
    """A day as a reader says it, "2 March" (not `strftime`, whose month names are the
    locale's)."""
    return f"{day.first.day} {MONTH_NAMES[day.first.month - 1]}"


def _calendar_day(year: int, month: int, day: int) -> PartialDate | None:
    try:
        date(year, month, day)
    except ValueError:
        return None
    return PartialDate(year, month, day)


def numeric_days(first: int, second: int, year: int) -> tuple[PartialDate, ...]:
    """The days `first/second/year` can be, earliest first: day then month or month then day
    (02/03/2025: 3 February and 2 March); one where only one is (13/03/2025, 3/13/2025, and
    03/03/2025), none where neither is a day (31/02/2025)."""
    readings = {_calendar_day(year, second, first), _calendar_day(year, first, second)}
    return tuple(sorted((d for d in readings if d is not None), key=lambda d: d.first))


def either_note(chosen: PartialDate, other: PartialDate) -> str:
    """How a day that reads two ways was read: "read as 2025-03-02, the later of 2 March and
    3 February"."""
    which = "later" if chosen.first > other.first else "earlier"
    return f"read as {chosen}, the {which} of {spoken_day(chosen)} and {spoken_day(other)}"


class ReadDay(PartialDate):
    """A day read from a date written in numbers that could be another (02/03/2025), and
    how: `note` is "02/03/2025 read as 2025-03-02, the later of 2 March and 3 February"."""

    __slots__ = ("note",)
    note: str

    def __init__(self, day: PartialDate, note: str) -> None:
        super().__init__(day.year, day.month, day.day)
        self._init(note=note)

    def _key(self) -> tuple[Any, ...]:
        return (self.year, self.month, self.day, self.note)


class Duration(_Value):
    """A whole number of days, weeks, months or years."""

    __slots__ = ("amount", "unit")
    amount: int
    unit: str

    def __init__(self, amount: int, unit: str) -> None:
        self._init(amount=amount, unit=unit)

    def after(self, day: date) -> date:
        """The day this long after `day` (months and years clamp to the month's end), or
        `date.max` when that is past the calendar's last day: no day the calendar holds is
        after it, which is what a comparison with it needs (a claim dated 9999-06 with
        `stale_after: 1y` is not stale on any day), where an error would lose the check."""
        if self.unit in ("d", "w"):
            ordinal = day.toordinal() + self.amount * (7 if self.unit == "w" else 1)
            return date.fromordinal(ordinal) if ordinal <= _LAST_ORDINAL else date.max
        months = self.amount * (12 if self.unit == "y" else 1)
        year, month0 = divmod(day.month - 1 + months, 12)
        year += day.year
        if year > date.max.year:
            return date.max
        last = calendar.monthrange(year, month0 + 1)[1]
        return date(year, month0 + 1, min(day.day, last))

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


_LAST_ORDINAL = date.max.toordinal()
#: MAX_DURATION_YEARS in each unit (a year of 365.2425 days).
_LONGEST = {"d": 365_242, "w": 52_177, "m": 12_000, "y": 1_000}
_UNIT_NAMES = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


def parse_duration(value: object) -> Duration:
    """Read 180d, 2w, 6m or 1y, of at most MAX_DURATION_YEARS."""
    match = _DURATION.match(value.strip().lower()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"expected {DURATION_FORM}, got {value!r}")
    digits, unit = match.groups()
    longest = _LONGEST[unit]
    # Compared as text first: a thousand-digit amount is not worth converting.
    if len(digits.lstrip("0")) > len(str(longest)) or int(digits) > longest:
        shown = str(value).strip()
        within = f"{MAX_DURATION_YEARS:,} years"
        within += f": {longest:,} {_UNIT_NAMES[unit]}" if unit != "y" else ""
        raise ValueError(
            f"{shown[:20] + '...' if len(shown) > 20 else shown} is over the longest duration "
            f"claimcheck counts ({within}); give the time the statement stays true for, e.g. "
            "180d or 2y"
        )
    return Duration(int(digits), unit)


_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_today(text: str) -> date:
    """Read the --today option: a full ISO date written as the registry writes one
    (2026-11-24), not the other forms Python reads (20261124, 2026-W48-2), which a registry
    refuses: a run's day and its dates are read alike."""
    stripped = text.strip()
    try:
        if _FULL_DATE.fullmatch(stripped):
            return date.fromisoformat(stripped)
    except ValueError:
        pass
    raise ValueError(f"expected a full ISO date like 2026-11-24, got {text!r}")
