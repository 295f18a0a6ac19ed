"""The page's own date, where it is not read or reads two ways (K6).

- A line stating the page's date in a form not read ("Last updated: 2/3/24", "Updated: spring
  2024") was kept by the page reader (`PageText.unread_dates`) and reported by no rule: the
  page's date counted for nothing without a word. T009 now says so at its line and column.
- A date that reads two ways (02/09/2025: 2 September or 9 February) is read as the later; when
  only the earlier is not after today, the later gave a false T005 and the statuses lost the
  page's date. The earlier is now read, and the message says why.

Each planted case has a clean twin, on a Markdown and an HTML page of different subjects.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()

REGISTRY = """\
version: 1
page: {{title: {title}, path: {page}}}
claims:
  - id: {claim}
    text: {text}
    kind: status
    mentions: ["{text}"]
"""
#: Each subject: page file name, title, claim id, the status's text, the page with a `{date}`
#: line to fill in, and the line and column the date line's label stands at.
SUBJECTS = {
    "pool (Markdown)": (
        "page.md",
        "Leisure centre",
        "pool",
        "The pool is closed for repairs",
        "# Leisure centre\n\n{date}\n\nThe pool is closed for repairs.\n",
        (3, 1),
    ),
    "library (HTML)": (
        "page.html",
        "Library",
        "library",
        "The library is temporarily closed",
        "<html><head><title>Library</title></head><body>\n<h1>Library</h1>\n"
        "<p>{date}</p>\n<p>The library is temporarily closed.</p>\n</body></html>\n",
        (3, 4),
    ),
}


def _write(tmp_path: Path, subject: str, date_line: str) -> Path:
    page, title, claim, text, body, _ = SUBJECTS[subject]
    (tmp_path / page).write_text(body.format(date=date_line), encoding="utf-8")
    path = tmp_path / "claims.yaml"
    path.write_text(
        REGISTRY.format(title=title, page=page, claim=claim, text=text), encoding="utf-8"
    )
    return path


def _findings(registry: Path, today: str) -> list[dict[str, object]]:
    result = runner.invoke(
        app, ["verify", str(registry), "--offline", "--today", today, "--select", "T", "-f", "json"]
    )
    assert result.exit_code in (0, 1), result.output
    found: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return found


def _codes(found: list[dict[str, object]]) -> list[str]:
    return sorted(str(f["code"]) for f in found)


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize(
    "unread", ["Last updated: 2/3/24", "Updated: spring 2024", "Last updated 2 March"]
)
def test_a_date_line_not_read_is_t009_at_its_place(
    tmp_path: Path, subject: str, unread: str
) -> None:
    found = _findings(_write(tmp_path, subject, unread), "2025-06-01")
    (t009,) = [f for f in found if f["code"] == "T009"]
    location = t009["location"]
    assert isinstance(location, dict)
    page = SUBJECTS[subject][0]
    assert (location["file"].endswith(page), location["line"], location["column"]) == (
        True,
        *SUBJECTS[subject][5],
    )
    assert f"\u201c{unread}\u201d" in str(t009["message"])
    assert t009["severity"] == "warning" and t009["claim"] is None
    # Its status has no date at all: T004 says so beside it.
    assert _codes(found) == ["T004", "T009"]


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("read", ["Last updated: 2 March 2024", "Last updated: 2024-03-02"])
def test_the_clean_twin_read_is_no_t009_and_dates_the_status(
    tmp_path: Path, subject: str, read: str
) -> None:
    found = _findings(_write(tmp_path, subject, read), "2025-06-01")
    assert _codes(found) == ["T001"], found  # read, so the status is judged from it
    assert "2024-03-02" in str(found[0]["message"])
    assert _findings(_write(tmp_path, subject, read), "2024-03-10") == []


@pytest.mark.parametrize("subject", SUBJECTS)
def test_an_ambiguous_date_whose_later_reading_is_after_today_reads_the_earlier(
    tmp_path: Path, subject: str
) -> None:
    """02/09/2025 on 20 August 2025: 2 September is still to come, 9 February is not. Read
    as 9 February, the status is 192 days old (stale); read as 2 September, T005 said the page
    was dated in the future and the status went undated."""
    registry = _write(tmp_path, subject, "Last updated: 02/09/2025")
    found = _findings(registry, "2025-08-20")
    assert _codes(found) == ["T001"], found
    message = str(found[0]["message"])
    assert "as of 2025-02-09" in message
    assert "[read as 2025-02-09: the other reading, 2025-09-02, is after today]" in message
    # Its twin, a week before it is 180 days old: nothing (and no T005 either).
    assert _findings(registry, "2025-08-01") == []


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_twins_of_the_ambiguous_date(tmp_path: Path, subject: str) -> None:
    # Both readings before today: the later, as before.
    found = _findings(_write(tmp_path, subject, "Last updated: 02/09/2024"), "2025-06-01")
    assert _codes(found) == ["T001"] and "as of 2024-09-02" in str(found[0]["message"])
    # Both after today: still a date in the future, T005 (and the status undated).
    found = _findings(_write(tmp_path, subject, "Last updated: 02/09/2025"), "2025-01-10")
    assert _codes(found) == ["T005"], found
