"""What a report leaves out is said in every format that has a summary, and counted alike.

Findings an `allow` left out, findings a baseline already knew, links that were never
requested: the terminal summary and the JSON report said so, markdown and HTML did not; an
allowed finding was counted as "fixed since" the baseline; a claim whose only finding the
baseline knew lost its state in every format (review 9, #15). `--statistics` printed the text
table for `-f csv` and `-f sarif` alike (#18).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
TODAY = ["--offline", "--today", "2026-11-24"]

#: Two subjects, each with one finding, on one claim, of a rule that marks a state: a status
#: phrase gone stale (T001: `stale`) and a text whose figure is not the value (C015:
#: `inconsistent`).
SUBJECTS = {
    "budget": (
        """\
version: 1
page: {title: Council budget, as_of: 2025-06}
sources:
  - {id: book, title: Budget book, kind: report, isbn: "9780306406157"}
claims:
  - id: total
    text: The council will spend 412 million pounds.
    kind: figure
    value: 412
    unit: GBP million
    citations: [{source: book}]
  - id: libraries
    text: Three libraries are currently closed.
    kind: status
    citations: [{source: book}]
""",
        "libraries",
        "T001",
        "stale",
    ),
    "buses": (
        """\
version: 1
page: {title: Bus review, as_of: 2026-10}
sources:
  - {id: review, title: Bus review, kind: report, isbn: "9780306406157"}
claims:
  - id: routes
    text: The network has 42 routes.
    kind: figure
    value: 42
    unit: routes
    citations: [{source: review}]
  - id: night
    text: Night buses run on 24 routes.
    kind: figure
    value: 25
    unit: routes
    citations: [{source: review}]
