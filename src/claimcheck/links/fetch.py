"""Checking one URL: HEAD then GET, redirects hop by hop, retries, and a verdict."""

from __future__ import annotations

import asyncio
import math
import random
import re
import secrets
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import unquote, urljoin, urlsplit

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy

from claimcheck.clock import Clock
from claimcheck.http import (
    REFUSED,
    HttpEdge,
    MalformedUrlError,
    PrivateAddressError,
    advised,
    refusal,
    request_url,
    soft_404,
    target,
)
from claimcheck.links.challenges import HEAD_BYTES, challenge
from claimcheck.links.model import NO_SUCH_HOST, RESOLVER_FAILED, Hop, LinkResult, Skip, Verdict
from claimcheck.links.probe import no_such_name
from claimcheck.links.protocol import answered_status
from claimcheck.links.soft404 import fingerprint, is_html, same_page, says_not_found
from claimcheck.safetext import shown

BLOCKED_STATUS = frozenset({401, 402, 403, 451, 999})
DEAD_STATUS = frozenset({404, 410})
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
#: After abandoning a request (a timeout, an endless body) its place in the run waits this
#: long: the server counts the request until it has read our close, and without the pause
#: it briefly saw 65 requests from a run limited to 64 (bench/links_peers.sh, full mix).
CLOSE_GRACE = 0.01
#: The longest of claimcheck's own waits between two attempts (exponential back-off, before
#: jitter): 1, 2, 4, 8, 16, then 30 s. A server's Retry-After is `max_retry_after`'s business.
MAX_BACKOFF = 30.0
#: How the last segment of a path asked for to see what a site answers for a missing page
#: begins (then 16 random hex digits): a name no site gives a page.
MISSING_PREFIX = "claimcheck-missing-"
#: The headers of an answer whose status line is all that could be read.
_NO_HEADERS: CIMultiDictProxy[str] = CIMultiDictProxy(CIMultiDict())


#: Called before every request with the host it goes to (the pool paces hosts with it).
Callback = Callable[[str], Awaitable[None]]


@dataclass
class Outcome:
    """One attempt's result, with what the retry policy needs to know."""

    result: LinkResult
    #: Which kind of transient failure this was ("429", "5xx", "timeout"...), if any.
    transient: str | None = None
    retry_after: float | None = None

    @property
    def retryable(self) -> bool:
        return self.transient is not None


