"""Q: sources read (HTML, PDF, text), quotes and figures matched, snapshots, archives."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest
from fpdf import FPDF
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.clock import Clock, FakeClock
from claimcheck.http import HttpEdge
from claimcheck.links.model import Skip, Verdict
from claimcheck.links.pool import check_urls
from claimcheck.links.settings import HostRule, LinkSettings
from claimcheck.model import Claim, Registry
from claimcheck.sources.fetch import Body, Reader
from claimcheck.sources.match import QuoteVerdict, match_figure, match_quote
from claimcheck.sources.run import ArchiveSettings, Outcome, take
from claimcheck.sources.snapshot import load
from claimcheck.sources.text import UnreadableError, read_document, sniff
from tests.linkserver import HOSTS as LINK_HOSTS
from tests.linkserver import serve as serve_links
from tests.sourceserver import Site, serve

runner = CliRunner()

ARTICLE = """<!doctype html><html><head><title>Crime figures</title></head><body>
<nav><a href="/">Home</a> | <a href="/about">About us</a> | Subscribe</nav>
<article><h1>Recorded crime, 2024</h1>
<p>In 2024 the police recorded 102,878 offences of this kind, the highest figure since
records began in their current form.</p>
<p>The charge rate was 7%; the conviction rate was 12 per cent.</p>
<p>Officials said \u201cvictims were let down \u2014 repeatedly\u201d over many years, and
that the review would take time to complete.</p>
<p>Spending on the programme reached \u00a365m, two-thirds of it on support services.</p>
</article><footer>Cookies | Privacy</footer></body></html>"""


def pdf(*pages: str) -> bytes:
    doc = FPDF()
    doc.set_font("helvetica", size=11)
    for text in pages:
        doc.add_page()
        doc.multi_cell(0, 8, text)
    return bytes(doc.output())


def claim(**fields: Any) -> Claim:
    return msgspec.convert({"id": "c", "text": "t", "kind": "figure", **fields}, Claim)


# --- reading ---------------------------------------------------------------------------


def test_html_main_text_without_boilerplate() -> None:
    document = read_document(ARTICLE.encode())
    assert document.kind == "html"
    assert "102,878 offences" in document.pages[0]
    assert "Subscribe" not in document.pages[0] and "Cookies" not in document.pages[0]


def test_pdf_text_page_by_page() -> None:
    document = read_document(pdf("Page one has nothing.", "Page two: 9,000 historic cases."))
    assert document.kind == "pdf"
    assert len(document.pages) == 2 and "9,000 historic cases" in document.pages[1]


def test_kind_from_magic_bytes_not_headers() -> None:
    assert sniff(pdf("x")) == "pdf"
    assert sniff(b"  <!DOCTYPE html><html>") == "html"
    assert sniff(b"plain words") == "text"
    with pytest.raises(UnreadableError, match="binary"):
        read_document(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(UnreadableError, match="damaged PDF"):
        read_document(b"%PDF-1.7\nnot really")


def test_digest_ignores_layout() -> None:
    assert read_document(b"a  b\nc").digest == read_document(b"a b c").digest
    assert read_document(b"a b c").digest != read_document(b"a b d").digest


# --- quotes ----------------------------------------------------------------------------

PAGES = [read_document(ARTICLE.encode()).pages[0]]


@pytest.mark.parametrize(
    ("quote", "verdict"),
    [
        ("the police recorded 102,878 offences", QuoteVerdict.VERBATIM),
        ('"Victims were let down - repeatedly"', QuoteVerdict.NORMALISED),
        ("The charge rate was 7% ... 12 per cent", QuoteVerdict.NORMALISED),
        ("police counted 102,878 offences of this kind in 2024", QuoteVerdict.PARAPHRASE),
        # the words with another figure: a changed figure, which the verdict says (Q019)
        ("police recorded 120,878 offences of this kind in 2024", QuoteVerdict.ALTERED),
        ("the inquiry found no evidence of wrongdoing", QuoteVerdict.ABSENT),
    ],
)
def test_quote_verdicts(quote: str, verdict: QuoteVerdict) -> None:
    assert match_quote(quote, PAGES).verdict is verdict


def test_quote_span_points_into_the_source() -> None:
    found = match_quote("Victims were let down - repeatedly", PAGES)
    assert found.span is not None
    assert PAGES[0][found.span.start : found.span.end] == "victims were let down \u2014 repeatedly"


# --- figures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"value": 102878, "unit": "offences"},
        {"value": 65000000, "unit": "GBP"},
        {"value": 65, "unit": "GBP million"},
        {"value": Decimal("66.7"), "unit": "percent"},
        {"value": 7, "unit": "percent", "measure": "charge rate"},
    ],
)
def test_figure_found_by_value(fields: dict[str, Any]) -> None:
    found = match_figure(claim(**fields), PAGES)
    assert found.found and found.measure_ok is not False


def test_figure_of_another_measure() -> None:
    found = match_figure(claim(value=12, unit="percent", measure="charge rate"), PAGES)
    assert found.found and found.measure_ok is False


def test_figure_differs_shows_what_the_source_says() -> None:
    found = match_figure(claim(value=9, unit="percent", measure="conviction rate"), PAGES)
    assert not found.found and found.instead == "12 per cent"


def test_figure_near_the_cited_page_first() -> None:
    pages = ["In 2023: 8,000 cases under review.", "Now 9,000 cases under review."]
    found = match_figure(claim(value=9000, unit="cases", measure="cases under review"), pages, 2)
    assert found.found and found.span is not None and found.span.page == 2


# --- snapshot, verify offline, drift, archives ----------------------------------------

REGISTRY = """\
# Test registry: comments and order must survive --fix.
version: 1
sources:
  - id: article        # the news piece
    title: Article
    kind: news
    url: {article}
  - id: report
    title: Report
    kind: government
    url: {report}
  - id: gone
    title: Gone
    kind: news
    url: {gone}
    accessed: 2024-05
  - id: changing
    title: Changing
    kind: statistics
    url: {changing}
