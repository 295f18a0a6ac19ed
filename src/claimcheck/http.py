"""The HTTP edge: what the link checker and the source reader share about talking to hosts.

One `HttpEdge` is built per run, at the edge (the CLI), and handed to both: it makes their
aiohttp sessions (private addresses refused after DNS, no cookies, an exact timeout), keeps one
gate per host (concurrency and interval, so a host configured once is paced once for the whole
run), refuses private IP literals, works out each host's request headers, holds the run's clock
and opens the link cache.

aiohttp is imported only when a session is made: offline runs never need it (0.27 s).
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import sqlite3
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from claimcheck.clock import Clock
from claimcheck.errors import ConfigError
from claimcheck.links.settings import LinkSettings

if TYPE_CHECKING:
    import aiohttp

    from claimcheck.links.cache import LinkCache

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"
_GITHUB_HOSTS = frozenset({"github.com", "api.github.com"})
_SOFT_404_PATH = re.compile(
    r"/(?:404|not[-_]?found|error|page[-_]?not[-_]?found)(?:\.html?|\.php)?/?$", re.I
)


class HostGate:
    """One host's limits: how many requests at once, and the least time between two."""

    def __init__(self, concurrency: int, interval: float, clock: Clock) -> None:
        self.slots = asyncio.Semaphore(max(1, concurrency))
        self.interval = interval
        self.clock = clock
        self._next_at = 0.0
        self._lock = asyncio.Lock()

    async def pace(self) -> None:
        if self.interval <= 0:
            return
        async with self._lock:
            wait = self._next_at - self.clock.monotonic()
            if wait > 0:
                await self.clock.sleep(wait)
            self._next_at = max(self.clock.monotonic(), self._next_at) + self.interval


class PrivateAddressError(OSError):
    """The host is (or resolves only to) a private, loopback or link-local address."""


def is_private(address: str) -> bool:
    """Any IP address that is not globally reachable: private, loopback, link-local,
    reserved, multicast, unspecified, and shared (100.64.0.0/10, where cloud metadata
    services live); an IPv4-mapped IPv6 address is judged by its IPv4 address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def literal_private(host: str) -> bool:
    """An IP literal host (`127.0.0.1`, `[::1]`) that is private."""
    return is_private(host.strip("[]"))


def client_timeout(seconds: float) -> aiohttp.ClientTimeout:
    """A whole-request timeout of exactly `seconds`.

    aiohttp rounds a deadline of 5 s or more up to the next whole second of loop time, to
    batch its timers: a 5 s timeout then lasts 5-6 s, and holds a place in the run that long.
    """
    import math

    import aiohttp

    return aiohttp.ClientTimeout(total=seconds, ceil_threshold=math.inf)


def soft_404(original: str, final: str) -> bool:
    """A redirect to the site's front page, or to an error page, stands in for a 404."""
    before, after = urlsplit(original), urlsplit(final)
    moved_to_root = after.path in ("", "/") and before.path not in ("", "/") and not after.query
    return moved_to_root or bool(_SOFT_404_PATH.search(after.path))


class HttpEdge:
    """Sessions, per-host gates and headers, the private-address guard, the clock and the
    link cache, for one run; built once and shared by every part that makes requests."""

    def __init__(self, settings: LinkSettings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self._gates: dict[str, HostGate] = {}
        self._headers: dict[str, dict[str, str]] = {}
        self._cache: LinkCache | None = None
        self._cache_opened = False

    def session(self) -> aiohttp.ClientSession:
        """A new aiohttp session (call it inside the event loop; the caller closes it)."""
        import aiohttp

        from claimcheck.resolver import PublicOnlyResolver

        resolver = None if self.settings.allow_private else PublicOnlyResolver()
        connector = aiohttp.TCPConnector(
            # No limit of its own: the callers' semaphores and the host gates already bound
            # it, and counting twice costs (the link checker is timed at 10,000 URLs).
            limit=0,
            limit_per_host=0,
            ttl_dns_cache=300,
            resolver=resolver,
        )
        return aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=client_timeout(self.settings.timeout),
            auto_decompress=True,
        )

    def gate(self, host: str) -> HostGate:
        """The run's one gate for `host` (lower case): its rule's limits, or the defaults."""
        gate = self._gates.get(host)
        if gate is None:
            rule = self.settings.rule_for(host)
            gate = self._gates[host] = HostGate(
                rule.concurrency or self.settings.host_concurrency,
                self.settings.host_interval if rule.interval is None else rule.interval,
                self.clock,
            )
        return gate

    def refuses(self, host: str) -> bool:
        """A private IP literal, unless `allow_private` (names are checked after DNS)."""
        return not self.settings.allow_private and literal_private(host)

    def headers(self, host: str, url: str) -> dict[str, str]:
        """The request headers for `url` on `host` (lower case); the same dict every time for
        a host, do not edit.

        Worked out once per host: glob matching the host rules on every request adds up.
        `GITHUB_TOKEN` goes only over https to github.com or api.github.com on port 443.
        """
        headers = self._headers.get(host)
        if headers is None:
            settings = self.settings
            headers = {"User-Agent": settings.user_agent, "Accept": BROWSER_ACCEPT}
            headers.update(settings.rule_for(host).headers)
            self._headers[host] = headers
        if host in _GITHUB_HOSTS and self.settings.github_token:
            parts = urlsplit(url)
            if parts.scheme == "https" and parts.port in (None, 443):
                return {**headers, "Authorization": f"Bearer {self.settings.github_token}"}
        return headers

    def cache(self) -> LinkCache | None:
        """The link cache (opened on first use), or None with `use_cache` off.

        Raises ConfigError when the file cannot be opened.
        """
        if self._cache_opened or not self.settings.use_cache:
            return self._cache
        from claimcheck.links.cache import LinkCache, default_path

        path = self.settings.cache or default_path()
        try:
            self._cache = LinkCache(path, self.settings.cache_ttl)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(
                f"cannot open the link cache: {exc}",
                file=str(path),
                hint="give another file with --cache, or use --no-cache",
            ) from None
        self._cache_opened = True
        return self._cache

    def close(self) -> None:
        """Close the link cache, if it was opened."""
        if self._cache is not None:
            self._cache.close()
            self._cache = None
