# ruff: noqa: RUF001  (the fullwidth and circled characters are the attack under test)
"""Issue 15, the network part: every request of every command passes one guard, and a
malformed URL is a result for that URL, never the end of the run.

Traffic goes to loopback only. An address outside 127.0.0.0/8 is refused before any
connection: `no_connect` fails every connect to it (and records it) instead of sending, so a
test that let one through fails on the record, not on the network. A loopback address that
must be refused has a listening socket behind it that counts what reached it.
"""

from __future__ import annotations

import asyncio
import json
import socket
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

import aiohttp
import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.clock import FakeClock
from claimcheck.http import (
    GITHUB_ORIGINS,
    HttpEdge,
    MalformedUrlError,
    plain_url_problem,
    refusal,
    target,
)
from claimcheck.links.model import LinkResult, Skip, Verdict
from claimcheck.links.pool import check_urls
from claimcheck.links.settings import LinkSettings
from claimcheck.model import Registry
from claimcheck.sources.fetch import Body, Reader
from claimcheck.sources.run import ArchiveSettings, take
from claimcheck.sources.snapshot import Capture, Snapshot
from tests.linkserver import HOSTS, Server, serve
from tests.sourceserver import serve as serve_sources

runner = CliRunner()
#: The test environment runs offline (conftest); these commands are meant to reach loopback.
ONLINE = {"CLAIMCHECK_OFFLINE": ""}

#: No private address allowed but the test servers' own (`allowed=`): the production rule.
GUARDED = LinkSettings(timeout=2.0, host_interval=0.0, retries=0, use_cache=False)
ALLOWED = frozenset(HOSTS)

#: The unicode spellings of 127.0.0.1 that yarl turns into the literal (NFKC, IDNA).
SPELLINGS = ("①②⑦.0.0.1", "127。0。0。1", "１２７.０.０.１")


# --- fixtures --------------------------------------------------------------------------


@dataclass
class Connects:
    """Every address a socket of this process tried to connect to."""

    seen: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def beyond(self, allowed: frozenset[str]) -> list[str]:
        return [a for a in self.seen if a not in allowed]


def _local(address: str) -> bool:
    """Loopback, or 0.0.0.0 (which Linux connects to this machine): safe to really try."""
    return address.startswith(("127.", "::ffff:127.")) or address in ("::1", "0.0.0.0")


