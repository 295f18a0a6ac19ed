"""A claim the loader leaves out as invalid is still a claim of the page (review 11, #8).

A claim with a bad `kind` (R002) or no `text` (R008) cannot be made a claim, so the loader
leaves it out of the registry; it then vanished from every count ("0 claims ... 0 ok", JSON
`invalid: 0`), from the HTML table and from `review`, while one with an unknown field (R007),
kept, counted as `invalid`. Each subject is planted (the claim broken) beside its clean twin
(the same claim, valid), and a broken claim between two valid ones keeps its place.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
TODAY = ["--offline", "--today", "2026-11-24"]

#: A registry with one claim, its broken and valid lines, the rule the broken one breaks.
SUBJECTS = {
    "gym kind": (
        """\
version: 1
page: {title: Gym}
sources:
  - {id: accounts, title: Annual accounts, isbn: "9780306406157"}
claims:
  - id: first
    text: The gym opened in 1998.
    kind: fact
    citations: [{source: accounts}]
  - id: members
    text: The gym has 4,875 members.
    kind: KIND
    value: 4875
    citations: [{source: accounts}]
  - id: pools
    text: The gym has 2 pools.
    kind: figure
    value: 2
    citations: [{source: accounts}]
""",
        ("kind: KIND", "kind: figgure", "kind: figure"),
        "R002",
    ),
    "library text": (
        """\
version: 1
page: {title: Libraries}
sources:
  - {id: report, title: Library report, isbn: "9780306406157"}
claims:
  - id: branches
    text: The city has 14 branch libraries.
    kind: figure
    value: 14
    citations: [{source: report}]
  - id: loans
    TEXT
    kind: figure
    value: 250000
    citations: [{source: report}]
  - id: visits
    text: Libraries had 1.2 million visits.
    kind: figure
    value: 1200000
    citations: [{source: report}]
""",
        ("TEXT", "notes: the loans figure", "text: Loans reached 250,000."),
        "R008",
    ),
}


def _registry(tmp_path: Path, subject: str, *, broken: bool) -> Path:
    text, (mark, bad, good), _ = SUBJECTS[subject]
    path = tmp_path / "claims.yaml"
    path.write_text(text.replace(mark, bad if broken else good), encoding="utf-8")
    return path


def _verify(registry: Path, *args: str) -> str:
    result = runner.invoke(app, ["verify", str(registry), *TODAY, *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("broken", [True, False], ids=["broken", "valid"])
def test_a_claim_left_out_as_invalid_is_counted_and_shown(
    tmp_path: Path, subject: str, broken: bool
) -> None:
    registry = _registry(tmp_path, subject, broken=broken)
    rule = SUBJECTS[subject][2]
    middle = "members" if subject == "gym kind" else "loans"
    document = json.loads(_verify(registry, "-f", "json"))
    summary = document["summary"]
    assert summary["claims"] == 3  # the invalid claim too
    assert summary["invalid"] == (1 if broken else 0)
    # In the file's order, the invalid one in its place, with its finding counted.
    assert [c["id"] for c in document["claims"]] == [
        document["claims"][0]["id"],
        middle,
        document["claims"][2]["id"],
    ]
    claim = document["claims"][1]
    codes = [f["code"] for f in document["findings"] if f["claim"] == middle]
    if broken:
        assert claim["states"] == ["invalid"] and claim["findings"] == 1
        assert codes == [rule]
    else:
        assert "invalid" not in claim["states"] and rule not in codes

    text = _verify(registry)
    assert "3 claims, 1 source:" in text
    assert ("· 1 invalid" in text) is broken
    assert (f"claim {middle}" in text) is broken  # its section, with the R error

    markdown = _verify(registry, "-f", "markdown")
    row = markdown.splitlines()[4]  # the counts: claims, sources, ..., invalid first
    assert row.startswith("| 3 | 1 |")
    assert row.split("|")[6].strip() == ("1" if broken else "0")

    page = _verify(registry, "-f", "html")
    assert "3 claims, 1 source," in page
    assert (f'<tr data-states="invalid" data-text="{middle} ' in page) is broken


@pytest.mark.parametrize("broken", [True, False], ids=["broken", "valid"])
def test_review_shows_a_claim_left_out_as_invalid(tmp_path: Path, broken: bool) -> None:
    registry = _registry(tmp_path, "gym kind", broken=broken)
    text = registry.read_text(encoding="utf-8").replace(
        "page: {title: Gym}", "page: {title: Gym, path: page.md}"
    )
    registry.write_text(text, encoding="utf-8")
    (tmp_path / "page.md").write_text("# Gym\n\nThe gym opened in 1998.\n", encoding="utf-8")
    out = tmp_path / "review.html"
    result = runner.invoke(app, ["review", str(registry), *TODAY, "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    page = out.read_text(encoding="utf-8")
    legend = re.search(r"invalid (\d+)</span>", page)
    assert legend is not None and legend.group(1) == ("1" if broken else "0")
    card = re.search(r'<details class="card" id="card-members".*?</details>', page, re.S)
    assert card is not None  # not on the page: among the claims found elsewhere
    assert ('data-state="invalid"' in card.group(0)) is broken
    assert "The gym has 4,875 members." in card.group(0)
    assert ("R002" in card.group(0)) is broken


def test_html_counts_say_one_claim_and_one_source(tmp_path: Path) -> None:
    """The HTML report's header spoke of '1 sources'."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        "version: 1\npage: {title: T}\nsources:\n"
        '  - {id: s, title: S, isbn: "9780306406157"}\n'
        "claims:\n  - id: c\n    text: The club has 40 members.\n    kind: figure\n"
        "    value: 40\n    citations: [{source: s}]\n",
        encoding="utf-8",
    )
    page = _verify(registry, "-f", "html")
    assert "1 claim, 1 source, checked for" in page
    counts = re.search(r"checked for 2026-11-24:\n(.*?)\.</p>", page)
    assert counts is not None
    for part in counts.group(1).split(", "):
        n, noun = part.split(" ")
        assert noun.endswith("s") is (n != "1"), part
