"""A JSON report that contradicts itself is refused by `merge` and `--baseline` (review 13,
#10).

Edited reports rendered as clean runs: every claim's states set to `["ok"]` under the
findings that give them a state ("claims: 4 ok" beside two errors "cited by claim roads");
the findings deleted ("No findings.", exit 0, beside claims in `failing-source`); every
finding's severity made a note (exit 0 on dead links). The reader now checks that the summary
counts what the report lists, that each claim's states include every state its listed
findings (and the sources it names in `via_sources`) give it, that a state only findings give
has one, that each claim's `findings` counts them, and that each finding is at a level its
rule can have: a one-line error naming the file and the field otherwise. Each edit is planted
on two subjects with the summary recomputed to match (a careful edit), beside the report
unedited, a report of a run with a baseline, a site's and a merged one (clean twins).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
TODAY = ["--offline", "--no-cache", "--today", "2026-11-24"]

#: Two subjects: a source with no identifier (S002, a warning that gives the claims citing it
#: `failing-source` through `via_sources`), a claim whose text is not its value (C015,
#: `inconsistent`), and a claim with no citation (S001, `unsourced`).
SUBJECTS = {
    "roads": """\
version: 1
sources:
  - {id: plan, title: Highways plan, kind: report}
  - {id: book, title: Budget book, kind: report, isbn: "9780306406157"}
claims:
  - id: repairs
    text: Road repairs get 18 million pounds.
    kind: figure
    value: 18
    unit: GBP million
    citations: [{source: plan}]
  - id: potholes
    text: 4,000 potholes were filled.
    kind: figure
    value: 4100
    unit: potholes
    citations: [{source: book}]
  - id: lanes
    text: There are 12 miles of bus lanes.
    kind: figure
    value: 12
    unit: miles
""",
    "wards": """\
version: 1
sources:
  - {id: nhs, title: Ward census, kind: dataset, isbn: "9780306406157"}
  - {id: memo, title: Internal memo, kind: other}
claims:
  - id: beds
    text: The hospital has 640 beds.
    kind: figure
    value: 604
    unit: beds
    citations: [{source: nhs}]
  - id: nurses
    text: 1,900 nurses work there.
    kind: figure
    value: 1900
    unit: nurses
    citations: [{source: memo}]
  - id: wait
    text: The average wait is 14 weeks.
    kind: figure
    value: 14
    unit: weeks
