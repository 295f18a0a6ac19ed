"""`show` gives each citation's support verdict, as `verify` does (review 14, minor): the
README says verdicts appear in every format, but `show` (terminal and JSON) gave none, so a
claim whose source says another figure looked the same as one its source bears out. Now each
citation carries `support` (`{verdict, reason}`, as `verify`'s JSON has it; null when the run
read no snapshot), and the terminal view says `support: VERDICT (REASON)` under it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import parse_registry
from claimcheck.sources.snapshot import build, save
from claimcheck.sources.text import Document

runner = CliRunner()
TODAY = ("--today", "2025-06-01")

#: Two subjects: the claim, the source its snapshot is of, what the source says when it bears
#: the claim out, the same with the figure changed (planted), and the second source (never
#: snapshotted: unverifiable).
RESERVOIR = """\
version: 1
page: {title: Reservoir levels}
sources:
  - {id: water_board, title: Water board weekly levels, url: "https://water.example.org/levels"}
  - {id: gazette, title: County gazette, url: "https://gazette.example.org/reservoir"}
claims:
  - id: reservoir_level
    text: The reservoir was 64% full in May 2025.
    kind: figure
    value: 64
    unit: percent
    measure: reservoir level
    period: 2025-05
    citations:
      - {source: water_board}
      - {source: gazette}
"""
MUSEUM = """\
version: 1
page: {title: Museum visits}
sources:
  - id: visits_return
    title: Museum visitor return 2024
    url: https://museum.example.org/visitors-2024
  - id: annual_review
    title: Museum annual review 2024
    url: https://museum.example.org/review-2024
claims:
  - id: visitors
    text: The museum had 182,000 visitors in 2024.
    kind: figure
    value: 182000
    unit: visitors
    measure: visitors
    period: 2024
    citations:
      - {source: visits_return, quote: "182,000 visitors in 2024"}
      - {source: annual_review}
"""
SUBJECTS: dict[str, tuple[str, str, str, str, str, str]] = {
    "reservoir": (
        RESERVOIR,
        "reservoir_level",
        "water_board",
        "The reservoir level was 64% at the end of May 2025.",
        "The reservoir level was 46% at the end of May 2025.",
        "gazette",
    ),
    "museum": (
        MUSEUM,
        "visitors",
        "visits_return",
        "The museum welcomed 182,000 visitors in 2024, a record.",
        "The museum welcomed 128,000 visitors in 2024, a record.",
        "annual_review",
    ),
}


def setup(root: Path, subject: str, said: str | None) -> Path:
    """The registry, with its first source snapshotted saying `said` (None: no snapshot)."""
    text = SUBJECTS[subject][0]
    path = root / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    if said is not None:
        registry = parse_registry(text, "claims.yaml").registry
        source = registry.source_map()[SUBJECTS[subject][2]]
        assert source.url is not None
        snapshot = build(
            source,
            source.url,
            registry.claims,
            Document("text", (said,)),
            fetched="2025-05-31",
            final_url=None,
            previous=None,
        )
        save(root / "snapshots", snapshot)
    return path


def show(path: Path, subject: str, fmt: str) -> str:
    claim = SUBJECTS[subject][1]
    result = runner.invoke(app, ["show", claim, "-r", str(path), *TODAY, "-f", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout


def verify_support(path: Path, subject: str) -> list[Any]:
    """What `verify` says of the claim's citations: the verdicts `show` must give."""
    result = runner.invoke(app, ["verify", str(path), "--offline", *TODAY, "-f", "json"])
    (claim,) = [c for c in json.loads(result.stdout)["claims"] if c["id"] == SUBJECTS[subject][1]]
    return [(c["source"], c["support"]) for c in claim["citations"]]


def shown_support(path: Path, subject: str) -> list[Any]:
    data = json.loads(show(path, subject, "json"))
    return [(c["source"], c["support"]) for c in data["citations"]]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_source_that_says_another_figure_is_shown_unsupported(
    tmp_path: Path, subject: str
) -> None:
    path = setup(tmp_path, subject, SUBJECTS[subject][4])  # the figure changed
    cited = shown_support(path, subject)
    assert cited == verify_support(path, subject)
    first, second = cited
    assert first[0] == SUBJECTS[subject][2] and first[1]["verdict"] == "unsupported"
    assert second[0] == SUBJECTS[subject][5] and second[1]["verdict"] == "unverifiable"
    assert "not snapshotted" in second[1]["reason"]
    text = show(path, subject, "terminal")
    assert f"    support: unsupported ({first[1]['reason']})" in text
    assert "    support: unverifiable (" in text


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_clean_twin_is_shown_supported(tmp_path: Path, subject: str) -> None:
    path = setup(tmp_path, subject, SUBJECTS[subject][3])
    cited = shown_support(path, subject)
    assert cited == verify_support(path, subject)
    assert cited[0][1]["verdict"] == "supported"
    text = show(path, subject, "terminal")
    assert f"    support: supported ({cited[0][1]['reason']})" in text
    assert "unsupported" not in text


@pytest.mark.parametrize("subject", SUBJECTS)
def test_no_snapshot_read_no_verdict_as_verify(tmp_path: Path, subject: str) -> None:
    path = setup(tmp_path, subject, None)
    data = json.loads(show(path, subject, "json"))
    assert [c["support"] for c in data["citations"]] == [None, None]
    assert "support:" not in show(path, subject, "terminal")
