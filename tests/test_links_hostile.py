"""Hostile servers against the link checker (review 17): every answer a verdict, never a crash,
and never a verdict the server did not give. Raw loopback servers (tests/faultserver.py,
tests/linkserver.py) and a fake clock for every wait."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote_from_bytes

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.clock import FakeClock
from claimcheck.links.fetch import parse_retry_after
from claimcheck.links.model import Skip, Verdict
from tests.faultserver import serve as serve_faults
from tests.linkserver import HOSTS, Server, serve
from tests.test_links import FAST, check

runner = CliRunner()


@pytest.fixture(scope="module")
def site() -> Iterator[Server]:
    """tests/linkserver.py's site on three loopback hosts."""
    with serve() as running:
        yield running


#: `links --urls` online, loopback allowed, no cache, no pause between requests.
CLI = (
    *("--format", "jsonl", "--online", "--allow-private", "--no-cache"),
    *("--host-interval", "0", "--timeout", "3"),
)

# --- Retry-After: ASCII seconds or an HTTP-date, anything else unreadable -------------------

#: The fake clock's start, 2026-11-24 00:00:00 UTC (a Tuesday), in each of RFC 9110's three
#: forms of an HTTP-date, 3 s later; and in seconds.
READABLE = {
    "3": 3.0,
    " 3\t": 3.0,  # optional whitespace around the value
    "0": 0.0,
    "Tue, 24 Nov 2026 00:00:03 GMT": 3.0,  # IMF-fixdate
    "Tuesday, 24-Nov-26 00:00:03 GMT": 3.0,  # RFC 850
    "Tue Nov 24 00:00:03 2026": 3.0,  # asctime
    "Mon, 23 Nov 2026 23:00:00 GMT": 0.0,  # a date past: no wait
}
#: Not a Retry-After: read as none (the caller backs off), never a crash and never a wait.
UNREADABLE = [
    "\u00b2",  # superscript two: str.isdigit() says yes, float() says no (exit 3 before)
    "\u0663",  # Arabic-Indic three: isdigit() and float() both said 3
    "-5",
    "NaN",
    "inf",
    "1e3",
    "2.5",
    "+3",
    "Tue, 24 Nov 2026 00:00:03",  # no zone: a naive datetime, TypeError before
    "Tue, 24 Nov 2026 00:00:03 -0000",  # likewise
    "Tue, 24 Nov 2026 00:00:03 +0100",  # not GMT: not an HTTP-date
    "Tue, 31 Feb 2026 00:00:03 GMT",  # no such day
    "Tue, 24 Nov 99999 00:00:03 GMT",
    "soon-ish",
]


@pytest.mark.parametrize("value", list(READABLE))
def test_retry_after_in_each_of_its_forms_is_read(value: str) -> None:
    assert parse_retry_after(value, FakeClock()) == pytest.approx(READABLE[value])


@pytest.mark.parametrize("value", UNREADABLE)
def test_a_retry_after_that_is_neither_form_is_unreadable(value: str) -> None:
    assert parse_retry_after(value, FakeClock()) is None


@pytest.mark.parametrize("value", ["99999999999999999999999", "9" * 5000])
def test_a_retry_after_beyond_reading_is_longer_than_any_cap(value: str) -> None:
    wait = parse_retry_after(value, FakeClock())
    assert wait is not None and wait > 10**9  # never int()'s ValueError at 4,300 digits


def _retry_after(base: str, value: bytes, subject: str) -> str:
    """The URL whose first answer is 429 with `Retry-After: value`, then a page."""
    return f"{base}/retry-after/{quote_from_bytes(value, safe='')}?{subject}"


@pytest.mark.parametrize("subject", ["hospital-waiting", "league-attendance"])
def test_a_hostile_retry_after_is_backed_off_as_none_and_the_link_checked(subject: str) -> None:
    hostile = [v.encode() for v in UNREADABLE]
    with serve_faults() as base:
        urls = [_retry_after(base, value, subject) for value in hostile]
        clock = FakeClock()
        run = check(urls, replace(FAST, retries=1, timeout=3.0), clock=clock)
    for url in urls:
        result = run.results[url]
        assert (result.verdict, result.attempts) == (Verdict.ALIVE, 2), (url, result.error)
    # Each waited claimcheck's own back-off (1 s, jittered to 0.5-1 s), never the value.
    assert len(clock.sleeps) == len(urls)
    assert all(0.5 <= wait <= 1.0 for wait in clock.sleeps), clock.sleeps


