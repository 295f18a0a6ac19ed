"""An HTML block element's edge ends a sentence and starts a line whether or not the file has
a line break there (review 15, items 4 and 5): a minified page reads exactly as its
pretty-printed twin, every finding the same, at the same place in the text.

The review's cases: a heading ran into the next paragraph on a one-line page ("Rainfall in
2019 Cases: 7.4 million cases were waiting." gave a false P003, date 2025 -> 2019, and a
false P001), a table's cells and the next paragraph were one sentence, and a "Last updated"
line was not found (it was looked for after a line break only). Each page here is written
on another subject; each has a planted error (a changed figure, an old "Last updated") that
both twins must catch, and a clean version both must pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.engine import run_checks
from claimcheck.loader import parse_registry
from claimcheck.page import BLOCK_TAGS, page_from_text
from claimcheck.pagemeta import own_date

_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


@dataclass(frozen=True)
class Subject:
    name: str
    registry: str
    page: str  # minified: one line
    today: date
    #: The codes the clean page gives (P and T rules), and those the planted one gives.
    clean: tuple[str, ...]
    planted: tuple[str, ...]
    #: (what the clean page says, what the planted one says instead).
    plant: tuple[str, str]


def _html(*blocks: str) -> str:
    return (
        "<!doctype html><html><head><title>T</title></head><body><main>"
        + "".join(blocks)
        + "</main></body></html>"
    )


WAITS = Subject(
    "waits",
    """version: 1
page: {title: Waits, path: page.html, as_of: 2025-03-13}
claims:
  - id: waits
    text: 7.4 million cases were waiting in 2025.
    kind: figure
    value: 7.4
    unit: million cases
    date: 2025
    mentions: ["7.4 million cases were waiting"]
  - id: north
    text: In the north 1,200 people waited over 18 weeks.
    kind: figure
    value: 1200
    unit: people
    mentions: ["1,200"]
  - id: total
    text: In the north 5,000 people were waiting.
    kind: figure
    value: 5000
    unit: people
    mentions: ["5,000"]
""",
    _html(
        "<h1>Hospital waiting times</h1>",
        "<h2>Winter 2019</h2>",
        "<p>Cases: 7.4 million cases were waiting.</p>",
        "<table><tr><th>Region</th><th>Over 18 weeks</th><th>Total</th></tr>",
        "<tr><td>North</td><td>1,200</td><td>5,000</td></tr></table>",
        "<p>Last updated: 13/03/2025</p>",
    ),
    date(2025, 4, 1),
    (),
    ("P003",),
    ("7.4 million cases", "7.9 million cases"),
)

BUDGET = Subject(
    "budget",
    """version: 1
page: {title: Budget, path: page.html, as_of: 2024-03-02}
claims:
  - id: open
    text: The budget consultation is open.
    kind: status
    mentions: ["The budget consultation is open"]
  - id: responses
    text: The consultation has had 1,850 responses.
    kind: figure
    value: 1850
    unit: responses
    mentions: ["Responses: 1,850"]
  - id: meetings
    text: Twelve public meetings were held.
    kind: figure
    value: 12
    unit: meetings
    mentions: ["Meetings held: 12"]
""",
    _html(
        "<h1>Budget 2025</h1>",
        "<p>Last updated: 2 March 2024</p>",
        "<p>The budget consultation is open.</p>",
        "<ul><li>Responses: 1,850</li><li>Meetings held: 12</li></ul>",
    ),
    date(2024, 6, 1),
    (),
    ("T001", "T007"),
    ("2 March 2024", "2 March 2023"),
)

RAIL = Subject(
    "rail",
    """version: 1
page: {title: Northline, path: page.html, as_of: 2025-03-01}
claims:
  - id: trains
    text: Six trains run each hour.
    kind: figure
    value: 6
    unit: trains per hour
    mentions: ["Trains per hour: 6"]
  - id: journey
    text: The journey takes 42 minutes.
    kind: figure
    value: 42
    unit: minutes
    mentions: ["Journey time: 42 minutes"]
  - id: riders
    text: Passenger numbers rose to 3.1 million in 2024.
    kind: figure
    value: 3.1
    unit: million passengers
    period: 2024
    mentions: ["Passenger numbers rose to 3.1 million in 2024"]
  - id: punctual
    text: 98.2% of trains on the main line were on time in 2023/24.
    kind: figure
    value: 98.2
    unit: "%"
    mentions: ["98.2%"]
""",
    _html(
        "<h1>Northline rail</h1>",
        "<dl><dt>Published</dt><dd>4 January 2025</dd>",
        "<dt>Last updated</dt><dd>Sat 1 March 2025</dd></dl>",
        "<p>Trains per hour: 6<br>Journey time: 42 minutes</p>",
        "<blockquote>Passenger numbers rose to 3.1 million in 2024.</blockquote>",
        "<table><thead><tr><td>Line</td><td>2023/24</td></tr></thead>",
        "<tbody><tr><td>Main</td><td>98.2%</td></tr></tbody></table>",
    ),
    date(2025, 4, 1),
    (),
    ("P003",),
    ("3.1 million", "3.4 million"),
)

LEAGUE = Subject(
    "league",
    """version: 1
