"""--changed-only maps changed lines to entries it cannot place by the line scan (found
beside review 21, #1).

A flow-style registry (`claims: [{...}, {...}]`) edited gave "the rules of 2 unchanged claims
not run" and exit 0 over a C001: the line scan placed no entry, and an entry not placed was
never counted as changed (a CRLF checkout's registry did the same). Entries are now placed by
PyYAML's marks when the scan cannot place them, and an entry placed by neither counts as
changed when a line changed. Planted on two subjects (a bus timetable, a hospital), with the
clean twin: no edit is no change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from tests.helpers import git

runner = CliRunner()


def committed(tmp_path: Path, text: str) -> Path:
    registry = tmp_path / "claims.yaml"
    registry.write_text(text, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    return registry


def run(registry: Path, *extra: str) -> tuple[int, dict[str, object], str]:
    args = ["verify", str(registry), "--offline", "-f", "json", "--select", "C", *extra]
    result = runner.invoke(app, args)
    return result.exit_code, json.loads(result.stdout), result.stderr


def found(document: dict[str, object], code: str) -> set[str]:
    findings = document["findings"]
    assert isinstance(findings, list)
    return {f["claim"] for f in findings if f["code"] == code}


#: Flow style: the line scan cannot place the entries.
FLOW = {
    "buses": (
        "version: 1\nclaims: [{id: route_7, text: Route 7 runs 48 buses a day., kind: figure,\n"
        "    value: 48, unit: buses, mentions: ['48 buses']},\n"
        "  {id: route_9, text: Route 9 runs 30 buses a day., kind: figure,\n"
        "    value: 30, unit: buses, mentions: ['30 buses']}]\n",
        ("value: 30", "value: 31"),
        "route_9",
    ),
    "hospital": (
        "version: 1\nclaims: [\n"
        "  {id: beds, text: The hospital has 640 beds., kind: figure, value: 640,"
        " unit: beds, mentions: ['640 beds']},\n"
        "  {id: wards, text: It has 22 wards., kind: figure, value: 22, unit: wards,"
        " mentions: ['22 wards']}]\n",
        ("value: 640", "value: 604"),
        "beds",
    ),
}


@pytest.mark.parametrize("subject", sorted(FLOW))
def test_entries_in_flow_style_are_placed_or_counted_as_changed(
    tmp_path: Path, subject: str
) -> None:
    text, (old, new), claim = FLOW[subject]
    registry = committed(tmp_path, text)
    exit_code, document, said = run(registry, "--changed-only", "HEAD")
    assert (exit_code, document["findings"]) == (0, []), said  # the twin: no edit
    assert "the registry has not changed against it" in said
    registry.write_text(text.replace(old, new), encoding="utf-8")
    exit_code, document, said = run(registry, "--changed-only", "HEAD")
    assert claim in found(document, "C001"), said
    assert exit_code == 1
