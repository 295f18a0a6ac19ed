"""An entry with an unknown field is checked without it, and every count says so (K1).

The README said an entry with an R error is left out of every check (`--ignore`, baselines),
and that one with an unknown field (R007) is kept: the code keeps it, leaves the field out and
checks the rest, as R002 says of a field it cannot read. One rule now, stated once: an entry
that cannot be read as one is left out; a field not read or not the format's is left out of
its entry, which is checked without it and is `invalid` besides any other state. Planted on
two subjects (a claim with `unit_typo`, a source with `ulr`): the checks still find what is
wrong with the rest (C001 and P003, S002), and the entry is `invalid` in JSON and the
terminal's counts alike; the clean twins (the rest right) are `invalid` only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
TODAY = ["--offline", "--today", "2026-11-24"]

FERRY_PAGE = "# Ferries\n\nFerries carried 31% of commuters last year. The service runs 12 boats.\n"
FERRY = """\
version: 1
page: {title: Ferries, path: page.md}
sources:
  - {id: report, title: Ferry report, isbn: "9780306406157"}
claims:
  - id: share
    text: Ferries carried 31% of commuters.
    kind: figure
    value: 31
    unit_typo: percent
    mentions: ["MENTION"]
    citations: [{source: report}]
    review: {status: verified, on: 2026-10-01}
  - id: boats
    text: The service runs 12 boats.
    kind: figure
    value: 12
    unit: boats
    mentions: ["12 boats"]
    citations: [{source: report}]
    review: {status: verified, on: 2026-10-01}
"""
LIBRARY_PAGE = (
    "<html><body><h1>Libraries</h1><p>The city has 14 branch libraries.</p></body></html>\n"
)
LIBRARY = """\
version: 1
page: {title: Libraries, path: page.html}
sources:
  - id: census
    title: Library census
    ulr: https://libraries.example.org/census
    IDENTIFIER
claims:
  - id: branches
    text: The city has 14 branch libraries.
    kind: figure
    value: 14
    unit: libraries
    mentions: ["14 branch libraries"]
    citations: [{source: census}]
    review: {status: verified, on: 2026-10-01}
"""
#: name: (registry, page file, page, the mark to replace, planted, clean, the invalid entry's
#: claim, the codes the planted error adds beside the R007).
SUBJECTS = {
    "ferry claim": (
        FERRY,
        "page.md",
        FERRY_PAGE,
        "MENTION",
        "30% of commuters",
        "31% of commuters",
        "share",
        {"C001", "P003"},
    ),
    "library source": (
        LIBRARY,
        "page.html",
        LIBRARY_PAGE,
        "    IDENTIFIER\n",
        "",
        '    isbn: "9780306406157"\n',
        "branches",
        {"S002"},
    ),
}


def _run(tmp_path: Path, subject: str, planted: bool, *args: str) -> tuple[int, str]:
    registry, page_name, page, mark, bad, good, *_ = SUBJECTS[subject]
    (tmp_path / page_name).write_text(page, encoding="utf-8")
    path = tmp_path / "claims.yaml"
    path.write_text(registry.replace(mark, bad if planted else good), encoding="utf-8")
    result = runner.invoke(app, ["verify", str(path), *TODAY, *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.stdout


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("planted", [True, False], ids=["planted", "clean"])
def test_an_entry_with_an_unknown_field_is_checked_without_it(
    tmp_path: Path, subject: str, planted: bool
) -> None:
    *_, claim, added = SUBJECTS[subject]
    code, out = _run(tmp_path, subject, planted, "-f", "json")
    document = json.loads(out)
    codes = {f["code"] for f in document["findings"]}
    assert "R007" in codes and code == 1  # never passes, whatever else
    if planted:
        assert added <= codes, codes
    else:
        assert codes == {"R007"}, codes
    states = {c["id"]: c["states"] for c in document["claims"]}
    # Invalid, and whatever else the checks found: one rule for the claim and its counts.
    if subject == "ferry claim":
        assert states[claim] == (["invalid", "inconsistent"] if planted else ["invalid"])
        assert states["boats"] == ["ok"]
    else:  # the source's error marks the claims citing it; its S002 too, where planted
        assert states[claim] == (["invalid", "failing-source"] if planted else ["invalid"])
    summary = document["summary"]
    assert summary["invalid"] == 1
    assert summary["inconsistent"] == (1 if planted and subject == "ferry claim" else 0)
    # The terminal counts the same states.
    _, text = _run(tmp_path, subject, planted)
    counts = text.split("\nclaims: ", 1)[1].splitlines()[0]
    assert "1 invalid" in counts
    assert ("1 inconsistent" in counts) == (planted and subject == "ferry claim")


def test_an_unknown_field_cannot_be_ignored(tmp_path: Path) -> None:
    _run(tmp_path, "ferry claim", False)  # writes the files
    registry = str(tmp_path / "claims.yaml")
    result = runner.invoke(app, ["verify", registry, *TODAY, "--ignore", "R007"])
    assert result.exit_code == 2 and "R007" in result.stderr
