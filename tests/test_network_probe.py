"""No false dead links: a name that does not resolve is dead only on the open internet.

The resolver is injected (a DNS that answers for some names and not others, as behind an
allowlist or in a sandbox); the hosts that do resolve are real servers on 127.0.0.x; the
probe's connection is injected too. No packet leaves loopback.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult
from typer.testing import CliRunner

from claimcheck import http as http_module
from claimcheck.cli import app
from claimcheck.clock import FakeClock
from claimcheck.config import load_settings
from claimcheck.errors import ConfigError
from claimcheck.http import HttpEdge
from claimcheck.links.model import LinkRun, Skip, Verdict
from claimcheck.links.pool import check_urls
from claimcheck.links.probe import no_such_name, probe
from claimcheck.links.settings import DEFAULT_PROBE_NAMES, LinkSettings
from tests.linkserver import HOSTS, Server, serve

FAST = LinkSettings(allow_private=True, timeout=0.5, host_interval=0.0, retries=0, use_cache=False)
#: Public addresses the fake DNS gives the probe names (never connected to: `connect` is fake).
PUBLIC = {name: f"93.184.{i}.7" for i, name in enumerate(DEFAULT_PROBE_NAMES, start=1)}

Answer = list[str] | OSError


def nxdomain() -> OSError:
    return socket.gaierror(socket.EAI_NONAME, "Name or service not known")


def servfail() -> OSError:
    return socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")


def resolver_gave_up() -> OSError:
    return socket.gaierror(socket.EAI_FAIL, "Non-recoverable failure in name resolution")


def ares_timeout() -> OSError:
    # aiohttp's AsyncResolver (with aiodns): OSError(None, msg) from c-ares's ARES_ETIMEOUT.
    error = OSError(None, "Timeout while contacting DNS servers")
    error.__cause__ = Exception(12, "Timeout while contacting DNS servers")
    return error


class FakeDns(AbstractResolver):
    """A DNS that answers from a table; every other name does not exist (an allowlist)."""

    def __init__(self, table: dict[str, Answer], asked: list[str]) -> None:
        self.table, self.asked = table, asked

    async def resolve(
        self, host: str, port: int = 0, family: Any = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        answer = self.table.get(host, None)
        if answer is None:
            raise nxdomain()
        if isinstance(answer, OSError):
            raise answer
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for address in answer
        ]

    async def close(self) -> None:
        pass


class Network:
    """The injected DNS and the probe's connections, with what each was asked."""

    def __init__(self, table: dict[str, Answer], reachable: Iterable[str] = ()) -> None:
        self.table = table
        self.reachable = set(reachable)
        self.asked: list[str] = []
        self.connected: list[tuple[str, int]] = []

    def resolver(self) -> AbstractResolver:
        return FakeDns(self.table, self.asked)

    async def connect(self, address: str, port: int) -> None:
        self.connected.append((address, port))
        if address not in self.reachable:
            raise ConnectionRefusedError(address)

    def edge(self, settings: LinkSettings = FAST) -> HttpEdge:
        return HttpEdge(settings, FakeClock(), resolver=self.resolver, connect=self.connect)

    def probed(self) -> bool:
        return any(name in self.asked for name in DEFAULT_PROBE_NAMES)


def open_internet(**sources: Answer) -> Network:
    """Every probe name resolves to a public address of its own, and one answers."""
    return Network({**{n: [a] for n, a in PUBLIC.items()}, **sources}, PUBLIC.values())


def allowlist(**sources: Answer) -> Network:
    """Only pypi.org of the probe names resolves (as on this project's build machines)."""
    return Network({"pypi.org": [PUBLIC["pypi.org"]], **sources}, PUBLIC.values())


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


def url(server: Server, name: str, path: str = "/ok", at: str = HOSTS[0]) -> str:
    """A URL on host `name`, served (when the fake DNS sends `name` to `at`) by the test server."""
    return f"http://{name}:{server.ports[at]}{path}"


def check(network: Network, urls: list[str], settings: LinkSettings = FAST) -> LinkRun:
    edge = network.edge(settings)
    try:
        return asyncio.run(check_urls(urls, edge))
    finally:
        edge.close()


# --- the rule --------------------------------------------------------------------------------


def test_every_source_on_one_unresolvable_host_behind_an_allowlist_is_not_dead(
    server: Server,
) -> None:
    urls = [url(server, "stats.example.org", f"/ok?r={i}") for i in range(3)]
    network = allowlist()
    run = check(network, urls)
    assert run.network_unavailable
    assert run.network_seen == "1 of 5 probe names resolved: pypi.org"
    for result in run.results.values():
        assert (result.verdict, result.skip) == (Verdict.SKIPPED, Skip.NO_NETWORK)
        assert "not reported dead" in (result.error or "")
        assert "DNS: no such host stats.example.org" in (result.error or "")


