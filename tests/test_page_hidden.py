"""What an HTML page hides is not the page's text (reviews 19 and 21, defect 3): a hidden copy
of a registered sentence (`<p hidden>`, `style="display:none"`, `visibility: hidden`) satisfied
its mention while the visible sentence said another figure, so a changed figure was only a
P001 warning (exit 0) where it is a P003 error. An element hidden by an attribute is left out
as `<nav>` and `<aside>` are, and it ends where a browser ends it: at its end tag, at an end
tag of an element it stands in, or where HTML ends it without one (a `<p>` at the next
block, an `<li>` at the next item), so no visible text after it is lost.

`aria-hidden="true"` hides from assistive technology only: the text is shown, so it is read,
and a figure in it is the page's (P001): trafilatura drops it from the main text, where its
figures went unread. Each rule is planted on two subjects (a city budget, a football club)
with a clean twin that must stay clean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest

from claimcheck.engine import run_checks
from claimcheck.loader import parse_registry
from claimcheck.page import FILLER, html_prose, page_from_text


@dataclass(frozen=True)
class Subject:
    name: str
    registry: str
    #: The page's paragraphs; `SENTENCE` is the registered one, `OTHER` its figure changed.
    paragraphs: tuple[str, ...]
    sentence: str
    changed: str
    #: A sentence whose figure no claim registers.
    unregistered: str


BUDGET = Subject(
    "budget",
    """version: 1
page: {title: Riverton budget, path: page.html, as_of: 2025-03-01}
claims:
  - id: spend
    text: The council will spend £1.24 billion in 2025/26.
    kind: figure
    value: 1.24
    unit: GBP billion
    period: 2025/26
    mentions: ["will spend £1.24 billion in 2025/26"]
  - id: band_d
    text: Band D council tax rises to £2,118 in April 2025.
    kind: figure
    value: 2118
    unit: GBP
    date: 2025-04
    mentions: ["Band D home rises to £2,118 in April 2025"]
  - id: care
    text: Adult social care takes 38.5% of the budget.
    kind: figure
    value: 38.5
    unit: percent
    mentions: ["Adult social care takes 38.5% of the budget"]
  - id: gap
    text: The budget gap is £27 million over three years.
    kind: figure
    value: 27
    unit: GBP million
    mentions: ["budget gap is £27 million over three years"]
""",
    (
        "The council will spend £1.24 billion in 2025/26, its leader told the chamber.",
        "Council tax for a Band D home rises to £2,118 in April 2025, the report says.",
        "Adult social care takes 38.5% of the budget, the largest share of any service.",
        "Libraries, parks and leisure centres stay open, and no service closes this year.",
    ),
    "The budget gap is £27 million over three years.",
    "The budget gap is £72 million over three years.",
    "The council has cut 4,900 posts since 2020.",
)

FOOTBALL = Subject(
    "football",
    """version: 1
page: {title: Harbour United, path: page.html, as_of: 2025-06-01}
claims:
  - id: goals
    text: United scored 84 league goals in 2024/25.
    kind: figure
    value: 84
    unit: goals
    period: 2024/25
    mentions: ["United scored 84 league goals in 2024/25"]
  - id: crowd
    text: The average home crowd was 41,200.
    kind: figure
    value: 41200
    unit: spectators
    mentions: ["average home crowd was 41,200"]
  - id: wins
    text: United won 24 of their 38 league matches.
    kind: figure
    value: 24
    unit: matches
    mentions: ["United won 24 of their 38 league matches"]
  - id: points
    text: United finished with 79 points.
    kind: figure
    value: 79
    unit: points
    mentions: ["United finished the season with 79 points"]
