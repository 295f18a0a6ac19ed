"""The fast paths of issue 18 answer as the full tests they stand in front of."""

from __future__ import annotations

from decimal import Decimal

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck import loader
from claimcheck.checks import consistency
from claimcheck.dates import PartialDate, Period
from claimcheck.model import Claim
from claimcheck.quantity import QUALIFIED_BEFORE
from claimcheck.units import COUNT, parse_unit

_AFTER = st.text(
    st.one_of(
        st.sampled_from(list(" \t\u00a0\u2009\u212aKk\u017fsSpPmMbBtT%°£$xyzo0123456789")),
        st.characters(),
    ),
    max_size=12,
)
_WORDS = st.sampled_from(
    [
        "",
        " ",
        "  ",
        " per cent",
        " million",
        " m",
        " bn",
        " offences",
        " kg",
        " Kg",
        " \u212ag",
        " \u017fq km",
        " people",
        "%",
        " k",
        " thousand",
        " tonnes",
        " years",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.text("0123456789", min_size=1, max_size=4), _WORDS, _AFTER)
def test_scaled_after_is_the_full_match(figure: str, word: str, tail: str) -> None:
    text = figure + word + tail
    end = len(figure)
    want = consistency._SCALED_AFTER.match(text, end) is not None
    assert consistency._scaled_after(text, end) is want


_DATES = st.builds(
    PartialDate,
    st.integers(1990, 1993),
    st.one_of(st.none(), st.integers(1, 12)),
    st.none(),
) | st.builds(PartialDate, st.integers(1990, 1993), st.integers(1, 12), st.integers(1, 28))


@settings(max_examples=400, deadline=None)
@given(_DATES, _DATES)
def test_maybe_reversed_misses_no_reversed_period(start: PartialDate, end: PartialDate) -> None:
    period = Period(start, end)
    if period.start.first > period.end.last:
        assert consistency._maybe_reversed(period)


_FIGURES = st.sampled_from(["102878", "1400", "2024", "7", "1000000"])
_MENTION_PARTS = st.sampled_from(
    [
        "",
        " ",
        ",",
        "over ",
        "about ",
        "£",
        "-",
        "%",
        " per cent",
        " million",
        " m",
        "m",
        " offences",
        " in 2024",
        " in 2023",
        " in 2024/25",
        " FY24",
        " Q3",
        " year to June",
        " kg",
        " people",
        ".5",
        "1",
        " to ",
        " 1,400",
        "/",
        "+",
    ]
)


@st.composite
def _claims_and_mentions(draw: st.DrawFn) -> tuple[Claim, str]:
    figure = draw(_FIGURES)
    shown = draw(st.sampled_from([figure, f"{int(figure):,}"]))
    mention = draw(_MENTION_PARTS) + shown + draw(_MENTION_PARTS) + draw(_MENTION_PARTS)
    year = draw(st.sampled_from([None, 2023, 2024]))
    claim = msgspec.convert(
        {
            "id": "c",
            "text": "t",
            "kind": "figure",
            "value": figure,
            "unit": draw(st.sampled_from([None, "people", "kg", "percent"])),
            "qualifier": draw(st.sampled_from([None, "exact", "approx", "at_least"])),
            "period": str(year) if year and draw(st.booleans()) else None,
            "date": str(year) if year and draw(st.booleans()) else None,
            "mentions": [mention],
        },
        Claim,
        dec_hook=loader._dec_hook,
    )
    return claim, mention


def _plainly_before(claim: Claim, mention: str) -> bool:
    """`_states_value_plainly` as it was before issue 18 (commit 629217d): the oracle."""
    if claim.qualifier not in (None, "exact", "approx") or type(claim.value) is not Decimal:
        return False
    needle = str(claim.value)
    unit = claim.unit
    if not needle.isdigit() or (unit and parse_unit(unit).dimension != COUNT):
        return False
    if (claim.date or claim.period) and not consistency._own_years_only(claim, mention):
        return False
    text = mention.replace(",", "") if "," in mention else mention
    at = text.find(needle)
    while at >= 0:
        end = at + len(needle)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if (
            before not in consistency._NUMBER_CHARS
            and before not in "£$€-"
            and after not in consistency._NUMBER_CHARS
            and not after.isalpha()
            and after not in "%+-/"
            and not consistency._SCALED_AFTER.match(text, end)
            and not QUALIFIED_BEFORE.search(text[max(0, at - 20) : at])
        ):
            return True
        at = text.find(needle, at + 1)
    return False


@settings(max_examples=1000, deadline=None)
@given(_claims_and_mentions())
def test_a_mention_is_passed_plainly_as_before(case: tuple[Claim, str]) -> None:
    """Mentions passed without a full reading are the same as before (not all of them are
    ones a full reading finds nothing in: ",2024 in 2023" for an undated claim of 2024)."""
    claim, mention = case
    assert consistency._states_value_plainly(claim, mention) is _plainly_before(claim, mention)
