"""Dates and durations at the calendar's edges, and a crash that must not pass for `ok` (review
15, items 1 and 8, and m3).

- A duration over 1,000 years (`stale_after: 9000y`) is an R002 at its line and column; one
  that is allowed never crashes the T check, even counted from a date near year 9999.
- One entry's fault in the T check is an X001 on that entry; the other entries are checked.
- `list`, `show` and `export` say when a check crashed (the X001 line, exit 1) instead of
  showing its claims `ok`, and `export` rates none of them "Accurate".
- A review's `on` or a source's `accessed` after today is T008, not silence.
- `--today` is read as the registry reads a date (2025-03-02, not 20250302).

Each planted error has a clean twin that must stay clean, on two subjects.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.checks import staleness
from claimcheck.cli import app
from claimcheck.dates import Duration, parse_duration, parse_today
from claimcheck.engine import run_checks
from claimcheck.findings import Finding, Report
from claimcheck.loader import load_registry
from claimcheck.model import Claim

runner = CliRunner()

#: Two subjects, each a status claim stale on TODAY and a verified fact that is `ok`. `{limit}`
#: is the stadium's (or the closure's) `stale_after`, `{defaults}` the registry's.
LEAGUE = """\
version: 1
page: {{title: League, url: https://example.org/league}}
defaults: {{{defaults}}}
sources:
  - {{id: tbl, title: League table, url: "https://example.org/table", accessed: {accessed}}}
claims:
  - id: top
    text: Liverpool are top of the league.
    kind: fact
    as_of: 2024-09-01
    citations: [{{source: tbl, quote: "Liverpool 1st"}}]
    review: {{status: verified, on: 2024-09-01}}
  - id: stadium
    text: The stadium is expected to open next season.
    kind: fact
    as_of: 2025-05-01
    stale_after: {limit}
    citations: [{{source: tbl, quote: "stadium"}}]
  - id: capacity
    text: The ground holds 61,276 people.
    kind: fact
    citations: [{{source: tbl, quote: "61,276"}}]
    review: {{status: verified, on: {reviewed}}}
"""
LIBRARY = """\
version: 1
page: {{title: Libraries, url: https://example.org/libraries}}
defaults: {{{defaults}}}
sources:
  - {{id: plan, title: Library plan, url: "https://example.org/plan", accessed: {accessed}}}
claims:
  - id: closure
    text: The central library is closed for repairs.
    kind: status
    as_of: 2024-10-01
    citations: [{{source: plan, quote: "closed for repairs"}}]
    review: {{status: verified, on: 2024-10-01}}
  - id: reopening
    text: The branch is expected to reopen soon.
    kind: fact
    as_of: 2025-05-01
    stale_after: {limit}
    citations: [{{source: plan, quote: "reopen"}}]
  - id: loans
    text: Libraries lent 412,000 books.
    kind: fact
    citations: [{{source: plan, quote: "412,000 books"}}]
    review: {{status: verified, on: {reviewed}}}
"""
#: Per subject: the text, its stale claim, its ok claim, the line of `stale_after`.
SUBJECTS = {
    "league": (LEAGUE, "top", "capacity", 17),
    "library": (LIBRARY, "closure", "loans", 17),
}
TODAY = "2025-06-01"


def _write(
    tmp_path: Path,
    subject: str,
    *,
    limit: str = "90d",
    defaults: str = "",
    accessed: str = "2025-05-01",
    reviewed: str = "2025-05-01",
) -> Path:
    text = SUBJECTS[subject][0].format(
        limit=limit, defaults=defaults, accessed=accessed, reviewed=reviewed
    )
    path = tmp_path / f"{subject}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _report(path: Path, today: str = TODAY) -> Report:
    return run_checks(load_registry(path), today=date.fromisoformat(today))


def _invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- 1a. a duration too long to count is an R002 where it is written ----------------------


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize(
    ("field", "value", "line"),
    [
        ("limit", "9000y", 17),
        ("limit", "99999999999999999999d", 17),
        ("limit", "1001y", 17),
        ("limit", "12001m", 17),
        ("defaults", "stale_after: 8000y", 3),
        ("defaults", "access_stale_after: 8000y", 3),
    ],
)
def test_a_duration_over_the_limit_is_r002_and_the_others_are_still_checked(
    tmp_path: Path, subject: str, field: str, value: str, line: int
) -> None:
    path = _write(tmp_path, subject, **{field: value})
    report = _report(path)
    errors = [f for f in report.findings if f.code == "R002"]
    assert len(errors) == 1, report.findings
    assert errors[0].location is not None and errors[0].location.line == line
    assert "over the longest duration claimcheck counts" in errors[0].message
    codes = {f.code for f in report.findings}
    stale = SUBJECTS[subject][1]
    assert "X001" not in codes
    # The other claims are still checked: the stale one is T001.
    assert any(f.code == "T001" and f.claim == stale for f in report.findings)
    # list refuses the registry with the R002's place, as for every other R error.
    code, _, err = _invoke("list", str(path), "--today", TODAY, "--stale")
    assert code == 2 and f":{line}:" in err and "R002" in err


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("limit", ["90d", "1000y", "12000m", "52177w", "365242d"])
def test_clean_twin_a_duration_within_the_limit_is_read(
    tmp_path: Path, subject: str, limit: str
) -> None:
    path = _write(tmp_path, subject, limit=limit, defaults="stale_after: 1000y")
    report = _report(path, today="2025-06-01")
    assert not [f for f in report.findings if f.code in ("R002", "X001")], report.findings
    # 1000y by default: nothing is stale but by its own limit.
    path = _write(tmp_path, subject, limit=limit)
    report = _report(path)
    assert any(f.code == "T001" and f.claim == SUBJECTS[subject][1] for f in report.findings)
    code, out, _ = _invoke("list", str(path), "--today", TODAY, "--stale", "-f", "json")
    assert code == 0 and [row["id"] for row in json.loads(out)] == [SUBJECTS[subject][1]]


def test_an_end_past_the_calendar_is_never_reached() -> None:
    """Counted from a date near year 9999 a duration ends past the calendar: no day is after
    that end, which is what staleness asks (an error would lose the whole check)."""
    assert Duration(1, "y").after(date(9999, 6, 1)) == date.max
    assert Duration(400, "d").after(date(9999, 6, 1)) == date.max
    assert Duration(53, "w").after(date(9999, 1, 1)) == date.max
    assert Duration(1000, "y").after(date(8999, 12, 31)) == date(9999, 12, 31)
    # Within the calendar, as before: a month clamps to its last day.
    assert Duration(1, "m").after(date(2024, 1, 31)) == date(2024, 2, 29)
    assert Duration(2, "w").after(date(2025, 12, 25)) == date(2026, 1, 8)
    assert parse_duration(" 6M ") == Duration(6, "m")


@pytest.mark.parametrize("subject", SUBJECTS)
def test_dates_near_the_last_year_do_not_crash_the_t_check(tmp_path: Path, subject: str) -> None:
    path = _write(tmp_path, subject, limit="1000y", accessed="9999-01-01", reviewed="9999-01-01")
    text = path.read_text(encoding="utf-8").replace("as_of: 2025-05-01", "as_of: 9999-06")
    path.write_text(text, encoding="utf-8")
    report = _report(path, today="9999-12-31")
    codes = {f.code for f in report.findings}
    assert "X001" not in codes and "T008" not in codes
    # The old stale claim is still stale; the one of 9999-06 with 1000y is not.
    stale = {f.claim for f in report.findings if f.code == "T001"}
    assert stale == {SUBJECTS[subject][1]}


# --- 1b. one entry's fault does not take the check from the others ----------------------


@pytest.fixture
def crash_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """Makes the T check fail on the claims named (a fault no rule foresaw)."""
    names: set[str] = set()
    real = staleness._words

    def faulty(claim: Claim) -> str:
        if claim.id in names:
            raise OverflowError("planted")
        return real(claim)

    monkeypatch.setattr(staleness, "_words", faulty)
    yield names


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_fault_on_one_claim_is_its_x001_and_the_others_are_checked(
    tmp_path: Path, subject: str, crash_on: set[str]
) -> None:
    _, stale, ok, _ = SUBJECTS[subject]
    path = _write(tmp_path, subject)
    other = next(c.id for c in load_registry(path).registry.claims if c.id not in (stale, ok))
    crash_on.add(other)
    report = _report(path)
    crashed = [f for f in report.findings if f.code == "X001"]
    assert len(crashed) == 1 and crashed[0].claim == other
    assert crashed[0].location is not None and crashed[0].location.line > 1
    assert any(f.code == "T001" and f.claim == stale for f in report.findings)
    # export: the claim crashed on is not rated; the others are, and the run says it crashed.
    code, out, err = _invoke("export", str(path), "--today", TODAY)
    assert code == 1 and "X001" in err and "Traceback" not in err
    assert [d["identifier"] for d in json.loads(out)] == [ok]
    crash_on.add(ok)
    code, out, err = _invoke("export", str(path), "--today", TODAY)
    assert code == 1 and json.loads(out) == []
    assert f"{ok}: reviewed as verified, but a check crashed on it" in err


# --- 1c. list, show and export do not pass a crashed check off as `ok` --------------------


@pytest.fixture
def whole_check_crashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The T check fails before any claim (a fault outside every entry): engine's X001."""

    def crash(*_: object) -> Iterator[Finding]:
        raise ValueError("year 11025 is out of range")

    monkeypatch.setattr(staleness, "_page_findings", crash)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_list_show_export_say_a_crashed_check(
    tmp_path: Path, subject: str, whole_check_crashes: None
) -> None:
    _, stale, ok, _ = SUBJECTS[subject]
    path = _write(tmp_path, subject)
    crash_line = "error X001 check-crashed: check `staleness` crashed"
    code, out, err = _invoke("list", str(path), "--today", TODAY, "--stale", "-f", "json")
    assert code == 1 and json.loads(out) == []
    assert crash_line in err and "a claim shown `ok` may not be" in err
    code, out, err = _invoke("list", str(path), "--today", TODAY)
    assert code == 1 and crash_line in err
    code, out, err = _invoke("show", stale, "-r", str(path), "--today", TODAY, "-f", "json")
    assert code == 1 and crash_line in err
    code, out, err = _invoke("export", str(path), "--today", TODAY)
    assert code == 1 and json.loads(out) == [] and crash_line in err
    assert f"{ok}: reviewed as verified, but a check crashed on it" in err
    # CSL-JSON takes nothing from the checks: written whole, the crash still said.
    code, out, err = _invoke("export", str(path), "--today", TODAY, "-f", "csl-json")
    assert code == 1 and len(json.loads(out)) == 1 and crash_line in err
    assert "may not be" not in err


@pytest.mark.parametrize("subject", SUBJECTS)
def test_clean_twin_list_show_export_without_a_crash(tmp_path: Path, subject: str) -> None:
    _, stale, ok, _ = SUBJECTS[subject]
    path = _write(tmp_path, subject)
    code, out, err = _invoke("list", str(path), "--today", TODAY, "--stale", "-f", "json")
    assert code == 0 and [row["id"] for row in json.loads(out)] == [stale] and "X001" not in err
    code, out, err = _invoke("show", stale, "-r", str(path), "--today", TODAY, "-f", "json")
    assert code == 0 and "stale" in json.loads(out)["states"] and err == ""
    code, out, err = _invoke("export", str(path), "--today", TODAY)
    assert code == 0 and [d["identifier"] for d in json.loads(out)] == [ok]
    assert "X001" not in err and f"{stale}: reviewed as verified" in err


# --- 8. a review or a reading dated after today ------------------------------------------


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize(
    ("field", "value"),
    [("reviewed", "2052-03-02"), ("accessed", "2052-05-01"), ("reviewed", "2026")],
)
def test_a_review_or_reading_after_today_is_t008(
    tmp_path: Path, subject: str, field: str, value: str
) -> None:
    _, _, ok, _ = SUBJECTS[subject]
    path = _write(tmp_path, subject, **{field: value})
    report = _report(path)
    found = [f for f in report.findings if f.code == "T008"]
    assert len(found) == 1 and value in found[0].message, report.findings
    assert found[0].location is not None
    line = path.read_text(encoding="utf-8").splitlines()[found[0].location.line - 1]
    assert value in line
    assert "T003" not in {f.code for f in report.findings}
    # Its claim (every claim citing the source) is not rated Accurate with that date.
    code, out, err = _invoke("export", str(path), "--today", TODAY)
    assert code == 0 and ok not in [d["identifier"] for d in json.loads(out)]
    assert value not in out and f"{ok}: reviewed as verified, but its checks find it" in err
    code, out, _ = _invoke("verify", str(path), "--today", TODAY, "-f", "concise")
    assert code == 1 and "T008 [error]" in out


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize(
    ("field", "value"),
    [("reviewed", "2025-06-01"), ("reviewed", "2025"), ("accessed", "2025-06"), ("reviewed", "")],
)
def test_clean_twin_a_review_or_reading_up_to_today(
    tmp_path: Path, subject: str, field: str, value: str
) -> None:
    _, _, ok, _ = SUBJECTS[subject]
    path = _write(tmp_path, subject, **{field: value or "null"})
    report = _report(path)
    assert "T008" not in {f.code for f in report.findings}
    code, out, _ = _invoke("export", str(path), "--today", TODAY)
    assert code == 0 and ok in [d["identifier"] for d in json.loads(out)]


def test_a_reading_long_ago_is_still_t003(tmp_path: Path) -> None:
    path = _write(tmp_path, "library", accessed="2023-01-10")
    found = [f for f in _report(path).findings if f.code in ("T003", "T008")]
    assert [f.code for f in found] == ["T003"]


# --- m3. --today is a date as the registry writes one -------------------------------------


@pytest.mark.parametrize("text", ["20250302", "2025-W10-1", "2025-3-2", "2025-02-30", "2025"])
def test_today_in_another_form_is_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(ValueError, match="2026-11-24"):
        parse_today(text)
    path = _write(tmp_path, "league")
    code, _, err = _invoke("list", str(path), "--today", text)
    assert code == 2 and "--today" in err and "Traceback" not in err
    (tmp_path / "claimcheck.toml").write_text(f'today = "{text}"\n', encoding="utf-8")
    code, _, err = _invoke("list", str(path), "--config", str(tmp_path / "claimcheck.toml"))
    assert code == 2 and "today" in err


def test_clean_twin_today_as_the_registry_writes_it(tmp_path: Path) -> None:
    assert parse_today(" 2025-03-02\n") == date(2025, 3, 2)
    path = _write(tmp_path, "league")
    code, out, _ = _invoke("list", str(path), "--today", "2025-03-02", "-f", "json")
    assert code == 0 and len(json.loads(out)) == 3
