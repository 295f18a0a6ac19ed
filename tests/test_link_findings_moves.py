"""L003 names where a page moved for good, and a broken archived copy is told as what it is
(review 17, items 9 and 12b).

Before: 301 -> /interim, 302 -> /season gave "moved permanently to /season, fix: update the
citation to /season", though /season is only where /interim sends readers for now; and a dead
`archive_url` on a source whose `url` works was L001 with "fix: find an archived copy ... and
add it as `archive_url`" (that copy is the dead link), and marked every claim citing the source
`failing-source` though its url answers. Now L003 names the last permanent hop's target, and
such a copy is L011, which marks no claim. Planted on two sites (a football club's, a hospital
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


# --- a broken archived copy of a working page (item 12b) ---------------------------------------


@pytest.mark.parametrize(("host", "page"), [(FOOTBALL, "/season"), (HOSPITAL, "/waiting")])
def test_a_dead_archive_of_a_live_url_is_l011_and_marks_no_claim(
    sites: Sites, tmp_path: Path, host: str, page: str
) -> None:
    archive = sites.url("/gone", host)
    document = report(tmp_path, [_source("report", sites.url(page, host), archive)])
    (finding,) = by_source(document)["report"]
    assert finding["code"] == "L011" and finding["severity"] == "error"
    assert finding["message"].startswith(f"archive_url {archive}: dead (HTTP 404)")
    assert "add it as `archive_url`" not in finding["hint"]
    assert finding["hint"].startswith("find another capture")
    assert "failing-source" not in states(document)["claim_report"]


@pytest.mark.parametrize(("host", "page"), [(FOOTBALL, "/season"), (HOSPITAL, "/waiting")])
def test_the_twins_a_live_archive_a_source_with_only_its_archive_and_both_dead(
    sites: Sites, tmp_path: Path, host: str, page: str
) -> None:
    live, gone = sites.url(page, host), sites.url("/gone", host)
    document = report(
        tmp_path,
        [
            _source("fine", live, sites.url("/annex", host)),  # both answer: nothing
            _source("only_copy", None, gone),  # no url: the copy is the source, and gone
            _source("both_gone", sites.url("/gone?page", host), gone),
        ],
    )
    found = by_source(document)
    assert "fine" not in found and "failing-source" not in states(document)["claim_fine"]
    (only,) = found["only_copy"]
    assert only["code"] == "L001"
    assert "failing-source" in states(document)["claim_only_copy"]
    url_finding = next(f for f in found["both_gone"] if f["code"] == "L001")
    assert "its archived copy" in url_finding["hint"] and "fails too" in url_finding["hint"]
    assert "cite the archived copy" not in url_finding["hint"]
    assert [f["code"] for f in found["both_gone"]] == ["L001", "L011"]
    assert "failing-source" in states(document)["claim_both_gone"]


def test_a_dead_url_with_a_live_archive_is_still_told_to_cite_it(
    sites: Sites, tmp_path: Path
) -> None:
    archive = sites.url("/annex", HOSPITAL)
    document = report(tmp_path, [_source("board", sites.url("/gone", HOSPITAL), archive)])
    (finding,) = by_source(document)["board"]
    assert finding["code"] == "L001" and finding["hint"] == f"cite the archived copy: {archive}"
