"""A loopback server that writes whatever bytes a test gives it, per path (tests of review 17's
follow-ups: pages read in part, status lines after long heads, interim answers).

`serve(routes, host)` runs it on `host` (a 127.0.0.x address) while the block runs; each route
is `async def route(writer, nth)`, `nth` counting that path's requests from 1 (an answer that
changes between runs). A path with no route answers 404, empty. Each connection is one
request, closed when its route returns.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

Route = Callable[[asyncio.StreamWriter, int], Awaitable[None]]


def page(title: str, text: str, status: bytes = b"200 OK") -> bytes:
    """A whole HTML answer, its length given, then the close."""
    body = (
        f"<!doctype html><html><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1><p>{text}</p></article></body></html>"
    ).encode()
    return (
        b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body
    )


def whole(answer: bytes) -> Route:
    """A route that writes `answer` and closes."""

    async def route(writer: asyncio.StreamWriter, nth: int) -> None:
        writer.write(answer)

    return route


@contextmanager
def serve(routes: dict[str, Route], host: str) -> Iterator[tuple[str, Counter[str]]]:
    """The server's base URL (`http://host:port`) and its requests per path, while the
    block runs."""
    seen: Counter[str] = Counter()
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, asyncio.Server] = {}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await reader.readuntil(b"\r\n\r\n")
            path = request.split(b" ", 2)[1].decode()
            seen[path] += 1
            route = routes.get(path)
            if route is None:
                writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            else:
                await route(writer, seen[path])
            await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            writer.close()

    async def start() -> None:
        holder["server"] = await asyncio.start_server(handle, host, 0)
        ready.set()

    thread = threading.Thread(
        target=lambda: (loop.run_until_complete(start()), loop.run_forever()), daemon=True
    )
    thread.start()
    assert ready.wait(10), "the raw server did not start"
    port = holder["server"].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{port}", seen
    finally:

        async def stop() -> None:
            holder["server"].close()
            # End the routes still running (a stalled page sleeps) before the loop closes.
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
