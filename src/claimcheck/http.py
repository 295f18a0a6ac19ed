"""The HTTP edge: what the link checker and the source reader share about talking to hosts.

One `HttpEdge` is built per run, at the edge (the CLI), and handed to both: it makes their
aiohttp sessions (no cookies, an exact timeout, and the private-address guard on every socket),
keeps one gate per host (concurrency and interval, so a host configured once is paced once for
the whole run), refuses private IP literals, works out each host's request headers, holds the
run's clock and opens the link cache. Every request of every command goes through a session
made here, so the guard covers any future client (Crossref) too.

URLs are read with `target()`, the way yarl (and so aiohttp) reads them: `①②⑦.0.0.1`,
`127。0。0。1` and the fullwidth digits are all the host `127.0.0.1`, and are judged as such.

aiohttp is imported only when a session is made: offline runs never need it (0.27 s).
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import sqlite3
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from claimcheck.clock import Clock
from claimcheck.errors import ConfigError
from claimcheck.links.settings import LinkSettings
from claimcheck.safetext import UNSAFE as _UNSAFE
from claimcheck.safetext import shown

if TYPE_CHECKING:
    import aiohttp
    from aiohttp.abc import AbstractResolver

    from claimcheck.links.cache import LinkCache
    from claimcheck.links.probe import Connect, Evidence

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"
#: Where GITHUB_TOKEN may go: (scheme, host, port), exactly.
GITHUB_ORIGINS = frozenset({("https", "github.com", 443), ("https", "api.github.com", 443)})
#: The longest line of an answer's head read (a status line, a header): as curl's 100 KB.
MAX_HEAD_LINE = 100 * 1024
#: Longer than any real citation; a longer one is refused before it is parsed.
MAX_URL_LENGTH = 8192
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$|^[a-z0-9_]$")
_NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
#: A directory's own page: what `/reports/` serves, and what `/reports/index.html` names.
_INDEX_FILE = re.compile(r"(?:index|default)(?:\.(?:s?html?|php[0-9]?|aspx?|jsp|cfm))?")
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

    async def pace(self, deadline: float | None = None) -> bool:
        """Wait for this host's next turn and take it; False, at once and without taking it,
        when that turn comes after `deadline` (monotonic): a run out of time does not sleep
        through a long interval only to find it out afterwards."""
        if self.interval <= 0:
            return deadline is None or self.clock.monotonic() <= deadline
        async with self._lock:
            now = self.clock.monotonic()
            wait = self._next_at - now
            if deadline is not None and now + max(wait, 0.0) > deadline:
                return False
            if wait > 0:
                await self.clock.sleep(wait)
            self._next_at = max(self.clock.monotonic(), self._next_at) + self.interval
        return True


class PrivateAddressError(OSError):
    """The host is (or resolves only to) a private, loopback or link-local address."""


#: In the message of every refusal, so one wrapped by aiohttp (ClientConnectorError) or merged
#: by its happy-eyeballs ("Multiple exceptions: ...") is still recognised.
REFUSED = "private address refused"


def refusal(exc: BaseException | None) -> str | None:
    """The guard's message, if `exc` (or what it wraps) is a refused private address."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, PrivateAddressError) or REFUSED in str(exc):
            text = str(exc)
            return text if REFUSED in text else f"{REFUSED}: {text}"
        exc = getattr(exc, "os_error", None) or exc.__cause__
        seen += 1
    return None


class MalformedUrlError(ValueError):
    """A URL no request can be made for; the message says why, without the URL."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where a request for a URL goes, as aiohttp will connect: scheme, host, port."""

    scheme: str
    #: After yarl's NFKC and IDNA normalisation, lower case; an IPv6 literal without brackets.
    host: str
    port: int
    #: `user@` (or `user:password@`) before the host.
    userinfo: bool = False

    @property
    def web(self) -> bool:
        """http or https: the only schemes requested."""
        return self.scheme in ("http", "https")


