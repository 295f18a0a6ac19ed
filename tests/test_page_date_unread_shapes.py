"""T009 only for a line whose label is followed by something shaped as a date (review 16,
item 4). "Published: Marine Management Organisation", "Updated: added the tonnage table",
"## Updated 2024 guidance", "## Published 12 reports" and "Posted 3 vacancies" state no date,
yet each was reported as the page's date in a form not read: the unread-date pattern took a
colon and any words, or any short rest of a line that began with a digit. Now a date's shape
is wanted (numbers joined as a date's, a day and a month, a month, weekday, season or quarter
ending the line or before a number, a two-digit year). Planted lines that are dates still
give T009; their clean twins give none; on a Markdown and an HTML page of other subjects.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.page import page_from_text

runner = CliRunner()

#: Each subject: the page (a `{line}` to fill in) and its registry.
SUBJECTS = {
    "harbour (Markdown)": (
        "page.md",
        "# Harbour dredging\n\n{line}\n\nThe harbour dredging programme remains suspended.\n",
        "The harbour dredging programme remains suspended",
    ),
    "allotments (HTML)": (
        "page.html",
        "<html><head><title>Allotments</title></head><body>\n<h1>Allotments</h1>\n"
        "<p>{line}</p>\n<p>The allotment waiting list is closed.</p>\n</body></html>\n",
        "The allotment waiting list is closed",
    ),
}

NO_DATE = [
    # The review's lines.
    "Published: Marine Management Organisation",
    "Updated: added the tonnage table to the annex",
    "## Updated 2024 guidance",
    "## Published 12 reports",
    "Posted 3 vacancies",
    # Others of the kind: a fraction, a range, a month or season naming a thing.
    "Updated 3/4 of the plots were let",
    "Published 12-15 reports a year",
    "Updated March guidance",
    "Updated spring programme",
    "Last updated: see the change log",
]

UNREAD = [
    "Last updated: 2/3/24",
    "Updated: spring 2024",
    "Last updated 2 March",
    "Updated 2024/25",
    "Last updated: 14 Marhc 2025",
    "Updated: Mar '25",
    "Posted Monday",
    "Updated: Q3",
    "Last updated: 2/3/25 by the web team",
    "Published: 2025-13-45",
]


def _page(subject: str, line: str) -> tuple[str, str]:
    name, body, _ = SUBJECTS[subject]
    if name.endswith(".html"):
        line = line.lstrip("# ")
    return name, body.format(line=line)


def _t009(tmp_path: Path, subject: str, line: str) -> list[str]:
    name, page = _page(subject, line)
    (tmp_path / name).write_text(page, encoding="utf-8")
    text = SUBJECTS[subject][2]
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        f"version: 1\npage: {{title: P, path: {name}, as_of: 2026-06}}\nclaims:\n"
        f"  - id: c\n    text: {text}.\n    kind: status\n    as_of: 2026-05-01\n"
        f'    mentions: ["{text}"]\n',
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "verify",
            str(registry),
            "--offline",
            "--today",
            "2026-06-10",
            "--select",
            "T",
            "-f",
            "json",
        ],
    )
    assert result.exit_code in (0, 1), result.output
    found = json.loads(result.stdout)["findings"]
    return [str(f["message"]) for f in found if f["code"] == "T009"]


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("line", NO_DATE)
def test_a_line_stating_no_date_is_no_unread_date(tmp_path: Path, subject: str, line: str) -> None:
    name, page = _page(subject, line)
    read = page_from_text("p", page, name.rsplit(".", 1)[1].replace("md", "markdown"))
    assert read.unread_dates == ()
    assert _t009(tmp_path, subject, line) == []


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("line", UNREAD)
def test_a_date_not_read_is_still_reported(tmp_path: Path, subject: str, line: str) -> None:
    (message,) = _t009(tmp_path, subject, line)
    assert f"\u201c{line}\u201d" in message


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_date_read_is_no_unread_date(tmp_path: Path, subject: str) -> None:
    # The twin of the unread lines: written in full, the date is read and T009 is silent.
    assert _t009(tmp_path, subject, "Last updated: 2 March 2026") == []
