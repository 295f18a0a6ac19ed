"""A real HTTP server on several loopback addresses (each a distinct host) for link tests.

Behaviour is chosen by the path; the server counts requests per path and method and records
the peak number of requests in flight per host.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

HOSTS = ("127.0.0.2", "127.0.0.3", "127.0.0.4")


@dataclass
class Stats:
    hits: Counter[tuple[str, str]] = field(default_factory=Counter)  # (method, path)
    in_flight: Counter[str] = field(default_factory=Counter)
    peak: Counter[str] = field(default_factory=Counter)
    per_path: Counter[str] = field(default_factory=Counter)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # last request's, per path

    def requests(self, path: str) -> int:
        return sum(n for (_, p), n in self.hits.items() if p == path)


def make_app(stats: Stats) -> web.Application:
    async def handle(request: web.Request) -> web.StreamResponse:
        path = request.path
        host = request.host.split(":")[0]
        stats.hits[(request.method, path)] += 1
        stats.per_path[path] += 1
        stats.headers[path] = dict(request.headers)
        if path != "/busy":
            return await respond(request, path, stats.per_path[path])
        stats.in_flight[host] += 1  # concurrency is measured on /busy only
        stats.peak[host] = max(stats.peak[host], stats.in_flight[host])
        try:
            return await respond(request, path, stats.per_path[path])
        finally:
            stats.in_flight[host] -= 1

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    return app


async def respond(request: web.Request, path: str, count: int) -> web.StreamResponse:
    head = request.method == "HEAD"
    if path in ("/", "/ok", "/ok2", "/404.html"):
        return web.Response(text="<html>ok</html>", content_type="text/html")
    if path == "/busy":
        await asyncio.sleep(0.05)
        return web.Response(text="ok")
    if path in ("/404", "/410"):
        return web.Response(status=int(path[1:]))
    if path.startswith("/head"):
        return web.Response(status=int(path[5:])) if head else web.Response(text="ok")
    if path == "/lyinghead":  # a HEAD that says 200 where GET says 404
        return (
            web.Response(status=200, content_type="text/html") if head else web.Response(status=404)
        )
    if path == "/spelled-loop":  # back to itself, spelled otherwise: upper case, a fragment
        return _redirect(302, f"HTTP://{request.host.upper()}/spelled-loop#again")
    if path in ("/r301", "/r302", "/r308"):
        return _redirect(int(path[2:]), "/ok")
    if path == "/loop":
        return _redirect(302, "/loop2")
    if path == "/loop2":
        return _redirect(302, "/loop")
    if path == "/toroot":
        return _redirect(301, "/")
    if path == "/to404page":
        return _redirect(302, "/404.html")
    if path == "/tofile":
        return _redirect(302, "file:///etc/passwd")
    if path == "/toprivate":
        return _redirect(302, "http://10.0.0.1/")
    if path == "/to":  # a redirect to wherever `u` says (tests of what a hop may reach)
        return _redirect(302, request.query.get("u", "/"))
    if path == "/moved":  # a permanent redirect to wherever `u` says
        return _redirect(301, request.query.get("u", "/"))
    if path in ("/index.html", "/default.aspx"):  # the front page's own file: moved to `/`
        return _redirect(301, "/")
    if path.startswith("/site/"):  # a site whose pages are spelled in lower case
        if path != path.lower():
            return _redirect(301, path.lower())
        *_, section, name = ["", *path.strip("/").split("/")]
        title = f"{name.replace('-', ' ').capitalize()} ({section})"  # "Error (glossary)"
        return web.Response(
            text=f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            f"<p>{title}: an entry of the {section}, with what it says.</p></body></html>",
            content_type="text/html",
        )
    if path == "/403cf":
        return web.Response(status=403, headers={"cf-mitigated": "challenge"})
    if path in ("/401", "/403", "/451", "/999"):
        return web.Response(status=int(path[1:]))
    if path == "/waf":
        return web.Response(status=202, headers={"x-amzn-waf-action": "challenge"})
    if path == "/429":
        return web.Response(status=429, headers={"Retry-After": "2"})
    if path == "/429date":
        return web.Response(status=429, headers={"Retry-After": "Tue, 24 Nov 2026 00:00:03 GMT"})
    if path == "/429long":
        return web.Response(status=429, headers={"Retry-After": "3600"})
    if path == "/429once":
        # HEAD and GET both count: the first two requests (a HEAD falling back to GET) get 429.
        return (
            web.Response(status=429, headers={"Retry-After": "1"})
            if count <= 2
            else web.Response(text="ok")
        )
    if path == "/flaky":
        return web.Response(status=503) if count <= 2 else web.Response(text="ok")
    if path == "/500":
        return web.Response(status=500)
    if path in ("/slow", "/hang"):
        await asyncio.sleep(3600 if path == "/hang" else 5)
        return web.Response(text="late")
    if path == "/endless":
        response = web.StreamResponse()
        await response.prepare(request)
        if not head:
            for _ in range(100_000):  # ~100 MB if read to the end
                await response.write(b"x" * 1024)
        return response
    if path == "/reset":
        assert request.transport is not None
        request.transport.close()
        return web.Response(text="never sent")
    return web.Response(status=404)


def _redirect(status: int, location: str) -> web.Response:
    return web.Response(status=status, headers={"Location": location})


@dataclass
class Server:
    stats: Stats
    ports: dict[str, int]

    def url(self, path: str, host: str = HOSTS[0]) -> str:
        return f"http://{host}:{self.ports[host]}{path}"


@contextmanager
def run_app(app: web.Application, hosts: tuple[str, ...]) -> Iterator[dict[str, int]]:
    """Serve `app` on each of `hosts` (port chosen by the system) in a thread until the block
    ends; yields the port per host."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    ports: dict[str, int] = {}
    # Handlers end when the client goes away (a timed-out check must not stay "in flight"),
    # and shutting down does not wait for the hanging ones.
    runner = web.AppRunner(
        app, handle_signals=False, handler_cancellation=True, shutdown_timeout=0.5
    )

    async def start() -> None:
        await runner.setup()
        for host in hosts:
            site = web.TCPSite(runner, host, 0)
            await site.start()
            server = site._server
            assert server is not None
            ports[host] = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        ready.set()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield ports
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


