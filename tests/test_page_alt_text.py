"""An image's alternative text is the page's, in HTML as in Markdown (reviews 19 and 21,
defect 12): `![Chart: 7,400 patients ...](x.png)` gave a P001 while `<img alt="Chart: 4,900
staff cut since 2020">` gave nothing. The alternative text is what a reader who cannot see
the image is given, and what the page shows when it does not load: a figure in it is one
the page publishes. Both readers now read it, in place (columns stay the file's), and
nothing else of the tag: a Markdown paragraph's `<img src="chart-2024.png" width="600">`
was read as text, its 2024 and 600 figures of the page.

Planted and clean twins on two subjects: a city budget, a football club.
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
    paragraphs: tuple[str, ...]
    #: An image's alternative text with a figure, the figure, and a claim that registers it.
    alt: str
    figure: str
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
""",
    (
        "The council will spend £1.24 billion in 2025/26, its leader told the chamber.",
        "Libraries, parks and leisure centres stay open, and no service closes this year.",
        "The chamber will vote on the plan next week after a public consultation closes.",
        "Officers will answer questions about the plan at the next meeting of the board.",
        "A summary of the report is available from the main library and the town hall.",
    ),
    "Chart: the council has cut 4,900 posts",
    "4,900",
    """  - id: posts
    text: The council has cut 4,900 posts.
    kind: figure
    value: 4900
    unit: posts
    mentions: ["council has cut 4,900 posts"]
""",
)

FOOTBALL = Subject(
    "football",
    """version: 1
page: {title: Harbour United, path: page.html}
claims:
  - id: goals
    text: United scored 84 league goals.
    kind: figure
    value: 84
    unit: goals
    mentions: ["United scored 84 league goals"]
""",
    (
        "United scored 84 league goals this season, the most in the division by some way.",
        "The manager said the squad would stay together for the coming season in the league.",
        "Supporters travelled in numbers to every away match, whatever the weather did.",
        "The club will publish its accounts for the season later in the summer, as usual.",
        "Season tickets for next year go on sale to members first, then to everyone else.",
    ),
    "Photo: the stand that seats 8,750 fans",
    "8,750",
    """  - id: seats
    text: The stand seats 8,750 fans.
    kind: figure
    value: 8750
    unit: seats
    mentions: ["stand that seats 8,750 fans"]
""",
)

SUBJECTS = (BUDGET, FOOTBALL)


def _html(subject: Subject, image: str) -> str:
    body = "\n".join(f"<p>{text}</p>" for text in subject.paragraphs[:2])
    rest = "\n".join(f"<p>{text}</p>" for text in subject.paragraphs[2:])
    return (
        "<!doctype html>\n<html><head><title>T</title></head>\n<body>\n<main><article>\n"
        f"<h1>Report</h1>\n{body}\n{image}\n{rest}\n</article></main>\n</body></html>\n"
    )


def _markdown(subject: Subject, image: str) -> str:
    body = "\n\n".join(subject.paragraphs[:2])
    rest = "\n\n".join(subject.paragraphs[2:])
    return f"# Report\n\n{body}\n\n{image}\n\n{rest}\n"


def _findings(registry: str, source: str, fmt: str) -> list[tuple[str, int, int]]:
    page = page_from_text("page." + ("md" if fmt == "markdown" else fmt), source, fmt)
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


def _at(source: str, text: str) -> tuple[int, int]:
    at = source.index(text)
    return source.count("\n", 0, at) + 1, at - source.rfind("\n", 0, at)


WRITTEN = (
    ("html", _html, '<img src="chart.png" alt="{}">'),
    ("html", _html, '<p><a href="/gallery"><img alt="{}" src="photo.jpg"></a></p>'),
    ("html", _html, "<figure><img alt='{}' src='c.png'></figure>"),
    ("markdown", _markdown, "![{}](chart.png)"),
    ("markdown", _markdown, 'See the chart: <img src="chart.png" alt="{}">'),
    ("markdown", _markdown, '<div><img src="chart.png" alt="{}"></div>'),
)


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
@pytest.mark.parametrize(("fmt", "page", "image"), WRITTEN)
def test_a_figure_in_an_images_alternative_text_is_the_pages(
    subject: Subject, fmt: str, page: object, image: str
) -> None:
    assert callable(page)
    source = page(subject, image.format(subject.alt))
    # planted: no claim registers it: a P001 where it stands
    assert _findings(subject.registry, source, fmt) == [("P001", *_at(source, subject.figure))]
    # clean twin: registered
    assert _findings(subject.registry + subject.extra, source, fmt) == []


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
@pytest.mark.parametrize(("fmt", "page", "image"), WRITTEN)
def test_a_changed_figure_in_an_alternative_text_is_a_changed_figure(
    subject: Subject, fmt: str, page: object, image: str
) -> None:
    assert callable(page)
    other = str(int(subject.figure[0]) + 1) + subject.figure[1:]  # 4,900 -> 5,900
    changed = subject.alt.replace(subject.figure, other)
    planted = page(subject, image.format(changed))
    found = _findings(subject.registry + subject.extra, planted, fmt)
    assert [(code, line) for code, line, _ in found] == [("P003", _at(planted, changed)[0])]


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
def test_nothing_else_of_an_image_tag_is_text(subject: Subject) -> None:
    tag = '<img src="chart-2024.png" width="600" height="400" alt="">'
    for fmt, page in (("markdown", _markdown), ("html", _html)):
        source = page(subject, f"The chart: {tag}")
        assert _findings(subject.registry, source, fmt) == []
        # planted: the same numbers written as text are figures
        source = page(subject, "The chart is 600 by 400.")
        assert [code for code, *_ in _findings(subject.registry, source, fmt)] == ["P001"]


def test_an_alternative_texts_references_are_decoded_in_place() -> None:
    source = '<p>Staff <img alt="Chart: nurses &amp; 5,100 carers" src="x.png"> rose.</p>'
    page = page_from_text("page.html", source, "html")
    assert len(page.prose) == len(source)
    assert " ".join(page.prose.replace("\x00", "").split()) == (
        "Staff Chart: nurses & 5,100 carers rose."
    )
    assert page.prose.index("5,100") == source.index("5,100")