""",
    (
        "United scored 84 league goals in 2024/25, the most in the division by some way.",
        "The average home crowd was 41,200, a record for the club since the ground opened.",
        "United won 24 of their 38 league matches, losing only once at home all season.",
        "The manager said the squad would stay together for the coming season in the league.",
    ),
    "United finished the season with 79 points.",
    "United finished the season with 97 points.",
    "The club sold 18,500 season tickets for the new season.",
)

SUBJECTS = (BUDGET, FOOTBALL)
TODAY = date(2025, 6, 10)


def _page(subject: Subject, *blocks: str) -> str:
    """A page of the subject's paragraphs (enough for trafilatura to tell its main text
    apart), then `blocks`, on lines of their own."""
    body = "\n".join(f"<p>{text}</p>" for text in subject.paragraphs)
    return (
        "<!doctype html>\n<html><head><title>T</title></head>\n<body>\n<nav><a href='/'>Home</a>"
        "</nav>\n<main><article>\n<h1>Report</h1>\n"
        + body
        + "\n"
        + "\n".join(blocks)
        + "\n</article></main>\n<footer><p>Contact us</p></footer>\n</body></html>\n"
    )


def _findings(subject: Subject, source: str) -> list[tuple[str, str | None, int, int, str]]:
    """The P findings: code, claim, line, column and file (the page's, or the registry's
    for a missing mention)."""
    page = page_from_text("page.html", source, "html")
    report = run_checks(
        parse_registry(subject.registry, "claims.yaml"), today=TODAY, page=page, select=["P"]
    )
    return sorted(
        (f.code, f.claim, f.location.line, f.location.column, f.location.file)
        for f in report.findings
        if f.location is not None
    )


def _where(source: str, text: str) -> tuple[int, int]:
    """Line and column (1-based) of the first place `text` stands in `source`, outside a
    tag that hides."""
    at = source.index(text)
    return source.count("\n", 0, at) + 1, at - source.rfind("\n", 0, at)


HIDERS = (
    "<p hidden>{}</p>",
    "<p hidden=hidden>{}",  # no end tag: the next block ends it
    '<p style="display:none">{}</p>',
    "<p style='color: red; DISPLAY : none !important'>{}</p>",
    '<div style="visibility: hidden"><p>{}</p></div>',
    "<div hidden><section><p>{}</p></section></div>",
)


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
@pytest.mark.parametrize("hider", HIDERS)
def test_a_hidden_copy_does_not_hide_a_changed_visible_figure(subject: Subject, hider: str) -> None:
    # planted: the visible sentence is changed, a hidden copy keeps the registered words
    planted = _page(subject, f"<p>{subject.changed}</p>", hider.format(subject.sentence))
    found = _findings(subject, planted)
    changed = re.search(r"\d[\d,.]*", subject.changed)
    assert changed is not None
    line, column = _where(planted, subject.changed)
    assert [(f[0], f[4]) for f in found] == [("P003", "page.html")]
    assert found[0][2] == line and found[0][3] >= column
    assert found[0][3] <= column + changed.end()
    # clean twin: the visible sentence is the registered one, a hidden copy says another
    clean = _page(subject, f"<p>{subject.sentence}</p>", hider.format(subject.changed))
    assert _findings(subject, clean) == []


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
def test_only_a_hidden_copy_is_a_missing_mention(subject: Subject) -> None:
    planted = _page(subject, f"<p hidden>{subject.sentence}</p>")
    assert [code for code, *_ in _findings(subject, planted)] == ["P002"]
    clean = _page(subject, f"<p hidden=until-found>{subject.sentence}</p>")
    assert _findings(subject, clean) == []


ENDED = (
    "<p hidden>{hidden}<p>{shown}</p>",
    "<div><p hidden>{hidden}</div><p>{shown}</p>",
    "<ul><li hidden>{hidden}<li>{shown}</ul>",
    "<table><tr><td hidden>{hidden}<td>{shown}</table>",
    "<section><div hidden>{hidden}</section><p>{shown}</p>",
    "<div hidden/><p>{hidden}</p></div><p>{shown}</p>",
    '<div style="visibility:hidden"><p>{hidden}</p><p style="visibility:visible">{shown}</p></div>',
)


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
@pytest.mark.parametrize("shape", ENDED)
def test_a_hidden_element_ends_where_a_browser_ends_it(subject: Subject, shape: str) -> None:
    # planted: the visible sentence after a hidden one says another figure: caught
    planted = _page(subject, shape.format(hidden=subject.changed, shown=subject.changed))
    assert [code for code, *_ in _findings(subject, planted)] == ["P003"]
    # clean twin: the visible one is the registered sentence
    clean = _page(subject, shape.format(hidden=subject.changed, shown=subject.sentence))
    assert _findings(subject, clean) == []


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
def test_aria_hidden_text_is_shown_so_its_figures_are_the_pages(subject: Subject) -> None:
    # planted: a visible sentence hidden from screen readers only, its figure unregistered
    hidden = f'<p aria-hidden="true">{subject.unregistered}</p>'
    planted = _page(subject, f"<p>{subject.sentence}</p>", hidden)
    found = _findings(subject, planted)
    assert [code for code, *_ in found] == ["P001"]
    figure = re.search(r"\d[\d,]*", subject.unregistered)
    assert figure is not None
    assert found[0][2:] == (*_where(planted, figure.group()), "page.html")
    # clean twin: the same figure, registered
    clean = _page(subject, f'<p aria-hidden="true">{subject.sentence}</p>')
    assert _findings(subject, clean) == []


@pytest.mark.parametrize(
    ("source", "read"),
    [
        ("<p>Crowds of 31<span hidden>9</span>,240 came.</p>", "Crowds of 31,240 came."),
        ('<p>A gap of £<b style="display:none">9</b>72m.</p>', "A gap of £72m."),
        ("<p>Rated <span aria-hidden=true>4.5</span> of 5.</p>", "Rated 4.5 of 5."),
    ],
)
def test_a_hidden_inline_element_parts_no_number(source: str, read: str) -> None:
    prose = html_prose(source)
    assert len(prose) == len(source)
    assert " ".join(prose.replace(FILLER, "").split()) == read


@pytest.mark.parametrize("wrapper", ["<noscript>{}</noscript>", "<template><p>{}</p></template>"])
@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
def test_noscript_and_template_are_not_the_page(subject: Subject, wrapper: str) -> None:
    """Not shown to a reader whose browser runs scripts (`<noscript>`), or to anyone until a
    script copies it (`<template>`): a mention found only there is missing."""
    planted = _page(subject, wrapper.format(subject.sentence))
    assert [code for code, *_ in _findings(subject, planted)] == ["P002"]
    clean = _page(subject, f"<p>{subject.sentence}</p>", wrapper.format(subject.changed))
    assert _findings(subject, clean) == []


def _markdown(subject: Subject, *lines: str) -> str:
    return "# Report\n\n" + "\n\n".join((*subject.paragraphs, *lines)) + "\n"


def _markdown_findings(subject: Subject, source: str) -> list[tuple[str, int, int, str]]:
    page = page_from_text("page.md", source, "markdown")
    report = run_checks(
        parse_registry(subject.registry, "claims.yaml"), today=TODAY, page=page, select=["P"]
    )
    return sorted(
        (f.code, f.location.line, f.location.column, f.location.file)
        for f in report.findings
        if f.location is not None
    )


MARKDOWN_HIDERS = (
    "{shown} <span hidden>{hidden}</span>",
    '{shown}<span style="display: none">\n{hidden}</span>',
    "{shown} <em style='visibility:hidden'>{hidden}",  # to the paragraph's end
    "> {shown} <span hidden>{hidden}\n> </span>",
)


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
@pytest.mark.parametrize("hider", MARKDOWN_HIDERS)
def test_a_hidden_copy_in_a_markdown_paragraph_is_not_the_page(
    subject: Subject, hider: str
) -> None:
    """The same rule for the HTML a Markdown paragraph holds (an HTML block is read by the
    HTML reader already)."""
    planted = _markdown(subject, hider.format(shown=subject.changed, hidden=subject.sentence))
    found = _markdown_findings(subject, planted)
    assert [(code, line) for code, line, *_ in found] == [
        ("P003", _where(planted, subject.changed)[0])
    ]
    clean = _markdown(subject, hider.format(shown=subject.sentence, hidden=subject.changed))
    assert _markdown_findings(subject, clean) == []
