"""A currency's code and its scale written as one word is money in that scale, never a count
(fix H, item 5), and `pct` is a share (item 4).

`unit: GBPm` was read as a count of "gbpm": a football club's £30m wage bill compared with 30
fans passed (counts of different things are one kind), its mention "£30m" was C001 (money
against a count), and `GBPm <= GBP` was C005 rather than compared. Accounts head columns so
(GBPm, USDbn, SEKm, GBP-m, GBP000s; MEUR, kGBP): each is now read as the code and the scale,
and one with a scale claimcheck does not read (TEUR, EURmio) is refused (R002), as `EUR
mio` is. A crore shortened "cr" beside a currency (`INR cr`) was read in ones. Planted and
clean twins on a football club's accounts and a hospital trust's budget.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from claimcheck.figures import is_share
from claimcheck.loader import parse_registry
from claimcheck.units import MONEY, parse_unit, unread_scale
from tests.helpers import check_text

HEAD = "version: 1\npage: {title: Fix H money, as_of: 2025-06}\n"


def codes(text: str) -> list[str]:
    report = check_text(HEAD + text, select=["C", "R"])
    return sorted(f"{f.code} {f.claim or f.path[1]}" for f in report.findings)


@pytest.mark.parametrize(
    ("unit", "currency", "scale"),
    [
        ("GBPm", "GBP", 10**6),
        ("gbpm", "GBP", 10**6),
        ("GBPbn", "GBP", 10**9),
        ("USDm", "USD", 10**6),
        ("USDbn", "USD", 10**9),
        ("SEKm", "SEK", 10**6),
        ("GBPk", "GBP", 10**3),
        ("GBPmn", "GBP", 10**6),
        ("GBP-m", "GBP", 10**6),
        ("USD-bn", "USD", 10**9),
        ("GBPmillion", "GBP", 10**6),
        ("GBP000s", "GBP", 10**3),
        ("MEUR", "EUR", 10**6),
        ("kGBP", "GBP", 10**3),
        ("bnUSD", "USD", 10**9),
        ("INRcrore", "INR", 10**7),
        ("INR cr", "INR", 10**7),
        ("INRcr", "INR", 10**7),
        ("£m", "GBP", 10**6),  # as before
        ("$bn", "USD", 10**9),
        ("GBP m", "GBP", 10**6),
    ],
)
def test_a_code_joined_to_its_scale_is_money_in_that_scale(
    unit: str, currency: str, scale: int
) -> None:
    read = parse_unit(unit)
    assert (read.dimension, read.currency, read.scale) == (MONEY, currency, Decimal(scale))
    assert unread_scale(unit) is None


@pytest.mark.parametrize("unit", ["TEUR", "EURmio", "Mio.EUR", "GBPhundreds", "Mio. EUR"])
def test_a_code_joined_to_a_scale_not_read_is_refused(unit: str) -> None:
    assert unread_scale(unit) is not None


@pytest.mark.parametrize(
    "unit", ["Gbps", "kg", "mm", "passengers", "cr people", "megalitres", "GBPs", "mgmt"]
)
def test_words_that_only_look_glued_are_not_money(unit: str) -> None:
    assert parse_unit(unit).dimension != MONEY
    assert unread_scale(unit) is None


CLUB = """claims:
  - id: wages
    text: The club paid £30m in wages.
    kind: figure
    value: 30
    unit: GBPm
    mentions: ["£30m in wages"]
  - {id: budget, text: The wage budget was £35m., kind: figure, value: 35000000, unit: GBP}
  - {id: fans, text: 30 fans complained., kind: figure, value: 30, unit: fans}
  - {id: seats, text: 40 seats were empty., kind: figure, value: 40, unit: seats}
constraints:
  - {id: within, expr: wages <= budget}
  - {id: counted, expr: fans <= seats}
"""
TRUST = """claims:
  - {id: spend, text: The trust spent $1.0bn., kind: figure, value: 1.0, unit: USDbn}
  - {id: plan, text: "It planned $1,100m.", kind: figure, value: 1100, unit: USD million}
  - {id: beds, text: It has 1.2 thousand beds., kind: figure, value: 1.2, unit: thousand beds}
constraints:
  - {id: on_plan, expr: spend <= plan}
"""


def test_money_in_a_joined_unit_is_compared_as_money() -> None:
    # Clean twins: £30m within £35m, $1.0bn within $1,100m; the mention "£30m" states it.
    assert codes(CLUB) == []
    assert codes(TRUST) == []
    # Planted: over budget (was C005 "count with money", for the wrong reason).
    planted = CLUB.replace(
        "was £35m., kind: figure, value: 35000000", "was £25m., kind: figure, value: 25000000"
    )
    assert codes(planted) == ["C003 0"]
    assert codes(
        TRUST.replace("$1.0bn., kind: figure, value: 1.0", "$1.2bn., kind: figure, value: 1.2")
    ) == ["C003 0"]
    # Planted: money set against a count passed (30 "gbpm" <= 40 seats).
    assert codes(CLUB.replace("fans <= seats", "wages <= seats")) == ["C005 1"]
    assert codes(TRUST.replace("spend <= plan", "spend <= beds")) == ["C005 0"]


def test_a_joined_unit_is_read_alike_by_the_loader_and_the_checks() -> None:
    loaded = parse_registry(HEAD + CLUB, "claims.yaml")
    assert loaded.findings == []
    assert [c.unit for c in loaded.registry.claims][:1] == ["GBPm"]  # kept as written


@pytest.mark.parametrize("unit", ["pct", "PCT", " pct ", "Per  cent", "percent", "%"])
def test_pct_is_a_share(unit: str) -> None:
    assert is_share(unit)


@pytest.mark.parametrize("unit", ["pct change", "percentage points", "percent of GDP", None, ""])
def test_a_change_or_points_is_no_share(unit: str | None) -> None:
    assert not is_share(unit)


SHARES = """claims:
  - {id: sold, text: 95 pct of tickets were sold., kind: figure, value: 95, unit: pct}
  - {id: beds, text: 92 PCT of beds were full., kind: figure, value: 92, unit: PCT}
"""


def test_a_share_in_pct_over_100_is_c013() -> None:
    assert codes(SHARES) == []
    planted = SHARES.replace(
        "95 pct of tickets were sold., kind: figure, value: 95",
        "120 pct of tickets were sold., kind: figure, value: 120",
    )
    assert codes(planted) == ["C013 sold"]
    planted = SHARES.replace(
        "92 PCT of beds were full., kind: figure, value: 92",
        "104 PCT of beds were full., kind: figure, value: 104",
    )
    assert codes(planted) == ["C013 beds"]
