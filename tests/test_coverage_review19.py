"""Review 19's page-comparison defects (the page read both ways), each planted beside a clean
twin on two subjects or more.

2. A rate changed ("£512 a year" -> "a month", "62 hours a week" -> "a day", "1.4 kilometres"
   -> "1.4 kilometres a year", "per second" -> "per minute") is a P003 naming the rate at the
   changed word, also where the mention ends at its figure and the page adds a rate the
   claim's unit does not have ("£84.6 million a month" for `GBP million`).
5. A new figure inside a reworded mention's words is unregistered (P001).
8. A table's row: "Waste collection | £46.3m" stands in an HTML row unchanged; a changed cell
   is a P003 naming the new value; a statement moved into a table's row is gone (P002), not
   "'9,870' is gone".
10. A qualifier before a mention's figure ("Some 18,250") neither unregisters the figure nor
    counts as a change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.engine import run_checks
from claimcheck.loader import load_registry
from claimcheck.page import page_from_text
from tests.conftest import TODAY

runner = CliRunner()

Found = list[tuple[str, str, str]]


def scan(tmp_path: Path, claims: str, page: str, fmt: str = "markdown") -> Found:
    """The P findings (code, claim, message) of the claims (YAML list items) on the page."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(f"version: 1\nclaims:\n{claims}", encoding="utf-8")
    name = {"markdown": "page.md", "html": "page.html", "text": "page.txt"}[fmt]
    report = run_checks(
        load_registry(registry),
        today=TODAY,
        select=("P",),
        page=page_from_text(name, page, fmt),
    )
    return sorted((f.code, f.claim or "", f.message) for f in report.findings)


def codes(found: Found) -> list[tuple[str, str]]:
    return [(code, claim) for code, claim, _ in found]


def claim(ident: str, value: str, mention: str, unit: str = "", date: str = "") -> str:
    unit_line = f"    unit: {unit}\n" if unit else ""
    date_line = f"    date: {date!r}\n" if date else ""
    return (
        f"  - id: {ident}\n    text: A claim.\n    kind: figure\n    value: {value}\n"
        f"{unit_line}{date_line}    mentions: [{mention!r}]\n"
    )


# --- 2: a rate changed ----------------------------------------------------------------------

RATES = [
    # (page, claim's unit, mention, the page with its rate changed, the new rate's words)
    (
        "Season tickets cost £512 a year for adults.\n",
        "GBP per year",
        "Season tickets cost £512 a year",
        "Season tickets cost £512 a month for adults.\n",
        "month",
    ),
    (
        "Libraries open 62 hours a week.\n",
        "hours per week",
        "Libraries open 62 hours a week",
        "Libraries open 62 hours a day.\n",
        "day",
    ),
    (
        "The Rhone glacier has retreated 1.4 kilometres since 1880.\n",
        "kilometres",
        "Rhone glacier has retreated 1.4 kilometres since 1880",
        "The Rhone glacier has retreated 1.4 kilometres a year since 1880.\n",
        "a year",
    ),
    (
        "Meltwater flowed at 412 cubic metres per second, more than ever before.\n",
        "cubic metres per second",
        "Meltwater flowed at 412 cubic metres per second",
        "Meltwater flowed at 412 cubic metres per minute, more than ever before.\n",
        "minute",
    ),
    (  # the mention ends at its figure: the claim's unit says it has no rate
        "The trust's budget for elective care is £84.6 million in 2024/25.\n",
        "GBP million",
        "budget for elective care is £84.6 million",
        "The trust's budget for elective care is £84.6 million a month in 2024/25.\n",
        "a month",
    ),
    (  # the mention ends at its figure: the claim's unit gives another rate
        "Leakage fell to 412 megalitres\nper day in 2024/25, down from 446 megalitres\n"
        "per day in 2019/20.\n",
        "megalitres per day",
        "Leakage fell to 412 megalitres",
        "Leakage fell to 412 megalitres\nper week in 2024/25, down from 446 megalitres\n"
        "per day in 2019/20.\n",
        "per week",
    ),
]


@pytest.mark.parametrize(("page", "unit", "mention", "changed", "word"), RATES)
def test_a_changed_rate_is_a_p003_at_the_changed_word(
    tmp_path: Path, page: str, unit: str, mention: str, changed: str, word: str
) -> None:
    registry = claim("c", "1", mention, unit)
    (tmp_path / "claims.yaml").write_text(f"version: 1\nclaims:\n{registry}", encoding="utf-8")
    report = run_checks(
        load_registry(tmp_path / "claims.yaml"),
        today=TODAY,
        select=("P002", "P003"),
        page=page_from_text("page.md", "# T\n\n" + changed, "markdown"),
    )
    [finding] = report.findings
    assert finding.code == "P003", finding.message
    assert ": rate" in finding.message
    assert "rank" not in finding.message and "direction" not in finding.message
    assert "date" not in finding.message.split("(")[-1]
    location = finding.location
    assert location is not None
    line = ("# T\n\n" + changed).splitlines()[location.line - 1]
    assert line[location.column - 1 :].startswith(word), (line, location)


