"""A table's bare cell under a header that names what it counts ("Deaths", "Passengers")
states that number and no share, money or measure (final review #1): "12" under "Deaths"
beside "Rate (%)" was read in the claim's unit and supported "a death rate of 12%" and "£12
million". It now says so (Q017, "in a table that states no unit, not percent"). A count
stays supported, a cell whose column names its unit takes it, and a budget book's table that
names nothing of its cells (its columns are years) is still read in the claim's unit.

Planted and clean twins on two subjects of our own: deaths by region, and passengers by line.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from claimcheck.loader import _dec_hook
from claimcheck.model import Claim
from claimcheck.sources.match import match_figure, said_otherwise

DEATHS = """Deaths by region, 2024

| Region | Deaths | Rate (%) |
|---|---|---|
| North | 12 | 3.4 |
| South | 18 | 4.1 |
"""

LINES = """Passengers by line, 2023

| Line | Passengers | Delay (minutes) |
|---|---|---|
| Coast | 640 | 7 |
| Valley | 310 | 12 |
"""

#: A budget book whose columns are years: it names nothing of what its cells count.
BOOK = """Budget book 2025/26

| Service | 2024/25 | 2025/26 |
|---|---|---|
| Libraries | 6.1 | 6.4 |
"""


def claim(**fields: Any) -> Claim:
    return msgspec.convert(
        {"id": "c", "kind": "figure", "text": "t", **fields}, Claim, dec_hook=_dec_hook
    )


@pytest.mark.parametrize(
    ("source", "fields", "said"),
    [
        (
            DEATHS,
            {"text": "The death rate in the North was 12% in 2024.", "value": 12, "unit": "%"},
            "in a table that states no unit, not %",
        ),
        (
            DEATHS,
            {"text": "The North's grant was £12 million.", "value": 12, "unit": "GBP million"},
            "in a table that states no unit, not GBP million",
        ),
        (
            LINES,
            {"text": "The Coast line is 640 km long.", "value": 640, "unit": "km"},
            "in a table that states no unit, not km",
        ),
        (
            LINES,
            {"text": "The Valley line cost £310 million.", "value": 310, "unit": "GBP million"},
            "in a table that states no unit, not GBP million",
        ),
    ],
)
def test_a_cell_under_a_worded_header_is_not_in_the_claims_unit(
    source: str, fields: dict[str, Any], said: str
) -> None:
    found = match_figure(claim(**fields), [source])
    assert found.verdict.value == "otherwise"
    assert said in said_otherwise(found)


@pytest.mark.parametrize(
    ("source", "fields"),
    [
        # a count: the cell's number as written
        (DEATHS, {"text": "Deaths in the North were 12 in 2024.", "value": 12}),
        (LINES, {"text": "The Coast line carried 640 passengers.", "value": 640}),
        # a column whose header gives its unit
        (DEATHS, {"text": "The North's death rate was 3.4%.", "value": 3.4, "unit": "%"}),
        (LINES, {"text": "Valley trains ran 12 minutes late.", "value": 12, "unit": "minutes"}),
        # a table that names nothing of its cells
        (BOOK, {"text": "Libraries get £6.4 million.", "value": 6.4, "unit": "GBP million"}),
    ],
)
def test_its_clean_twins_stay_supported(source: str, fields: dict[str, Any]) -> None:
    assert match_figure(claim(**fields), [source]).verdict.value == "supported"


def test_a_column_with_another_unit_never_takes_the_claims() -> None:
    """A column headed "Rate (%)" gives its cells a share: "3.4" is no £3.4 million."""
    found = match_figure(
        claim(text="The North got £3.4 million.", value=3.4, unit="GBP million"), [DEATHS]
    )
    assert found.verdict.value == "absent"
