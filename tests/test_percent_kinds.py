"""A percentage of any kind ("percent change", "percent of the average") is compared with the
"%" figures of mentions and sources; only a plain share must lie between 0 and 100 (C013)."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from claimcheck.figures import claim_bounds, comparable, is_percent, is_share
from claimcheck.model import Claim
from claimcheck.quantity import find_quantities
from tests.helpers import check_text, codes


def _claim(unit: str, value: str) -> Claim:
    return msgspec.convert(
        {"id": "c", "text": "t", "kind": "figure", "value": value, "unit": unit}, Claim
    )


def test_a_change_in_percent_is_compared_with_percentages() -> None:
    # `percent change` (what C013 asks for a rise of 150%) was compared with bare numbers only,
    # so a source's "rose 21%" never met a claim of 12: a silent pass.
    found = find_quantities("Costs rose 21% on 2023, to 4,100.")
    for unit in ("percent change", "percent of the 1991-2020 average", "percent"):
        assert is_percent(unit)
        assert [q.text for q in comparable(_claim(unit, "12"), found)] == ["21%"]
    assert [q.text for q in comparable(_claim("cases", "12"), found)] == ["4,100"]


def one_claim_codes(fields: str) -> list[str]:
    return codes(
        check_text(
            "version: 1\nsources: [{id: s1, title: R, kind: news, url: 'https://example.org/'}]\n"
            "claims:\n  - id: c\n    text: t\n    kind: figure\n    citations: [{source: s1}]\n"
            f"    {fields}\n"
        )
    )


def test_only_a_share_is_held_between_0_and_100() -> None:
    assert is_share("percent") and not is_share("percent change")
    assert one_claim_codes("value: 150\n    unit: percent change") == []
    assert one_claim_codes("value: 150\n    unit: percent") == ["C013"]


def test_a_change_in_percent_is_a_rounded_figure() -> None:
    # "12%" stands for 11.5-12.5, as a share does.
    assert claim_bounds(_claim("percent change", "12")) == (Decimal("11.5"), Decimal("12.5"))
