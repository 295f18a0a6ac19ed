"""A source that is not there, at its edges (review 14): a page served with 200 that says it
is not found (a soft 404, as `links` reads one) is a dead source, looked up in the archive;
a redirect to the front page says so; a body too large to read is unreadable because of its
size, never "no text". Each planted on two subjects beside a clean twin, on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.sources.fetch import Body
from tests.sourcepages import (
    SUBJECTS,
    codes_of,
    page,
    run_verify,
    take_snapshot,
    verdicts,
    write_registry,
)
from tests.sourceserver import serve

# --- a body too large is unreadable because of its size ---------------------------------------


def test_a_body_over_the_cap_is_too_large_not_empty(tmp_path: Path) -> None:
    # It was read as "no text (an empty answer, or only white space)".
    template, body = SUBJECTS["rivers"]
    with serve() as site:
        site.pages["/huge"] = (200, "text/plain", b"lorem ipsum " * (3 * 1024 * 1024))
        site.pages["/fine"] = (200, "text/html", page(body))
        path = write_registry(tmp_path, template, site.url("/huge"))
        result = take_snapshot(path, site)
        assert "the body is over 32 MiB, too large to read" in result.stdout
        assert "no text" not in result.stdout
        [support] = verdicts(run_verify(path))
        assert support["verdict"] == "unverifiable" and "over 32 MiB" in support["reason"]
        twin = write_registry(tmp_path, template, site.url("/fine"))
        assert take_snapshot(twin, site).exit_code == 0
    assert [s["verdict"] for s in verdicts(run_verify(twin))] == ["supported"]


def test_a_body_with_an_error_is_not_ok() -> None:
    refused = Body("https://x.org/r", 200, "https://x.org/r", error="the body is over 32 MiB")
    assert not refused.ok and refused.problem == "the body is over 32 MiB"
    assert Body("https://x.org/r", 200, "https://x.org/r", b"words").ok


# --- a soft 404 is a dead source ------------------------------------------------------------

NOT_FOUND = {
    "rivers": b"<html><head><title>Page not found | Environment Office</title></head><body>"
    b"<h1>Page not found</h1><p>Sorry, the page you were looking for does not exist. Try our "
    b"search.</p></body></html>",
    "homes": b"<html><head><title>Housing Board</title></head><body><h1>This page can't be "
    b"found</h1><p>It may have moved. Go to the home page.</p></body></html>",
}


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_soft_404_is_dead_and_looked_up_in_the_archive(tmp_path: Path, subject: str) -> None:
    # Read as the source, the "not found" page made every quote and figure absent: Q001,
    # Q004 and Q011 on a source `links` calls a soft 404 (L002), and no archive was asked.
    template, _ = SUBJECTS[subject]
    with serve() as site:
        site.pages["/stats/2024"] = (200, "text/html", NOT_FOUND[subject])
        path = write_registry(tmp_path, template, site.url("/stats/2024"))
        result = take_snapshot(path, site)
        asked = site.hits["/wayback/available"]
    assert result.exit_code == 1, result.output
    assert "a soft 404" in result.stdout and "no archived copy" in result.stdout
    assert asked == 1
    report = run_verify(path)
    assert codes_of(report) == {"Q008"}  # not Q001, Q004, Q011
    [support] = verdicts(report)
    assert support["verdict"] == "unverifiable" and "a soft 404" in support["reason"]


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_soft_404_is_read_from_its_capture(tmp_path: Path, subject: str) -> None:
    template, body = SUBJECTS[subject]
    with serve() as site:
        site.pages["/stats/2024"] = (200, "text/html", NOT_FOUND[subject])
        url = site.url("/stats/2024")
        capture = "/web/20250401000000/" + url
        site.captures[url] = (site.url(capture, "127.0.0.3"), "20250401000000")
        site.pages[capture] = (200, "text/html", page(body))
        path = write_registry(tmp_path, template, url)
        result = take_snapshot(path, site)
    assert result.exit_code == 0, result.output
    assert "archived copy" in result.stdout
    report = run_verify(path)
    assert "Q001" not in codes_of(report) and "Q011" not in codes_of(report)
    assert [s["verdict"] for s in verdicts(report)] == ["supported"]


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_page_whose_words_say_not_found_is_still_the_source(tmp_path: Path, subject: str) -> None:
    # The clean twin: a title that says "not found" of something else, and a sentence
    # saying "not found", are content (as `links` reads them).
    template, body = SUBJECTS[subject]
    title = "Lost luggage: 1 in 5 bags not found"
    with serve() as site:
        site.pages["/stats/2024"] = (200, "text/html", page(body + "<p>Not found.</p>", title))
        path = write_registry(tmp_path, template, site.url("/stats/2024"))
        result = take_snapshot(path, site)
    assert result.exit_code == 0, result.output
    assert [s["verdict"] for s in verdicts(run_verify(path))] == ["supported"]


def test_a_capture_that_is_a_not_found_page_is_not_suggested(tmp_path: Path) -> None:
    template, _ = SUBJECTS["rivers"]
    with serve() as site:
        url = site.url("/gone")
        capture = "/web/20250401000000/" + url
        site.captures[url] = (site.url(capture, "127.0.0.3"), "20250401000000")
        site.pages[capture] = (200, "text/html", NOT_FOUND["rivers"])
        path = write_registry(tmp_path, template, url)
        result = take_snapshot(path, site)
    assert "no archived copy: the capture is not the page" in result.stdout
    assert "Q009" not in codes_of(run_verify(path))


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_redirect_home_says_so(tmp_path: Path, subject: str) -> None:
    # "unreadable: HTTP 200" said nothing of what happened.
    template, body = SUBJECTS[subject]
    with serve() as site:
        site.pages["/"] = (200, "text/html", page("<p>Welcome.</p>", "Home"))
        site.redirects["/stats/old"] = "/"
        site.pages["/stats/new"] = (200, "text/html", page(body))
        site.redirects["/stats/moved"] = "/stats/new"
        dead = write_registry(tmp_path, template, site.url("/stats/old"))
        result = take_snapshot(dead, site)
        assert "not read: dead: redirected to the site's front page" in result.stdout
        [support] = verdicts(run_verify(dead))
        assert support["verdict"] == "unverifiable"
        assert "redirected to the site's front page" in support["reason"]
        moved = write_registry(tmp_path, template, site.url("/stats/moved"))  # the twin
        assert take_snapshot(moved, site).exit_code == 0
    assert [s["verdict"] for s in verdicts(run_verify(moved))] == ["supported"]