class Fetcher:
    """Checks URLs over one aiohttp session (one of `http`'s), with the edge's settings, clock,
    headers and private-address guard."""

    def __init__(self, session: aiohttp.ClientSession, http: HttpEdge) -> None:
        self.session = session
        self.settings = http.settings
        self.clock = http.clock
        # Bound once: this runs for every hop (with --allow-private too, which does not open
        # link-local and metadata addresses).
        self._refuses = http.refuses
        #: Hosts whose names did not resolve (NXDOMAIN) in this run: their other URLs get
        #: the same answer without another lookup.
        self._no_such_host: set[str] = set()
        self._headers = http.headers
        #: Per directory (`scheme://host/dir/`), what its site answers for a path that does
        #: not exist: asked once per run, by the first page of that directory to need it.
        self._missing: dict[str, asyncio.Future[tuple[str, tuple[str, list[str]] | None]]] = {}

    async def check(
        self,
        url: str,
        before_request: Callback | None = None,
        slot: Callable[[], AbstractAsyncContextManager[object]] | None = None,
        host: str | None = None,
        deadline: float | None = None,
    ) -> LinkResult:
        """Every attempt the retry policy allows; the last one's verdict.

        Each attempt runs inside `slot()` (the pool's concurrency limits); the waits between
        attempts do not, so a link waiting out a Retry-After holds no connection slot. A wait
        that would end after `deadline` (monotonic, `--max-runtime`) is not made: the link is
        skipped as out of time, its last answer said.
        """
        started = self.clock.monotonic()
        attempt = 0
        while True:
            attempt += 1
            async with slot() if slot is not None else nullcontext():
                outcome = await self._attempt(url, before_request, host, started, attempt)
            if outcome.transient not in self.settings.retry_on or attempt > self.settings.retries:
                break
            wait = outcome.retry_after  # what the server asked for: capped by refusing it
            if wait is not None and wait > self.settings.max_retry_after:
                outcome = _rate_limited(outcome, wait, self.settings.max_retry_after)
                break
            if wait is None:
                wait = self._backoff(attempt)  # our own: capped by waiting less
            if deadline is not None and self.clock.monotonic() + wait > deadline:
                return _out_of_time(outcome.result, attempt)
            await self.clock.sleep(wait)
        result = outcome.result
        if outcome.transient is not None and attempt > 1:
            # Retries spent: the last answer, and that it was the same every time.
            result = replace(result, error=_after(result.error, attempt, outcome.transient))
        if outcome.transient == "429":
            result = replace(result, verdict=Verdict.RATE_LIMITED)
        return result

    def _backoff(self, attempt: int) -> float:
        """claimcheck's own wait before retry `attempt` + 1: exponential, at most MAX_BACKOFF,
        with jitter (half to all of it), so many clients do not retry in step."""
        exponent = min(attempt - 1, 32)  # 2 ** 1100 is past a float
        wait = min(self.settings.backoff * 2.0**exponent, MAX_BACKOFF)
        return wait * (0.5 + random.random() / 2)

    async def _attempt(
        self,
        url: str,
        before_request: Callback | None,
        host: str | None,
        started: float,
        attempt: int,
    ) -> Outcome:
        hops: list[Hop] = []
        seen = {url}
        current = url
        method = "GET" if self.settings.method == "get" else "HEAD"
        # Results carry the attempt count and time so far: no copy per link on the common path.
        clock = self.clock

        def elapsed() -> int:
            return int((clock.monotonic() - started) * 1000)

        def fail(
            verdict: Verdict,
            error: str,
            status: int | None = None,
            transient: str | None = None,
            skip: Skip | None = None,
        ) -> Outcome:
            return Outcome(
                LinkResult(
                    url,
                    verdict,
                    status,
                    current,
                    tuple(hops),
                    elapsed(),
                    error,
                    attempt,
                    skip=skip,
                ),
                transient,
            )

        for _ in range(self.settings.max_redirects + 1):
            if host is None:  # the pool passes the first hop's host: URL parsing adds up
                try:
                    where = target(current)
                except MalformedUrlError as exc:
                    return fail(Verdict.ERROR, f"malformed URL {shown(current)}: {exc}")
                if not where.web:
                    return fail(Verdict.ERROR, f"unsupported scheme: {shown(current)}")
                host = where.host  # as aiohttp connects: `①②⑦.0.0.1` is 127.0.0.1
            if self._refuses(host):
                return fail(
                    Verdict.SKIPPED,
                    advised(f"{REFUSED}: {host}"),
                    skip=Skip.PRIVATE,
                )
            if host.lower() in self._no_such_host:
                # The name did not resolve for another URL of this run: no second lookup.
                return fail(Verdict.DEAD, f"{NO_SUCH_HOST} {host}")
            if before_request is not None:
                await before_request(host)
            try:
                status, headers, body, unread = await self._request(method, current, host.lower())
            except TimeoutError:
                await self.clock.sleep(CLOSE_GRACE)
                # No GET after a HEAD timeout: a server that hangs on HEAD hangs on GET too.
                return fail(
                    Verdict.TIMEOUT,
                    f"no answer within {self.settings.timeout:g} s",
                    transient="timeout",
                )
            except aiohttp.ClientConnectorDNSError as exc:
                if isinstance(exc.os_error, PrivateAddressError):
                    return fail(Verdict.SKIPPED, advised(str(exc.os_error)), skip=Skip.PRIVATE)
                # Dead only if the pool's network probe vouches for the resolver; a resolver
                # that failed to answer says nothing about the name, and is tried again.
                if no_such_name(exc.os_error):
                    self._no_such_host.add(host.lower())
                    return fail(Verdict.DEAD, f"{NO_SUCH_HOST} {host}")
                why = getattr(exc.os_error, "strerror", None) or exc.os_error
                return fail(
                    Verdict.ERROR, f"{RESOLVER_FAILED} for {host}: {why}", transient="connection"
                )
            except (aiohttp.ClientError, OSError) as exc:
                refused = refusal(exc)  # the socket guard: an address connected to is private
                if refused is not None:
                    return fail(Verdict.SKIPPED, advised(refused), skip=Skip.PRIVATE)
                if method == "HEAD":
                    method = "GET"  # HEAD refused at the protocol level: try GET once
                    continue
                # A head over the parser's limits is unreadable whatever status began it:
                # whether that status line is still among the bytes kept (protocol.KEEP)
                # depends on how the head arrived in reads, and one answer is one verdict.
                answered = None if _head_over_limits(exc) else answered_status(exc)
                if answered is not None:
                    # The status line arrived and what followed could not be read (a
                    # malformed chunk): the status decides, as for a body cut off.
                    return self._classify(
                        url, answered, _NO_HEADERS, current, hops, elapsed(), attempt
                    )
                return fail(
                    Verdict.ERROR,
                    _describe(exc),
                    transient="connection" if _transient(exc) else None,
                )
            if method == "HEAD" and status >= 400:
                method = "GET"  # many servers reject or mishandle HEAD (405, 403, 500...)
                continue
            location = headers.get("Location")
            if 300 <= status < 400 and location:
                hops.append(Hop(status, current))
                try:
                    joined = urljoin(current, location)
                    where = target(joined)
                    # Every spelling of one URL is one (a loop through `HTTP://HOST/x#y` is a
                    # loop), and a user name or password in a Location is never sent.
                    current = request_url(joined) if where.web else joined
                except (ValueError, MalformedUrlError) as exc:
                    return fail(
                        Verdict.ERROR, f"redirect to a malformed URL {shown(location)}: {exc}"
                    )
                if not where.web:
                    return fail(
                        Verdict.ERROR,
                        f"redirect to an unsupported scheme: {shown(current)}",
                        status,
                    )
                if current in seen:
                    return fail(Verdict.ERROR, "redirect loop", status)
                seen.add(current)
                host = where.host  # each hop's own host: its guard, pacing and headers
                continue
            outcome = self._classify(
                url, status, headers, current, hops, elapsed(), attempt, body, unread
            )
            if outcome.result.verdict.ok and body and not unread and self.settings.soft_404_probe:
                missing = await self._same_as_missing(current, host, headers, body, before_request)
                if missing is not None:
                    outcome = Outcome(
                        replace(
                            outcome.result,
                            verdict=Verdict.SOFT_404,
                            error=f"the same page as {missing}, a path that does not exist "
                            f"(HTTP {status})",
                            elapsed_ms=elapsed(),
                        )
                    )
            return outcome
        return fail(Verdict.ERROR, f"more than {self.settings.max_redirects} redirects")

    async def _same_as_missing(
        self,
        final: str,
        host: str,
        headers: CIMultiDictProxy[str],
        body: bytes,
        before_request: Callback | None,
    ) -> str | None:
        """The URL of a path that cannot exist in `final`'s directory, if its site answers it
        with this same page (claimcheck.links.soft404); asked once per directory and run."""
        content_type = headers.get("Content-Type")
        if not is_html(content_type, body):
            return None
        parts = urlsplit(final)
        directory, _, last = parts.path.rstrip("/").rpartition("/")
        if not last:
            return None  # the site's root: nothing beside it to ask for
        key = f"{parts.scheme}://{parts.netloc}{directory}/"
        asked = self._missing.get(key)
        if asked is None:
            probe = f"{key}{MISSING_PREFIX}{secrets.token_hex(8)}"
            asked = self._missing[key] = asyncio.ensure_future(
                self._ask_missing(probe, host, before_request)
            )
        probe, missing = await asked
        if missing is None:
            return None
        page = fingerprint(body, content_type, unquote(last))
        return probe if same_page(page, missing) else None

    async def _ask_missing(
        self, probe: str, host: str, before_request: Callback | None
    ) -> tuple[str, tuple[str, list[str]] | None]:
        """`probe` and the fingerprint of its 2xx HTML answer; None for any other answer
        (a 404 is what a site that tells missing pages apart gives) or no answer."""
        try:
            if before_request is not None:
                await before_request(host)
            status, headers, body, unread = await self._request("GET", probe, host.lower())
        except Exception:  # no answer is no evidence: the page stands
            return probe, None
        content_type = headers.get("Content-Type")
        if unread or not 200 <= status < 300 or not is_html(content_type, body):
            return probe, None
        return probe, fingerprint(body, content_type, probe.rpartition("/")[2])

    async def _request(
        self, method: str, url: str, host: str
    ) -> tuple[int, CIMultiDictProxy[str], bytes, str | None]:
        """The status, the headers, the page's first kilobytes when the status leaves the
        verdict to the page (`_page_decides`: a 2xx may be an error page, any gate's answer a
        challenge page), and why the page was not read whole (None: it was, or it was not
        needed). The status never waits for the page: a 404 is dead however its body comes.
        """
        # The headers are the edge's (per host, and the token by scheme and port); the timeout
        # is the session's.
        async with self.session.request(
            method, url, headers=self._headers(host, url), allow_redirects=False
        ) as response:
            if method == "GET" and _page_decides(response.status):
                body, unread = await self._read_page(response)
                return response.status, response.headers, body, unread
            if not response.content.is_eof():
                # A body not needed (a 404's, a redirect's) is not waited for: one that
                # stalls or trickles would hold the answer until the timeout and lose it.
                response.close()
                await self.clock.sleep(CLOSE_GRACE)
            return response.status, response.headers, b"", None

    async def _read_page(self, response: aiohttp.ClientResponse) -> tuple[bytes, str | None]:
        """The page's first HEAD_BYTES, and why it is not whole, if it is not.

        A small body is read to its end (the connection is then reused); a large or endless
        one is closed after `max_body`. Whatever stops the reading (a body cut off or
        malformed, or one still coming when the request's timeout ends) leaves the status to
        decide: what arrived is read, and the result says the rest was not.
        """
        head = bytearray()
        read = 0
        try:
            while read <= self.settings.max_body:
                chunk = await response.content.readany()
                if not chunk:
                    return bytes(head), None
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                read += len(chunk)
            unread = None  # enough of it: an endless body costs nothing more
        except (aiohttp.ClientPayloadError, aiohttp.ClientConnectionError, ConnectionError):
            unread = f"the page was cut off after {read:,} bytes"
        except TimeoutError:
            unread = (
                f"the page did not arrive within {self.settings.timeout:g} s ({read:,} bytes read)"
            )
        response.close()
        await self.clock.sleep(CLOSE_GRACE)
        return bytes(head), unread

    def _classify(
        self,
        url: str,
        status: int,
        headers: CIMultiDictProxy[str],
        final: str,
        hops: list[Hop],
        elapsed_ms: int,
        attempt: int,
        body: bytes = b"",
        unread: str | None = None,
    ) -> Outcome:
        chain = tuple(hops)

        def result(verdict: Verdict, error: str | None = None) -> LinkResult:
            if error is None and verdict.ok and unread is not None:
                # Alive by its status; an error page in the part not read would not be seen.
                error = f"{unread}: only what arrived was read for an error page"
            return LinkResult(url, verdict, status, final, chain, elapsed_ms, error, attempt)

        get = headers.get
        # A challenge page is a gate, whatever its status (200, 202, 403, 503): never alive,
        # never dead, and never retried as if the server were busy.
        wall = challenge(headers, body)
        if wall is not None:
            return Outcome(result(Verdict.BLOCKED, f"{wall} challenge page (HTTP {status})"))
        if 200 <= status < 300:
            if hops and soft_404(url, final):
                return Outcome(result(Verdict.SOFT_404, f"redirected to {final}"))
            content_type = get("Content-Type")
            if body and is_html(content_type, body):
                said = says_not_found(body, content_type)
                if said is not None:
                    return Outcome(
                        result(Verdict.SOFT_404, f"the page says {shown(said)!r} (HTTP {status})")
                    )
            if hops and hops[0].status in (301, 308):
                return Outcome(result(Verdict.REDIRECTED))
            return Outcome(result(Verdict.ALIVE))
        if status in DEAD_STATUS:
            return Outcome(result(Verdict.DEAD, f"HTTP {status}"))
        if status in BLOCKED_STATUS:
            return Outcome(result(Verdict.BLOCKED, f"HTTP {status}"))
        if status in RETRY_STATUS:
            kind = str(status) if status in (408, 429) else "5xx"
            return Outcome(
                result(Verdict.ERROR, f"HTTP {status}"),
                transient=kind,
                retry_after=parse_retry_after(get("Retry-After"), self.clock),
            )
        if 300 <= status < 400:
            return Outcome(result(Verdict.ERROR, f"HTTP {status} without a Location"))
        return Outcome(result(Verdict.ERROR, f"HTTP {status}"))


