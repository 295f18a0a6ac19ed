"""Every state a report shows has a visible reason (review 11, #13).

A claim takes a state from findings that are not its own: a warning on a source it cites
(S002, a dead link) and a failing constraint that names it (C003). The terminal report
counted such a claim (`claims: 0 ok · 1 failing-source`) but gave it no section, and no
format said which finding it came from. Now the terminal gives it a section naming the
finding, concise and markdown name the claims beside the finding, HTML in the claim's row,
and JSON lists the sources (`via_sources`). Planted on two subjects each, with clean twins
(the source given an ISBN, the constraint one that holds), in a run of one registry and of two.
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
REVIEWED = "    review: {status: verified, on: 2026-11-01}\n"

#: A registry, the claim whose state comes from another subject, the rule and the state, the
#: subject as the reports name it, and the edit that makes the registry clean.
SUBJECTS = {
    "club source": (
        """\
version: 1
page: {title: Club}
sources:
  - {id: minutes, title: Board minutes IDENT}
  - {id: accounts, title: Accounts, isbn: "9780306406157"}
claims:
  - id: founded
    text: The club was founded in 1921.
    kind: fact
    citations: [{source: accounts, locator: "p. 1", quote: founded in 1921}]
REVIEWED  - id: members
    text: The club has 4,875 members.
    kind: figure
    value: 4875
    citations: [{source: minutes, locator: "p. 2", quote: "4,875 members"}]
REVIEWED""",
        "members",
        "S002",
        "failing-source",
        "source minutes",
        ("IDENT", ', isbn: "9780306406157"'),
    ),
    "rail source": (
        """\
version: 1
page: {title: Rail}
sources:
  - {id: ridership, title: Ridership tables IDENT}
claims:
  - id: journeys
    text: Passengers made 1.6 billion journeys.
    kind: figure
    value: 1600000000
    citations: [{source: ridership, locator: "table 1", quote: "1.6 billion journeys"}]
REVIEWED  - id: stations
    text: The network has 2,580 stations.
    kind: figure
    value: 2580
    citations: [{source: ridership, locator: "table 2", quote: "2,580 stations"}]
REVIEWED""",
        "stations",
        "S002",
        "failing-source",
        "source ridership",
        ("IDENT", ', isbn: "9780306406157"'),
    ),
    "budget constraint": (
        """\
version: 1
page: {title: Budget}
sources:
  - {id: book, title: Budget book, isbn: "9780306406157"}
claims:
  - id: roads
    text: Roads get 42 million pounds.
    kind: figure
    value: 42
    unit: GBP million
    citations: [{source: book, locator: "p. 4", quote: "42 million"}]
REVIEWED  - id: total
    text: The council spends 30 million pounds in all.
    kind: figure
    value: 30
    unit: GBP million
    citations: [{source: book, locator: "p. 2", quote: "30 million"}]
REVIEWED""
constraints:
  - {id: part, expr: roads < total}
""",
        "total",
        "C003",
        "inconsistent",
        "the registry",
        ("roads < total", "roads > total"),
    ),
    "school constraint": (
        """\
version: 1
page: {title: Schools}
sources:
  - {id: census, title: School census, isbn: "9780306406157"}
claims:
  - id: pupils
    text: The district has 90 pupils per teacher.
    kind: figure
    value: 90
    citations: [{source: census, locator: "p. 3", quote: "90 pupils"}]
REVIEWED  - id: ceiling
    text: The legal ceiling is 30 pupils per teacher.
    kind: figure
    value: 30
    citations: [{source: census, locator: "p. 1", quote: "30 pupils"}]
REVIEWED""
constraints:
  - {id: legal, expr: pupils <= ceiling}