page: {title: Club, path: page.html}
claims:
  - id: goals
    text: The club scored 84 goals in 2024.
    kind: figure
    value: 84
    unit: goals
    period: 2024
    mentions: ["The club scored 84 goals"]
  - id: crowd
    text: The average crowd was 41,200.
    kind: figure
    value: 41200
    unit: spectators
    mentions: ["average crowd was 41,200"]
""",
    _html(
        "<h2>Season 2023</h2>",
        "<p>The club scored 84 goals.</p><p>The average crowd was 41,200.</p>",
        "<h2>References</h2>",
        '<ol><li><a href="https://example.org/r">2023 annual report</a>, page 4</li>',
        '<li><a href="https://example.org/t">League tables 2022</a></li></ol>',
    ),
    date(2025, 1, 10),
    (),
    ("P003",),
    ("crowd was 41,200", "crowd was 43,900"),
)

SUBJECTS = (WAITS, BUDGET, RAIL, LEAGUE)


def _pretty(minified: str, where: set[int] | None = None) -> str:
    """The page with a line break (and some indentation) before the block tags (`where`: the
    numbers of those to break before; all by default)."""
    parts: list[str] = []
    at = 0
    for k, tag in enumerate(m for m in _TAG.finditer(minified) if m.group(1).lower() in BLOCK_TAGS):
        if where is not None and k not in where:
            continue
        parts.append(minified[at : tag.start()])
        parts.append("\n" + "  " * (k % 3))
        at = tag.start()
    parts.append(minified[at:])
    return "".join(parts)


def _findings(subject: Subject, source: str) -> list[tuple[str, str | None, str, object]]:
    """The P and T findings on `source`, each with where it stands: a place on the page as
    an offset in the minified page, a place in the registry as its line and column."""
    page = page_from_text("page.html", source, "html")
    loaded = parse_registry(subject.registry, "claims.yaml")
    report = run_checks(loaded, today=subject.today, page=page, select=["P", "T"])
    lines = [0] + [m.end() for m in re.finditer("\n", source)]
    found = []
    for f in report.findings:
        where: object = None
        if f.location is not None and f.location.file == "page.html":
            offset = lines[f.location.line - 1] + f.location.column - 1
            where = ("page", _minified_offset(source, offset))
        elif f.location is not None:
            where = (f.location.file, f.location.line, f.location.column)
        # A message may name a line of the page: lines are what the twins differ in.
        message = re.sub(r"page\.html:\d+", "page.html:N", f.message)
        found.append((f.code, f.claim, message, where))
    return sorted(found, key=repr)


def _minified_offset(source: str, offset: int) -> int:
    """An offset in a twin, as an offset in the minified page: less the white space the twin
    put before block tags (a line break and spaces, never elsewhere)."""
    taken = 0
    for m in re.finditer(r"\n *(?=<)", source[:offset]):
        taken += len(m.group())
    return offset - taken


def _codes(found: list[tuple[str, str | None, str, object]]) -> tuple[str, ...]:
    return tuple(sorted({code for code, *_ in found}))


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
@pytest.mark.parametrize("planted", [False, True], ids=["clean", "planted"])
def test_a_minified_page_reads_as_its_pretty_printed_twin(subject: Subject, planted: bool) -> None:
    source = subject.page.replace(*subject.plant) if planted else subject.page
    assert subject.plant[0] in subject.page and "\n" not in source
    minified = _findings(subject, source)
    pretty = _pretty(source)
    assert pretty.count("\n") > 5
    assert _findings(subject, pretty) == minified
    assert _codes(minified) == (subject.planted if planted else subject.clean)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    subject=st.sampled_from(SUBJECTS),
    planted=st.booleans(),
    where=st.sets(st.integers(min_value=0, max_value=40)),
)
def test_any_line_breaks_between_blocks_read_the_same(
    subject: Subject, planted: bool, where: set[int]
) -> None:
    """Line breaks before any of the block tags, not only all or none of them."""
    source = subject.page.replace(*subject.plant) if planted else subject.page
    assert _findings(subject, _pretty(source, where)) == _findings(subject, source)


def test_the_review_case_of_a_heading_before_a_paragraph() -> None:
    """The review's page, exactly: no P003 (date 2025 -> '2019') and no P001 for the heading's
    year; the figure changed is still caught, at its sentence, not the heading's."""
    registry = """version: 1
page: {title: Waits, path: w.html}
claims:
  - id: waits
    text: 7.4 million cases were waiting in 2025.
    kind: figure
    value: 7.4
    unit: million cases
    date: 2025
    mentions: ["7.4 million cases were waiting"]
"""
    page = (
        "<html><head><title>Waits</title></head><body><main><h2>Rainfall in 2019</h2>"
        "<p>Cases: 7.4 million cases were waiting.</p></main></body></html>"
    )
    loaded = parse_registry(registry, "claims.yaml")
    clean = run_checks(loaded, today=date(2025, 6, 1), page=page_from_text("w.html", page, "html"))
    assert [f.code for f in clean.findings if f.code.startswith("P")] == []
    changed = page.replace("7.4 million", "7.8 million")
    report = run_checks(
        loaded, today=date(2025, 6, 1), page=page_from_text("w.html", changed, "html")
    )
    p003 = [f for f in report.findings if f.code == "P003"]
    assert len(p003) == 1 and "Rainfall" not in p003[0].message
    assert p003[0].location is not None
    # At the changed figure itself (review 19: each P003 points at the changed word).
    assert p003[0].location.column == changed.index("7.8 million") + 1


