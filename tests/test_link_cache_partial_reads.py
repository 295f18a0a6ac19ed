"""A good result whose page was read only in part is never kept in the link cache, and
`links --urls` says how many answers the cache gave (review 17/19 follow-ups, items 1 and 5).

Before: a 200 whose page was cut off, or still arriving when the timeout ended, was `alive`
("only what arrived was read for an error page") and kept as alive for the cache's TTL: the
next run answered `alive, cached`, the caveat gone, and an error page in the part never read
went unseen for a day. And `links --urls`'s table said nothing of the answers the cache gave,
where `verify` and `links` say `links: N of M from the cache`. Planted on two sites on
loopback (a glacier survey's, a football league's), each with its clean twin: a page sent
whole, and one longer than the bytes read (closed after them by design: read as far as
needed, not cut off).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.links.cache import LinkCache, partly_read
from claimcheck.links.model import Hop, LinkResult, Verdict
from tests.rawserver import Route, page, serve, whole

runner = CliRunner()

#: Each subject's host, title and sentence.
SUBJECTS = {
    "glacier": (
        "127.0.0.41",
        "Mass balance of the Rhône Glacier, 2024",
        "The glacier lost 1.2 metres of water equivalent over the year, its third worst year.",
    ),
    "football": (
        "127.0.0.42",
        "League table after matchday 30",
        "Rovers lead the table by four points with eight matches to play, on 64 points.",
    ),
}


def _answer(title: str, text: str, rest: bytes = b"", length: int | None = None) -> bytes:
    """A 200 with the page's start and `rest`, its length `length` (default: what is sent)."""
    body = (
        f"<!doctype html><html><head><title>{title}</title></head><body><p>{text}</p>".encode()
        + rest
    )
    return (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Length: " + str(length or len(body)).encode() + b"\r\n\r\n" + body
    )


