"""A source's body read whole, and an answer with no text read as none (a review's
snapshots of hostile and broken sources, on loopback)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.sources.text import UnreadableError, read_document
from tests.sourceserver import serve

runner = CliRunner()
QUOTE = "The council recorded 1,240 complaints in 2024"
TEXT = (f"Annual report.\n\n{QUOTE}, a record for the borough.\n" + "Background. " * 40).encode()


def _registry(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(
        "version: 1\n"
        f"sources:\n  - {{id: s, title: S, kind: government, url: '{url}'}}\n"
        "claims:\n  - id: c\n    text: The council recorded 1,240 complaints in 2024.\n"
        "    kind: figure\n    value: 1240\n    unit: complaints\n    period: 2024\n"
        f"    citations: [{{source: s, quote: '{QUOTE}'}}]\n",
        encoding="utf-8",
    )
    return path


def _snapshot_of(tmp_path: Path, path: str, site_setup: object) -> dict[str, object]:
    with serve() as site:
        site_setup(site)  # type: ignore[operator]
        registry = _registry(tmp_path, site.url(path))
        runner.invoke(
            app, ["snapshot", str(registry), "--allow-private"], env={"CLAIMCHECK_OFFLINE": ""}
        )
    saved = tmp_path / "snapshots" / "s.json"
    return json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else {}


def test_a_body_sent_in_parts_is_read_whole(tmp_path: Path) -> None:
    # One read kept the first piece: the quote was "absent" from a source that has it.
    pieces = [TEXT[i : i + 20] for i in range(0, len(TEXT), 20)]
    snapshot = _snapshot_of(
        tmp_path,
        "/parts",
        lambda site: site.streams.update({"/parts": ("text/plain", pieces, None)}),
    )
    assert [q["verdict"] for q in snapshot["quotes"]] == ["verbatim"]  # type: ignore[attr-defined]


def test_a_body_cut_short_of_its_length_is_unread(tmp_path: Path) -> None:
    # Declared 100,000 bytes, sent 60: not a source whose words were changed (Q019).
    snapshot = _snapshot_of(
        tmp_path,
        "/short",
        lambda site: site.streams.update({"/short": ("text/plain", [TEXT[:60]], 100_000)}),
    )
    assert snapshot == {} or snapshot.get("error")


def test_an_empty_answer_is_no_text() -> None:
    for body in (b"", b"   \n\t ", b"<html><body>  </body></html>"):
        try:
            read_document(body)
        except UnreadableError as exc:
            assert "no text" in str(exc)
        else:
            raise AssertionError(f"read {body!r}")
    assert read_document(TEXT).pages  # the twin: text is read


def test_utf16_is_read_by_its_mark_or_the_servers_word() -> None:
    text = QUOTE + " and more."
    assert read_document(text.encode("utf-16")).pages == (text,)  # its byte order mark
    assert read_document(text.encode("utf-16-le"), "utf-16-le").pages == (text,)
    html = f"<html><body><p>{QUOTE}</p></body></html>".encode("utf-16")
    assert QUOTE in read_document(html).pages[0]


def test_a_snapshots_page_count_and_pages_are_not_trusted() -> None:
    # A snapshot is a file a pull request may edit: a billion pages listed each page's name
    # (7 GB, a hang), and a page past its labels crashed the Q check (X001).
    from claimcheck.sources.snapshot import Snapshot, check_pages

    huge = Snapshot(1, "s", "https://example.org/r.pdf", "2026-11-01", kind="pdf", pages=10**12)
    assert check_pages("p. 2", huge, 2) is None  # page 2 exists, and the quote is there
    assert check_pages("p. 2", huge, 7) is not None  # elsewhere: Q018, at once
    labelled = Snapshot(
        1, "s", "https://example.org/r.pdf", "2026-11-01", kind="pdf", pages=2, labels=("i", "ii")
    )
    for found in (7, -1, 0):
        check = check_pages("p. 2", labelled, found)
        assert check is not None and check.printed is None
    assert check_pages("p. 2", labelled, 2) is None  # the twin: where the locator says


def test_two_snapshots_of_one_source_are_refused(tmp_path: Path) -> None:
    # A second file naming the same source replaced the first by the order of file names.
    from claimcheck.errors import ConfigError
    from claimcheck.sources.snapshot import FORMAT, load

    record = {
        "format": FORMAT,
        "source": "s",
        "url": "https://example.org/r",
        "fetched": "2026-11-01",
    }
    (tmp_path / "s.json").write_text(json.dumps(record), encoding="utf-8")
    assert set(load(tmp_path)) == {"s"}  # the twin: one file
    (tmp_path / "zzz.json").write_text(json.dumps(record), encoding="utf-8")
    try:
        load(tmp_path)
    except ConfigError as exc:
        assert exc.file == str(tmp_path / "zzz.json") and "the first is s.json" in exc.message
    else:
        raise AssertionError("two snapshots of one source were read")


def test_an_encrypted_pdf_is_locked_not_damaged() -> None:
    # A password-protected PDF was "damaged PDF: File has not been decrypted"; one encrypted
    # with an owner's password only opens with the empty password, and is read.
    from fpdf import FPDF

    def pdf(user_password: str | None) -> bytes:
        doc = FPDF()
        doc.add_page()
        doc.set_font("helvetica", size=12)
        doc.cell(text=f"{QUOTE}.")
        doc.set_encryption(owner_password="owner", user_password=user_password)
        return bytes(doc.output())

    try:
        read_document(pdf("secret"))
    except UnreadableError as exc:
        assert str(exc) == "an encrypted PDF (it needs a password)"
    else:
        raise AssertionError("a locked PDF was read")
    assert QUOTE in read_document(pdf(None)).pages[0]


def test_a_verdict_says_what_it_could_not_check() -> None:
    # A review's "supported (figure found)" beside Q001: the quote, edited since the snapshot,
    # was not checked, and the verdict's reason now says so; its twin names only the figure.
    import msgspec

    from claimcheck.findings import Support
    from claimcheck.model import Citation, Claim
    from claimcheck.sources.snapshot import FigureRecord, QuoteRecord, Selector, Snapshot
    from claimcheck.sources.support import citation_support

    claim = msgspec.convert(
        {
            "id": "c",
            "text": "The council recorded 1,240 complaints in 2024.",
            "kind": "figure",
            "value": 1240,
            "unit": "complaints",
        },
        Claim,
    )
    passage = Selector(exact="1,240 complaints", prefix="The council recorded ", suffix=" in 2024.")
    snapshot = Snapshot(
        1,
        "s",
        "https://example.org/r",
        "2026-11-01",
        kind="text",
        quotes=(QuoteRecord("c", "an older quote", "verbatim", selector=passage),),
        figures=(FigureRecord("c", True, selector=passage),),
    )
    edited = citation_support(claim, Citation("s", quote=QUOTE), snapshot, None)
    assert edited.verdict is Support.SUPPORTED
    assert "the quote changed since the snapshot" in edited.reason
    plain = citation_support(claim, Citation("s"), snapshot, None)
    assert plain.reason == "figure found"
