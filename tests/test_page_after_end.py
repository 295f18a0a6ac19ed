"""What an HTML page writes after `</body>` or `</html>` is shown, so its figures are the
page's (review 21, E6): `<p>About 1,250 nurses left in 2024.</p>` after `</body></html>`
gave no P001, while the same inside `<body>` did. A browser puts it in the body;
trafilatura's parser (lxml's) drops it, so the main text, which keeps what trafilatura's
text holds, blanked it. Text after those end tags is no longer looked for in trafilatura's
text: it is kept. Planted and clean twins on two subjects: hospital staffing, glaciers.
"""

from __future__ import annotations

from datetime import date

import pytest

from claimcheck.engine import run_checks
from claimcheck.loader import parse_registry
from claimcheck.page import page_from_text

TODAY = date(2025, 6, 10)

STAFF = (
    """version: 1
page: {title: Staffing, path: page.html}
claims:
  - id: vacancies
    text: The trust had 640 nursing vacancies in March 2025.
    kind: figure
    value: 640
    unit: vacancies
    date: 2025-03
    mentions: ["had 640 nursing vacancies in March 2025"]
""",
    (
        "The trust had 640 nursing vacancies in March 2025, its board papers show.",
        "Managers said recruitment abroad had helped fill posts on the wards this winter.",
        "Agency staff covered the gaps on most nights, at a cost the board called too high.",
        "The board will look at the figures again at its meeting in the autumn, it said.",
    ),
    "About 1,250 nurses left in 2024.",
    """  - id: leavers
    text: About 1,250 nurses left in 2024.
    kind: figure
    value: 1250
    qualifier: approximately
    unit: nurses
    period: 2024
    mentions: ["About 1,250 nurses left in 2024"]
""",
)

GLACIERS = (
    """version: 1
page: {title: Glaciers, path: page.html}
claims:
  - id: lost
    text: Swiss glaciers lost 4.2 million tonnes of ice.
    kind: figure
    value: 4.2
    unit: million tonnes
    mentions: ["Swiss glaciers lost 4.2 million tonnes of ice"]
""",
    (
        "Swiss glaciers lost 4.2 million tonnes of ice over the summer, the survey found.",
        "Scientists expect the loss to continue as summers grow warmer across the Alps.",
        "The survey team walks the glaciers each autumn to measure what the summer took.",
        "Their results are published each spring, with maps of where the ice has gone.",
    ),
    "The survey measured 176 glaciers.",
    """  - id: surveyed
    text: The survey measured 176 glaciers.
    kind: figure
    value: 176
    unit: glaciers
    mentions: ["survey measured 176 glaciers"]
""",
)

ENDS = (
    "</body></html>\n<p>{}</p>\n",
    "</body>\n<p>{}</p>\n</html>\n",
    "</body></html>\n{}\n",
    "</html>\n<div><p>{}</p></div>\n",
)


def _page(paragraphs: tuple[str, ...], end: str, sentence: str) -> str:
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        "<!doctype html>\n<html><head><title>T</title></head>\n<body>\n<main><article>\n"
        f"<h1>Report</h1>\n{body}\n</article></main>\n" + end.format(sentence)
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


@pytest.mark.parametrize("subject", [STAFF, GLACIERS], ids=["staff", "glaciers"])
@pytest.mark.parametrize("end", ENDS)
def test_a_figure_after_the_pages_end_tags_is_the_pages(
    subject: tuple[str, tuple[str, ...], str, str], end: str
) -> None:
    registry, paragraphs, sentence, extra = subject
    source = _page(paragraphs, end, sentence)
    at = source.index(sentence)
    line, column = source.count("\n", 0, at) + 1, at - source.rfind("\n", 0, at)
    # planted: no claim registers it: a P001 at its sentence's line
    found = _findings(registry, source)
    assert [(code, where) for code, where, _ in found] == [("P001", line)]
    assert column <= found[0][2] < column + len(sentence)
    # clean twin: registered
    assert _findings(registry + extra, source) == []
    # and the same in the article reads the same
    inside = _page((*paragraphs, sentence), "</body></html>\n", "")
    assert [code for code, *_ in _findings(registry, inside)] == ["P001"]
