"""The link cache gives the newest answer, only to a run whose check it satisfies, and the
report says which links it answered (review 17, items 3, 4 and 5).

Before: a link cached `alive` and found dead by a later run (a short TTL) was `alive` again
from the cache in the next normal or `--offline` run (`put` wrote good results and never
dropped one); a `--method head-get` alive (HEAD 200, GET 404) or one checked without the
soft-404 probe answered a plain GET run, or one with the probe, as `alive, cached`; and a run
whose every link came from the cache said "0 errors" with nothing about the cache. Planted
on two sites (a football club's, a hospital trust's) on loopback, each with its clean twin.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.clock import FakeClock
from claimcheck.http import HttpEdge
from claimcheck.links.cache import UNSAID_MODE, CheckMode, LinkCache
from claimcheck.links.model import Hop, LinkResult, LinkRun, Skip, Verdict
from claimcheck.links.pool import check_urls
from claimcheck.links.settings import LinkSettings
from tests.linksites import FOOTBALL, HOSPITAL, Sites, serve_sites

runner = CliRunner()
DAY = 86400.0
#: Each site's page that dies between runs, and a page that stays.
SUBJECTS = {
    "football": (FOOTBALL, "/season", "/fixtures"),
    "hospital": (HOSPITAL, "/waiting", "/annex"),
}


@pytest.fixture(scope="module")
def sites() -> Iterator[Sites]:
    with serve_sites() as running:
        yield running


@pytest.fixture(autouse=True)
def _alive_again(sites: Sites) -> Iterator[None]:
    yield
    sites.dead.clear()


class ModeEdge(HttpEdge):
    """An edge whose cache knows the run's check (`CheckMode.of` its settings), as the CLI's
    edge must open it (see the report of review 17: claimcheck.http.HttpEdge.cache)."""

    def cache(self) -> LinkCache | None:
        if self._cache is None and self.settings.use_cache and self.settings.cache:
            mode = CheckMode.of(self.settings)
            self._cache = LinkCache(self.settings.cache, self.settings.cache_ttl, mode)
        return self._cache


def settings(cache: Path, **changes: object) -> LinkSettings:
    base = LinkSettings(allow_private=True, timeout=2.0, host_interval=0.0, retries=0, cache=cache)
    return replace(base, **changes)  # type: ignore[arg-type]


def check(
    urls: list[str],
    how: LinkSettings,
    clock: FakeClock,
    *,
    offline: bool = False,
    edge: type[HttpEdge] = HttpEdge,
) -> LinkRun:
    http = edge(how, clock)
    try:
        return asyncio.run(check_urls(urls, http, offline=offline))
    finally:
        http.close()


# --- the newest answer wins (item 4) ----------------------------------------------------------


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_link_found_dead_is_never_alive_again_from_the_cache(
    sites: Sites, tmp_path: Path, subject: str
) -> None:
    host, dying, staying = SUBJECTS[subject]
    url, twin = sites.url(dying, host), sites.url(staying, host)
    path, clock = tmp_path / "links.sqlite3", FakeClock()
    first = check([url, twin], settings(path), clock)
    assert first.results[url].verdict is Verdict.ALIVE  # kept in the cache
    sites.dead.add(dying)
    clock.elapsed += 60
    found = check([url, twin], settings(path, cache_ttl=30.0), clock)  # a short TTL: asked
    assert found.results[url].verdict is Verdict.DEAD and not found.results[url].from_cache
    clock.elapsed += 60
    again = check([url, twin], settings(path), clock)  # the default TTL: the 2-min-old alive
    assert again.results[url].verdict is Verdict.DEAD, "an older alive answered from the cache"
    assert not again.results[url].from_cache
    offline = check([url, twin], settings(path), clock, offline=True)
    assert offline.results[url].skip is Skip.OFFLINE  # not checked: never the old alive
    # The clean twin: a page that stayed alive is answered from the cache, online and off.
    assert again.results[twin].verdict is Verdict.ALIVE and again.results[twin].from_cache
    assert offline.results[twin].verdict is Verdict.ALIVE and offline.results[twin].from_cache


def result(url: str, verdict: Verdict, **fields: object) -> LinkResult:
    return replace(LinkResult(url, verdict, 200, url, (), 5, None, 1), **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "later",
    [
        result("x", Verdict.DEAD, status=404),
        result("x", Verdict.SOFT_404),
        result("x", Verdict.BLOCKED, status=403),
        result("x", Verdict.TIMEOUT, status=None),
        result("x", Verdict.ERROR, status=503),
        result("x", Verdict.RATE_LIMITED, status=429),
        # Refused after a redirect (requested: the page now sends readers to an intranet).
        result("x", Verdict.SKIPPED, skip=Skip.PRIVATE, attempts=1),
    ],
    ids=lambda r: r.verdict.value,
)
@pytest.mark.parametrize(
    "url", ["https://rovers.example.org/season", "https://trust.example.nhs.uk/waiting"]
)
def test_every_later_answer_that_is_not_good_drops_the_good_one(
    tmp_path: Path, later: LinkResult, url: str
) -> None:
    cache = LinkCache(tmp_path / "links.sqlite3", DAY)
    cache.put(result(url, Verdict.ALIVE), 1000.0)
    assert cache.get(url, 1001.0) is not None
    cache.put(replace(later, url=url), 1002.0)
    assert cache.get(url, 1003.0) is None
    cache.close()
    reopened = LinkCache(tmp_path / "links.sqlite3", DAY)  # and so it was written
    assert reopened.get(url, 1003.0) is None
    assert reopened.last_requested([url], 1003.0) == {url: 1002.0}
    reopened.close()


@pytest.mark.parametrize(
    "url", ["https://rovers.example.org/season", "https://trust.example.nhs.uk/waiting"]
)
def test_what_is_no_answer_keeps_the_good_one(tmp_path: Path, url: str) -> None:
    """The clean twins: a result answered from the cache, or a link never requested (out of
    time, over its host's budget, excluded), says nothing new of the link."""
    cache = LinkCache(tmp_path / "links.sqlite3", DAY)
    cache.put(result(url, Verdict.ALIVE), 1000.0)
    cache.put(result(url, Verdict.DEAD, from_cache=True), 1001.0)
    for skip in (Skip.OUT_OF_TIME, Skip.BUDGET, Skip.EXCLUDED):
        cache.put(result(url, Verdict.SKIPPED, skip=skip, attempts=0), 1001.0)
    kept = cache.get(url, 1002.0)
    assert kept is not None and kept.verdict is Verdict.ALIVE
    cache.put(result(url, Verdict.REDIRECTED, redirects=(Hop(301, url),)), 1003.0)
    newer = cache.get(url, 1004.0)  # a newer good answer replaces it
    assert newer is not None and newer.verdict is Verdict.REDIRECTED
    cache.close()


# --- a looser check never answers for a stricter one (item 5) ---------------------------------


@pytest.mark.parametrize(
    ("written", "read", "served"),
    [
        (CheckMode("head-get"), CheckMode("get"), False),  # planted: a believed HEAD
        (CheckMode("get", probe=False), CheckMode("get", probe=True), False),  # planted
        (CheckMode("head-get", probe=True), CheckMode("get", probe=True), False),
        (CheckMode("get", probe=True), CheckMode("head-get", probe=True), True),  # twins
        (CheckMode("get"), CheckMode("head-get"), True),
        (CheckMode("get", probe=True), CheckMode("get"), True),
        (CheckMode("head-get"), CheckMode("head-get"), True),
    ],
)
def test_a_kept_result_serves_only_a_check_it_is_as_strict_as(
    tmp_path: Path, written: CheckMode, read: CheckMode, served: bool
) -> None:
    url = "https://rovers.example.org/fixtures"
    writer = LinkCache(tmp_path / "links.sqlite3", DAY, written)
    writer.put(result(url, Verdict.ALIVE), 1000.0)
    writer.close()
    reader = LinkCache(tmp_path / "links.sqlite3", DAY, read)
    assert (reader.get(url, 1001.0) is not None) is served
    reader.close()


def test_a_result_through_more_redirects_than_a_run_allows_is_not_served(tmp_path: Path) -> None:
    url = "https://trust.example.nhs.uk/old-waiting"
    hops = tuple(Hop(302, f"{url}/{n}") for n in range(3))
    cache = LinkCache(tmp_path / "links.sqlite3", DAY)
    cache.put(result(url, Verdict.ALIVE, redirects=hops), 1000.0)
    cache.close()
    for most, served in ((2, False), (3, True)):
        reader = LinkCache(tmp_path / "links.sqlite3", DAY, CheckMode(max_redirects=most))
        assert (reader.get(url, 1001.0) is not None) is served
        reader.close()


def test_a_row_without_a_mode_reads_as_the_defaults_and_a_bad_mode_is_a_miss(
    tmp_path: Path,
) -> None:
    """A cache written before modes were kept: its rows were checked as claimcheck checks by
    default, and last one TTL. A mode row nobody wrote is a miss, not an error."""
    url = "https://rovers.example.org/season"
    path = tmp_path / "links.sqlite3"
    LinkCache(path, DAY).close()
    with sqlite3.connect(path) as db:
        db.execute("insert into results values (?, 'alive', 200, null, '[]', 1000.0)", (url,))
    assert CheckMode() == UNSAID_MODE
    for mode, served in ((CheckMode(), True), (CheckMode(probe=True), False)):
        reader = LinkCache(path, DAY, mode)
        assert (reader.get(url, 1001.0) is not None) is served
        reader.close()
    with sqlite3.connect(path) as db:
        db.execute("insert into modes values (?, 'post', 7)", (url,))
    reader = LinkCache(path, DAY)
    assert reader.get(url, 1001.0) is None
    reader.close()


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_head_get_alive_is_checked_again_by_a_get_run(
    sites: Sites, tmp_path: Path, subject: str
) -> None:
    host, _, staying = SUBJECTS[subject]
    lying, twin = sites.url("/head-lies", host), sites.url(staying, host)
    path, clock = tmp_path / "links.sqlite3", FakeClock()
    loose = settings(path, method="head-get")
    first = check([lying, twin], loose, clock, edge=ModeEdge)
    assert first.results[lying].verdict is Verdict.ALIVE  # HEAD 200 believed
    strict = check([lying, twin], settings(path), clock, edge=ModeEdge)
    assert strict.results[lying].verdict is Verdict.DEAD and not strict.results[lying].from_cache
    # The clean twin: a GET run's alive answers a later head-get run.
    assert strict.results[twin].verdict is Verdict.ALIVE
    again = check([twin], loose, clock, edge=ModeEdge)
    assert again.results[twin].from_cache


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_an_alive_checked_without_the_probe_is_checked_again_with_it(
    sites: Sites, tmp_path: Path, subject: str
) -> None:
    host, _, _ = SUBJECTS[subject]
    shell = sites.url("/any/reports/page", host)  # the page its site gives for any path
    path, clock = tmp_path / "links.sqlite3", FakeClock()
    first = check([shell], settings(path), clock, edge=ModeEdge)
    assert first.results[shell].verdict is Verdict.ALIVE
    probed = check([shell], settings(path, soft_404_probe=True), clock, edge=ModeEdge)
    assert probed.results[shell].verdict is Verdict.SOFT_404
    assert not probed.results[shell].from_cache


def _registry(root: Path, urls: dict[str, str]) -> Path:
    sources = "".join(
        f"  - id: {name}\n    title: {name}\n    kind: webpage\n    url: {json.dumps(url)}\n"
        for name, url in urls.items()
    )
    cites = ", ".join(f"{{source: {name}}}" for name in urls)
    path = root / "claims.yaml"
    path.write_text(
        f"version: 1\nsources:\n{sources}claims:\n  - id: c1\n    text: A fact.\n"
        f"    kind: fact\n    citations: [{cites}]\n",
        encoding="utf-8",
    )
    return path


ONLINE = ("--online", "--allow-private", "--timeout", "2", "--retries", "0", "--host-interval", "0")


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_links_with_get_after_head_get_reports_the_dead_link(
    sites: Sites, tmp_path: Path, subject: str
) -> None:
    host = SUBJECTS[subject][0]
    registry = _registry(tmp_path, {"report": sites.url("/head-lies", host)})
    cache = ("--cache", str(tmp_path / "links.sqlite3"))
    loose = runner.invoke(app, ["links", str(registry), *ONLINE, *cache, "--method", "head-get"])
    assert loose.exit_code == 0, loose.output
    strict = runner.invoke(app, ["links", str(registry), *ONLINE, *cache, "-f", "json"])
    assert strict.exit_code == 1, strict.output
    assert [f["code"] for f in json.loads(strict.stdout)["findings"]] == ["L001"]


# --- the report says which answers came from the cache (item 3) -------------------------------


def said(text: str) -> str:
    """The report's words, its lines joined (the terminal wraps at 100 columns)."""
    return " ".join(text.split())


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_the_summary_counts_the_links_answered_from_the_cache(
    sites: Sites, tmp_path: Path, subject: str
) -> None:
    host, page, other = SUBJECTS[subject]
    registry = _registry(tmp_path, {"a": sites.url(page, host), "b": sites.url(other, host)})
    cache = ("--cache", str(tmp_path / "links.sqlite3"))
    first = runner.invoke(app, ["links", str(registry), *ONLINE, *cache])
    assert first.exit_code == 0, first.output
    assert "from the cache" not in first.stdout  # the clean twin: both requested now
    second = runner.invoke(app, ["links", str(registry), *ONLINE, *cache])
    assert second.exit_code == 0, second.output
    assert "links: 2 of 2 from the cache (not requested in this run)" in said(second.stdout)
    offline = runner.invoke(app, ["links", str(registry), "--offline", *cache, "-f", "markdown"])
    assert "2 of 2 from the cache" in offline.stdout, offline.output
    sites.dead.add(other)  # one from the cache, one not checked: both said, on one line
    registry = _registry(
        tmp_path, {"a": sites.url(page, host), "c": sites.url("/never-seen", host)}
    )
    mixed = runner.invoke(app, ["links", str(registry), "--offline", *cache])
    assert (
        "links: 1 of 2 not checked (1 offline and not in the cache); "
        "1 of 2 from the cache (not requested in this run)"
    ) in said(mixed.stdout), mixed.output


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_planted_config_and_cache_cannot_pass_dead_links(
    sites: Sites, tmp_path: Path, subject: str
) -> None:
    """The review's attack: a config naming a cache file the pull request commits, with
    `alive` rows for its dead links and a TTL of 100,000 weeks: `0 errors`, exit 0."""
    host, page, _ = SUBJECTS[subject]
    (tmp_path / ".git").mkdir()
    dead = sites.url("/gone", host)
    registry = _registry(tmp_path, {"dead": dead, "fine": sites.url(page, host)})
    planted = tmp_path / "planted.sqlite3"
    LinkCache(planted, DAY).close()
    with sqlite3.connect(planted) as db:
        db.execute("insert into results values (?, 'alive', 200, null, '[]', 1000.0)", (dead,))
    config = tmp_path / "claimcheck.toml"
    config.write_text('[links]\ncache = "planted.sqlite3"\ncache-ttl = "100000w"\n', "utf-8")
    result = runner.invoke(app, ["links", str(registry), *ONLINE, "--config", str(config)])
    assert result.exit_code == 2, result.output
    assert "claimcheck.toml:2:1" in result.stderr and "may not be set in a config file" in (
        result.stderr
    )
    # Without the cache key, the TTL alone is refused too; within bounds, the link is dead.
    config.write_text('[links]\ncache-ttl = "100000w"\n', "utf-8")
    ttl = runner.invoke(app, ["links", str(registry), *ONLINE, "--config", str(config)])
    assert ttl.exit_code == 2 and "at most 30d" in ttl.stderr, ttl.output
    config.write_text('[links]\ncache-ttl = "30d"\n', "utf-8")
    clean = runner.invoke(
        app,
        ["links", str(registry), *ONLINE, "--config", str(config), "--cache", str(planted)],
        env={"CLAIMCHECK_OFFLINE": ""},
    )
    assert clean.exit_code == 1, clean.output  # the planted row is older than any TTL
    assert "L001" in clean.stdout and dead in clean.stdout
