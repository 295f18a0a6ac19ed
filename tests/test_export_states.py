"""`export -f claimreview` rates a claim "Accurate" only when the checks find it ok. Once, a
claim reviewed `verified` was exported "Accurate" though it had no citation (S001), or though
the page stated another figure than its value (C001), quoting that figure in `claimReviewed`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
ARGS = ("--today", "2025-06-01", "-f", "claimreview")

PAGE = """\
# Riverside recycling in 2024

The council collected 18,400 tonnes of recycling in 2024.

Households recycled 46% of their waste.

Bin collections were missed 310 times.
"""

REGISTRY = """\
version: 1
page:
  title: Riverside recycling in 2024
  url: https://example.org/recycling
  path: page.md
  as_of: 2025-05-01
sources:
  - id: wdf
    title: Waste data flow, Riverside 2024
    publisher: Riverside Council
    url: https://example.org/wdf
claims:
  - id: tonnes
    text: The council collected 18,400 tonnes of recycling in 2024.
    kind: figure
    value: TONNES
    unit: tonnes
    period: 2024
    mentions: ["collected 18,400 tonnes of recycling"]
    citations: [{source: wdf}]
    review: {status: verified, on: 2025-05-10, note: matches the return}
  - id: rate
    text: Households recycled 46% of their waste.
    kind: figure
    value: 46
    unit: percent
    mentions: ["recycled 46% of their waste"]
    CITATIONS
    review: {status: verified, on: 2025-05-10}
  - id: missed
    text: Bin collections were missed 310 times.
    kind: figure
    value: 310
    mentions: ["missed 310 times"]
    citations: [{source: wdf}]
    review: {status: disputed, on: 2025-05-10, note: the log says 410}
"""


def write(root: Path, *, tonnes: str = "18400", cited: bool = True) -> Path:
    (root / "page.md").write_text(PAGE, encoding="utf-8")
    text = REGISTRY.replace("TONNES", tonnes).replace(
        "CITATIONS", "citations: [{source: wdf}]" if cited else "tags: [household]"
    )
    path = root / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def export(path: Path) -> tuple[dict[str, str], str, int]:
    result = runner.invoke(app, ["export", str(path), *ARGS])
    ratings = {
        r["identifier"]: r["reviewRating"]["alternateName"] for r in json.loads(result.stdout)
    }
    return ratings, result.stderr, result.exit_code


def test_the_clean_twin_rates_its_verified_claims_accurate(tmp_path: Path) -> None:
    ratings, stderr, code = export(write(tmp_path))
    assert ratings == {"tonnes": "Accurate", "rate": "Accurate", "missed": "Disputed"}
    assert code == 0 and stderr == ""


@pytest.mark.parametrize(
    ("planted", "left_out", "state"),
    [
        ({"cited": False}, "rate", "unsourced"),  # S001
        ({"tonnes": "14800"}, "tonnes", "inconsistent"),  # the page says 18,400: C001
    ],
)
def test_a_verified_claim_the_checks_fail_is_left_out_and_named(
    tmp_path: Path, planted: dict[str, object], left_out: str, state: str
) -> None:
    ratings, stderr, code = export(write(tmp_path, **planted))  # type: ignore[arg-type]
    assert left_out not in ratings
    assert set(ratings) == {"tonnes", "rate", "missed"} - {left_out}
    assert all(ratings[c] == "Accurate" for c in ratings if c != "missed")
    assert ratings["missed"] == "Disputed"  # a review that says the claim does not stand
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"claimcheck: {left_out}: reviewed as verified")
    assert state in lines[0] and "left out" in lines[0]
    assert code == 0


def test_the_wrong_figure_is_never_quoted_as_reviewed(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(write(tmp_path, tonnes="14800")), *ARGS])
    assert "tonnes" not in {r["identifier"] for r in json.loads(result.stdout)}


def test_an_invalid_registry_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("value: 46", 'value: "forty-six"'))
    result = runner.invoke(app, ["export", str(path), *ARGS])
    assert result.exit_code == 2 and result.stdout == "" and "Traceback" not in result.stderr