""",
}

Document = dict[str, Any]


def _report(tmp_path: Path, subject: str, *args: str) -> Path:
    registry = tmp_path / "claims.yaml"
    registry.write_text(SUBJECTS[subject], encoding="utf-8")
    out = tmp_path / "report.json"
    result = runner.invoke(
        app, ["verify", str(registry), *TODAY, "-f", "json", "-o", str(out), *args]
    )
    assert result.exit_code in (0, 1), result.output
    return out


def _recounted(document: Document) -> Document:
    """The summary made to agree with the findings and claims, as a careful edit would."""
    summary = document["summary"]
    findings, claims = document["findings"], document["claims"]
    summary["findings"] = len(findings)
    summary["claims"] = len(claims)
    for level in ("error", "warning", "note"):
        summary[f"{level}s"] = sum(1 for f in findings if f["severity"] == level)
    for state in ("invalid", "retracted", "disputed", "inconsistent", "failing-source", "stale"):
        summary[state] = sum(1 for c in claims if state in c["states"])
    for state in ("unsourced", "unverified", "ok"):
        summary[state] = sum(1 for c in claims if state in c["states"])
    return document


def _all_ok(document: Document) -> Document:
    for claim in document["claims"]:
        claim["states"], claim["state"] = ["ok"], "ok"
    return document


def _no_findings(document: Document) -> Document:
    document["findings"] = []
    for claim in document["claims"]:
        claim["findings"] = 0
    return document


def _no_findings_nor_via(document: Document) -> Document:
    for claim in _no_findings(document)["claims"]:
        claim.pop("via_sources", None)
    return document


def _notes(document: Document) -> Document:
    for finding in document["findings"]:
        finding["severity"] = "note"
    return document


def _counted_wrong(document: Document) -> Document:
    claim = next(c for c in document["claims"] if c["findings"])
    claim["findings"] += 1
    return document


def _state_not_first(document: Document) -> Document:
    claim = next(c for c in document["claims"] if len(c["states"]) > 1)
    claim["state"] = claim["states"][-1]
    return document


#: Each planted edit, and what the error names (one of them: the first field at fault).
PLANTED: dict[str, tuple[Callable[[Document], Document], tuple[str, ...]]] = {
    "every claim ok": (_all_ok, (".states` lacks",)),
    "findings deleted": (
        _no_findings,
        (".via_sources` names source", "which only a finding gives"),
    ),
    "findings and via deleted": (_no_findings_nor_via, ("which only a finding gives",)),
    "every finding a note": (_notes, (".severity` is note, a level",)),
    "a claim's count": (_counted_wrong, (".findings` is",)),
    "state not the first": (_state_not_first, (".state` is",)),
}


def _planted(report: Path, edit: Callable[[Document], Document], recount: bool) -> Path:
    document = json.loads(report.read_text(encoding="utf-8"))
    edited = edit(copy.deepcopy(document))
    if recount:
        edited = _recounted(edited)
    out = report.with_name("edited.json")
    out.write_text(json.dumps(edited, indent=2), encoding="utf-8")
    return out


@pytest.mark.parametrize("planted", sorted(PLANTED))
@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_report_that_contradicts_itself_is_refused(
    tmp_path: Path, subject: str, planted: str
) -> None:
    report = _report(tmp_path, subject)
    edit, said = PLANTED[planted]
    for recount in (True, False):
        edited = _planted(report, edit, recount)
        for args in (
            ["merge", str(edited)],
            ["verify", str(tmp_path / "claims.yaml"), *TODAY, "--baseline", str(edited)],
        ):
            result = runner.invoke(app, args)
            assert result.exit_code == 2 and result.stdout == "", (args, result.output)
            line = result.stderr.strip()
            assert len(line.splitlines()) == 1, line
            assert line.startswith(f"claimcheck: {edited}: error: the report contradicts itself")
            # Recounted, the edit itself is named; else the summary may be first.
            assert any(s in line for s in said) if recount else "`$." in line, line
            assert "claimcheck verify -f json" in line


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_an_edited_summary_is_refused(tmp_path: Path, subject: str) -> None:
    report = _report(tmp_path, subject)
    document = json.loads(report.read_text(encoding="utf-8"))
    for key in ("errors", "warnings", "findings", "failing-source", "ok", "claims"):
        edited = copy.deepcopy(document)
        edited["summary"][key] += 1
        report.write_text(json.dumps(edited), encoding="utf-8")
        result = runner.invoke(app, ["merge", str(report)])
        assert result.exit_code == 2 and f"`$.summary.{key}` is" in result.stderr, result.output


def _merged_exit(*reports: Path) -> int:
    result = runner.invoke(app, ["merge", *map(str, reports), "--fail-on", "warning"])
    assert result.exit_code != 2, result.output
    return result.exit_code


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_reports_claimcheck_writes_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subject: str
) -> None:
    """The clean twins: the report as written; a report of a run whose baseline knew every
    finding (its claims keep their states with no finding listed); a site's; merged ones."""
    monkeypatch.chdir(tmp_path)
    report = _report(tmp_path, subject)
    document = json.loads(report.read_text(encoding="utf-8"))
    assert {"S002", "C015", "S001"} <= {f["code"] for f in document["findings"]}
    assert _merged_exit(report) == 1
    # The same report recounted is unchanged: the planted edits are what is refused.
    assert _recounted(copy.deepcopy(document)) == document
    base = tmp_path / "base.json"
    made = runner.invoke(app, ["baseline", "claims.yaml", *TODAY, "-o", str(base)])
    assert made.exit_code == 0
    known = _report(tmp_path, subject, "--baseline", str(base))
    quiet = json.loads(known.read_text(encoding="utf-8"))
    assert quiet["findings"] == [] and "failing-source" in str(quiet["claims"])
    assert _merged_exit(known) == 0
    # A site of this registry and another, and its report merged with itself.
    (tmp_path / "b").mkdir()
    other = next(s for s in SUBJECTS if s != subject)
    (tmp_path / "b" / "claims.yaml").write_text(SUBJECTS[other], encoding="utf-8")
    site = tmp_path / "site.json"
    args = ["verify", "claims.yaml", "b/claims.yaml", *TODAY, "-f", "json", "-o", str(site)]
    assert runner.invoke(app, args).exit_code in (0, 1)
    assert _merged_exit(site, site) == 1
    merged = tmp_path / "merged.json"
    out = runner.invoke(app, ["merge", str(site), str(site), "-f", "json", "-o", str(merged)])
    assert out.exit_code == 0  # warnings only
    assert _merged_exit(merged) == 1
