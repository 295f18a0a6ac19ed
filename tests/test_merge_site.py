"""`merge` of a site's report (several registries, one report) renders as the report itself:
its registries' sections, its "N registries:" summary, and in JSON its `registries` and each
finding's `registry`. Once, merge dropped them all."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.findings import CitationSupport, Support
from claimcheck.merge import merge_reports
from claimcheck.render import RENDERERS, RenderOptions
from claimcheck.render.json_read import read_report
from tests.test_scan_site import SITE, write_site
from tests.test_site import registry

runner = CliRunner()
TODAY = ["--today", "2026-11-24"]
OPTIONS = RenderOptions()


def verify_site(root: Path) -> list[str]:
    """Three registries, one with a failing constraint; the arguments that verify them."""
    for name in ("a", "b", "c"):
        registry(root, name, "https://example.org/s", f"https://example.org/{name}")
    registry(root, "b", "https://example.org/s", "https://example.org/b", broken=True)
    return ["verify", "a/claims.yaml", "b/claims.yaml", "c/claims.yaml", "--offline", *TODAY]


def scan_site(root: Path) -> list[str]:
    """Three pages with their registries, an unregistered figure (P001, located in a page)
    and a missing mention (P002) planted."""
    write_site(root, planted=True)
    return ["scan", "-r", SITE, "--fail-on", "warning"]


@pytest.mark.parametrize("site", [verify_site, scan_site])
def test_a_merged_site_report_renders_as_the_report_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site: Callable[[Path], list[str]]
) -> None:
    monkeypatch.chdir(tmp_path)
    args = site(tmp_path)
    written = runner.invoke(app, [*args, "-f", "json", "-o", "site.json"])
    assert written.exit_code == 1, written.output
    document = json.loads(Path("site.json").read_text(encoding="utf-8"))
    assert len(document["registries"]) == 3 and document["findings"]
    for fmt in RENDERERS:
        direct = runner.invoke(app, [*args, "-f", fmt])
        for inputs in (["site.json"], ["site.json", "site.json"]):
            merged = runner.invoke(app, ["merge", *inputs, "-f", fmt, "--fail-on", "warning"])
            assert merged.exit_code == direct.exit_code == 1, merged.output
            assert merged.stdout == direct.stdout, (fmt, inputs)
    terminal = runner.invoke(app, ["merge", "site.json"]).stdout
    sections = [line for line in terminal.splitlines() if line.startswith("== ")]
    assert sections and all(line.endswith("/claims.yaml ==") for line in sections)
    assert "3 registries:" in terminal
    merged_json = json.loads(runner.invoke(app, ["merge", "site.json", "-f", "json"]).stdout)
    assert merged_json == document
    assert all(f["registry"] in document["registries"] for f in merged_json["findings"])


def test_a_report_of_one_registry_gains_no_registries(tmp_path: Path) -> None:
    """The clean twin: a report of one registry merges without a `registries` key."""
    path = registry(tmp_path, "one", "https://example.org/s", "https://example.org/one")
    result = runner.invoke(app, ["verify", str(path), "--offline", "-f", "json", *TODAY])
    (tmp_path / "one.json").write_text(result.stdout, encoding="utf-8")
    merged = runner.invoke(app, ["merge", str(tmp_path / "one.json"), "-f", "json"])
    assert merged.exit_code == 0, merged.output
    assert json.loads(merged.stdout) == json.loads(result.stdout)
    assert "registries" not in json.loads(merged.stdout)


def test_reports_of_two_different_sites_are_not_merged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two site runs over different registries share their label ("3 registries") and date:
    merged, their counts would describe a run nobody made. Refused, naming both lists; the
    same site's reports merge."""
    monkeypatch.chdir(tmp_path)
    runner.invoke(app, [*verify_site(tmp_path), "-f", "json", "-o", "site.json"])
    report = read_report(tmp_path / "site.json")
    assert report.registries == ("a/claims.yaml", "b/claims.yaml", "c/claims.yaml")
    other = replace(report, registries=("a/claims.yaml", "b/claims.yaml", "r9/claims.yaml"))
    path = tmp_path / "other.json"
    path.write_text(RENDERERS["json"].render(other, OPTIONS), encoding="utf-8")
    result = runner.invoke(app, ["merge", "site.json", "other.json"])
    assert result.exit_code == 2 and "r9/claims.yaml" in result.stderr, result.stderr
    assert merge_reports([tmp_path / "site.json", tmp_path / "site.json"]).registries == (
        report.registries
    )


def test_support_verdicts_are_carried_through(tmp_path: Path) -> None:
    """Each claim's citations' support verdicts (when snapshots were read) survive a merge."""
    path = registry(tmp_path, "one", "https://example.org/s", "https://example.org/one")
    result = runner.invoke(app, ["verify", str(path), "--offline", "-f", "json", *TODAY])
    (tmp_path / "plain.json").write_text(result.stdout, encoding="utf-8")
    report = read_report(tmp_path / "plain.json")
    (claim,) = report.claims
    supported = replace(
        report,
        support={
            claim.id: (
                CitationSupport("shared", Support.SUPPORTED, "the figure is in table 2"),
                CitationSupport("own", Support.UNVERIFIABLE, "no snapshot"),
            )
        },
    )
    written = tmp_path / "support.json"
    written.write_text(RENDERERS["json"].render(supported, OPTIONS), encoding="utf-8")
    merged = merge_reports([written, written])
    assert merged.support == supported.support
    for name, renderer in RENDERERS.items():
        assert renderer.render(merged, OPTIONS) == renderer.render(supported, OPTIONS), name
