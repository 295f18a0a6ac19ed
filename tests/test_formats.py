"""Every report format: golden files, and validation by real consumers where one runs here."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from junitparser import JUnitXml
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.render import RENDERERS
from claimcheck.render.github import escape_data, escape_property
from tests.conftest import DATA, GOLDEN, check_golden
from tests.helpers import CHROMIUM_FLAGS

runner = CliRunner()
GOLDEN_REGISTRY = DATA / "registries" / "golden.yaml"
MULTITOOL = (
    Path(__file__).parent.parent / ".ci" / "node" / "node_modules" / ".bin" / "sarif-multitool"
)


#: The repository's root: the formats that locate files from it (SARIF, GitHub) are run here.
ROOT = Path(__file__).parent.parent


def report(fmt: str, *extra: str) -> str:
    with contextlib.chdir(ROOT):
        result = runner.invoke(
            app, ["verify", str(GOLDEN_REGISTRY), "--today", "2026-11-24", "-f", fmt, *extra]
        )
    assert result.exit_code == 1, result.stderr
    # The root's absolute URI (SARIF's originalUriBaseIds) differs from machine to machine.
    text = result.stdout.replace(ROOT.as_uri() + "/", "file:///repository/")
    return text.replace(str(DATA), "tests/data")


#: Formats whose golden test is in tests/test_cli.py, where it checks more: json (its
#: schema_version) and terminal (the default, with no -f). Every other format is here.
GOLDEN_ELSEWHERE = frozenset({"json", "terminal"})


def golden_path(fmt: str) -> Path:
    return GOLDEN / fmt / f"golden{RENDERERS[fmt].suffix}"


def test_every_format_has_exactly_one_golden_file() -> None:
    assert GOLDEN_ELSEWHERE.issubset(RENDERERS), "a format tested elsewhere is no longer registered"
    folders = {p.name for p in GOLDEN.iterdir() if p.is_dir()}
    assert folders == set(RENDERERS), "tests/golden has a folder per registered format, no other"
    for fmt in RENDERERS:
        files = sorted(p.name for p in (GOLDEN / fmt).iterdir())
        assert files == [golden_path(fmt).name], f"tests/golden/{fmt} holds {files}"


@pytest.mark.parametrize("fmt", sorted(set(RENDERERS) - GOLDEN_ELSEWHERE))
def test_golden(fmt: str, update_golden: bool) -> None:
    check_golden(golden_path(fmt), report(fmt), update_golden)


@pytest.mark.parametrize(
    ("fail_on", "sourcing_failed", "stale_failed"),
    [
        # By default only the error fails its case: the run's exit code is about errors.
        ("error", {"claim transcripts"}, set()),
        (
            "warning",
            {"claim offences_2024", "claim review_cases", "claim transcripts", "source relay"},
            {"claim review_cases"},
        ),
        (
            "note",
            {
                "claim offences_2024",
                "claim review_cases",
                "claim transcripts",
                "claim judgement",
                "source relay",
            },
            {"claim review_cases", "source audit"},
        ),
    ],
)
def test_junit_is_read_by_a_junit_parser(
    tmp_path: Path, fail_on: str, sourcing_failed: set[str], stale_failed: set[str]
) -> None:
    """A case fails exactly when the run would fail on its findings; the rest are in its
    system-out, and a failure's type is its worst finding's severity."""
    path = tmp_path / "report.xml"
    path.write_text(report("junit", "--fail-on", fail_on), encoding="utf-8")
    suites = list(JUnitXml.fromfile(str(path)))
    names = [s.name for s in suites]
    assert names == ["S sourcing", "T time and staleness"]
    sourcing, staleness = suites
    for suite, failed in ((sourcing, sourcing_failed), (staleness, stale_failed)):
        assert (suite.tests, suite.failures) == (5, len(failed))  # 4 claims and a source
        assert {case.name for case in suite if not case.is_passed} == failed
        for case in suite:
            if case.name not in failed and case.system_out:
                assert case.is_passed and case.system_out.split()[1] in ("warning", "note")


def junit_cases(xml: str) -> dict[str, Any]:
    return {
        f"{suite.name[0]}/{case.name}": case
        for suite in JUnitXml.fromstring(xml.encode())
        for case in suite
    }


def test_junit_failure_type_is_the_worst_finding(tmp_path: Path) -> None:
    """Planted: a claim whose text (C015, a warning, first in the file) and page (C001, an
    error) disagree with its value was `type="warning"`. Its clean twin: the value agrees, the
    run exits 0 and no case fails, an unsourced claim's warning in its case's system-out."""
    registry = tmp_path / "claims.yaml"
    (tmp_path / "page.md").write_text(
        "The library lent 4,200 books in March, and had 900 visitors.\n", encoding="utf-8"
    )
    body = (
        "version: 1\npage: {title: Library, path: page.md}\nsources:\n"
        "  - {id: stats, title: Library statistics, kind: dataset, url: https://example.org/s}\n"
        "claims:\n"
        "  - id: loans\n    text: The library lent 4,200 books in March.\n    kind: figure\n"
        "    value: VALUE\n    mentions: ['lent 4,200 books']\n    citations: [{source: stats}]\n"
        "  - id: visitors\n    text: The library had 900 visitors.\n    kind: figure\n"
        "    value: 900\n    mentions: ['900 visitors']\n"
    )
    base = ["verify", str(registry), "--offline", "--today", "2025-04-01", "-f", "junit"]
    for value, code in (("4100", 1), ("4200", 0)):
        registry.write_text(body.replace("VALUE", value), encoding="utf-8")
        for fail_on in ("error", "warning"):
            result = runner.invoke(app, [*base, "--fail-on", fail_on])
            cases = junit_cases(result.stdout)
            unsourced = cases["S/claim visitors"]
            loans = cases.get("C/claim loans")
            if fail_on == "error":
                assert result.exit_code == code, result.stdout
                assert unsourced.is_passed and "warning S001" in (unsourced.system_out or "")
            else:
                assert result.exit_code == 1 and not unsourced.is_passed
            if value == "4200":
                assert loans is None or loans.is_passed
                continue
            assert loans is not None and not loans.is_passed
            failure = loans.result[0]
            assert failure.type == "error" and "C001" in failure.message
            assert ("C015" in failure.message) is (fail_on == "warning")
            assert ("warning C015" in (loans.system_out or "")) is (fail_on == "error")
        if code == 0:  # the run passes: no case fails, whatever it found
            result = runner.invoke(app, base)
            assert result.exit_code == 0 and '<testsuites name="claimcheck" tests' in result.stdout
            assert 'failures="0"' in result.stdout.splitlines()[1]


def test_sarif_structure_and_fingerprints() -> None:
    document = json.loads(report("sarif"))
    run = document["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert all(
        run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"]
    )
    assert sorted(set(rule_ids)) == sorted(rule_ids)
    prints = [r["partialFingerprints"]["claimcheck/v1"] for r in run["results"]]
    assert len(set(prints)) == len(prints)
    # A finding keeps its fingerprint when the registry is edited above it.
    moved = GOLDEN_REGISTRY.read_text(encoding="utf-8").replace(
        "version: 1", "# a new comment\nversion: 1"
    )
    path = Path(os.environ["XDG_CACHE_HOME"]).parent / "moved.yaml"
    path.write_text(moved, encoding="utf-8")
    again = runner.invoke(app, ["verify", str(path), "--today", "2026-11-24", "-f", "sarif"])
    prints_again = [
        r["partialFingerprints"]["claimcheck/v1"]
        for r in json.loads(again.stdout)["runs"][0]["results"]
    ]
    assert sorted(prints_again) == sorted(prints)


def test_sarif_passes_the_official_validator(tmp_path: Path) -> None:
    """Microsoft's SARIF Multitool validates against the SARIF 2.1.0 schema and its rules.

    `.ci/run` installs it (npm) and sets CLAIMCHECK_REQUIRE_SARIF_VALIDATOR, so in CI its
    absence is a failure, not a skip.
    """
    tool = shutil.which("sarif-multitool") or (str(MULTITOOL) if MULTITOOL.exists() else None)
    if tool is None:
        if os.environ.get("CLAIMCHECK_REQUIRE_SARIF_VALIDATOR"):
            pytest.fail("the SARIF Multitool is not installed: see .ci/run")
        pytest.skip("the SARIF Multitool is not installed here")
    path = tmp_path / "report.sarif"
    path.write_text(report("sarif"), encoding="utf-8")
    result = subprocess.run(
        [tool, "validate", str(path), "-o", str(tmp_path / "out.sarif")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    errors = [
        r
        for run in json.loads((tmp_path / "out.sarif").read_text())["runs"]
        for r in run["results"]
        if r.get("level", "warning") == "error"
    ]
    assert errors == [], errors


def test_github_commands_escape_what_the_runner_reads() -> None:
    assert escape_data("50% done\nnext") == "50%25 done%0Anext"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"
    lines = report("github").splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


def test_csv_neutralises_formulas_and_markdown_escapes_tables(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        "version: 1\nclaims:\n  - {id: c1, text: t, kind: fact, mentions: ['x'], "
        "review: {status: disputed, note: '=HYPERLINK(\"http://x\") | *bold*'}}\n",
        encoding="utf-8",
    )
    csv_out = runner.invoke(app, ["verify", str(registry), "-f", "csv", "--select", "S005"]).stdout
    assert ",'disputed claim" not in csv_out and "=HYPERLINK" in csv_out
    md = runner.invoke(app, ["verify", str(registry), "-f", "markdown", "--select", "S005"]).stdout
    assert "\\|" in md and "\\*bold\\*" in md


def test_several_formats_in_one_run(tmp_path: Path) -> None:
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    result = runner.invoke(
        app,
        [
            "verify",
            str(GOLDEN_REGISTRY),
            "-f",
            "sarif",
            "-o",
            str(sarif),
            "-f",
            "junit",
            "-o",
            str(junit),
            "-f",
            "markdown",
        ],
    )
    assert result.exit_code == 1
    assert sarif.exists() and junit.exists() and result.stdout.startswith("## claimcheck")
    assert oct(sarif.stat().st_mode & 0o777) != "0o600"
    bad = runner.invoke(app, ["verify", str(GOLDEN_REGISTRY), "-f", "json", "-f", "csv"])
    assert bad.exit_code == 2 and "standard output" in bad.stderr


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_html_report_in_a_real_browser(tmp_path: Path) -> None:
    """Loads with no console error, filters, sorts, shows registry text as text; screenshot.

    `.ci/run` installs Debian's chromium and sets CLAIMCHECK_REQUIRE_BROWSER, so in CI a
    missing browser fails the test instead of skipping it.
    """
    if CHROMIUM is None:
        if os.environ.get("CLAIMCHECK_REQUIRE_BROWSER"):
            pytest.fail("chromium is not installed: see .ci/run")
        pytest.skip("chromium is not installed here")
    from playwright.sync_api import sync_playwright

    registry = tmp_path / "claims.yaml"
    registry.write_text(
        GOLDEN_REGISTRY.read_text(encoding="utf-8").replace(
            "text: Politicians avoided the topic.",
            'text: "<script>window.pwned=1</script> <b>x</b>"',
        ),
        encoding="utf-8",
    )
    page_file = tmp_path / "report.html"
    result = runner.invoke(
        app, ["verify", str(registry), "--today", "2026-11-24", "-f", "html", "-o", str(page_file)]
    )
    assert result.exit_code == 1, result.stderr
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=list(CHROMIUM_FLAGS),
        )
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        assert page.locator("#shown").inner_text() == "4"
        assert page.evaluate("window.pwned") is None  # the claim's <script> is text, not code
        assert "<script>window.pwned=1</script>" in page.locator("#claims").inner_text()
        page.fill("#search", "transcripts")
        assert page.locator("#shown").inner_text() == "1"
        page.fill("#search", "")
        page.click('.bar[data-state="unsourced"]')
        assert page.locator("#shown").inner_text() == "2"
        page.click("#claims th:nth-child(1)")
        first = page.locator("#claims tbody tr:not([hidden]) td:first-child").first.inner_text()
        assert first == "judgement"
        shot = tmp_path / "html-report.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert errors == []
    assert shot.stat().st_size > 10_000
    keep = os.environ.get("CLAIMCHECK_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)


def test_a_missing_golden_file_fails_unless_updating(tmp_path: Path) -> None:
    path = tmp_path / "golden" / "x.txt"
    with pytest.raises(pytest.fail.Exception, match="--update-golden"):
        check_golden(path, "output\n", update=False)
    assert not path.exists()
    check_golden(path, "output\n", update=True)
    assert path.read_text(encoding="utf-8") == "output\n"
    check_golden(path, "output\n", update=False)
    with pytest.raises(AssertionError, match="differs"):
        check_golden(path, "other\n", update=False)


def test_statistics_count_findings_per_rule_most_first() -> None:
    args = ["verify", str(GOLDEN_REGISTRY), "--today", "2026-11-24", "--statistics"]
    result = runner.invoke(app, args)
    lines = result.stdout.splitlines()
    counts = [int(line.split()[0]) for line in lines]
    total = len(json.loads(runner.invoke(app, [*args[:-1], "-f", "json"]).stdout)["findings"])
    assert counts == sorted(counts, reverse=True) and sum(counts) == total > 0
    assert result.exit_code == 1  # the report's exit code, not the table's
    document = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert sum(row["count"] for row in document) == total
    assert {"code", "severity", "name", "count"} == set(document[0])


def test_concise_is_one_line_per_finding_that_editors_parse() -> None:
    args = ["verify", str(GOLDEN_REGISTRY), "--today", "2026-11-24"]
    out = runner.invoke(app, [*args, "-f", "concise"]).stdout
    total = len(json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)["findings"])
    *lines, summary = out.splitlines()
    assert len(lines) == total > 0 and summary.startswith("4 claims")
    for line in lines:  # Vim's errorformat %f:%l:%c: %m
        assert re.match(r"^[^:]+:\d+:\d+: [A-Z]\d{3} \[(error|warning|note)\] ", line), line


def test_statistics_replace_the_report_when_the_run_passes_too(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        "version: 1\nclaims:\n  - {id: c, text: A fact., kind: fact}\n", encoding="utf-8"
    )
    args = ["verify", str(registry), "--today", "2026-11-24", "--statistics", "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert [row["code"] for row in json.loads(result.stdout)] == ["S001"]  # one document


def test_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["verify", str(GOLDEN_REGISTRY), "-f", "json", "-o", "-"])
    assert json.loads(result.stdout)["schema_version"] == 1
    assert not (tmp_path / "-").exists()