def test_a_dead_host_on_the_open_internet_is_still_dead(server: Server) -> None:
    # The clean twin: the same run with a resolver that answers for public names.
    alive = url(server, "stats.example.org")
    dead = url(server, "gone.example.org")
    network = open_internet(**{"stats.example.org": [HOSTS[0]]})
    run = check(network, [alive, dead])
    assert not run.network_unavailable
    assert run.results[alive].verdict is Verdict.ALIVE
    assert run.results[dead].verdict is Verdict.DEAD
    assert run.results[dead].error == "DNS: no such host gone.example.org"
    assert len(network.connected) == 1  # one connection proves the route out
    assert network.connected[0][1] == 443


def test_hosts_that_resolve_are_checked_while_the_others_are_skipped(server: Server) -> None:
    alive, missing, gone = (
        url(server, "stats.example.org"),
        url(server, "stats.example.org", "/404"),
        url(server, "elsewhere.example.net"),
    )
    run = check(allowlist(**{"stats.example.org": [HOSTS[0]]}), [alive, missing, gone])
    assert run.results[alive].verdict is Verdict.ALIVE
    assert run.results[missing].verdict is Verdict.DEAD  # a 404 needs no probe
    assert run.results[gone].skip is Skip.NO_NETWORK


@pytest.mark.parametrize(
    ("network", "seen"),
    [
        (
            Network({n: [a] for n, a in PUBLIC.items()}, reachable=()),
            "5 of 5 probe names resolved: "
            "example.com, wikipedia.org, pypi.org, gov.uk, github.com, "
            "but none could be connected to",
        ),
        # A sinkhole: every name gets the same address. One answer for all is one name.
        (
            Network({n: ["93.184.1.7"] for n in PUBLIC}, reachable=["93.184.1.7"]),
            "1 of 5 probe names resolved: example.com",
        ),
        # A proxy's DNS: public names resolve to a private or reserved address.
        (
            Network({n: [f"10.0.0.{i}"] for i, n in enumerate(PUBLIC)}, reachable=()),
            "0 of 5 probe names resolved",
        ),
        (Network({n: servfail() for n in PUBLIC}), "0 of 5 probe names resolved"),
    ],
    ids=["no-route-out", "sinkhole", "private-answers", "resolver-down"],
)
def test_a_resolver_not_shown_to_answer_for_the_internet_makes_no_dead_link(
    server: Server, network: Network, seen: str
) -> None:
    gone = url(server, "gone.example.org")
    run = check(network, [gone])
    assert run.results[gone].skip is Skip.NO_NETWORK
    assert run.network_seen == seen
    assert all(not address.startswith("10.") for address, _ in network.connected)


@pytest.mark.parametrize("failure", [servfail, resolver_gave_up, ares_timeout])
@pytest.mark.parametrize("internet", [True, False])
def test_a_resolver_failure_is_never_dead(
    server: Server, failure: Callable[[], OSError], internet: bool
) -> None:
    flaky = url(server, "flaky.example.org")
    sources: dict[str, Answer] = {"flaky.example.org": failure()}
    network = open_internet(**sources) if internet else allowlist(**sources)
    result = check(network, [flaky]).results[flaky]
    assert result.verdict is not Verdict.DEAD
    if internet:
        assert result.verdict is Verdict.ERROR  # L007, a warning
        assert (result.error or "").startswith("DNS: the resolver failed for flaky.example.org")
    else:
        assert result.skip is Skip.NO_NETWORK


def test_nothing_is_probed_when_every_name_resolves(server: Server) -> None:
    network = allowlist(**{"stats.example.org": [HOSTS[0]]})
    run = check(network, [url(server, "stats.example.org")])
    assert not run.network_unavailable
    assert not network.probed() and network.connected == []


def test_a_network_declared_open_trusts_no_such_host_without_probing(server: Server) -> None:
    gone = url(server, "gone.example.org")
    network = allowlist()
    run = check(network, [gone], replace(FAST, network="open"))
    assert run.results[gone].verdict is Verdict.DEAD
    assert not network.probed() and network.connected == []


def test_configured_probe_names_are_the_ones_asked(server: Server) -> None:
    gone = url(server, "gone.example.org")
    names = ("mirror-a.internal", "mirror-b.internal", "mirror-c.internal")
    network = Network({n: [f"93.184.9.{i}"] for i, n in enumerate(names)}, ["93.184.9.0"])
    run = check(network, [gone], replace(FAST, probe_names=names))
    assert run.results[gone].verdict is Verdict.DEAD
    assert set(network.asked) == {"gone.example.org", *names}


def test_the_probe_never_connects_to_a_private_address() -> None:
    # `probe-names` comes from a config a pull request may edit: its answers are connected to
    # only when public, so the probe cannot be aimed at an internal service.
    network = Network({"a.x": ["127.0.0.1"], "b.x": ["10.1.1.1"], "c.x": ["169.254.169.254"]})

    async def resolve(name: str) -> list[str]:
        return [r["host"] for r in await network.resolver().resolve(name)]

    evidence = asyncio.run(probe(("a.x", "b.x", "c.x"), resolve, network.connect))
    assert not evidence.open and network.connected == []