claims:
  - id: offences
    text: 102,878 offences were recorded in 2024.
    kind: figure
    value: 102878
    unit: offences
    measure: offences recorded
    citations:
      - source: article
        quote: the police recorded 102,878 offences
  - id: charge_rate
    text: The charge rate was 12%.
    kind: figure
    value: 12
    unit: percent
    measure: charge rate
    citations:
      - source: article
        quote: \u201cThe charge rate was 7% \u2026 12 per cent\u201d
  - id: conviction_rate
    text: The conviction rate was 9%.
    kind: figure
    value: 9
    unit: percent
    measure: conviction rate
    citations:
      - source: article
  - id: let_down
    text: Officials said victims were "failed again and again".
    kind: quote
    citations:
      - source: article
        quote: officials said victims were let down over many years again
  - id: invented
    text: The report found no wrongdoing.
    kind: fact
    citations:
      - source: article
        quote: the inquiry found no evidence of wrongdoing
  - id: historic
    text: 9,000 historic cases are under review.
    kind: figure
    value: 9000
    unit: cases
    measure: historic cases under review
    citations:
      - source: report
        locator: p. 2
        quote: 9,000 historic cases
  - id: gone_figure
    text: 400 referrals.
    kind: figure
    value: 400
    unit: referrals
    citations:
      - source: gone
  - id: rate
    text: The rate was 5%.
    kind: figure
    value: 5
    unit: percent
    measure: rate of referral
    citations:
      - source: changing
