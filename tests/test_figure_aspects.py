"""A source's figure supports a claim only if its time, direction, unit, currency, base, bound
and measure agree with the claim's too, not only its value (fourth review: Q005, Q006, Q017).

Each fix is planted (the source says the claim's number otherwise) with its clean twin (the
source says what the claim does), through `snapshot` and `verify --offline`, on subjects of
our own. The labelled pairs of tests/data/figures/ pin the figures the README reports.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import msgspec
import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import _dec_hook, load_registry
from claimcheck.model import Claim
from claimcheck.sources.match import FigureVerdict, match_figure, measure_describes
from claimcheck.sources.snapshot import build, save
from claimcheck.sources.text import read_document

runner = CliRunner()
TODAY = "2025-06-01"

_BENCH = Path(__file__).resolve().parent.parent / "bench" / "figures.py"
_spec = importlib.util.spec_from_file_location("bench_figures", _BENCH)
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def claim(**fields: Any) -> Claim:
    return msgspec.convert({"id": "c", "kind": "figure", **fields}, Claim, dec_hook=_dec_hook)


def check(tmp_path: Path, source: str, fields: dict[str, Any], quote: str | None = None) -> Any:
    """`snapshot` then `verify --offline` of one claim citing one text source: the claim's
    findings (code, message) and its citation's support verdict."""
    citation: dict[str, Any] = {"source": "stats"}
    if quote:
        citation["quote"] = quote
    entry = {
        "id": "c",
        "kind": "figure",
        "citations": [citation],
        "review": {"status": "verified", "on": TODAY},
        **fields,
    }
    tmp_path.mkdir(parents=True, exist_ok=True)
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        json.dumps(
            {
                "version": 1,
                "page": {"title": "Test page", "as_of": TODAY},
                "sources": [
                    {"id": "stats", "title": "Statistics", "url": "https://stats.example/t"}
                ],
                "claims": [entry],
            },
            default=str,
        ),
        encoding="utf-8",
    )
    loaded = load_registry(registry).registry
    document = read_document(source.encode(), "utf-8")
    snap = build(
        loaded.sources[0],
        "https://stats.example/t",
        loaded.claims,
        document,
        fetched=TODAY,
        final_url=None,
        previous=None,
    )
    save(tmp_path / "snapshots", snap)
    result = runner.invoke(
        app,
        ["verify", str(registry), "--offline", "--today", TODAY, "-f", "json"],
        env={"CLAIMCHECK_OFFLINE": "1"},
    )
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    report = json.loads(result.stdout)
    findings = [
        (f["code"], f["message"])
        for f in report["findings"]
        if f.get("claim") == "c" and f["code"].startswith("Q") and f["code"] != "Q011"
    ]
    support = report["claims"][0]["citations"][0]["support"]["verdict"]
    return findings, support


