"""Source pages and registries for the tests of fetching and reading a source (review 14):
two subjects (river quality, housing completions), each a registry with a quote and a
figure, and the page that says them; a snapshot and a verify run of them on loopback."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from claimcheck.cli import app
from tests.sourceserver import Site

runner = CliRunner()


def page(body: str, title: str = "Annual statistics") -> bytes:
    """An ordinary article page around `body` (its paragraphs)."""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/about'>About</a> 99 links</nav>"
        f"<main><article><h1>{title}</h1>"
        "<p>This release gives the year's figures. They are provisional and will be revised "
        "when the final returns are in, as every year.</p>"
        f"{body}"
        "<p>Methods are described in the technical annex published with this release, and "
        "the revisions policy on the statistics pages.</p>"
        "</article></main><footer>Contact 0300 123 4567</footer></body></html>"
    ).encode()


RIVERS_QUOTE = "37 per cent of rivers were in good ecological status in 2024"
RIVERS = f"""version: 1
sources:
  - id: water
    title: River quality statistics
    kind: statistics
    url: '{{url}}'
    accessed: 2025-05-01
claims:
  - id: good_rivers
    text: 37% of rivers were in good ecological status in 2024.
    kind: figure
    value: 37
    unit: percent
    measure: rivers in good ecological status
    period: 2024
    citations:
      - {{{{source: water, quote: '{RIVERS_QUOTE}'}}}}
    review: {{{{status: verified, on: 2025-05-01, by: me}}}}
"""
HOMES_QUOTE = "Councils completed 15,400 new homes in 2023/24"
HOMES = f"""version: 1
sources:
  - id: housing
    title: Housing supply report
    kind: report
    url: '{{url}}'
    accessed: 2025-05-01
claims:
  - id: completions
    text: Councils completed 15,400 new homes in 2023/24.
    kind: figure
    value: 15400
    unit: homes
    measure: new homes completed
    period: 2023/24
    citations:
      - {{{{source: housing, quote: '{HOMES_QUOTE}'}}}}
    review: {{{{status: verified, on: 2025-05-01, by: me}}}}
"""
SUBJECTS = {
    "rivers": (RIVERS, f"<p>{RIVERS_QUOTE}, up from 33 per cent in 2021.</p>"),
    "homes": (HOMES, f"<p>{HOMES_QUOTE}, the most since 1990.</p>"),
}


def no_quote(template: str) -> str:
    """The registry's citation without its quote: the figure alone is checked."""
    return re.sub(r", quote: '[^']*'", "", template)


def write_registry(tmp_path: Path, template: str, url: str) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(template.format(url=url), encoding="utf-8")
    return path


def take_snapshot(path: Path, site: Site) -> Any:
    api = site.url("/wayback/available", "127.0.0.3")
    return runner.invoke(
        app,
        ["snapshot", str(path), "--allow-private", "--archive-api", api, "--today", "2025-06-01"],
        env={"CLAIMCHECK_OFFLINE": ""},
    )


def run_verify(path: Path) -> dict[str, Any]:
    result = runner.invoke(
        app, ["verify", str(path), "--select", "Q", "-f", "json", "--today", "2025-06-01"]
    )
    assert result.exit_code in (0, 1), result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def codes_of(report: dict[str, Any]) -> set[str]:
    return {f["code"] for f in report["findings"]}


def verdicts(report: dict[str, Any]) -> list[dict[str, str]]:
    return [c["support"] for claim in report["claims"] for c in claim.get("citations") or []]
