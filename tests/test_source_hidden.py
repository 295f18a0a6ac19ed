"""What a source's HTML hides is not what the source says (review 17/19 follow-ups, item 4).

Before: the source reader gave trafilatura the page as served, and trafilatura keeps
`<p hidden>` and reads no style, so a source that shows "1,520" and hides "1,250" supported
a claim of 1,250 (quote verbatim, figure found: no finding); the reader of very large pages
read hidden elements too. (trafilatura drops some hidden elements itself, `display: none`
as most pages write it; not `hidden`, `DISPLAY:NONE` or `visibility: collapse`.) The reader
now leaves out what the page reader leaves out (`page._html_reading`'s hidden elements:
`hidden`, `display: none`, to where a browser ends each; and `visibility: hidden`, unless a
descendant shows itself again) before either reads the page. Planted on three subjects (a
hospital's waiting list, a glacier's retreat, a football ground's attendance), each hidden
another way, from outside (`snapshot`, then `verify --offline`) and by the reader; clean
twins: the visible figure is supported on the same page, a page without the hidden copy is
read as before, and text hidden until found, or shown again by its style, is read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.sources.text import read_document
from tests.rawserver import serve, whole

runner = CliRunner()

#: subject -> (title, the sentence with {figure}, the figure shown, the figure hidden, the
#: element that hides it, with {sentence}).
SUBJECTS = {
    "hospital": (
        "Waiting lists at Riverside Trust, March 2024",
        "At the end of March 2024, {figure} patients had waited more than 52 weeks for "
        "treatment at the trust",
        "1,520",
        "1,250",
        "<p hidden>{sentence}.</p>",
    ),
    "glacier": (
        "Retreat of the Aletsch Glacier since 1980",
        "Since 1980 the glacier's front has retreated {figure} metres up its valley, the "
        "survey's crews measured",
        "1,520",
        "1,250",
        '<section style="DISPLAY:NONE"><p>{sentence}.</p></section>',
    ),
    "football": (
        "Attendance at Riverside Park, season 2024",
        "The club's average home attendance in the 2024 season was {figure} supporters per "
        "match, a record for the ground",
        "18,400",
        "14,800",
        '<div style="Visibility: Collapse"><p>{sentence}.</p></div>',
    ),
}

FILLER = [
    "The report was published today and covers every part of the service in detail.",
    "Its authors say the figures were checked against the records kept over the year.",
    "A fuller account of the methods is given in the annex, with the tables behind it.",
    "The board will discuss the findings at its next public meeting, later this month.",
]


def source_page(subject: str, *, hidden: bool = True, hider: str | None = None) -> str:
    title, sentence, shown, concealed, element = SUBJECTS[subject]
    paragraphs = [f"<p>{FILLER[0]}</p>", f"<p>{sentence.format(figure=shown)}.</p>"]
    if hidden:
        paragraphs.append((hider or element).format(sentence=sentence.format(figure=concealed)))
    paragraphs += [f"<p>{line}</p>" for line in FILLER[1:]]
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1>{''.join(paragraphs)}</article></body></html>"
    )


def text_of(html: str) -> str:
    return "\n".join(read_document(html.encode()).pages)


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_the_reader_leaves_out_what_the_source_hides(subject: str) -> None:
    _, sentence, shown, concealed, _ = SUBJECTS[subject]
    text = text_of(source_page(subject))
    assert sentence.format(figure=shown) in text  # the clean twin: the visible sentence
    assert concealed not in text, text  # planted: the hidden copy's figure


@pytest.mark.parametrize(
    "hider",
    [
        "<p hidden>{sentence}.</p>",
        '<p hidden="">{sentence}.</p>',
        '<div style="display: none"><p>{sentence}.</p></div>',
        '<p style="color: grey; visibility: hidden">{sentence}.</p>',
        '<div style="visibility:collapse"><p>{sentence}.</p></div>',
        "<div hidden/><p>{sentence}.</p>",  # HTML ignores the slash: hides what follows
        "<style>p {{ margin: 0 }}</style><P HIDDEN>{sentence}.</P>",  # beside a stylesheet
        "<div hidden><p>{sentence}.</p><p>More of what it hides.</p></div>",
    ],
)
def test_every_way_of_hiding_is_left_out(hider: str) -> None:
    _, sentence, shown, concealed, _ = SUBJECTS["hospital"]
    text = text_of(source_page("hospital", hider=hider))
    assert concealed not in text and sentence.format(figure=shown) in text


@pytest.mark.parametrize(
    "shower",
    [
        '<p hidden="until-found">{sentence}.</p>',  # found by the browser's search: shown
        '<p hidden style="display: block">{sentence}.</p>',  # its style shows it
    ],
)
def test_what_is_shown_is_read(shower: str) -> None:
    sentence = "The survey's crews counted 1,250 stakes on the ice over the summer"
    assert sentence in text_of(source_page("glacier", hider=shower.format(sentence=sentence)))


def test_what_its_style_shows_again_stays_on_the_tree() -> None:
    # A descendant's `visibility: visible` shows it again (as on the page): its text is kept
    # for the reader, its invisible parent's own text is not. (trafilatura may still leave
    # such a block out of the main text: a figure "absent", never one read from hiding.)
    import lxml.html  # type: ignore[import-untyped]

    from claimcheck.sources.text import _unseen

    tree = lxml.html.fromstring(
        '<div><div style="visibility: hidden">Hidden 1,250 <p style="visibility: visible">'
        "Shown 1,520</p> hidden 14,800 <span>also hidden 90</span></div> after 7</div>"
    )
    _unseen(tree)
    assert " ".join(tree.text_content().split()) == "Shown 1,520 after 7"


def test_a_page_too_large_for_trafilatura_leaves_out_what_it_hides_too() -> None:
    # Over 50,000 elements: read by the linear reader, which read hidden elements before.
    for subject in ("hospital", "football"):
        _, sentence, shown, concealed, element = SUBJECTS[subject]
        hidden = element.format(sentence=sentence.format(figure=concealed))
        rows = "".join(f"<li><span>Row {i}</span></li>" for i in range(26_000))
        html = (
            f"<html><body><p>{sentence.format(figure=shown)}.</p>{hidden}<ul>{rows}</ul>"
            "</body></html>"
        )
        text = text_of(html)
        assert sentence.format(figure=shown) in text
        assert concealed not in text
        assert "Row 25999" in text  # read whole, by the linear reader


def test_a_hidden_inline_element_parts_no_figure() -> None:
    # As on the page: "31<span hidden>9</span>,240" reads 31,240.
    html = (
        "<html><body><article><p>"
        + " ".join(FILLER)
        + " The council answered 31<span hidden>9</span>,240 calls in 2024.</p></article>"
        "</body></html>"
    )
    assert "31,240 calls" in text_of(html)


# --- from outside: snapshot, then verify -----------------------------------------------------


def registry(folder: Path, subject: str, url: str, figure: str) -> Path:
    _, sentence, _, _, _ = SUBJECTS[subject]
    quote = sentence.format(figure=figure)
    value = figure.replace(",", "")
    path = folder / "claims.yaml"
    path.write_text(
        "version: 1\n"
        f"sources:\n  - {{id: report, title: The report, kind: government, url: '{url}'}}\n"
        "claims:\n"
        f'  - id: figure\n    text: "{quote}."\n    kind: figure\n    value: {value}\n'
        "    unit: people\n    period: 2024\n"
        f'    citations: [{{source: report, quote: "{quote}"}}]\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    routes = {}
    for subject in SUBJECTS:
        hidden = source_page(subject).encode()
        plain = source_page(subject, hidden=False).encode()
        for name, body in ((f"/{subject}", hidden), (f"/{subject}-plain", plain)):
            routes[name] = whole(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
            )
    with serve(routes, "127.0.0.45") as (base, _):
        yield base


def snapshot_and_verify(folder: Path, path: Path) -> tuple[dict[str, object], int, str]:
    from claimcheck.cli import app

    taken = runner.invoke(
        app, ["snapshot", str(path), "--allow-private"], env={"CLAIMCHECK_OFFLINE": ""}
    )
    assert taken.exit_code == 0, taken.output
    saved = json.loads((folder / "snapshots" / "report.json").read_text(encoding="utf-8"))
    checked = runner.invoke(app, ["verify", str(path), "--offline", "--select", "Q"])
    return saved, checked.exit_code, checked.output


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_hidden_figure_supports_no_claim(site: str, tmp_path: Path, subject: str) -> None:
    _, _, shown, concealed, _ = SUBJECTS[subject]
    planted = registry(tmp_path, subject, f"{site}/{subject}", concealed)
    saved, code, output = snapshot_and_verify(tmp_path, planted)
    assert [q["verdict"] for q in saved["quotes"]] != ["verbatim"], saved  # type: ignore[attr-defined]
    assert [f["found"] for f in saved["figures"]] == [False], saved  # type: ignore[attr-defined]
    assert code == 1, output
    assert "Q019" in output and f"where the source has '{shown}" in output, output


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
@pytest.mark.parametrize("page", ["", "-plain"])
def test_the_visible_figure_is_supported(
    site: str, tmp_path: Path, subject: str, page: str
) -> None:
    # The clean twins: the figure shown, on the page with the hidden copy and without it.
    _, _, shown, _, _ = SUBJECTS[subject]
    clean = registry(tmp_path, subject, f"{site}/{subject}{page}", shown)
    saved, code, output = snapshot_and_verify(tmp_path, clean)
    assert [q["verdict"] for q in saved["quotes"]] == ["verbatim"], saved  # type: ignore[attr-defined]
    assert [f["found"] for f in saved["figures"]] == [True], saved  # type: ignore[attr-defined]
    assert code == 0, output
    assert "citations: 1 supported" in output, output
