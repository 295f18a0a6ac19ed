"""Less noise (issue 16, item 9): a claim's own period or date beside its mention is
registered (P001); year pairs are periods; status words are statuses only as statuses (T001)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claimcheck.checks import coverage, staleness
from claimcheck.checks.base import CheckContext
from claimcheck.config import load_settings
from claimcheck.dates import PartialDate, Period, parse_period
from claimcheck.errors import ConfigError
from claimcheck.loader import load_registry
from claimcheck.page import read_page
from claimcheck.quantity import find_quantities
from claimcheck.statuses import DEFAULT_VOCABULARY, StatusVocabulary

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024/25", 2024, 2025),
        ("2000/01", 2000, 2001),
        ("1999/00", 1999, 2000),
        ("2019-20", 2019, 2020),
    ],
)
def test_year_pairs_are_periods(text: str, start: int, end: int) -> None:
    period = Period(PartialDate(start), PartialDate(end))
    assert parse_period(text) == period
    (found,) = find_quantities(f"In {text} it rose")
    assert (found.text, found.period) == (text, period)


def test_a_slash_that_is_no_year_pair() -> None:
    assert [q.text for q in find_quantities("2024/23 and 10/12")] == ["2024", "10", "12"]
    with pytest.raises(ValueError, match="year pair"):
        parse_period("2024/23")


def _scan(tmp_path: Path, page: str, claim: str) -> list[str]:
    registry = tmp_path / "claims.yaml"
    registry.write_text(f"version: 1\nclaims:\n{claim}", encoding="utf-8")
    (tmp_path / "page.md").write_text(page, encoding="utf-8")
    ctx = CheckContext(today=date(2026, 1, 1), page=read_page(tmp_path / "page.md"))
    found = coverage.run(load_registry(registry).registry, ctx)
    return [f.message for f in found if f.code == "P001"]


CLAIM = """  - id: nights
    text: 14.3 million nights in 2025.
    kind: figure
    value: 14.3
    {time}
    mentions: ["14.3 million nights"]