""",
        "ceiling",
        "C003",
        "inconsistent",
        "the registry",
        ("pupils <= ceiling", "pupils >= ceiling"),
    ),
}


def _text(subject: str, *, planted: bool) -> str:
    text, *_, (mark, clean) = SUBJECTS[subject]
    text = text.replace("REVIEWED", REVIEWED).replace('""\n', "")
    if not planted:
        return text.replace(mark, clean)
    return text.replace("IDENT", "")


def _verify(*args: str) -> str:
    result = runner.invoke(app, ["verify", *args, *TODAY])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _section(text: str, claim: str) -> str | None:
    found = re.search(rf"^claim {re.escape(claim)}  .*?(?=\n\n)", text, re.M | re.S)
    return " ".join(found.group(0).split()) if found else None  # as one line, unwrapped


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("planted", [True, False], ids=["planted", "clean"])
def test_a_state_from_another_subject_is_shown_with_its_finding(
    tmp_path: Path, subject: str, planted: bool
) -> None:
    _, claim, rule, state, where, _ = SUBJECTS[subject]
    registry = tmp_path / "claims.yaml"
    registry.write_text(_text(subject, planted=planted), encoding="utf-8")

    document = json.loads(_verify(str(registry), "-f", "json"))
    found = next(c for c in document["claims"] if c["id"] == claim)
    codes = [f["code"] for f in document["findings"]]
    assert (rule in codes) is planted, codes
    # Never its subject: a constraint naming it counts (as documented), a source's does not.
    assert found["findings"] == (1 if planted and rule == "C003" else 0)
    assert found["states"] == ([state] if planted else ["ok"])
    if rule == "S002":
        assert found.get("via_sources") == ([where.split()[1]] if planted else None)
    else:
        assert "via_sources" not in found

    text = _verify(str(registry))
    section = _section(text, claim)
    if planted:
        assert section is not None, text
        assert f"{claim} figure · {state}" in section
        assert f"{state}: {rule} on {where} (" in section
    else:
        assert section is None, text

    concise = _verify(str(registry), "-f", "concise")
    marked = [line for line in concise.splitlines() if f" {rule} [" in line]
    assert len(marked) == int(planted)
    if planted:
        named = re.search(r"\((?:source \S+, cited by )?claims? ([^()]*)\)$", marked[0])
        assert named is not None and claim in named.group(1).split(", "), marked[0]

    markdown = _verify(str(registry), "-f", "markdown")
    assert (f"| {rule} " in markdown) is planted
    if planted:
        row = next(line for line in markdown.splitlines() if f"| {rule} " in line)
        assert claim in row.replace("\\_", "_")

    page = _verify(str(registry), "-f", "html")
    row_of = re.search(rf'<tr data-states="[^"]*" data-text="{claim} .*?</tr>', page)
    assert row_of is not None
    assert (f"{state}: {rule} on {where}" in row_of.group(0)) is planted


@pytest.mark.parametrize("subject", SUBJECTS)
def test_every_claim_not_ok_has_a_section_in_a_site_run(tmp_path: Path, subject: str) -> None:
    """Two registries: ids and sources are qualified by their registry, and the reason is
    still found (the JSON report read back by `merge` renders the same)."""
    _, claim, rule, state, where, _ = SUBJECTS[subject]
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "claims.yaml").write_text(
            _text(subject, planted=name == "a"), encoding="utf-8"
        )
    paths = [str(tmp_path / "a" / "claims.yaml"), str(tmp_path / "b" / "claims.yaml")]
    text = _verify(*paths)
    sections = re.findall(r"^claim (\S+)  ", text, re.M)
    document = json.loads(_verify(*paths, "-f", "json"))
    not_ok = [c["id"] for c in document["claims"] if c["states"] != ["ok"]]
    label = not_ok[0].split(":")[0]
    assert f"{label}:{claim}" in not_ok and all(c.startswith(f"{label}:") for c in not_ok)
    assert label.endswith("a/claims.yaml")  # the clean registry has none
    assert sections == not_ok
    qualified = where if rule == "C003" else f"source {label}:{where.split()[1]}"
    assert f"{state}: {rule} on {qualified} (" in " ".join(text.split())  # unwrapped

    report = tmp_path / "report.json"
    report.write_text(json.dumps(document), encoding="utf-8")
    merged = runner.invoke(app, ["merge", str(report), "-f", "terminal"])
    assert merged.exit_code in (0, 1), merged.output
    assert f"{state}: {rule} on {qualified} (" in " ".join(merged.stdout.split())


@pytest.mark.parametrize("subject", ["club source", "budget constraint"])
def test_a_claim_marked_only_by_known_findings_gets_no_section(
    tmp_path: Path, subject: str
) -> None:
    """With a baseline, the known findings are left out and the summary says so; a section
    for each claim they mark would list again what the baseline is there to quiet."""
    _, claim, _, state, _, _ = SUBJECTS[subject]
    registry = tmp_path / "claims.yaml"
    registry.write_text(_text(subject, planted=True), encoding="utf-8")
    base = tmp_path / "base.json"
    made = runner.invoke(app, ["baseline", str(registry), *TODAY, "-o", str(base)])
    assert made.exit_code == 0, made.output
    text = _verify(str(registry), "--baseline", str(base))
    assert _section(text, claim) is None
    assert re.search(rf"^claims: \d ok · \d {state}$", text, re.M), text  # still counted
    assert "baseline: 1 known findings left out" in text
