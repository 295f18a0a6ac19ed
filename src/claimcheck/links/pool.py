"""Checking many URLs: de-duplicated, filtered, paced per host, cached, within a budget.

Two budgets: `max-runtime` stops starting requests when the run's time is up, and
`max-per-host` requests at most N URLs per host per run (`within_budget`): the URLs the cache
has never seen requested first (in the order given), then those requested longest ago. A URL
left out is skipped (`Skip.BUDGET`) and reported as not checked (L008); never requested, it is
among the first next run, so a large registry is checked over several runs without any host
getting more than N URLs' worth of requests from one. A URL fresh in the cache needs no
request and does not count.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from claimcheck.clock import Clock
from claimcheck.http import HttpEdge, MalformedUrlError, request_url
from claimcheck.http import target as parse_target
from claimcheck.links.cache import LinkCache
from claimcheck.links.model import (
    MALFORMED,
    NO_SUCH_HOST,
    RESOLVER_FAILED,
    LinkResult,
    LinkRun,
    Skip,
    Verdict,
)
from claimcheck.links.settings import LinkSettings
from claimcheck.safetext import shown

Progress = Callable[[int, int], None]


class _Slot:
    """One place in the run's and the host's limits, for one attempt (checks the deadline)."""

    def __init__(
        self,
        overall: asyncio.Semaphore,
        host: asyncio.Semaphore,
        clock: Clock,
        deadline: float | None,
        held: bool = False,
    ) -> None:
        self.overall, self.host, self.clock, self.deadline = overall, host, clock, deadline
        #: The run's place is already taken for the first attempt (by the feeder in `_run`).
        self.held = held

    async def __aenter__(self) -> None:
        if self.held:
            self.held = False
        else:
            await self.overall.acquire()
        await self.host.acquire()
        if self.deadline is not None and self.clock.monotonic() > self.deadline:
            await self.__aexit__()
            raise _OutOfTimeError

    async def __aexit__(self, *exc: object) -> None:
        self.host.release()
        self.overall.release()


@dataclass
class _Plan:
    """What to do with each URL before any request: check it, skip it, or reuse the cache."""

    targets: dict[str, str]  # original URL -> URL to request (after remap, `request_url`)
    skipped: dict[str, LinkResult]
    hosts: dict[str, str]  # URL to request -> its host, lower case (parsed once: it adds up)


def _malformed(url: str, reason: MalformedUrlError) -> LinkResult:
    """The result of a URL no request can be made for: an error for that URL alone."""
    return LinkResult(url, Verdict.ERROR, error=f"{MALFORMED} {reason}")


def plan(urls: Sequence[str], settings: LinkSettings) -> _Plan:
    """Apply schemes, include/exclude patterns and remap rules; a malformed URL is an error
    result here (offline too: it needs no network), and the others go on.

    Patterns see each URL as it is requested and cached (`request_url`: scheme and host in
    lower case, `.`/`..` resolved, escapes of unreserved characters decoded, no fragment or
    password), never as a source spells it: one resource gets one answer, so
    `HTTP://host/dead` is checked where `http://host/dead` is, and `/private/../gone` is
    `/gone`, whatever `exclude = ["/private/"]` says of its spelling.
    """
    targets: dict[str, str] = {}
    skipped: dict[str, LinkResult] = {}
    hosts: dict[str, str] = {}
    include = [re.compile(p) for p in settings.include]
    exclude = [re.compile(p) for p in settings.exclude]
    remap = [(re.compile(p), r) for p, r in settings.remap]
    for url in dict.fromkeys(urls):
        try:
            where = parse_target(url)
        except MalformedUrlError as exc:
            skipped[url] = _malformed(url, exc)
            continue
        scheme = where.scheme
        if scheme not in ("http", "https"):
            skipped[url] = LinkResult(
                url,
                Verdict.SKIPPED,
                error=f"unsupported scheme {scheme or '(none)'}",
                skip=Skip.SCHEME,
            )
            continue
        # One request for every spelling of one resource (`#part`, `HTTP://`, `:80`, an IDN
        # host), and never a user name or password (see `request_url`); each source keeps
        # its own spelling in reports.
        request = request_url(url)
        if include and not any(p.search(request) for p in include):
            skipped[url] = LinkResult(
                url, Verdict.SKIPPED, error="not matched by `include`", skip=Skip.EXCLUDED
            )
        elif any(p.search(request) for p in exclude):
            skipped[url] = LinkResult(
                url, Verdict.SKIPPED, error="matched by `exclude`", skip=Skip.EXCLUDED
            )
        else:
            for pattern, replacement in remap:
                if pattern.search(request):
                    # The first match only: a pattern that matches everywhere (`\b`) may not
                    # multiply a URL by its replacement.
                    request = pattern.sub(replacement, request, count=1)
                    try:
                        where = parse_target(request)
                    except MalformedUrlError as exc:
                        skipped[url] = _malformed(url, exc)
                        break
                    if not where.web:
                        skipped[url] = LinkResult(
                            url,
                            Verdict.ERROR,
                            error=f"remapped to an unsupported scheme: {shown(request)}",
                        )
                        break
                    request = request_url(request)
                    break
            if url in skipped:
                continue
            targets[url] = request
            # The host as aiohttp connects to it (`①②⑦.0.0.1` is 127.0.0.1): what the
            # private-address check, the gates and the headers judge.
            hosts[request] = where.host
    return _Plan(targets, skipped, hosts)


async def check_urls(
    urls: Sequence[str],
    http: HttpEdge,
    *,
    offline: bool = False,
    progress: Progress | None = None,
) -> LinkRun:
    """Check every URL once; a result for each, in a LinkRun (with `shard`, only its hosts').

    The settings, the clock, the host gates and the cache are the edge's.
    """
    settings, clock, cache = http.settings, http.clock, http.cache()
    if settings.shard is not None:
        from claimcheck.links.shard import in_shard

        shard = settings.shard

        def mine(url: str) -> bool:
            try:
                return in_shard(url, shard)
            except ValueError:  # malformed: reported once, by the first shard
                return shard[0] == 1

        urls = [url for url in urls if mine(url)]
    planned = plan(urls, settings)
    results: dict[str, LinkResult] = dict(planned.skipped)
    wall = clock.now().timestamp()
    pending: dict[str, list[str]] = {}  # target -> the original URLs that map to it
    for url, target in planned.targets.items():
        cached = cache.get(target, wall) if cache else None
        if cached is not None:
            results[url] = as_given(cached, url)
        elif offline:
            results[url] = LinkResult(
                url,
                Verdict.SKIPPED,
                error="not checked: offline (and not in the cache)",
                skip=Skip.OFFLINE,
            )
        else:
            pending.setdefault(target, []).append(url)
    carried = 0
    if settings.max_per_host is not None and pending:
        _, over = within_budget(
            {t: planned.hosts[t] for t in pending}, settings.max_per_host, cache, wall
        )
        for target, host in over.items():
            for url in pending.pop(target):
                results[url] = carried_result(url, host, settings.max_per_host)
                carried += 1
    done = len(results)
    # Counted in requests to make, as progress is told of them: two URLs that `remap` sends
    # to one target are one request, and a count in URLs would never be reached.
    total = len(results) + len(pending)
    if progress:
        progress(done, total)
    out_of_time = 0
    if pending:
        checked = await _run(
            {t: planned.hosts[t] for t in pending}, http, cache, progress, done, total
        )
        for target, result in checked.items():
            if result.skip is Skip.OUT_OF_TIME:
                out_of_time += len(pending[target])
            for url in pending[target]:
                results[url] = result if url == result.url else as_given(result, url)
    seen = await _unproven_names(results, pending, http) if pending else None
    ordered = {url: results[url] for url in dict.fromkeys(urls)}
    return LinkRun(
        ordered,
        network_unavailable=seen is not None,
        network_seen=seen or "",
        out_of_time=out_of_time,
        carried=carried,
        max_per_host=settings.max_per_host,
        offline=offline,
    )


def as_given(result: LinkResult, url: str) -> LinkResult:
    """`result`, of the URL requested (`request_url`), for `url` as a source spells it: that
    spelling where the requested one stood (the URL, the first hop, the final URL of an
    answer without redirects)."""
    asked = result.url
    hops = result.redirects
    if hops and hops[0].url == asked:
        hops = (replace(hops[0], url=url), *hops[1:])
    final = url if result.final_url == asked else result.final_url
    return replace(result, url=url, redirects=hops, final_url=final)


def within_budget(
    targets: dict[str, str], limit: int, cache: LinkCache | None, now: float
) -> tuple[dict[str, str], dict[str, str]]:
    """The URLs to request (URL -> host) split into those within each host's `limit` and
    those carried to the next run, each in the order given (see the module's docstring)."""
    by_host: dict[str, list[str]] = {}
    for target, host in targets.items():
        by_host.setdefault(host, []).append(target)
    over = [target for some in by_host.values() if len(some) > limit for target in some]
    if not over:
        return targets, {}
    last = cache.last_requested(over, now) if cache is not None else {}
    chosen: set[str] = set()
    for some in by_host.values():
        if len(some) <= limit:
            chosen.update(some)
            continue
        # A stable sort: the never requested in the order given, then the longest ago first.
        chosen.update(sorted(some, key=lambda t: (t in last, last.get(t, 0.0)))[:limit])
    kept = {t: h for t, h in targets.items() if t in chosen}
    return kept, {t: h for t, h in targets.items() if t not in chosen}


def carried_result(url: str, host: str, limit: int) -> LinkResult:
    """The result of a URL left for the next run: not checked, neither dead nor alive."""
    return LinkResult(
        url,
        Verdict.SKIPPED,
        error=f"not checked: max-per-host {limit} reached for {host}; left for the next run",
        skip=Skip.BUDGET,
    )


class _OutOfTimeError(Exception):
    """The run's time budget ran out before this request could start."""


async def _run(
    targets: dict[str, str],
    http: HttpEdge,
    cache: LinkCache | None,
    progress: Progress | None,
    done: int,
    total: int,
) -> dict[str, LinkResult]:
    # Imported here: it imports aiohttp (0.27 s), and offline runs never need it.
    from claimcheck.links.fetch import Fetcher

    settings, clock, gate = http.settings, http.clock, http.gate
    overall = asyncio.Semaphore(settings.concurrency)
    deadline = None if settings.max_runtime is None else clock.monotonic() + settings.max_runtime
    results: dict[str, LinkResult] = {}

    # Pacing only matters when some host has an interval, or the run has a deadline.
    paced = (
        deadline is not None
        or settings.host_interval > 0
        or any(rule.interval for rule in settings.hosts)
    )

    async def pace(host: str) -> None:
        # Out of time as soon as the host's next turn is known to come too late.
        if not await gate(host.lower()).pace(deadline):
            raise _OutOfTimeError

    async with http.session() as session:
        fetcher = Fetcher(session, http)

        # Every per-URL value is an argument: a task runs after the loop below has moved on,
        # so a name read from the loop would give this request another URL's host (its
        # pacing, its private-address check, its headers).
        async def one(target: str, host: str, slot: _Slot) -> None:
            nonlocal done
            try:
                result = await fetcher.check(
                    target, pace if paced else None, lambda: slot, host, deadline
                )
            except _OutOfTimeError:
                result = LinkResult(
                    target,
                    Verdict.SKIPPED,
                    error="not checked: --max-runtime reached",
                    skip=Skip.OUT_OF_TIME,
                )
            if result.skip is Skip.PRIVATE and not result.redirects:
                # Refused before a connection was made: no request, whatever the count says.
                result = replace(result, attempts=0)
            results[target] = result
            if cache is not None:
                cache.put(result, clock.now().timestamp())
            done += 1
            if progress:
                progress(done, total)

        # A task is started only once a place in the run is free: not 10,000 tasks queued on
        # one semaphore (their creation and wake-ups cost ~0.2 s at that scale), and a retry
        # waits behind the next first attempt, not behind every one still to go.
        running: set[asyncio.Task[None]] = set()
        for target, host in targets.items():
            await overall.acquire()
            task = asyncio.create_task(
                one(target, host, _Slot(overall, gate(host).slots, clock, deadline, held=True))
            )
            running.add(task)
            task.add_done_callback(running.discard)
        while running:
            await asyncio.gather(*running)
    return results


def _unresolved(result: LinkResult) -> bool:
    error = result.error or ""
    return error.startswith(NO_SUCH_HOST) or error.startswith(RESOLVER_FAILED)


async def _unproven_names(
    results: dict[str, LinkResult], pending: dict[str, list[str]], http: HttpEdge
) -> str | None:
    """Skip (L008) every link whose host name did not resolve, unless the run's resolver is
    shown to answer for the open internet; what the probe saw when it is not, else None.

    A name that does not resolve is dead only on the open internet; behind an allowlist or
    with no network, every name outside it fails the same way (claimcheck.links.probe).
    Nothing is probed when every name resolved. The results skipped were never cached (only
    alive and redirected ones are).
    """
    failed = [urls for urls in pending.values() if _unresolved(results[urls[0]])]
    if not failed:
        return None
    evidence = await http.open_internet()
    if evidence.open:
        return None
    for urls in failed:
        for url in urls:
            results[url] = LinkResult(
                url,
                Verdict.SKIPPED,
                error=f"not checked: {results[url].error}, and the resolver does not answer "
                f"for public names ({evidence.seen}): not reported dead",
                attempts=results[url].attempts,  # tried: the name did not resolve
                skip=Skip.NO_NETWORK,
            )
    return evidence.seen
