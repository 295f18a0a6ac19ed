"""Links never requested: said so, and never counted as requested (review 9, #19).

A link left out by the config's `exclude` (or not matched by `include`) is the user's choice,
as lychee counts its excluded links without failing on them: no finding, but the summary of
every format that has one says how many links were not checked and why. JSON said
`"attempts": 1` for a link never requested (excluded, offline, a private address refused
before any connection): it says 0; a link requested says how many times.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.clock import FakeClock
from claimcheck.http import HttpEdge
from claimcheck.links.model import LinkResult, LinkRun, Skip, Verdict
from claimcheck.links.pool import check_urls
from claimcheck.links.settings import LinkSettings
from tests.linkserver import Server, serve

runner = CliRunner()
FAST = LinkSettings(allow_private=True, timeout=0.5, host_interval=0.0, retries=0, use_cache=False)
QUICK = ["--online", "--allow-private", "--no-cache", "--timeout", "0.5", "--retries", "0"]


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


def _check(urls: list[str], settings: LinkSettings = FAST, offline: bool = False) -> LinkRun:
    edge = HttpEdge(settings, FakeClock())
    try:
        return asyncio.run(check_urls(urls, edge, offline=offline))
    finally:
        edge.close()


def _registry(tmp_path: Path, urls: dict[str, str], exclude: list[str] | None = None) -> Path:
    """A registry whose sources have these URLs (by source id), one claim citing each; with
    `exclude`, a claimcheck.toml beside it that excludes those patterns."""
    sources = "".join(
        f"  - {{id: {name}, title: {name}, kind: report, url: '{url}'}}\n"
        for name, url in urls.items()
    )
    claims = "".join(
        f"  - {{id: c_{name}, text: A fact., kind: fact, citations: [{{source: {name}}}]}}\n"
        for name in urls
    )
    path = tmp_path / "claims.yaml"
    path.write_text(f"version: 1\nsources:\n{sources}claims:\n{claims}", encoding="utf-8")
    if exclude is not None:
        (tmp_path / "claimcheck.toml").write_text(
            f"[links]\nexclude = {json.dumps(exclude)}\n", encoding="utf-8"
        )
    return path


# Two subjects: a dead link (L001, an error) and a blocked one (L004, a warning).
SUBJECTS = {"dead": ("/404", "L001"), "walled": ("/403", "L004")}


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("fmt", ["terminal", "concise", "markdown", "html"])
def test_an_excluded_link_has_no_finding_and_the_summary_says_so(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subject: str, fmt: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path, _ = SUBJECTS[subject]
    registry = _registry(tmp_path, {subject: server.url(path), "fine": server.url("/ok")}, [path])
    result = runner.invoke(app, ["links", str(registry), *QUICK, "--fail-on", "warning", "-f", fmt])
    assert result.exit_code == 0, result.output
    assert "links: 1 of 2 not checked (1 excluded by" in result.stdout.replace("\\`", "`")


@pytest.mark.parametrize("subject", SUBJECTS)
def test_an_excluded_link_is_never_requested(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subject: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path, code = SUBJECTS[subject]
    registry = _registry(tmp_path, {subject: server.url(path)}, [path])
    before = server.stats.requests(path)
    document = json.loads(runner.invoke(app, ["links", str(registry), *QUICK, "-f", "json"]).stdout)
    assert document["findings"] == [] and server.stats.requests(path) == before
    (link,) = document["links"]
    assert (link["verdict"], link["skipped"], link["attempts"]) == ("skipped", "excluded", 0)
    # The twin: not excluded, it is requested once and found.
    (tmp_path / "claimcheck.toml").unlink()
    result = runner.invoke(app, ["links", str(registry), *QUICK, "-f", "json"])
    document = json.loads(result.stdout)
    assert [f["code"] for f in document["findings"]] == [code]
    assert document["links"][0]["attempts"] == 1 and server.stats.requests(path) == before + 1
    assert "links:" not in runner.invoke(app, ["links", str(registry), *QUICK]).stdout


def test_links_never_requested_say_zero_attempts(server: Server) -> None:
    ok, missing = server.url("/ok"), server.url("/404")
    excluded = _check([ok, missing], replace(FAST, exclude=(r"/404$",)))
    assert (excluded.results[missing].skip, excluded.results[missing].attempts) == (
        Skip.EXCLUDED,
        0,
    )
    assert excluded.results[ok].attempts == 1  # the twin: requested once
    offline = _check([ok], offline=True).results[ok]
    assert (offline.skip, offline.attempts) == (Skip.OFFLINE, 0)
    private = _check([ok], replace(FAST, allow_private=False)).results[ok]
    assert (private.skip, private.attempts) == (Skip.PRIVATE, 0)
    not_web = _check(["mailto:a@b.example"]).results["mailto:a@b.example"]
    assert (not_web.skip, not_web.attempts) == (Skip.SCHEME, 0)
    retried = _check([server.url("/500")], replace(FAST, retries=1, backoff=0.0))
    assert retried.results[server.url("/500")].attempts == 2


def test_zero_attempts_survive_a_report_read_back() -> None:
    """`from_json` read 0 as 1 (`or 1`): a merged report said a skipped link was requested."""
    skipped = LinkResult("https://example.org/a", Verdict.SKIPPED, skip=Skip.OFFLINE)
    assert LinkResult.from_json(skipped.as_json()).attempts == 0
    tried = LinkResult("https://example.org/b", Verdict.DEAD, 404, attempts=3)
    assert LinkResult.from_json(tried.as_json()).attempts == 3


def test_verify_offline_says_its_links_were_not_checked(tmp_path: Path) -> None:
    registry = _registry(tmp_path, {"a": "https://example.org/a", "b": "https://example.org/b"})
    result = runner.invoke(app, ["verify", str(registry), "--offline", "-f", "json"])
    document = json.loads(result.stdout)
    assert [link["attempts"] for link in document["links"]] == [0, 0]
    terminal = runner.invoke(app, ["verify", str(registry), "--offline"]).stdout
    assert "links: 2 of 2 not checked (2 offline and not in the cache)" in terminal
