"""The status line of an answer aiohttp could not parse is the answer's first (review 17/19
follow-ups, item 2; claimcheck.links.protocol).

Before: the protocol kept the last 64 KB of the bytes since the last answer handed over and
took the last status line among them. Head lines of up to 100 KB are read now, so a 404 with
a 90 KB header and a malformed body lost its status line (`error` where it is `dead`); and
the last match anywhere in those bytes was believed, so a 404 whose malformed body, or one of
whose headers, held `HTTP/1.1 200 OK` was `alive` (and kept as alive in the cache). Planted on
two sites on loopback (a hospital trust's waiting lists, a city's budget), each with its clean
twin: a 200 with the same long head and broken body is still alive, an interim answer (103
Early Hints) before a page is no status, and an answer that is not HTTP is given none.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.links.protocol import _StatusLine
from tests.rawserver import Route, page, serve, whole

runner = CliRunner()

SUBJECTS = {
    "hospital": ("127.0.0.43", "Waiting lists by specialty, March 2025"),
    "budget": ("127.0.0.44", "City budget 2025/26: where the money goes"),
}

#: A chunked body whose first chunk size is not hex: aiohttp's parser fails on it.
BROKEN = b"Transfer-Encoding: chunked\r\n\r\nZZZ\r\nhello\r\n0\r\n\r\n"
#: A header of 90 KB (a content security policy): within the 100 KB a head line may have.
LONG = b"Content-Security-Policy: " + b"default-src 'self' " * (90_000 // 19) + b"\r\n"


def routes(title: str) -> dict[str, Route]:
    async def long_head(writer: asyncio.StreamWriter, nth: int) -> None:
        # The head in pieces, as a server writes its headers, and the broken body with them.
        writer.write(b"HTTP/1.1 404 Not Found\r\n")
        for i in range(9):
            writer.write(b"X-Trace-%d: " % i + b"a" * 10_000 + b"\r\n")
        writer.write(BROKEN)

    return {
        # Planted: each is a 404, its body broken.
        "/long-head": long_head,
        "/one-long-header": whole(b"HTTP/1.1 404 Not Found\r\n" + LONG + BROKEN),
        "/body-says-200": whole(
            b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"ZZZ\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
        ),
        "/header-says-200": whole(
            b"HTTP/1.1 404 Not Found\r\nVia: HTTP/1.1 200 proxy.example\r\n" + BROKEN
        ),
        "/hints-then-404": whole(
            b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
            b"HTTP/1.1 404 Not Found\r\n" + BROKEN
        ),
        "/blank-lines-then-410": whole(b"\r\n\r\nHTTP/1.1 410 Gone\r\n" + BROKEN),
        # Clean twins.
        "/long-head-200": whole(b"HTTP/1.1 200 OK\r\n" + LONG + BROKEN),
        "/long-head-404-whole": whole(
            b"HTTP/1.1 404 Not Found\r\n" + LONG + b"Content-Length: 0\r\n\r\n"
        ),
        "/hints-then-page": whole(
            b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
            + page(title, "The figures for the year, by department and by month.")
        ),
        "/page": whole(page(title, "The figures for the year, by department and by month.")),
        "/not-http": whole(b"SSH-2.0-OpenSSH_9.0\r\n"),
    }


EXPECTED = {
    "/long-head": ("dead", 404),
    "/one-long-header": ("dead", 404),
    "/body-says-200": ("dead", 404),
    "/header-says-200": ("dead", 404),
    "/hints-then-404": ("dead", 404),
    "/blank-lines-then-410": ("dead", 410),
    "/long-head-200": ("alive", 200),
    "/long-head-404-whole": ("dead", 404),
    "/hints-then-page": ("alive", 200),
    "/page": ("alive", 200),
    "/not-http": ("error", None),
}


@pytest.fixture(scope="module")
def sites() -> Iterator[dict[str, str]]:
    with (
        serve(routes(SUBJECTS["hospital"][1]), SUBJECTS["hospital"][0]) as hospital,
        serve(routes(SUBJECTS["budget"][1]), SUBJECTS["budget"][0]) as budget,
    ):
        yield {"hospital": hospital[0], "budget": budget[0]}


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_the_answers_own_status_line_decides(
    sites: dict[str, str], tmp_path: Path, subject: str
) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text("".join(f"{sites[subject]}{p}\n" for p in EXPECTED), encoding="utf-8")
    result = runner.invoke(
        app,
        [
            *("links", "--urls", str(listed), "-f", "jsonl", "--online", "--allow-private"),
            *("--no-cache", "--timeout", "3", "--retries", "0", "--host-interval", "0"),
        ],
    )
    assert result.exit_code == 1, result.output  # the dead links fail the run
    found = {
        r["url"].removeprefix(sites[subject]): (r["verdict"], r["status"])
        for r in map(json.loads, result.output.splitlines())
    }
    assert found == EXPECTED


# --- the status line, however the bytes arrive ----------------------------------------------

ANSWERS = [
    (b"HTTP/1.1 404 Not Found\r\n" + LONG + BROKEN, 404),
    (b"HTTP/1.1 404 Not Found\r\nVia: HTTP/1.1 200 proxy\r\n" + BROKEN, 404),
    (b"HTTP/1.1 404 Not Found\r\n" + BROKEN.replace(b"hello", b"HTTP/1.1 200 OK"), 404),
    (b"HTTP/1.1 103 Early Hints\r\nLink: <a.css>\r\n\r\nHTTP/1.1 404 Not Found\r\n", 404),
    (b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Hints\r\n\r\nHTTP/1.0 410 Gone\r\n", 410),
    (b"HTTP/1.1 103 Early Hints\nLink: <a.css>\n\nHTTP/1.1 200 OK\nServer: x\n\n", 200),
    (b"\r\n\r\nHTTP/1.0 410 Gone\r\n\r\n", 410),
    (b"HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n", 404),  # no reason phrase
    (b"HTTP/1.1 200 OK\r\n" + LONG + BROKEN, 200),
    # No final status: an interim answer alone, another protocol, a body without a head.
    (b"HTTP/1.1 100 Continue\r\n\r\n", None),
    (b"HTTP/1.1 103 Early Hints\r\nVia: HTTP/1.1 404 x\r\n", None),
    (b"SSH-2.0-OpenSSH_9.0\r\nHTTP/1.1 200 OK\r\n\r\n", None),
    (b"<html><p>HTTP/1.1 200 OK</p></html>", None),
]


def status_of(pieces: list[bytes]) -> int | None:
    line = _StatusLine()
    for piece in pieces:
        line.read(piece)
    return line.status


@pytest.mark.parametrize(("answer", "status"), ANSWERS)
def test_the_status_line_is_the_same_however_the_answer_is_split(
    answer: bytes, status: int | None
) -> None:
    assert status_of([answer]) == status  # in one read
    bytewise = [answer[i : i + 1] for i in range(min(len(answer), 400))] + [answer[400:]]
    assert status_of(bytewise) == status  # a byte a read, then the rest
    for cut in range(min(len(answer), 300)):  # in two reads, cut anywhere
        assert status_of([answer[:cut], answer[cut:]]) == status, cut


def test_the_answer_handed_over_ends_the_looking() -> None:
    # After the answer is handed over, its body follows: a status line in it is no answer's.
    line = _StatusLine()
    line.read(b"HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n")
    line.handed_over()
    line.read(b"HTTP/1.1 404 Not Found\r\n\r\n")
    assert line.status is None