"""


def _site(site: Site) -> None:
    site.pages["/article"] = (200, "text/html", ARTICLE.encode())
    report = pdf("Summary. Nothing here.", "Review: 9,000 historic cases are under review.")
    site.pages["/report.pdf"] = (200, "application/octet-stream", report)  # sniffed as PDF
    site.pages["/changing"] = (200, "text/plain", b"The rate of referral was 5 per cent.")
    capture = site.url("/web/20240301000000/" + site.url("/gone"), "127.0.0.3")
    site.captures[site.url("/gone")] = (capture, "20240301000000")
    site.pages["/web/20240301000000/" + site.url("/gone")] = (
        200,
        "text/plain",
        b"Archived: there were 400 referrals that year.",
    )


def _registry(tmp_path: Path, site: Site) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(
        REGISTRY.format(
            article=site.url("/article"),
            report=site.url("/report.pdf"),
            gone=site.url("/gone"),
            changing=site.url("/changing"),
        ),
        encoding="utf-8",
    )
    return path


def _snapshot(path: Path, site: Site, *extra: str) -> Any:
    api = site.url("/wayback/available", "127.0.0.3")
    return runner.invoke(
        app,
        ["snapshot", str(path), "--allow-private", "--archive-api", api, *extra],
        env={"CLAIMCHECK_OFFLINE": ""},
    )


def _codes(path: Path) -> dict[str, list[str]]:
    result = runner.invoke(
        app, ["verify", str(path), "--select", "Q", "--format", "json", "--today", "2026-11-24"]
    )
    assert result.exit_code in (0, 1), result.output
    found: dict[str, list[str]] = {}
    for finding in json.loads(result.stdout)["findings"]:
        found.setdefault(finding["code"], []).append(finding["claim"] or finding["source"])
    return found


def test_snapshot_then_verify_offline(tmp_path: Path) -> None:
    with serve() as site:
        _site(site)
        path = _registry(tmp_path, site)
        result = _snapshot(path, site)
    assert result.exit_code == 0, result.output
    snapshots = load(tmp_path / "snapshots")
    assert set(snapshots) == {"article", "report", "gone", "changing"}
    historic = snapshots["report"].quotes[0]
    assert historic.verdict == "verbatim" and historic.page == 2
    assert historic.selector is not None and historic.selector.exact == "9,000 historic cases"
    assert "under review" in historic.selector.suffix
    gone = snapshots["gone"]
    assert gone.archive is not None and gone.url == gone.archive.url  # read from the capture
    # Offline, from the snapshots alone (the server is gone).
    codes = _codes(path)
    assert codes == {
        "Q006": ["charge_rate"],
        "Q005": ["conviction_rate"],
        "Q003": ["let_down"],
        "Q001": ["invented"],
        "Q009": ["gone"],
    }
    # Deterministic: the same findings again.
    assert _codes(path) == codes


def test_quote_edited_after_the_snapshot_is_rechecked(tmp_path: Path) -> None:
    with serve() as site:
        _site(site)
        path = _registry(tmp_path, site)
        _snapshot(path, site)
    text = path.read_text().replace("quote: 9,000 historic cases", "quote: 9,500 historic cases")
    path.write_text(text)
    assert _codes(path)["Q001"] == ["invented", "historic"]


def test_drift_figure_changed_and_accept(tmp_path: Path) -> None:
    with serve() as site:
        _site(site)
        path = _registry(tmp_path, site)
        _snapshot(path, site)
        site.pages["/changing"] = (200, "text/plain", b"The rate of referral was 6 per cent.")
        changed = _snapshot(path, site, "--source", "changing")
        assert changed.exit_code == 1
        assert "CHANGED" in changed.stdout
        codes = _codes(path)
        assert codes["Q007"] == ["changing"] and codes["Q005"] == ["conviction_rate", "rate"]
        accepted = _snapshot(path, site, "--source", "changing", "--accept")
    assert accepted.exit_code == 0
    assert "Q007" not in _codes(path)


def test_fix_writes_archive_url_keeping_every_other_byte(tmp_path: Path) -> None:
    with serve() as site:
        _site(site)
        path = _registry(tmp_path, site)
        before = path.read_text()
        result = _snapshot(path, site, "--fix")
        capture = site.captures[site.url("/gone")][0]
    assert result.exit_code == 0, result.output
    after = path.read_text()
    assert after == before.replace("  - id: gone\n", f"  - id: gone\n    archive_url: {capture}\n")
    assert "Q009" not in _codes(path)


def test_capture_redirecting_home_is_not_suggested(tmp_path: Path) -> None:
    with serve() as site:
        _site(site)
        path = _registry(tmp_path, site)
        capture_path = "/web/20240301000000/" + site.url("/gone")
        del site.pages[capture_path]
        site.redirects[capture_path] = "/web/20240301000001/" + site.url("/")
        site.pages["/web/20240301000001/" + site.url("/")] = (200, "text/plain", b"Home")
        result = _snapshot(path, site, "--source", "gone")
    assert result.exit_code == 1
    assert "no archived copy: the capture redirects to" in result.stdout
    error = load(tmp_path / "snapshots")["gone"].error
    assert error is not None and error.startswith("dead: HTTP 404; no archived copy: the capture")


def test_capture_after_the_access_date_is_not_suggested(tmp_path: Path) -> None:
    with serve() as site:
        _site(site)
        path = _registry(tmp_path, site)
        url = site.url("/gone")
        site.captures[url] = (site.captures[url][0], "20250101000000")
        result = _snapshot(path, site, "--source", "gone")
    assert "is from after the access date" in result.stdout


def test_save_asks_the_archive(tmp_path: Path) -> None:
    with serve() as site:
        _site(site)
        path = _registry(tmp_path, site)
        (tmp_path / "claimcheck.toml").write_text(
            f'archive-save = "{site.url("/save/", "127.0.0.3")}"\n'
        )
        result = runner.invoke(
            app,
            [
                "snapshot",
                str(path),
                "--allow-private",
                "--source",
                "article",
                "--save",
                "--config",
                str(tmp_path / "claimcheck.toml"),
            ],
            env={"CLAIMCHECK_OFFLINE": ""},
        )
        hits = sum(n for p, n in site.hits.items() if p.startswith("/save/"))
    assert result.exit_code == 0, result.output
    assert hits == 1 and "saved to the archive" in result.stdout


def test_private_addresses_refused_by_default(tmp_path: Path) -> None:
    with serve() as site:
        _site(site)
        path = _registry(tmp_path, site)
        result = runner.invoke(
            app, ["snapshot", str(path), "--source", "article"], env={"CLAIMCHECK_OFFLINE": ""}
        )
    assert result.exit_code == 1
    assert "private address refused" in result.stdout


def test_damaged_snapshot_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "snapshots" / "x.json").write_text('{"format": 1,\n "source": }')
    path = tmp_path / "claims.yaml"
    path.write_text("version: 1\n")
    result = runner.invoke(app, ["verify", str(path)])
    assert result.exit_code == 2
    assert "x.json:2:" in result.output and "Traceback" not in result.output


def test_snapshot_refuses_offline(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("version: 1\n")
    result = runner.invoke(app, ["snapshot", str(path)])
    assert result.exit_code == 2 and "cannot run offline" in result.output


def test_paraphrase_missing_figure_unreadable_and_unsnapshotted(tmp_path: Path) -> None:
    with serve() as site:
        _site(site)
        site.pages["/image"] = (200, "image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        path = tmp_path / "claims.yaml"
        path.write_text(
            f"""\