@contextmanager
def serve(hosts: tuple[str, ...] = HOSTS) -> Iterator[Server]:
    """Run the server in a thread until the block ends."""
    stats = Stats()
    with run_app(make_app(stats), hosts) as ports:
        yield Server(stats, ports)


#: The labelled soft-404 pages (tests/data/soft404/labels.json): a site per host.
PAGE_HOSTS = {"strict": "127.0.0.10", "catchall": "127.0.0.11"}


@dataclass
class PageSites:
    """The labelled pages' sites: the URL of a path on a site, and the paths each was asked."""

    ports: dict[str, int]
    asked: dict[str, list[str]]

    def url(self, site: str, path: str) -> str:
        host = PAGE_HOSTS[site]
        return f"http://{host}:{self.ports[host]}{path}"


@contextmanager
def serve_pages(directory: Path) -> Iterator[PageSites]:
    """Serve the labelled pages in `directory` (labels.json says which path of which site
    answers 200 with which file); a path no page has answers 404 on the `strict` site, and
    the `catchall` site's missing page (200, the path asked for in it) on the other."""
    labels = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
    pages: dict[tuple[str, str], bytes] = {
        (PAGE_HOSTS[p["site"]], p["path"]): (directory / p["file"]).read_bytes()
        for p in labels["pages"]
        if p["file"]
    }
    missing = {
        PAGE_HOSTS[name]: (directory / site["missing"]).read_bytes()
        for name, site in labels["sites"].items()
        if site["missing"]
    }
    asked: dict[str, list[str]] = {}

    async def handle(request: web.Request) -> web.StreamResponse:
        host = request.host.split(":")[0]
        asked.setdefault(host, []).append(request.path_qs)
        page = pages.get((host, request.path_qs))
        if page is None and host in missing:
            page = missing[host].replace(b"{path}", request.path.encode())
        if page is None:
            return web.Response(status=404, text="not found")
        return web.Response(body=page, content_type="text/html")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    with run_app(app, tuple(PAGE_HOSTS.values())) as ports:
        yield PageSites(ports, asked)
