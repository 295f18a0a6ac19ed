"""The JSON report read back: every format rendered from it equals the format rendered directly.

`merge` and `--baseline` read reports through the same reader, so a field the reader drops
(once, a finding's node path: every SARIF fingerprint changed) shows up here first.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.engine import run_checks
from claimcheck.errors import ConfigError
from claimcheck.findings import Report
from claimcheck.links.model import Hop, LinkResult, LinkRun, Skip, Verdict
from claimcheck.links.shard import in_shard
from claimcheck.loader import LoadedRegistry, parse_registry
from claimcheck.merge import merge_reports
from claimcheck.page import read_page
from claimcheck.render import RENDERERS, RenderOptions
from claimcheck.render.json_ import dumps, report_json
from claimcheck.render.json_read import read_report, report_from_json
from tests.conftest import DATA, TODAY

GOLDEN = DATA / "registries" / "golden.yaml"
PAGE = DATA / "pages" / "page.txt"
OPTIONS = RenderOptions()
runner = CliRunner()

#: More sources than the golden registry has, each with a URL on its own host, and a named
#: exception (so the report counts a suppressed finding).
EXTRA_SOURCES = """\
  - id: moved
    title: A page that moved
    kind: other
    url: https://moved.example.com/old
    accessed: 2026-10-01
  - id: walled
    title: A page behind a bot wall
    kind: other
    url: https://walled.example.net/article
    accessed: 2026-10-01
  - id: slow
    title: A page that never answers
    kind: other
    url: https://slow.example.edu/report
    accessed: 2026-10-01
claims:
"""
ALLOW = "    kind: assessment\n    allow: [{rule: S001, reason: the page's own assessment}]\n"
#: A constraint that fails, so a finding names other claims (`related`).
CONSTRAINT = """\
constraints:
  - id: reviewed_within_offences
    expr: offences_2024 <= review_cases