version: 1
sources:
  - {{id: article, title: A, kind: news, url: "{site.url("/article")}"}}
  - {{id: image, title: I, kind: other, url: "{site.url("/image")}"}}
  - {{id: report, title: R, kind: government, url: "{site.url("/report.pdf")}"}}
claims:
  - id: worded
    text: Police counted 102,878 offences.
    kind: fact
    citations: [{{source: article, quote: "police counted 102,878 offences of this kind in 2024"}}]
  - id: missing
    text: 777 arrests.
    kind: figure
    value: 777
    unit: arrests
    citations: [{{source: article}}, {{source: image}}]
  - id: later
    text: 9,000 cases.
    kind: figure
    value: 9000
    unit: cases
    citations: [{{source: report}}]
""",
            encoding="utf-8",
        )
        result = _snapshot(path, site, "--source", "article", "--source", "image")
    assert result.exit_code == 1  # one source unreadable
    assert "image: not read: neither PDF, HTML nor text" in result.stdout
    assert _codes(path) == {
        "Q008": ["image"],
        "Q002": ["worded"],
        "Q004": ["missing"],
        "Q010": ["later"],
    }


def test_quote_that_became_a_paraphrase(tmp_path: Path) -> None:
    with serve() as site:
        site.pages["/speech"] = (
            200,
            "text/plain",
            b"The minister said: we will never again let victims down.",
        )
        path = tmp_path / "claims.yaml"
        path.write_text(
            f"""\
version: 1
sources:
  - {{id: speech, title: S, kind: government, url: "{site.url("/speech")}"}}
claims:
  - id: promise
    text: The minister promised to never again let victims down.
    kind: fact
    citations:
      - source: speech
        quote: we will never again let victims down
