"""A claim's measure is read in its figure's own clause in the source (issue 16, item 4)."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from typing import Any

import msgspec
import pytest

from claimcheck.model import Claim
from claimcheck.sources.match import _figures, match_figure, measure_describes
from claimcheck.sources.measure import measure_terms, quote_back, stem

_BENCH = Path(__file__).resolve().parent.parent / "bench" / "measures.py"
_spec = importlib.util.spec_from_file_location("bench_measures", _BENCH)
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def claim(**fields: Any) -> Claim:
    return msgspec.convert({"id": "c", "text": "t", "kind": "figure", **fields}, Claim)


ISSUE = (
    "Of these, 56 resulted in a charge: the charge rate for burglary was 1.3%. "
    "Convictions followed in 41 cases."
)


@pytest.mark.parametrize(
    "forms",
    [
        ("conviction", "convictions", "convicted"),
        ("admitted", "admission", "admissions"),
        ("replaced", "replace", "replacement"),
        ("burglary", "burglaries"),
        ("recovery", "recovered"),
        ("rose", "rise", "growth", "up", "fell"),
        ("died", "deaths"),
    ],
)
def test_one_stem_for_the_forms_of_a_word(forms: tuple[str, ...]) -> None:
    assert len({stem(w) for w in forms}) == 1


def test_stems_that_change_the_measure_stay_apart() -> None:
    assert stem("offences") != stem("offenders")
    assert stem("charge") != stem("conviction")


def test_generic_words_are_not_distinctive() -> None:
    assert measure_terms("the conviction rate for burglary") == {stem("conviction"), "burglar"}
    assert measure_terms("number of people") == {stem("number"), stem("people")}  # all generic
    assert measure_terms("children exploited (a conservative estimate)") == {
        stem("children"),
        stem("exploited"),
    }


def test_the_issue_example_is_another_measure() -> None:
    at = ISSUE.index("1.3%")
    assert measure_describes("conviction rate for burglary", ISSUE, at) is False
    assert measure_describes("charge rate for burglary", ISSUE, at) is True
    found = match_figure(
        claim(value="1.3", unit="percent", measure="conviction rate for burglary"), [ISSUE]
    )
    assert found.found and found.measure_ok is False
    assert found.said == "as 'the charge rate for burglary'"


@pytest.mark.parametrize(
    ("text", "figure", "measure", "same"),
    [
        # a list joined by "and": each figure has its own clause
        ("Burglary rose by 3% and robbery by 5%.", "5%", "rise in burglary", False),
        ("Burglary rose by 3% and robbery by 5%.", "5%", "rise in robbery", True),
        # the measure named before a colon governs a figure that names nothing
        ("Charge rate for burglary: 1.3%; conviction rate: 0.9%.", "1.3%", "conviction", False),
        ("Charge rate for burglary: 1.3%; conviction rate: 0.9%.", "0.9%", "conviction", True),
        # an apposition ", 61%," belongs to the words before it
        ("The proportion of pupils reaching the expected standard, 61%, was unchanged.", "61%",
         "pupils reaching the expected standard", True),
        # a relative clause takes its antecedent's words; a coordinated clause does not
        ("Police referred 4,210 cases, of which 2,890 were charged.", "2,890", "charged", True),
        ("Police referred 4,210 cases, of which 2,890 were charged.", "4,210", "charged", False),
        ("Deaths fell to 1,120, while infections rose to 18,400.", "18,400", "deaths", False),
        # "and" inside a noun phrase is not a clause boundary
        ("Child sexual abuse and exploitation offences rose to 1,204.", "1,204",
         "sexual exploitation offences", True),
        # brackets and dashes: a figure alone in them takes the clause before
        ("The charge rate (1.3%) was lower than before.", "1.3%", "conviction rate", False),
        ("The charge rate \u2014 1.3% \u2014 was lower.", "1.3%", "charge rate", True),
    ],
)  # fmt: skip
def test_measure_in_the_figures_clause(text: str, figure: str, measure: str, same: bool) -> None:
    assert measure_describes(measure, text, text.index(figure)) is same


def test_labelled_set_precision_and_recall() -> None:
    """The floor of bench/measures.py's numbers (after: P 0.88, R 0.92 on 55 pairs)."""
    pairs = bench.load_pairs()
    assert len(pairs) >= 40 and len({p["subject"] for p in pairs}) >= 3
    old, new = bench.score(bench.before, pairs), bench.score(bench.after, pairs)
    assert new["p"] >= 0.85 and new["r"] >= 0.9
    assert new["r"] > old["r"] + 0.5


def test_quote_back_names_the_source_words() -> None:
    text = "The company surveyed 2,350 lead supply pipes in 2024/25."
    figure = next(f for f in _figures(text) if f.quantity.text == "2,350")
    said = quote_back(text, figure.scope, figure.quantity.start, figure.quantity.end)
    assert said == "in 'The company surveyed 2,350 lead supply pipes in 2024/25'"


@pytest.mark.parametrize(
    "unit",
    [
        "The rate, which rose, was {n}%, compared with {m}% before; ",
        "x{n}, ",
        "{n}% and {m}% and ",
        "to {n} ",
    ],
)
def test_clause_reading_is_linear(unit: str) -> None:
    """A page that is one long sentence of figures and separators: time at n and 4n."""

    def page(n: int) -> str:
        return "".join(unit.format(n=i, m=i + 1) for i in range(n))

    def timed(text: str) -> float:
        _figures.cache_clear()
        start = time.perf_counter()
        _figures(text)
        return time.perf_counter() - start

    small, large = timed(page(1500)), timed(page(6000))
    assert large < 4 * small * 2.5 + 0.05, (small, large)
