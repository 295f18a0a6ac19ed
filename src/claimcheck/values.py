"""A claim's `value` written as people write figures: `8,300,000`, `31%`, `£65m`, `4.6 million`.

The loader reads a value as a plain decimal first; only a value that is not one comes here.
A natural form is accepted when what it means is one thing and agrees with the claim's `unit`,
and it is read in the registry's own representation: the number as written, with the scale
and the currency in the unit (`£65m` is `value: 65` with `unit: GBP million`, as the README
writes money), so that the figure keeps the rounding it was written with ("4.6 million"
stands for 4.55 to 4.65 million, as on the page). Anything else is refused with the exact
line to write instead.
"""

from __future__ import annotations

import re
from decimal import Decimal

from claimcheck.units import (
    CURRENCIES,
    CURRENCY_CODES,
    CURRENCY_MARKED,
    CURRENCY_SIGNS,
    MONEY,
    PERCENT,
    SIGN_CLASS,
    UNSTATED,
    parse_unit,
)

_SCALES = {
    "k": ("thousand", Decimal(10**3)),
    "thousand": ("thousand", Decimal(10**3)),
    "m": ("million", Decimal(10**6)),
    "mn": ("million", Decimal(10**6)),
    "million": ("million", Decimal(10**6)),
    "bn": ("billion", Decimal(10**9)),
    "billion": ("billion", Decimal(10**9)),
    # The Indian scales, named in the unit as written ("INR crore"): units.py reads them.
    "lakh": ("lakh", Decimal(10**5)),
    "lakhs": ("lakh", Decimal(10**5)),
    "crore": ("crore", Decimal(10**7)),
    "crores": ("crore", Decimal(10**7)),
}
#: "m" and "k" are scales after a currency only: "4.6m" alone may be metres.
_CURRENCY_ONLY_SCALES = frozenset({"k", "m", "mn"})
#: The currencies a value may be written in: the one table in units.py that the page's
#: figures are read with too. A sign before the amount ("₹40 crore"), a sign marked with its
#: country or "Rs" before it ("US$5bn", "Rs 40"), a code before or after it ("GBP 3.2bn",
#: "4.2 million USD"), codes and marks in capitals as pages write them.
_CURRENCIES = CURRENCIES
_SIGNS = "".join(CURRENCY_SIGNS)
_MARKED_RE = "|".join(re.escape(mark) for mark in sorted(CURRENCY_MARKED, key=len, reverse=True))
_CODE_RE = "|".join(sorted(CURRENCY_CODES, key=len, reverse=True))
_FORM = re.compile(
    rf"""^(?P<sign>[-+\u2212])?
    (?:(?P<cur>(?-i:{_MARKED_RE})\s?|[{SIGN_CLASS}]|(?-i:{_CODE_RE})\s))?
    # Thousands in groups of three, or grouped the Indian way: the last three digits, then
    # pairs ("8,30,000", "12,34,56,789"), as the page's figures are read.
    (?P<num>\d{{1,2}}(?:,\d{{2}})+,\d{{3}}(?:\.\d+)?|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?
      |\d+(?:\.\d+)?|\.\d+)
    \s*(?P<scale>k|mn|m|bn|thousand|million|billion|lakhs?|crores?)?
    (?:\s*(?P<code>(?-i:{_CODE_RE})))?
    \s*(?P<pct>%|per\s?cent|percent)?$""",
    re.IGNORECASE | re.VERBOSE,
)
#: Digits and commas in groups of neither kind: "1,5" (a decimal comma), "83,00,00".
_LOOSE_COMMAS = re.compile(rf"^[-+\u2212]?[{SIGN_CLASS}]?\d[\d,]*(?:\.\d+)?$")


class ValueFormError(ValueError):
    """A value that is not a number, with the line to write instead in its message."""


def read_value(raw: object, unit: object) -> tuple[Decimal | tuple[Decimal, Decimal], str | None]:
    """A natural form of a claim's value, read with the claim's `unit`.

    Returns the value and the unit the claim has with it (the claim's own, or the one the
    value states when the claim gives none); raises ValueFormError naming the line to write.
    """
    unit_text = unit if isinstance(unit, str) and unit.strip() else None
    if isinstance(raw, list) and len(raw) == 2:
        (low, unit_low), (high, unit_high) = (_read_one(item, unit_text) for item in raw)
        if unit_low != unit_high and unit_text is None:
            raise ValueFormError(
                f"value {_shown(raw)} has ends in different units "
                f"(write: value: [{low}, {high}] with unit: {unit_low or unit_high})"
            )
        assert isinstance(low, Decimal) and isinstance(high, Decimal)
        return (low, high), unit_low or unit_high
    return _read_one(raw, unit_text)


def _shown(raw: object) -> str:
    if isinstance(raw, list):
        return "[" + ", ".join(_shown(item) for item in raw) + "]"
    return repr(raw) if isinstance(raw, str) else str(raw)


def _plain(number: Decimal) -> str:
    """A Decimal as a registry writes it: no exponent, the digits written kept."""
    return f"{number:f}"


