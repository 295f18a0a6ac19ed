"""--changed-only compares with REF every input a rule reads, not the registry alone (review
21, #3).

A snapshot edited so that the source says 421 where the quote says 412 gave Q019 in a full
run, and --changed-only said "the registry has not changed against it" and exited 0. Now a
source whose snapshot (`snapshots/*.json`) was added, edited or removed since REF counts as
changed, with the claims citing it; the retractions file and the config's claimcheck settings
(the staleness vocabulary, select, ignore...) changed since REF make the run whole, and so
does a baseline edited since REF (an entry dropped shows a finding on a claim nobody edited).
Planted on two subjects each, with clean twins: the same inputs unchanged, a snapshot
rewritten with `\\r\\n` line ends only, a pyproject.toml edited outside [tool.claimcheck].
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry
from claimcheck.sources.snapshot import build, save
from claimcheck.sources.text import read_document
from tests.helpers import git

runner = CliRunner()


def commit(cwd: Path) -> None:
    if not (cwd / ".git").exists():
        git(cwd, "init", "-q")
    git(cwd, "add", ".")
    git(cwd, "commit", "-qm", "start")


def verify(
    registry: Path, *extra: str, env: dict[str, str] | None = None
) -> tuple[int, set[tuple[str, str | None]], str]:
    args = ["verify", str(registry), "--offline", "--today", "2026-06-01", "-f", "json", *extra]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code in (0, 1), result.output
    found = {(f["code"], f["claim"] or f["source"]) for f in json.loads(result.stdout)["findings"]}
    return result.exit_code, found, result.stderr


# --- snapshots ------------------------------------------------------------------------------

#: Each subject: the registry (two sources, a claim quoting each), each source's text, and
#: the figure the edited snapshot gives instead.
SNAPSHOT_SUBJECTS = {
    "waiting_lists": (
        """\
version: 1
sources:
  - {id: nhs, title: Waiting times, kind: statistics, url: 'https://example.org/nhs'}
  - {id: trust, title: Trust report, kind: report, url: 'https://example.org/trust'}
claims:
  - id: long_waits
    text: 412 patients waited over a year in 2024.
    kind: figure
    value: 412
    unit: patients
    citations: [{source: nhs, quote: '412 patients waited over a year'}]
  - id: beds
    text: The trust had 640 beds in 2024.
    kind: figure
    value: 640
    unit: beds
    citations: [{source: trust, quote: 'had 640 beds'}]
""",
        {
            "nhs": "In 2024, 412 patients waited over a year for treatment.",
            "trust": "In 2024 the trust had 640 beds across three sites.",
        },
        ("412", "421"),
        "long_waits",
    ),
    "city_budget": (
        """\
version: 1
sources:
  - {id: budget_book, title: Budget book, kind: report, url: 'https://example.org/budget'}
  - {id: audit, title: Audit letter, kind: report, url: 'https://example.org/audit'}
claims:
  - id: housing
    text: The council spent £48.3 million on housing in 2024.
    kind: figure
    value: 48.3
    unit: GBP million
    citations: [{source: budget_book, quote: 'spent £48.3 million on housing'}]
  - id: reserves
    text: The council held 19 million pounds in reserve.
    kind: figure
    value: 19
    unit: GBP million
    citations: [{source: audit, quote: 'held 19 million pounds in reserve'}]
""",
        {
            "budget_book": "In 2024 the council spent £48.3 million on housing.",
            "audit": "At year end the council held 19 million pounds in reserve.",
        },
        ("48.3", "43.8"),
        "housing",
    ),
}


def snapshotted(tmp_path: Path, subject: str, only: tuple[str, ...] | None = None) -> Path:
    text, pages, _, _ = SNAPSHOT_SUBJECTS[subject]
    registry = tmp_path / "claims.yaml"
    registry.write_text(text, encoding="utf-8")
    loaded = load_registry(registry).registry
    for source in loaded.sources:
        if only is not None and source.id not in only:
            continue
        assert source.url is not None
        document = read_document(pages[source.id].encode(), "utf-8")
        snap = build(
            source,
            source.url,
            loaded.claims,
            document,
            fetched="2026-01-01",
            final_url=None,
            previous=None,
        )
        save(tmp_path / "snapshots", snap)
    return registry


def edit_snapshot(path: Path, old: str, new: str) -> None:
    """The source's passages as the snapshot kept them say `new` where they said `old`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for record in [*data["quotes"], *data["figures"]]:
        selector = record["selector"]
        for part in ("prefix", "exact", "suffix"):
            selector[part] = selector[part].replace(old, new)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.mark.parametrize("subject", sorted(SNAPSHOT_SUBJECTS))
