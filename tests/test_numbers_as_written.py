"""A plain number in a registry is the number written, on every read path (fix H, item 1).

yaml-rs reads `value: 12345678901234567.1` as a float, and msgspec made the float's Decimal
(12345678901234568): the figure compared was not the figure written, while the same figure
in quotes was read exactly. Every plain number in a claim's `value` or a constraint's
`tolerance` is now the decimal its text writes: past a float's 17 digits, its trailing
zeros (`1.30`), below a float's smallest (`1e-400`, read as 0), on the chunked fast path,
the whole parse, the slow pass and through the registry cache alike. Each planted error has
a clean twin, on a glacier's ice, a city's budget, a hospital's waits and a football club.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from claimcheck import loader
from claimcheck.errors import RegistryLoadError
from claimcheck.loader import load_text, parse_registry
from claimcheck.registry_cache import RegistryCache
from tests.helpers import check_text

HEAD = "version: 1\npage: {title: Fix H numbers, as_of: 2025-06}\n"

#: How a registry's text is made to take each read path: as written (the chunked fast
#: path), with an anchor (whole, not in chunks), with an unknown top-level field (the slow
#: pass, which reports it). Flow style (no line scan of the entries) has tests of its own.
PATHS: dict[str, Callable[[str], str]] = {
    "chunked": lambda body: HEAD + body,
    "whole": lambda body: HEAD + "defaults: &d {stale_after: 180d}\n" + body,
    "slow": lambda body: HEAD + "notes_typo: x\n" + body,
}


def values(text: str) -> list[object]:
    return [c.value for c in parse_registry(text, "claims.yaml").registry.claims]


def codes(text: str) -> list[str]:
    report = check_text(text, select=["C"])
    return sorted(f"{f.code} {f.claim or f.path[1]}" for f in report.findings)


ICE = """claims:
  - id: ice_survey
    text: The survey weighed the ice at 12345678901234567.1 tonnes.
    kind: figure
    value: 12345678901234567.1
    unit: tonnes
  - id: ice_model
    text: The model puts it at 12345678901234567.3 tonnes.
    kind: figure
    value: 12345678901234567.3
    unit: tonnes
constraints:
  - {id: below, expr: ice_survey <= ice_model}
"""
BUDGET = """claims:
  - id: parks
    text: Parks get 100000000000000000.25 pounds.
    kind: figure
    value: 100000000000000000.25
    unit: GBP
  - id: roads
    text: Roads get 100000000000000000.50 pounds.
    kind: figure
    value: 100000000000000000.50
    unit: GBP
  - id: total
    text: The budget is 200000000000000000.75 pounds.
    kind: figure
    value: 200000000000000000.75
    unit: GBP
constraints:
  - {id: sum, expr: parks + roads == total, tolerance: 0.02}
"""


@pytest.mark.parametrize("path", sorted(PATHS))
def test_digits_past_a_floats_are_compared(path: str) -> None:
    make = PATHS[path]
    # Clean twins: the relations hold as written.
    assert codes(make(ICE)) == []
    assert codes(make(BUDGET)) == []
    # Planted: differences a float cannot hold (it read each pair as one number, and
    # both relations held).
    planted = ICE.replace("at 12345678901234567.1 tonnes", "at 12345678901234567.5 tonnes")
    planted = planted.replace("value: 12345678901234567.1", "value: 12345678901234567.5")
    assert codes(make(planted)) == ["C003 0"]
    planted = BUDGET.replace("200000000000000000.75", "200000000000000000.70")
    assert codes(make(planted)) == ["C003 0"]
    assert values(make(planted))[2] == Decimal("200000000000000000.70")


WAITS = """claims:
  - id: cancelled
    text: 1.30% of operations were cancelled.
    kind: figure
    value: 1.30
    unit: percent
    mentions: ["1.30% of operations"]
"""
GLACIER = """claims:
  - id: retreat
    text: The glacier retreated 2.50 km.
    kind: figure
    value: 2.50
    unit: km
    mentions: ["retreated 2.50 km"]