def _read_one(raw: object, unit: str | None) -> tuple[Decimal, str | None]:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise ValueFormError(
            f"value {_shown(raw)} is not a number (write: value: 123, or value: [low, high])"
        )
    if isinstance(raw, Decimal):  # a plain number, as the loader read it from its text
        return raw, unit
    if not isinstance(raw, str):
        return Decimal(str(raw)), unit
    text = " ".join(raw.replace("\u00a0", " ").replace("\u202f", " ").split())
    match = _FORM.match(text)
    if match is None:
        raise ValueFormError(_not_a_number(raw, text))
    number = Decimal(match["num"].replace(",", ""))
    if match["sign"] in ("-", "\u2212"):
        number = -number
    before, after = (match["cur"] or "").strip(), match["code"]
    currency = _CURRENCIES.get(before or after or "")
    if before and after and _CURRENCIES[before] != _CURRENCIES[after]:
        raise ValueFormError(
            f"value {raw!r} names two currencies, {before} and {after} "
            f"(write: value: {_plain(number)} with unit: {_CURRENCIES[before]})"
        )
    scale_word = (match["scale"] or "").lower()
    written = _plain(number)
    if match["pct"]:
        return _percent(raw, written, number, unit, currency or scale_word)
    claim = parse_unit(unit)
    if currency is not None:
        return _money(raw, written, number, unit, currency, scale_word)
    if scale_word in _CURRENCY_ONLY_SCALES:
        name = _SCALES[scale_word][0]
        hint = f"unit: {name} {unit}" if unit else f"unit: {name}"
        raise ValueFormError(
            f"value {raw!r}: '{match['scale']}' after a number with no currency sign may be "
            f"a unit (metres, kilos) (write: value: {written} with {hint})"
        )
    if scale_word:
        name, scale = _SCALES[scale_word]
        if unit is None:
            return number, name
        if claim.scale == scale and claim.dimension != MONEY:
            return number, unit
        return _scale_mismatch(raw, number, written, unit, claim.scale, scale, name)
    return number, unit


def _not_a_number(raw: str, text: str) -> str:
    if _LOOSE_COMMAS.match(text.replace(" ", "")):
        digits = text.replace(" ", "").lstrip(_SIGNS)
        sign = "-" if digits[:1] in ("-", "\u2212") else ""
        digits = digits.lstrip("-+\u2212")
        head, _, tail = digits.partition(".")
        if head.count(",") == 1 and not tail and len(head.split(",")[1]) != 3:
            # "1,5": a decimal comma (thousands have three digits after the comma).
            return f"value {raw!r} is not a number (write: value: {sign}{head.replace(',', '.')})"
        return (
            f"value {raw!r} is not a number: its commas are not thousands in groups of three "
            f"(nor the Indian way, 8,30,000) (write: value: {sign}{digits.replace(',', '')})"
        )
    return (
        f"value {raw!r} is not a number (write it as digits, e.g. value: 8300000, "
        "value: 4.6 with unit: million people, value: [low, high]; or leave `value` out "
        "for a claim that states no figure)"
    )


def _percent(
    raw: str, written: str, number: Decimal, unit: str | None, extra: str | None
) -> tuple[Decimal, str | None]:
    if extra:
        raise ValueFormError(
            f"value {raw!r} is not a number (write: value: {written} with unit: percent)"
        )
    claim = parse_unit(unit)
    if claim.dimension == UNSTATED:
        return number, "percent"
    if claim.dimension == PERCENT:
        return number, unit
    raise ValueFormError(
        f"value {raw!r} is a percentage, but the claim's unit is {unit!r} "
        f"(write: value: {written} with unit: percent, or the value in {unit})"
    )


def _money(
    raw: str, written: str, number: Decimal, unit: str | None, currency: str, scale_word: str
) -> tuple[Decimal, str | None]:
    name, scale = _SCALES[scale_word] if scale_word else ("", Decimal(1))
    stated = f"{currency} {name}".strip()
    if unit is None:
        return number, stated
    claim = parse_unit(unit)
    if claim.dimension == MONEY and claim.currency in (None, currency):
        if claim.scale == scale:
            return number, unit
        return _scale_mismatch(raw, number, written, unit, claim.scale, scale, name, stated)
    raise ValueFormError(
        f"value {raw!r} is money ({currency}), but the claim's unit is {unit!r} "
        f"(write: value: {written} with unit: {stated})"
    )


def _scale_mismatch(
    raw: str,
    number: Decimal,
    written: str,
    unit: str,
    unit_scale: Decimal,
    scale: Decimal,
    name: str,
    stated: str | None = None,
) -> tuple[Decimal, str | None]:
    """The value's scale is not the unit's: refused, with the value in the unit's scale."""
    if unit_scale == 1:
        # "4.6 million" with `unit: people`: the scale belongs in the unit, which keeps the
        # figure's rounding (4.55 to 4.65 million); 4600000 would state it to the person.
        better = stated or f"{name} {unit}"
        return_line = f"value: {written} with unit: {better}"
    else:
        converted = (number * scale / unit_scale).normalize()
        return_line = f"value: {_plain(converted)}"
    raise ValueFormError(
        f"value {raw!r} is in {name}s, but the claim's unit {unit!r} "
        + ("has no scale" if unit_scale == 1 else "counts in another scale")
        + f" (write: {return_line})"
    )
