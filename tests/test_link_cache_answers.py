"""The link cache gives the newest answer, and the report says which links it answered
(review 17, items 3 and 4).

Before: a link cached `alive` and found dead by a later run (a short TTL) was `alive` again
from the cache in the next normal or `--offline` run (`put` wrote good results and never
dropped one); and a config naming a cache file the pull request commits (`[links] cache =
"planted.sqlite3"`, `cache-ttl = "100000w"`), whose rows said `alive` for dead links, made
every dead link pass: "0 errors", exit 0, and nothing said the answers came from a cache.
Planted on two sites (a football club's, a hospital trust's) on loopback, each with its
clean twin.
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
from claimcheck.links.cache import LinkCache
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


def settings(cache: Path, **changes: object) -> LinkSettings:
    base = LinkSettings(allow_private=True, timeout=2.0, host_interval=0.0, retries=0, cache=cache)
    return replace(base, **changes)  # type: ignore[arg-type]


def check(
    urls: list[str],
    how: LinkSettings,
    clock: FakeClock,
    *,
    offline: bool = False,
) -> LinkRun:
    http = HttpEdge(how, clock)
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
