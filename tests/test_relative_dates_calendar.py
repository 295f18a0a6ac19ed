"""A date told from another by a duration that leaves the calendar ("999999 weeks after
2012") is no claim's date: C001, never a crashed check (X001, which lost every C finding) nor
the starting year itself (which let a claim dated 2012 pass)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.engine import run_checks
from claimcheck.loader import load_registry

REGISTRY = """version: 1
sources:
  - id: s
    title: S
    url: https://example.org/s
claims:
  - id: opened
    text: The library opened in {year}.
    kind: event
    date: {year}
    mentions: ["opened {told}"]
    citations: [{{source: s}}]
"""


@pytest.mark.parametrize(
    ("year", "told", "expected"),
    [
        (2014, "999999 weeks after 2012", {"C001"}),  # crashed: OverflowError
        (2012, "99999 years after 2012", {"C001"}),  # compared as 2012 itself: passed
        (2012, "99999 years before 2012", {"C001"}),
        (2014, "two years after 2012", set()),  # the clean twins
        (2010, "104 weeks before 2012", set()),
    ],
)
def test_a_date_moved_past_the_calendar(
    tmp_path: Path, year: int, told: str, expected: set[str]
) -> None:
    from datetime import date

    path = tmp_path / "claims.yaml"
    path.write_text(REGISTRY.format(year=year, told=told), encoding="utf-8")
    report = run_checks(load_registry(path), today=date(2026, 6, 1), select=("C", "X"))
    assert {f.code for f in report.findings} == expected
