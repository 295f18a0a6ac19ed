"""Two sites on loopback for the link cache's and the L findings' tests (review 17): a
football club's and a hospital trust's, each a host of its own (127.0.0.6 and 127.0.0.7),
with pages that die on demand, a HEAD that lies, a site that answers every path with one
page, and redirect chains that mix permanent and temporary hops.

`Sites.dead` holds the paths that answer 404 from now on (a page that dies between runs).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiohttp import web

from tests.linkserver import run_app

FOOTBALL, HOSPITAL = "127.0.0.6", "127.0.0.7"

PAGES = {
    FOOTBALL: (
        "Match report: Rovers 2 United 1",
        "Rovers beat United two goals to one at the Riverside ground on Saturday, in front "
        "of a crowd of 18,400. The winner came in the 87th minute from a corner. " * 4,
    ),
    HOSPITAL: (
        "Referral to treatment waiting times",
        "The trust had 52,000 patients waiting for planned treatment at the end of March, "
        "of whom 1,900 had waited more than a year. The median wait was 14 weeks. " * 4,
    ),
}

#: Redirects: path -> (status, where to). Each chain ends at a live page.
REDIRECTS = {
    "/moved": (301, "/interim"),  # moved for good to /interim, which lends /season for now
    "/interim": (302, "/season"),
    "/old-stats": (308, "/new-stats"),  # two permanent hops, then a temporary one
    "/new-stats": (301, "/stats-2025"),
    "/stats-2025": (307, "/stats"),
    "/for-good": (301, "/season"),  # the clean twin: permanent all the way to the page
    "/for-now": (302, "/to-season"),  # temporary first: the citation stands
    "/to-season": (301, "/season"),
}


@dataclass
class Sites:
    ports: dict[str, int]
    dead: set[str] = field(default_factory=set)

    def url(self, path: str, host: str) -> str:
        return f"http://{host}:{self.ports[host]}{path}"


def _page(host: str) -> web.Response:
    title, text = PAGES[host]
    body = f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p>"
    return web.Response(text=body + "</body></html>", content_type="text/html")


def make_app(sites: Sites) -> web.Application:
    async def handle(request: web.Request) -> web.StreamResponse:
        path, host = request.path, request.host.split(":")[0]
        if path in sites.dead or path == "/gone":
            return web.Response(status=404)
        if path == "/head-lies":  # HEAD 200, GET 404: a believed HEAD says alive
            if request.method == "HEAD":
                return web.Response(status=200, content_type="text/html")
            return web.Response(status=404)
        if path in REDIRECTS:
            status, to = REDIRECTS[path]
            return web.Response(status=status, headers={"Location": to})
        if path.startswith("/any/"):  # one page for every path, a missing one's too
            return _page(host)
        if path in ("/season", "/stats", "/report", "/waiting", "/annex", "/fixtures"):
            return _page(host)
        return web.Response(status=404)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    return app


@contextmanager
def serve_sites() -> Iterator[Sites]:
    sites = Sites({})
    with run_app(make_app(sites), (FOOTBALL, HOSPITAL)) as ports:
        sites.ports.update(ports)
        yield sites
