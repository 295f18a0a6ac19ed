"""A loopback server for source tests: pages set per path (and changed between runs), a
fake Wayback availability API and capture store, and a save endpoint that counts requests.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiohttp import web

from tests.linkserver import run_app

HOSTS = ("127.0.0.2", "127.0.0.3")


@dataclass
class Site:
    #: path -> (status, content type, body); `Location` for 3xx in `redirects`.
    pages: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    #: path -> extra response headers (a bot wall's `cf-mitigated`, say).
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Wayback: original URL -> (capture URL, timestamp); missing: no capture.
    captures: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: path -> (content type, the body's pieces sent apart, a Content-Length to declare or
    #: None): a body that arrives in parts, or stops short of what it declared.
    streams: dict[str, tuple[str, list[bytes], int | None]] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    ports: dict[str, int] = field(default_factory=dict)

    def url(self, path: str, host: str = HOSTS[0]) -> str:
        return f"http://{host}:{self.ports[host]}{path}"


def make_app(site: Site) -> web.Application:
    async def handle(request: web.Request) -> web.StreamResponse:
        path = request.raw_path.split("?")[0]
        site.hits[path] += 1
        if path == "/wayback/available":
            found = site.captures.get(request.query.get("url", ""))
            body: dict[str, object] = {"archived_snapshots": {}}
            if found is not None:
                closest = {"available": True, "url": found[0], "timestamp": found[1]}
                body["archived_snapshots"] = {"closest": closest}
            return web.Response(text=json.dumps(body), content_type="application/json")
        if path.startswith("/save/"):
            return web.Response(text="saved")
        if path in site.redirects:
            raise web.HTTPFound(site.redirects[path])
        if path in site.streams:
            kind, pieces, declared = site.streams[path]
            headers = {"Content-Type": kind}
            if declared is not None:
                headers["Content-Length"] = str(declared)
            response = web.StreamResponse(headers=headers)
            await response.prepare(request)
            for piece in pieces:
                await response.write(piece)
                await asyncio.sleep(0.02)
            if declared is not None and declared > sum(map(len, pieces)):
                assert request.transport is not None
                request.transport.close()  # stops short of what it declared
            return response
        if path in site.pages:
            status, kind, data = site.pages[path]
            return web.Response(
                status=status, body=data, content_type=kind, headers=site.headers.get(path)
            )
        return web.Response(status=404, text="not found")

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", handle)
    return app


@contextmanager
def serve() -> Iterator[Site]:
    site = Site()
    with run_app(make_app(site), HOSTS) as ports:
        site.ports.update(ports)
        yield site
