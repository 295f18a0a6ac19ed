"""--changed-only: findings of the claims and sources edited since a git ref."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.changes import Change
from claimcheck.cli import app
from claimcheck.engine import run_checks
from claimcheck.findings import Report
from claimcheck.loader import load_registry
from tests.conftest import DATA
from tests.helpers import git

runner = CliRunner()


def committed_registry(tmp_path: Path) -> Path:
    """The golden registry, committed to a new repository."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        (DATA / "registries" / "golden.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "claims.yaml")
    git(tmp_path, "commit", "-qm", "start")
    return registry


def test_only_edited_claims_are_reported(tmp_path: Path) -> None:
    registry = committed_registry(tmp_path)
    text = registry.read_text(encoding="utf-8").replace("value: 1200", "value: 1250")
    registry.write_text(text, encoding="utf-8")
    args = [
        "verify",
        str(registry),
        "--today",
        "2026-11-24",
        "-f",
        "json",
        "--changed-only",
        "HEAD",
    ]
    document = json.loads(runner.invoke(app, args).stdout)
    # The changed claim's findings, and those of the source it cites (`relay`).
    assert {f["claim"] or f["source"] for f in document["findings"]} == {"review_cases", "relay"}
    assert [c["id"] for c in document["claims"]] == ["review_cases"]
    bad = runner.invoke(app, [*args[:-1], "no-such-ref"])
    assert bad.exit_code == 2 and "--changed-only no-such-ref" in bad.stderr


def test_a_ref_that_git_would_read_as_an_option_is_refused(tmp_path: Path) -> None:
    registry = committed_registry(tmp_path)
    written = tmp_path / "written.txt"
    result = runner.invoke(
        app, ["verify", str(registry), f"--changed-only=--output={written}", "--offline"]
    )
    assert result.exit_code == 2 and "is not a git ref" in result.stderr
    assert not written.exists(), "git ran the ref as an option"


def test_a_ref_that_empties_the_diff_says_so(tmp_path: Path) -> None:
    """HEAD with a clean tree leaves nothing changed: no claim's rules run, no finding shown,
    and never silently."""
    registry = committed_registry(tmp_path)
    args = ["verify", str(registry), "--today", "2026-11-24", "-f", "json", "--changed-only"]
    full = json.loads(runner.invoke(app, args[:-1]).stdout)
    assert full["findings"]
    result = runner.invoke(app, [*args, "HEAD"])
    assert json.loads(result.stdout)["findings"] == [] and result.exit_code == 0
    claims, sources = full["summary"]["claims"], full["summary"]["sources"]
    assert (
        "--changed-only HEAD: the registry has not changed against it; the rules of "
        f"{claims} unchanged claims and {sources} unchanged sources not run"
    ) in result.stderr
    # The twin with an edit: the note counts what it left out.
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("value: 1200", "value: 1250"),
        encoding="utf-8",
    )
    result = runner.invoke(app, [*args, "HEAD"])
    shown = len(json.loads(result.stdout)["findings"])
    assert 0 < shown < len(full["findings"])
    assert f"the rules of {claims - 1} unchanged claims" in result.stderr


def test_only_the_links_the_change_touches_are_checked(tmp_path: Path) -> None:
    """A one-claim change checks the link of the source it cites, not the registry's others;
    a change that touches no source checks none (a real server on loopback counts)."""
    from tests.linkserver import serve

    with serve() as server:
        sources = "".join(
            f"  - id: s{i}\n    title: Source {i}\n    kind: report\n"
            f"    url: {server.url(f'/ok?n={i}')}\n"
            for i in range(5)
        )
        claims = "".join(
            f"  - id: c{i}\n    text: Claim {i}.\n    kind: fact\n"
            f"    citations: [{{source: s{i}}}]\n"
            for i in range(5)
        )
        registry = tmp_path / "claims.yaml"
        registry.write_text(f"version: 1\nsources:\n{sources}claims:\n{claims}", encoding="utf-8")
        git(tmp_path, "init", "-q")
        git(tmp_path, "add", "claims.yaml")
        git(tmp_path, "commit", "-qm", "start")
        args = ["verify", str(registry), "--today", "2026-11-24", "-f", "json", "--no-cache"]
        args += ["--online", "--allow-private", "--changed-only", "HEAD"]

        result = runner.invoke(app, args)  # nothing changed: no link checked
        assert result.exit_code == 0, result.stderr
        assert server.stats.requests("/ok") == 0

        registry.write_text(
            registry.read_text(encoding="utf-8").replace("Claim 3.", "Claim three."),
            encoding="utf-8",
        )
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.stderr
        document = json.loads(result.stdout)
        assert [c["id"] for c in document["claims"]] == ["c3"], result.stdout
        assert server.stats.requests("/ok") == 1  # s3's link, once


