"""A target or projection word makes a figure a target or a projection only when it leads
to the figure (final review #6): "The shelter, whose goal is to end rough sleeping, housed
310 people in 2024" gave Q006 "(a target)" for "housed 310 people", as the word stood
anywhere in the figure's clause. It now needs to lead to the figure: only words that lead
there between ("a target of 95", "expected to rise by 4.99", "aims to house 400", "the
target for emissions is 102"), not a clause of its own.

Planted (the figure is the target or the forecast) and clean twins (the word is about
something else in the clause) on two subjects: a shelter and a council's tax collection.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from claimcheck.loader import _dec_hook
from claimcheck.model import Claim
from claimcheck.sources.match import match_figure
from claimcheck.sources.measure import kind_of

HOUSED = {
    "text": "The shelter housed 310 people in 2024.",
    "value": 310,
    "measure": "people housed by the shelter",
    "period": 2024,
}
COLLECTED = {
    "text": "The council collected 96% of council tax in 2024.",
    "value": 96,
    "unit": "%",
    "measure": "council tax collected",
    "period": 2024,
}


def claim(**fields: Any) -> Claim:
    return msgspec.convert(
        {"id": "c", "kind": "figure", "text": "t", **fields}, Claim, dec_hook=_dec_hook
    )


@pytest.mark.parametrize(
    ("fields", "source"),
    [
        (HOUSED, "The shelter, whose goal is to end rough sleeping, housed 310 people in 2024."),
        (HOUSED, "Its aims include ending rough sleeping; the shelter housed 310 people in 2024."),
        (
            COLLECTED,
            "The council, which forecast a deficit, collected 96% of council tax in 2024.",
        ),
        (
            COLLECTED,
            "Against a gloomy forecast the council collected 96% of council tax in 2024.",
        ),
    ],
)
def test_a_word_that_does_not_lead_to_the_figure_leaves_it_what_was_so(
    fields: dict[str, Any], source: str
) -> None:
    assert match_figure(claim(**fields), [source]).verdict.value == "supported"


@pytest.mark.parametrize(
    ("fields", "source", "kind"),
    [
        (HOUSED, "The shelter's goal is to house 310 people in 2024.", "a target"),
        (HOUSED, "The shelter aims to house 310 people in 2024.", "a target"),
        (
            COLLECTED,
            "The council's forecast for council tax collected is 96% in 2024.",
            "a projection",
        ),
        (
            COLLECTED,
            "The council expected to collect 96% of council tax in 2024.",
            "a projection",
        ),
        (
            COLLECTED,
            "Council tax collected is projected to rise to 96% in 2024.",
            "a projection",
        ),
    ],
)
def test_a_word_that_leads_to_the_figure_makes_it_a_target_or_projection(
    fields: dict[str, Any], source: str, kind: str
) -> None:
    found = match_figure(claim(**fields), [source])
    assert found.verdict.value == "other measure"
    assert found.said is not None and f"({kind})" in found.said


def test_with_no_figure_given_the_word_anywhere_says_the_kind() -> None:
    """A claim's own text read whole (no value in it) keeps the word's kind."""
    text = "The shelter, whose goal is to end rough sleeping, opened in 2019."
    assert kind_of(text, 0, len(text)) == "target"