#: Retry-After's delta-seconds: ASCII digits only (`str.isdigit` takes `²` and `٣`).
_DELTA_SECONDS = re.compile(r"[0-9]+", re.ASCII)
#: More digits than any wait worth reading: the wait is "more than the cap" whatever they say.
_MAX_DIGITS = 12
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_TIME = r"([0-9]{2}):([0-9]{2}):([0-9]{2})"
_MONTH = f"({'|'.join(_MONTH_NAMES)})"
#: RFC 9110's three forms of an HTTP-date (section 5.6.7), each in GMT: IMF-fixdate
#: `Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`
#: and asctime `Sun Nov  6 08:49:37 1994`. Groups: day, month, year, hour, minute, second.
_IMF_FIXDATE = re.compile(
    rf"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{{2}}) {_MONTH} ([0-9]{{4}}) {_TIME} GMT", re.ASCII
)
_RFC850_DATE = re.compile(
    rf"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), "
    rf"([0-9]{{2}})-{_MONTH}-([0-9]{{2}}) {_TIME} GMT",
    re.ASCII,
)
_ASCTIME_DATE = re.compile(
    rf"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) {_MONTH} ([0-9]{{2}}| [0-9]) {_TIME} ([0-9]{{4}})",
    re.ASCII,
)


def _page_decides(status: int) -> bool:
    """Whether an answer's page can change its verdict, so that it is read: a 2xx may be an
    error page (a soft 404) or a challenge page, and a gate's or a busy server's answer
    (401, 403, 429, 503...) a challenge page. A 404 or 410 is dead and a redirect goes on
    whatever their page says."""
    return 200 <= status < 300 or status in BLOCKED_STATUS or status in RETRY_STATUS