def target(url: str) -> Target:
    """The scheme, host and port a request for `url` goes to, read as yarl reads it (the
    URL aiohttp connects to). Any scheme parses; http(s) URLs are checked in full.

    Raises MalformedUrlError: a bracket left open, an empty or over-long label, a control
    character or a space in the host, a port out of range, a numeric host that is not a
    canonical IPv4 address (`127.1`, `0x7f.0.0.1`: aiohttp refuses those too).
    """
    import yarl

    if len(url) > MAX_URL_LENGTH:
        raise MalformedUrlError(f"longer than {MAX_URL_LENGTH} characters")
    found = _SCHEME.match(url)
    scheme = found.group(1).lower() if found else ""
    if scheme not in ("http", "https"):
        return Target(scheme, "", 0)
    url = url.strip(" ")
    if _UNSAFE.search(url) or " " in url:
        raise MalformedUrlError("a control character, a space or an invisible character")
    try:
        parsed = yarl.URL(url)
        host, port = parsed.raw_host, parsed.port
    except (ValueError, TypeError, UnicodeError) as exc:
        raise MalformedUrlError(str(exc) or type(exc).__name__) from None
    if not host:
        raise MalformedUrlError("no host")
    host = host.lower()
    if port is None or not 0 < port < 65536:
        raise MalformedUrlError(f"port {port} out of range")
    # An IP literal ("[::1]") is IPv6 only: yarl takes any bracketed text, fails when it
    # writes some ("[:::]"), and drops the brackets of others ("[v1.x]" requested as v1.x).
    if ":" in host or "[" in re.split(r"[/?#]", url.split("//", 1)[-1], maxsplit=1)[0]:
        _check_ipv6(host)
    else:
        _check_name(host)
    return Target(scheme, host, port, parsed.raw_user is not None)


def _check_ipv6(host: str) -> None:
    import ipaddress

    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        raise MalformedUrlError(f"[{host}] is not an IPv6 address") from None


def request_url(url: str) -> str:
    """The one spelling of `url` that is requested and cached: what every spelling of one
    resource shares (RFC 3986's syntax-based equivalence, as yarl reads it).

    The scheme and host in lower case, an IDN host in punycode, the default port dropped,
    `.` and `..` segments resolved, percent-escapes of unreserved characters decoded, an empty
    path as `/`; the fragment (never sent) and the user name and password (never sent:
    `credentials`) left out. The path and query keep their case: a server may tell them apart.
    Give it a URL `target()` accepted.
    """
    import yarl

    parsed = yarl.URL(url.strip(" "))
    query = parsed.raw_query_string
    return f"{parsed.origin()}{parsed.raw_path or '/'}{'?' + query if query else ''}"


def _check_name(host: str) -> None:
    name = host[:-1] if host.endswith(".") else host
    if len(name) > 253:
        raise MalformedUrlError("host longer than 253 characters")
    labels = name.split(".")
    for label in labels:
        if not label:
            raise MalformedUrlError(f"empty label in host {host}")
        if not _LABEL.match(label):
            what = "longer than 63 characters" if len(label) > 63 else "a character not allowed"
            raise MalformedUrlError(f"host {shown(host)}: {what} in a label")
    if _NUMERIC_LABEL.match(labels[-1]):
        try:
            ipaddress.IPv4Address(name)
        except ValueError:
            raise MalformedUrlError(f"host {host} is not a canonical IPv4 address") from None


def plain_url_problem(url: str, refuses: Callable[[str], bool]) -> str | None:
    """Why `url` is not a plain http(s) URL on a host `refuses` accepts (no user name, no
    control, bidi or escape character), or None: what `snapshot --fix` may write."""
    if _UNSAFE.search(url):
        return "a control, escape or invisible character"
    try:
        where = target(url)
    except MalformedUrlError as exc:
        return f"malformed ({exc})"
    if not where.web:
        return f"not http(s) ({where.scheme or 'no scheme'})"
    if where.userinfo:
        return "a user name before the host"
    if refuses(where.host):
        return f"{REFUSED}: {where.host}"
    return None


