"""A dead source is said to be dead, in every format (M4).

A source that answered 404 with no archived copy got the verdict "unverifiable (unreadable:
HTTP 404)" and Q008 "not read on ...: HTTP 404", as if a retry might read it; the reason
the archive gave no copy was said only on `snapshot`'s line. Its snapshot's error is now
"dead: HTTP 404; no archived copy: no capture in the archive", and the verdict, Q008 and
`snapshot` say it in those words. Planted on two subjects (river quality, housing) for
404, 410, a redirect home, a soft 404, a capture that is gone too, an `archive_url` that is
gone too, and a snapshot written before this; the clean twins: a server error (500, not
dead: unreadable) and the live page (supported). Served on loopback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from tests.sourcepages import (
    SUBJECTS,
    page,
    run_verify,
    take_snapshot,
    verdicts,
    write_registry,
)
from tests.sourceserver import Site, serve

runner = CliRunner()
FORMATS = ("terminal", "concise", "json", "markdown", "github", "csv", "junit", "sarif", "html")


def reasons(path: Path) -> list[str]:
    return [s["reason"] for s in verdicts(run_verify(path)) if s["verdict"] == "unverifiable"]


def q008(path: Path) -> list[str]:
    return [f["message"] for f in run_verify(path)["findings"] if f["code"] == "Q008"]


def gone(site: Site, how: str, body: str) -> str:
    """The address of a source gone `how`."""
    if how in ("404", "410"):
        site.pages["/stats/2024"] = (int(how), "text/html", b"<p>Gone.</p>")
    elif how == "home":
        site.pages["/"] = (200, "text/html", page("<p>Welcome.</p>", "Home"))
        site.redirects["/stats/2024"] = "/"
    elif how == "soft":
        title = "Page not found | Statistics Office"
        site.pages["/stats/2024"] = (200, "text/html", page("<p>Sorry.</p>", title))
    elif how == "500":  # not gone: the twin
        site.pages["/stats/2024"] = (500, "text/html", b"<p>Try again later.</p>")
    else:  # live: the twin
        site.pages["/stats/2024"] = (200, "text/html", page(body))
    return site.url("/stats/2024")


DEAD = {
    "404": "dead: HTTP 404; no archived copy: no capture in the archive",
    "410": "dead: HTTP 410; no archived copy: no capture in the archive",
    "home": "dead: redirected to the site's front page (",
    "soft": "dead: the page says 'Page not found | Statistics Office' (HTTP 200): a soft 404; "
    "no archived copy: no capture in the archive",
}


@pytest.mark.parametrize("how", sorted(DEAD))
@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_dead_source_is_said_to_be_dead(tmp_path: Path, subject: str, how: str) -> None:
    template, body = SUBJECTS[subject]
    with serve() as site:
        path = write_registry(tmp_path, template, gone(site, how, body))
        result = take_snapshot(path, site)
    said = DEAD[how]
    assert result.exit_code == 1, result.output
    # snapshot's line says it once: the archive's answer is part of the reason
    assert f": not read: {said}" in result.stdout
    assert result.stdout.count("no archived copy") == 1
    [reason] = reasons(path)
    assert reason.startswith(said) and "unreadable" not in reason
    assert reason.endswith("no archived copy: no capture in the archive")
    [message] = q008(path)
    assert message.endswith(": " + reason)


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_every_format_says_dead(tmp_path: Path, subject: str) -> None:
    template, body = SUBJECTS[subject]
    with serve() as site:
        path = write_registry(tmp_path, template, gone(site, "404", body))
        take_snapshot(path, site)
    for fmt in FORMATS:
        result = runner.invoke(
            app, ["verify", str(path), "-f", fmt, "--today", "2025-06-01", "--offline"]
        )
        assert result.exit_code in (0, 1), result.output
        assert "dead: HTTP 404; no archived copy" in result.stdout, fmt
        assert "unreadable: HTTP 404" not in result.stdout, fmt
    html = runner.invoke(app, ["verify", str(path), "-f", "html", "--today", "2025-06-01"])
    assert "unverifiable (dead: HTTP 404; no archived copy" in html.stdout


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_server_error_is_unreadable_and_a_live_page_supported(
    tmp_path: Path, subject: str
) -> None:
    # The twins: a 500 is no dead source (a retry may read it), nor asked of the archive.
    template, body = SUBJECTS[subject]
    with serve() as site:
        (tmp_path / "down").mkdir()
        path = write_registry(tmp_path / "down", template, gone(site, "500", body))
        result = take_snapshot(path, site)
        asked = site.hits["/wayback/available"]
    assert asked == 0 and "dead" not in result.stdout
    assert reasons(path) == ["unreadable: HTTP 500"]
    with serve() as site:
        path = write_registry(tmp_path, template, gone(site, "live", body))
        assert take_snapshot(path, site).exit_code == 0
    assert [s["verdict"] for s in verdicts(run_verify(path))] == ["supported"]


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_dead_source_whose_copies_are_gone_too(tmp_path: Path, subject: str) -> None:
    template, body = SUBJECTS[subject]
    with serve() as site:
        url = gone(site, "404", body)
        capture = "/web/20250401000000/" + url  # the archive has it, but answers 404
        site.captures[url] = (site.url(capture, "127.0.0.3"), "20250401000000")
        path = write_registry(tmp_path, template, url)
        take_snapshot(path, site)
    assert reasons(path) == ["dead: HTTP 404; no archived copy: the capture answered 404"]
    # the source's own archive_url, gone as well
    with serve() as site:
        url = gone(site, "404", body)
        copy = site.url("/web/2024/copy", "127.0.0.3")
        text = template.format(url=url).replace("    url:", f"    archive_url: '{copy}'\n    url:")
        path = tmp_path / "claims.yaml"
        path.write_text(text, encoding="utf-8")
        take_snapshot(path, site)
    [reason] = reasons(path)
    assert reason == f"dead: HTTP 404; its archived copy {copy} not read either: HTTP 404"
    # only an archive_url, and it is gone
    with serve() as site:
        copy = site.url("/web/2024/copy", "127.0.0.3")
        text = template.format(url=copy).replace("    url:", "    archive_url:")
        path.write_text(text, encoding="utf-8")
        take_snapshot(path, site)
    assert reasons(path) == ["dead: HTTP 404 (its archive_url)"]


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_snapshot_written_before_says_dead_too(tmp_path: Path, subject: str) -> None:
    # A snapshot kept before this has the bare "HTTP 404": its verdict says dead as well.
    template, body = SUBJECTS[subject]
    with serve() as site:
        path = write_registry(tmp_path, template, gone(site, "404", body))
        take_snapshot(path, site)
    [kept] = (tmp_path / "snapshots").glob("*.json")
    for old, said in (
        ("HTTP 404", "dead: HTTP 404; no archived copy"),
        ("HTTP 410", "dead: HTTP 410; no archived copy"),
        ("HTTP 503", "unreadable: HTTP 503"),  # the twin: not dead
        ("HTTP 403", "unreadable: HTTP 403"),
        ("HTTP 401", "paywalled or login required: HTTP 401"),
    ):
        data: dict[str, Any] = json.loads(kept.read_text(encoding="utf-8"))
        data["error"] = old
        kept.write_text(json.dumps(data), encoding="utf-8")
        assert reasons(path) == [said], old
