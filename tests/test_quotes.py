"""Quotes against their source: a quote that says otherwise (Q019), a locator that points
elsewhere (Q018), and a snapshot that is not of the source the registry names (Q020).

Each planted error has a clean twin that must stay clean. Subjects here are none of the
bundled page's (rivers, libraries, energy, schools).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import msgspec
import pytest
from fpdf import FPDF
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.model import Locator, Source
from claimcheck.sources.match import QuoteVerdict, match_quote
from claimcheck.sources.snapshot import (
    Origin,
    Snapshot,
    check_pages,
    cited_pages,
    load,
    not_of,
)
from claimcheck.sources.text import printed_numbers, read_document
from claimcheck.sources.wording import change, tokens
from tests.sourceserver import Site, serve

runner = CliRunner()

_BENCH = Path(__file__).resolve().parent.parent / "bench" / "quotes.py"
_spec = importlib.util.spec_from_file_location("bench_quotes", _BENCH)
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


# --- what a quote changes ----------------------------------------------------------------


@pytest.mark.parametrize("path", [bench.PAIRS, bench.HELDOUT], ids=lambda p: p.name)
def test_labelled_pairs_hold_their_floor(path: Path) -> None:
    """bench/quotes.py: before Q019 recall was 0.17 (a negated or reversed quote passed as a
    paraphrase); the floor is what the check does now, on the tuned and held-out pairs."""
    pairs = bench.load_pairs(path)
    assert len(pairs) >= 24
    score = bench.score(bench.after, pairs)
    wrong = [(p["kind"], p["quote"]) for p in score["wrong"]]
    assert score["p"] >= 0.95 and score["r"] >= 0.95, wrong


def test_the_labelled_set_is_what_it_says() -> None:
    pairs = bench.load_pairs(bench.PAIRS)
    assert len(pairs) >= 60
    kinds = {p["kind"] for p in pairs}
    assert kinds == {
        "verbatim",
        "paraphrase",
        "ellipsis",
        "brackets",
        "negated",
        "reversed",
        "figure",
        "swapped",
    }
    for pair in pairs:
        altered = pair["kind"] in ("negated", "reversed", "figure", "swapped")
        assert (pair["label"] == "altered") == altered, pair


@pytest.mark.parametrize(
    ("source", "quote", "says"),
    [
        # negation added, left out, spelt as a contraction, as a prefix
        (
            "The library service did reduce its opening hours in 2024.",
            "The library service did not reduce its opening hours in 2024",
            "adds a negation ('not')",
        ),
        (
            "The library service didn't reduce its opening hours in 2024.",
            "The library service did reduce its opening hours in 2024",
            "leaves out the source's negation ('not')",
        ),
        (
            "Inspectors judged the new reservoir safe for public use.",
            "Inspectors judged the new reservoir unsafe for public use",
            "'unsafe' where the source has 'safe'",
        ),
        # a direction turned round, also in a paraphrase that moves the words
        (
            "Energy use in council buildings fell by a third after the retrofit.",
            "Energy use in council buildings rose by a third after the retrofit",
            "'rose' where the source has 'fell'",
        ),
        (
            "The board has protected funding for rural bus routes this year.",
            "this year the board has cut funding for rural bus routes",
            "'cut' where the source has 'protected'",
        ),
        # two phrases swapped
        (
            "Rural schools recruited more teachers than urban schools.",
            "Urban schools recruited more teachers than rural schools",
            "swaps",
        ),
        # a figure changed, and what the source has instead
        (
            "The river carried 4,310 tonnes of sediment in 2024, the highest on record.",
            "The river carried 4,130 tonnes of sediment in 2024, the highest on record",
            "'4,130 tonnes' where the source has '4,310 tonnes'",
        ),
        # an ellipsis over a negation; brackets standing for one
        (
            "The new timetable will not reduce journey times on the branch line.",
            "The new timetable will ... reduce journey times on the branch line",
            "ellipsis leaves out the source's negation 'not'",
        ),
        (
            "The council will close two libraries this year.",
            "The council will [never] close two libraries this year",
            "brackets [never] stand for",
        ),
    ],
)
def test_a_quote_that_says_otherwise_is_altered(source: str, quote: str, says: str) -> None:
    found = match_quote(quote, [source])
    assert found.verdict is QuoteVerdict.ALTERED, found
    assert found.change is not None and says in found.change


@pytest.mark.parametrize(
    ("source", "quote", "verdict"),
    [
        # the clean twins: the same sentences, quoted faithfully
        (
            "The library service did reduce its opening hours in 2024.",
            "the library service did reduce its opening hours",
            QuoteVerdict.NORMALISED,
        ),
        (
            "Energy use in council buildings fell by a third after the retrofit.",
            "after the retrofit energy use in council buildings fell by a third",
            QuoteVerdict.PARAPHRASE,
        ),
        (
            "The board has protected funding for rural bus routes this year.",
            "[The board] has protected funding for rural bus routes",
            QuoteVerdict.NORMALISED,
        ),
        # a negation the source has, kept; said another way ("never met" for "did not meet")
        (
            "The bathing water at Eastbrook did not meet the standard in 2024.",
            "in 2024 the bathing water at Eastbrook did not meet the standard",
            QuoteVerdict.PARAPHRASE,
        ),
        (
            "The bathing water at Eastbrook did not meet the standard in 2024.",
            "the water at Eastbrook [never] met the standard in 2024",
            QuoteVerdict.PARAPHRASE,
        ),
        # a long ellipsis over a clause with a negation in it leaves the clause out
        (
            "Visits, which had not recovered since 2020, rose to 143 million.",
            "Visits ... rose to 143 million",
            QuoteVerdict.NORMALISED,
        ),
        # "women and men" says "men and women"; a phrase moved to the front is no swap
        (
            "Obesity rates for men and women rose between 2019 and 2024.",
            "obesity rates for women and men rose between 2019 and 2024",
            QuoteVerdict.PARAPHRASE,
        ),
        (
            "Obesity rates for men and women rose between 2019 and 2024.",
            "between 2019 and 2024 obesity rates for men and women rose",
            QuoteVerdict.PARAPHRASE,
        ),
        # the opposite direction elsewhere in the passage, not in the quote's part
        (
            "Bus fares in the county rose by 5% in January. Train fares fell by 2%.",
            "in January bus fares in the county rose by 5%",
            QuoteVerdict.PARAPHRASE,
        ),
        # an adverbial or a report moved round the rest is no swap
        (
            "The trust said spills fell at every site.",
            "at every site spills fell, the trust said",
            QuoteVerdict.PARAPHRASE,
        ),
    ],
)
def test_a_faithful_quote_is_not_altered(source: str, quote: str, verdict: QuoteVerdict) -> None:
    found = match_quote(quote, [source])
    assert found.verdict is verdict, found


def test_contractions_are_spelt_out() -> None:
    assert tokens("It didn't, and can't, and won't") == [
        "it",
        "did",
        "not",
        "and",
        "can",
        "not",
        "and",
        "will",
        "not",
    ]
    assert change("it cannot be done", "it can't be done") is None
    # With no apostrophe, only "cannot" (and "cant") is spelt out: the quick path.
    from claimcheck.lexicon import spelt_out

    assert spelt_out("We Cannot say") == "we can not say"
    assert spelt_out("Canada can cope") == "canada can cope"
    assert spelt_out("They won\u2019t") == "they will not"


def test_a_source_saying_both_gives_the_faithful_passage() -> None:
    pages = [
        "The trust said spills fell at every site. Elsewhere the trust said spills rose at one.",
    ]
    found = match_quote("at every site spills fell, the trust said", pages)
    assert found.verdict is QuoteVerdict.PARAPHRASE


# --- locators ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locator", "pages"),
    [
        ("p. 3", (("3", "3"),)),
        ("pp. 12-14", (("12", "14"),)),
        ("pages 12\u201314", (("12", "14"),)),
        ("Table 2, page 7", (("7", "7"),)),
        ("p. iv", (("iv", "iv"),)),
        ("para 4", ()),
        ("section 2", ()),
        ("pixel 3", ()),
        (Locator(page=3), (("3", "3"),)),
        (Locator(page="3-5"), (("3", "5"),)),
        (Locator(section="Methods"), ()),
        (None, ()),
    ],
)
def test_cited_pages(locator: str | Locator | None, pages: tuple[tuple[str, str], ...]) -> None:
    assert cited_pages(locator) == pages


def _pdf_snapshot(pages: int, labels: tuple[str, ...] = ()) -> Snapshot:
    return Snapshot(1, "s", "https://example.org/r.pdf", "2026-11-01", kind="pdf", pages=pages,
                    labels=labels)  # fmt: skip


def test_check_pages() -> None:
    four = _pdf_snapshot(4)
    assert check_pages("p. 3", four, 3) is None
    assert check_pages("pp. 2-4", four, 3) is None
    elsewhere = check_pages("p. 2", four, 3)
    assert elsewhere is not None and not elsewhere.outside and elsewhere.page == 3
    outside = check_pages("p. 9", four, 4)
    assert outside is not None and outside.outside
    assert check_pages("p. 9", four, None) is not None  # past the end, found or not
    assert check_pages("p. 2", four, None) is None  # not found: nothing to compare
    assert check_pages("p. iv", four, 2) is None  # roman, and no labels: cannot tell
    # Printed numbers (labels): either count is accepted; outside means by both.
    printed = _pdf_snapshot(4, ("i", "ii", "1", "2"))
    assert check_pages("p. 2", printed, 4) is None  # printed 2
    assert check_pages("p. 4", printed, 4) is None  # the PDF's page 4
    assert check_pages("p. ii", printed, 2) is None
    moved = check_pages("p. 1", printed, 4)
    assert moved is not None and not moved.outside and moved.printed == "2"
    assert check_pages("p. 9", printed, 4) is not None
    # Not a PDF: a web page has no pages to compare.
    html = Snapshot(1, "s", "https://example.org/", "2026-11-01", kind="html", pages=1)
    assert check_pages("p. 9", html, None) is None


def _pdf(*pages: str, label_from: int | None = None) -> bytes:
    doc = FPDF()
    doc.set_font("helvetica", size=11)
    for text in pages:
        doc.add_page()
        if label_from is not None and doc.page == 2:
            doc.set_page_label(label_style="D", label_start=label_from)
        doc.multi_cell(0, 8, text)
    return bytes(doc.output())


def test_pdf_page_labels_are_kept() -> None:
    body = _pdf("Cover", "Findings: spills fell.", "Annex", label_from=7)
    document = read_document(body)
    assert document.labels[1:] == ("7", "8")


def test_page_numbers_printed_on_the_pages() -> None:
    # A report whose page 1 is the PDF's page 3: "Page N" on the last line of each page.
    pages = ("Cover", "Contents", "Intro\nPage 1", "Findings\nPage 2", "Annex\n3")
    assert printed_numbers(pages) == ("", "", "1", "2", "3")
    document = read_document(_pdf(*pages))
    assert document.labels == ("", "", "1", "2", "3")
    # One page with a number alone on a line is a table's cell, not a page number.
    assert printed_numbers(("Table\n42", "Findings", "Annex")) == ()
    # Printed as the PDF counts them: nothing to add.
    assert printed_numbers(("a\n1", "b\n2", "c\n3")) == ()
    assert read_document(_pdf("One", "Two")).labels == ()


def test_a_quote_repeated_is_found_on_the_cited_page_first() -> None:
    pages = ("Summary: spills fell at every site.", "Detail", "Spills fell at every site.")
    assert match_quote("pills fell at every site", pages).span.page == 1  # type: ignore[union-attr]
    found = match_quote("pills fell at every site", pages, page_hint=3)
    assert found.span is not None and found.span.page == 3


# --- a snapshot of another source --------------------------------------------------------


def _source(**fields: Any) -> Source:
    return msgspec.convert({"id": "s", "title": "t", "kind": "report", **fields}, Source)


def test_not_of() -> None:
    url = "https://example.org/a"
    snapshot = Snapshot(1, "s", url, "2026-11-01", origin=Origin(url))
    assert not_of(snapshot, _source(url=url)) is None
    assert not_of(snapshot, _source(url=url, archive_url="https://archive.org/a")) is None
    edited = not_of(snapshot, _source(url="https://example.org/b"))
    assert edited is not None and "https://example.org/a" in edited
    assert not_of(snapshot, _source(isbn="9780000000002")) is not None  # the id reused
    # Read from the archived copy: that copy is what it is of.
    archived = Snapshot(1, "s", "https://archive.org/a", "2026-11-01",
                        origin=Origin(url, "https://archive.org/a"))  # fmt: skip
    assert not_of(archived, _source(url=url, archive_url="https://archive.org/a")) is None
    assert not_of(archived, _source(url=url, archive_url="https://archive.org/b")) is not None
    # A DOI-only source: the DOI is what it is of.
    doi = Snapshot(1, "s", "https://doi.org/10.1/x", "2026-11-01", origin=Origin(doi="10.1/x"))
    assert not_of(doi, _source(doi="10.1/X")) is None
    assert not_of(doi, _source(doi="10.1/y")) is not None
    # An older snapshot without its origin: its address must be one the source gives.
    old = Snapshot(1, "s", url, "2026-11-01")
    assert not_of(old, _source(url=url)) is None
    assert not_of(old, _source(url="https://example.org/b")) is not None


REGISTRY = """version: 1
sources:
  - id: report
    title: River quality report
    kind: report
    url: {url}