""",
            encoding="utf-8",
        )
        assert _snapshot(path, site).exit_code == 0
        assert _codes(path) == {}
        site.pages["/speech"] = (
            200,
            "text/plain",
            b"The minister said that victims would never be let down again.",
        )
        assert _snapshot(path, site).exit_code == 1  # changed
    assert load(tmp_path / "snapshots")["speech"].quotes[0].verdict == "paraphrase"
    assert _codes(path) == {"Q007": ["speech"], "Q002": ["promise"]}


@pytest.mark.parametrize(
    "body",
    [b"%PDF-", b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>"],
)
def test_hostile_pdf_is_an_extract_error(body: bytes) -> None:
    with pytest.raises(UnreadableError, match="damaged PDF"):
        read_document(body)


def test_deeply_nested_html_is_read() -> None:
    assert read_document(b"<html>" + b"<div>" * 100_000 + b"42 cases").kind == "html"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{"format": 2, "source": "x", "url": "u", "fetched": "2026-01-01"}', "format 2 is not 1"),
        ('{"format": 1, "source": "x"}', "missing required field `url`"),
    ],
)
def test_snapshot_of_another_format_is_a_clear_error(tmp_path: Path, text: str, says: str) -> None:
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "snapshots" / "x.json").write_text(text)
    path = tmp_path / "claims.yaml"
    path.write_text("version: 1\n")
    result = runner.invoke(app, ["verify", str(path)])
    assert result.exit_code == 2 and says in result.output, result.output
    assert "snapshots/x.json" in result.output and "Traceback" not in result.output


def test_fix_refuses_a_flow_style_source_and_writes_nothing(tmp_path: Path) -> None:
    with serve() as site:
        _site(site)
        path = tmp_path / "claims.yaml"
        path.write_text(
            f"""\
version: 1
sources:
  - {{id: gone, title: Gone, kind: news, url: "{site.url("/gone")}", accessed: 2024-05}}
claims:
  - {{id: n, text: 400 referrals., kind: figure, value: 400, citations: [{{source: gone}}]}}