@pytest.mark.parametrize("subject", ["hospital-waiting", "league-attendance"])
def test_a_readable_retry_after_is_waited_for(subject: str) -> None:
    """The clean twin: seconds and each form of date are honoured to the second."""
    with serve_faults() as base:
        for value, seconds in READABLE.items():
            url = _retry_after(base, value.encode(), subject)
            clock = FakeClock()
            result = check([url], replace(FAST, retries=1, timeout=3.0), clock=clock).results[url]
            assert result.verdict is Verdict.ALIVE, (value, result.error)
            assert clock.sleeps == [pytest.approx(seconds)], value


def test_a_retry_after_of_a_huge_number_is_rate_limited_at_once() -> None:
    with serve_faults() as base:
        url = _retry_after(base, b"99999999999999999999999", "glacier-survey")
        clock = FakeClock()
        result = check([url], replace(FAST, timeout=3.0), clock=clock).results[url]
    assert result.verdict is Verdict.RATE_LIMITED and clock.sleeps == []
    assert result.error == "asked to wait more than 1,000,000,000,000 s (more than the 60 s cap)"


@pytest.mark.parametrize(
    ("value", "verdict"),
    [(b"\xc2\xb2", Verdict.ALIVE), (b"Tue Nov 24 00:00:03 2026", Verdict.ALIVE)],
    ids=["superscript-two", "asctime"],
)
def test_links_with_a_hostile_retry_after_reports_and_does_not_crash(
    tmp_path: Path, value: bytes, verdict: Verdict
) -> None:
    """Through the CLI, as the reviewer ran it: `²` was an internal error (exit 3, no report),
    and an asctime date (one of RFC 9110's forms) a TypeError."""
    with serve_faults() as base:
        urls = tmp_path / "urls.txt"
        urls.write_text(_retry_after(base, value, "city-budget") + "\n", encoding="utf-8")
        result = runner.invoke(app, ["links", "--urls", str(urls), *CLI, "--retries", "1"])
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout.splitlines()[0])
    assert (line["verdict"], line["attempts"]) == (verdict.value, 2), line


# --- an answer that is not HTTP: one line, no status the server never sent, not retried -----

#: What each answers, and how its error begins (a page is shown in part, as it began).
NOT_HTTP = {
    "/ssh": "not an HTTP answer: no status line (it began 'SSH-2.0-OpenSSH_9.0')",
    "/garbage": "not an HTTP answer: no status line (it began 'THIS IS NOT HTTP')",
    "/http09?Waiting%20lists%20by%20trust": (
        "not an HTTP answer: no status line (it began '<html><head><title>Waiting lists"
    ),
    "/http09?League%20table%202024": (
        "not an HTTP answer: no status line (it began '<html><head><title>League table"
    ),
    "/huge-headers": "not a readable HTTP answer: a line of its head longer than 102400 bytes",
}


def test_an_answer_that_is_not_http_is_said_so_in_one_line_and_not_retried() -> None:
    """An SSH banner, HTTP/0.9 (two pages), an oversized head: aiohttp's text read as if the
    server had answered HTTP 400, over several lines, and each was asked three times."""
    with serve_faults() as base:
        urls = {path: base + path for path in NOT_HTTP}
        run = check(list(urls.values()), replace(FAST, retries=2, timeout=3.0))
    for path, url in urls.items():
        result = run.results[url]
        assert (result.verdict, result.status, result.attempts) == (Verdict.ERROR, None, 1)
        error = result.error or ""
        assert error.startswith(NOT_HTTP[path]), error
        assert "\n" not in error and not re.search(r"\b400\b", error) and len(error) < 200


def test_a_connection_dropped_before_any_answer_is_still_retried() -> None:
    """The clean twin: a dropped connection may be a busy server, and is tried again; an
    answer after a status line is still decided by its status."""
    with serve_faults() as base:
        dropped, dead = base + "/drop", base + "/elsewhere"
        run = check([dropped, dead], replace(FAST, retries=2, timeout=3.0))
    assert (run.results[dropped].verdict, run.results[dropped].attempts) == (Verdict.ERROR, 3)
    assert run.results[dropped].error == (
        "the server closed the connection without answering after 3 attempts"
    )
    assert (run.results[dead].verdict, run.results[dead].status) == (Verdict.DEAD, 404)


# --- claimcheck's own back-off is capped, and never reported as the server's ---------------


