"""--changed-only follows a changed value wherever YAML repeats it (review 21, #2).

`value: &share 40` on one claim and `value: *share` on another: changing the anchor to 130
gave a C013 on the other claim in a full run, but --changed-only mapped the changed line to
the first claim only and exited 0. An entry using an alias of an anchor whose node holds a
changed line (or an alias of one, to any depth) now counts as changed. Planted on two
subjects (a glacier, a city budget), with clean twins: an edit outside every anchor leaves the
aliases' entries alone, and no edit is no change. Where the aliases cannot be traced (lines
ending in a lone `\\r`), the run is whole and says why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from tests.helpers import git

runner = CliRunner()

GLACIER = """\
version: 1
claims:
  - id: ice_change
    text: Ice loss rose by a share in 2024.
    kind: figure
    value: &share 40
    unit: percent change
  - id: ice_share
    text: A share of the glaciers shrank in 2024.
    kind: figure
    value: *share
    unit: percent
  - id: ice_count
    text: The survey counted 120 glaciers.
    kind: figure
    value: 120
    unit: glaciers
"""

#: An anchored mention, an anchored list holding its alias, and an alias of that list.
BUDGET = """\
version: 1
claims:
  - id: parks
    text: The council spent £25 million on parks.
    kind: figure
    value: 25
    unit: GBP million
    mentions: [&parks_words '£25 million on parks']
  - id: parks_total
    text: Parks cost £25 million in all.
    kind: figure
    value: 25
    unit: GBP million
    mentions: &total_mentions
      - *parks_words
  - id: parks_summary
    text: In sum, £25 million went to parks.
    kind: figure
    value: 25
    unit: GBP million
    mentions: *total_mentions
  - id: roads
    text: Roads took £40 million.
    kind: figure
    value: 40
    unit: GBP million
    mentions: ['£40 million']
"""

#: Each subject: the registry, the planted edit, the claims whose findings must show it,
#: the rule, and a harmless edit outside every anchor.
SUBJECTS = {
    "glacier": (
        GLACIER,
        ("&share 40", "&share 130"),
        {"ice_share"},
        "C013",
        ("Ice loss rose by a share in 2024.", "Ice loss grew by a share in 2024."),
    ),
    "budget": (
        BUDGET,
        ("'£25 million on parks'", "'£27 million on parks'"),
        {"parks", "parks_total", "parks_summary"},
        "C001",
        ("Roads took £40 million.", "Roads cost £40 million."),
    ),
}


def commit_all(cwd: Path) -> None:
    git(cwd, "init", "-q")
    git(cwd, "add", ".")
    git(cwd, "commit", "-qm", "start")


def committed(tmp_path: Path, text: str) -> Path:
    registry = tmp_path / "claims.yaml"
    registry.write_text(text, encoding="utf-8")
    commit_all(tmp_path)
    return registry


def run(registry: Path, *extra: str) -> tuple[int, dict[str, object], str]:
    args = ["verify", str(registry), "--offline", "-f", "json", "--select", "C", *extra]
    result = runner.invoke(app, args)
    return result.exit_code, json.loads(result.stdout), result.stderr


def found(document: dict[str, object], code: str) -> set[str]:
    findings = document["findings"]
    assert isinstance(findings, list)
    return {f["claim"] for f in findings if f["code"] == code}


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_an_alias_of_a_changed_anchor_is_changed(tmp_path: Path, subject: str) -> None:
    text, (old, new), claims, code, _ = SUBJECTS[subject]
    registry = committed(tmp_path, text)
    registry.write_text(text.replace(old, new), encoding="utf-8")
    _, full, _ = run(registry)
    assert claims <= found(full, code)
    exit_code, document, said = run(registry, "--changed-only", "HEAD")
    assert claims <= found(document, code), said
    assert exit_code == 1


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_an_edit_outside_every_anchor_leaves_the_aliases_alone(
    tmp_path: Path, subject: str
) -> None:
    text, _, claims, _, (old, new) = SUBJECTS[subject]
    registry = committed(tmp_path, text)
    exit_code, document, said = run(registry, "--changed-only", "HEAD")
    assert (exit_code, document["findings"]) == (0, [])
    assert "the registry has not changed against it" in said
    registry.write_text(text.replace(old, new), encoding="utf-8")
    exit_code, document, said = run(registry, "--changed-only", "HEAD")
    assert (exit_code, document["findings"]) == (0, []), said
    checked = {c["id"] for c in document["claims"]}  # type: ignore[attr-defined]
    assert len(checked) == 1 and not checked & (claims - {"parks"}), checked


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_aliases_that_cannot_be_traced_make_the_run_whole(tmp_path: Path, subject: str) -> None:
    """Lines ending in a lone `\\r` are lines to YAML and one line to git: where an alias of
    the changed anchor is cannot be told, so every claim is checked, and the note says why."""
    text, (old, new), claims, code, _ = SUBJECTS[subject]
    registry = tmp_path / "claims.yaml"
    registry.write_bytes(text.replace("\n", "\r").encode())
    commit_all(tmp_path)
    registry.write_bytes(text.replace(old, new).replace("\n", "\r").encode())
    exit_code, document, said = run(registry, "--changed-only", "HEAD")
    assert claims <= found(document, code), said
    assert "checked whole: its anchors and aliases could not be traced" in said
    assert exit_code == 1
