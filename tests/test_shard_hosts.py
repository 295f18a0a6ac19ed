"""A shard holds every spelling of its hosts (review 17/19 follow-ups, item 3).

Before: `in_shard` hashed `urlsplit(url).hostname`, the host as written: `glaciär.example`
and its punycode `xn--glacir-fua.example`, or `football.example.` with its trailing dot,
fell in different shards, so one host was asked by two jobs at once and its politeness
limits (`host-concurrency`, `host-interval`, `max-per-host`) were split between them. The
host hashed is now the one requested and cached (`http.target`'s, trailing dot left out).
Two subjects, a glacier survey's host and a football league's, each with its clean twin:
other hosts still spread over the shards.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.http import request_url, target
from claimcheck.links.model import redact
from claimcheck.links.shard import in_shard, shard_host

runner = CliRunner()

#: Each subject's spellings of one host, as sources write them.
SPELLINGS = {
    "glacier": [
        "https://glaciär.example/mass-balance/2024",
        "https://GLACIÄR.example/mass-balance/2023",
        "https://xn--glacir-fua.example/retreat",
        "https://xn--glacir-fua.example./front-positions",
        "HTTPS://Glaciär.Example:443/annual#summary",
    ],
    "football": [
        "https://football-league.example/table",
        "https://FOOTBALL-LEAGUE.example/fixtures",
        "https://football-league.example./results",
        "http://Football-League.Example.:80/attendance?season=2024",
        "https://user@football-league.example/clubs",
    ],
}


@pytest.mark.parametrize("subject", sorted(SPELLINGS))
def test_every_spelling_of_a_host_is_in_one_shard(subject: str) -> None:
    urls = SPELLINGS[subject]
    assert len({shard_host(url) for url in urls}) == 1
    for n in range(2, 40):
        shards = {k for k in range(1, n + 1) for url in urls if in_shard(url, (k, n))}
        assert len(shards) == 1, (n, shards)
        for url in urls:  # each URL in exactly one shard
            assert sum(in_shard(url, (k, n)) for k in range(1, n + 1)) == 1


def test_other_hosts_still_spread_over_the_shards() -> None:
    # The clean twin: the hash is of the host, not a constant.
    hosts = [f"https://station-{i}.glaciers.example/" for i in range(40)]
    hosts += [f"https://club-{i}.football.example/" for i in range(40)]
    for n in (2, 4, 7):
        used = {k for url in hosts for k in range(1, n + 1) if in_shard(url, (k, n))}
        assert used == set(range(1, n + 1))


@pytest.mark.parametrize("url", [u for spellings in SPELLINGS.values() for u in spellings])
def test_the_shards_host_is_the_host_requested_and_cached(url: str) -> None:
    host = target(url).host
    assert shard_host(url) == host.removesuffix(".")
    assert f"//{host}" in request_url(url).lower()  # the cache's key holds the same host


def test_a_malformed_url_raises_for_the_pool_to_place() -> None:
    with pytest.raises(ValueError):
        in_shard("https://[::1/report", (1, 2))  # the pool reports it in shard 1


@pytest.mark.parametrize("subject", sorted(SPELLINGS))
def test_links_shards_put_each_host_in_one_job(tmp_path: Path, subject: str) -> None:
    # From outside: the shards of one `links --urls` run, each URL in one shard, every
    # spelling of the subject's host in the same one, beside hosts of other subjects.
    others = [f"https://archive-{i}.example/report" for i in range(12)]
    listed = tmp_path / "urls.txt"
    listed.write_text("\n".join(SPELLINGS[subject] + others) + "\n", encoding="utf-8")
    n = 4
    found: dict[int, list[str]] = {}
    for k in range(1, n + 1):
        result = runner.invoke(
            app,
            [
                *("links", "--urls", str(listed), "--offline", "--no-cache"),
                *("--shard", f"{k}/{n}", "-f", "jsonl"),
            ],
        )
        assert result.exit_code == 0, result.output
        found[k] = [json.loads(line)["url"] for line in result.output.splitlines()]
    spellings = {redact(url) for url in SPELLINGS[subject]}  # a user name is shown as ****
    every = [url for k in found for url in found[k]]
    assert sorted(every) == sorted(spellings | set(others))  # each once
    holding = [k for k in found if spellings & set(found[k])]
    assert len(holding) == 1 and spellings <= set(found[holding[0]])
    assert sum(1 for k in found if found[k]) > 1  # the others spread