"""


@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_trailing_zero_is_the_precision_written(path: str) -> None:
    make = PATHS[path]
    assert codes(make(WAITS)) == []
    assert codes(make(GLACIER)) == []
    # Planted: read through a float, 1.30 was 1.3 (1.25 to 1.35), and 1.34% passed.
    assert codes(make(WAITS.replace('"1.30% of', '"1.34% of'))) == ["C001 cancelled"]
    assert codes(make(GLACIER.replace('"retreated 2.50', '"retreated 2.54'))) == ["C001 retreat"]
    assert values(make(WAITS)) == [Decimal("1.30")]
    assert str(values(make(GLACIER))[0]) == "2.50"


TINY = """claims:
  - {id: melt, text: Some ice melted., kind: figure, value: 1e-400, unit: tonnes}
constraints:
  - {id: melted, expr: melt > 0}
"""
SEASON = """claims:
  - {id: home, text: Home fans., kind: figure, value: 9223372036854775808, unit: fans}
  - {id: away, text: Away fans., kind: figure, value: 9223372036854775808, unit: fans}
  - {id: total, text: Stewards., kind: figure, value: 1_000, unit: stewards}
constraints:
  - {id: same, expr: home == away}
  - {id: staffed, expr: total == 1000}
"""


@pytest.mark.parametrize("path", sorted(PATHS))
def test_numbers_a_float_cannot_hold_are_read_as_written(path: str) -> None:
    make = PATHS[path]
    # 1e-400 was read as 0 (a float's smallest is 5e-324): `melt > 0` failed.
    assert codes(make(TINY)) == []
    assert values(make(TINY)) == [Decimal("1e-400")]
    assert codes(make(TINY.replace("1e-400", "-1e-400"))) == ["C003 0"]
    # Integers past 2**63 and with underscores are exact (yaml-rs gives Python ints).
    assert codes(make(SEASON)) == []
    planted = SEASON.replace(
        "Away fans., kind: figure, value: 9223372036854775808",
        "Away fans., kind: figure, value: 9223372036854775809",
    )
    assert codes(make(planted)) == ["C003 0"]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("1e3", "1E+3"),  # a thousand to one significant figure, as "1e3" is
        ("1.5e3", "1.5E+3"),
        ("2.5E-3", "0.0025"),
        ("5.", "5"),
        ("2.0", "2.0"),
        ("-0.0", "-0.0"),
        ("1_000.50", "1000.50"),
        ("+.5", "0.5"),
        ("0.1000000000000000055511151231257827", "0.1000000000000000055511151231257827"),
        ("[1.30, 2.50]", "(1.30, 2.50)"),
        ('"1e3"', "1E+3"),  # in quotes alike
        ('"1.5E2"', "1.5E+2"),
        ('"1e-3"', "0.001"),
        ('["1e3", 2]', "(1E+3, 2)"),
    ],
)
@pytest.mark.parametrize("path", sorted(PATHS))
def test_each_form_of_a_plain_number(path: str, written: str, read: str) -> None:
    body = "claims:\n  - id: c0\n    text: x\n    kind: figure\n    value: " + written + "\n"
    [value] = values(PATHS[path](body))
    shown = f"({value[0]}, {value[1]})" if isinstance(value, tuple) else str(value)
    assert shown == read


@pytest.mark.parametrize(
    ("claim", "mention"),
    [
        ("{id: spend, text: Spending., kind: figure, value: VALUE, unit: GBP million}", "£1,600m"),
        (
            "{id: waits, text: Waits rose., kind: figure, value: VALUE, unit: percent change}",
            "1,600%",
        ),
    ],
)
@pytest.mark.parametrize("quote", ['"', ""])
def test_an_exponent_is_read_alike_plain_and_in_quotes(
    claim: str, mention: str, quote: str
) -> None:
    """`1e3` is 1E+3 whether quoted or not (plain, it was a float's 1000.0): a thousand to
    one significant figure, as `1.3` is 1.25 to 1.35 in a unit of rounded figures."""
    clean = mention.replace("1,600", "1,000")
    body = "claims:\n  - " + claim.replace("VALUE", f"{quote}1e3{quote}")
    body = body.replace("}", f", mentions: ['{clean}']}}")
    assert codes(HEAD + body) == []
    assert str(values(HEAD + body)[0]) == "1E+3"
    planted = body.replace(f"['{clean}']", f"['{mention}']")
    [found] = codes(HEAD + planted)
    assert found.startswith("C001 ")


def test_a_not_finite_number_is_still_refused() -> None:
    for written in ("1e400", ".nan", "-.inf"):
        body = "claims:\n  - id: c0\n    text: x\n    kind: figure\n    value: " + written + "\n"
        with pytest.raises(RegistryLoadError) as caught:
            parse_registry(HEAD + body, "claims.yaml")
        assert "R002" in caught.value.message and caught.value.line == 7


@pytest.mark.parametrize(
    "body",
    [
        # A decoy: the same number with another precision in a text of the same entry.
        "claims:\n  - id: c0\n    text: |\n      value: {other}\n    kind: figure\n"
        "    value: {value}\n",
        "claims:\n  - {{id: c0, text: '{other} of it', kind: figure, value: {value}}}\n",
        "claims: [{{id: c0, text: 'a {other} b', kind: figure, value: {value}}}]\n",
        "claims:\n  - id: c0\n    text: '{other}'\n    kind: figure\n    value:\n      {value}\n",
        "claims:\n  - id: c0\n    text: '{other}'\n    kind: figure\n    value: [\n      {value},"
        "\n      2]\n",
    ],
)
def test_the_numbers_own_text_is_read_not_a_decoy(body: str) -> None:
    for value, other in (("1.50", "1.5"), ("1.5", "1.50")):
        [read] = values(HEAD + body.format(value=value, other=other))
        assert str(read[0] if isinstance(read, tuple) else read) == value


def test_an_alias_reads_its_anchors_text() -> None:
    body = (
        "claims:\n  - {id: a, text: x, kind: figure, value: &v 1.50}\n"
        "  - {id: b, text: y, kind: figure, value: *v}\n"
    )
    assert [str(v) for v in values(HEAD + body)] == ["1.50", "1.50"]


def test_a_tolerance_is_read_as_written() -> None:
    for path in PATHS.values():
        text = path(
            "constraints:\n  - {id: k, expr: 1 < 2, tolerance: 0.50}\n"
            "  - {id: j, expr: 1 < 2, tolerance: 12345678901234567.1}\n"
        )
        tolerances = [c.tolerance for c in parse_registry(text, "r.yaml").registry.constraints]
        assert [str(t) for t in tolerances] == ["0.50", "12345678901234567.1"]


def test_a_number_whose_text_is_not_found_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """When PyYAML cannot read what yaml-rs read, the number is refused where it stands,
    never compared as a float's digits."""

    def refuse(text: str) -> None:
        raise yaml.YAMLError("unreadable")

    monkeypatch.setattr(loader, "compose", refuse)
    body = "claims: [{id: c0, text: x, kind: figure, value: 1.50}]\n"  # risky, flow style
    with pytest.raises(RegistryLoadError) as caught:
        parse_registry(HEAD + body, "claims.yaml")
    assert "could not be read as written" in caught.value.message
    assert caught.value.line == 3 and 'in quotes: value: "..."' in (caught.value.hint or "")
    # The clean twin: a number with nothing risky needs no text (its float's digits).
    [value] = values(HEAD + body.replace("1.50", "1.5"))
    assert str(value) == "1.5"


def test_the_registry_cache_keeps_the_numbers_as_written(tmp_path: Path) -> None:
    cache = RegistryCache(tmp_path / "cache", min_chars=0)
    for body in (ICE, BUDGET, WAITS, TINY):
        text = HEAD + body
        first = load_text(text, "claims.yaml", cache)
        again = load_text(text, "claims.yaml", cache)
        written = [str(c.value) for c in first.registry.claims]
        assert [str(c.value) for c in again.registry.claims] == written
        assert written == [str(c.value) for c in parse_registry(text, "x").registry.claims]
    assert list((tmp_path / "cache").glob("*.msgpack"))  # the second load was the cache's


def test_a_large_registry_reads_the_same_in_chunks_and_whole() -> None:
    # Over CHUNK_ITEMS entries: floats in several chunks, some risky, one an integral `5.`.
    claims = [
        f"  - id: c{i}\n    text: Figure {i}.\n    kind: figure\n    value: {v}\n"
        for i, v in enumerate(
            ["1.30", "2.5", "5.", "12345678901234567.1", "7", "0.25", "3.000"] * 200
        )
    ]
    body = "claims:\n" + "".join(claims)
    chunked = values(HEAD + body)
    whole = values(PATHS["whole"](body))
    assert [str(v) for v in chunked] == [str(v) for v in whole]
    assert [str(v) for v in chunked[:7]] == [
        "1.30",
        "2.5",
        "5",
        "12345678901234567.1",
        "7",
        "0.25",
        "3.000",
    ]
