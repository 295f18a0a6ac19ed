"""Figures in a caption, a figure or a `<time>` are the page's (reviews 19 and 21, defect 7):
trafilatura deletes a `<figure>` (unless it holds a table) and a `<time>` whatever they hold,
and drops a caption with a table it reads as layout, so the HTML reader's main text, which
keeps the blocks trafilatura keeps, blanked them: a figcaption's "Reserves fell to £14.1m"
was never a P001, and a paragraph with a `<time>` in it was not found in trafilatura's text
and went whole. What trafilatura never holds is not looked for in its text (it stays or
goes with its block; a block of nothing else stays), and a caption (`<figcaption>`,
`<caption>`) is always kept.

Planted (an unregistered figure there: P001 at its line and column) and clean twins (the
same figure registered) on two subjects: a city budget, glaciers.
"""

from __future__ import annotations

import re
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
    paragraphs: tuple[str, ...]
    #: A sentence with a figure, registered by the claim `extra` adds.
    sentence: str
    extra: str


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
  - id: care
    text: Adult social care takes 38.5% of the budget.
    kind: figure
    value: 38.5
    unit: percent
    mentions: ["Adult social care takes 38.5% of the budget"]
""",
    (
        "The council will spend £1.24 billion in 2025/26, its leader told the chamber.",
        "Adult social care takes 38.5% of the budget, the largest share of any service.",
        "Libraries, parks and leisure centres stay open, and no service closes this year.",
        "The chamber will vote on the plan next week after a public consultation closes.",
    ),
    "Reserves fell to £14.1m",
    """  - id: reserves
    text: Reserves fell to £14.1m.
    kind: figure
    value: 14.1
    unit: GBP million
    mentions: ["Reserves fell to £14.1m"]
""",
)

GLACIERS = Subject(
    "glaciers",
    """version: 1
page: {title: Glaciers, path: page.html}
claims:
  - id: lost
    text: Swiss glaciers lost 4.2 million tonnes of ice.
    kind: figure
    value: 4.2
    unit: million tonnes
    mentions: ["Swiss glaciers lost 4.2 million tonnes of ice"]
  - id: rhone
    text: The Rhone glacier has retreated 1.4 kilometres.
    kind: figure
    value: 1.4
    unit: kilometres
    mentions: ["Rhone glacier has retreated 1.4 kilometres"]
""",
    (
        "Swiss glaciers lost 4.2 million tonnes of ice over the summer, the survey found.",
        "The Rhone glacier has retreated 1.4 kilometres, leaving a lake where ice stood.",
        "Scientists expect the loss to continue as summers grow warmer across the Alps.",
        "The survey team walks the glaciers each autumn to measure what the summer took.",
    ),
    "The survey measured 176 glaciers",
    """  - id: surveyed
    text: The survey measured 176 glaciers.
    kind: figure
    value: 176
    unit: glaciers
    mentions: ["survey measured 176 glaciers"]
""",
)

SUBJECTS = (BUDGET, GLACIERS)
SHAPES = (
    '<figure><img src="chart.png" alt=""><figcaption>{}.</figcaption></figure>',
    "<figure><figcaption>{}.</figcaption></figure>",
    "<figure><blockquote>{}, the report said.</blockquote></figure>",
    "<figure><table><tr><td>North</td><td>open</td></tr></table>"
    "<figcaption>{}.</figcaption></figure>",
    '<table role="presentation"><caption>{}</caption><tr><td>North</td><td>open</td></tr></table>',
    "<p>{}, the survey team said <time datetime='2025-03-03'>on Monday</time>.</p>",
)


#: Paragraphs with no figure, so that the block under test is a small part of the main text
#: (trafilatura's text is lined up with the page's when most of it is found).
FILLER = (
    "Residents were asked what they thought of the plans, and many wrote in to say so.",
    "The full report sets out each service in turn, with what it costs and what it does.",
    "Officers will answer questions about the figures at the next meeting of the board.",
    "A summary of the report is available from the main library and from the town hall.",
    "The report will be updated when the final accounts are published later in the year.",
)


def _page(subject: Subject, block: str) -> str:
    body = "\n".join(f"<p>{text}</p>" for text in (*subject.paragraphs, *FILLER))
    return (
        "<!doctype html>\n<html><head><title>T</title></head>\n<body>\n<main><article>\n"
        f"<h1>Report</h1>\n{body}\n{block}\n<p>The next report is due in the spring.</p>\n"
        "</article></main>\n</body></html>\n"
    )


def _findings(registry: str, source: str) -> list[tuple[str, int, int]]:
    page = page_from_text("page.html", source, "html")
    report = run_checks(
        parse_registry(registry, "claims.yaml"),
        today=TODAY,
        page=page,
        select=["P001", "P002", "P003"],
    )
    return sorted(
        (f.code, f.location.line, f.location.column)
        for f in report.findings
        if f.location is not None
    )


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
@pytest.mark.parametrize("shape", SHAPES)
def test_a_figure_in_a_caption_figure_or_time_is_the_pages(subject: Subject, shape: str) -> None:
    source = _page(subject, shape.format(subject.sentence))
    figure = re.search(r"£?\d[\d,.]*m?", subject.sentence)
    assert figure is not None
    at = source.index(subject.sentence) + figure.start()
    line = source.count("\n", 0, at) + 1
    column = at - source.rfind("\n", 0, at)
    # planted: the figure is registered by no claim
    found = _findings(subject.registry, source)
    assert [(code, where) for code, where, _ in found] == [("P001", line)]
    assert column <= found[0][2] <= column + len(figure.group())
    # clean twin: registered
    assert _findings(subject.registry + subject.extra, source) == []