PARTS = """\
version: 1
claims:
  - id: part_a
    text: 40 cases in the north.
    kind: figure
    value: 40
  - id: part_b
    text: 60 cases in the south.
    kind: figure
    value: 60
  - id: total
    text: 100 cases in all.
    kind: figure
    value: 100
  - id: half
    text: 50 cases, half of them.
    kind: figure
    value: 50
    derived: total / 2
  - id: quarter
    text: 25 cases, a quarter.
    kind: figure
    value: 25
    derived: half / 2
constraints:
  - id: parts_fit
    expr: part_a + part_b == total
"""


def test_a_change_that_breaks_a_relation_to_unchanged_claims_is_reported(tmp_path: Path) -> None:
    """A constraint (C003) and derived claims (C006, to any depth) that the changed figure
    breaks are on unchanged lines, yet they are the change's doing: shown, and the run
    fails. Its twin, a change that keeps every relation, shows neither."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(PARTS, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "claims.yaml")
    git(tmp_path, "commit", "-qm", "start")
    args = ["verify", str(registry), "--offline", "-f", "json", "--changed-only", "HEAD"]

    registry.write_text(PARTS.replace("value: 100\n", "value: 110\n"), encoding="utf-8")
    result = runner.invoke(app, args)
    found = {(f["code"], f["claim"]) for f in json.loads(result.stdout)["findings"]}
    assert {("C003", None), ("C006", "half")} <= found, result.stdout
    assert result.exit_code == 1
    # Derived claims are reached to any depth: `quarter` is derived from `half`.
    loaded = load_registry(registry)
    assert {"total", "half", "quarter"} <= Change.of(loaded, registry, "HEAD").entries

    twin = PARTS.replace("value: 40\n", "value: 45\n").replace("value: 60\n", "value: 55\n")
    registry.write_text(twin, encoding="utf-8")
    result = runner.invoke(app, args)
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert not codes & {"C003", "C006"}, result.stdout


def test_claim_rules_run_on_the_changed_claims_only(tmp_path: Path) -> None:
    """With a scope, each claim's and source's own rules (C001, T002, S002, T003) run on the
    ids in it; without one, on all. The same errors are planted in both claims and sources."""
    entry = (
        "  - id: {0}\n    text: 1,200 cases.\n    kind: figure\n    value: 1200\n"
        "    mentions: ['1,300 cases']\n    review_by: 2025-01-01\n"
        "    citations: [{{source: src_{0}}}]\n"
    )
    source = "  - id: {0}\n    title: T\n    accessed: 2020-01-01\n"
    path = tmp_path / "claims.yaml"
    path.write_text(
        "version: 1\nsources:\n"
        + source.format("src_changed")
        + source.format("src_kept")
        + "claims:\n"
        + entry.format("changed")
        + entry.format("kept"),
        encoding="utf-8",
    )
    loaded = load_registry(path)
    everything = run_checks(loaded, today=date(2026, 12, 1))
    scoped = run_checks(
        loaded, today=date(2026, 12, 1), scope=frozenset({"changed", "src_changed"})
    )

    def about(report: Report, name: str) -> set[str]:
        return {f.code for f in report.findings if name in (f.claim, f.source)}

    planted = {"C001", "T002"}
    assert planted <= about(everything, "kept") and planted <= about(everything, "changed")
    assert about(scoped, "changed") == about(everything, "changed")
    assert about(scoped, "src_changed") == about(everything, "src_changed") >= {"S002", "T003"}
    assert about(scoped, "kept") == set() and about(scoped, "src_kept") == set()


SITE_REGISTRY = """\
version: 1
page: {title: Commuting, path: page.md, as_of: 2026-01}

defaults: {stale_after: 3650d}

sources:
  - {id: ons, title: ONS bulletin, kind: statistics, url: 'https://example.org/ons'}
  - {id: dft, title: DfT tables, kind: statistics, url: 'https://example.org/dft'}
  - {id: blog, title: A blog, kind: news, url: 'https://example.org/blog'}
