"""Hostile and broken servers: each gets a verdict in time, memory stays bounded, and the
run's other links are unaffected."""

from __future__ import annotations

import asyncio
import resource
import time
from dataclasses import replace

from claimcheck.links.clock import FakeClock
from claimcheck.links.model import Verdict
from claimcheck.links.pool import check_urls
from claimcheck.links.settings import LinkSettings
from tests.faultserver import serve
from tests.linkserver import serve as serve_good

SETTINGS = LinkSettings(
    allow_private=True, timeout=3.0, host_interval=0.0, retries=1, use_cache=False, method="get"
)


def test_every_fault_gets_a_verdict_in_time_and_the_rest_are_unaffected() -> None:
    expected = {
        "/garbage": Verdict.ERROR,
        "/huge-headers": Verdict.ERROR,
        "/http10": Verdict.ALIVE,
        "/reset-mid-body": Verdict.ALIVE,  # the status line arrived: the page is there
        "/slowloris": Verdict.TIMEOUT,
        "/gzip-bomb": Verdict.ALIVE,
    }
    with serve() as faulty, serve_good(("127.0.0.6",)) as good:
        urls = [faulty + path for path in expected]
        healthy = [good.url(f"/ok?i={i}", "127.0.0.6") for i in range(20)]
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.monotonic()
        run = asyncio.run(
            check_urls([*urls, *healthy], replace(SETTINGS, retries=0), clock=FakeClock())
        )
        elapsed = time.monotonic() - started
        grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    got = {url.removeprefix(faulty): run.results[url].verdict for url in urls}
    assert got == expected, {u: run.results[faulty + u].error for u in expected}
    assert all(run.results[url].verdict is Verdict.ALIVE for url in healthy)
    assert elapsed < 3.0 + 2.0  # the slowest fault is cut off by the timeout
    assert grown_mb < 50  # the gzip bomb (20 MB inflated) was not inflated
