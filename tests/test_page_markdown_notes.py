"""A Markdown footnote's text is the page's prose (reviews 19 and 21, defect 6): the reader
blanked every line that looked like a link reference definition, so `[^1]: A further 7,400
patients were on a separate list.` gave no P001, and a registered sentence moved into a
footnote was a false P002 "not on the page". A footnote renders as a note under the page:
its label (`[^1]:`) is blanked, as a list's number is, its text is read, and so are the
indented paragraphs that continue it (which CommonMark, with no footnotes, reads as code).
The marker in the text (`8%[^1]`) is still taken off its figure.

A line is blanked as a link reference definition only when CommonMark reads it as one
(markdown-it's references): "[Update]: The council now says 4,500 homes." is a paragraph,
and its figure is the page's.

Planted and clean twins on two subjects: hospital waiting lists, glaciers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from claimcheck.engine import run_checks
from claimcheck.loader import parse_registry
from claimcheck.page import page_from_text

TODAY = date(2025, 6, 10)


@dataclass(frozen=True)
class Subject:
    name: str
    registry: str
    #: The page's text before its notes, with a marker `[^1]`.
    text: str
    #: A note whose figure no claim registers, the figure, and the registered sentence.
    note: str
    figure: str
    sentence: str
    #: The registered sentence with its figure changed.
    changed: str


WAITS = Subject(
    "waits",
    """version: 1
page: {title: Waits, path: page.md, as_of: 2025-06-01}
claims:
  - id: total
    text: The trust had 412,300 patients waiting in March 2025.
    kind: figure
    value: 412300
    unit: patients
    date: 2025-03
    mentions: ["had 412,300 patients waiting"]
  - id: median
    text: The median wait was 14.2 weeks.
    kind: figure
    value: 14.2
    unit: weeks
    mentions: ["median wait was 14.2 weeks"]
""",
    "# Waiting lists\n\nThe trust had 412,300 patients waiting in March 2025.[^1]\n",
    "A further 7,400 patients were on a separate list.",
    "7,400",
    "The median wait was 14.2 weeks.",
    "The median wait was 41.2 weeks.",
)

GLACIERS = Subject(
    "glaciers",
    """version: 1
page: {title: Glaciers, path: page.md}
claims:
  - id: lost
    text: Swiss glaciers lost 4.2 million tonnes of ice.
    kind: figure
    value: 4.2
    unit: million tonnes
    mentions: ["lost 4.2 million tonnes of ice"]
  - id: rhone
    text: The Rhone glacier has retreated 1.4 kilometres.
    kind: figure
    value: 1.4
    unit: kilometres
    mentions: ["Rhone glacier has retreated 1.4 kilometres"]
""",
    "# Glaciers\n\nSwiss glaciers lost 4.2 million tonnes of ice last year.[^1]\n",
    "The survey measured 176 glaciers.",
    "176",
    "The Rhone glacier has retreated 1.4 kilometres.",
    "The Rhone glacier has retreated 4.1 kilometres.",
)

SUBJECTS = (WAITS, GLACIERS)


def _findings(subject: Subject, source: str) -> list[tuple[str, int, int, str]]:
    page = page_from_text("page.md", source, "markdown")
    report = run_checks(
        parse_registry(subject.registry, "claims.yaml"), today=TODAY, page=page, select=["P"]
    )
    return sorted(
        (f.code, f.location.line, f.location.column, f.location.file)
        for f in report.findings
        if f.location is not None
    )


def _at(source: str, text: str) -> tuple[int, int]:
    at = source.index(text)
    return source.count("\n", 0, at) + 1, at - source.rfind("\n", 0, at)


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
@pytest.mark.parametrize(
    "written", ["[^1]: {note}\n", "[^1]:\n    {note}\n", "[^1]: See below.\n\n    {note}\n"]
)
def test_a_figure_in_a_footnote_is_the_pages(subject: Subject, written: str) -> None:
    # planted: the note's figure is registered by no claim: P001 where it stands
    source = subject.text + f"\n{subject.sentence}\n\n" + written.format(note=subject.note)
    assert _findings(subject, source) == [("P001", *_at(source, subject.figure), "page.md")]
    # clean twin: the note states nothing
    clean = subject.text + f"\n{subject.sentence}\n\n" + written.format(note="As published.")
    assert _findings(subject, clean) == []


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
def test_a_registered_sentence_in_a_footnote_is_on_the_page(subject: Subject) -> None:
    # clean: the registered sentence moved into the note is found, no P002
    clean = subject.text + f"\n[^1]: {subject.sentence}\n"
    assert _findings(subject, clean) == []
    # planted: the note changes its figure: a P003 at the note's line
    planted = subject.text + f"\n[^1]: {subject.changed}\n"
    found = _findings(subject, planted)
    assert [(code, line, file) for code, line, _, file in found] == [
        ("P003", planted.count("\n"), "page.md")
    ]


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
def test_a_line_commonmark_reads_as_text_is_not_a_definition(subject: Subject) -> None:
    # planted: "[Update]: ..." is no link reference definition: its figure is the page's
    source = subject.text + f"\n{subject.sentence}\n\n[Update]: {subject.note}\n\n[^1]: Noted.\n"
    assert _findings(subject, source) == [("P001", *_at(source, subject.figure), "page.md")]
    # clean twin: a definition's title is no text of the page, nor a note's label
    clean = (
        subject.text
        + f"\n{subject.sentence} See the [report].\n\n"
        + '[report]: https://example.org/r "Annual report 2024, 7,400 pages"\n\n[^1]: Noted.\n'
    )
    assert _findings(subject, clean) == []


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
def test_footnotes_under_a_sources_heading_are_its_entries_as_rendered(subject: Subject) -> None:
    """A footnote renders as an entry of a list under the page (GFM's `<li>`): under a
    "Sources" heading it is a reference list's entry, as that list's `<li>` is on the HTML
    page it renders to, and its title's year and page are no figures of the page."""
    note = "[^1]: Annual survey 2023, page 14, table 7."
    rendered = f'<ol><li id="fn1"><p>{note[6:]} <a href="#fnref1">\u21a9</a></p></li></ol>'
    body = subject.text + f"\n{subject.sentence}\n\n"
    # clean: under the heading, in Markdown and in the HTML it renders to
    clean = body + "## Sources\n\n" + note + "\n"
    assert _findings(subject, clean) == []
    html = page_from_text(
        "page.html",
        "<html><body><main>"
        + subject.text.replace("# ", "<h1>", 1)
        .replace("\n\n", "</h1><p>", 1)
        .replace("[^1]", '<sup><a href="#fn1">1</a></sup>')
        + f"</p><p>{subject.sentence}</p><h2>Sources</h2>{rendered}</main></body></html>",
        "html",
    )
    report = run_checks(
        parse_registry(subject.registry, "claims.yaml"), today=TODAY, page=html, select=["P001"]
    )
    assert not report.findings
    # planted: with no such heading, the note's figures are the page's
    planted = body + note + "\n"
    assert [code for code, *_ in _findings(subject, planted)] == ["P001"]