def parse_retry_after(value: str | None, clock: Clock) -> float | None:
    """Retry-After in seconds, from either of its forms: delta-seconds (ASCII digits) or an
    HTTP-date (RFC 9110's three forms, in GMT); a date past is 0.

    None for anything else (`²`, `-5`, `NaN`, `1e3`, a date in no zone or another format):
    unreadable, so the caller backs off as if none had been sent. Never raises: the value is
    the server's, and any server may be hostile.
    """
    if not value:
        return None
    value = value.strip(" \t")
    if _DELTA_SECONDS.fullmatch(value):
        digits = value.lstrip("0") or "0"
        return math.inf if len(digits) > _MAX_DIGITS else float(digits)
    now = clock.now()
    when = http_date(value, now.year)
    if when is None:
        return None
    return max(0.0, (when - now).total_seconds())


def http_date(value: str, this_year: int) -> datetime | None:
    """The moment an HTTP-date names (RFC 9110 section 5.6.7), or None when `value` is none;
    `this_year` places an RFC 850 date's two-digit year."""
    if found := _IMF_FIXDATE.fullmatch(value):
        day, month, year, hour, minute, second = found.groups()
    elif found := _RFC850_DATE.fullmatch(value):
        day, month, short, hour, minute, second = found.groups()
        year = _full_year(int(short), this_year)
    elif found := _ASCTIME_DATE.fullmatch(value):
        month, day, hour, minute, second, year = found.groups()
    else:
        return None
    try:
        return datetime(
            int(year),
            _MONTHS[month],
            int(day),
            int(hour),
            int(minute),
            min(int(second), 59),  # a leap second
            tzinfo=UTC,
        )
    except ValueError:  # 31 Feb, hour 25
        return None