def test_a_snapshot_edited_since_ref_is_checked(tmp_path: Path, subject: str) -> None:
    _, _, (old, new), claim = SNAPSHOT_SUBJECTS[subject]
    registry = snapshotted(tmp_path, subject)
    commit(tmp_path)
    cited = next(iter(load_registry(registry).registry.claims[0].citations)).source
    edit_snapshot(tmp_path / "snapshots" / f"{cited}.json", old, new)
    code, full, _ = verify(registry)
    assert ("Q019", claim) in full and code == 1
    code, shown, said = verify(registry, "--changed-only", "HEAD")
    assert ("Q019", claim) in shown, said
    assert code == 1
    assert f"the snapshot of 1 source has ({cited})" in said
    assert "the rules of 1 unchanged claim and 1 unchanged source not run" in said


@pytest.mark.parametrize("subject", sorted(SNAPSHOT_SUBJECTS))
def test_unchanged_snapshots_leave_the_run_partial(tmp_path: Path, subject: str) -> None:
    """The twins: nothing edited, and a snapshot rewritten with `\\r\\n` line ends (a checkout
    with core.autocrlf), are no change."""
    registry = snapshotted(tmp_path, subject)
    commit(tmp_path)
    for _ in range(2):
        code, shown, said = verify(registry, "--changed-only", "HEAD")
        assert (code, shown) == (0, set()), said
        assert "the registry has not changed against it; the rules of 2 unchanged" in said
        for path in (tmp_path / "snapshots").glob("*.json"):
            path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


@pytest.mark.parametrize("subject", sorted(SNAPSHOT_SUBJECTS))
def test_a_snapshot_added_or_removed_since_ref_is_its_source_s_change(
    tmp_path: Path, subject: str
) -> None:
    _, _, (old, new), claim = SNAPSHOT_SUBJECTS[subject]
    registry = tmp_path / "claims.yaml"
    loaded = load_registry(snapshotted(tmp_path, subject)).registry
    first, second = (s.id for s in loaded.sources)
    (tmp_path / "snapshots" / f"{first}.json").unlink()
    commit(tmp_path)  # REF has the second source's snapshot only
    snapshotted(tmp_path, subject, only=(first,))
    edit_snapshot(tmp_path / "snapshots" / f"{first}.json", old, new)
    code, shown, said = verify(registry, "--changed-only", "HEAD")
    assert ("Q019", claim) in shown and code == 1, said
    (tmp_path / "snapshots" / f"{second}.json").unlink()
    (tmp_path / "snapshots" / f"{first}.json").unlink()
    code, shown, said = verify(registry, "--changed-only", "HEAD")
    assert code == 0 and f"the snapshot of 1 source has ({second})" in said, said


def test_a_snapshots_folder_outside_the_repository_is_checked_whole(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    registry = snapshotted(tmp_path, "waiting_lists")
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "snapshots"
    (tmp_path / "snapshots").rename(elsewhere)
    commit(tmp_path)
    code, _, said = verify(
        registry, "--changed-only", "HEAD", env={"CLAIMCHECK_SNAPSHOTS": str(elsewhere)}
    )
    assert "checked whole: the snapshots folder" in said and "outside the repository" in said
    assert code == 0


# --- the retractions file ---------------------------------------------------------------

RETRACTED = {
    "knife_crime": ("10.1234/knife.2019.7", "Knife crime offences in London in 2019"),
    "air_quality": ("10.5555/air.2021.3", "Nitrogen dioxide near schools in 2021"),
}
CSV_HEAD = "Record ID,Title,Journal,Author,OriginalPaperDOI,RetractionDOI,RetractionDate,"
CSV_HEAD += "RetractionNature,Reason\n"


@pytest.mark.parametrize("subject", sorted(RETRACTED))
def test_a_retractions_file_edited_since_ref_makes_the_run_whole(
    tmp_path: Path, subject: str
) -> None:
    doi, title = RETRACTED[subject]
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        "version: 1\nsources:\n"
        f"  - {{id: paper, title: '{title}', kind: article-journal, doi: '{doi}'}}\n"
        "claims:\n"
        f"  - {{id: finding, text: '{title} found a rise.', kind: fact,"
        " citations: [{source: paper}]}\n",
        encoding="utf-8",
    )
    csv = tmp_path / "retractions.csv"
    csv.write_text(CSV_HEAD + "2,Another,J,A,10.9999/other,,1/1/2020 0:00,Correction,x\n")
    commit(tmp_path)
    env = {"CLAIMCHECK_RETRACTIONS": str(csv)}
    code, shown, said = verify(registry, "--changed-only", "HEAD", env=env)  # the twin
    assert code == 0 and not any(c == "Q013" for c, _ in shown), said
    assert "checked whole" not in said
    with csv.open("a", encoding="utf-8") as out:
        out.write(f"3,{title},J,A,{doi},{doi}.ret,3/1/2024 0:00,Retraction,+Fabrication;\n")
    code, shown, said = verify(registry, env=env)
    assert ("Q013", "paper") in shown and code == 1
    code, shown, said = verify(registry, "--changed-only", "HEAD", env=env)
    assert ("Q013", "paper") in shown, said
    assert "checked whole: the retractions file" in said and code == 1


