"""Politeness at scale: `max-per-host` (a per-host budget per run, the rest carried to the next)
and the cache's time-to-live jitter. Against real servers on 127.0.0.2-4, with a fake clock."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.clock import FakeClock
from claimcheck.config import load_settings
from claimcheck.engine import run_checks
from claimcheck.errors import ConfigError
from claimcheck.http import HttpEdge
from claimcheck.links.cache import TTL_JITTER, LinkCache, ttl_for
from claimcheck.links.model import LinkResult, LinkRun, Skip, Verdict
from claimcheck.links.pool import carried_result, check_urls, within_budget
from claimcheck.links.settings import LinkSettings
from claimcheck.loader import load_registry
from tests.conftest import TODAY
from tests.linkserver import HOSTS, Server, serve

FAST = LinkSettings(allow_private=True, timeout=0.5, host_interval=0.0, retries=0, use_cache=False)
DAY = 86400.0


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


def check(urls: list[str], settings: LinkSettings, clock: FakeClock | None = None) -> LinkRun:
    edge = HttpEdge(settings, clock or FakeClock())
    try:
        return asyncio.run(check_urls(urls, edge))
    finally:
        edge.close()


def budget(limit: int, cache: Path | None = None) -> LinkSettings:
    if cache is None:
        return replace(FAST, max_per_host=limit)
    return replace(FAST, max_per_host=limit, use_cache=True, cache=cache, cache_ttl=DAY)


def checked(run: LinkRun) -> list[str]:
    """The URLs this run requested (not from the cache, not skipped), in order."""
    return [u for u, r in run.results.items() if r.skip is None and not r.from_cache]


def rounds(urls: list[str], settings: LinkSettings, count: int = 4) -> list[LinkRun]:
    """`count` runs over one cache, a minute apart."""
    clock, runs = FakeClock(), []
    for _ in range(count):
        runs.append(check(urls, settings, clock))
        clock.elapsed += 60
    return runs


# --- max-per-host --------------------------------------------------------------------------


def test_a_host_gets_at_most_its_budget_and_the_rest_are_skipped(server: Server) -> None:
    many = [server.url(f"/ok?n={i}") for i in range(10)]
    few = [server.url(f"/ok2?n={i}", HOSTS[1]) for i in range(2)]
    before = (server.stats.requests("/ok"), server.stats.requests("/ok2"))
    run = check([*many, *few], budget(3))
    assert server.stats.requests("/ok") - before[0] == 3  # HEAD answers: one request a URL
    assert server.stats.requests("/ok2") - before[1] == 2  # another host: its own budget
    assert checked(run) == [*many[:3], *few]
    assert all(run.results[u].verdict is Verdict.ALIVE for u in checked(run))
    left = [run.results[u] for u in many[3:]]
    assert all(r.verdict is Verdict.SKIPPED and r.skip is Skip.BUDGET for r in left)
    assert left[0].error == (
        f"not checked: max-per-host 3 reached for {HOSTS[0]}; left for the next run"
    )
    assert (run.carried, run.max_per_host, run.out_of_time) == (7, 3, 0)


def test_a_budget_as_large_as_the_host_skips_nothing(server: Server) -> None:
    urls = [server.url(f"/ok?n={i}") for i in range(10)]
    run = check(urls, budget(10))
    assert checked(run) == urls and run.carried == 0
    assert check(urls, FAST).carried == 0  # no limit by default


def test_the_next_run_checks_the_next_ones_and_fresh_results_do_not_count(
    server: Server, tmp_path: Path
) -> None:
    urls = [server.url(f"/ok?next={i}") for i in range(10)]
    runs = rounds(urls, budget(3, tmp_path / "c.sqlite3"))
    assert [checked(run) for run in runs] == [urls[0:3], urls[3:6], urls[6:9], urls[9:]]
    assert [run.carried for run in runs] == [7, 4, 1, 0]
    assert all(r.from_cache for r in list(runs[3].results.values())[:9])


def test_links_that_fail_are_carried_round_too(server: Server, tmp_path: Path) -> None:
    # Failures are never cached, but when they were requested is: the same three dead links
    # are not checked on every run while the rest wait for ever.
    urls = [server.url(f"/404?n={i}") for i in range(5)]
    runs = rounds(urls, budget(2, tmp_path / "c.sqlite3"))
    assert (
        [sorted(checked(run)) for run in runs]
        == [
            urls[0:2],
            urls[2:4],
            [urls[0], urls[4]],  # never requested first, then the longest ago
            urls[1:3],
        ]
    )
    requested = [r for run in runs for r in run.results.values() if not r.skip]
    assert all(r.verdict is Verdict.DEAD for r in requested)


def test_expired_results_are_checked_oldest_first(tmp_path: Path) -> None:
    cache = LinkCache(tmp_path / "c.sqlite3", ttl=DAY)
    urls = [f"https://a.example/{i}" for i in range(6)]
    for i, when in ((0, 300.0), (1, 100.0), (2, 200.0)):  # cached; 3, 4, 5 never requested
        cache.put(LinkResult(urls[i], Verdict.ALIVE, 200), when)
    targets = dict.fromkeys(urls, "a.example")
    kept, carried = within_budget(targets, 4, cache, now=10 * DAY)
    assert list(kept) == [urls[1], *urls[3:]]  # in the order given
    assert list(carried) == [urls[0], urls[2]]
    cache.close()


def test_without_a_cache_the_first_in_order_are_checked(tmp_path: Path) -> None:
    targets = {"https://a.example/1": "a.example", "https://b.example/": "b.example"}
    targets |= {"https://a.example/2": "a.example"}
    kept, carried = within_budget(targets, 1, None, now=0.0)
    assert list(kept) == ["https://a.example/1", "https://b.example/"]
    assert list(carried) == ["https://a.example/2"]


def test_a_time_in_the_future_counts_as_never_requested(tmp_path: Path) -> None:
    cache = LinkCache(tmp_path / "c.sqlite3", ttl=DAY)
    cache.put(LinkResult("https://a.example/planted", Verdict.ERROR, 500), 5 * DAY)
    cache.put(LinkResult("https://a.example/old", Verdict.ERROR, 500), 1.0)
    assert cache.last_requested(["https://a.example/planted", "https://a.example/old"], DAY) == {
        "https://a.example/old": 1.0
    }
    cache.close()


def test_a_cache_written_before_attempts_were_kept_still_orders(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.execute(
        "create table results (url text primary key, verdict text not null, status integer, "
        "final_url text, redirects text not null, checked_at real not null)"
    )
    db.execute("insert into results values ('https://a.example/', 'alive', 200, null, '[]', 7)")
    db.commit()
    db.close()
    cache = LinkCache(path, ttl=DAY)
    assert cache.last_requested(["https://a.example/", "https://a.example/x"], DAY) == {
        "https://a.example/": 7.0
    }
    cache.close()


# --- L008, through verify ------------------------------------------------------------------

runner = CliRunner()
QUICK = ("--online", "--allow-private", "--no-cache", "--timeout", "0.5", "--retries", "0")


def registry(server: Server, tmp_path: Path, count: int) -> Path:
    paths = [server.url(f"/ok?src={i}") for i in range(count)] + [server.url("/ok2", HOSTS[1])]
    sources = "".join(
        f"  - id: s{i}\n    title: s{i}\n    kind: news\n    url: {url}\n"
        for i, url in enumerate(paths)
    )
    cites = ", ".join(f"{{source: s{i}}}" for i in range(len(paths)))
    claim = f"  - id: c1\n    text: t\n    kind: fact\n    citations: [{cites}]\n"
    path = tmp_path / "claims.yaml"
    path.write_text(f"version: 1\nsources:\n{sources}claims:\n{claim}", encoding="utf-8")
    return path


def test_verify_reports_the_links_left_as_not_checked(server: Server, tmp_path: Path) -> None:
    path = registry(server, tmp_path, 10)
    args = ["verify", str(path), *QUICK, "--max-per-host", "3", "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr  # a warning: neither dead nor alive
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["severity"], f["message"]) for f in findings] == [
        (
            "L008",
            "warning",
            f"max-per-host 3 reached: 7 links not checked, left for the next run ({HOSTS[0]}: 7)",
        )
    ]
    assert runner.invoke(app, [*args, "--strict"]).exit_code == 0  # as --max-runtime's
    assert runner.invoke(app, [*args, "--fail-on", "warning"]).exit_code == 1


def test_verify_with_a_budget_for_every_link_reports_nothing(
    server: Server, tmp_path: Path
) -> None:
    path = registry(server, tmp_path, 10)
    result = runner.invoke(app, ["verify", str(path), *QUICK, "--max-per-host", "10", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["findings"] == []


def test_l008_counts_each_registrys_own_links_per_host(tmp_path: Path) -> None:
    hosts = [f"h{i}.example" for i in range(7)]
    urls = [f"https://{h}/{n}" for i, h in enumerate(hosts) for n in range(i + 1)]
    sources = "".join(
        f"  - id: s{i}\n    title: s{i}\n    kind: news\n    url: {u}\n" for i, u in enumerate(urls)
    )
    cites = ", ".join(f"{{source: s{i}}}" for i in range(len(urls)))
    path = tmp_path / "claims.yaml"
    path.write_text(
        f"version: 1\nsources:\n{sources}claims:\n  - id: c1\n    text: t\n    kind: fact\n"
        f"    citations: [{cites}]\n",
        encoding="utf-8",
    )
    results = {u: carried_result(u, u.split("/")[2], 2) for u in urls}
    other = "https://elsewhere.example/"  # another registry's, in the same run
    results[other] = carried_result(other, "elsewhere.example", 2)
    run = LinkRun(results, carried=len(results), max_per_host=2)
    report = run_checks(load_registry(path), today=TODAY, links=run, select=("L",))
    assert [(f.code, f.message) for f in report.findings] == [
        (
            "L008",
            "max-per-host 2 reached: 28 links not checked, left for the next run (h6.example: 7, "
            "h5.example: 6, h4.example: 5, h3.example: 4, h2.example: 3 and 2 more hosts)",
        )
    ]
    assert report.findings[0].location is not None


# --- settings ------------------------------------------------------------------------------


def test_max_per_host_from_the_config_and_the_flag(tmp_path: Path) -> None:
    (tmp_path / "claimcheck.toml").write_text("[links]\nmax-per-host = 3\n", encoding="utf-8")
    assert load_settings(cwd=tmp_path, env={}).links.max_per_host == 3
    flagged = load_settings(cwd=tmp_path, env={}, overrides={"links_max_per_host": 5})
    assert flagged.links.max_per_host == 5
    assert LinkSettings().max_per_host is None


@pytest.mark.parametrize("value", ["0", "-1", '"3"', "2.5", "true"])
def test_a_bad_max_per_host_is_one_located_line(tmp_path: Path, value: str) -> None:
    config = tmp_path / "claimcheck.toml"
    config.write_text(f'[links]\ntimeout = "5s"\nmax-per-host = {value}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(cwd=tmp_path, env={})
    error = info.value
    assert error.message.startswith("`links.max-per-host`: expected a whole number above 0")
    assert (error.file, error.line) == (str(config), 3)
    assert "\n" not in error.message


def test_a_bad_max_per_host_flag_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("version: 1\nsources: []\nclaims: []\n", encoding="utf-8")
    result = runner.invoke(app, ["verify", str(path), "--max-per-host", "0"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "claimcheck: error: --max-per-host: expected a whole number above 0, got 0"
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert runner.invoke(app, ["verify", str(path), "--max-per-host", "some"]).exit_code == 2


# --- the cache's time-to-live jitter -------------------------------------------------------


def test_each_urls_time_to_live_is_fixed_and_within_bounds() -> None:
    urls = [f"https://example.org/page/{i}" for i in range(2000)]
    spans = [ttl_for(url, DAY) for url in urls]
    assert spans == [ttl_for(url, DAY) for url in urls]  # the same on every call and run
    assert all((1 - TTL_JITTER) * DAY <= span <= DAY for span in spans)
    # Spread over the whole window, not bunched: every tenth of it holds some.
    tenths = {int((DAY - span) / (TTL_JITTER * DAY) * 10) for span in spans}
    assert tenths == set(range(10))
    # The same on every machine and Python: a hash of the URL, not Python's salted hash().
    assert ttl_for("https://example.org/", DAY) == pytest.approx(78922.29, abs=0.01)
    assert ttl_for("https://example.org/", 0.0) == 0.0


def test_results_written_together_expire_over_a_window(tmp_path: Path) -> None:
    cache = LinkCache(tmp_path / "c.sqlite3", ttl=DAY)
    urls = [f"https://example.org/{i}" for i in range(200)]
    for url in urls:
        cache.put(LinkResult(url, Verdict.ALIVE, 200), 1000.0)

    def fresh(after: float) -> int:
        return sum(cache.get(url, 1000.0 + after) is not None for url in urls)

    assert fresh((1 - TTL_JITTER) * DAY - 1) == 200
    assert 0 < fresh((1 - TTL_JITTER / 2) * DAY) < 200
    assert fresh(DAY) == 0
    url = urls[0]
    assert cache.get(url, 1000.0 + ttl_for(url, DAY) - 1) is not None
    assert cache.get(url, 1000.0 + ttl_for(url, DAY) + 1) is None
    cache.close()