@pytest.fixture
def no_connect(monkeypatch: pytest.MonkeyPatch) -> Connects:
    """Record every connect; one to an address off this machine fails instead of going out."""
    record = Connects()
    original = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        host = str(address[0]) if isinstance(address, tuple) else str(address)
        record.seen.append(host)
        if not _local(host):
            record.blocked.append(host)
            raise OSError(f"test: a connection to {host} would have left the machine")
        original(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    return record


@dataclass
class Listener:
    """A bare listening socket: whatever connects to it waits in its backlog, counted."""

    host: str
    sock: socket.socket

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    def connections(self) -> int:
        count = 0
        while True:
            try:
                conn, _ = self.sock.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1


@pytest.fixture
def listeners() -> Iterator[dict[str, Listener]]:
    """One listener on 127.0.0.1 and one on ::1, on the same port where possible."""
    made: dict[str, Listener] = {}
    v4 = socket.socket(socket.AF_INET)
    v4.bind(("127.0.0.1", 0))
    made["127.0.0.1"] = Listener("127.0.0.1", v4)
    v6 = socket.socket(socket.AF_INET6)
    try:
        v6.bind(("::1", v4.getsockname()[1]))
    except OSError:
        v6.bind(("::1", 0))
    made["::1"] = Listener("::1", v6)
    for listener in made.values():
        listener.sock.listen(64)
        listener.sock.setblocking(False)
    try:
        yield made
    finally:
        for listener in made.values():
            listener.sock.close()


def _edge(settings: LinkSettings = GUARDED, **kwargs: object) -> HttpEdge:
    return HttpEdge(settings, FakeClock(), allowed=kwargs.pop("allowed", ALLOWED), **kwargs)  # type: ignore[arg-type]


def _links(edge: HttpEdge, urls: list[str]) -> dict[str, LinkResult]:
    return asyncio.run(check_urls(urls, edge)).results


def _read(edge: HttpEdge, url: str) -> Body:
    async def go() -> Body:
        reader = Reader(edge)
        try:
            return await reader.get(url)
        finally:
            await reader.close()

    return asyncio.run(go())


def _to(server: Server, location: str, host: str = HOSTS[0]) -> str:
    """A URL on the allowed test server that redirects (302) to `location`."""
    return server.url(f"/to?u={quote(location, safe='')}", host)


# --- the socket guard ------------------------------------------------------------------


def _session_get(url: str) -> BaseException | None:
    """GET `url` on a bare session of the edge, letting aiohttp follow redirects: no check
    upstream of the socket, as a new client of the edge (Crossref) would make it."""

    async def go() -> BaseException | None:
        async with _edge().session() as session:
            try:
                async with session.get(url):
                    return None
            except aiohttp.ClientError as exc:
                return exc

    return asyncio.run(go())


#: Literal addresses, in every spelling that reaches a socket; the guard sees the address.
OFF_MACHINE = (
    "10.0.0.1",
    "169.254.169.254",
    "100.100.100.200",
    "[fe80::1]",
    "192.168.1.1",
    "[2002:7f00:1::]",  # 6to4 around 127.0.0.1
    "[2002:a9fe:a9fe::]",  # 6to4 around the metadata service
    "[fec0::1]",  # site-local
    "[64:ff9b::a9fe:a9fe]",  # NAT64 around the metadata service
    "[64:ff9b:1::1]",  # local-use NAT64
)


@pytest.mark.parametrize("host", OFF_MACHINE)
def test_the_socket_guard_refuses_a_private_literal_before_connecting(
    host: str, no_connect: Connects
) -> None:
    # The session alone, no check upstream: what any client of the edge (Crossref later) gets.
    caught = _session_get(f"http://{host}:8080/latest/meta-data/")
    assert isinstance(caught, aiohttp.ClientConnectorError), caught
    assert refusal(caught) == f"private address refused: {host.strip('[]')}"
    assert no_connect.seen == []  # refused before a socket existed


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2606:4700::1111", "8.8.8.8"])
def test_public_addresses_next_to_those_ranges_are_not_private(address: str) -> None:
    # The clean twins: NAT64 around a public IPv4 address, and plain public addresses.
    # (All of 6to4 is refused, as newer Pythons do: a relay is no way to reach a source.)
    from claimcheck.http import is_private

    assert not is_private(address)


@pytest.mark.parametrize("spelling", [*SPELLINGS, "127.0.0.1", "[::ffff:127.0.0.1]", "0.0.0.0"])
def test_the_socket_guard_judges_the_address_yarl_connects_to(
    spelling: str, listeners: dict[str, Listener], no_connect: Connects
) -> None:
    port = listeners["127.0.0.1"].port

    caught = _session_get(f"http://{spelling}:{port}/")
    assert refusal(caught) is not None, caught
    assert listeners["127.0.0.1"].connections() == 0 and no_connect.seen == []


def test_the_socket_guard_checks_redirects_aiohttp_follows_itself(
    listeners: dict[str, Listener], no_connect: Connects
) -> None:
    # A client that lets aiohttp follow redirects is still guarded on every hop.
    with serve() as server:
        first = _to(server, f"http://127.0.0.1:{listeners['127.0.0.1'].port}/")
        caught = _session_get(first)
        assert server.stats.requests("/to") == 1
    assert refusal(caught) == "private address refused: 127.0.0.1"
    assert listeners["127.0.0.1"].connections() == 0
    assert set(no_connect.seen) == {HOSTS[0]}


def test_the_socket_guard_checks_names_after_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    # DNS rebinding: the resolver's answer is not the last word. With the public-only
    # resolver out of the way, `localhost` (127.0.0.1 from /etc/hosts) is refused at the socket.
    from claimcheck import resolver

    async def anything(self: object, host: str, port: int = 0, family: object = 0) -> object:
        from aiohttp.resolver import DefaultResolver

        return await DefaultResolver().resolve(host, port, socket.AF_INET)

    monkeypatch.setattr(resolver.PublicOnlyResolver, "resolve", anything)
    result = _links(_edge(), ["http://localhost:9/"])["http://localhost:9/"]
    assert result.skip is Skip.PRIVATE and "private address refused: 127.0.0.1" in (
        result.error or ""
    )


def test_the_resolver_names_the_host_it_refused() -> None:
    result = _links(_edge(), ["http://localhost:9/"])["http://localhost:9/"]
    assert result.verdict is Verdict.SKIPPED and result.skip is Skip.PRIVATE
    assert result.error == (
        "private address refused: localhost resolves only to private addresses"
        " (use --allow-private)"
    )


def test_allow_private_and_the_allowed_servers_still_connect() -> None:
    # The clean twin: the test servers allowed by address, everything on loopback by the flag.
    with serve() as server:
        url = server.url("/ok")
        narrow = _links(_edge(), [url])[url]
        wide = _links(HttpEdge(replace(GUARDED, allow_private=True), FakeClock()), [url])[url]
        refused = _links(_edge(allowed=()), [url])[url]
    assert narrow.verdict is Verdict.ALIVE and wide.verdict is Verdict.ALIVE
    assert refused.skip is Skip.PRIVATE


# --- redirects, hop by hop, in the link checker and the source reader -----------------


def _hostile(listeners: dict[str, Listener]) -> list[str]:
    port4, port6 = listeners["127.0.0.1"].port, listeners["::1"].port
    return [
        f"http://127.0.0.1:{port4}/",
        f"http://[::ffff:127.0.0.1]:{port4}/",
        f"http://0.0.0.0:{port4}/",
        f"//127.0.0.1:{port4}/",
        f"http://user@127.0.0.1:{port4}/",
        f"http://[::1]:{port6}/",
        *(f"http://{s}:{port4}/" for s in SPELLINGS),
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.100.100.200/",
        "http://[fd00::1]/",
    ]


def test_a_redirect_to_a_private_address_is_refused_by_links_and_sources(
    listeners: dict[str, Listener], no_connect: Connects
) -> None:
    edge = _edge()
    with serve() as server:
        starts = {location: _to(server, location) for location in _hostile(listeners)}
        links = _links(edge, list(starts.values()))
        bodies = {location: _read(edge, url) for location, url in starts.items()}
    for location, url in starts.items():
        result = links[url]
        assert result.skip is Skip.PRIVATE, (location, result)
        assert (result.error or "").startswith("private address refused"), location
        assert [h.url for h in result.redirects] == [url], location  # refused at the 2nd hop
        body = bodies[location]
        assert body.status is None and "private address refused" in (body.error or ""), location
    assert sum(listener.connections() for listener in listeners.values()) == 0
    assert no_connect.blocked == [] and set(no_connect.seen) == {HOSTS[0]}


def test_a_redirect_between_allowed_servers_is_followed(no_connect: Connects) -> None:
    # The clean twin: a chain over allowed hosts, by a spelling yarl normalises, is followed.
    edge = _edge()
    with serve() as server:
        port = server.ports[HOSTS[1]]
        url = _to(server, f"http://①②⑦.0.0.3:{port}/ok")
        link = _links(edge, [url])[url]
        body = _read(edge, url)
        assert server.stats.requests("/ok") == 2  # the link checker's GET, the reader's GET
    # The hop is recorded as requested: the host as yarl reads it (claimcheck.http.request_url).
    assert link.verdict is Verdict.ALIVE and link.final_url == f"http://127.0.0.3:{port}/ok"
    assert (
        body.ok
        and body.data == b"<html>ok</html>"
        and (body.final_url or "").endswith(f":{port}/ok")
    )
    assert set(no_connect.seen) == {HOSTS[0], HOSTS[1]}


@pytest.mark.parametrize(
    "location", ["http://[/", "http://a..b/", "http://host：80/", "http://:80"]
)
def test_a_redirect_to_a_malformed_url_is_an_error(location: str) -> None:
    edge = _edge()
    with serve() as server:
        url = _to(server, location)
        link = _links(edge, [url])[url]
        body = _read(edge, url)
    assert link.verdict is Verdict.ERROR and "malformed URL" in (link.error or ""), link
    assert body.status is None and "malformed URL" in (body.error or ""), body


def test_unicode_spellings_of_loopback_are_refused_before_any_request(
    listeners: dict[str, Listener],
) -> None:
    port = listeners["127.0.0.1"].port
    urls = [f"http://{s}:{port}/secret" for s in SPELLINGS]
    edge = _edge(allowed=())
    results = _links(edge, urls)
    bodies = [_read(edge, url) for url in urls]
    for url in urls:
        assert results[url].skip is Skip.PRIVATE, results[url]
        assert results[url].error == "private address refused: 127.0.0.1 (use --allow-private)"
    assert all("private address refused: 127.0.0.1" in (b.error or "") for b in bodies)
    assert edge.refuses(target(urls[0]).host) and not edge.refuses(SPELLINGS[0])
    assert listeners["127.0.0.1"].connections() == 0


def test_links_command_refuses_unicode_spellings(
    tmp_path: Path, listeners: dict[str, Listener]
) -> None:
    port = listeners["127.0.0.1"].port
    file = tmp_path / "urls.txt"
    file.write_text("".join(f"http://{s}:{port}/\n" for s in SPELLINGS), encoding="utf-8")
    result = runner.invoke(
        app, ["links", "--urls", str(file), "--no-cache", "-f", "jsonl"], env=ONLINE
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["skipped"] for r in rows] == ["private"] * 3
    assert listeners["127.0.0.1"].connections() == 0


def test_snapshot_refuses_a_unicode_spelling_and_stores_nothing(
    tmp_path: Path, listeners: dict[str, Listener]
) -> None:
    port = listeners["127.0.0.1"].port
    path = tmp_path / "claims.yaml"
    path.write_text(
        "version: 1\nsources:\n  - id: s\n    title: S\n    kind: news\n"
        f"    url: http://１２７.０.０.１:{port}/secret\n"
        "claims:\n  - id: c\n    text: t\n    kind: fact\n    citations: [{source: s}]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["snapshot", str(path)], env=ONLINE)
    assert result.exit_code == 1, result.output
    assert "private address refused: 127.0.0.1" in result.stdout
    stored = json.loads((tmp_path / "snapshots" / "s.json").read_text(encoding="utf-8"))
    assert stored["digest"] is None and "private address refused" in stored["error"]
    assert listeners["127.0.0.1"].connections() == 0


# --- the token -------------------------------------------------------------------------


def test_the_token_stays_with_its_origin_on_every_hop() -> None:
    # A loopback server stands in for GitHub (the origin is a test-only edge argument); a
    # redirect to another host must not carry the token, in links and in sources alike.
    settings = replace(GUARDED, github_token="t0ken")
    with serve() as server:
        origin = ("http", HOSTS[0], server.ports[HOSTS[0]])
        edge = _edge(settings, token_origins=frozenset({origin}))
        for path, read in (("/ok", "links"), ("/ok2", "sources")):
            url = _to(server, server.url(path, HOSTS[1]))
            if read == "links":
                assert _links(edge, [url])[url].verdict is Verdict.ALIVE
            else:
                assert _read(edge, url).ok
            assert server.stats.headers["/to"]["Authorization"] == "Bearer t0ken", read
            assert "Authorization" not in server.stats.headers[path], read
        # The same host on another port, or over another scheme, is another origin.
        for scheme, port in (("http", origin[2] + 1), ("https", origin[2])):
            other = _edge(settings, token_origins=frozenset({(scheme, HOSTS[0], port)}))
            assert _read(other, server.url("/ok")).ok
            assert "Authorization" not in server.stats.headers["/ok"], (scheme, port)


@pytest.mark.parametrize(
    ("url", "sent"),
    [
        ("https://github.com/a/b", True),
        ("https://api.github.com:443/repos", True),
        ("https://GitHub.com/a/b", True),
        ("http://github.com/a/b", False),
        ("https://github.com:8443/a/b", False),
        ("https://user@github.com/a/b", False),
        ("https://github.com.evil.example/a", False),
        ("https://ｇｉｔｈｕｂ.com/a", True),  # yarl connects to github.com: the same origin
    ],
)
def test_the_token_goes_only_to_githubs_https_origin(url: str, sent: bool) -> None:
    edge = HttpEdge(replace(GUARDED, github_token="t0ken"), FakeClock())
    assert edge._token_origins == GITHUB_ORIGINS
    headers = edge.headers(target(url).host, url)
    assert ("Authorization" in headers) is sent


# --- malformed URLs: a result each, and the run goes on --------------------------------

MALFORMED = (
    "http://[/",
    "http://a..b/",
    "http://host：80/",
    "http://[::1",
    "http://%zz/",
    "http://:80",
    "http://a:99999/",
    "http://a b/",
    "http://a\x00b/",
    "http://" + "a" * 300 + ".example/",
    "http://" + "b" * 64 + ".example/",
    "http://127.1/",
    "http://example.org/\x1b[31m",
    # An IP literal that is not IPv6: yarl failed writing the first (verify exited 3) and
    # requested the second as http://v1.x/.
    "http://[:::]/[",
    "http://[v1.x]/",
    "http://user@[1.2.3.4]:81/",
)


@pytest.mark.parametrize("url", MALFORMED)
def test_target_refuses_malformed_urls(url: str) -> None:
    with pytest.raises(MalformedUrlError):
        target(url)


@pytest.mark.parametrize(
    "url",
    ["http://[::1]:8080/x", "https://[2001:db8::1]/a?b=[c]", "http://h.example?q=[1]#[2]"],
)
def test_clean_twin_an_ipv6_literal_and_brackets_after_the_host(url: str) -> None:
    from claimcheck.http import request_url

    assert target(url).web and request_url(url).startswith(url.split("?")[0].split("#")[0][:14])


def test_verify_reports_a_bracketed_host_that_is_not_ipv6(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimcheck.cli import app

    registry = tmp_path / "claims.yaml"
    for url, code in (("http://[:::]/[", "L007"), ("http://[::1]:9/", None)):
        registry.write_text(
            "version: 1\npage: {title: T}\nsources:\n"
            f'  - {{id: s, title: S, url: "{url}"}}\n'
            "claims:\n  - id: c\n    text: The club has 4,875 members.\n    kind: figure\n"
            "    value: 4875\n    citations: [{source: s}]\n",
            encoding="utf-8",
        )
        result = CliRunner().invoke(
            app, ["verify", str(registry), "--offline", "--today", "2026-01-01", "-f", "json"]
        )
        assert result.exit_code in (0, 1), result.output
        found = [f["code"] for f in json.loads(result.stdout)["findings"]]
        assert (code in found) if code else ("L007" not in found), found


def test_target_reads_what_yarl_connects_to() -> None:
    assert target("http://①②⑦.0.0.1:8080/x").host == "127.0.0.1"
    assert target("http://[::ffff:127.0.0.1]/").host == "::ffff:7f00:1"
    assert target("https://ＥＸＡＭＰＬＥ.org/").host == "example.org"
    assert target("https://bücher.example/").host == "xn--bcher-kva.example"
    assert target("mailto:someone@example.org").web is False
    assert target("https://user@example.org/").userinfo


def test_links_reports_each_malformed_url_and_checks_the_rest(tmp_path: Path) -> None:
    with serve() as server:
        good = server.url("/ok")
        file = tmp_path / "urls.txt"
        lines = [
            u.replace("\x00", "%00") if u.endswith("b/") and "\x00" in u else u for u in MALFORMED
        ]
        file.write_text("\n".join([*lines, good]) + "\n", encoding="utf-8")
        result = runner.invoke(
            app,
            ["links", "--urls", str(file), "--no-cache", "--allow-private", "-f", "jsonl"],
            env=ONLINE,
        )
    assert result.exit_code in (0, 1), result.output
    rows = {row["url"]: row for row in map(json.loads, result.stdout.splitlines())}
    assert rows[good]["verdict"] == "alive"
    bad = [row for url, row in rows.items() if url != good]
    assert len(bad) == len(MALFORMED)
    assert all(row["verdict"] == "error" for row in bad), bad
    assert all((row["error"] or "").startswith("malformed URL") for row in bad), bad


def _registry(path: Path, urls: list[str]) -> Path:
    sources = "".join(
        f"  - id: s{i}\n    title: S{i}\n    kind: news\n    url: {json.dumps(url)}\n"
        for i, url in enumerate(urls)
    )
    citations = ", ".join(f"{{source: s{i}}}" for i in range(len(urls)))
    path.write_text(
        f"version: 1\nsources:\n{sources}claims:\n  - id: c\n    text: t\n    kind: fact\n"
        f"    citations: [{citations}]\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("offline", [True, False], ids=["offline", "online"])
def test_verify_reports_each_malformed_url_and_checks_the_rest(
    tmp_path: Path, offline: bool
) -> None:
    bad = ["http://[/", "http://a..b/", "http://host：80/", "http://a:99999/", "http://:80"]
    with serve() as server:
        good = server.url("/404")
        path = _registry(tmp_path / "claims.yaml", [*bad, good])
        args = ["verify", str(path), "-f", "json", "--no-cache", "--allow-private"]
        result = runner.invoke(app, [*args, "--offline" if offline else "--online"], env=ONLINE)
    assert result.exit_code == 1, result.output  # a citation no request can reach fails CI
    findings = json.loads(result.stdout)["findings"]
    malformed = [f for f in findings if f["code"] == "L007"]
    assert sorted(f["source"] for f in malformed) == [f"s{i}" for i in range(len(bad))]
    assert all("malformed URL" in f["message"] for f in malformed)
    assert all(f["severity"] == "error" for f in malformed)
    for f, url in zip(sorted(malformed, key=lambda f: f["source"]), bad, strict=True):
        assert url in f["message"]
    dead = [f for f in findings if f["code"] == "L001"]
    assert len(dead) == (0 if offline else 1)  # the rest of the run was checked


def test_a_well_formed_url_that_fails_stays_a_warning(tmp_path: Path) -> None:
    # The twin of the malformed case: a connection that fails is L007 at its usual level.
    path = _registry(tmp_path / "claims.yaml", ["http://127.0.0.1:9/"])
    args = ["verify", str(path), "-f", "json", "--no-cache", "--allow-private", "--online"]
    result = runner.invoke(app, args, env=ONLINE)
    errors = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "L007"]
    assert [f["severity"] for f in errors] == ["warning"], result.output


def test_snapshot_records_a_malformed_url_and_reads_the_rest(tmp_path: Path) -> None:
    with serve_sources() as site:
        site.pages["/page"] = (200, "text/plain", b"There were 400 referrals.")
        path = _registry(tmp_path / "claims.yaml", ["http://[/", site.url("/page")])
        result = runner.invoke(app, ["snapshot", str(path), "--allow-private"], env=ONLINE)
    assert result.exit_code in (0, 1), result.output
    stored = json.loads((tmp_path / "snapshots" / "s0.json").read_text(encoding="utf-8"))
    assert stored["error"].startswith("malformed URL")
    read = json.loads((tmp_path / "snapshots" / "s1.json").read_text(encoding="utf-8"))
    assert read["error"] is None and read["digest"]  # the other source was read


# --- what snapshot --fix may write ------------------------------------------------------


@pytest.mark.parametrize(
    "capture",
    [
        "http://{host}/web/2024/\x1b]0;owned\x07/x",
        "http://{host}/web/2024/\r\nX-Injected: 1",
        "http://{host}/web/2024/\u202egnp.exe",
        "http://{host}/web/2024/\x9b31m",
        "javascript:alert(1)",
        "http://user@{host}/web/2024/x",
        "http://10.0.0.1/web/2024/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://①②⑦.0.0.1/web/2024/x",
    ],
)
def test_fix_never_gets_a_capture_url_that_is_not_plain_and_public(
    capture: str, no_connect: Connects
) -> None:
    with serve_sources() as site:
        host = f"{HOSTS[0]}:{site.ports[HOSTS[0]]}"
        gone = site.url("/gone")
        site.captures[gone] = (capture.format(host=host), "20240301000000")
        site.pages["/web/ok"] = (200, "text/plain", b"archived")
        archive = ArchiveSettings(site.url("/wayback/available"), site.url("/save/"))
        registry = _registry_of(gone)
        (outcome,) = asyncio.run(take(registry, _edge(), archive, previous={}))
    # The engine writes `snapshot.archive.url` with --fix: there is none to write.
    assert outcome.snapshot.archive is None
    # Said in the dead source's reason ("dead: HTTP 404; no archived copy: the archive's
    # capture URL ... was refused: ..."), which the verdict, Q008 and snapshot's line show.
    said = outcome.snapshot.error or ""
    assert said.startswith("dead: HTTP 404; no archived copy: ") and "was refused" in said, outcome
    assert "\x1b" not in said and "\r" not in said and "\u202e" not in said
    assert no_connect.blocked == []


def test_fix_never_gets_an_archive_carried_over_from_a_planted_snapshot() -> None:
    # A snapshot file in the pull request names a private capture: it is dropped, reported.
    with serve_sources() as site:
        url = site.url("/missing")
        planted = Snapshot(1, "s0", url, "2026-01-01", archive=Capture("http://10.0.0.1/x", "1"))
        archive = ArchiveSettings(site.url("/wayback/available"), site.url("/save/"))
        (outcome,) = asyncio.run(
            take(_registry_of(url), _edge(), archive, previous={"s0": planted})
        )
    assert outcome.snapshot.archive is None and "10.0.0.1" in (outcome.archive_note or "")


def test_a_plain_public_capture_is_kept() -> None:
    # The clean twin of the two above (the CLI's --fix test writes one on loopback).
    assert (
        plain_url_problem("https://web.archive.org/web/2024/https://x.example/", _edge().refuses)
        is None
    )
    assert (
        plain_url_problem("http://10.0.0.1/", _edge().refuses)
        == "private address refused: 10.0.0.1"
    )


def _registry_of(url: str) -> Registry:
    from claimcheck.loader import load_registry

    with tempfile.TemporaryDirectory() as where:
        return load_registry(_registry(Path(where) / "claims.yaml", [url]).resolve()).registry