@pytest.mark.parametrize(
    ("error", "missing"),
    [
        (nxdomain(), True),
        (socket.gaierror(socket.EAI_NODATA, "No address associated with hostname"), True),
        (servfail(), False),
        (resolver_gave_up(), False),
        (ares_timeout(), False),
        (OSError(None, "Domain name not found"), False),  # no code: not known to be missing
    ],
)
def test_no_such_name_tells_nxdomain_from_a_resolver_failure(error: OSError, missing: bool) -> None:
    assert no_such_name(error) is missing


def test_ares_not_found_is_no_such_name() -> None:
    error = OSError(None, "Domain name not found")
    error.__cause__ = Exception(4, "Domain name not found")
    assert no_such_name(error)


# --- the cache and the baseline --------------------------------------------------------------


def test_doubtful_results_never_enter_the_cache(server: Server, tmp_path: Path) -> None:
    path = tmp_path / "links.sqlite3"
    settings = replace(FAST, use_cache=True, cache=path)
    alive, gone = url(server, "stats.example.org"), url(server, "gone.example.org")
    run = check(allowlist(**{"stats.example.org": [HOSTS[0]]}), [alive, gone], settings)
    assert run.results[gone].skip is Skip.NO_NETWORK
    with sqlite3.connect(path) as db:
        cached = {row[0]: row[1] for row in db.execute("select url, verdict from results")}
    assert cached == {alive: "alive"}
    # On the open internet the same host is dead, and checked again next time (not cached).
    again = check(open_internet(**{"stats.example.org": [HOSTS[0]]}), [alive, gone], settings)
    assert again.results[alive].from_cache
    assert again.results[gone].verdict is Verdict.DEAD and not again.results[gone].from_cache


runner = CliRunner()


def registry(server: Server, tmp_path: Path) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(
        "version: 1\nsources:\n"
        f"  - {{id: a, title: A, kind: news, url: '{url(server, 'stats.example.org', '/a')}'}}\n"
        f"  - {{id: b, title: B, kind: news, url: '{url(server, 'stats.example.org', '/b')}'}}\n"
        "claims:\n  - {id: c, text: t, kind: fact, citations: [{source: a}, {source: b}]}\n",
        encoding="utf-8",
    )
    return path


def use(monkeypatch: pytest.MonkeyPatch, network: Network) -> None:
    """Make the CLI's edge ask `network` (the edge is built inside the command)."""

    def edge(settings: LinkSettings, clock: Any, **kwargs: Any) -> HttpEdge:
        return HttpEdge(
            settings, clock, resolver=network.resolver, connect=network.connect, **kwargs
        )

    monkeypatch.setattr(http_module, "HttpEdge", edge)


QUICK = ("--online", "--allow-private", "--no-cache", "--timeout", "0.5", "--retries", "0")


def test_links_reports_one_l008_not_dead_links(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(monkeypatch, allowlist())
    result = runner.invoke(app, ["links", str(registry(server, tmp_path)), *QUICK, "-f", "json"])
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["message"]) for f in findings] == [
        (
            "L008",
            "2 links not checked: host names did not resolve and the resolver does not answer "
            "for public names (1 of 5 probe names resolved: pypi.org): not reported dead",
        )
    ]
    assert result.exit_code == 0


def test_baseline_does_not_record_doubtful_links_as_dead(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, output = registry(server, tmp_path), tmp_path / "baseline.json"
    use(monkeypatch, allowlist())
    result = runner.invoke(app, ["baseline", str(path), *QUICK, "-o", str(output)])
    assert result.exit_code == 0, result.output
    codes = [f["code"] for f in json.loads(output.read_text(encoding="utf-8"))["findings"]]
    assert "L001" not in codes
    # Nor the run's own L008: recorded, it would hide the next run's missing network.
    assert "L008" not in codes
    assert "1 about this run, not the registry, left out" in result.stderr
    # The clean twin: on the open internet the missing host is recorded as dead.
    use(monkeypatch, open_internet())
    result = runner.invoke(app, ["baseline", str(path), *QUICK, "-o", str(output)])
    codes = [f["code"] for f in json.loads(output.read_text(encoding="utf-8"))["findings"]]
    assert codes.count("L001") == 2


# --- settings --------------------------------------------------------------------------------


def test_probe_names_and_network_are_read_from_the_links_table(tmp_path: Path) -> None:
    (tmp_path / "claimcheck.toml").write_text(
        '[links]\nprobe-names = ["Mirror.example", "b.example", "c.example"]\nnetwork = "open"\n',
        encoding="utf-8",
    )
    links = load_settings(cwd=tmp_path, env={}).links
    assert links.probe_names == ("mirror.example", "b.example", "c.example")
    assert links.network == "open"
    assert LinkSettings().probe_names == DEFAULT_PROBE_NAMES and LinkSettings().network == "probe"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("probe-names = []", 'set network = "open"'),
        ('probe-names = ["http://a.example/"]', "is not a host name"),
        ('probe-names = "a.example"', "a list of host names"),
        ('network = "closed"', "probe or open"),
    ],
)
def test_bad_probe_settings_are_named(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "claimcheck.toml").write_text(f"[links]\n{text}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(cwd=tmp_path, env={})
    assert message in str(info.value)