@pytest.mark.parametrize("path", ["/unavailable?trust-board", "/unavailable?fixtures"])
def test_our_own_back_off_is_capped_and_not_reported_as_a_server_asking_to_wait(
    path: str,
) -> None:
    """An always-503 without Retry-After and --retries 8: the back-off (1, 2, 4... s) passed
    the 60 s cap at the 8th wait and the link was `rate_limited`, 'asked to wait 122 s'."""
    with serve_faults() as base:
        clock = FakeClock()
        url = base + path
        result = check([url], replace(FAST, retries=8, timeout=3.0), clock=clock).results[url]
    assert (result.verdict, result.status, result.attempts) == (Verdict.ERROR, 503, 9)
    assert result.error == "HTTP 503 after 9 attempts"
    from claimcheck.links.fetch import MAX_BACKOFF

    assert len(clock.sleeps) == 8 and max(clock.sleeps) <= MAX_BACKOFF
    assert clock.sleeps[-1] >= MAX_BACKOFF / 2  # still backing off: capped, then jittered


def test_a_server_asking_for_more_than_the_cap_is_still_rate_limited(tmp_path: Path) -> None:
    """The clean twin: a Retry-After beyond `max-retry-after` is the server asking, and the
    link is rate_limited at once, as documented; one within it is waited for."""
    with serve_faults() as base:
        clock = FakeClock()
        asked = _retry_after(base, b"3600", "glacier-mass-balance")
        result = check([asked], replace(FAST, retries=8, timeout=3.0), clock=clock).results[asked]
        assert result.verdict is Verdict.RATE_LIMITED and clock.sleeps == []
        assert result.error == "asked to wait 3600 s (more than the 60 s cap)"
        clock = FakeClock()
        within = _retry_after(base, b"59", "city-budget")
        result = check([within], replace(FAST, retries=8, timeout=3.0), clock=clock).results[within]
    assert result.verdict is Verdict.ALIVE and clock.sleeps == [59.0]


def test_links_reports_an_always_503_as_l007_after_its_attempts(tmp_path: Path) -> None:
    with serve_faults() as base:
        urls = tmp_path / "urls.txt"
        urls.write_text(f"{base}/unavailable?budget\n", encoding="utf-8")
        result = runner.invoke(
            app, ["links", "--urls", str(urls), *CLI, "--retries", "1", "--strict"]
        )
    line = json.loads(result.stdout.splitlines()[0])
    assert (line["verdict"], line["error"]) == ("error", "HTTP 503 after 2 attempts"), line
    assert result.exit_code == 1  # --strict: an error fails


@pytest.mark.parametrize(
    ("path", "verdict", "status"),
    [
        ("/long-header/20000/200?council-budget", Verdict.ALIVE, 200),  # a long policy: read
        ("/long-header/90000/404?ward-closures", Verdict.DEAD, 404),
        ("/long-header/300000/200?council-budget", Verdict.ERROR, None),  # past 100 KB
        ("/long-header/300000/404?ward-closures", Verdict.ERROR, None),
    ],
)
def test_a_head_over_the_limits_is_one_verdict_however_it_arrives(
    path: str, verdict: Verdict, status: int | None
) -> None:
    """A header line past the limit was an error or the status line's verdict by how the
    bytes came in reads (the status line kept or not: 1 run in 60 said alive); a long but
    readable one (curl takes 100 KB; aiohttp alone refused 8 KB) is read."""
    with serve_faults() as base:
        url = base + path
        results = [
            check([url], replace(FAST, retries=0, timeout=3.0)).results[url] for _ in range(5)
        ]
    assert {(r.verdict, r.status) for r in results} == {(verdict, status)}, results[0].error
    if verdict is Verdict.ERROR:
        assert results[0].error == (
            "not a readable HTTP answer: a line of its head longer than 102400 bytes"
        )


# --- the status decides, whatever the body does --------------------------------------------

#: Answers whose status arrived and whose page did not (a 404 promising 5000 bytes and
#: sending `<html>`, a chunked 410 that stops, a 404 trickling at 20 KB/s): dead, not timeout.
STALLED_DEAD = {
    "/stall/404?Waiting%20list%20archive": 404,
    "/stall/404?Season%20ticket%20prices": 404,
    "/stall-chunked/410?waiting": 410,
    "/trickle/404?fixtures": 404,
}


