"""Hostile and broken servers: each gets a verdict in time, memory stays bounded, and the
run's other links are unaffected."""

from __future__ import annotations

import asyncio
import resource
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from claimcheck.clock import FakeClock
from claimcheck.http import HttpEdge
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
        # A guard against a hang only (a slow-loris body read for ever), far above the 3 s
        # timeout: how long the run takes is bench's business, never a test's (a loaded
        # machine took over 5 s here). That the timeout cut it off is the TIMEOUT verdict.
        checked = check_urls([*urls, *healthy], HttpEdge(replace(SETTINGS, retries=0), FakeClock()))
        run = asyncio.run(asyncio.wait_for(checked, timeout=120))
        grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    got = {url.removeprefix(faulty): run.results[url].verdict for url in urls}
    assert got == expected, {u: run.results[faulty + u].error for u in expected}
    assert all(run.results[url].verdict is Verdict.ALIVE for url in healthy)
    assert grown_mb < 50  # the gzip bomb (20 MB inflated) was not inflated


@pytest.mark.parametrize("days", ["1", "-1"], ids=["self-signed", "expired"])
def test_bad_certificates_are_tls_errors(tmp_path: Path, days: str) -> None:
    """TLS verification stays on: a certificate no authority signed, or one that has expired,
    is reported, not trusted."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.7",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    if days == "-1":  # re-sign it so that it expired yesterday
        subprocess.run(
            [
                "openssl",
                "x509",
                "-in",
                str(cert),
                "-signkey",
                str(key),
                "-days",
                days,
                "-out",
                str(cert),
            ],
            check=True,
            capture_output=True,
        )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with serve_tls(context) as base:
        run = asyncio.run(check_urls([base + "/ok"], HttpEdge(SETTINGS, FakeClock())))
    result = run.results[base + "/ok"]
    assert result.verdict is Verdict.ERROR and "TLS" in (result.error or ""), result.error


@contextmanager
def serve_tls(context: ssl.SSLContext, host: str = "127.0.0.7") -> Iterator[str]:
    from aiohttp import web

    async def ok(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/ok", ok)
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.5)
    loop = asyncio.new_event_loop()
    ports: list[int] = []
    ready = threading.Event()

    async def start() -> None:
        await runner.setup()
        site = web.TCPSite(runner, host, 0, ssl_context=context)
        await site.start()
        ports.append(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        ready.set()

    thread = threading.Thread(
        target=lambda: (loop.run_until_complete(start()), loop.run_forever()), daemon=True
    )
    thread.start()
    ready.wait(10)
    try:
        yield f"https://{host}:{ports[0]}"
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