#: IPv6 ranges Python 3.11 counts as global that reach private space or are not public:
#: 6to4 (2002::/16 wraps an IPv4 address, 2002:7f00:1:: is 127.0.0.1 behind a relay),
#: deprecated site-local fec0::/10, and local-use NAT64 64:ff9b:1::/48 (newer Pythons agree).
_NOT_GLOBAL_V6 = tuple(
    ipaddress.IPv6Network(n) for n in ("2002::/16", "fec0::/10", "64:ff9b:1::/48")
)
#: The well-known NAT64 prefix: the address is its last 32 bits, as IPv4, behind a gateway.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


#: Cloud metadata services outside link-local space: AWS's over IPv6 (fd00:ec2::254, a
#: unique-local address) and Alibaba's (100.100.100.200, in the shared range). The others
#: answer at link-local 169.254.169.254 (AWS, Azure, Google, Oracle, OpenStack...) or near it
#: (169.254.170.2, ECS task credentials).
_METADATA = frozenset(ipaddress.ip_address(a) for a in ("fd00:ec2::254", "100.100.100.200"))
_6TO4 = ipaddress.IPv6Network("2002::/16")

_Ip = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(address: str) -> _Ip | None:
    """The IP address a literal is (its zone left out), or None for a name."""
    try:
        return ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return None