@pytest.mark.parametrize(("page", "unit", "mention", "changed", "word"), RATES)
def test_an_unchanged_rate_stays_clean(
    tmp_path: Path, page: str, unit: str, mention: str, changed: str, word: str
) -> None:
    found = scan(tmp_path, claim("c", "1", mention, unit), "# T\n\n" + page)
    assert [f for f in found if f[0] in ("P002", "P003")] == []


@pytest.mark.parametrize(
    ("page", "mention"),
    [
        ("Leakage fell to 412 megalitres a day last year.\n", "Leakage fell to 412 megalitres"),
        ("The club paid £4.5m a year in wages.\n", "The club paid £4.5m"),
    ],
)
def test_a_mention_ending_before_a_rate_its_claim_does_not_state_is_left_alone(
    tmp_path: Path, page: str, mention: str
) -> None:
    """A claim with no unit says nothing of a rate: the mention that stops at its figure
    is not compared with the rate the page goes on to give."""
    assert scan(tmp_path, claim("c", "1", mention), "# T\n\n" + page) == []


# --- 5: a new figure inside a reworded mention ----------------------------------------------

INSERTED = [
    (
        "That figure rose by 6.4% on the year before.",
        "rose by 6.4% on the year before",
        "6.4% to 16.4%",
        "16.4%",
    ),
    (
        "Attendance fell by 3.1% on the season before.",
        "fell by 3.1% on the season before",
        "3.1% to 11,900",
        "11,900",
    ),
]


@pytest.mark.parametrize(("sentence", "mention", "now", "new"), INSERTED)
def test_a_figure_added_inside_a_reworded_mention_is_unregistered(
    tmp_path: Path, sentence: str, mention: str, now: str, new: str
) -> None:
    registered = now.split(" to ")[0]
    page = "# T\n\n" + sentence.replace(registered, now) + "\n"
    found = scan(tmp_path, claim("c", "1", mention), page)
    assert ("P001", "") in codes(found)
    assert any(code == "P001" and f"figure {new} " in m for code, _, m in found), found


@pytest.mark.parametrize(("sentence", "mention", "now", "new"), INSERTED)
def test_a_reworded_mention_with_no_new_figure_registers_its_own(
    tmp_path: Path, sentence: str, mention: str, now: str, new: str
) -> None:
    page = "# T\n\n" + sentence.replace(" on the ", " compared with the ") + "\n"
    assert codes(scan(tmp_path, claim("c", "1", mention), page)) == [("P002", "c")]


# --- 8: table rows ----------------------------------------------------------------------------

ROWS = [
    ("Waste collection", "£46.3m", "£64.3m"),
    ("Home attendance", "18,400", "14,800"),
]


def _row_page(label: str, cell: str) -> str:
    return (
        "<html><body><main><h1>Figures</h1><p>The year in numbers.</p><table>"
        f"<thead><tr><th>Item</th><th>2025/26</th></tr></thead><tbody><tr><td>{label}</td>"
        f"<td>{cell}</td></tr></tbody></table><p>The end.</p></main></body></html>"
    )


@pytest.mark.parametrize(("label", "cell", "changed"), ROWS)
@pytest.mark.parametrize("joint", [" | ", " "])
def test_an_unchanged_html_row_stands_for_its_mention(
    tmp_path: Path, label: str, cell: str, changed: str, joint: str
) -> None:
    claims = claim("row", "1", f"{label}{joint}{cell}")
    assert scan(tmp_path, claims, _row_page(label, cell), "html") == []


@pytest.mark.parametrize(("label", "cell", "changed"), ROWS)
def test_a_row_mention_is_found_only_across_cell_edges(label: str, cell: str, changed: str) -> None:
    """Each pipe stands for a cell's edge: not for a space in a paragraph."""
    from claimcheck.checks.coverage import MentionFinder  # `review`'s finder of mentions

    finder = MentionFinder(page_from_text("p.html", _row_page(label, cell), "html").prose)
    assert len(finder.places(f"{label} | {cell}")) == 1
    prose = page_from_text("p.html", f"<p>{label} {cell} in all.</p>", "html").prose
    assert MentionFinder(prose).places(f"{label} | {cell}") == []
    assert len(MentionFinder(prose).places(f"{label} {cell}")) == 1