"""

RESULTS = (
    LinkResult("https://example.org/audit", Verdict.DEAD, 404, elapsed_ms=31),
    LinkResult(
        "https://moved.example.com/old",
        Verdict.REDIRECTED,
        200,
        final_url="https://moved.example.com/new",
        redirects=(Hop(301, "https://moved.example.com/old"),),
        elapsed_ms=52,
        attempts=2,
    ),
    LinkResult("https://walled.example.net/article", Verdict.BLOCKED, 403, elapsed_ms=12),
    LinkResult("https://slow.example.edu/report", Verdict.TIMEOUT, error="timed out after 10s"),
    LinkResult("http://10.0.0.1/", Verdict.SKIPPED, skip=Skip.PRIVATE),
    LinkResult("https://busy.example.org/", Verdict.RATE_LIMITED, 429, attempts=3),
    LinkResult("https://fine.example.org/", Verdict.ALIVE, 200, from_cache=True),
)


def loaded_registry() -> LoadedRegistry:
    text = GOLDEN.read_text(encoding="utf-8")
    text = text.replace("claims:\n", EXTRA_SOURCES, 1)
    text = text.replace("    kind: assessment\n", ALLOW, 1) + CONSTRAINT
    return parse_registry(text, "claims.yaml")


def rich_report(results: tuple[LinkResult, ...] = RESULTS, *, baseline: bool = True) -> Report:
    """Findings of many rules, links of every kind, page coverage, suppressed and a baseline."""
    loaded = loaded_registry()
    links = LinkRun(results={r.url: r for r in results})
    page = read_page(PAGE)
    known: frozenset[str] | None = None
    if baseline:
        first = run_checks(loaded, today=TODAY, links=links, page=page)
        # Two findings the baseline knows, and one it knew that is gone (fixed).
        known = frozenset([*(f.fingerprint() for f in first.findings[:2]), "0" * 32])
    return run_checks(loaded, today=TODAY, links=links, page=page, baseline=known)


def round_trip(report: Report) -> Report:
    return report_from_json(json.loads(dumps(report_json(report))), "report.json")


def test_the_rich_report_is_rich() -> None:
    report = rich_report()
    codes = {f.code for f in report.findings}
    assert {"C003", "L001", "L003", "L004", "L006", "P001", "S001", "T003"} <= codes
    assert report.suppressed == 1
    assert report.coverage is not None and report.baseline == {"known": 2, "fixed": 1}
    assert report.links is not None and len({r.verdict for r in report.links}) == len(RESULTS)
    assert any(f.hint for f in report.findings) and any(f.related for f in report.findings)
    assert all(c.text for c in report.claims)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_format_from_a_report_read_back_equals_the_format_rendered_directly(
    fmt: str,
) -> None:
    report = rich_report()
    render = RENDERERS[fmt].render
    assert render(round_trip(report), OPTIONS) == render(report, OPTIONS)


def test_the_report_read_back_has_the_same_values() -> None:
    report = rich_report()
    again = round_trip(report)
    assert [f.fingerprint() for f in again.findings] == [f.fingerprint() for f in report.findings]
    assert again.claims == report.claims
    assert again.links == report.links
    assert (again.coverage, again.baseline, again.suppressed) == (
        report.coverage,
        report.baseline,
        report.suppressed,
    )
    assert round_trip(again) == again  # and a second trip changes nothing


def test_a_report_without_links_page_or_baseline_reads_back() -> None:
    report = run_checks(loaded_registry(), today=TODAY)
    again = round_trip(report)
    assert (again.links, again.coverage, again.baseline) == (None, None, None)
    for renderer in RENDERERS.values():
        assert renderer.render(again, OPTIONS) == renderer.render(report, OPTIONS)


def write(report: Report, path: Path) -> Path:
    path.write_text(RENDERERS["json"].render(report, OPTIONS), encoding="utf-8")
    return path


def shard_reports(tmp_path: Path) -> list[Path]:
    """The reports of two jobs, each checking the links of its own hosts."""
    paths = []
    for k in (1, 2):
        own = tuple(r for r in RESULTS if in_shard(r.url, (k, 2)))
        assert 0 < len(own) < len(RESULTS)
        path = tmp_path / f"shard-{k}.json"
        text = RENDERERS["json"].render(
            rich_report(own, baseline=False), RenderOptions(shard=(k, 2))
        )
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def sarif_prints(text: str) -> list[str]:
    return sorted(
        r["partialFingerprints"]["claimcheck/v1"] for r in json.loads(text)["runs"][0]["results"]
    )


def test_merged_shards_keep_the_fingerprints_of_the_direct_run(tmp_path: Path) -> None:
    direct = rich_report(baseline=False)
    merged = merge_reports(shard_reports(tmp_path))
    sarif = RENDERERS["sarif"].render
    assert sarif_prints(sarif(merged, OPTIONS)) == sarif_prints(sarif(direct, OPTIONS))
    assert sarif(merged, OPTIONS) == sarif(direct, OPTIONS)


def test_merged_shards_render_as_the_direct_run_in_every_format(tmp_path: Path) -> None:
    direct = rich_report(baseline=False)
    merged = merge_reports(shard_reports(tmp_path))
    assert merged.claims == direct.claims
    assert merged.links is not None and direct.links is not None
    assert sorted(merged.links, key=lambda r: r.url) == sorted(direct.links, key=lambda r: r.url)
    assert (merged.coverage, merged.suppressed) == (direct.coverage, direct.suppressed)
    for name, renderer in RENDERERS.items():
        if name != "json":  # the links are listed shard by shard, not in the registry's order
            assert renderer.render(merged, OPTIONS) == renderer.render(direct, OPTIONS), name


def test_merge_command_gives_the_direct_sarif(tmp_path: Path) -> None:
    result = runner.invoke(app, ["merge", *map(str, shard_reports(tmp_path)), "-f", "sarif"])
    assert result.exit_code == 1, result.stderr
    direct = RENDERERS["sarif"].render(rich_report(baseline=False), OPTIONS)
    assert sarif_prints(result.stdout) == sarif_prints(direct)


def test_a_report_merged_with_itself_is_unchanged(tmp_path: Path) -> None:
    report = rich_report()
    path = write(report, tmp_path / "r.json")
    merged = merge_reports([path, path])
    for renderer in RENDERERS.values():
        assert renderer.render(merged, OPTIONS) == renderer.render(report, OPTIONS)


def test_read_report_reads_a_file(tmp_path: Path) -> None:
    report = rich_report()
    again = read_report(write(report, tmp_path / "r.json"))
    assert RENDERERS["sarif"].render(again, OPTIONS) == RENDERERS["sarif"].render(report, OPTIONS)


def good_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(dumps(report_json(rich_report())))
    return document


def broken(change: str) -> dict[str, Any]:
    document = good_document()
    finding = document["findings"][0]
    if change == "schema":
        document["schema_version"] = 2
    elif change == "not an object":
        return ["a list"]  # type: ignore[return-value]
    elif change == "missing":
        del finding["message"]
    elif change == "mistyped":
        finding["location"]["line"] = "12"
    elif change == "rule":
        finding["code"] = "Z999"
    elif change == "severity":
        finding["severity"] = "fatal"
    elif change == "path":
        finding["path"] = ["claims", 1.5]
    elif change == "state":
        document["claims"][0]["states"] = ["fine"]
    elif change == "verdict":
        document["links"][0]["verdict"] = "gone"
    elif change == "link field":
        document["links"][0]["status"] = "404"
    elif change == "today":
        document["today"] = "24/11/2026"
    elif change == "old":  # written before reports carried the node path
        del finding["path"]
    elif change == "coverage":
        document["coverage"] = {"figures": "many"}
    elif change == "coverage key":
        del document["coverage"]["statements"]
    return document


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ("schema", "schema_version 1"),
        ("not an object", "schema_version 1"),
        ("missing", "missing required field `message` - at `$.findings[0]`"),
        ("old", "an older claimcheck, without what fingerprints are made of"),
        ("mistyped", "findings[0].location.line"),
        ("rule", "unknown rule code 'Z999'"),
        ("severity", "findings[0].severity"),
        ("path", "findings[0].path[1]"),
        ("state", "claims[0].states[0]"),
        ("verdict", "links[0].verdict"),
        ("link field", "links[0].status"),
        ("today", "today"),
        ("coverage", "`$.coverage"),
        ("coverage key", "`$.coverage` has no statements"),
    ],
)
def test_a_bad_report_is_one_line_naming_the_file(change: str, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        report_from_json(broken(change), "shard-1.json")
    text = str(caught.value)
    assert text.startswith("shard-1.json: error: ") and says in text, text
    assert "\n" not in text and caught.value.hint


def test_bad_files_through_merge_are_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1,', encoding="utf-8")
    result = runner.invoke(app, ["merge", str(bad)])
    assert result.exit_code == 2 and f"{bad}:1:" in result.stderr and "not JSON" in result.stderr
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(broken("rule")), encoding="utf-8")
    result = runner.invoke(app, ["merge", str(wrong)])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"{wrong}: error: " in result.stderr and "Z999" in result.stderr
    missing = runner.invoke(app, ["merge", str(tmp_path / "none.json")])
    assert missing.exit_code == 2 and "none.json" in missing.stderr


def test_reports_of_different_runs_are_not_merged(tmp_path: Path) -> None:
    report = rich_report()
    first = write(report, tmp_path / "a.json")
    for other in (
        replace(report, registry="other.yaml"),
        replace(report, today=date(2026, 1, 1)),
    ):
        second = write(other, tmp_path / "b.json")
        with pytest.raises(ConfigError) as caught:
            merge_reports([first, second])
        assert str(caught.value).startswith(f"{second}: error: a report of ")
