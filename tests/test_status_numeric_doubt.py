"""A status's time written in numbers that reads two ways says so (review 16, item 3, in
part). "will resume sailings on 02/03/2025" was read as 2 March without a word: the T001 made
from it now reads the earlier day and says so ("[02/03/2025 read as 2025-02-03, the earlier of 3
February and 2 March]"), so that no stale statement passes as fresh, and how to say which day
is meant. The page's own date and a status's time share one reader of such days
(`dates.numeric_days`, `dates.either_note`), so both say a doubt in the same words; the page's
own date reads the later (the earlier where the later is after today: see README).
A day that reads one way only (13/03/2025, 2025-03-02, 3 February 2025) gives no such note.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claimcheck.checks import staleness
from claimcheck.checks.base import CheckContext
from claimcheck.dates import PartialDate, ReadDay, either_note, numeric_days
from claimcheck.findings import Finding
from claimcheck.loader import load_registry
from claimcheck.page import page_from_text
from claimcheck.statuses import DEFAULT_VOCABULARY


def _t001(tmp_path: Path, text: str, as_of: str, today: str) -> list[Finding]:
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        "version: 1\npage: {title: P}\nclaims:\n  - id: c\n"
        f"    text: {json.dumps(text)}\n    kind: fact\n    as_of: {as_of}\n",
        encoding="utf-8",
    )
    ctx = CheckContext(today=date.fromisoformat(today))
    return [f for f in staleness.run(load_registry(registry).registry, ctx) if f.code == "T001"]


@pytest.mark.parametrize(
    ("text", "written", "note"),
    [
        (
            "The island ferry will resume sailings on 02/03/2025.",
            "02/03/2025",
            "read as 2025-02-03, the earlier of 3 February and 2 March",
        ),
        (
            "The allotment waiting list stays closed until 05.04.2025.",
            "05.04.2025",
            "read as 2025-04-05, the earlier of 5 April and 4 May",
        ),
        (
            "Tickets for the choir festival will go on sale on 04-03-2025.",
            "04-03-2025",
            "read as 2025-03-04, the earlier of 4 March and 3 April",
        ),
    ],
)
def test_a_day_that_reads_two_ways_is_said_in_t001(
    tmp_path: Path, text: str, written: str, note: str
) -> None:
    (found,) = _t001(tmp_path, text, "2025-01-10", "2025-06-01")
    assert f"[{written} {note}]" in found.message
    assert found.hint is not None and "year first" in found.hint


@pytest.mark.parametrize(
    "text",
    [
        "The island ferry will resume sailings on 13/03/2025.",
        "The island ferry will resume sailings on 2025-03-02.",
        "The allotment waiting list stays closed until 3 February 2025.",
        "Tickets for the choir festival will go on sale on 03/03/2025.",  # the same either way
    ],
)
def test_a_day_that_reads_one_way_has_no_note(tmp_path: Path, text: str) -> None:
    (found,) = _t001(tmp_path, text, "2025-01-10", "2025-06-01")
    assert "[" not in found.message and found.hint is None
    assert not isinstance(DEFAULT_VOCABULARY.expiry(text), ReadDay)


def test_the_shared_reader_of_numeric_days() -> None:
    assert numeric_days(2, 3, 2025) == (PartialDate(2025, 2, 3), PartialDate(2025, 3, 2))
    assert numeric_days(13, 3, 2025) == (PartialDate(2025, 3, 13),)
    assert numeric_days(3, 13, 2025) == (PartialDate(2025, 3, 13),)
    assert numeric_days(3, 3, 2025) == (PartialDate(2025, 3, 3),)
    assert numeric_days(31, 2, 2025) == ()
    later, earlier = PartialDate(2025, 3, 2), PartialDate(2025, 2, 3)
    assert either_note(later, earlier) == "read as 2025-03-02, the later of 2 March and 3 February"
    assert either_note(earlier, later) == (
        "read as 2025-02-03, the earlier of 3 February and 2 March"
    )


def test_the_page_and_the_status_say_a_doubt_alike() -> None:
    """The page's own date (Markdown and HTML) and a status's time say a doubt about
    02/03/2025 in the same words: the status reads the earlier day (it goes stale no later
    than it could), the page's own date the later."""
    status = DEFAULT_VOCABULARY.expiry("The harbour will reopen on 02/03/2025.")
    assert isinstance(status, ReadDay) and (status.year, status.month, status.day) == (2025, 2, 3)
    assert status.note.endswith(either_note(PartialDate(2025, 2, 3), PartialDate(2025, 3, 2)))
    for fmt, page in (
        ("markdown", "# Harbour\n\nLast updated: 02/03/2025\n\nThe harbour is closed.\n"),
        ("html", "<html><body><h1>Harbour</h1><p>Updated 02/03/2025</p></body></html>"),
    ):
        own = page_from_text("p", page, fmt).own_date
        assert own is not None and own.date == PartialDate(2025, 3, 2)
        assert own.text.endswith(f"[{either_note(own.date, PartialDate(2025, 2, 3))}]")