@pytest.mark.parametrize(
    ("page", "fmt"),
    [
        (
            "<main><h1>Budget</h1><p>Last updated: 2 March 2024</p>"
            "<p>The budget consultation is open.</p></main>",
            "html",
        ),
        ("<div><h2>Flood defences</h2><p>Last updated: 2 March 2024</p></div>\n", "markdown"),
        ("<table><tr><th>Last updated</th><td>2 March 2024</td></tr></table>", "html"),
    ],
)
def test_a_last_updated_line_of_a_minified_page(page: str, fmt: str) -> None:
    """Item 4: the line starts at the block's edge; in Markdown, in an HTML block too."""
    read = page_from_text("p", page, fmt).own_date
    assert read is not None and str(read.date) == "2024-03-02"
    assert page[read.offset :].startswith("Last updated")
    # Its clean twin: a date in a sentence is not the page's own.
    sentence = page.replace(
        "<p>Last updated: 2 March 2024", "<p>It was last updated on 2 March 2024"
    )
    if sentence != page:
        assert page_from_text("p", sentence, fmt).own_date is None


def test_a_block_edge_in_a_text_is_only_markups() -> None:
    """A form feed the file has is white space: only a block tag makes an edge (a page
    cannot part a sentence from its figure by writing one)."""
    text = "Leakage fell to 412 megalitres\x0cper day in 2024/25.\n"
    page = page_from_text("p.txt", text, "text")
    assert "\x0c" not in page.prose and page.line_span(20) == (0, len(text) - 1)
    assert own_date("Last updated:\x0c2 March 2024", "Last updated:\x0c2 March 2024", "text")


def test_lines_and_columns_stay_the_files() -> None:
    """BREAK is no line for line:column: a figure on a one-line page is on line 1."""
    source = "<p>A</p><p>Fees rose to 120.</p>"
    page = page_from_text("p.html", source, "html")
    assert page.prose.count("\n") == 0 and page.position(source.index("120")) == (1, 25)
    # As a reader reads it, the line starts at its paragraph: right after the BREAK.
    assert page.line_span(source.index("120")) == (
        source.index("<p>F") + 1,
        source.index("</p>", 10),
    )


MATCHES = """version: 1
page: {title: Club}
claims:
  - id: goals
    text: The club scored 84 goals in 2024.
    kind: figure
    value: 84
    unit: goals
    period: 2024
    mentions: ["The club scored 84 goals"]
"""


@pytest.mark.parametrize("between", ["<br>", "<br>\n", "<br/>", "</p><p>"])
def test_a_block_tag_inside_a_markdown_paragraph(between: str) -> None:
    """Markdown's inline `<br>` is an edge too: "Season 2023<br>The club scored 84 goals."
    is two lines (no P003, 2024 -> 2023), with or without a line break after the tag."""
    source = f"# Results\n\nSeason 2023{between}The club scored 84 goals.\n"
    loaded = parse_registry(MATCHES, "claims.yaml")
    for text, codes in ((source, []), (source.replace("84 goals", "86 goals"), ["P003"])):
        page = page_from_text("p.md", text, "markdown")
        assert "<br" not in page.prose
        report = run_checks(loaded, today=date(2025, 1, 10), page=page, select=["P"])
        assert sorted(f.code for f in report.findings) == codes, text


@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.name)
def test_extract_drafts_the_same_from_either_twin(subject: Subject, tmp_path: Path) -> None:
    """`extract` reads the page's sentences as P001 does: the same drafts from both."""
    drafts = []
    for name, text in (("mini", subject.page), ("pretty", _pretty(subject.page))):
        (tmp_path / f"{name}.html").write_text(text, encoding="utf-8")
        result = CliRunner().invoke(app, ["extract", str(tmp_path / f"{name}.html")])
        assert result.exit_code == 0, result.output
        drafts.append(result.stdout.replace(f"{name}.html", "page.html"))
    assert drafts[0] == drafts[1] and "value:" in drafts[0]