def _full_year(short: int, this_year: int) -> str:
    """An RFC 850 two-digit year: the latest year ending so that is no more than 50 years
    ahead (RFC 9110 section 5.6.7)."""
    year = this_year - this_year % 100 + short
    return str(year - 100 if year > this_year + 50 else year)


def _transient(exc: BaseException) -> bool:
    """Connection resets and drops are worth another try; TLS failures are not, nor an answer
    that is not HTTP (a server that speaks SSH on this port will again)."""
    if _unreadable_head(exc) is not None:
        return False
    return not isinstance(exc, aiohttp.ClientSSLError | aiohttp.ClientConnectorCertificateError)


def _describe(exc: BaseException) -> str:
    """What went wrong, in one line of our words (never aiohttp's text as it stands: its
    parser errors span lines and carry a status, 400, that no server sent)."""
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return _one_line(f"TLS certificate: {exc.certificate_error}")
    if isinstance(exc, aiohttp.ClientSSLError):
        return _one_line(f"TLS: {exc}")
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "the server closed the connection without answering"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return _one_line(f"cannot connect: {exc.os_error.strerror or exc.os_error}")
    unreadable = _unreadable_head(exc)
    if unreadable is not None:
        return unreadable
    if isinstance(exc, aiohttp.ClientResponseError):  # no status of the server's: not shown
        return _one_line(f"the answer could not be read: {exc.message or type(exc).__name__}")
    text = str(exc) or type(exc).__name__
    return _one_line(f"{type(exc).__name__}: {text}" if text != type(exc).__name__ else text)