def routes(title: str, text: str) -> dict[str, Route]:
    async def stalled(writer: asyncio.StreamWriter, nth: int) -> None:
        # The page starts, then nothing: still arriving when the timeout ends.
        writer.write(_answer(title, text, length=50_000))
        await writer.drain()
        await asyncio.sleep(3600)

    async def cut(writer: asyncio.StreamWriter, nth: int) -> None:
        # 1 KB of the 50,000 bytes promised, then the connection closed.
        writer.write(_answer(title, text, b"<p>" + b"x" * 1000 + b"</p>", length=50_000))
        await writer.drain()
        writer.transport.abort()

    async def long(writer: asyncio.StreamWriter, nth: int) -> None:
        # 300 KB sent whole: the checker reads its first 64 KB and closes, as it means to.
        filler = b"<p>" + b"The results by round, with every score and scorer. " * 40 + b"</p>"
        writer.write(_answer(title, text, filler * (300_000 // len(filler)) + b"</body></html>"))
        await writer.drain()

    return {
        "/stalled": stalled,
        "/cut": cut,
        "/whole": whole(page(title, text)),
        "/long": long,
    }


@pytest.fixture(scope="module")
def sites() -> Iterator[dict[str, tuple[str, Counter[str]]]]:
    with (
        serve(routes(*SUBJECTS["glacier"][1:]), SUBJECTS["glacier"][0]) as glacier,
        serve(routes(*SUBJECTS["football"][1:]), SUBJECTS["football"][0]) as football,
    ):
        yield {"glacier": glacier, "football": football}


def links(urls: list[str], tmp_path: Path, *options: str) -> tuple[int, str]:
    listed = tmp_path / "urls.txt"
    listed.write_text("\n".join(urls) + "\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            *("links", "--urls", str(listed), "--online", "--allow-private"),
            *("--cache", str(tmp_path / "links.sqlite3"), "--timeout", "1", "--retries", "0"),
            *("--host-interval", "0", *options),
        ],
    )
    return result.exit_code, result.output


def records(output: str) -> dict[str, dict[str, object]]:
    return {r["url"]: r for r in map(json.loads, output.splitlines())}


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_page_read_in_part_is_asked_again_never_alive_from_the_cache(
    sites: dict[str, tuple[str, Counter[str]]], tmp_path: Path, subject: str
) -> None:
    base, seen = sites[subject]
    partial = {f"{base}/stalled": "did not arrive within 1 s", f"{base}/cut": "was cut off after"}
    read_whole = [f"{base}/whole", f"{base}/long"]
    urls = [*partial, *read_whole]
    before = Counter(seen)
    code, first = links(urls, tmp_path, "-f", "jsonl")
    assert code == 0, first
    code, second = links(urls, tmp_path, "-f", "jsonl")
    assert code == 0, second
    for run in (records(first), records(second)):
        for url, words in partial.items():
            # Alive by its status, the part unread said, and asked again on the second run.
            assert run[url]["verdict"] == "alive", run[url]
            assert words in str(run[url]["error"]), run[url]
            assert run[url]["cached"] is False and run[url]["attempts"] == 1, run[url]
    for url in partial:
        assert seen[url.removeprefix(base)] - before[url.removeprefix(base)] == 2
    # The clean twins: read whole (or as far as the checker reads by design), kept, and the
    # second run answered from the cache without a request.
    for url in read_whole:
        again = records(second)[url]
        assert again["verdict"] == "alive" and again["error"] is None, again
        assert again["cached"] is True and again["attempts"] == 0, again
        assert seen[url.removeprefix(base)] - before[url.removeprefix(base)] == 1


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_the_url_table_says_how_many_answers_came_from_the_cache(
    sites: dict[str, tuple[str, Counter[str]]], tmp_path: Path, subject: str
) -> None:
    base, _ = sites[subject]
    urls = [f"{base}/whole", f"{base}/long", f"{base}/gone"]  # /gone: 404, never kept
    code, first = links(urls, tmp_path)
    assert code == 1, first  # the dead link fails the run
    assert "from the cache" not in first  # the clean twin: every answer asked for now
    code, second = links(urls, tmp_path)
    assert code == 1, second
    assert "links: 2 of 3 from the cache (not requested in this run)" in second, second
    assert "3 links: " in second  # the verdict count is still there
    code, offline = links(urls[:2], tmp_path, "--offline")
    assert code == 0, offline
    assert "links: 2 of 2 from the cache (not requested in this run)" in offline, offline


# --- the cache itself -----------------------------------------------------------------------

URL = "https://glaciers.example/rhone/2024"
CUT = "the page was cut off after 1,052 bytes: only what arrived was read for an error page"
LATE = (
    "the page did not arrive within 2 s (61 bytes read): only what arrived was read for an "
    "error page"
)


def alive(error: str | None = None, verdict: Verdict = Verdict.ALIVE) -> LinkResult:
    hops = (Hop(301, URL),) if verdict is Verdict.REDIRECTED else ()
    return LinkResult(URL, verdict, 200, URL, hops, 5, error, 1)


@pytest.mark.parametrize("error", [CUT, LATE])
@pytest.mark.parametrize("verdict", [Verdict.ALIVE, Verdict.REDIRECTED])
def test_a_result_read_in_part_is_not_kept_and_drops_the_one_kept(
    tmp_path: Path, error: str, verdict: Verdict
) -> None:
    cache = LinkCache(tmp_path / "links.sqlite3", 86400.0)
    try:
        assert partly_read(alive(error, verdict))
        cache.put(alive(error, verdict), 1000.0)
        assert cache.get(URL, 1001.0) is None  # not kept
        cache.put(alive(None, verdict), 1002.0)  # read whole: kept (the clean twin)
        kept = cache.get(URL, 1003.0)
        assert kept is not None and kept.verdict is verdict and kept.from_cache
        cache.put(alive(error, verdict), 1004.0)  # the newest answer: read in part
        assert cache.get(URL, 1005.0) is None, "an older alive answered for a page read in part"
        assert cache.last_requested([URL], 1006.0) == {URL: 1004.0}  # its request is known
    finally:
        cache.close()


def test_only_a_good_result_read_in_part_counts_as_read_in_part() -> None:
    assert not partly_read(alive(None))
    assert not partly_read(alive("HEAD 405, then GET"))  # some other word on a good result
    assert not partly_read(LinkResult(URL, Verdict.TIMEOUT, error=LATE))  # never kept anyway
