""" "Tomorrow" and "tonight" in a name are no time (review 16, item 2): "The Tonight Show drew 4.1
million viewers" was a status that had expired the day after the claim's date, and "The
Tomorrow Fund gave 300 grants" likewise. After a determiner, with a possessive or before a noun
(except where a clause begins with them) the word names a thing; as a time it still counts,
and a time in the same statement is read, not the name's day."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claimcheck.checks import staleness
from claimcheck.checks.base import CheckContext
from claimcheck.dates import parse_date
from claimcheck.findings import Finding
from claimcheck.loader import load_registry
from claimcheck.statuses import DEFAULT_VOCABULARY


def _read(text: str) -> tuple[str | None, str | None]:
    found, ends = DEFAULT_VOCABULARY.reader()(text, parse_date("2025-01-15"))
    return found, str(ends) if ends is not None else None


def _t_findings(tmp_path: Path, text: str) -> list[Finding]:
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        "version: 1\npage: {title: P}\nclaims:\n  - id: c\n"
        f"    text: {json.dumps(text)}\n    kind: fact\n    as_of: 2025-01-15\n",
        encoding="utf-8",
    )
    ctx = CheckContext(today=date(2025, 2, 1))
    return list(staleness.run(load_registry(registry).registry, ctx))


NAMES = [
    # The review's two cases.
    "The Tonight Show drew 4.1 million viewers in 2024.",
    "The Tomorrow Fund gave 300 grants in 2024.",
    # Other subjects: a programme, a charity, a book, a band.
    "Tomorrow's World drew 10 million viewers in 1985.",
    "Its Tomorrow Fund paid out 2.3 million pounds.",
    "The orchard trust's Tonight Walks drew 800 people, and the Tomorrow Project 40 schools.",
    "Sales of the novel A Tomorrow Without Rain reached 90,000 copies.",
]


@pytest.mark.parametrize("text", NAMES)
def test_a_name_is_no_time(tmp_path: Path, text: str) -> None:
    assert _read(text) == (None, None)
    assert [f.code for f in _t_findings(tmp_path, text)] == []


TIMES = [
    # Clean twins: the same words as a time stay statuses that expire on their day.
    ("The Tonight Show records its final episode tonight.", "tonight", "2025-01-15"),
    ("The fund opens its grants round tomorrow.", "tomorrow", "2025-01-16"),
    ("Tickets for the gallery go on sale tonight.", "tonight", "2025-01-15"),
    ("The ferry sails tomorrow morning.", "tomorrow", "2025-01-16"),
    ("The strike begins tonight at 8pm.", "tonight", "2025-01-15"),
    ("Tomorrow councillors vote on the budget.", "tomorrow", "2025-01-16"),
    ("The pool reopens tomorrow, the council said.", "tomorrow", "2025-01-16"),
    ("Voting closes tonight and results follow.", "tonight", "2025-01-15"),
]


@pytest.mark.parametrize(("text", "word", "ends"), TIMES)
def test_the_same_word_as_a_time_still_expires(
    tmp_path: Path, text: str, word: str, ends: str
) -> None:
    found, read_end = _read(text)
    assert found == word
    assert read_end == ends
    findings = _t_findings(tmp_path, text)
    assert [f.code for f in findings] == ["T001"]
    assert f"“{word}”" in findings[0].message and "has passed" in findings[0].message


def test_a_name_beside_a_time_leaves_the_time_read() -> None:
    # "tonight" of the show's name must not make the statement expire on the claim's day.
    text = "The museum will appear on the Tonight Show in March 2025."
    assert _read(text)[1] == "2025-03"
