"""A source that is not there, at its edges (review 14): a body too large to read is
unreadable because of its size, never "no text". Planted beside a clean twin, on loopback."""

from __future__ import annotations

from pathlib import Path

from claimcheck.sources.fetch import Body
from tests.sourcepages import (
    SUBJECTS,
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
    assert not refused.ok
    assert Body("https://x.org/r", 200, "https://x.org/r", b"words").ok
