"""Reading sources over HTTP for `claimcheck snapshot`, and the Wayback Machine's API.

The same politeness as the link checker, from the same `HttpEdge` (per-host gates shared
with it, the same headers, private addresses refused), but the body is read, up to a cap.
Redirects are followed hop by hop, as the link checker follows them: each hop's URL is read
as aiohttp reads it, its scheme and host checked, and its headers worked out for its own
origin (GITHUB_TOKEN never follows a redirect elsewhere); the edge's socket guard checks the
address each hop connects to.
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urljoin, urlsplit

import aiohttp

from claimcheck.http import (
    REFUSED,
    HttpEdge,
    MalformedUrlError,
    advised,
    plain_url_problem,
    refusal,
    soft_404,
    target,
)
from claimcheck.safetext import shown
from claimcheck.sources.text import MAX_SOURCE_BYTES


@dataclass(frozen=True)
class Body:
    """What a source answered: status, where the redirects ended, and the bytes."""

    url: str
    status: int | None
    final_url: str | None = None
    data: bytes = b""
    charset: str | None = None
    error: str | None = None
    #: The answer's headers (a challenge page may show itself only there).
    headers: tuple[tuple[str, str], ...] = ()

    @functools.cached_property
    def gone(self) -> str | None:
        """Why the source is gone, not merely unreachable (None: it is not): 404/410, no
        such host, or a soft 404 read as the link checker reads one (`links`' L002): a
        redirect to the site's front page or to an error page, or a page that calls itself
        "not found" in its title or heading (`links.soft404.says_not_found`, on the first
        64 KB as `links` reads them). A page served with 200 that says it is not found is not
        the source: read as one, every quote and figure was "absent" (Q001, Q004, Q011)."""
        if self.status in (404, 410):
            return f"HTTP {self.status}"
        if (self.error or "").startswith("no such host"):
            return self.error
        if self.status and self.final_url and soft_404(self.url, self.final_url):
            where = urlsplit(self.final_url).path
            if where in ("", "/"):
                return f"redirected to the site's front page ({shown(self.final_url)})"
            return f"redirected to an error page ({shown(self.final_url)})"
        if not self.status or not 200 <= self.status < 300 or self.error:
            return None
        from claimcheck.links.challenges import HEAD_BYTES
        from claimcheck.links.soft404 import is_html, says_not_found

        head = self.data[:HEAD_BYTES]
        content_type = next((v for k, v in self.headers if k.lower() == "content-type"), None)
        if head and is_html(content_type, head):
            said = says_not_found(head, content_type)
            if said is not None:
                return f"the page says {shown(said)!r} (HTTP {self.status}): a soft 404"
        return None

    @property
    def dead(self) -> bool:
        """Gone, not merely unreachable (`gone`)."""
        return self.gone is not None

    @property
    def ok(self) -> bool:
        """Read whole, with a 2xx answer, and not a soft 404: a body refused for its size
        has a 200 status and no bytes, and was read as "no text" (an empty answer)."""
        return (
            self.status is not None
            and 200 <= self.status < 300
            and self.error is None
            and not self.dead
        )

    @property
    def problem(self) -> str:
        """Why the body is not the source's text (for one that is not `ok`)."""
        return self.gone or self.error or f"HTTP {self.status}"


@dataclass(frozen=True)
class Found:
    """A Wayback capture that passed the checks."""

    url: str
    timestamp: str


class Reader:
    """One session of the edge's and the run's limit, for a whole snapshot run (make it inside
    the event loop)."""

    def __init__(self, http: HttpEdge) -> None:
        self.http = http
        self.settings = http.settings
        self._overall = asyncio.Semaphore(self.settings.concurrency)
        self.session = http.session()

    async def close(self) -> None:
        await self.session.close()

    async def get(self, url: str, *, limit: int = MAX_SOURCE_BYTES) -> Body:
        """GET `url`, following redirects hop by hop; the body up to `limit` bytes."""
        current, seen = url, {url}
        for _ in range(self.settings.max_redirects + 1):
            try:
                where = target(current)
            except MalformedUrlError as exc:
                what = "malformed URL" if current == url else "redirect to a malformed URL"
                return Body(url, None, error=f"{what}: {exc}")
            if not where.web:
                return Body(url, None, error=f"unsupported scheme: {shown(current)}")
            if self.http.refuses(where.host):
                return Body(url, None, error=advised(f"{REFUSED}: {where.host}"))
            answer = await self._hop(url, current, where.host, limit)
            if isinstance(answer, Body):
                return answer
            try:
                current = urljoin(current, answer)
            except ValueError as exc:
                return Body(url, None, error=f"redirect to a malformed URL: {exc}")
            if current in seen:
                return Body(url, None, error="redirect loop")
            seen.add(current)
        return Body(url, None, error="too many redirects")

    async def _hop(self, url: str, current: str, host: str, limit: int) -> Body | str:
        """One request: the Body, or the Location a redirect points to."""
        gate = self.http.gate(host)
        async with self._overall, gate.slots:
            await gate.pace()
            try:
                async with self.session.get(
                    current, headers=self.http.headers(host, current), allow_redirects=False
                ) as response:
                    location = response.headers.get("Location")
                    if 300 <= response.status < 400 and location:
                        return location
                    final = str(response.url)
                    data = await _read_up_to(response, limit + 1)
                    if len(data) > limit:
                        return Body(
                            url,
                            response.status,
                            final,
                            error=f"the body is over {limit // (1024 * 1024)} MiB, too large "
                            "to read",
                        )
                    headers = tuple(response.headers.items())
                    return Body(url, response.status, final, data, response.charset, None, headers)
            except TimeoutError:
                return Body(url, None, error=f"no answer within {self.settings.timeout:g} s")
            except aiohttp.ClientConnectorDNSError as exc:
                refused = refusal(exc)
                if refused is not None:
                    return Body(url, None, error=advised(refused))
                return Body(url, None, error=f"no such host {host}: {exc.os_error}")
            except (aiohttp.ClientError, OSError, ValueError) as exc:
                refused = refusal(exc)
                if refused is not None:
                    return Body(url, None, error=advised(refused))
                return Body(url, None, error=f"{type(exc).__name__}: {shown(str(exc))}")

    async def wayback(self, api: str, url: str, before: date | None) -> Found | str:
        """The capture closest to `before` (the access date) that is the page itself; or why
        there is none."""
        stamp = (before or self.http.clock.today()).strftime("%Y%m%d")
        answer = await self.get(f"{api}?url={quote(url, safe='')}&timestamp={stamp}")
        if answer.status != 200:
            return f"the archive's API answered {answer.status or answer.error}"
        try:
            closest = json.loads(answer.data)["archived_snapshots"]["closest"]
            capture, timestamp = str(closest["url"]), str(closest["timestamp"])
            available = bool(closest.get("available", True))
        except (ValueError, KeyError, TypeError):
            return "no capture in the archive"
        if not available:
            return "no capture in the archive"
        problem = plain_url_problem(capture, self.http.refuses)
        if problem is not None:  # never fetched, never written by --fix
            return f"the archive's capture URL {shown(capture)} was refused: {problem}"
        if before is not None and timestamp[:8] > before.strftime("%Y%m%d"):
            return f"the closest capture ({timestamp[:8]}) is from after the access date"
        page = await self.get(capture, limit=1024 * 1024)
        if page.status != 200:
            return f"the capture answered {page.status or page.error}"
        if page.dead:  # the archive kept the site's "not found" page, not the source
            return f"the capture is not the page: {page.gone}"
        original = _archived_url(page.final_url or capture)
        if original is not None and soft_404(url, original):
            return f"the capture redirects to {original}"
        return Found(capture, timestamp)

    async def save(self, endpoint: str, url: str) -> str | None:
        """Ask the archive to capture `url`; None when it accepted, else why not."""
        answer = await self.get(endpoint + url, limit=1024 * 1024)
        if answer.status is not None and 200 <= answer.status < 400:
            return None
        return f"the archive answered {answer.status or answer.error}"


_ARCHIVED = re.compile(r"/web/\d+[a-z_]*/(.+)$")


def _archived_url(capture: str) -> str | None:
    """The original URL inside a Wayback capture's URL."""
    match = _ARCHIVED.search(capture)
    return match.group(1) if match else None


async def _read_up_to(response: aiohttp.ClientResponse, most: int) -> bytes:
    """The body, to its end or to `most` bytes. `content.read(n)` returns what has arrived so
    far, at most n: one call kept only a body's first piece (a source sent in parts was cut
    and judged whole, and the size cap, a cut-off connection and an endless body were never
    seen). A connection cut before its Content-Length is a ClientPayloadError here."""
    chunks: list[bytes] = []
    size = 0
    while size < most:
        chunk = await response.content.read(min(64 * 1024, most - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