claims:
  - id: spills
    text: Spills fell at every site.
    kind: fact
    citations:
      - source: report
        locator: p. 2
        quote: "Spills fell at every site"
"""


def _codes(path: Path) -> dict[str, list[str]]:
    result = runner.invoke(
        app, ["verify", str(path), "--select", "Q", "--format", "json", "--today", "2026-11-24"]
    )
    assert result.exit_code in (0, 1), result.output
    found: dict[str, list[str]] = {}
    for finding in json.loads(result.stdout)["findings"]:
        found.setdefault(finding["code"], []).append(finding["message"])
    return found


def _snapshot(path: Path, site: Site, status: int = 0) -> None:
    api = site.url("/wayback/available", "127.0.0.3")
    result = runner.invoke(
        app,
        ["snapshot", str(path), "--allow-private", "--archive-api", api],
        env={"CLAIMCHECK_OFFLINE": ""},
    )
    assert result.exit_code == status, result.output


def test_a_url_edited_after_the_snapshot_is_not_checked_against_it(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    with serve() as site:
        site.pages["/river.pdf"] = (
            200,
            "application/pdf",
            _pdf("Cover", "Spills fell at every site."),
        )
        site.pages["/other.pdf"] = (
            200,
            "application/pdf",
            _pdf("Cover", "Spills rose at every site."),
        )
        path.write_text(REGISTRY.format(url=site.url("/river.pdf")), encoding="utf-8")
        _snapshot(path, site)
        snapshot = load(tmp_path / "snapshots")["report"]
        assert snapshot.origin == Origin(site.url("/river.pdf"))
        assert _codes(path) == {}  # the clean twin
        # The source's url edited (or its id given to another source): the snapshot is not
        # of it, and saying so is the finding, never the old snapshot's clean verdict.
        path.write_text(REGISTRY.format(url=site.url("/other.pdf")), encoding="utf-8")
        codes = _codes(path)
        assert list(codes) == ["Q020"]
        assert "/river.pdf" in codes["Q020"][0] and "/other.pdf" in codes["Q020"][0]
        # Snapshotted again, it is checked again: the other source says otherwise.
        _snapshot(path, site)
    codes = _codes(path)
    assert list(codes) == ["Q019"], codes


def test_a_locator_is_checked_against_the_page_the_quote_is_on(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    with serve() as site:
        body = _pdf("Cover", "Contents", "Spills fell at every site.")
        site.pages["/river.pdf"] = (200, "application/pdf", body)
        path.write_text(REGISTRY.format(url=site.url("/river.pdf")), encoding="utf-8")
        _snapshot(path, site)
    codes = _codes(path)
    assert list(codes) == ["Q018"] and "p. 3" in codes["Q018"][0]
    path.write_text(path.read_text().replace("locator: p. 2", "locator: p. 3"))
    assert _codes(path) == {}  # the clean twin
    path.write_text(path.read_text().replace("locator: p. 3", "locator: p. 9"))
    codes = _codes(path)
    assert list(codes) == ["Q018"] and "does not have (3 pages)" in codes["Q018"][0]


def test_a_snapshot_of_the_id_before_passes_nothing_on(tmp_path: Path) -> None:
    """An id given to another source: the old snapshot's archived copy (of the old address)
    is not carried into the new source's snapshot, nor suggested for it (Q009)."""
    path = tmp_path / "claims.yaml"
    with serve() as site:
        capture = site.url("/web/20240301000000/" + site.url("/old"), "127.0.0.3")
        site.captures[site.url("/old")] = (capture, "20240301000000")
        site.pages["/web/20240301000000/" + site.url("/old")] = (
            200,
            "text/plain",
            b"Spills fell at every site.",
        )
        path.write_text(REGISTRY.format(url=site.url("/old")), encoding="utf-8")
        _snapshot(path, site)
        old = load(tmp_path / "snapshots")["report"]
        assert old.archive is not None and old.archive.url == capture
        assert "Q009" in _codes(path)  # the clean twin: the capture is of this source
        path.write_text(REGISTRY.format(url=site.url("/new")), encoding="utf-8")  # dead too
        _snapshot(path, site, status=1)  # unreadable, and no capture of its own
    new = load(tmp_path / "snapshots")["report"]
    assert new.archive is None and new.origin == Origin(site.url("/new"))
    assert "Q009" not in _codes(path)


def test_up_and_down_turn_a_quote_only_where_they_say_a_direction() -> None:
    # A final reader's: one lexicon for the page's mentions and quotes (lexicon.py), so
    # "upwards" for "downwards" is caught here as on the page, and "made up of" is no rise.
    assert change("Prices moved upwards in the year", "Prices moved downwards in the year")
    assert change("Sales were up 5% on the year", "Sales were down 5% on the year")
    assert (
        change("The panel is made up of nine members", "The panel is broken down into nine members")
        is None
    )
    assert change("Prices moved upwards in the year", "Prices moved upwards in the year") is None