# --- the config -------------------------------------------------------------------------

STATUSES = {
    "ward": ("The ward is mothballed.", "mothballed"),
    "bridge": ("The footbridge is shuttered.", "shuttered"),
}


@pytest.mark.parametrize("subject", sorted(STATUSES))
@pytest.mark.parametrize("config", ["claimcheck.toml", "pyproject.toml"])
def test_the_config_s_settings_edited_since_ref_make_the_run_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subject: str, config: str
) -> None:
    """A status word added to the staleness vocabulary makes an unedited claim stale (T001):
    the config's claimcheck settings changed, so every claim is checked. The twin: another
    table of pyproject.toml edited is no change."""
    text, word = STATUSES[subject]
    monkeypatch.chdir(tmp_path)
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        "version: 1\nclaims:\n"
        f"  - id: status\n    text: {text}\n    kind: fact\n    as_of: 2025-01\n"
        "  - {id: other, text: Another fact., kind: assessment}\n",
        encoding="utf-8",
    )
    table = "[tool.claimcheck.staleness]" if config == "pyproject.toml" else "[staleness]"
    project = '[project]\nname = "site"\nversion = "1"\n\n'
    head = project if config == "pyproject.toml" else ""
    path = tmp_path / config
    path.write_text(f"{head}{table}\nextend-status-words = []\n", encoding="utf-8")
    commit(tmp_path)
    args = ("--select", "T001", "--fail-on", "warning", "--changed-only", "HEAD")
    if config == "pyproject.toml":  # the twin: only the project's version changed
        path.write_text(path.read_text().replace('version = "1"', 'version = "2"'))
        code, shown, said = verify(registry, *args)
        assert (code, shown) == (0, set()) and "checked whole" not in said, said
    path.write_text(f'{head}{table}\nextend-status-words = ["{word}"]\n', encoding="utf-8")
    code, full, _ = verify(registry, *args[:-2])
    assert ("T001", "status") in full and code == 1
    code, shown, said = verify(registry, *args)
    assert ("T001", "status") in shown, said
    assert f"checked whole: the config {path} changed since HEAD" in said and code == 1


# --- the baseline -------------------------------------------------------------------------

BASELINED = {
    "trams": ("Trams carried 31 million passengers.", "The fleet has 40 trams."),
    "libraries": ("The libraries lent 52,000 books.", "The county has 14 libraries."),
}


@pytest.mark.parametrize("subject", sorted(BASELINED))
def test_a_baseline_edited_since_ref_makes_the_run_whole(tmp_path: Path, subject: str) -> None:
    """An entry dropped from the baseline shows its finding (S001) on a claim nobody edited;
    the twin, the baseline as committed, hides both."""
    first, second = BASELINED[subject]
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        "version: 1\nclaims:\n"
        f"  - {{id: one, text: '{first}', kind: fact}}\n"
        f"  - {{id: two, text: '{second}', kind: fact}}\n",
        encoding="utf-8",
    )
    base = tmp_path / "base.json"
    made = runner.invoke(app, ["baseline", str(registry), "--offline", "-o", str(base)])
    assert made.exit_code == 0, made.output
    commit(tmp_path)
    args = ("--select", "S001", "--baseline", str(base), "--fail-on", "warning")
    code, shown, said = verify(registry, *args, "--changed-only", "HEAD")
    assert (code, shown) == (0, set()) and "checked whole" not in said, said
    document = json.loads(base.read_text(encoding="utf-8"))
    document["findings"] = [e for e in document["findings"] if e.get("claim") != "two"]
    base.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    code, full, _ = verify(registry, *args)
    assert ("S001", "two") in full and code == 1
    code, shown, said = verify(registry, *args, "--changed-only", "HEAD")
    assert ("S001", "two") in shown, said
    assert "checked whole: the baseline" in said and code == 1
