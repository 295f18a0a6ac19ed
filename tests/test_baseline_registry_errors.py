"""A baseline never knows a registry error (review 13, #1).

A JSON report used as a baseline listed the R007 of a claim with an unknown field, and the
next `verify --baseline report.json` left it out: "0 errors, 5 known", exit 0, while the
claim stayed out of every check. The errors that leave an entry out (R001-R005, R007, R008)
are now never known, as the findings about the run (L008, X001) were not: reported as new
whatever a baseline or report lists. Planted on two subjects (three R errors each) with a
clean twin, whose findings a report used as a baseline knows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
TODAY = ["--offline", "--today", "2026-11-24"]

#: Two subjects, each with two warnings of its own (S001 on a claim with no citation, R006
#: on a source none cites) that a baseline may know.
SUBJECTS = {
    "ferries": """\
version: 1
page: {title: Island ferries, as_of: 2026-10}
sources:
  - {id: timetable, title: Ferry timetable, kind: report, isbn: "9780306406157"}
  - {id: unused, title: Old timetable, kind: report, isbn: "9780306406157"}
claims:
  - id: crossings
    text: The ferry makes 14 crossings a day.
    kind: figure
    value: 14
    unit: crossings
    citations: [{source: timetable}]
  - id: fare
    text: A return fare costs 12 pounds.
    kind: figure
    value: 12
    unit: GBP
""",
    "library": """\
version: 1
page: {title: Library service, as_of: 2026-10}
sources:
  - {id: plan, title: Library plan, kind: report, isbn: "9780306406157"}
  - {id: draft, title: Draft plan, kind: report, isbn: "9780306406157"}
claims:
  - id: branches
    text: The county runs 31 branch libraries.
    kind: figure
    value: 31
    unit: libraries
    citations: [{source: plan}]
  - id: loans
    text: Loans rose by 8%.
    kind: figure
    value: 8
    unit: percent
""",
}

#: Each planted error: the edit of the first claim, and the code it must raise.
PLANTED = {
    "unknown field": ("    kind: figure\n", "    kind: figure\n    unit_typo: x\n", "R007"),
    "unknown source": ("citations: [{source: ", "citations: [{source: nowhere}, {source: ", "R005"),
    "duplicate id": (None, None, "R004"),
}


def _planted(text: str, planted: str) -> str:
    old, new, _ = PLANTED[planted]
    if old is None:  # the second claim takes the first one's id
        first = text.split("  - id: ")[1].split("\n")[0]
        second = text.split("  - id: ")[2].split("\n")[0]
        return text.replace(f"  - id: {second}\n", f"  - id: {first}\n")
    assert new is not None
    return text.replace(old, new, 1)


def _verify(registry: Path, *args: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["verify", str(registry), *TODAY, "-f", "json", *args])
    assert result.exit_code in (0, 1), result.output
    document: dict[str, object] = json.loads(result.stdout)
    return result.exit_code, document


def _codes(document: dict[str, object]) -> list[str]:
    findings = document["findings"]
    assert isinstance(findings, list)
    return [f["code"] for f in findings]


@pytest.mark.parametrize("planted", sorted(PLANTED))
@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_report_as_a_baseline_never_knows_a_registry_error(
    tmp_path: Path, subject: str, planted: str
) -> None:
    code = PLANTED[planted][2]
    registry = tmp_path / "claims.yaml"
    registry.write_text(_planted(SUBJECTS[subject], planted), encoding="utf-8")
    exit_code, first = _verify(registry)
    assert exit_code == 1 and code in _codes(first)
    report = tmp_path / "report.json"
    report.write_text(json.dumps(first), encoding="utf-8")
    exit_code, again = _verify(registry, "--baseline", str(report))
    assert exit_code == 1
    assert _codes(again) == [c for c in _codes(first) if c == code]  # the others known
    baseline = again["baseline"]
    assert isinstance(baseline, dict) and baseline["fixed"] == 0
    assert baseline["known"] == len(_codes(first)) - len(_codes(again))


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_baseline_file_listing_a_registry_error_does_not_hide_it(
    tmp_path: Path, subject: str
) -> None:
    """A baseline file is never written with one (`baseline` refuses an invalid registry);
    one edited to list it is read without it."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(_planted(SUBJECTS[subject], "unknown field"), encoding="utf-8")
    _, first = _verify(registry)
    findings = first["findings"]
    assert isinstance(findings, list)
    entries = [
        {k: f[k] for k in ("fingerprint", "code", "claim", "source", "message")} for f in findings
    ]
    base = tmp_path / "base.json"
    document = {"baseline_version": 2, "tool_version": "0", "registry": "claims.yaml"}
    base.write_text(json.dumps(document | {"findings": entries}), encoding="utf-8")
    exit_code, again = _verify(registry, "--baseline", str(base))
    assert exit_code == 1 and _codes(again) == ["R007"]


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_the_clean_twin_is_known_whole(tmp_path: Path, subject: str) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(SUBJECTS[subject], encoding="utf-8")
    exit_code, first = _verify(registry)
    assert sorted(_codes(first)) == ["R006", "S001"]
    report = tmp_path / "report.json"
    report.write_text(json.dumps(first), encoding="utf-8")
    made = tmp_path / "base.json"
    assert runner.invoke(app, ["baseline", str(registry), *TODAY, "-o", str(made)]).exit_code == 0
    for baseline in (report, made):
        exit_code, again = _verify(registry, "--baseline", str(baseline))
        assert exit_code == 0 and _codes(again) == []
        assert again["baseline"] == {"known": 2, "fixed": 0}
