"""`--allow-private` opens loopback and private networks for test and intranet servers, never
link-local or cloud metadata addresses (169.254.169.254, fd00:ec2::254, 100.100.100.200, and
169.254.0.0/16, fe80::/10 whole): a registry in a pull request run with it for loopback tests
must not have CI fetch the runner's credentials.

The decision is tested as a function; the one request made asks for a name a fake DNS
resolves to 169.254.169.254, and every connect is recorded and refused beyond loopback, so
nothing is sent off this machine even if the guard let it through.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import replace
from typing import Any

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from claimcheck.clock import FakeClock
from claimcheck.http import HttpEdge, advised, is_metadata
from claimcheck.links.model import Skip, Verdict
from claimcheck.links.pool import check_urls
from claimcheck.links.settings import LinkSettings
from claimcheck.sources.fetch import Reader

SETTINGS = LinkSettings(timeout=2.0, host_interval=0.0, retries=0, use_cache=False)
OPEN = replace(SETTINGS, allow_private=True)

#: Link-local and metadata addresses, in the spellings that reach them.
METADATA = (
    "169.254.169.254",  # AWS, Azure, Google, Oracle, OpenStack
    "169.254.170.2",  # ECS task credentials
    "169.254.0.1",  # link-local, whatever answers there
    "fd00:ec2::254",  # AWS over IPv6
    "100.100.100.200",  # Alibaba
    "fe80::a9fe:a9fe",
    "fe80::1%eth0",
    "::ffff:169.254.169.254",  # IPv4-mapped
    "64:ff9b::a9fe:a9fe",  # NAT64
    "2002:a9fe:a9fe::1",  # 6to4
)
#: What `--allow-private` is for: loopback, private and shared networks, unique-local IPv6.
OPENED = (
    *("127.0.0.1", "127.0.0.31", "::1", "10.0.0.1", "192.168.1.10", "172.16.0.5"),
    *("100.64.0.1", "fd00::1", "fd00:ec2::253"),
)


@pytest.mark.parametrize("address", METADATA)
def test_allow_private_does_not_open_link_local_or_metadata(address: str) -> None:
    assert is_metadata(address)
    for settings in (SETTINGS, OPEN):
        edge = HttpEdge(settings, FakeClock())
        assert edge.address_refused(address)
        bare = address.split("%", 1)[0]
        assert edge.refuses(f"[{bare}]" if ":" in bare else bare)
    assert advised(f"private address refused: {address}").endswith(
        "(link-local or cloud metadata address, not opened by --allow-private)"
    )


@pytest.mark.parametrize("address", OPENED)
def test_allow_private_still_opens_loopback_and_private_networks(address: str) -> None:
    assert not is_metadata(address)
    assert HttpEdge(SETTINGS, FakeClock()).address_refused(address)
    assert not HttpEdge(OPEN, FakeClock()).address_refused(address)
    assert advised(f"private address refused: {address}").endswith("(use --allow-private)")


def test_a_test_server_named_by_address_is_still_allowed() -> None:
    # Naming an address explicitly (tests' `allowed`) is the one way past the rule.
    edge = HttpEdge(OPEN, FakeClock(), allowed=["169.254.7.7"])
    assert not edge.address_refused("169.254.7.7")
    assert edge.address_refused("169.254.169.254")


class _Dns(AbstractResolver):
    """Every name is the metadata service (`metadata.google.internal` is, on Google)."""

    async def resolve(
        self, host: str, port: int = 0, family: Any = socket.AF_INET
    ) -> list[ResolveResult]:
        return [
            ResolveResult(
                hostname=host,
                host="169.254.169.254",
                port=port,
                family=socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
        ]

    async def close(self) -> None:
        return None


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every address a socket tried; one beyond loopback fails instead of going out."""
    seen: list[str] = []
    original = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        host = str(address[0]) if isinstance(address, tuple) else str(address)
        seen.append(host)
        if not host.startswith("127.") and host != "::1":
            raise OSError(f"test: a connection to {host} would have left the machine")
        original(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


@pytest.mark.parametrize("settings", [SETTINGS, OPEN], ids=["refuse", "allow-private"])
def test_a_name_resolving_to_the_metadata_service_is_never_connected_to(
    settings: LinkSettings, connects: list[str]
) -> None:
    url = "http://metadata.example/latest/meta-data/iam/security-credentials/"
    edge = HttpEdge(settings, FakeClock(), resolver=_Dns)
    result = asyncio.run(check_urls([url], edge)).results[url]
    assert result.verdict is Verdict.SKIPPED and result.skip is Skip.PRIVATE
    assert result.error == (
        "private address refused: metadata.example resolves only to a link-local or cloud "
        "metadata address, not opened by --allow-private"
    )

    async def read() -> Any:
        reader = Reader(HttpEdge(settings, FakeClock(), resolver=_Dns))
        try:
            return await reader.get(url)
        finally:
            await reader.close()

    body = asyncio.run(read())
    assert body.status is None and "not opened by --allow-private" in (body.error or "")
    assert connects == []


@pytest.mark.parametrize("settings", [SETTINGS, OPEN], ids=["refuse", "allow-private"])
def test_a_metadata_literal_is_refused_before_any_connection(
    settings: LinkSettings, connects: list[str]
) -> None:
    urls = ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest/"]
    results = asyncio.run(check_urls(urls, HttpEdge(settings, FakeClock()))).results
    for url in urls:
        assert results[url].skip is Skip.PRIVATE, results[url]
        assert "not opened by --allow-private" in (results[url].error or "")
    assert connects == []
