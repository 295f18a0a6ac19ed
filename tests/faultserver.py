"""A deliberately broken HTTP server on loopback: raw bytes, so any fault can be sent.

The path picks the fault. Each connection handles one request.
"""

from __future__ import annotations

import asyncio
import gzip
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import unquote_to_bytes

GZIP_BOMB = gzip.compress(b"\0" * (20 * 1024 * 1024))  # 20 MB of zeros in ~20 KB
#: Requests per path (with its query), for faults that change on the next request.
SEEN: Counter[str] = Counter()


def page(title: str, status: bytes = b"200 OK") -> bytes:
    """A whole answer: an HTML page with this title, its length given, then the close."""
    body = f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
    return (
        b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Length: " + str(len(body.encode())).encode() + b"\r\n"
        b"Connection: close\r\n\r\n" + body.encode()
    )


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        request = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        writer.close()
        return
    path = request.split(b" ", 2)[1].decode()
    try:
        await fault(path, writer)
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def fault(path: str, w: asyncio.StreamWriter) -> None:
    SEEN[path] += 1
    if path.startswith("/retry-after/"):
        # 429 with the Retry-After the rest of the path spells (percent-escaped: any bytes),
        # then, asked again, a page.
        if SEEN[path] == 1:
            value = unquote_to_bytes(path.removeprefix("/retry-after/").split("?")[0])
            w.write(b"HTTP/1.1 429 Too Many\r\nRetry-After: " + value + b"\r\n")
            w.write(b"Content-Length: 0\r\nConnection: close\r\n\r\n")
        else:
            w.write(page("Waiting times by trust, 2024"))
    elif path == "/garbage":
        w.write(b"THIS IS NOT HTTP\r\n\r\n")
    elif path == "/ssh":  # another protocol on the port: its banner, no status line
        w.write(b"SSH-2.0-OpenSSH_9.0\r\n")
    elif path.startswith("/http09"):  # HTTP/0.9: the page alone, no status line or headers
        named = unquote_to_bytes(path.partition("?")[2] or "Old page")
        w.write(b"<html><head><title>" + named + b"</title></head><body>old</body></html>")
    elif path.startswith("/unavailable"):  # 503 every time, and no Retry-After
        w.write(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
    elif path.startswith("/long-header/"):  # /long-header/SIZE/STATUS: one header that long
        size, code = path.split("?")[0].split("/")[2:4]
        w.write(b"HTTP/1.1 " + code.encode() + b" X\r\nContent-Security-Policy: ")
        w.write(b"a" * int(size) + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    elif path.startswith("/stall/"):  # /stall/STATUS?TITLE: 5000 bytes promised, a few sent
        code, _, title = path.removeprefix("/stall/").partition("?")
        w.write(b"HTTP/1.1 " + code.encode() + b" X\r\nContent-Type: text/html\r\n")
        w.write(b"Content-Length: 5000\r\n\r\n<html><head><title>")
        w.write(unquote_to_bytes(title) + b"</title></head>")
        await w.drain()
        await asyncio.sleep(3600)
    elif path.startswith("/stall-chunked/"):  # a chunk of the page, then nothing
        code = path.removeprefix("/stall-chunked/").partition("?")[0]
        w.write(b"HTTP/1.1 " + code.encode() + b" X\r\nContent-Type: text/html\r\n")
        w.write(b"Transfer-Encoding: chunked\r\n\r\n6\r\n<html>\r\n")
        await w.drain()
        await asyncio.sleep(3600)
    elif path.startswith("/trickle/"):  # no length, 1,000 bytes every 50 ms (20 KB/s)
        code = path.removeprefix("/trickle/").partition("?")[0]
        w.write(b"HTTP/1.1 " + code.encode() + b" X\r\nContent-Type: text/html\r\n\r\n")
        for _ in range(72_000):  # an hour
            w.write(b"<p>" + b"x" * 993 + b"</p>")
            await w.drain()
            await asyncio.sleep(0.05)
    elif path.startswith("/whole/"):  # /whole/STATUS?TITLE: a page sent whole, then the close
        code, _, title = path.removeprefix("/whole/").partition("?")
        w.write(page(unquote_to_bytes(title).decode(), code.encode() + b" X"))
    elif path == "/drop":  # the connection closed before any answer: worth another try
        return
    elif path == "/huge-headers":
        w.write(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 200_000 + b"\r\nContent-Length: 2\r\n\r\nok")
    elif path == "/http10":
        w.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html>no length</html>")
        await w.drain()
        return  # the connection close ends the body
    elif path == "/reset-mid-body":
        w.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 1000)
        await w.drain()
        transport = w.transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            import socket
            import struct

            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
        return
    elif path.startswith("/badchunk"):
        # A status line, then a chunked body whose first chunk size is not hex: in one write,
        # or (`-split`) the head first and the body a moment later.
        status = b"200 OK" if path.startswith("/badchunk200") else b"404 Not Found"
        w.write(b"HTTP/1.1 " + status + b"\r\nTransfer-Encoding: chunked\r\n\r\n")
        if path.endswith("-split"):
            await w.drain()
            await asyncio.sleep(0.1)
        w.write(b"ZZZ\r\nhello\r\n0\r\n\r\n")
    elif path == "/slowloris":
        for byte in b"HTTP/1.1 200 OK\r\n":
            w.write(bytes([byte]))
            await w.drain()
            await asyncio.sleep(1)
    elif path == "/gzip-bomb":
        w.write(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
            + str(len(GZIP_BOMB)).encode()
            + b"\r\n\r\n"
            + GZIP_BOMB
        )
    else:
        w.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
    await w.drain()


@contextmanager
def serve(host: str = "127.0.0.5") -> Iterator[str]:
    """The server's base URL while the block runs."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, asyncio.Server] = {}

    async def start() -> None:
        holder["server"] = await asyncio.start_server(handle, host, 0)
        ready.set()

    thread = threading.Thread(
        target=lambda: (loop.run_until_complete(start()), loop.run_forever()), daemon=True
    )
    thread.start()
    ready.wait(10)
    port = holder["server"].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{port}"
    finally:

        async def stop() -> None:
            holder["server"].close()
            # End the handlers still running (slowloris sleeps) before the loop closes.
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
