"""Verdicts and results of checking one URL."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import Any

#: How a malformed URL's result begins: the link check makes it an error, not a warning.
MALFORMED = "malformed URL:"
#: How the result of a host name that does not resolve begins (NXDOMAIN, or no address):
#: dead only when the run's resolver is shown to answer for the open internet.
NO_SUCH_HOST = "DNS: no such host"
#: How the result of a resolver that failed to answer begins (SERVFAIL, a timeout): never dead.
RESOLVER_FAILED = "DNS: the resolver failed"


#: `scheme://userinfo@`: a user name, and perhaps a password, before a host.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^\s/?#@\\]+)@")
#: What a password (or a user name alone, which may be a token) is shown as.
REDACTED = "****"


def credentials(url: str) -> bool:
    """Whether `url` carries a user name or password before its host."""
    return _USERINFO.match(url.strip(" ")) is not None


def redact(text: str) -> str:
    """`text` with the password of every URL in it shown as `****` (`user:****@host`), and a
    user name given alone (often a token: `https://ghp_…@github.com`) as well (`****@host`),
    as pip shows an index URL. Everything else is kept."""
    if "@" not in text:
        return text

    def hide(found: re.Match[str]) -> str:
        user, colon, _ = found.group(2).partition(":")
        return f"{found.group(1)}{user + ':' if colon else ''}{REDACTED}@"

    return _USERINFO.sub(hide, text)


class Verdict(enum.StrEnum):
    """More than alive or dead: a bot wall is not a broken citation."""

    ALIVE = "alive"
    REDIRECTED = "redirected"  # alive, through a permanent redirect: update the citation
    DEAD = "dead"  # 404, 410, or the host name does not exist
    SOFT_404 = "soft_404"  # redirected to the site's root or an error page
    BLOCKED = "blocked"  # bot walls and paywalls: 401/402/403/451/999, challenges
    RATE_LIMITED = "rate_limited"  # 429 after retries, or a Retry-After beyond the cap
    TIMEOUT = "timeout"
    ERROR = "error"  # TLS, connection, protocol, 5xx after retries
    SKIPPED = "skipped"  # excluded, offline, unsupported scheme, private address, budget

    @property
    def ok(self) -> bool:
        return self in (Verdict.ALIVE, Verdict.REDIRECTED)


class Skip(enum.StrEnum):
    """Why a link was not checked (its verdict is SKIPPED)."""

    SCHEME = "scheme"  # not http(s)
    EXCLUDED = "excluded"  # by `include`/`exclude`
    OFFLINE = "offline"  # --offline, and not in the cache
    PRIVATE = "private"  # a private, loopback or link-local address
    NO_NETWORK = "no_network"  # a name failed, and the resolver is not the open internet's
    OUT_OF_TIME = "out_of_time"  # --max-runtime ran out
    BUDGET = "budget"  # its host's `max-per-host` was reached: first in line next run


#: Verdicts a later run may reuse from the cache: never failures, blocks or rate limits.
CACHEABLE = frozenset({Verdict.ALIVE, Verdict.REDIRECTED})


@dataclass(frozen=True, slots=True)
class Hop:
    """One redirect: the status answered and the URL that answered it."""

    status: int
    url: str


@dataclass(frozen=True, slots=True)
class LinkResult:
    """What checking one URL found."""

    url: str
    verdict: Verdict
    status: int | None = None
    final_url: str | None = None
    redirects: tuple[Hop, ...] = ()
    elapsed_ms: int = 0
    error: str | None = None
    #: Requests made for it in this run: 0 for a link skipped before any request (excluded,
    #: offline, a private address, out of time...), malformed, or answered from the cache.
    attempts: int = 0
    from_cache: bool = False
    skip: Skip | None = None

    @property
    def host(self) -> str:
        """The URL's host, lower case; "" for a malformed URL (its result says why)."""
        from urllib.parse import urlsplit

        try:
            return (urlsplit(self.url).hostname or "").lower()
        except ValueError:
            return ""

    def as_json(self) -> dict[str, object]:
        """The JSON-lines record of `claimcheck links --format jsonl` (and of a JSON report's
        `links`), with any password in a URL shown as `****` (claimcheck.http.redact)."""
        return {
            "url": redact(self.url),
            "verdict": self.verdict.value,
            "ok": self.verdict.ok,
            "status": self.status,
            "final_url": None if self.final_url is None else redact(self.final_url),
            "redirects": [{"status": h.status, "url": redact(h.url)} for h in self.redirects],
            "elapsed_ms": self.elapsed_ms,
            "error": None if self.error is None else redact(self.error),
            "attempts": self.attempts,
            "cached": self.from_cache,
            "skipped": None if self.skip is None else self.skip.value,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinkResult:
        """The inverse of `as_json` (JSON reports, recorded links in test fixtures).

        KeyError, TypeError or ValueError when a field is missing or of the wrong kind.
        """
        skipped = data.get("skipped")
        return cls(
            url=str(data["url"]),
            verdict=Verdict(data["verdict"]),
            status=None if data.get("status") is None else int(data["status"]),
            final_url=data.get("final_url"),
            redirects=tuple(
                Hop(int(h["status"]), str(h["url"])) for h in data.get("redirects") or ()
            ),
            elapsed_ms=int(data.get("elapsed_ms") or 0),
            error=data.get("error"),
            attempts=int(data.get("attempts") or 0),
            from_cache=bool(data.get("cached", False)),
            skip=None if skipped is None else Skip(skipped),
        )


@dataclass(frozen=True)
class LinkRun:
    """All results of one run, and what kept links from being checked."""

    results: dict[str, LinkResult] = field(default_factory=dict)
    #: Some host names did not resolve, and the resolver was not shown to answer for the
    #: open internet (no network, an allowlist, a sandbox): those links were not checked.
    network_unavailable: bool = False
    #: What the network probe saw, when it kept links from being checked.
    network_seen: str = ""
    #: Links left unchecked when --max-runtime ran out.
    out_of_time: int = 0
    #: Links left unchecked because their host's `max-per-host` was reached (carried to the
    #: next run), and that setting.
    carried: int = 0
    max_per_host: int | None = None
    offline: bool = False
