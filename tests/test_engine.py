"""The engine owns the run: it gathers only what the chosen checks need, and every command is
options -> Settings -> one core call -> render -> exit code."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck import engine
from claimcheck.cli import app
from claimcheck.clock import Clock
from claimcheck.config import Settings
from claimcheck.errors import ConfigError
from claimcheck.findings import Severity
from tests.conftest import DATA
from tests.linkserver import Server, serve

runner = CliRunner()

REGISTRY = """\
version: 1
page:
  title: A page
  url: https://example.org/page
claims:
  - id: offences
    text: 102,878 offences were recorded in 2024.
    kind: figure
    value: 102878
    unit: offences
    mentions: ["102,878 offences"]
    citations:
      - source: stats
        quote: 102,878 offences
sources:
  - id: stats
    title: Crime statistics
    kind: statistics
    url: {url}
    accessed: 2026-11-01
"""


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


@pytest.fixture
def project(server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A registry whose one source is on a loopback server, run by a CI job that allows
    private addresses: any command that checks links would reach the server."""
    (tmp_path / "claims.yaml").write_text(REGISTRY.format(url=server.url("/ok2")), encoding="utf-8")
    (tmp_path / "claimcheck.toml").write_text("[links]\nhost-interval = 0\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMCHECK_OFFLINE")
    monkeypatch.setenv("CLAIMCHECK_ALLOW_PRIVATE", "1")  # a config file may not allow them
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "-f", "json"],
        ["show", "offences"],
        ["show", "offences", "-f", "json"],
        ["rules"],
        ["rules", "L001"],
        ["schema"],
        ["export"],
        ["export", "-f", "csl-json"],
    ],
    ids=" ".join,
)
def test_browsing_commands_never_touch_the_network(
    project: Path, server: Server, args: list[str]
) -> None:
    before = server.stats.requests("/ok2")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert server.stats.requests("/ok2") == before, f"`{' '.join(args)}` sent a request"


def test_verify_does_check_the_same_links(project: Path, server: Server) -> None:
    # The twin of the test above: the same project, and `verify` does reach the server.
    before = server.stats.requests("/ok2")
    result = runner.invoke(app, ["verify", "--no-cache", "-f", "json"])
    assert '"verdict": "alive"' in result.stdout, result.stderr
    assert server.stats.requests("/ok2") > before


def _refuse_http() -> object:
    raise AssertionError("the run built an HTTP edge")


