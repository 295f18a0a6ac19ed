"""Several registries in one run (a site): one report, one exit code, each link once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from tests.linkserver import serve

runner = CliRunner()
TODAY = ["--today", "2026-11-24"]


def registry(folder: Path, name: str, shared: str, own: str, *, broken: bool = False) -> Path:
    """A registry citing one URL every registry shares and one of its own; `broken` plants a
    constraint that fails (C-error) in it."""
    path = folder / name / "claims.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    constraint = "constraints:\n  - id: order\n    expr: offences < 100\n" if broken else ""
    path.write_text(
        "version: 1\n"
        f"sources:\n  - {{id: shared, title: Shared, kind: report, url: '{shared}'}}\n"
        f"  - {{id: own, title: Own, kind: report, url: '{own}'}}\n"
        "claims:\n"
        "  - {id: offences, text: 102 offences., kind: figure, value: 102, "
        "citations: [{source: shared}, {source: own}]}\n" + constraint,
        encoding="utf-8",
    )
    return path


def test_links_are_checked_once_across_registries_and_one_report_comes_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with serve() as server:
        for i in range(20):
            registry(tmp_path, f"site/r{i:02}", server.url("/ok"), server.url(f"/ok2?r={i}"))
        args = ["verify", "site/*/claims.yaml", "-f", "json", "--online", "--no-cache"]
        result = runner.invoke(app, [*args, "--allow-private", *TODAY])
        assert result.exit_code == 0, result.stderr
        assert server.stats.requests("/ok") == 1  # the shared URL: one request for 20 registries
        assert server.stats.requests("/ok2") == 20
    document = json.loads(result.stdout)
    assert len(document["registries"]) == 20 and document["summary"]["claims"] == 20
    ids = [c["id"] for c in document["claims"]]
    assert ids[0] == "site/r00/claims.yaml:offences" and len(set(ids)) == 20
    assert len(document["links"]) == 21


def test_an_error_in_any_registry_fails_the_run_and_is_shown_under_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a", "b", "c"):
        registry(tmp_path, name, "https://example.org/s", f"https://example.org/{name}")
    args = ["verify", "a/claims.yaml", "b/claims.yaml", "c/claims.yaml", "--offline", *TODAY]
    clean = runner.invoke(app, args)
    assert clean.exit_code == 0, clean.output  # the clean twin
    registry(tmp_path, "b", "https://example.org/s", "https://example.org/b", broken=True)
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    out = result.stdout
    assert out.index("== b/claims.yaml ==") < out.index("C00") < out.index("3 registries:")
    document = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    errors = [f for f in document["findings"] if f["severity"] == "error"]
    assert errors and all(f["location"]["file"] == "b/claims.yaml" for f in errors)


def test_the_config_lists_the_registries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("x", "y"):
        registry(tmp_path, f"pages/{name}", "https://example.org/s", f"https://example.org/{name}")
    (tmp_path / "claimcheck.toml").write_text(
        'registries = ["pages/*/claims.yaml"]\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["verify", "--offline", "-f", "json", *TODAY])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["registries"] == [
        "pages/x/claims.yaml",
        "pages/y/claims.yaml",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere/*/claims.yaml"], "no registry matches 'nowhere/*/claims.yaml'"),
        (["a/claims.yaml", "b/claims.yaml", "--page", "p.md"], "--page names one file"),
    ],
)
def test_a_site_run_that_cannot_be_what_was_meant_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a", "b"):
        registry(tmp_path, name, "https://example.org/s", f"https://example.org/{name}")
    (tmp_path / "p.md").write_text("A page.\n", encoding="utf-8")
    result = runner.invoke(app, ["verify", *args, "--offline", *TODAY])
    assert result.exit_code == 2 and message in result.stderr, result.output
    assert "Traceback" not in result.output


def test_config_registries_may_not_leave_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    registry(outside, "o", "https://example.org/s", "https://example.org/o")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    registry(repo, "in", "https://example.org/s", "https://example.org/in")
    (repo / "claimcheck.toml").write_text(
        'registries = ["in/claims.yaml", "../outside/*/claims.yaml"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["verify", "--offline", *TODAY])
    assert result.exit_code == 2 and "`registries`" in result.stderr, result.output


def test_a_pattern_never_follows_links_nor_counts_a_file_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    registry(tmp_path, "site/a", "https://example.org/s", "https://example.org/a")
    (tmp_path / "site" / "a" / "up").symlink_to("..")  # a loop: site/a/up/a/up/...
    (tmp_path / "site" / "a" / "again.yaml").symlink_to("claims.yaml")
    (tmp_path / "site" / "a" / "self").symlink_to(".")
    result = runner.invoke(app, ["verify", "site/**/*.yaml", "--offline", "-f", "json", *TODAY])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout).get("registries") is None  # one registry: a plain report


@pytest.mark.parametrize("pattern", ["/usr/**/claims.yaml", "../outside/*/claims.yaml"])
def test_a_config_pattern_out_of_the_repository_is_refused_before_any_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "claimcheck.toml").write_text(f"registries = [{pattern!r}]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["verify", "--offline", *TODAY])
    assert result.exit_code == 2 and "leads out of the repository" in result.stderr


def test_each_registry_counts_its_own_unchecked_links_and_keeps_its_support() -> None:
    from datetime import date

    from claimcheck.engine import _own_links
    from claimcheck.findings import CitationSupport, ClaimSummary, Report, Support
    from claimcheck.links.model import LinkResult, LinkRun, Skip, Verdict
    from claimcheck.site import combine

    def skipped(url: str, why: Skip) -> LinkResult:
        return LinkResult(url, Verdict.SKIPPED, error="not checked", skip=why)

    run = LinkRun(
        results={
            "https://a.example/1": skipped("https://a.example/1", Skip.OUT_OF_TIME),
            "https://b.example/1": skipped("https://b.example/1", Skip.OUT_OF_TIME),
            "https://b.example/2": skipped("https://b.example/2", Skip.OUT_OF_TIME),
        },
        out_of_time=3,
    )
    own = _own_links(run, ["https://a.example/1"])
    assert own is not None and own.out_of_time == 1 and list(own.results) == ["https://a.example/1"]

    cited: dict[str, tuple[CitationSupport, ...]] = {
        "c": (CitationSupport("s", Support.SUPPORTED, "quote found"),)
    }
    reports = [
        Report(
            "r.yaml",
            date(2026, 11, 24),
            "0",
            (),
            (ClaimSummary("c", "fact", "T.", (), 0),),
            1,
            support=cited,
        )
        for _ in range(2)
    ]
    site = combine(["a.yaml", "b.yaml"], reports)
    assert site.support is not None and set(site.support) == {"a.yaml:c", "b.yaml:c"}
    assert site.support["b.yaml:c"][0].source == "b.yaml:s"
    assert site.support_counts()[Support.SUPPORTED] == 2
