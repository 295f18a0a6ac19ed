"""A config may not choose the link cache, and the report says which links the cache
answered (review 17, item 3).

Before: a config naming a cache file the pull request commits (`[links] cache =
"planted.sqlite3"`, `cache-ttl = "100000w"`), whose rows said `alive` for dead links, made
every dead link pass: "0 errors", exit 0, and nothing said the answers came from a cache.
Planted on two sites (a football club's, a hospital trust's) on loopback, each with its
clean twin.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.links.cache import LinkCache
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