def test_a_404_or_410_whose_page_stalls_is_dead_not_a_timeout() -> None:
    with serve_faults() as base:
        urls = {path: base + path for path in STALLED_DEAD}
        run = check(list(urls.values()), replace(FAST, retries=2, timeout=0.5))
    for path, url in urls.items():
        result = run.results[url]
        got = (result.verdict, result.status, result.error, result.attempts)
        assert got == (Verdict.DEAD, STALLED_DEAD[path], f"HTTP {STALLED_DEAD[path]}", 1), got


@pytest.mark.parametrize(
    "title", ["Hospital waiting lists by trust, 2024", "Premier League attendance, 2024/25"]
)
def test_a_200_whose_page_stalls_is_alive_and_says_the_page_was_not_read(title: str) -> None:
    with serve_faults() as base:
        url = f"{base}/stall/200?{quote_from_bytes(title.encode(), safe='')}"
        result = check([url], replace(FAST, retries=2, timeout=0.5)).results[url]
    assert (result.verdict, result.status, result.attempts) == (Verdict.ALIVE, 200, 1)
    assert result.error is not None
    assert result.error.startswith("the page did not arrive within 0.5 s (")
    assert result.error.endswith("bytes read): only what arrived was read for an error page")


def test_what_arrived_of_a_stalled_page_is_still_read_for_an_error_page() -> None:
    with serve_faults() as base:
        url = f"{base}/stall/200?Page%20not%20found"
        result = check([url], replace(FAST, retries=0, timeout=0.5)).results[url]
    assert (result.verdict, result.status) == (Verdict.SOFT_404, 200), result.error


@pytest.mark.parametrize(
    ("path", "verdict", "status"),
    [
        ("/whole/404?Waiting%20list%20archive", Verdict.DEAD, 404),
        ("/whole/410?Season%20ticket%20prices", Verdict.DEAD, 410),
        ("/whole/200?Hospital%20waiting%20lists%20by%20trust", Verdict.ALIVE, 200),
        ("/whole/200?Premier%20League%20attendance", Verdict.ALIVE, 200),
    ],
)
def test_the_clean_twins_pages_sent_whole_keep_their_verdicts(
    path: str, verdict: Verdict, status: int
) -> None:
    with serve_faults() as base:
        url = base + path
        result = check([url], replace(FAST, retries=2, timeout=0.5)).results[url]
    assert (result.verdict, result.status, result.attempts) == (verdict, status, 1)
    assert result.error == (f"HTTP {status}" if verdict is Verdict.DEAD else None)


def _registry(tmp_path: Path, title: str, url: str, claim: str) -> Path:
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        f"""version: 1
page:
  title: {title}
  url: https://example.org/page
  as_of: 2026-11-01
sources:
  - id: the_source
    title: {title} statistics
    kind: dataset
    url: {url}
    accessed: 2026-11-01
claims:
  - id: the_claim
    text: {claim}
    kind: figure
    value: 42
    unit: metres
    period: 2024
    citations:
      - source: the_source
        locator: table 3
""",
        encoding="utf-8",
    )
    return registry


@pytest.mark.parametrize(
    ("title", "claim"),
    [
        ("Alpine glaciers", "The Rhone glacier retreated 42 metres in 2024."),
        ("Stadium works", "The new stand is 42 metres tall in 2024."),
    ],
)
@pytest.mark.parametrize(("path", "code"), [("/stall/404?x", "L001"), ("/whole/200?x", None)])
def test_links_on_a_registry_reports_a_stalled_404_as_dead(
    tmp_path: Path, title: str, claim: str, path: str, code: str | None
) -> None:
    """As the reviewer ran it: a source whose 404 stalls was L006 "no answer within 2 s" and
    exit 0; it is L001, exit 1. The clean twin, a whole page, has no finding."""
    with serve_faults() as base:
        registry = _registry(tmp_path, title, base + path, claim)
        options = ("-f", "json", "--online", "--allow-private", "--no-cache", "--retries", "1")
        result = runner.invoke(
            app, ["links", str(registry), *options, "--timeout", "0.5", "--host-interval", "0"]
        )
    codes = [f["code"] for f in json.loads(result.stdout)["findings"]]
    assert codes == ([code] if code else []), result.stdout
    assert result.exit_code == (1 if code else 0)


# --- --max-runtime bounds every wait: a host's interval, a Retry-After, the back-off --------