# (planted source, clean twin source, claim, rule, what the message must say)
CASES = {
    "a fall for a rise": (
        "Fly-tipping incidents decreased by 8% in 2024 compared with 2023.",
        "Fly-tipping incidents increased by 8% in 2024 compared with 2023.",
        {
            "text": "Fly-tipping increased by 8% in 2024.",
            "value": 8,
            "unit": "percent",
            "measure": "increase in fly-tipping incidents",
            "period": 2024,
        },
        "Q017",
        "as a fall ('decreased'), not a rise",
    ),
    "a rise for a fall (the verb in the claim's text)": (
        "Footfall in the town centre rose 3.1% in the year.",
        "Footfall in the town centre fell 3.1% in the year.",
        {
            "text": "Town centre footfall fell 3.1%.",
            "value": 3.1,
            "unit": "percent",
            "measure": "town centre footfall",
        },
        "Q017",
        "as a rise ('rose'), not a fall",
    ),
    "a rate for a total": (
        "There were 46 drownings per million people in 2024.",
        "There were 46 drownings in 2024.",
        {
            "text": "The county recorded 46 drownings in 2024.",
            "value": 46,
            "unit": "drownings",
            "measure": "drownings",
            "period": 2024,
        },
        "Q017",
        "as a rate per million, not a total",
    ),
    "euros for pounds": (
        "The harbour authority's budget was 4.2 million euros.",
        "The harbour authority's budget was £4.2 million.",
        {
            "text": "The harbour budget was £4.2 million.",
            "value": 4.2,
            "unit": "GBP million",
            "measure": "harbour authority budget",
        },
        "Q017",
        "in EUR, not GBP",
    ),
    "dollars for pounds": (
        "The museum will spend $48.3 million on its new wing.",
        "The museum will spend £48.3 million on its new wing.",
        {
            "text": "The new wing costs £48.3 million.",
            "value": 48.3,
            "unit": "GBP million",
            "measure": "spend on the new wing",
        },
        "Q017",
        "in USD, not GBP",
    ),
    "cubic metres for tonnes": (
        "The quarry produced 4.2 million cubic metres of aggregate in 2023.",
        "The quarry produced 4.2 million tonnes of aggregate in 2023.",
        {
            "text": "The quarry produced 4.2 million tonnes in 2023.",
            "value": 4.2,
            "unit": "million tonnes",
            "measure": "aggregate produced by the quarry",
            "period": 2023,
        },
        "Q017",
        "in cubic metres, not tonnes",
    ),
    "Fahrenheit for Celsius": (
        "The lake's mean surface temperature in 2024 was 10.9 degrees Fahrenheit.",
        "The lake's mean surface temperature in 2024 was 10.9 degrees Celsius.",
        {
            "text": "The lake averaged 10.9C at the surface in 2024.",
            "value": 10.9,
            "unit": "degrees Celsius",
            "measure": "mean surface temperature of the lake",
            "period": 2024,
        },
        "Q017",
        "in degrees Fahrenheit, not degrees Celsius",
    ),
    "another year's figure, the claim's year given another": (
        "Landfill tax receipts fell to £3.9 million in 2023, from £4.2 million in 2022.",
        "Landfill tax receipts fell to £4.2 million in 2023, from £4.6 million in 2022.",
        {
            "text": "Landfill tax raised £4.2 million in 2023.",
            "value": 4.2,
            "unit": "GBP million",
            "measure": "landfill tax receipts",
            "period": 2023,
        },
        "Q005",
        "says '£3.9 million' for 'landfill tax receipts' (its £4.2 million is for 2022, not 2023)",
    ),
    "another year's figure, no other": (
        "The ferry carried 2.3 million passengers in 2022.",
        "The ferry carried 2.3 million passengers in 2023.",
        {
            "text": "The ferry carried 2.3 million passengers in 2023.",
            "value": 2.3,
            "unit": "million passengers",
            "measure": "ferry passengers",
            "period": 2023,
        },
        "Q017",
        "for 2022, not 2023",
    ),
    "a table's other column": (
        "| Measure | 2023 | 2024 |\n|---|---|---|\n| Swimming lessons | 892,000 | 851,300 |\n"
        "| Gym visits | 61,250 | 64,800 |",
        "| Measure | 2023 | 2024 |\n|---|---|---|\n| Swimming lessons | 851,300 | 892,000 |\n"
        "| Gym visits | 61,250 | 64,800 |",
        {
            "text": "The leisure centres gave 892,000 swimming lessons in 2024.",
            "value": 892000,
            "unit": "lessons",
            "measure": "swimming lessons",
            "period": 2024,
        },
        "Q005",
        "says '851,300' for 'swimming lessons' (its 892,000 is for 2023, not 2024)",
    ),
    "a financial year's other figure": (
        "The trust set a capital budget of £212.4 million for 2025/26, up from £198.7 million "
        "in 2024/25.",
        "The trust set a capital budget of £198.7 million for 2025/26, up from £190.1 million "
        "in 2024/25.",
        {
            "text": "The trust's capital budget is £198.7 million for 2025/26.",
            "value": 198.7,
            "unit": "GBP million",
            "measure": "capital budget",
            "period": "2025/2026",
        },
        "Q005",
        "says '£212.4 million' for 'capital budget'",
    ),
    "fewer than for more than": (
        "Fewer than 9,000 anglers bought a rod licence in 2024.",
        "More than 9,000 anglers bought a rod licence in 2024.",
        {
            "text": "More than 9,000 anglers bought a licence in 2024.",
            "value": 9000,
            "qualifier": "more_than",
            "unit": "anglers",
            "measure": "anglers buying a rod licence",
        },
        "Q017",
        "as an upper bound, not a lower bound",
    ),
    "at least, met only by another year's figure": (
        "The network had 240 charging points in 2024, down from 310 charging points in 2019.",
        "The network had 340 charging points in 2024, up from 310 charging points in 2019.",
        {
            "text": "The network had at least 300 charging points in 2024.",
            "value": 300,
            "qualifier": "at_least",
            "unit": "charging points",
            "measure": "charging points",
            "period": 2024,
        },
        "Q005",
        "says '240' for 'charging points' (its 310 is for 2019, not 2024)",
    ),
    "at least, met only by another measure's figure": (
        "Fewer than 9,000 drivers used the network. The network had 240 charging points in 2024.",
        "Fewer than 9,000 drivers used the network. The network had 340 charging points in 2024.",
        {
            "text": "The network had at least 300 charging points in 2024.",
            "value": 300,
            "qualifier": "at_least",
            "unit": "charging points",
            "measure": "charging points",
            "period": 2024,
        },
        "Q005",
        "says '240' for 'charging points'",
    ),
    "another thing the money is spent on": (
        "The authority will spend £48.3 million on children's services, its largest budget.",
        "The authority will spend £48.3 million on adult social care, its largest budget.",
        {
            "text": "£48.3 million goes on adult social care.",
            "value": 48.3,
            "unit": "GBP million",
            "measure": "spend on adult social care",
        },
        "Q006",
        "not as 'spend on adult social care'",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_planted_is_found_and_its_twin_is_clean(tmp_path: Path, case: str) -> None:
    planted, clean, fields, rule, says = CASES[case]
    findings, support = check(tmp_path / "planted", planted, fields)
    assert [code for code, _ in findings] == [rule], findings
    assert says in findings[0][1]
    assert support == "unsupported"
    findings, support = check(tmp_path / "clean", clean, fields)
    assert findings == []
    assert support == "supported"


def test_a_quote_giving_the_measure_another_figure_contradicts_the_claim(
    tmp_path: Path,
) -> None:
    """The source states the claim's value too (for another year), so only the quote, the
    source's own words the citation gives, shows the claim's figure is not its own."""
    source = (
        "The trust set a capital budget of £212.4 million for 2025/26. Its capital budget "
        "of £198.7 million was the largest in ten years."
    )
    fields = {
        "text": "The trust's capital budget is £198.7 million.",
        "value": 198.7,
        "unit": "GBP million",
        "measure": "capital budget",
    }
    findings, support = check(
        tmp_path / "planted", source, fields, "a capital budget of £212.4 million for 2025/26"
    )
    assert [code for code, _ in findings] == ["Q005"]
    assert "its quote of `stats` says '£212.4 million' for 'capital budget'" in findings[0][1]
    assert support == "unsupported"
    findings, support = check(
        tmp_path / "clean", source, fields, "Its capital budget of £198.7 million was the largest"
    )
    assert findings == []
    assert support == "supported"


@pytest.mark.parametrize(
    ("text", "fields", "verdict"),
    [
        # the base's number is no figure of its own: neither the claim's value nor another
        ("5.1 deaths per 100,000 people", {"value": 100000, "unit": "people"}, "absent"),
        # a count's value is no year: "since 2016" does not meet "more than 2,000"
        (
            "Applications were below 2,000 for the first time since 2016.",
            {"value": 2000, "qualifier": "more_than", "unit": "applications"},
            "otherwise",
        ),
        # "between 2019 and 2021" is one period, which contains 2020
        (
            "Between 2019 and 2021, 400 bridges were repaired.",
            {"value": 400, "period": 2020},
            "supported",
        ),
        (
            "Between 2019 and 2021, 400 bridges were repaired.",
            {"value": 400, "period": 2023},
            "otherwise",
        ),
        # a comparison's base is not the figure's time
        (
            "Thefts fell 8% in 2024 compared with 2023.",
            {"value": 8, "unit": "percent", "period": 2024},
            "supported",
        ),
        (
            "Thefts fell 8% in 2024 compared with 2023.",
            {"value": 8, "unit": "percent", "period": 2023},
            "otherwise",
        ),
        # a verb left out is the sentence's
        (
            "Burglary rose by 3% and robbery by 5%.",
            {"value": 5, "unit": "percent", "measure": "fall in robbery"},
            "otherwise",
        ),
        (
            "Burglary rose by 3% and robbery by 5%.",
            {"value": 5, "unit": "percent", "measure": "rise in robbery"},
            "supported",
        ),
        # a sentence that opens with its time gives it to each figure
        (
            "In 2024, 310 wells were tested and 12 failed.",
            {"value": 12, "period": 2023},
            "otherwise",
        ),
        # a unit the reader keeps by its name: kilowatt hours are not megawatt hours
        ("Use averaged 2,560 kWh.", {"value": 2560, "unit": "MWh"}, "otherwise"),
        ("Use averaged 2,560 kWh.", {"value": 2560, "unit": "kWh"}, "supported"),
        # 2024 is within 2024/25
        (
            "Visits reached 1.3 million in 2024/25.",
            {"value": 1.3, "unit": "million visits", "period": 2024},
            "supported",
        ),
    ],
)
def test_aspects_read_in_the_figures_clause(
    text: str, fields: dict[str, Any], verdict: str
) -> None:
    found = match_figure(claim(text="t", **fields), [text])
    assert found.verdict is FigureVerdict(verdict), found


def test_the_measure_is_read_through_the_figure() -> None:
    text = "The council will spend £48.3 million on children's services."
    at = text.index("£")
    assert measure_describes("spend on adult social care", text, at) is False
    assert measure_describes("spend on children's services", text, at) is True


def test_the_labelled_pairs_figures_are_pinned() -> None:
    """The README's figures (bench/figures.py): 81 pairs designed on, 24 held out."""
    found = bench.score(bench.load_pairs(bench.PAIRS))
    assert (found["tp"], found["fp"], found["fn"], found["tn"]) == (39, 1, 0, 41)
    assert found["rule_right"] == 38
    held = bench.score(bench.load_pairs(bench.HELDOUT))
    # 10 and 3 until acres were read as an area (the quantity reader's units), 11 and 2
    # until "slipped" was a word of change (one lexicon with the page's and quotes' readers).
    assert (held["tp"], held["fp"], held["fn"], held["tn"]) == (12, 0, 1, 11)
    assert held["rule_right"] == 12
