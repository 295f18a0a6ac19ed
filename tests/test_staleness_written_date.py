"""A time without its year is read from the claim's date (K7, review 15 #7's check half).

"will launch next month", "reopens in February", "opens tomorrow": the status reader reads
such a time from the date the statement was written, but the T check never gave it one, so
these statements never went stale by their time, only by their age. The date it now gives is
the one T001 counts from (the earliest of the claim's `as_of`, the page's `as_of` and the
date the page states for itself, leaving out any after today), worked out only for a text
with a status in it. Each planted case (the time has passed) has a clean twin (the same
registry a day before it ends), on several subjects and both ways of dating a claim.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.checks import staleness
from claimcheck.cli import app

runner = CliRunner()

#: name: (registry, page file name or None, page text, the T001's claim, the day the time
#: ends (its twin's today), and what the message says the time was read from).
SUBJECTS = {
    # The claim's own as_of: "next month" from 2025-01-15 is February 2025.
    "harbour cafe, its as_of": (
        """\
version: 1
page: {title: Harbour}
claims:
  - id: cafe
    text: The harbour cafe will reopen next month.
    kind: fact
    as_of: 2025-01-15
""",
        None,
        "",
        "cafe",
        "2025-02-28",
        "as of 2025-01-15:",
    ),
    # No as_of of its own: the page's. "in March" written in November 2024 is March 2025.
    "bus fares, the page's as_of": (
        """\
version: 1
page: {title: Buses, as_of: 2024-11-20}
claims:
  - id: fares
    text: Bus fares will rise in March.
    kind: fact
""",
        None,
        "",
        "fares",
        "2025-03-31",
        "as of 2024-11-20 (the page's):",
    ),
    # The date the page states for itself (an HTML page), no as_of anywhere.
    "museum wing, the page's own date": (
        """\
version: 1
page: {title: Museum, path: page.html}
claims:
  - id: wing
    text: The museum's new wing opens next week.
    kind: fact
    mentions: ["opens next week"]
""",
        "page.html",
        """\
<html><head><title>Museum</title></head><body>
<h1>Museum</h1>
<p>Last updated: 14 January 2025</p>
<p>The museum's new wing opens next week.</p>
</body></html>
""",
        "wing",
        "2025-01-26",
        "as of 2025-01-14 (the page's own date:",
    ),
}


def _write(tmp_path: Path, subject: str) -> Path:
    registry, page_name, page, *_ = SUBJECTS[subject]
    if page_name:
        (tmp_path / page_name).write_text(page, encoding="utf-8")
    path = tmp_path / "claims.yaml"
    path.write_text(registry, encoding="utf-8")
    return path


def _t_findings(registry: Path, today: str) -> list[dict[str, str]]:
    result = runner.invoke(
        app,
        ["verify", str(registry), "--offline", "--today", today, "--select", "T", "-f", "json"],
    )
    assert result.exit_code in (0, 1), result.output
    findings: list[dict[str, str]] = json.loads(result.stdout)["findings"]
    return findings


def _day_after(day: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_day_after_the_time_ends_it_is_stale(tmp_path: Path, subject: str) -> None:
    _, _, _, claim, ends, said = SUBJECTS[subject]
    found = _t_findings(_write(tmp_path, subject), _day_after(ends))
    assert [(f["code"], f["claim"]) for f in found] == [("T001", claim)], found
    message = found[0]["message"]
    assert "has passed (1 days ago)" in message and said in message, message


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_clean_twin_on_its_last_day_is_not(tmp_path: Path, subject: str) -> None:
    *_, ends, _ = SUBJECTS[subject]
    assert _t_findings(_write(tmp_path, subject), ends) == []


def test_a_claim_with_no_date_at_all_is_undated_not_stale(tmp_path: Path) -> None:
    """Nothing to read "next month" from: T004 says so, years later too (never a guess)."""
    path = tmp_path / "claims.yaml"
    path.write_text(
        "version: 1\npage: {title: Pool}\nclaims:\n  - id: pool\n"
        "    text: The pool will reopen next month.\n    kind: fact\n",
        encoding="utf-8",
    )
    found = _t_findings(path, "2031-01-01")
    assert [f["code"] for f in found] == ["T004"], found


def test_a_year_written_out_is_not_moved_by_the_date(tmp_path: Path) -> None:
    """A time with its year ends when it says, whatever the claim's date: "in February 2026"
    written in January 2025 is not stale in March 2025 (the clean twin of the planted ones)."""
    path = tmp_path / "claims.yaml"
    path.write_text(
        "version: 1\npage: {title: Rail}\nclaims:\n  - id: line\n"
        "    text: The new line will open in February 2026.\n    kind: fact\n"
        "    as_of: 2025-01-15\n    stale_after: 3y\n",
        encoding="utf-8",
    )
    assert _t_findings(path, "2025-03-01") == []
    (late,) = _t_findings(path, "2026-03-01")
    assert late["code"] == "T001" and "2026-02 has passed" in late["message"]
    assert "as of" not in late["message"]  # not read from the date: not said to be


def test_the_date_is_worked_out_only_for_a_text_with_a_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100,000 claims working out every claim's date would cost more than the check: of
    200 figures and one status, only the status's date is worked out."""
    calls = []
    real = staleness._earliest

    def counted(*dates: object) -> object:
        calls.append(dates)
        return real(*dates)  # type: ignore[arg-type]

    monkeypatch.setattr(staleness, "_earliest", counted)
    lines = ["version: 1", "page: {title: Counts, as_of: 2025-01-15}", "claims:"]
    for i in range(200):
        lines += [f"  - id: c{i}", f"    text: The town has {i + 3} parks.", "    kind: fact"]
    lines += ["  - id: s", "    text: The lido will reopen next month.", "    kind: fact"]
    path = tmp_path / "claims.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = _t_findings(path, "2025-06-01")
    assert [(f["code"], f["claim"]) for f in found] == [("T001", "s")]
    assert len(calls) <= 3, len(calls)
