"""`export` writes every --format to its own --output, as `verify` does (review 13 #4, its
export half). `export claims.yaml -f csl-json -o e1.json -f claimreview -o e2.json` wrote
e2.json alone: each option kept its last value, silently. Now each format goes to its output
in order, and what `verify` refuses is refused before anything runs (exit 2, nothing
written): two formats to one file, two to standard output, more --output than --format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()

#: Two subjects, each with a verified claim the checks find unsourced (left out of the
#: ClaimReview export, and named once on standard error however many files it goes to).
FERRY = """\
version: 1
page: {title: Island ferry 2025, url: "https://ferry.example.org/2025"}
sources:
  - {id: timetable, title: Ferry timetable 2025, url: "https://ferry.example.org/timetable"}
  - {id: fares, title: Ferry fares 2025, url: "https://ferry.example.org/fares"}
claims:
  - id: crossings
    text: The ferry makes 14 crossings a day.
    kind: figure
    value: 14
    unit: crossings
    citations: [{source: timetable}]
    review: {status: verified, on: 2025-04-02}
  - id: fare
    text: A return fare is 12 pounds.
    kind: figure
    value: 12
    unit: GBP
    citations: [{source: fares}]
    review: {status: disputed, on: 2025-04-02, note: the fare table says 13}
  - id: vehicles
    text: Each sailing carries up to 40 cars.
    kind: figure
    value: 40
    unit: cars
    review: {status: verified, on: 2025-04-02}
"""
ALLOTMENTS = """\
version: 1
page:
  title: Allotments in Eastbrook
  url: https://eastbrook.example.gov/allotments
sources:
  - id: waiting_list
    title: Allotment waiting list, March 2025
    publisher: Eastbrook Council
    url: https://eastbrook.example.gov/allotments/waiting
claims:
  - id: waiting
    text: 212 people are waiting for an allotment.
    kind: figure
    value: 212
    unit: people
    citations: [{source: waiting_list}]
    review: {status: verified, on: 2025-03-20}
  - id: plots
    text: The council lets 640 plots.
    kind: figure
    value: 640
    unit: plots
    review: {status: verified, on: 2025-03-20}
"""
SUBJECTS = {"ferry": (FERRY, "vehicles"), "allotments": (ALLOTMENTS, "plots")}
TODAY = ("--today", "2025-06-01")


def registry(root: Path, subject: str) -> Path:
    path = root / "claims.yaml"
    path.write_text(SUBJECTS[subject][0], encoding="utf-8")
    return path


def export(path: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["export", str(path), *TODAY, *args])
    return result.exit_code, result.stdout, result.stderr


def alone(path: Path, fmt: str) -> str:
    """What the format alone writes to standard output: what its file must hold."""
    code, stdout, _ = export(path, "-f", fmt)
    assert code == 0
    return stdout


def left_out_lines(stderr: str, claim: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"claimcheck: {claim}:")]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_each_format_goes_to_its_own_output(tmp_path: Path, subject: str) -> None:
    path = registry(tmp_path, subject)
    csl, reviews = tmp_path / "e1.json", tmp_path / "e2.json"
    code, stdout, stderr = export(
        path, "-f", "csl-json", "-o", str(csl), "-f", "claimreview", "-o", str(reviews)
    )
    assert code == 0 and stdout == ""
    assert csl.read_text(encoding="utf-8") == alone(path, "csl-json")
    assert reviews.read_text(encoding="utf-8") == alone(path, "claimreview")
    assert {item["type"] for item in json.loads(csl.read_text(encoding="utf-8"))}
    assert all(r["@type"] == "ClaimReview" for r in json.loads(reviews.read_text("utf-8")))
    # The verified claim the checks find unsourced: named once, for the one ClaimReview.
    assert len(left_out_lines(stderr, SUBJECTS[subject][1])) == 1


@pytest.mark.parametrize("subject", SUBJECTS)
def test_one_to_a_file_and_the_last_to_standard_output(tmp_path: Path, subject: str) -> None:
    path = registry(tmp_path, subject)
    reviews = tmp_path / "reviews.json"
    code, stdout, _ = export(path, "-f", "claimreview", "-o", str(reviews), "-f", "csl-json")
    assert code == 0
    assert reviews.read_text(encoding="utf-8") == alone(path, "claimreview")
    assert stdout == alone(path, "csl-json")


@pytest.mark.parametrize("subject", SUBJECTS)
def test_one_format_to_two_files_is_written_to_both_and_said_once(
    tmp_path: Path, subject: str
) -> None:
    path = registry(tmp_path, subject)
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    code, _, stderr = export(
        path, "-f", "claimreview", "-o", str(first), "-f", "claimreview", "-o", str(second)
    )
    assert code == 0
    assert first.read_text("utf-8") == second.read_text("utf-8") == alone(path, "claimreview")
    assert len(left_out_lines(stderr, SUBJECTS[subject][1])) == 1


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["-f", "csl-json", "-o", "e1.json", "-f", "claimreview", "-o", "e1.json"], "e1.json"),
        (["-f", "csl-json", "-o", "e1.json", "-f", "claimreview", "-o", "./e1.json"], "e1.json"),
        (["-f", "csl-json", "-f", "claimreview"], "several formats would go to standard output"),
        (["-f", "csl-json", "-o", "-", "-f", "claimreview"], "standard output"),
        (["-f", "claimreview", "-o", "e1.json", "-o", "e2.json"], "more --output than --format"),
        (["-o", "e1.json", "-o", "e2.json"], "more --output than --format"),
        (["-f", "csl-json", "-o", "e1.json", "-f", "bibtex", "-o", "e2.json"], "'bibtex'"),
        (["-f", "csl-json", "-o", "e1.json", "-f", "claimreview", "-o", "claims.yaml"], "over"),
    ],
)
def test_what_verify_refuses_is_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subject: str, args: list[str], said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = registry(tmp_path, subject)
    before = path.read_text(encoding="utf-8")
    code, stdout, stderr = export(path, *args)
    assert code == 2 and stdout == ""
    assert said in stderr and len(stderr.strip().splitlines()) == 1, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.yaml"]
    assert path.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_clean_twin_one_format_one_file_as_before(tmp_path: Path, subject: str) -> None:
    path = registry(tmp_path, subject)
    out = tmp_path / "reviews.json"
    code, stdout, stderr = export(path, "-o", str(out))  # claimreview, the default
    assert code == 0 and stdout == ""
    assert out.read_text(encoding="utf-8") == alone(path, "claimreview")
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".json"] == ["reviews.json"]
    assert len(left_out_lines(stderr, SUBJECTS[subject][1])) == 1