@pytest.mark.parametrize("interval", [10.0, 100_000.0])
@pytest.mark.parametrize("subject", ["fixtures", "waiting-times"])
def test_max_runtime_ends_the_run_while_links_wait_on_a_hosts_interval(
    site: Server, interval: float, subject: str
) -> None:
    """Interval 10 with 4 URLs and --max-runtime 3 took 30 s (each wait slept whole, the
    deadline checked after it); interval 100000 never ended. The fake clock says how long the
    run would have taken."""
    clock = FakeClock()
    urls = [site.url(f"/busy?{subject}={i}") for i in range(4)]
    settings = replace(FAST, host_interval=interval, host_concurrency=1, max_runtime=3.0)
    run = check(urls, settings, clock=clock)
    assert [r.verdict for r in run.results.values()] == [Verdict.ALIVE] + [Verdict.SKIPPED] * 3
    assert run.out_of_time == 3
    assert all(r.skip is Skip.OUT_OF_TIME for r in list(run.results.values())[1:])
    assert clock.elapsed <= 3.0, clock.sleeps


@pytest.mark.parametrize("subject", ["fixtures", "waiting-times"])
def test_within_max_runtime_links_still_wait_their_hosts_interval(
    site: Server, subject: str
) -> None:
    """The clean twin: a deadline that leaves time for every turn changes nothing."""
    clock = FakeClock()
    urls = [site.url(f"/busy?{subject}-twin={i}") for i in range(4)]
    settings = replace(FAST, host_interval=10.0, host_concurrency=1, max_runtime=31.0)
    run = check(urls, settings, clock=clock)
    assert all(r.verdict is Verdict.ALIVE for r in run.results.values())
    assert run.out_of_time == 0 and sum(clock.sleeps) == pytest.approx(30.0)


def test_max_runtime_is_not_slept_through_by_a_retry_after_or_the_back_off(
    site: Server,
) -> None:
    clock = FakeClock()
    asked, busy = site.url("/429", HOSTS[1]), site.url("/500", HOSTS[2])  # Retry-After: 2
    run = check([asked, busy], replace(FAST, retries=8, max_runtime=1.5), clock=clock)
    assert clock.elapsed <= 1.5, clock.sleeps
    assert run.out_of_time == 2
    for url, said in ((asked, "HTTP 429"), (busy, "HTTP 500")):
        result = run.results[url]
        assert (result.verdict, result.skip) == (Verdict.SKIPPED, Skip.OUT_OF_TIME)
        assert result.error is not None and f"(the last answer: {said})" in result.error


def test_without_a_deadline_a_retry_after_and_the_back_off_are_waited(site: Server) -> None:
    """The clean twin: no --max-runtime, the same links are retried and fail as before."""
    clock = FakeClock()
    asked, busy = site.url("/429", HOSTS[1]), site.url("/500", HOSTS[2])
    run = check([asked, busy], replace(FAST, retries=2), clock=clock)
    assert run.results[asked].verdict is Verdict.RATE_LIMITED
    assert run.results[busy].error == "HTTP 500 after 3 attempts"
    assert run.out_of_time == 0 and clock.sleeps.count(2.0) == 2  # the 429's waits


# --- canonical redirects are not soft 404s; a redirect to the root or an error page is ------

#: (asked for, redirected to): the same page spelled otherwise, on two sites.
CANONICAL = [
    ("/index.html", "/"),  # the reviewer's: L002 before
    ("/glossary/Error", "/glossary/error"),  # "Error (statistics) - glossary": L002 before
    ("/Default.aspx", "/"),
    ("/clubs/rovers/index.php", "/clubs/rovers/"),
    ("/clubs/Rovers/Not-Found", "/clubs/rovers/not-found"),  # a song, a film...
    ("/wards/404/", "/wards/404"),
    ("/waiting-times/%45rror", "/waiting-times/error"),  # an escaped letter
]
#: The planted twins: a page that is gone, sent to the front page or to an error page.
NOT_CANONICAL = [
    ("/report", "/"),
    ("/report", "/404"),
    ("/clubs/rovers/fixtures", "/"),
    ("/clubs/rovers/fixtures", "/clubs/rovers/not-found"),
    ("/waiting-times/2024", "/error"),
    ("/reports/index.html", "/"),  # a directory's index is not the front page
]


@pytest.mark.parametrize(("before", "after"), CANONICAL)
def test_a_redirect_to_the_same_page_spelled_otherwise_is_no_soft_404(
    before: str, after: str
) -> None:
    from claimcheck.http import soft_404

    assert not soft_404(f"https://example.org{before}", f"https://example.org{after}")