claims:
  - id: bus
    text: 60 bus journeys.
    kind: figure
    value: 60
    mentions: ['60 bus journeys']
    citations: [{source: ons}]
  - id: rail
    text: 40 rail journeys.
    kind: figure
    value: 40
    mentions: ['40 rail journeys']
    citations: [{source: dft}]
  - id: total
    text: 100 journeys in all.
    kind: figure
    value: 100
    derived: bus + rail
    mentions: ['100 journeys in all']
    citations: [{source: ons}]
  - id: review_status
    text: The review is ongoing.
    kind: status
    as_of: 2025-06
    citations: [{source: blog}]
  - {id: opened, text: The line opened., kind: fact, date: 2001-01, tags: [timeline],
     citations: [{source: dft}]}
  - {id: extended, text: The line was extended., kind: fact, date: 2002-01, tags: [timeline],
     citations: [{source: dft}]}
  - {id: closed, text: The line closed., kind: fact, date: 2003-01, tags: [timeline],
     citations: [{source: dft}]}
constraints:
  - {id: rail_below_bus, expr: rail < bus}
"""
PAGE = "# Commuting\n\nThere were 60 bus journeys and 40 rail journeys, 100 journeys in all.\n"


def committed_site(tmp_path: Path) -> Path:
    registry = tmp_path / "claims.yaml"
    registry.write_text(SITE_REGISTRY, encoding="utf-8")
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.md").write_text("# Commuting\n\nNothing here.\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    return registry


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        # A timeline entry moved: the disorder is reported on another entry of the timeline.
        (lambda t: t.replace("date: 2003-01", "date: 2001-06"), "C012"),
        # The page the registry names changed: P005, on the `page:` line, not the changed one.
        (lambda t: t.replace("path: page.md", "path: empty.md"), "P005"),
        # A claim renamed, or removed: what named it (a derived claim, a constraint) breaks.
        (lambda t: t.replace("- id: rail\n", "- id: rail_journeys\n"), "C005"),
        (lambda t: t.replace("    value: 40\n", "    value: 70\n"), "C003"),
        # What every claim reads: defaults (T001 on an unchanged status claim), edited or
        # deleted (a deletion marks only the lines around it).
        (lambda t: t.replace("stale_after: 3650d", "stale_after: 10d"), "T001"),
        (lambda t: t.replace("defaults: {stale_after: 3650d}\n", ""), "T001"),
        # The block and the blank line after it: the lines around are a blank and `sources:`.
        (lambda t: t.replace("defaults: {stale_after: 3650d}\n\n", ""), "T001"),
        # A source made a relay: the claims citing only it (S003), unchanged themselves.
        (lambda t: t.replace("title: A blog,", "title: A blog, relay_of: dft,"), "S003"),
        # A citation moved away: the source no claim cites now (R006).
        (
            lambda t: t.replace(
                "    citations: [{source: blog}]\n", "    citations: [{source: dft}]\n"
            ),
            "R006",
        ),
    ],
)
def test_a_finding_the_change_causes_is_never_hidden(
    tmp_path: Path, edit: object, code: str
) -> None:
    """Every finding the change causes is shown by --changed-only, wherever it is reported
    (on an unchanged entry, on the page line, on what named a removed id), and the run
    fails on it; the full run reports it too."""
    registry = committed_site(tmp_path)
    registry.write_text(edit(SITE_REGISTRY), encoding="utf-8")  # type: ignore[operator]
    args = ["verify", str(registry), "--offline", "-f", "json", "--fail-on", "warning"]
    args += ["--today", "2026-06-01", "--select", "C,P,R,S,T"]
    full = json.loads(runner.invoke(app, args).stdout)
    assert code in {f["code"] for f in full["findings"]}
    result = runner.invoke(app, [*args, "--changed-only", "HEAD"])
    shown = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert code in shown, (result.stdout, result.stderr)
    assert result.exit_code == 1


def test_the_page_or_a_new_registry_is_checked_whole(tmp_path: Path) -> None:
    """A page changed since REF, or a registry not in REF, reaches every claim: checked whole,
    and the note says why."""
    registry = committed_site(tmp_path)
    (tmp_path / "page.md").write_text(PAGE.replace("60 bus", "65 bus"), encoding="utf-8")
    args = ["verify", str(registry), "--offline", "-f", "json", "--today", "2026-06-01"]
    result = runner.invoke(app, [*args, "--changed-only", "HEAD"])
    assert "P003" in {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert "checked whole: the page page.md changed since HEAD" in result.stderr
    assert result.exit_code == 1
    fresh = tmp_path / "new.yaml"
    fresh.write_text(SITE_REGISTRY.replace("value: 40\n", "value: 70\n"), encoding="utf-8")
    result = runner.invoke(app, ["verify", str(fresh), "--offline", "--changed-only", "HEAD"])
    assert "checked whole: new.yaml is not in HEAD" in result.stderr
    assert result.exit_code == 1


def test_a_clean_change_shows_nothing_of_the_rest(tmp_path: Path) -> None:
    """The twin: a change that breaks nothing shows none of the registry's other findings,
    and runs the rules of the changed claim only."""
    registry = committed_site(tmp_path)
    registry.write_text(
        SITE_REGISTRY.replace("text: 60 bus journeys.", "text: Bus journeys, 60."),
        encoding="utf-8",
    )
    args = ["verify", str(registry), "--offline", "-f", "json", "--today", "2026-06-01"]
    result = runner.invoke(app, [*args, "--changed-only", "HEAD", "--fail-on", "warning"])
    document = json.loads(result.stdout)
    assert document["findings"] == [], result.stdout
    assert result.exit_code == 0
    assert "the rules of" in result.stderr and "unchanged claims" in result.stderr


def test_a_linked_registry_is_compared_as_its_target(tmp_path: Path) -> None:
    """`claims.yaml -> claims-2026.yaml`: the target is the file git knows and the change is
    in; diffing the link's name found nothing, and a broken constraint passed."""
    target = tmp_path / "claims-2026.yaml"
    target.write_text(PARTS, encoding="utf-8")
    (tmp_path / "claims.yaml").symlink_to(target.name)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    target.write_text(PARTS.replace("value: 100\n", "value: 110\n"), encoding="utf-8")
    args = ["verify", str(tmp_path / "claims.yaml"), "--offline", "-f", "json"]
    result = runner.invoke(app, [*args, "--changed-only", "HEAD"])
    assert "C003" in {f["code"] for f in json.loads(result.stdout)["findings"]}, result.stderr
    assert result.exit_code == 1


