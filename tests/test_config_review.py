"""Config and command-line mistakes that once passed silently, lost data or crashed: each
planted, with a clean twin (review 9). Errors name the file, line and column they are at."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
OFFLINE = ("--offline", "--today", "2026-01-01")

REGISTRY = """version: 1
sources:
  - {{id: book, title: {title}, kind: report, isbn: "9780306406157", accessed: 2025-11-01}}
claims:
  - id: {claim}
    text: {text}
    kind: fact
    citations: [{{source: book}}]
"""

#: Two subjects, each a registry with one claim (no finding of its own, bar none).
SUBJECTS = {
    "budget": {"title": "Budget book", "claim": "total", "text": "The council set a budget."},
    "rivers": {"title": "River survey", "claim": "rivers", "text": "The survey covered rivers."},
}


@pytest.fixture(params=list(SUBJECTS))
def repo(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a registry in its root, the working directory."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "claims.yaml").write_text(REGISTRY.format(**SUBJECTS[request.param]))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(argv), env=env)
    return result.exit_code, result.stdout, result.stderr


# --- #4: a snapshots folder the user named must be there ---------------------------------


@pytest.mark.parametrize("how", ["config", "env"])
def test_a_named_snapshot_folder_that_is_not_there_is_an_error(repo: Path, how: str) -> None:
    # `snapshots = "snapz"` (for "snaps") turned every Q rule off: 0 findings, exit 0.
    (repo / "snaps").mkdir()
    env: dict[str, str] = {}
    if how == "config":
        (repo / "claimcheck.toml").write_text('fail-on = "error"\nsnapshots = "snapz"\n')
    else:
        env["CLAIMCHECK_SNAPSHOTS"] = "snapz"
    code, _, said = _run("verify", *OFFLINE, env=env)
    assert code == 2, said
    where = f"{repo / 'claimcheck.toml'}:2:1: " if how == "config" else "CLAIMCHECK_SNAPSHOTS"
    assert where in said and "no such folder: snapz" in said
    # The twin: the folder there; and the default folder may be absent.
    if how == "config":
        (repo / "claimcheck.toml").write_text('snapshots = "snaps"\n')
    else:
        env["CLAIMCHECK_SNAPSHOTS"] = "snaps"
    assert _run("verify", *OFFLINE, env=env)[0] == 0
    os.remove(repo / "claimcheck.toml") if how == "config" else env.clear()
    assert _run("verify", *OFFLINE, env=env)[0] == 0


# --- #5: a report never goes into the snapshot folder -------------------------------------


@pytest.mark.parametrize("name", ["book.json", "report.json", "../snapshots/new.json"])
def test_a_report_is_not_written_into_the_snapshot_folder(repo: Path, name: str) -> None:
    folder = repo / "snapshots"
    folder.mkdir()
    snapshot = {"format": 1, "source": "book", "url": "https://example.org/b", "fetched": "2026"}
    (folder / "book.json").write_text(json.dumps(snapshot))
    before = (folder / "book.json").read_bytes()
    code, _, said = _run("verify", *OFFLINE, "-f", "json", "-o", f"snapshots/{name}")
    assert code == 2 and "snapshot folder" in said, said
    assert (folder / "book.json").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["book.json"]
    # The twins: beside it, and a report that is not JSON (never read as a snapshot).
    assert _run("verify", *OFFLINE, "-f", "json", "-o", "report.json")[0] == 0
    assert _run("verify", *OFFLINE, "-f", "csv", "-o", "snapshots/report.csv")[0] == 0


# --- #7, #8: pyproject.toml -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "given"),
    [
        ("tool = 5\n", ":1:1: ", False),
        ('tool = "x"\n', ":1:1: ", True),
        ("[tool]\nclaimcheck = 5\n", ":2:1: ", False),
        ("[tool]\nclaimcheck = 5\n", ":2:1: ", True),
        ('[project]\nname = "x"\n[tool.claimchek]\nfail-on = "warning"\n', ":3:", True),
        ('[project]\nname = "x"\n[tool.claimchek]\nfail-on = "warning"\n', ":3:", False),
        ('[project]\nname = "x"\n[tool.ruff]\nline-length = 100\n', "", True),
    ],
)
def test_a_pyproject_without_a_claimcheck_table_is_an_error_at_its_line(
    repo: Path, text: str, where: str, given: bool
) -> None:
    # `tool = 5` crashed every command (AttributeError, exit 3); --config naming a pyproject
    # with no [tool.claimcheck], or a misspelt one, ran on the defaults.
    (repo / "pyproject.toml").write_text(text)
    config = ["--config", "pyproject.toml"] if given else []
    code, _, said = _run("verify", *OFFLINE, *config)
    assert code == 2 and "internal error" not in said, said
    assert f"pyproject.toml{where}" in said and said.count("\n") == 1, said


def test_a_pyproject_of_other_tools_is_no_config_and_a_claimcheck_table_is_read(
    repo: Path,
) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.ruff]\nline-length = 9\n')
    assert _run("verify", *OFFLINE)[0] == 0  # found in the directory: not ours, no config
    (repo / "pyproject.toml").write_text('[tool.claimcheck]\nfail-on = "warning"\nselect = "Z"\n')
    code, _, said = _run("verify", *OFFLINE, "--config", "pyproject.toml")
    assert code == 2 and "pyproject.toml:3:1: error: `select`: no rule code starts with" in said


# --- #9: two reports to one place ---------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["-f", "json", "-o", "r.json", "-f", "csv", "-o", "r.json"],
        ["-f", "json", "-o", "r.json", "-f", "csv", "-o", "./sub/../r.json"],
        ["-f", "json", "-o", "-", "-f", "csv"],
        ["-f", "json", "-o", "/dev/stdout", "-f", "csv", "-o", "-"],
    ],
)
def test_two_formats_to_one_place_are_refused(repo: Path, argv: list[str]) -> None:
    (repo / "sub").mkdir()
    code, out, said = _run("verify", *OFFLINE, *argv)
    assert code == 2 and "would both be written to" in said, said
    assert out == "" and not (repo / "r.json").exists()


def test_each_format_to_its_own_place_is_written(repo: Path) -> None:
    code, out, _ = _run("verify", *OFFLINE, "-f", "json", "-o", "r.json", "-f", "csv")
    assert code == 0 and out.startswith("code,rule,")
    assert json.loads((repo / "r.json").read_text())["findings"] == []


# --- #17: errors found after loading are told where the setting was -----------------------


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('select = ["Z9"]', "`select`: no rule code starts with 'Z9'"),
        ('ignore = ["Q9"]', "`ignore`: no rule code starts with 'Q9'"),
        ('format = "jsn"', "`format`: unknown format 'jsn'"),
        ('registries = ["../x/*.yaml"]', "`registries`: '../x/*.yaml' leads out"),
        ('registries = ["nowhere/*/claims.yaml"]', "`registries`: no registry matches"),
        ('offline = "yes"', "`offline`: expected true or false, got 'yes'"),
        ("registry-cache = 1", "`registry-cache`: expected true or false, got 1"),
    ],
)
def test_a_config_setting_found_wrong_at_the_run_is_named_at_its_line(
    repo: Path, line: str, says: str
) -> None:
    (repo / "claimcheck.toml").write_text(f'fail-on = "error"\n{line}\n')
    code, _, said = _run("verify", *OFFLINE)
    assert code == 2 and f"claimcheck.toml:2:1: error: {says}" in said, said


def test_the_same_mistakes_on_the_command_line_name_the_option(repo: Path) -> None:
    said = _run("verify", *OFFLINE, "--select", "Z9")[2]
    assert "error: --select: no rule code starts with 'Z9'" in said
    said = _run("verify", *OFFLINE, env={"CLAIMCHECK_SELECT": "Z9"})[2]
    assert "error: CLAIMCHECK_SELECT: no rule code starts with 'Z9'" in said
    assert _run("verify", *OFFLINE, env={"CLAIMCHECK_OFFLINE": "yes"})[0] == 0  # text there


# --- #20: registry and registries ---------------------------------------------------------


def test_the_environments_registry_wins_over_the_configs_registries(repo: Path) -> None:
    for name in ("a", "b", "other"):
        (repo / name).mkdir()
        (repo / name / "claims.yaml").write_text((repo / "claims.yaml").read_text())
    (repo / "claimcheck.toml").write_text('registries = ["a/claims.yaml", "b/claims.yaml"]\n')
    code, out, _ = _run("verify", *OFFLINE, "-f", "json")
    assert code == 0 and json.loads(out)["registries"] == ["a/claims.yaml", "b/claims.yaml"]
    env = {"CLAIMCHECK_REGISTRY": "other/claims.yaml"}
    code, out, _ = _run("verify", *OFFLINE, "-f", "json", env=env)
    assert code == 0 and json.loads(out)["registry"] == "other/claims.yaml", out
    # Both in one config: which one a command reads would depend on the command.
    (repo / "claimcheck.toml").write_text(
        'registry = "other/claims.yaml"\nregistries = ["a/claims.yaml"]\n'
    )
    code, _, said = _run("verify", *OFFLINE)
    assert code == 2 and "claimcheck.toml:2:1: error: `registries`: set with registry" in said


# --- #6, #13: which files a site run checks -----------------------------------------------


def _site(repo: Path) -> str:
    text = (repo / "claims.yaml").read_text()
    for name in ("budget", "climate"):
        (repo / "site" / name).mkdir(parents=True)
        (repo / "site" / name / "claims.yaml").write_text(text)
    (repo / "other").mkdir()
    (repo / "other" / "claims.yaml").write_text(text)
    return text


def _registries(*argv: str) -> tuple[list[str], int, str]:
    code, out, said = _run("verify", *OFFLINE, "-f", "json", *argv)
    assert code in (0, 1), said
    report = json.loads(out)
    return report.get("registries") or [report["registry"]], len(report["claims"]), said


def test_a_pattern_follows_links_inside_the_repository(repo: Path) -> None:
    # `site/football/claims.yaml -> ../../other/claims.yaml` was skipped without a word.
    _site(repo)
    (repo / "site" / "football").mkdir()
    (repo / "site" / "football" / "claims.yaml").symlink_to("../../other/claims.yaml")
    found, claims, said = _registries("site/*/claims.yaml")
    assert found == [f"site/{n}/claims.yaml" for n in ("budget", "climate", "football")]
    assert claims == 3 and said == ""
    # A linked folder leading to the same file: one file, checked once, and said.
    (repo / "site" / "sport").symlink_to("../other")
    found, claims, said = _registries("site/*/claims.yaml")
    assert len(found) == 3 and claims == 3
    assert "site/sport/claims.yaml is site/football/claims.yaml (one file)" in said


def test_a_link_leading_out_of_the_repository_is_left_out_and_named(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    text = _site(repo)
    outside = tmp_path_factory.mktemp("outside")
    (outside / "claims.yaml").write_text(text)
    (repo / "site" / "away").symlink_to(outside)
    (repo / "site" / "climate" / "claims.yaml").unlink()
    (repo / "site" / "climate" / "claims.yaml").symlink_to(outside / "claims.yaml")
    found, claims, said = _registries("site/*/claims.yaml")
    assert found == ["site/budget/claims.yaml"] and claims == 1
    assert "left out site/away: a symbolic link to" in said
    assert "left out site/climate/claims.yaml: a symbolic link to" in said


@pytest.mark.parametrize(
    "second",
    [
        "{repo}/site/budget/claims.yaml",
        "site/climate/../budget/claims.yaml",
        "hard",
    ],
)
def test_one_registry_spelt_two_ways_is_checked_once(repo: Path, second: str) -> None:
    # Each spelling was a registry of its own: "2 registries", every count doubled.
    _site(repo)
    if second == "hard":
        os.link(repo / "site" / "budget" / "claims.yaml", repo / "site" / "same.yaml")
        second = "site/same.yaml"
    second = second.format(repo=repo)
    found, claims, said = _registries("site/budget/claims.yaml", second)
    assert found == ["site/budget/claims.yaml"] and claims == 1
    assert f"{second} is site/budget/claims.yaml (one file): checked once" in said
    # The twin: two files of the same text are two registries.
    found, claims, said = _registries("site/budget/claims.yaml", "site/climate/claims.yaml")
    assert len(found) == 2 and claims == 2 and said == ""


# --- #14: a site's fingerprints do not depend on how its registries are named -------------


def _fingerprints(*argv: str) -> list[tuple[str, str, str]]:
    code, out, said = _run("verify", *OFFLINE, "-f", "sarif", *argv)
    assert code in (0, 1), said
    results = json.loads(out)["runs"][0]["results"]
    return sorted(
        (
            r["ruleId"],
            r["partialFingerprints"]["claimcheck/v1"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        )
        for r in results
    )


def test_a_sites_fingerprints_are_the_same_however_its_registries_are_named(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(repo)
    for name in ("budget", "climate"):  # a finding on each: S002, its source has no url
        path = repo / "site" / name / "claims.yaml"
        path.write_text(path.read_text().replace(' isbn: "9780306406157",', ""))
    plain = _fingerprints("site/budget/claims.yaml", "site/climate/claims.yaml")
    assert len(plain) == 2 and len({f for _, f, _ in plain}) == 2  # one per registry
    for spelt in (
        [f"{repo}/site/budget/claims.yaml", f"{repo}/site/climate/claims.yaml"],
        ["./site/budget/claims.yaml", "site/budget/../climate/claims.yaml"],
        ["site/*/claims.yaml"],
    ):
        assert _fingerprints(*spelt) == plain, spelt
    monkeypatch.chdir(repo / "site")  # from another folder of the repository
    assert _fingerprints("budget/claims.yaml", "climate/claims.yaml") == plain


# --- #11, #12: host rules that could never match, and a timeout of 0 -----------------------


@pytest.mark.parametrize(
    "pattern", ["127.0.0.1:8765", "http://127.0.0.1", "example.org/reports", "bücher.example"]
)
def test_a_host_rule_that_names_no_host_is_refused_at_its_line(repo: Path, pattern: str) -> None:
    # Its interval and headers were never applied: a port, scheme or path never matches.
    (repo / "claimcheck.toml").write_text(
        f'offline = true\n[links.hosts."{pattern}"]\ninterval = 3\n'
    )
    code, _, said = _run("verify", *OFFLINE)
    assert code == 2 and "claimcheck.toml:2:14: error:" in said and "is not a host name" in said


@pytest.mark.parametrize(
    ("pattern", "host"),
    [("127.0.0.1", "127.0.0.1"), ("*.GOV.uk", "www.gov.uk"), ("[::1]", "::1"), ("*", "a.b")],
)
def test_a_host_rule_that_names_hosts_applies_to_them(repo: Path, pattern: str, host: str) -> None:
    from claimcheck.config import load_settings

    (repo / "claimcheck.toml").write_text(f'[links.hosts."{pattern}"]\ninterval = 3\n')
    links = load_settings(cwd=repo, env={}).links
    assert links.rule_for(host).interval == 3
    assert pattern == "*" or links.rule_for("elsewhere.org").interval != 3


@pytest.mark.parametrize(
    ("config", "flag"),
    [("timeout = 0", None), ('timeout = "0s"', None), (None, "0"), (None, "0min")],
)
def test_a_timeout_of_nothing_is_refused(repo: Path, config: str | None, flag: str | None) -> None:
    # It meant no timeout at all: a server that never answers held the run.
    if config:
        (repo / "claimcheck.toml").write_text(f"[links]\n{config}\n")
    code, _, said = _run("links", *(["--timeout", flag] if flag else []))
    where = "claimcheck.toml:2:1: error: `links.timeout`" if config else "error: --timeout"
    assert code == 2 and where in said and "expected a time above 0" in said, said
    if config:
        (repo / "claimcheck.toml").write_text("[links]\ntimeout = 0.5\n")  # the twin
    assert _run("links", "--offline", *(["--timeout", "1s"] if flag else []))[0] == 0


# --- #16: a config up the repository is not read, and that is said -----------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("claimcheck.toml", 'fail-on = "warning"\n'),
        ("pyproject.toml", '[tool.claimcheck]\nfail-on = "warning"\n'),
    ],
)
def test_a_run_below_the_config_says_the_config_is_not_read(
    repo: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    (repo / name).write_text(text)
    (repo / "sub" / "deeper").mkdir(parents=True)
    (repo / "sub" / "deeper" / "claims.yaml").write_text((repo / "claims.yaml").read_text())
    monkeypatch.chdir(repo / "sub" / "deeper")
    code, _, said = _run("verify", *OFFLINE)
    assert code == 0 and f"../../{name} is not read" in said, said
    # The twins: in the config's folder, with --config, or a folder with its own config.
    assert _run("verify", *OFFLINE, "--config", f"../../{name}")[2] == ""
    (repo / "sub" / "deeper" / "claimcheck.toml").write_text('fail-on = "error"\n')
    assert _run("verify", *OFFLINE)[2] == ""
    monkeypatch.chdir(repo)
    assert _run("verify", *OFFLINE)[2] == ""


def test_outside_a_repository_no_config_above_is_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "claimcheck.toml").write_text('fail-on = "warning"\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "claims.yaml").write_text(REGISTRY.format(**SUBJECTS["budget"]))
    monkeypatch.chdir(tmp_path / "sub")
    assert _run("verify", *OFFLINE)[2] == ""


# --- also: baseline takes one registry; a site names every registry it cannot read --------


def test_baseline_refuses_a_pattern_and_a_site(repo: Path) -> None:
    _site(repo)
    code, _, said = _run("baseline", "site/*/claims.yaml")
    assert code == 2 and "baseline records one registry" in said and "no such file" not in said
    (repo / "claimcheck.toml").write_text('registries = ["site/*/claims.yaml"]\n')
    code, _, said = _run("baseline", "--offline")
    assert code == 2 and "claimcheck.toml:1:1: error: `registries`" in said, said
    # The twin: one registry named, the config's `registries` aside.
    code, _, said = _run("baseline", "site/budget/claims.yaml", "--offline", "-o", "b.json")
    assert code == 0 and (repo / "b.json").is_file(), said


@pytest.mark.parametrize(("second", "third"), [(b"\xff\xfebad", b""), (b"", b"\xff")])
def test_a_site_names_every_registry_it_cannot_read(
    repo: Path, second: bytes, third: bytes
) -> None:
    # It stopped at the first: an empty or unreadable registry after it went unsaid.
    _site(repo)
    (repo / "site" / "climate" / "claims.yaml").write_bytes(second)
    (repo / "site" / "zeta").mkdir()
    (repo / "site" / "zeta" / "claims.yaml").write_bytes(third)
    code, _, said = _run("verify", *OFFLINE, "site/*/claims.yaml")
    assert code == 2 and "2 of 3 registries could not be checked" in said, said
    assert "site/climate/claims.yaml:1:1: error:" in said
    assert "site/zeta/claims.yaml:1:1: error:" in said