def test_the_engine_gathers_only_what_the_chosen_checks_need(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(REGISTRY.format(url="http://127.0.0.9/x"), encoding="utf-8")
    edges = engine.Edges(Clock(fixed_today=date(2026, 11, 24)), http=_refuse_http)  # type: ignore[arg-type]
    settings = Settings(registry=registry)
    # Links not selected, or not allowed to be gathered: no HTTP edge is ever made.
    for chosen in (
        replace(settings, select=("S", "C", "T")),
        replace(settings, gather=frozenset({"snapshots"})),
        replace(settings, ignore=("L",)),
    ):
        checks, _, _ = engine.select_checks(chosen)
        assert "links" not in {c.name for c in checks}
        _, report = engine.run(chosen, edges)
        assert report.links is None
    # Selected and allowed: the edge is asked for.
    with pytest.raises(AssertionError, match="built an HTTP edge"):
        engine.run(settings, edges)


def test_the_runs_today_comes_from_the_clock(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(REGISTRY.format(url="http://127.0.0.9/x"), encoding="utf-8")
    settings = Settings(registry=registry, select=("T",))
    for day in (date(2020, 1, 1), date(2031, 5, 6)):
        _, report = engine.run(settings, engine.Edges(Clock(fixed_today=day)))
        assert report.today == day


def test_init_dates_the_starter_with_today(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    result = runner.invoke(app, ["init", str(target), "--today", "2025-03-04"])
    assert result.exit_code == 0, result.stderr
    assert "2025-03-04" in target.read_text(encoding="utf-8")


def test_one_exit_code_rule() -> None:
    from claimcheck.findings import Report

    def report(*levels: Severity) -> Report:
        from claimcheck.checks import X001
        from claimcheck.findings import Finding

        findings = tuple(Finding(X001, "x", severity=level) for level in levels)
        return Report("r", date(2026, 1, 1), "0", findings, (), 0)

    assert engine.exit_code(report(), Severity.NOTE) == 0
    assert engine.exit_code(report(Severity.WARNING), Severity.ERROR) == 0
    assert engine.exit_code(report(Severity.WARNING), Severity.WARNING) == 1
    assert engine.exit_code(report(Severity.NOTE, Severity.ERROR), Severity.ERROR) == 1


def test_links_urls_exit_code_follows_fail_on_and_strict(server: Server, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(server.url("/403") + "\n", encoding="utf-8")
    base = ["links", "--urls", str(urls), "--online", "--allow-private", "--no-cache"]
    base += ["--host-interval", "0", "--retries", "0", "-f", "json"]
    assert runner.invoke(app, base).exit_code == 0  # blocked: a warning
    assert runner.invoke(app, [*base, "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(app, [*base, "--strict"]).exit_code == 1
    urls.write_text(server.url("/404") + "\n", encoding="utf-8")
    assert runner.invoke(app, base).exit_code == 1  # dead: an error


LINK_FLAGS = ("--concurrency", "--host-interval", "--timeout", "--retry-on", "--no-cache")


@pytest.mark.parametrize("command", ["verify", "links", "baseline"])
def test_the_link_option_group_is_on_every_link_command(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for flag in (*LINK_FLAGS, "--allow-private", "--strict", "--max-runtime", "--user-agent"):
        assert flag in result.stdout, f"{command} --help lacks {flag}"


def test_snapshot_takes_only_its_link_options() -> None:
    result = runner.invoke(app, ["snapshot", "--help"], env={"COLUMNS": "200"})
    for flag in ("--timeout", "--allow-private", "--user-agent", "--today"):
        assert flag in result.stdout
    for flag in ("--concurrency", "--retries", "--shard"):
        assert flag not in result.stdout


def test_format_choices_come_from_the_format_registry() -> None:
    from claimcheck.render import RENDERERS

    result = runner.invoke(app, ["verify", "--help"], env={"COLUMNS": "200"})
    for name in RENDERERS:
        assert name in result.stdout, f"verify --help does not list {name}"


def test_a_bad_link_flag_names_itself() -> None:
    result = runner.invoke(
        app, ["verify", str(DATA / "registries" / "valid" / "minimal.yaml"), "--timeout", "soon"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("claimcheck: error: --timeout:")


def test_a_misspelt_input_to_gather_is_refused_not_silently_dropped(tmp_path: Path) -> None:
    settings = Settings(registry=tmp_path / "claims.yaml", gather=frozenset({"link"}))
    with pytest.raises(ValueError, match="unknown inputs"):
        engine.select_checks(settings)


def test_init_takes_today_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "new.yaml"], env={"CLAIMCHECK_TODAY": "2020-02-03"})
    assert result.exit_code == 0, result.stderr
    assert "2020-02-03" in (tmp_path / "new.yaml").read_text(encoding="utf-8")


def test_a_bad_baseline_is_reported_before_any_link_is_checked(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(REGISTRY.format(url="http://127.0.0.9/x"), encoding="utf-8")
    bad = tmp_path / "baseline.json"
    bad.write_text("{", encoding="utf-8")
    edges = engine.Edges(Clock(), http=_refuse_http)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="baseline"):
        engine.run(Settings(registry=registry, baseline=bad), edges)


def test_locating_a_finding_keeps_every_other_field() -> None:
    from dataclasses import fields

    from claimcheck.checks import X001
    from claimcheck.findings import Finding, Location

    finding = Finding(
        X001, "m", ("claims", 0, "value"), "c", "s", Severity.NOTE, "h", True, None, ("d",), "r"
    )
    located = finding.at(Location("f.yaml", 3, 4))
    assert located == replace(finding, location=Location("f.yaml", 3, 4))
    assert len(fields(Finding)) == 11, "a new field must be copied by Finding.at too"