""",
        "night",
        "C015",
        "inconsistent",
    ),
}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _allow(text: str, claim: str, rule: str) -> str:
    """The registry with `allow: [rule]` on `claim`."""
    head, rest = text.split(f"  - id: {claim}\n")
    return head + f"  - id: {claim}\n    allow: [{{rule: {rule}, reason: known}}]\n" + rest


def _baseline(registry: Path) -> Path:
    out = registry.parent / "base.json"
    made = runner.invoke(app, ["baseline", str(registry), *TODAY, "-o", str(out)])
    assert made.exit_code == 0, made.output
    return out


def _json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["verify", *args, *TODAY, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


def _states(document: dict[str, object]) -> dict[str, list[str]]:
    claims = document["claims"]
    assert isinstance(claims, list)
    return {c["id"]: c["states"] for c in claims}


@pytest.mark.parametrize("subject", SUBJECTS)
def test_an_allowed_finding_is_not_fixed_since_the_baseline(tmp_path: Path, subject: str) -> None:
    text, claim, rule, _ = SUBJECTS[subject]
    registry = _write(tmp_path, text)
    base = _baseline(registry)
    registry.write_text(_allow(text, claim, rule), encoding="utf-8")
    document = _json(str(registry), "--baseline", str(base))
    summary = document["summary"]
    assert isinstance(summary, dict) and summary["suppressed"] == 1
    assert document["baseline"] == {"known": 0, "fixed": 0}  # allowed: still there
    assert document["findings"] == []


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_finding_gone_is_fixed_since_the_baseline(tmp_path: Path, subject: str) -> None:
    """The twin: the finding removed from the registry (the claim deleted) is fixed."""
    text, claim, _, _ = SUBJECTS[subject]
    registry = _write(tmp_path, text)
    base = _baseline(registry)
    head = text.split(f"  - id: {claim}\n")[0]
    registry.write_text(head.rstrip("\n") + "\n", encoding="utf-8")
    document = _json(str(registry), "--baseline", str(base))
    assert document["baseline"] == {"known": 0, "fixed": 1}
    assert _json(str(registry))["findings"] == []


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_known_finding_still_marks_its_claims_state(tmp_path: Path, subject: str) -> None:
    """States describe the registry: with or without the baseline, the claim is in the same
    states and every count agrees; only the findings reported (and their count) differ."""
    text, claim, _, state = SUBJECTS[subject]
    registry = _write(tmp_path, text)
    base = _baseline(registry)
    plain = _json(str(registry))
    known = _json(str(registry), "--baseline", str(base))
    assert state in _states(plain)[claim]
    assert _states(known) == _states(plain)
    summary = known["summary"]
    assert isinstance(summary, dict) and summary[state] == 1
    assert known["findings"] == [] and known["baseline"] == {"known": 1, "fixed": 0}
    claims = known["claims"]
    assert isinstance(claims, list)
    assert {c["id"]: c["findings"] for c in claims}[claim] == 0  # the findings reported
    args = ["verify", str(registry), *TODAY, "--baseline", str(base), "-f"]
    terminal = runner.invoke(app, [*args, "terminal"]).stdout
    assert f"· 1 {state}" in terminal
    header, _, values = runner.invoke(app, [*args, "markdown"]).stdout.splitlines()[2:5]
    cells = dict(zip(header.strip("|").split("|"), values.strip("|").split("|"), strict=True))
    assert cells[f" {state} "].strip() == "1"
    html = runner.invoke(app, [*args, "html"]).stdout
    bar = re.search(rf'data-state="{state}"[^>]*><span>(\d+)</span>', html)
    assert bar is not None and bar.group(1) == "1"


#: Each format with a summary, and how it words what was left out.
SUMMARIES = ("terminal", "concise", "markdown", "html")


@pytest.mark.parametrize("fmt", SUMMARIES)
@pytest.mark.parametrize("subject", SUBJECTS)
def test_every_summary_says_what_was_allowed_and_known(
    tmp_path: Path, subject: str, fmt: str
) -> None:
    text, claim, rule, _ = SUBJECTS[subject]
    registry = _write(tmp_path, text)
    base = _baseline(registry)
    registry.write_text(_allow(text, claim, rule), encoding="utf-8")
    out = runner.invoke(
        app, ["verify", str(registry), *TODAY, "--baseline", str(base), "-f", fmt]
    ).stdout
    assert re.search(r"\b1 (finding )?(allowed|left out) by exceptions", out), out
    assert "baseline: 0 known findings left out, 0 fixed since" in out
    # The same registry with the finding known to the baseline, not allowed.
    registry.write_text(text, encoding="utf-8")
    out = runner.invoke(
        app, ["verify", str(registry), *TODAY, "--baseline", str(base), "-f", fmt]
    ).stdout
    assert "baseline: 1 known findings left out, 0 fixed since" in out
    assert "exceptions" not in out


@pytest.mark.parametrize("fmt", SUMMARIES)
@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_plain_run_says_nothing_was_left_out(tmp_path: Path, subject: str, fmt: str) -> None:
    """The clean twin: no allow, no baseline, no link: no such line."""
    text = SUBJECTS[subject][0]
    registry = _write(tmp_path, text)
    out = runner.invoke(app, ["verify", str(registry), *TODAY, "-f", fmt]).stdout
    assert "exceptions" not in out and "baseline:" not in out and "links:" not in out


# --- --statistics in the formats a table has; the others refused -------------------------


@pytest.mark.parametrize("subject", SUBJECTS)
def test_statistics_as_csv_and_markdown(tmp_path: Path, subject: str) -> None:
    registry = _write(tmp_path, SUBJECTS[subject][0])
    args = ["verify", str(registry), *TODAY, "--statistics"]
    rows = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert rows and sum(r["count"] for r in rows) == len(_json(str(registry))["findings"])  # type: ignore[arg-type]
    table = runner.invoke(app, [*args, "-f", "csv"])
    read = list(csv.DictReader(io.StringIO(table.stdout)))
    assert [(int(r["count"]), r["code"], r["severity"], r["name"]) for r in read] == [
        (r["count"], r["code"], r["severity"], r["name"]) for r in rows
    ]
    markdown = runner.invoke(app, [*args, "-f", "markdown"]).stdout.splitlines()
    assert markdown[0] == "| count | rule | severity | name |"
    assert [line.split("|")[2].strip() for line in markdown[2:]] == [r["code"] for r in rows]
    # Two formats, two files: each gets the counts in its own format.
    both = runner.invoke(
        app,
        [*args, "-f", "csv", "-o", str(tmp_path / "s.csv"), "-f", "json", "-o", "-"],
    )
    assert json.loads(both.stdout) == rows
    assert (tmp_path / "s.csv").read_text(encoding="utf-8") == table.stdout


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "html"])
def test_statistics_in_a_format_of_findings_is_refused(tmp_path: Path, fmt: str) -> None:
    registry = _write(tmp_path, SUBJECTS["budget"][0])
    result = runner.invoke(app, ["verify", str(registry), *TODAY, "--statistics", "-f", fmt])
    assert result.exit_code == 2 and result.stdout == ""
    assert f"--statistics: the counts cannot be written as '{fmt}'" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    # The twin: the same run without --statistics writes the format.
    assert runner.invoke(app, ["verify", str(registry), *TODAY, "-f", fmt]).stdout
