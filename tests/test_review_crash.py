"""`review` never colours a claim `ok` that a crashed check left unknown (a fixer's note).
`review` showed the X001 (a check that crashed, a bug) and exited 1, but its highlights still
coloured every claim the crashed check had not marked `ok`, green, as checked. Now those
claims (every one when the whole check crashed, else the one it crashed on: the rule
`list`/`show`/`export` follow, `cli/browse.unknown_states`) are shown `unknown`, visited
among the errors, their card says why, and the crash is said on stderr."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.checks import staleness
from claimcheck.cli import app
from claimcheck.findings import Finding
from claimcheck.model import Claim

runner = CliRunner()
TODAY = ("--today", "2025-06-01")

FERRY_PAGE = """\
# Island ferry

The ferry makes 14 crossings a day.

A return fare is £12.
"""
FERRY = """\
version: 1
page: {title: Island ferry, path: page.md}
sources:
  - {id: timetable, title: Ferry timetable 2025, url: "https://ferry.example.org/timetable"}
claims:
  - id: crossings
    text: The ferry makes 14 crossings a day.
    kind: figure
    value: 14
    unit: crossings
    mentions: ["14 crossings a day"]
    citations: [{source: timetable}]
    review: {status: verified, on: 2025-04-02}
  - id: fare
    text: A return fare is £12.
    kind: figure
    value: 12
    unit: GBP
    mentions: ["£12"]
    citations: [{source: timetable}]
    review: {status: verified, on: 2025-04-02}
"""
LIBRARY_PAGE = """\
<html><head><title>Library loans</title></head><body>
<h1>Library loans</h1>
<p>The libraries lent 310,000 books in 2024.</p>
<p>There are 9 branch libraries.</p>
</body></html>
"""
LIBRARY = """\
version: 1
page:
  title: Library loans
  path: page.html
sources:
  - id: loans_return
    title: Library loans return 2024
    url: https://libraries.example.org/loans-2024
claims:
  - id: loans
    text: The libraries lent 310,000 books in 2024.
    kind: figure
    value: 310000
    unit: books
    period: 2024
    mentions: ["310,000 books"]
    citations: [{source: loans_return}]
    review: {status: verified, on: 2025-05-01}
  - id: branches
    text: There are 9 branch libraries.
    kind: figure
    value: 9
    unit: libraries
    mentions: ["9 branch libraries"]
    citations: [{source: loans_return}]
    review: {status: verified, on: 2025-05-01}
"""
#: Each subject: registry, page file and text, and the claim one crash is planted on.
SUBJECTS = {
    "ferry": (FERRY, "page.md", FERRY_PAGE, "fare"),
    "library": (LIBRARY, "page.html", LIBRARY_PAGE, "branches"),
}
MARK = re.compile(r'<mark class="hl st-([a-z-]+)"[^>]*? data-claim="(\w+)"')


def write(root: Path, subject: str) -> Path:
    registry, page_name, page, _ = SUBJECTS[subject]
    (root / page_name).write_text(page, encoding="utf-8")
    path = root / "claims.yaml"
    path.write_text(registry, encoding="utf-8")
    return path


def review(path: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["review", str(path), "--offline", *TODAY])
    return result.exit_code, result.stdout, result.stderr


def shown(page: str) -> dict[str, set[str]]:
    """Each claim's highlight states (one per mention shown)."""
    states: dict[str, set[str]] = {}
    for state, claim in MARK.findall(page):
        states.setdefault(claim, set()).add(state)
    return states


def problem_order(page: str) -> list[str]:
    found = re.search(r'<script type="application/json" id="problem-order">(.*?)</script>', page)
    assert found is not None
    order: list[str] = json.loads(found.group(1))
    return order


def claims_of(page: str, elements: list[str]) -> list[str]:
    ids = dict(re.findall(r'<mark [^>]*?id="(h\d+)"[^>]*? data-claim="(\w*)"', page))
    return [ids[e] for e in elements]


@pytest.fixture
def whole_check_crashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The T check fails before any claim (a fault outside every entry): one X001 with no
    claim, so no claim's state is known."""

    def crash(*_: object) -> Iterator[Finding]:
        raise ValueError("planted")

    monkeypatch.setattr(staleness, "_page_findings", crash)


@pytest.fixture
def crash_on(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The T check fails on the claims named: an X001 on each, the others checked."""
    names: set[str] = set()
    real = staleness._words

    def faulty(claim: Claim) -> str:
        if claim.id in names:
            raise OverflowError("planted")
        return real(claim)

    monkeypatch.setattr(staleness, "_words", faulty)
    return names


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_whole_check_crash_shows_no_claim_ok(
    tmp_path: Path, subject: str, whole_check_crashes: None
) -> None:
    code, page, stderr = review(write(tmp_path, subject))
    assert code == 1
    states = shown(page)
    assert len(states) == 2 and all(s == {"unknown"} for s in states.values()), states
    assert 'class="hl st-ok"' not in page
    assert "unknown 2</span>" in page  # the legend counts them, not as ok
    assert "ok 0</span>" in page
    assert "its state is not known" in page  # each card says why
    assert sorted(claims_of(page, problem_order(page))) == sorted(states)  # visited
    assert "error X001 check-crashed" in stderr and "Traceback" not in stderr


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_crash_on_one_claim_leaves_only_that_one_unknown(
    tmp_path: Path, subject: str, crash_on: set[str]
) -> None:
    planted = SUBJECTS[subject][3]
    crash_on.add(planted)
    code, page, stderr = review(write(tmp_path, subject))
    assert code == 1
    states = shown(page)
    assert states.pop(planted) == {"unknown"}
    (other,) = states.values()
    assert other == {"ok"}  # checked whole: still ok
    assert claims_of(page, problem_order(page)) == [planted]
    assert "error X001 check-crashed" in stderr


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_clean_twin_is_ok_and_says_nothing_of_unknown(tmp_path: Path, subject: str) -> None:
    code, page, stderr = review(write(tmp_path, subject))
    assert code == 0, stderr
    states = shown(page)
    assert len(states) == 2 and all(s == {"ok"} for s in states.values()), states
    assert "unknown 0</span>" not in page  # the legend says unknown only after a crash
    assert "its state is not known" not in page and problem_order(page) == []
    assert "X001" not in stderr