""",
            encoding="utf-8",
        )
        before = path.read_text()
        result = _snapshot(path, site, "--fix")
    assert result.exit_code == 2
    assert "flow style" in result.output and "claims.yaml:3:" in result.output
    assert path.read_text() == before


# --- one HTTP edge for the link checker and the source reader -------------------------

#: Loopback allowed, no pacing, no cache: what the edge tests start from.
EDGE = LinkSettings(allow_private=True, timeout=2.0, host_interval=0.0, retries=0, use_cache=False)


def _registry_of(url: str) -> Registry:
    return msgspec.convert(
        {
            "version": 1,
            "sources": [{"id": "s", "title": "S", "kind": "news", "url": url}],
            "claims": [{"id": "c", "text": "t", "kind": "fact", "citations": [{"source": "s"}]}],
        },
        Registry,
    )


def _take(url: str, clock: Clock) -> list[Outcome]:
    archive = ArchiveSettings("http://archive.invalid/available", "http://archive.invalid/save/")
    return asyncio.run(take(_registry_of(url), HttpEdge(EDGE, clock), archive, previous={}))


@pytest.mark.parametrize("clock", [FakeClock, Clock], ids=["fake", "real"])
def test_a_snapshot_is_dated_by_the_runs_today(clock: type[Clock]) -> None:
    # It used the clock's wall time, which ignores --today (and a FakeClock's 2026-11-24).
    with serve() as site:
        site.pages["/page"] = (200, "text/plain", b"There were 400 referrals.")
        (outcome,) = _take(site.url("/page"), clock(fixed_today=date(2025, 1, 2)))
    assert outcome.snapshot.error is None and outcome.snapshot.fetched == "2025-01-02"


async def _links_then_source(edge: HttpEdge, links: list[str], source: str) -> Body:
    """The link checker, then the source reader, on one edge and in one event loop (as a
    run does)."""
    await check_urls(links, edge)
    reader = Reader(edge)
    try:
        return await reader.get(source)
    finally:
        await reader.close()


def test_a_host_interval_set_once_paces_links_and_sources_together() -> None:
    host = LINK_HOSTS[0]
    clock = FakeClock()
    edge = HttpEdge(replace(EDGE, hosts=(HostRule(host, interval=1.0),)), clock)
    with serve_links() as server:
        # Plain-text links: an HTML page's look at the site's missing page would be one more.
        links = [server.url(f"/busy?i={i}", host) for i in range(2)]
        body = asyncio.run(_links_then_source(edge, links, server.url("/ok2", host)))
    assert body.ok, body.error
    # Two links: one wait; the source read waits behind them on the same gate (the reader's
    # own gate would have let it go at once).
    assert clock.sleeps == [1.0, 1.0]
    other = LINK_HOSTS[1]
    assert edge.gate(host) is edge.gate(host) and edge.gate(other).interval == 0.0


def test_a_per_host_header_is_sent_by_links_and_sources() -> None:
    host = LINK_HOSTS[0]
    rule = HostRule(host, headers=(("From", "editor@example.org"),))
    edge = HttpEdge(replace(EDGE, hosts=(rule,)), FakeClock())
    with serve_links() as server:
        url = server.url("/ok", host)
        body = asyncio.run(_links_then_source(edge, [url], server.url("/ok2", host)))
        bare = asyncio.run(_links_then_source(edge, [], server.url("/", LINK_HOSTS[1])))
    assert body.ok and bare.ok
    for path in ("/ok", "/ok2"):  # the link's, the source's
        sent = server.stats.headers[path]
        assert sent["From"] == "editor@example.org", path
        assert sent["User-Agent"] == EDGE.user_agent and "text/html" in sent["Accept"], path
    assert "From" not in server.stats.headers["/"]  # another host: not its rule
    assert "Authorization" not in server.stats.headers["/ok2"]  # GITHUB_TOKEN: GitHub only


def test_a_private_literal_is_refused_by_links_and_sources() -> None:
    edge = HttpEdge(replace(EDGE, allow_private=False), FakeClock())
    with serve_links() as server:
        link, source = server.url("/ok"), server.url("/ok2")
        run = asyncio.run(check_urls([link], edge))

        async def read() -> Body:
            reader = Reader(edge)
            try:
                return await reader.get(source)
            finally:
                await reader.close()

        body = asyncio.run(read())
        requested = server.stats.requests("/ok") + server.stats.requests("/ok2")
    assert run.results[link].verdict is Verdict.SKIPPED and run.results[link].skip is Skip.PRIVATE
    assert body.status is None and "private address refused" in (body.error or "")
    assert requested == 0
    assert edge.refuses("10.0.0.1") and edge.refuses("[::1]") and not edge.refuses("example.org")


def test_an_edge_without_the_cache_opens_no_cache_file(tmp_path: Path) -> None:
    path = tmp_path / "links.sqlite3"
    edge = HttpEdge(replace(EDGE, use_cache=False, cache=path), FakeClock())
    with serve_links() as server:
        url = server.url("/ok")
        run = asyncio.run(check_urls([url], edge))
    edge.close()
    assert run.results[url].verdict is Verdict.ALIVE and edge.cache() is None
    assert not path.exists() and not (tmp_path / "cache").exists()  # nor the default one


def test_the_cache_is_opened_on_first_use_only(tmp_path: Path) -> None:
    path = tmp_path / "links.sqlite3"
    edge = HttpEdge(replace(EDGE, use_cache=True, cache=path), FakeClock())
    assert not path.exists()
    cache = edge.cache()
    assert cache is not None and edge.cache() is cache and path.exists()
    edge.close()


def test_an_unusable_cache_file_is_a_config_error(tmp_path: Path) -> None:
    from claimcheck.errors import ConfigError

    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    edge = HttpEdge(replace(EDGE, use_cache=True, cache=blocker / "c.db"), FakeClock())
    with pytest.raises(ConfigError, match="cannot open the link cache") as caught:
        edge.cache()
    assert caught.value.file == str(blocker / "c.db") and "--no-cache" in (caught.value.hint or "")


def test_snapshot_command_dates_snapshots_with_today(tmp_path: Path) -> None:
    # --today reaches the snapshot run through the one clock, as it reaches staleness.
    with serve() as site:
        _site(site)
        path = _registry(tmp_path, site)
        result = _snapshot(path, site, "--source", "article", "--today", "2025-01-02")
    assert result.exit_code == 0, result.output
    assert load(tmp_path / "snapshots")["article"].fetched == "2025-01-02"
