"""A quote that moves its figure's year is caught when the source's year stands before the
quote's span (final review #8): "In 2023 the county library lent 52,000 books, up from 48,000
in 2022" quoted as "the county library lent 52,000 books ... in 2022" was normalised, as the
passage's figure was read only in the span the quote covers. It is read in the whole page
now, as a source's figure is: altered, "the source gives '52,000' for 2023, not 2022".

Planted (the year moved, across an ellipsis or in a paraphrase) and clean twins (the year
kept, or no year said) on two subjects: a library and a railway line.
"""

from __future__ import annotations

import pytest

from claimcheck.sources.match import match_quote

LIBRARY = "In 2023 the county library lent 52,000 books, up from 48,000 in 2022."
RAIL = "In 2024 the branch line carried 3.1 million passengers, down from 3.4 million in 2023."


@pytest.mark.parametrize(
    ("source", "quote", "said"),
    [
        (
            LIBRARY,
            "the county library lent 52,000 books ... in 2022",
            "'52,000' for 2023, not 2022",
        ),
        (LIBRARY, "the county library lent 52,000 books in 2022", "'52,000' for 2023, not 2022"),
        (
            RAIL,
            "the branch line carried 3.1 million passengers ... in 2023",
            "'3.1 million' for 2024, not 2023",
        ),
        (
            RAIL,
            "the branch line carried 3.1 million passengers in 2023",
            "'3.1 million' for 2024, not 2023",
        ),
    ],
)
def test_a_year_moved_from_before_the_span_is_altered(source: str, quote: str, said: str) -> None:
    found = match_quote(quote, [source])
    assert found.verdict.value == "altered"
    assert found.change is not None and said in found.change


@pytest.mark.parametrize(
    ("source", "quote", "verdict"),
    [
        (LIBRARY, "the county library lent 52,000 books", "verbatim"),
        (LIBRARY, "In 2023 the county library ... 52,000 books", "normalised"),
        (LIBRARY, "the county library lent 52,000 books in 2023", "paraphrase"),
        (RAIL, "the branch line carried 3.1 million passengers", "verbatim"),
        (
            RAIL,
            "In 2024 the branch line ... 3.1 million passengers",
            "normalised",
        ),
        (RAIL, "the branch line carried 3.1 million passengers in 2024", "paraphrase"),
    ],
)
def test_its_clean_twins_stay_clean(source: str, quote: str, verdict: str) -> None:
    assert match_quote(quote, [source]).verdict.value == verdict
