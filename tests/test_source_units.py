"""A source's figure states a claim's in another unit of its dimension, and a mass says its
gas in words as in symbols (review 11 #15: "371.0 million tonnes carbon dioxide equivalent
(MtCO2e)" was no figure for a claim of 371.0 MtCO2e, a Q004 false positive).

The pairs of tests/data/source_units/ plant a changed figure, gas or unit, each beside a
clean twin; the review's case runs through `snapshot` and `verify --offline`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml

from claimcheck.loader import _dec_hook
from claimcheck.model import Claim
from claimcheck.sources.match import FigureVerdict, match_figure
from tests.test_figure_aspects import check

PAIRS = yaml.safe_load(
    (Path(__file__).parent / "data" / "source_units" / "pairs.yaml").read_text(encoding="utf-8")
)["pairs"]


@pytest.mark.parametrize(
    "pair", PAIRS, ids=[f"{p['claim']['value']} {p['claim']['unit']}" for p in PAIRS]
)
def test_a_figure_in_another_unit_or_with_its_gas_in_words(pair: dict[str, Any]) -> None:
    claim = msgspec.convert(
        {"id": "c", "kind": "figure", "text": "t", **pair["claim"]}, Claim, dec_hook=_dec_hook
    )
    found = match_figure(claim, [pair["source"]])
    assert found.verdict is FigureVerdict(pair["verdict"]), found


def test_the_pairs_plant_and_twin_on_several_subjects() -> None:
    planted = [p for p in PAIRS if p.get("planted")]
    clean = [p for p in PAIRS if not p.get("planted")]
    assert len(planted) >= 8 and len(clean) >= 8
    assert all(p["verdict"] != "supported" for p in planted)
    assert all(p["verdict"] == "supported" for p in clean)


SOURCE = (
    "Territorial greenhouse gas emissions in 2024 were provisionally estimated at 371.0 "
    "million tonnes carbon dioxide equivalent (MtCO2e), 3.6% below 2023."
)


def test_the_reviews_case_through_verify(tmp_path: Path) -> None:
    fields = {"text": "Emissions were 371.0 MtCO2e in 2024.", "value": 371.0}
    findings, support = check(tmp_path / "clean", SOURCE, {**fields, "unit": "MtCO2e"})
    assert findings == []
    assert support == "supported"
    # planted: another figure, and the same figure of another gas
    findings, _ = check(tmp_path / "figure", SOURCE, {**fields, "value": 317.0, "unit": "MtCO2e"})
    assert [code for code, _ in findings] == ["Q004"]
    findings, _ = check(tmp_path / "gas", SOURCE, {**fields, "unit": "MtCO2"})
    assert [code for code, _ in findings] == ["Q017"]
    assert "of CO2e, not CO2" in findings[0][1]
