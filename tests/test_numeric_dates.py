"""A date written in numbers is one date to the figure reader (quantity.py), as "20 May 2025"
is: "2025-05-20" and "20/05/2025" were read as figures 2025, 5 and 20, so P001 and scan listed
"2025, 05, 20" as three unregistered figures, a claim's date beside one never covered it, and a
mention's date was never compared with the claim's (extract alone joined them).

What was chosen: a year of four digits, then month and day (2025-05-20, 2025/05/20), or day
and month told apart by a number above 12 (20/05/2025, 5/20/2025, also with "." or "-"); where
either could be the month (05/06/2025) only the year is certain, and it is read as that year.
One that names no day of the calendar (31/02/2025, 2025-13-45) is no figure, as "31 February
2025" is none. Without a year there is no date: "20/05" and "5/20 of the seats" read as before.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.quantity import find_quantities

runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "written", "date"),
    [
        ("The board met on 2025-05-20 and", "2025-05-20", "2025-05-20"),
        ("Filed 2025/05/20.", "2025/05/20", "2025-05-20"),
        ("The meeting on 20/05/2025 approved", "20/05/2025", "2025-05-20"),
        ("Polls closed 5/20/2025, officials said", "5/20/2025", "2025-05-20"),
        ("Opened on 20.05.2025.", "20.05.2025", "2025-05-20"),
        ("Opened on 20-05-2025.", "20-05-2025", "2025-05-20"),
        ("signed on 05/06/2025, and", "05/06/2025", "2025"),  # day or month first: the year
        ("on 12/12/2025 only", "12/12/2025", "2025-12-12"),
    ],
)
def test_a_numeric_date_is_one_dated_figure(text: str, written: str, date: str) -> None:
    (q,) = find_quantities(text)
    assert q.text == written and str(q.date) == date and q.low == q.high == int(date[:4])
    assert text[q.start : q.end] == written


@pytest.mark.parametrize("text", ["It ended 31/02/2025.", "Code 2025-13-45 here", "On 0/0/2025."])
def test_a_numeric_date_naming_no_day_is_no_figure(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        # Twins: no year, no date; a year pair, a range and a path read as they did.
        ("Of the seats, 5/20 were empty.", ["5", "20"]),
        ("The score was 20/05 at the break.", ["20", "05"]),
        ("Spending in 2024/25 rose.", ["2024/25"]),
        ("Ages 10-12 took part.", ["10-12"]),
        ("See ref/20/05/2025 now.", ["20", "05", "2025"]),
    ],
)
def test_without_a_year_or_after_a_path_nothing_changes(text: str, figures: list[str]) -> None:
    found = find_quantities(text)
    assert [q.text for q in found] == figures
    assert all(q.date is None for q in found)


PAGES = {
    "board.md": "# Board\n\nThe board met on 2025-05-20 and approved 12 schemes.\n",
    "transport.txt": "Transport update\n\nFares rose 4% on 20/05/2025 across the network.\n",
    "trial.html": (
        "<html><body><main><h1>Trial</h1>\n"
        "<p>Recruitment closed on 5/20/2025 with 3,612 patients.</p>\n</main></body></html>\n"
    ),
}
#: Each page's figure, its claim (value, unit) and the date its page writes.
FIGURES = {
    "board.md": ("approved 12 schemes", 12, "schemes", "The board met on 2025-05-20", "2025-05-20"),
    "transport.txt": ("Fares rose 4%", 4, "percent", "Fares rose 4% on 20/05/2025", "20/05/2025"),
    "trial.html": ("with 3,612 patients", 3612, "patients", "closed on 5/20/2025", "5/20/2025"),
}


def _verify(tmp_path: Path, name: str, claim_date: str | None) -> list[dict[str, Any]]:
    (tmp_path / name).write_text(PAGES[name], encoding="utf-8")
    mention, value, unit, sentence, _ = FIGURES[name]
    claims = ""
    if claim_date is not None:
        claims = (
            "claims:\n  - id: c\n    text: A figure.\n    kind: figure\n"
            f"    value: {value}\n    unit: {unit}\n    date: {claim_date}\n"
            f"    mentions: [{json.dumps(sentence)}, {json.dumps(mention)}]\n"
        )
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        f"version: 1\npage: {{title: A page, path: {name}, as_of: 2025-07-01}}\n{claims}",
        encoding="utf-8",
    )
    command = ["verify", str(registry), "--offline", "--select", "P,C", "-f", "json"]
    result = runner.invoke(app, [*command, "--today", "2025-07-02"])
    assert result.exit_code in (0, 1), result.stderr
    return list(json.loads(result.stdout)["findings"])


@pytest.mark.parametrize("name", sorted(PAGES))
def test_p001_lists_a_numeric_date_once_not_its_parts(tmp_path: Path, name: str) -> None:
    findings = _verify(tmp_path, name, None)
    (p001,) = [f for f in findings if f["code"] == "P001"]
    written = FIGURES[name][4]
    listed = p001["message"].split(" in: ")[0].split(" ", 2)[2].split(", ")
    assert written in listed, listed
    assert not {"2025", "05", "5", "20"} & set(listed), listed


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_claims_date_covers_it_and_another_date_is_c001(tmp_path: Path, name: str) -> None:
    # The clean twin: the claim's date is the page's, so nothing is unregistered or wrong.
    assert _verify(tmp_path, name, "2025-05-20") == []
    # Planted: the claim's date is a month later than the date its mention writes.
    findings = _verify(tmp_path, name, "2025-06-20")
    wrong = [f for f in findings if f["code"] == "C001"]
    assert wrong and "2025-06-20" in wrong[0]["message"], findings
    assert FIGURES[name][4] in wrong[0]["message"]
