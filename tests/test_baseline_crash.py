"""`claimcheck baseline` writes nothing when a check crashed (K3).

It wrote the file and exited 0 with a check crashed (X001, a bug): the baseline lacked the
findings that check would have made, replaced a whole one, and once the bug was fixed those
findings came back as new. Now nothing is written (a file already there is kept as it was),
the crash is said as `list`, `show` and `export` say it, and the exit code is 1. Planted on two
subjects (the whole T check crashing, and a crash on one claim), the run without a crash as
the clean twin.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.checks import staleness
from claimcheck.cli import app
from claimcheck.findings import Finding
from claimcheck.model import Claim

runner = CliRunner()
TODAY = ("--offline", "--today", "2025-06-01")

SUBJECTS = {
    "lido": (
        """\
version: 1
page: {title: Lido}
claims:
  - id: lido
    text: The lido is closed for the winter.
    kind: status
    as_of: 2024-10-01
  - id: lanes
    text: The lido has 8 lanes.
    kind: figure
    value: 8
""",
        "lido",
    ),
    "bridge": (
        """\
version: 1
page: {title: Bridge, as_of: 2024-09}
claims:
  - id: bridge
    text: The swing bridge remains closed to traffic.
    kind: fact
  - id: span
    text: The bridge spans 120 metres.
    kind: figure
    value: 120
""",
        "bridge",
    ),
}


@pytest.fixture
def whole_check_crashes(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*_: object) -> Iterator[Finding]:
        raise ValueError("planted")

    monkeypatch.setattr(staleness, "_page_findings", crash)


@pytest.fixture
def crash_on(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    names: set[str] = set()
    real = staleness._words

    def faulty(claim: Claim) -> str:
        if claim.id in names:
            raise OverflowError("planted")
        return real(claim)

    monkeypatch.setattr(staleness, "_words", faulty)
    return names


def _baseline(tmp_path: Path, subject: str) -> tuple[int, Path, str]:
    registry = tmp_path / "claims.yaml"
    registry.write_text(SUBJECTS[subject][0], encoding="utf-8")
    out = tmp_path / "base.json"
    result = runner.invoke(app, ["baseline", str(registry), *TODAY, "-o", str(out)])
    return result.exit_code, out, result.stderr


def _refused(code: int, out: Path, stderr: str, before: bytes | None) -> None:
    assert code == 1, stderr
    assert "not written: a check crashed" in stderr
    assert "error X001 check-crashed" in stderr and "Traceback" not in stderr
    if before is None:
        assert not out.exists()
    else:
        assert out.read_bytes() == before and "kept as it was" in stderr


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_whole_check_crash_writes_no_baseline(
    tmp_path: Path, subject: str, whole_check_crashes: None
) -> None:
    _refused(*_baseline(tmp_path, subject), before=None)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_crash_on_one_claim_keeps_the_baseline_there(
    tmp_path: Path, subject: str, crash_on: set[str]
) -> None:
    crash_on.add(SUBJECTS[subject][1])
    existing = tmp_path / "base.json"
    existing.write_bytes(b'{"an": "older baseline"}\n')
    _refused(*_baseline(tmp_path, subject), before=existing.read_bytes())


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_clean_twin_records_the_stale_status(tmp_path: Path, subject: str) -> None:
    code, out, stderr = _baseline(tmp_path, subject)
    assert code == 0, stderr
    entries = json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert ("T001", SUBJECTS[subject][1]) in {(e["code"], e["claim"]) for e in entries}
    assert "X001" not in stderr and "not written" not in stderr