@pytest.mark.parametrize(("label", "cell", "changed"), ROWS)
@pytest.mark.parametrize("joint", [" | ", " "])
def test_a_changed_html_cell_is_a_p003_naming_its_new_value(
    tmp_path: Path, label: str, cell: str, changed: str, joint: str
) -> None:
    claims = claim("row", "1", f"{label}{joint}{cell}")
    found = scan(tmp_path, claims, _row_page(label, changed), "html")
    assert codes(found) == [("P003", "row")]
    assert f"{cell!r} -> {changed!r}: value" in found[0][2]
    assert "is gone" not in found[0][2]


@pytest.mark.parametrize(
    ("item", "row", "mention"),
    [
        (
            "- The trust performed 9,870 hip replacements last year.",
            "| Hip replacements performed | 9,870 |",
            "performed 9,870 hip replacements",
        ),
        (
            "- The club sold 6,120 season tickets last season.",
            "| Season tickets sold | 6,120 |",
            "sold 6,120 season tickets",
        ),
    ],
)
def test_a_statement_moved_into_a_table_row_is_gone_not_changed(
    tmp_path: Path, item: str, row: str, mention: str
) -> None:
    claims = claim("c", "1", mention)
    before = f"# T\n\nIntro.\n\n{item}\n"
    assert scan(tmp_path, claims, before) == []
    after = f"# T\n\nIntro.\n\n| Item | 2024/25 |\n|---|---|\n{row}\n"
    found = scan(tmp_path, claims, after)
    assert codes(found) == [("P001", ""), ("P002", "c")]
    assert all("is gone" not in m for _, _, m in found)


def test_the_review_places_a_changed_html_cell(tmp_path: Path) -> None:
    label, cell, changed = ROWS[0]
    (tmp_path / "page.html").write_text(_row_page(label, changed), encoding="utf-8")
    (tmp_path / "claims.yaml").write_text(
        "version: 1\npage: {title: T, path: page.html}\nclaims:\n"
        + claim("row", "1", f"{label} {cell}"),
        encoding="utf-8",
    )
    out = tmp_path / "review.html"
    result = runner.invoke(
        app, ["review", str(tmp_path / "claims.yaml"), "--offline", "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    html = out.read_text(encoding="utf-8")
    mark = html.split('data-rule="P003"')[1].split(">", 1)[1].split("</mark>")[0]
    assert changed in mark
    assert "not found on the page" not in html


# --- 10: a qualifier before a mention's figure ----------------------------------------------

QUALIFIED = [
    (
        "Some 18,250 patients had waited more than 52 weeks in March 2025.",
        "18,250 patients had waited more than 52 weeks",
        ("52 weeks", "78 weeks"),
        "2025-03",
    ),
    (
        "Around 14,300 fans watched the final at Ashton Park in May 2025.",
        "14,300 fans watched the final at Ashton Park",
        ("watched the", "saw the"),
        "2025-05",
    ),
]


@pytest.mark.parametrize(("sentence", "mention", "edit", "date"), QUALIFIED)
def test_a_qualifier_before_the_mention_leaves_its_figure_registered(
    tmp_path: Path, sentence: str, mention: str, edit: tuple[str, str], date: str
) -> None:
    assert scan(tmp_path, claim("c", "1", mention, date=date), f"# T\n\n{sentence}\n") == []


@pytest.mark.parametrize(("sentence", "mention", "edit", "date"), QUALIFIED)
def test_a_qualifier_before_the_mention_is_no_change(
    tmp_path: Path, sentence: str, mention: str, edit: tuple[str, str], date: str
) -> None:
    found = scan(
        tmp_path, claim("c", "1", mention, date=date), f"# T\n\n{sentence.replace(*edit)}\n"
    )
    assert all("qualifier" not in m for _, _, m in found), found
    assert all(code != "P001" for code, _, _ in found), found


@pytest.mark.parametrize(("sentence", "mention", "edit", "date"), QUALIFIED)
def test_a_changed_figure_after_a_qualifier_is_still_a_p003(
    tmp_path: Path, sentence: str, mention: str, edit: tuple[str, str], date: str
) -> None:
    number = mention.split()[0]
    changed = sentence.replace(number, number.replace("2", "7").replace("3", "8"))
    found = scan(tmp_path, claim("c", "1", mention, date=date), f"# T\n\n{changed}\n")
    assert codes(found) == [("P003", "c")], found
    assert ": value" in found[0][2] and "qualifier" not in found[0][2]