"""


@pytest.mark.parametrize(
    ("sentence", "time"),
    [
        ("Visitors spent 14.3 million nights in 2025.", "period: 2025"),
        ("In 2024/25 visitors spent 14.3 million nights.", "period: 2024/25"),
        ("Between 2019 and\n2025 visitors spent 14.3 million nights.", "period: 2019/2025"),
        ("In July 2025 visitors spent 14.3 million nights.", "date: 2025-07-14"),
        ("In 2025 visitors spent 14.3 million nights.", "date: 2025-07"),
        ("As of March 2025 visitors had spent 14.3 million nights.", "as_of: 2025-03"),
    ],
)
def test_own_period_or_date_is_registered(tmp_path: Path, sentence: str, time: str) -> None:
    assert _scan(tmp_path, sentence + "\n", CLAIM.format(time=time)) == []


@pytest.mark.parametrize(
    ("sentence", "time"),
    [
        ("Visitors spent 14.3 million nights in 2025.", "period: 2024"),
        ("In 2020 visitors spent 14.3 million nights.", "period: 2010/2025"),
        ("In July 2025 visitors spent 14.3 million nights.", "date: 2025-08"),
        ("In 2025 visitors spent 14.3 million nights.", ""),
        # Another sentence: the year is not the mention's.
        ("Visitors spent 14.3 million nights. The levy began in 2025.", "period: 2025"),
    ],
)
def test_other_years_are_still_reported(tmp_path: Path, sentence: str, time: str) -> None:
    assert len(_scan(tmp_path, sentence + "\n", CLAIM.format(time=time))) == 1


def test_statuses_are_recognised_in_status_constructions() -> None:
    find = DEFAULT_VOCABULARY.find
    for text, found in [
        ("The Longfield inquiry is active: launched 9 December 2025.", "active"),
        ("The review has status: active, announced October 2025.", "active"),
        ("Three investigations remain open.", "open"),
        ("Disciplinary proceedings (suspended).", "suspended"),
        ("The pending legislation would give families a right to a review.", "pending"),
        ("The report is expected in the coming weeks.", "expected"),
        ("The final report, expected in the coming weeks.", "expected in"),
        ("So far, 14 authorities have joined.", "so far"),
    ]:
        assert find(text) == found, text
    for text in [
        "The economically active population grew by 120,000.",
        "The inquiry was active between 2019 and 2022.",
        "Open records show that 41 complaints were upheld.",
        "The expected number of deaths was 120.",
        "Employment rose by more than expected.",
        "Earnings at current prices.",
        "Closed issues are archived after a year.",
    ]:
        assert find(text) is None, text


def test_status_bench_set_is_read_better_than_the_word_list() -> None:
    rows = [
        json.loads(line)
        for line in (DATA / "statuses" / "sentences.jsonl").read_text().splitlines()
    ]
    assert len(rows) >= 40 and len({r["subject"] for r in rows}) >= 2
    right = sum(bool(DEFAULT_VOCABULARY.find(r["text"])) == (r["label"] == "status") for r in rows)
    assert right / len(rows) >= 0.9


def _claim_text(tmp_path: Path, text: str) -> Path:
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        "version: 1\npage: {title: P, as_of: 2025-01}\nclaims:\n"
        f"  - id: c\n    text: {json.dumps(text)}\n    kind: fact\n",
        encoding="utf-8",
    )
    return registry


def test_t001_follows_the_configured_vocabulary(tmp_path: Path) -> None:
    registry = load_registry(_claim_text(tmp_path, "The scheme is dormant.")).registry
    today = date(2026, 1, 1)
    assert list(staleness.run(registry, CheckContext(today=today))) == []
    (tmp_path / "claimcheck.toml").write_text(
        '[staleness]\nextend-status-words = ["dormant"]\n', encoding="utf-8"
    )
    settings = load_settings(cwd=tmp_path, env={})
    assert "dormant" in settings.statuses.status_words
    assert "active" in settings.statuses.status_words  # extended, not replaced
    found = list(staleness.run(registry, CheckContext(today=today, statuses=settings.statuses)))
    assert [f.code for f in found] == ["T001"] and "dormant" in found[0].message


def test_staleness_vocabulary_replaced_and_checked(tmp_path: Path) -> None:
    (tmp_path / "claimcheck.toml").write_text(
        '[staleness]\ndated-phrases = ["as things stand"]\nstatus-words = []\n', encoding="utf-8"
    )
    vocabulary = load_settings(cwd=tmp_path, env={}).statuses
    assert vocabulary == StatusVocabulary(("as things stand",), ())
    assert vocabulary.find("As things stand, the unit is closed.") == "as things stand"
    assert StatusVocabulary((), ()).find("The unit is closed, so far.") is None
    (tmp_path / "claimcheck.toml").write_text(
        '[staleness]\nstatus-word = ["x"]\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"staleness\.status-word") as unknown:
        load_settings(cwd=tmp_path, env={})
    assert (unknown.value.line, unknown.value.column) == (2, 1)  # where it is written
    (tmp_path / "claimcheck.toml").write_text('[staleness]\nstatus-words = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="list of words") as wrong:
        load_settings(cwd=tmp_path, env={})
    assert wrong.value.file == str(tmp_path / "claimcheck.toml") and wrong.value.line == 2


def test_own_times_of_many_dated_mentions(tmp_path: Path) -> None:
    """Each dated mention is placed in its own sentence: on a page of 8,000 of them, every
    year is its sentence's claim's own period (no P001). That the placing stays linear (a
    bisect per mention) is timed in bench/linear_reading.py, never here."""
    n = 8_000
    page = "\n\n".join(f"Item {i} reached {i} visits in 2025." for i in range(n))
    claims = "".join(
        f"  - id: c{i}\n    text: t\n    kind: figure\n    value: {i}\n    period: 2025\n"
        f'    mentions: ["Item {i} reached {i} visits"]\n'
        for i in range(n)
    )
    (tmp_path / "page.md").write_text(page, encoding="utf-8")
    (tmp_path / "claims.yaml").write_text(f"version: 1\nclaims:\n{claims}", encoding="utf-8")
    registry = load_registry(tmp_path / "claims.yaml").registry
    ctx = CheckContext(today=date(2026, 1, 1), page=read_page(tmp_path / "page.md"))
    assert [f for f in coverage.run(registry, ctx) if f.code == "P001"] == []


def test_a_derived_claims_input_is_stale_by_the_configured_vocabulary(tmp_path: Path) -> None:
    # C007 asks the same question as T001, so it must use the same (configured) words.
    import json

    from typer.testing import CliRunner

    from claimcheck.cli import app

    registry = tmp_path / "claims.yaml"
    registry.write_text(
        "version: 1\npage: {title: P, as_of: 2020-01}\n"
        "sources:\n  - {id: s, title: S, kind: other, url: https://example.org/s}\n"
        "claims:\n"
        "  - {id: base, text: 'As matters stand, 5 sites take visitors.', kind: figure,"
        " value: 5, citations: [{source: s}]}\n"
        "  - {id: double, text: 10 visits, kind: figure, value: 10, derived: base * 2,"
        " citations: [{source: s}]}\n",
        encoding="utf-8",
    )
    args = ["verify", str(registry), "--offline", "--today", "2026-01-01", "-f", "json"]

    def c007(config: str) -> list[str]:
        (tmp_path / "claimcheck.toml").write_text(config, encoding="utf-8")
        args_with = [*args, "--config", str(tmp_path / "claimcheck.toml")]
        report = json.loads(CliRunner().invoke(app, args_with).stdout)
        return [f["claim"] for f in report["findings"] if f["code"] == "C007"]

    assert c007('[staleness]\nextend-dated-phrases = ["as matters stand"]\n') == ["double"]
    assert c007("") == []  # the clean twin: the default words do not make it stale
