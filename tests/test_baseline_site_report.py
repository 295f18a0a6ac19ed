"""A site's JSON report as the baseline of one of its registries (review 13, #9).

A site's report qualifies every claim and source id by its registry (`a/claims.yaml:roads`)
and names each finding's registry, so its fingerprints are not a run of one registry's:
`verify a/claims.yaml --baseline site.json` matched none ("0 known, 10 fixed since") and
reported every finding as new. The registry's own findings are now read back as a run of it
alone reports them; a registry the site did not run is refused. Planted (a new finding) on
two subjects, with the unchanged registries as clean twins, from the folder above the site and
from inside one registry's folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
TODAY = ["--offline", "--today", "2026-11-24"]

#: Each subject: two registries of one site (S001 on a claim with no citation, R006 on a
#: source none cites), the edit that plants a new finding in the first (C015: the text's
#: figure is not the value), and the edit that fixes the second's findings.
SUBJECTS = {
    "councils": (
        """\
version: 1
page: {title: North council, as_of: 2026-10}
sources:
  - {id: accounts, title: North accounts, kind: report, isbn: "9780306406157"}
  - {id: spare, title: Old accounts, kind: report, isbn: "9780306406157"}
claims:
  - id: budget
    text: North spends 90 million pounds.
    kind: figure
    value: 90
    unit: GBP million
    citations: [{source: accounts}]
  - id: staff
    text: North employs 1,200 staff.
    kind: figure
    value: 1200
    unit: staff
""",
        """\
version: 1
page: {title: South council, as_of: 2026-10}
sources:
  - {id: accounts, title: South accounts, kind: report, isbn: "9780306406157"}
claims:
  - id: budget
    text: South spends 75 million pounds.
    kind: figure
    value: 75
    unit: GBP million
  - id: staff
    text: South employs 950 staff.
    kind: figure
    value: 950
    unit: staff
    citations: [{source: accounts}]
""",
        ("North spends 90 million", "North spends 95 million"),
        ("    unit: GBP million\n", "    unit: GBP million\n    citations: [{source: accounts}]\n"),
    ),
    "rivers": (
        """\
version: 1
page: {title: River Avon, as_of: 2026-10}
sources:
  - {id: agency, title: Agency survey, kind: dataset, isbn: "9780306406157"}
claims:
  - id: length
    text: The Avon is 154 km long.
    kind: figure
    value: 154
    unit: km
    citations: [{source: agency}]
  - id: bridges
    text: 41 bridges cross the Avon.
    kind: figure
    value: 41
    unit: bridges
""",
        """\
version: 1
page: {title: River Severn, as_of: 2026-10}
sources:
  - {id: agency, title: Agency survey, kind: dataset, isbn: "9780306406157"}
  - {id: atlas, title: River atlas, kind: book, isbn: "9780306406157"}
claims:
  - id: length
    text: The Severn is 354 km long.
    kind: figure
    value: 354
    unit: km
    citations: [{source: agency}]
  - id: bridges
    text: 130 bridges cross the Severn.
    kind: figure
    value: 130
    unit: bridges
""",
        ("The Avon is 154 km", "The Avon is 145 km"),
        ("    unit: bridges\n", "    unit: bridges\n    citations: [{source: atlas}]\n"),
    ),
}


def _site(tmp_path: Path, subject: str) -> tuple[Path, Path, Path]:
    first, second, _, _ = SUBJECTS[subject]
    paths = []
    for name, text in (("a", first), ("b", second)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "claims.yaml").write_text(text, encoding="utf-8")
        paths.append(Path(name) / "claims.yaml")
    site = tmp_path / "site.json"
    written = runner.invoke(
        app, ["verify", *map(str, paths), *TODAY, "-f", "json", "-o", str(site)]
    )
    assert written.exit_code == 0, written.output  # warnings only
    assert json.loads(site.read_text(encoding="utf-8"))["registries"]
    return paths[0], paths[1], site


def _verify(registry: Path, baseline: Path) -> dict[str, object]:
    result = runner.invoke(
        app, ["verify", str(registry), *TODAY, "--baseline", str(baseline), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


def _alone(registry: Path) -> list[str]:
    """The fingerprints of a run of the registry alone."""
    result = runner.invoke(app, ["verify", str(registry), *TODAY, "-f", "json"])
    return sorted(f["fingerprint"] for f in json.loads(result.stdout)["findings"])


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_each_registry_of_the_site_knows_its_own_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subject: str
) -> None:
    monkeypatch.chdir(tmp_path)
    first, second, site = _site(tmp_path, subject)
    for registry in (first, second):
        count = len(_alone(registry))
        assert count > 0
        document = _verify(registry, site)
        assert document["findings"] == []
        assert document["baseline"] == {"known": count, "fixed": 0}
    # From inside a registry's folder, the report's `a/claims.yaml` is still this one.
    monkeypatch.chdir(tmp_path / "a")
    count = len(_alone(Path("claims.yaml")))
    assert _verify(Path("claims.yaml"), site)["baseline"] == {"known": count, "fixed": 0}


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_new_finding_is_new_and_a_fixed_one_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subject: str
) -> None:
    monkeypatch.chdir(tmp_path)
    first, second, site = _site(tmp_path, subject)
    (old, new), (unfixed, fixed) = SUBJECTS[subject][2:]
    before = len(_alone(first))
    text = first.read_text(encoding="utf-8")
    assert old in text
    first.write_text(text.replace(old, new), encoding="utf-8")
    document = _verify(first, site)  # a new C015 is a warning: exit 0
    findings = document["findings"]
    assert isinstance(findings, list)
    assert [f["code"] for f in findings] == ["C015"]
    assert document["baseline"] == {"known": before, "fixed": 0}
    # The other registry's findings fixed.
    before = len(_alone(second))
    text = second.read_text(encoding="utf-8")
    assert unfixed in text
    second.write_text(text.replace(unfixed, fixed), encoding="utf-8")
    assert _alone(second) == []
    document = _verify(second, site)
    assert document["findings"] == [] and document["baseline"] == {"known": 0, "fixed": before}


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_registry_the_site_did_not_run_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subject: str
) -> None:
    monkeypatch.chdir(tmp_path)
    first, _, site = _site(tmp_path, subject)
    other = tmp_path / "c" / "claims.yaml"
    other.parent.mkdir()
    other.write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["verify", str(other), *TODAY, "--baseline", str(site)])
    assert result.exit_code == 2
    assert "another registry's" in result.stderr or "other registries'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
