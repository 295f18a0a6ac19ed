"""Periods as statisticians write them (issue 17, item 8): read in the registry's `period` and
on pages, where "Q3 2025" is one period, never the figures 3 and 2025."""

from __future__ import annotations

import json

import pytest

from claimcheck.dates import PartialDate, Period, parse_period
from claimcheck.engine import run_checks
from claimcheck.loader import parse_registry
from claimcheck.page import page_from_text
from claimcheck.quantity import find_quantities
from tests.conftest import TODAY


def span(start: str, end: str) -> Period:
    def one(text: str) -> PartialDate:
        parts = [int(p) for p in text.split("-")]
        return PartialDate(*parts)

    return Period(one(start), one(end))


FORMS = [
    ("2000/01", span("2000", "2001")),
    ("2019/20", span("2019", "2020")),
    ("2023-24", span("2023", "2024")),
    ("1999/00", span("1999", "2000")),
    ("Q3 2025", span("2025-07", "2025-09")),
    ("2025 Q1", span("2025-01", "2025-03")),
    ("2025-Q4", span("2025-10", "2025-12")),
    ("H1 2025", span("2025-01", "2025-06")),
    ("2025 H2", span("2025-07", "2025-12")),
    # The financial year that ends in 2024, whoever's: the year pair 2023/24.
    ("FY2024", span("2023", "2024")),
    ("FY24", span("2023", "2024")),
    ("FY 2024-25", span("2024", "2025")),
    ("FY2024/25", span("2024", "2025")),
    ("financial year 2024 to 2025", span("2024", "2025")),
    ("year ending March 2025", span("2024-04", "2025-03")),
    ("the year to June 2024", span("2023-07", "2024-06")),
    ("12 months to December 2024", span("2024-01", "2024-12")),
    ("year ending 31 March 2025", span("2024-04-01", "2025-03-31")),
    ("year to 15 June 2024", span("2023-06-16", "2024-06-15")),
]


@pytest.mark.parametrize(("text", "period"), FORMS, ids=[f[0] for f in FORMS])
def test_the_registry_reads_the_period(text: str, period: Period) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize(("text", "period"), FORMS, ids=[f[0] for f in FORMS])
def test_a_page_reads_the_period_as_one(text: str, period: Period) -> None:
    found = find_quantities(f"In {text}, 1,234 people were counted.")
    assert [(q.period, q.text.removeprefix("the ")) for q in found[:1]] == [
        (period, text.removeprefix("the "))
    ]
    assert [q.text for q in found[1:]] == ["1,234"]


@pytest.mark.parametrize(
    "text", ["Q5 2025", "FY2024-26", "H3 2025", "Q0 2025", "year ending Smarch 2025"]
)
def test_what_is_no_period_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="period"):
        parse_period(text)


@pytest.mark.parametrize("text", ["H2O in 2025", "the Q3 2025X model", "FY2024-26"])
def test_lookalikes_are_no_period(text: str) -> None:
    assert all(q.period is None or q.text != text for q in find_quantities(text))


def registry(period: str, mention: str) -> str:
    return (
        "version: 1\n"
        "sources:\n  - {id: s, title: S, kind: report, url: https://example.org/s}\n"
        "claims:\n"
        "  - id: c\n"
        f"    text: {json.dumps(mention)}\n"
        "    kind: figure\n"
        "    value: 1234\n"
        "    unit: people\n"
        f"    period: {period}\n"
        f"    mentions: [{json.dumps(mention)}]\n"
        "    citations: [{source: s}]\n"
    )


@pytest.mark.parametrize(
    ("period", "right", "wrong"),
    [
        ("2025-Q3", "In Q3 2025, 1,234 people", "In Q2 2025, 1,234 people"),
        ("2025-Q2", "2025 Q2: 1,234 people", "In Q3 2025, 1,234 people"),
        ("2024/25", "In the year ending March 2025, 1,234 people", "In FY24, 1,234 people"),
        ("2023/24", "In FY24, 1,234 people", "In FY 2024-25, 1,234 people"),
        ("year ending March 2025", "In 2024/25, 1,234 people", "In 2025/26, 1,234 people"),
        ("H1 2025", "In H1 2025, 1,234 people", "In H2 2025, 1,234 people"),
        ("2000/01", "In 2000/01, 1,234 people", "In 2001/02, 1,234 people"),
    ],
)
def test_each_period_form_has_its_wrong_twin_caught(period: str, right: str, wrong: str) -> None:
    def found(mention: str) -> list[str]:
        loaded = parse_registry(registry(period, mention), "claims.yaml")
        assert loaded.findings == []
        return [f.code for f in run_checks(loaded, today=TODAY).findings]

    assert found(right) == []
    assert found(wrong) == ["C001"]


def test_a_quarter_on_the_page_is_no_unregistered_figure() -> None:
    text = "In Q3 2025, 1,234 people were counted. By 2025 Q4 there were 1,500.\n"
    claims = registry("2025-Q3", "In Q3 2025, 1,234 people") + (
        "  - id: d\n    text: 1,500.\n    kind: figure\n    value: 1500\n    unit: people\n"
        '    period: 2025-Q4\n    mentions: ["By 2025 Q4 there were 1,500"]\n'
        "    citations: [{source: s}]\n"
    )
    report = run_checks(
        parse_registry(claims, "claims.yaml"),
        today=TODAY,
        select=("P",),
        page=page_from_text("page.txt", text, "text"),
    )
    assert [f"{f.code} {f.message}" for f in report.findings] == []
