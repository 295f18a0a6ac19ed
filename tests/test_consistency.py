"""Consistency checks beyond the one-fixture-per-code data tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.findings import ClaimState
from tests.helpers import check_text, codes

SOURCE = "sources: [{id: s1, title: R, kind: news, url: 'https://example.org/'}]\n"


def claim(body: str) -> str:
    return "version: 1\n" + SOURCE + "claims:\n  - citations: [{source: s1}]\n" + body


def test_failing_constraint_marks_every_claim_it_names_inconsistent() -> None:
    text = claim(
        "    id: part\n    text: p\n    kind: figure\n    value: 20\n"
        "  - {id: whole, text: w, kind: figure, value: 10, citations: [{source: s1}]}\n"
        "constraints: [{id: c, expr: part <= whole}]\n"
    )
    report = check_text(text)
    assert codes(report) == ["C003"]
    [finding] = report.findings
    assert finding.related == ("part", "whole")
    assert all(ClaimState.INCONSISTENT in c.states for c in report.claims)


def test_one_misplaced_timeline_entry_is_one_finding() -> None:
    dates = ["2012", "2025-06", "2014", "2017", "2018", "2022"]
    entry = (
        "  - {{id: e{}, text: t, kind: event, date: {}, tags: [timeline], "
        "citations: [{{source: s1}}]}}\n"
    )
    body = "".join(entry.format(i, d) for i, d in enumerate(dates))
    report = check_text("version: 1\n" + SOURCE + "claims:\n" + body)
    assert [(f.code, f.claim) for f in report.findings] == [("C012", "e1")]


def test_qualified_mentions_are_read_in_full() -> None:
    text = claim(
        "    id: c\n    text: t\n    kind: figure\n    value: 556\n    qualifier: at_most\n"
        "    mentions: ['up to 556 days', 'over 556 days', '556 days']\n"
    )
    assert codes(check_text(text)) == ["C002"]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**9), st.integers(0, 10**9), st.booleans())
def test_fast_path_agrees_with_full_reading(value: int, stated: int, commas: bool) -> None:
    written = f"{stated:,}" if commas else str(stated)
    text = claim(
        f"    id: c\n    text: t\n    kind: figure\n    value: {value}\n"
        f"    mentions: ['{written} offences recorded in 2024']\n"
    )
    # A bare 1900-2100 reads as a year (a date is not the claim's figure): not compared.
    # (unless the claim's own value reads as a year too: then years are compared).
    year_like = not commas and 1900 <= stated <= 2100 and not 1900 <= value <= 2100
    expected = [] if value == stated or value == 2024 or year_like else ["C001"]
    assert codes(check_text(text)) == expected


def test_a_reversed_range_is_reported_once_not_also_as_a_mention_mismatch() -> None:
    body = "    id: c\n    text: t\n    kind: figure\n    value: [17, 10]\n"
    text = claim(body + "    mentions: ['aged 10-17']\n")
    assert codes(check_text(text)) == ["C009"]