def _embedded(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for: IPv4-mapped, NAT64 (64:ff9b::/96), 6to4
    (2002:AABB:CCDD::, through a relay)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _6TO4:
        return ip.sixtofour
    return None


def is_metadata(address: str) -> bool:
    """A link-local address (169.254.0.0/16, fe80::/10), where a cloud instance's metadata
    service hands out its credentials, or another known metadata address; in any spelling
    that reaches it (IPv4-mapped, NAT64, 6to4). `--allow-private` opens loopback and private
    networks for test and intranet servers, never these: a registry in a pull request run
    with it for loopback tests must not have CI fetch the runner's credentials."""
    ip = _address(address)
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip not in _METADATA:
        ip = _embedded(ip) or ip
    return ip.is_link_local or ip in _METADATA


#: What a refusal of an address `--allow-private` does not open says instead of advising it.
NEVER_OPENED = "link-local or cloud metadata address, not opened by --allow-private"


def advised(refused: str) -> str:
    """A refusal's message (`REFUSED`: host, or what the resolver said) with what lifts it:
    `--allow-private`, unless the address is one it never opens."""
    if NEVER_OPENED in refused:
        return refused
    host = refused.rsplit(f"{REFUSED}: ", 1)[-1].split(" ", 1)[0]
    if is_metadata(host.strip("[]")):
        return f"{refused} ({NEVER_OPENED})"
    return f"{refused} (use --allow-private)"


def is_private(address: str) -> bool:
    """Any IP address that is not globally reachable: private, loopback, link-local,
    reserved, multicast, unspecified, and shared (100.64.0.0/10, where cloud metadata
    services live); an IPv4-mapped or NAT64 IPv6 address is judged by its IPv4 address, and
    6to4, site-local and local NAT64 addresses are private."""
    ip = _address(address)
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        elif any(ip in network for network in _NOT_GLOBAL_V6):
            return True
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def client_timeout(seconds: float) -> aiohttp.ClientTimeout:
    """A whole-request timeout of exactly `seconds`.

    aiohttp rounds a deadline of 5 s or more up to the next whole second of loop time, to
    batch its timers: a 5 s timeout then lasts 5-6 s, and holds a place in the run that long.
    """
    import math

    import aiohttp

    return aiohttp.ClientTimeout(total=seconds, ceil_threshold=math.inf)


def soft_404(original: str, final: str) -> bool:
    """A redirect to the site's front page, or to an error page, stands in for a 404; one to
    the same page spelled otherwise (`/index.html` to `/`, `/glossary/Error` to
    `/glossary/error`, a trailing slash) is a canonical redirect, whatever that page is
    named."""
    try:
        before, after = urlsplit(original), urlsplit(final)
    except ValueError:
        return False
    if _page_named(before.path) == _page_named(after.path):
        return False
    moved_to_root = after.path in ("", "/") and not after.query
    return moved_to_root or bool(_SOFT_404_PATH.search(after.path))


def _page_named(path: str) -> tuple[str, ...]:
    """The page a path names, as a canonical redirect may respell it: its segments decoded,
    in lower case, without empty segments or a directory's index file."""
    segments = [s for s in unquote(path).lower().split("/") if s]
    if segments and _INDEX_FILE.fullmatch(segments[-1]):
        segments.pop()
    return tuple(segments)


def keep_status_lines(connector: aiohttp.TCPConnector) -> None:
    """Have `connector`'s connections note the status line of an answer aiohttp cannot parse
    (claimcheck.links.protocol): a 404 with a malformed body is a 404."""
    import functools

    from claimcheck.links.protocol import StatusKeepingHandler

    # aiohttp makes each connection's protocol with this factory (a private attribute: a
    # test fails if an upgrade drops it, tests/test_links.py).
    if hasattr(connector, "_factory"):
        loop = asyncio.get_running_loop()
        connector._factory = functools.partial(StatusKeepingHandler, loop=loop)  # type: ignore[assignment]


class HttpEdge:
    """Sessions, per-host gates and headers, the private-address guard, the clock and the
    link cache, for one run; built once and shared by every part that makes requests.

    `allowed`, `token_origins`, `resolver` and `connect` are for tests, never settings:
    private addresses allowed without `allow_private` (one loopback server, so that a redirect
    to another is refused), the (scheme, host, port) origins GITHUB_TOKEN goes to (GitHub's,
    over https on 443), what makes the aiohttp resolver of every session and of the network
    probe (a DNS that answers for some names and not others), and how the probe connects.
    """

    def __init__(
        self,
        settings: LinkSettings,
        clock: Clock,
        *,
        allowed: Collection[str] = (),
        token_origins: frozenset[tuple[str, str, int]] = GITHUB_ORIGINS,
        resolver: Callable[[], AbstractResolver] | None = None,
        connect: Connect | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self._allowed = frozenset(a.strip("[]") for a in allowed)
        self._token_origins = token_origins
        self._token_hosts = frozenset(host for _, host, _ in token_origins)
        self._gates: dict[str, HostGate] = {}
        self._headers: dict[str, dict[str, str]] = {}
        self._cache: LinkCache | None = None
        self._cache_opened = False
        self._resolver = resolver
        self._connect = connect
        self._evidence: Evidence | None = None

    def address_refused(self, address: str) -> bool:
        """Whether a connection to this IP address is refused (the socket guard's rule): a
        private one, unless `allow_private`; a link-local or metadata one (`is_metadata`)
        even then. Only the test servers `allowed` by address pass whatever they are."""
        if not is_private(address) or address.split("%", 1)[0] in self._allowed:
            return False
        return not self.settings.allow_private or is_metadata(address)

    def guarded_socket(self, addr_info: tuple[object, ...]) -> socket.socket:
        """aiohttp's socket factory: called with the address about to be connected to (after
        DNS, and for IP literals, on every redirect hop), before any packet is sent.

        The one guard nothing routes around: a name that resolves privately (DNS rebinding),
        a literal in a spelling a check upstream missed, a redirect aiohttp follows itself.
        aiohttp wraps the error in ClientConnectorError; `refusal()` finds it.
        """
        family, kind, proto, _, sockaddr = addr_info
        address = str(sockaddr[0]) if isinstance(sockaddr, tuple) else str(sockaddr)
        if self.address_refused(address):
            raise PrivateAddressError(f"{REFUSED}: {address}")
        return socket.socket(family, kind, proto)  # type: ignore[arg-type]

    def session(self) -> aiohttp.ClientSession:
        """A new aiohttp session (call it inside the event loop; the caller closes it); every
        connection it makes passes `guarded_socket`."""
        import aiohttp

        from claimcheck.resolver import PublicOnlyResolver

        inner = self._resolver() if self._resolver is not None else None
        # With `allow_private` too: a name may resolve to the metadata service.
        resolver = PublicOnlyResolver(self.address_refused, inner)
        connector = aiohttp.TCPConnector(
            # No limit of its own: the callers' semaphores and the host gates already bound
            # it, and counting twice costs (the link checker is timed at 10,000 URLs).
            limit=0,
            limit_per_host=0,
            ttl_dns_cache=300,
            resolver=resolver,
            socket_factory=self.guarded_socket,
        )
        keep_status_lines(connector)
        return aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=client_timeout(self.settings.timeout),
            auto_decompress=True,
            # A head line as long as curl takes (aiohttp's 8190 bytes refuses a page with a
            # long Content-Security-Policy); a longer one is an unreadable answer.
            max_line_size=MAX_HEAD_LINE,
            max_field_size=MAX_HEAD_LINE,
        )

    async def open_internet(self) -> Evidence:
        """Whether this run's resolver is shown to answer for the open internet (asked once
        per run, and only when a host name failed to resolve): see claimcheck.links.probe."""
        from claimcheck.links.probe import Evidence, open_connection, probe

        if self._evidence is not None:
            return self._evidence
        if self.settings.network == "open":
            self._evidence = Evidence(True, 'the network is declared open (`network = "open"`)')
            return self._evidence
        from aiohttp.resolver import DefaultResolver

        resolver = self._resolver() if self._resolver is not None else DefaultResolver()

        async def resolve(name: str) -> list[str]:
            return [r["host"] for r in await resolver.resolve(name, 0, socket.AF_UNSPEC)]

        try:
            self._evidence = await probe(
                self.settings.probe_names, resolve, self._connect or open_connection
            )
        finally:
            await resolver.close()
        return self._evidence

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
        """A private IP literal, unless `allow_private`; a link-local or metadata one even
        then (names are checked after DNS, and every address at the socket). `host` as
        `target()` gives it: a spelling yarl would turn into a literal (`①②⑦.0.0.1`) is not
        one here; give `target(url).host`."""
        return self.address_refused(host.strip("[]"))

    def headers(self, host: str, url: str) -> dict[str, str]:
        """The request headers for `url` on `host` (lower case); the same dict every time for
        a host, do not edit.

        Worked out once per host: glob matching the host rules on every request adds up.
        `GITHUB_TOKEN` goes only over https to github.com or api.github.com on port 443: the
        origin of `url` itself, so a redirect hop elsewhere (asked for with its own headers,
        hop by hop) never carries it.
        """
        headers = self._headers.get(host)
        if headers is None:
            settings = self.settings
            headers = {"User-Agent": settings.user_agent, "Accept": BROWSER_ACCEPT}
            headers.update(settings.rule_for(host).headers)
            self._headers[host] = headers
        if host in self._token_hosts and self.settings.github_token:
            try:
                where = target(url)
            except MalformedUrlError:
                return headers
            origin = (where.scheme, where.host, where.port)
            if origin in self._token_origins and where.host == host and not where.userinfo:
                return {**headers, "Authorization": f"Bearer {self.settings.github_token}"}
        return headers

    def cache(self) -> LinkCache | None:
        """The link cache (opened on first use), or None with `use_cache` off.

        Raises ConfigError when the file cannot be opened.
        """
        if self._cache_opened or not self.settings.use_cache:
            return self._cache
        from claimcheck.links.cache import CheckMode, LinkCache, default_path

        path = self.settings.cache or default_path()
        try:
            # The run's mode: a kept result answers only a run it is at least as strict as
            # (an alive from --method head-get is no answer for a get run).
            self._cache = LinkCache(path, self.settings.cache_ttl, CheckMode.of(self.settings))
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