#: How much of what a server sent instead of a status line is shown.
_SHOWN_BEGINNING = 60
#: The bytes aiohttp's parser quotes in its message (`b'SSH-2.0-OpenSSH_9.0'`).
_QUOTED_BYTES = re.compile(r"""\bb(['"])(.*?)\1(?:\s|$)""", re.S)


def _parser_error(exc: BaseException) -> BaseException | None:
    """The error of aiohttp's parser under a ClientResponseError, if it is one."""
    from aiohttp.http_exceptions import HttpProcessingError

    if not isinstance(exc, aiohttp.ClientResponseError):
        return None
    parser_error = exc.__cause__
    if not isinstance(parser_error, HttpProcessingError):
        return None
    if isinstance(parser_error.__cause__, HttpProcessingError):
        return parser_error.__cause__  # the parser's own, under aiohttp's copy
    return parser_error


def _head_over_limits(exc: BaseException) -> bool:
    """An answer whose head broke the parser's limits: a line too long, too many headers."""
    from aiohttp.http_exceptions import LineTooLong

    parser_error = _parser_error(exc)
    if parser_error is None:
        return False
    message = str(getattr(parser_error, "message", ""))
    return isinstance(parser_error, LineTooLong) or message.startswith("Too many headers")


def _unreadable_head(exc: BaseException) -> str | None:
    """For an answer aiohttp's parser refused before a status line was read (none was
    sent: SSH, HTTP/0.9; or its head broke a limit), what it was, in one line; else None.

    aiohttp raises ClientResponseError(400, ...) for these: the 400 is aiohttp's own, never
    a status the server gave, so it is not shown as one.
    """
    from aiohttp.http_exceptions import BadStatusLine, LineTooLong

    parser_error = _parser_error(exc)
    if parser_error is None:
        return None
    message = getattr(parser_error, "message", "") or ""
    if isinstance(parser_error, BadStatusLine):
        began = getattr(parser_error, "line", "") or ""
        quoted = _QUOTED_BYTES.search(message)
        if not began and quoted is not None:
            began = quoted.group(2)  # the C parser quotes it in its message only
        said = " ".join(str(began).split())[:_SHOWN_BEGINNING]
        beginning = f" (it began '{shown(said)}')" if said else ""
        return f"not an HTTP answer: no status line{beginning}"
    if isinstance(parser_error, LineTooLong):
        limit = parser_error.args[1] if len(parser_error.args) > 1 else "the limit of"
        return f"not a readable HTTP answer: a line of its head longer than {limit} bytes"
    reason = message.split("\n", 1)[0].rstrip(": ") or type(parser_error).__name__
    return _one_line(f"not a readable HTTP answer: {reason}")


def _one_line(text: str) -> str:
    """`text` on one line, anything a terminal would obey escaped."""
    return shown(" ".join(text.split()))


def _after(error: str | None, attempts: int, kind: str) -> str:
    """A failure's message once every attempt has failed: `HTTP 503 after 9 attempts`."""
    said = error or kind
    if kind == "timeout":
        return f"{said}, on each of {attempts} attempts"
    return f"{said} after {attempts} attempts"


def _out_of_time(last: LinkResult, attempts: int) -> LinkResult:
    """A link whose next attempt would start after `--max-runtime`: not checked (its
    transient answer says nothing yet), the answer it had said."""
    said = last.error or (f"HTTP {last.status}" if last.status else last.verdict.value)
    return LinkResult(
        last.url,
        Verdict.SKIPPED,
        elapsed_ms=last.elapsed_ms,
        error=f"not checked: --max-runtime reached before retry {attempts} (the last answer: "
        f"{said})",
        attempts=attempts,
        skip=Skip.OUT_OF_TIME,
    )


def _rate_limited(outcome: Outcome, wait: float, cap: float) -> Outcome:
    result = outcome.result
    return Outcome(
        replace(
            result,
            verdict=Verdict.RATE_LIMITED,
            error=f"asked to wait {_seconds(wait)} (more than the {cap:g} s cap)",
        )
    )


def _seconds(wait: float) -> str:
    """A wait a server asked for, in seconds; one beyond reading (`Retry-After:
    99999999999999999999999`) as such."""
    return f"{wait:.0f} s" if wait < 10**_MAX_DIGITS else f"more than {10**_MAX_DIGITS:,} s"
