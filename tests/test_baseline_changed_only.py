"""`--changed-only` with a baseline: an entry on a claim or source whose rules did not run is
not fixed (seen beside review 13, #3).

`verify --changed-only HEAD --baseline base.json` ran the rules of the one edited claim, and
counted the baseline's entries on the claims it left alone as "2 fixed since": their findings
were not there because nothing looked for them. Now such an entry is neither known nor fixed;
an entry on the edited claim is fixed when its finding is gone. Planted on two subjects, with
the whole run (no --changed-only) as the clean twin.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
TODAY = ["--offline", "--today", "2026-11-24"]

#: Each subject: three claims, two with no citation (S001 each); the edit of a third claim
#: that changes nothing found, and the edit that gives the first uncited claim a citation.
SUBJECTS = {
    "trams": (
        """\
version: 1
page: {title: Trams, as_of: 2026-10}
sources:
  - {id: annual, title: Tram annual report, kind: report, isbn: "9780306406157"}
claims:
  - id: stops
    text: The tram network has 58 stops.
    kind: figure
    value: 58
    unit: stops
    citations: [{source: annual}]
  - id: riders
    text: Trams carried 31 million passengers.
    kind: figure
    value: 31
    unit: million passengers
  - id: fleet
    text: The fleet has 40 trams.
    kind: figure
    value: 40
    unit: trams
""",
        ("    unit: stops\n", "    unit: stops\n    review_by: 2027-06\n"),
        (
            "    unit: million passengers\n",
            "    unit: million passengers\n    citations: [{source: annual}]\n",
        ),
    ),
    "schools": (
        """\
version: 1
page: {title: Schools, as_of: 2026-10}
sources:
  - {id: census, title: School census, kind: dataset, isbn: "9780306406157"}
claims:
  - id: pupils
    text: 8,200 pupils attend the town's schools.
    kind: figure
    value: 8200
    unit: pupils
  - id: schools
    text: The town has 14 schools.
    kind: figure
    value: 14
    unit: schools
    citations: [{source: census}]
  - id: teachers
    text: 510 teachers work in them.
    kind: figure
    value: 510
    unit: teachers
""",
        ("    unit: schools\n", "    unit: schools\n    review_by: 2027-06\n"),
        ("    unit: pupils\n", "    unit: pupils\n    citations: [{source: census}]\n"),
    ),
}


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "HOME": str(cwd),
            "PATH": "/usr/bin:/bin",
        },
    )


def _committed(tmp_path: Path, subject: str) -> tuple[Path, Path]:
    registry = tmp_path / "claims.yaml"
    registry.write_text(SUBJECTS[subject][0], encoding="utf-8")
    base = tmp_path / "base.json"
    made = runner.invoke(app, ["baseline", str(registry), *TODAY, "-o", str(base)])
    assert made.exit_code == 0, made.output
    assert [e["code"] for e in json.loads(base.read_text())["findings"]] == ["S001", "S001"]
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "claims.yaml")
    _git(tmp_path, "commit", "-qm", "start")
    return registry, base


def _counts(registry: Path, base: Path, *args: str) -> object:
    result = runner.invoke(
        app, ["verify", str(registry), *TODAY, "--baseline", str(base), "-f", "json", *args]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["baseline"]


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_entries_on_claims_not_checked_are_not_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subject: str
) -> None:
    monkeypatch.chdir(tmp_path)
    registry, base = _committed(tmp_path, subject)
    (old, new), (uncited, cited) = SUBJECTS[subject][1:]
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace(old, new), encoding="utf-8")
    # Only the edited claim's rules ran: the two S001 entries were not looked at.
    assert _counts(registry, base, "--changed-only", "HEAD") == {
        "known": 0,
        "fixed": 0,
        "unchecked": 2,  # said so (K5)
    }
    assert _counts(registry, base) == {"known": 2, "fixed": 0}  # the clean twin
    # The first uncited claim given a citation: it is changed, its S001 checked and gone.
    registry.write_text(text.replace(uncited, cited), encoding="utf-8")
    changed = _counts(registry, base, "--changed-only", "HEAD")
    assert changed == {"known": 0, "fixed": 1, "unchecked": 1}  # the other S001: not looked at
    assert _counts(registry, base) == {"known": 1, "fixed": 1}