def test_what_is_not_one_commit_of_a_repository_is_refused(tmp_path: Path) -> None:
    """A range compares two commits, not the file as it is: refused, as is a registry outside
    any repository (one line, exit 2)."""
    registry = committed_registry(tmp_path)
    for ref in ("HEAD..HEAD", "HEAD...HEAD", "no-such-branch"):
        result = runner.invoke(app, ["verify", str(registry), "--offline", "--changed-only", ref])
        assert result.exit_code == 2 and "not a commit" in result.stderr, (ref, result.stderr)
    alone = tmp_path.parent / f"{tmp_path.name}-nogit"
    alone.mkdir()
    (alone / "claims.yaml").write_text(PARTS, encoding="utf-8")
    result = runner.invoke(
        app,
        ["verify", str(alone / "claims.yaml"), "--offline", "--changed-only", "HEAD"],
        env={"GIT_CEILING_DIRECTORIES": str(alone.parent)},
    )
    assert result.exit_code == 2 and "not in a git repository" in result.stderr, result.stderr


def test_a_registry_unreadable_at_ref_is_checked_whole(tmp_path: Path) -> None:
    """Not UTF-8 at REF (a Latin-1 comment since fixed): checked whole, not a crash."""
    registry = tmp_path / "claims.yaml"
    registry.write_bytes(b"# caf\xe9\n" + PARTS.encode())
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    registry.write_text("# cafe\n" + PARTS.replace("value: 100\n", "value: 110\n"), "utf-8")
    result = runner.invoke(app, ["verify", str(registry), "--offline", "--changed-only", "HEAD"])
    assert "could not be read at HEAD" in result.stderr and result.exit_code == 1


def test_a_page_outside_the_registry_s_folder_is_compared_where_it_is(tmp_path: Path) -> None:
    """`page.path: ../page.md`, unchanged: not a changed page (a clean change stays partial)."""
    (tmp_path / "sub").mkdir()
    registry = tmp_path / "sub" / "claims.yaml"
    registry.write_text(SITE_REGISTRY.replace("path: page.md", "path: ../page.md"), "utf-8")
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    registry.write_text(
        registry.read_text("utf-8").replace("text: 60 bus journeys.", "text: Bus, 60."), "utf-8"
    )
    args = ["verify", str(registry), "--offline", "--today", "2026-06-01", "--changed-only"]
    result = runner.invoke(app, [*args, "HEAD"])
    assert "checked whole" not in result.stderr and result.exit_code == 0, result.stderr
