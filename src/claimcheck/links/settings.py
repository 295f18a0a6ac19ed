"""How links are checked: limits, politeness, headers, cache. Part of Settings."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from claimcheck import __version__

USER_AGENT = (
    f"claimcheck/{__version__} (citation checker; +https://pypi.org/project/claimcheck-cli/)"
)


@dataclass(frozen=True)
class HostRule:
    """Settings for hosts matching a glob (`*.gov.uk`); unset fields keep the defaults."""

    pattern: str
    concurrency: int | None = None
    interval: float | None = None
    headers: tuple[tuple[str, str], ...] = ()

    def matches(self, host: str) -> bool:
        return fnmatch.fnmatch(host, self.pattern)


#: Unrelated operators (IANA, Wikimedia, the PSF, the UK government, GitHub), so that one
#: allowlisted or cached name cannot stand in for the internet (see claimcheck.links.probe).
DEFAULT_PROBE_NAMES = ("example.com", "wikipedia.org", "pypi.org", "gov.uk", "github.com")
#: `network`: "probe" (a name that does not resolve is dead only when the probe shows the
#: resolver answers for the open internet) or "open" (always: a mirror with its own DNS).
NETWORK_MODES = ("probe", "open")

#: GOV.UK asks automated clients to keep to a modest rate.
DEFAULT_HOSTS = (HostRule("*.gov.uk", interval=1.0), HostRule("gov.uk", interval=1.0))


@dataclass(frozen=True)
class LinkSettings:
    """Every knob of the link checker; documented in the README's configuration table."""

    concurrency: int = 64
    host_concurrency: int = 4
    host_interval: float = 0.1
    timeout: float = 20.0
    retries: int = 2
    #: What is retried: "408", "429", "5xx", "timeout", "connection".
    retry_on: frozenset[str] = frozenset({"408", "429", "5xx", "timeout", "connection"})
    backoff: float = 1.0
    #: "get": GET only, the body's first bytes read, so a 200 that is an error page is seen
    #: (claimcheck.links.soft404); "head-get": HEAD first, believed when it answers 2xx (fewer
    #: bytes, but a soft 404, or a HEAD that says 200 where GET says 404, goes unseen), GET
    #: when it fails.
    method: str = "get"
    #: Ask each directory once for a path that cannot exist, and count a page the site
    #: answers the same as a soft 404 (claimcheck.links.soft404). Off by default: a site that
    #: serves one shell for every path (an app rendered in the browser) would have every link
    #: reported, and so would a generated site of near-identical pages.
    soft_404_probe: bool = False
    max_redirects: int = 10
    max_retry_after: float = 60.0
    max_body: int = 64 * 1024
    user_agent: str = USER_AGENT
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    remap: tuple[tuple[str, str], ...] = ()
    hosts: tuple[HostRule, ...] = DEFAULT_HOSTS
    cache: Path | None = None  # None: the platform cache directory
    use_cache: bool = True
    cache_ttl: float = 86400.0
    allow_private: bool = False
    strict: bool = False
    max_runtime: float | None = None
    #: At most this many URLs requested per host per run (None: no limit); the rest, those
    #: checked longest ago last, are skipped and come first next run (claimcheck.links.pool).
    max_per_host: int | None = None
    #: Check only the hosts of shard K of N (`--shard K/N`).
    shard: tuple[int, int] | None = None
    #: Public names resolved (and one connected to) after a host name fails to resolve, to
    #: tell "no such host" from "a network that is not the open internet".
    probe_names: tuple[str, ...] = DEFAULT_PROBE_NAMES
    #: "probe", or "open": trust every "no such host" without probing (air-gapped mirrors).
    network: str = "probe"
    github_token: str | None = field(default=None, repr=False)

    def rule_for(self, host: str) -> HostRule:
        """The merged settings of every rule matching `host` (later rules win)."""
        concurrency: int | None = None
        interval: float | None = None
        headers: dict[str, str] = {}
        for rule in self.hosts:
            if rule.matches(host):
                concurrency = rule.concurrency if rule.concurrency is not None else concurrency
                interval = rule.interval if rule.interval is not None else interval
                headers.update(rule.headers)
        return HostRule(host, concurrency, interval, tuple(headers.items()))