@pytest.mark.parametrize(("before", "after"), NOT_CANONICAL)
def test_a_redirect_to_the_root_or_an_error_page_is_a_soft_404(before: str, after: str) -> None:
    from claimcheck.http import soft_404

    assert soft_404(f"https://example.org{before}", f"https://example.org{after}")


@pytest.mark.parametrize(
    ("path", "verdict"),
    [
        ("/index.html", Verdict.REDIRECTED),
        ("/default.aspx", Verdict.REDIRECTED),
        ("/site/glossary/Error", Verdict.REDIRECTED),
        ("/site/albums/Not-Found", Verdict.REDIRECTED),
        ("/moved?u=/", Verdict.SOFT_404),  # /report -> /
        ("/moved?u=/site/glossary/404", Verdict.SOFT_404),  # /report -> /404
        ("/moved?u=/site/albums/error", Verdict.SOFT_404),
    ],
)
def test_canonical_redirects_are_l003_and_gone_pages_l002(
    site: Server, path: str, verdict: Verdict
) -> None:
    url = site.url(path, HOSTS[1])
    result = check([url]).results[url]
    assert (result.verdict, result.status) == (verdict, 200), result.error


# --- include, exclude and remap see the URL as requested, not as spelled ---------------------


def _planned(
    urls: list[str],
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    remap: tuple[tuple[str, str], ...] = (),
) -> dict[str, str]:
    """Each URL's fate in the plan: the URL requested, or why it was skipped."""
    from claimcheck.links.pool import plan

    planned = plan(urls, replace(FAST, include=include, exclude=exclude, remap=remap))
    return {url: planned.targets.get(url) or str(planned.skipped[url].error) for url in urls}


@pytest.mark.parametrize(
    ("host", "path"), [("stats.example.org", "/waiting/dead"), ("league.example.net", "/fixtures")]
)
def test_include_judges_every_spelling_of_one_url_alike(host: str, path: str) -> None:
    """`HTTP://HOST/dead` was skipped by an include of `^http://HOST` while `http://HOST/dead`
    was checked: one URL, two answers in one run."""
    include = (rf"^http://{re.escape(host)}/",)
    spellings = [
        f"http://{host}{path}",
        f"HTTP://{host}{path}",
        f"http://{host.upper()}:80{path}#part",
        f"http://{host}/x/..{path}",
    ]
    fates = _planned(spellings, include=include)
    assert set(fates.values()) == {f"http://{host}{path}"}, fates
    # The clean twin: another host is still not included, however it is spelled.
    other = [f"http://elsewhere.example/{path}", f"HTTP://ELSEWHERE.example/{path}"]
    assert set(_planned(other, include=include).values()) == {"not matched by `include`"}


@pytest.mark.parametrize(
    ("private", "gone"),
    [("/private/../gone", "/gone"), ("/members/%2E%2E/results", "/results")],
)
def test_exclude_judges_the_path_requested_not_its_spelling(private: str, gone: str) -> None:
    """`exclude = ["/private/"]` skipped `/private/../gone`, which is `/gone`."""
    exclude = ("/private/", "/members/")
    fates = _planned([f"http://127.0.0.2{private}"], exclude=exclude)
    assert fates == {f"http://127.0.0.2{private}": f"http://127.0.0.2{gone}"}
    # The planted twin: what is requested under an excluded path is still excluded, however
    # it is spelled (an escaped letter, a dot segment).
    spelled = ["http://127.0.0.2/%70rivate/report", "http://127.0.0.2/x/../members/list"]
    assert set(_planned(spelled, exclude=exclude).values()) == {"matched by `exclude`"}


def test_remap_sees_the_url_requested_too() -> None:
    remap = ((r"^http://old\.example\.org/", "https://www.example.org/"),)
    fates = _planned(["HTTP://OLD.example.org/a/../budget#p2", "http://other.org/x"], remap=remap)
    assert list(fates.values()) == ["https://www.example.org/budget", "http://other.org/x"]


def test_one_url_in_two_spellings_gets_one_answer_through_include(site: Server) -> None:
    url = site.url("/404", HOSTS[2])
    shouted = url.replace("http://", "HTTP://")
    run = check([url, shouted], replace(FAST, include=(r"^http://127\.0\.0\.4:",)))
    assert [r.verdict for r in run.results.values()] == [Verdict.DEAD, Verdict.DEAD]
