"""L003 names where a page moved for good (review 17, item 9).

Before: 301 -> /interim, 302 -> /season gave "moved permanently to /season, fix: update the
citation to /season", though /season is only where /interim sends readers for now. Now L003
names the last permanent hop's target. Planted on two sites (a football club's, a hospital
trust's) on loopback, with clean twins.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck.checks.links import moved_to
from claimcheck.cli import app
from claimcheck.links.model import Hop, LinkResult, Verdict
from tests.linksites import FOOTBALL, HOSPITAL, Sites, serve_sites

runner = CliRunner()
ONLINE = (
    "--online",
    "--allow-private",
    "--no-cache",
    "--timeout",
    "2",
    "--retries",
    "0",
    "--host-interval",
    "0",
)


@pytest.fixture(scope="module")
def sites() -> Iterator[Sites]:
    with serve_sites() as running:
        yield running


def _source(name: str, url: str | None, archive: str | None = None) -> str:
    text = f"  - id: {name}\n    title: {name}\n    kind: webpage\n"
    text += f"    url: {json.dumps(url)}\n" if url else ""
    return text + (f"    archive_url: {json.dumps(archive)}\n" if archive else "")


def report(root: Path, sources: list[str]) -> dict[str, Any]:
    """`links` on a registry of `sources`, one claim citing each: the JSON report."""
    names = [s.split("id: ", 1)[1].split("\n", 1)[0] for s in sources]
    claims = "".join(
        f"  - id: claim_{name}\n    text: A fact.\n    kind: fact\n"
        f"    citations: [{{source: {name}}}]\n"
        for name in names
    )
    path = root / "claims.yaml"
    path.write_text("version: 1\nsources:\n" + "".join(sources) + "claims:\n" + claims, "utf-8")
    result = runner.invoke(app, ["links", str(path), *ONLINE, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def by_source(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for finding in document["findings"]:
        found.setdefault(finding["source"], []).append(finding)
    return found


def states(document: dict[str, Any]) -> dict[str, list[str]]:
    return {c["id"]: c["states"] for c in document["claims"]}


# --- L003: the address to cite is where the permanent redirects lead (item 9) -----------------


@pytest.mark.parametrize(
    ("host", "start", "moved", "final"),
    [
        (FOOTBALL, "/moved", "/interim", "/season"),  # 301 -> /interim, 302 -> /season
        (HOSPITAL, "/old-stats", "/stats-2025", "/stats"),  # 308, 301, then 307
    ],
)
def test_l003_names_the_last_permanent_target_not_a_temporary_one(
    sites: Sites, tmp_path: Path, host: str, start: str, moved: str, final: str
) -> None:
    document = report(tmp_path, [_source("report", sites.url(start, host))])
    (finding,) = by_source(document)["report"]
    assert finding["code"] == "L003"
    assert finding["hint"] == f"update the citation to {sites.url(moved, host)}"
    assert f"moved permanently to {sites.url(moved, host)}" in finding["message"]
    assert f"temporarily, to {sites.url(final, host)}" in finding["message"]


@pytest.mark.parametrize("host", [FOOTBALL, HOSPITAL])
def test_permanent_all_the_way_names_the_page_and_temporary_first_is_no_move(
    sites: Sites, tmp_path: Path, host: str
) -> None:
    """The clean twins: 301 straight to the page names the page; 302 then 301 is alive (the
    cited address lends the page for now: the citation stands)."""
    document = report(
        tmp_path,
        [
            _source("direct", sites.url("/for-good", host)),
            _source("lent", sites.url("/for-now", host)),
        ],
    )
    found = by_source(document)
    (direct,) = found["direct"]
    assert direct["hint"] == f"update the citation to {sites.url('/season', host)}"
    assert "temporarily" not in direct["message"]
    assert "lent" not in found


def test_moved_to_reads_the_hops() -> None:
    url = "https://rovers.example.org/a"

    def chain(*statuses: int) -> LinkResult:
        hops = tuple(Hop(s, f"https://rovers.example.org/{n}") for n, s in enumerate(statuses))
        return LinkResult(url, Verdict.REDIRECTED, 200, "https://rovers.example.org/end", hops)

    assert moved_to(chain(301)) == "https://rovers.example.org/end"
    assert moved_to(chain(301, 302)) == "https://rovers.example.org/1"
    assert moved_to(chain(308, 301, 307, 301)) == "https://rovers.example.org/2"
    assert moved_to(chain(302, 301)) is None
    assert moved_to(chain()) is None
