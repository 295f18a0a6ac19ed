"""Footnote markers are never glued to a number (review 14): `102<sup>1</sup> MtCO2e` was
read 1021 (a false Q005 and Q011), `£48.3 million<sup>3</sup>` lost its million, and
`4.99<sup>4</sup> per cent` was 4.994. Exponents and ordinals, the twins, stay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.sources.text import read_document
from tests.sourcepages import (
    HOMES,
    RIVERS,
    codes_of,
    no_quote,
    page,
    run_verify,
    take_snapshot,
    verdicts,
    write_registry,
)
from tests.sourceserver import serve

# --- footnote markers are never glued to a number -------------------------------------------


@pytest.mark.parametrize(
    ("marked", "read"),
    [
        ("emissions were 102<sup>1</sup> MtCO2e in 2023", "emissions were 102 MtCO2e in 2023"),
        ("spend £48.3 million<sup>3</sup> on care", "spend £48.3 million on care"),
        ("will rise by 4.99<sup>4</sup> per cent", "will rise by 4.99 per cent"),
        (
            "recorded 1,240<sup class='reference'><a href='#cite_note-2'>[2]</a></sup> cases",
            "recorded 1,240 cases",
        ),
        (
            "completed 15,400<a class='footnote-ref' href='#fn1'>1</a> homes",
            "completed 15,400 homes",
        ),
        ("completed 15,400<a href='#fn1'>12</a> homes", "completed 15,400 homes"),
        ("loans fell to 892,000<a role='doc-noteref' href='#n'>*</a>.", "loans fell to 892,000."),
        ("a rate of 37%<sup>†</sup> in 2024", "a rate of 37% in 2024"),
        ("<b>102</b><sup>a</sup> MtCO2e", "102 MtCO2e"),
    ],
)
def test_a_footnote_marker_is_taken_off(marked: str, read: str) -> None:
    # "102<sup>1</sup>" was read 1021 (a false Q005), "million<sup>3</sup>" lost its
    # million, "4.99<sup>4</sup>" was 4.994.
    text = read_document(page(f"<p>In the year, {marked}, as planned.</p>")).pages[0]
    assert read in text


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("an area of 12 km<sup>2</sup> in 2024", "an area of 12 km2 in 2024"),
        ("about 2.5 \u00d7 10<sup>6</sup> tonnes", "about 2.5 \u00d7 10\u2076 tonnes"),
        ("the 21<sup>st</sup> report", "the 21st report"),
        ("see Table <a href='#t3'>3</a> for 2024", "see Table 3 for 2024"),
        ("a flow of 5 m s<sup>-1</sup> at peak", "a flow of 5 m s-1 at peak"),
    ],
)
def test_an_exponent_or_an_ordinal_stays(written: str, read: str) -> None:
    # The twins: a unit's power, a power of ten (never glued into 106), an ordinal, and a
    # link to a table set after a space are the text's own.
    text = read_document(page(f"<p>In the year, {written}, as planned.</p>")).pages[0]
    assert read in text


@pytest.mark.parametrize(
    ("template", "sentence", "wrong"),
    [
        (
            RIVERS,
            "<p>In 2024, 37<sup>2</sup> per cent of rivers were in good ecological status.</p>",
            "372",
        ),
        (
            HOMES,
            "<p>Councils completed 15400<sup>4</sup> new homes in 2023/24.</p>",
            "154004",
        ),
    ],
)
def test_a_footnoted_figure_is_supported(
    tmp_path: Path, template: str, sentence: str, wrong: str
) -> None:
    with serve() as site:
        site.pages["/r"] = (200, "text/html", page(sentence))
        path = write_registry(tmp_path, no_quote(template), site.url("/r"))
        assert take_snapshot(path, site).exit_code == 0
    report = run_verify(path)
    assert not {"Q005", "Q004", "Q011"} & codes_of(report)
    assert [s["verdict"] for s in verdicts(report)] == ["supported"]
    assert wrong not in json.dumps(report)
