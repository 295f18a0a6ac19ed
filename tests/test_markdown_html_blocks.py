"""A Markdown page's raw HTML blocks (review 11, #3): a `<div>`, `<p>`, `<details>` or table
at the start of a line was blanked whole, so its figures were never checked (no P001) and a
mention written in one was "not on the page" (P002). Their prose is now read as the HTML
reader reads a page, in place (offsets stay the file's); scripts, styles, comments and
navigation inside them stay out, and Markdown written inside one is no Markdown link.

Each subject is planted twice: with a registry that leaves the blocks' figures unregistered
(each must be a P001 at its own line and column) and with one whose mentions cover them (the
clean twin: no P001, no P002)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.page import FILLER, page_from_text

runner = CliRunner()

SUBJECTS: dict[str, dict[str, Any]] = {
    "leisure": {
        "page": (
            "# Leisure report\n\n"
            "The pool cost £7.5m to build.\n\n"
            '<div class="highlight">Attendance hit 312,000 in 2024.</div>\n\n'
            "<p>Staff numbered 4,875.</p>\n\n"
            "<details><summary>More</summary>\n"
            "Membership fees rose 12%.\n"
            "</details>\n"
        ),
        # Each figure the HTML blocks hold, as P001 lists it.
        "figures": ["312,000", "4,875", "12%"],
        "mentions": {
            "attendance": ("Attendance hit 312,000 in 2024", 312000, None, "2024"),
            "staff": ("Staff numbered 4,875", 4875, None, None),
            "fees": ("Membership fees rose 12%", 12, "percent", None),
        },
        "pool": ("The pool cost £7.5m to build", 7.5, "GBP million", None),
    },
    "water": {
        "page": (
            "# Water results\n\n"
            "Bills rose to £512 on average.\n\n"
            "<table>\n"
            "<tr><td>Leakage fell to 412 megalitres in 2024/25.</td></tr>\n"
            "</table>\n\n"
            "<p>The regulator fined the company &pound;4.5m.</p>\n\n"
            "<blockquote>\n"
            "Complaints fell to 16,950 in 2024/25.\n"
            "</blockquote>\n"
        ),
        "figures": ["412 megalitres", "£4.5m", "16,950"],
        "mentions": {
            "leakage": ("Leakage fell to 412 megalitres in 2024/25", 412, "megalitres", "2024/25"),
            "fine": ("The regulator fined the company £4.5m", 4.5, "GBP million", None),
            "complaints": ("Complaints fell to 16,950 in 2024/25", 16950, "complaints", "2024/25"),
        },
        "pool": ("Bills rose to £512 on average", 512, "GBP", None),
    },
}


def _claim(ident: str, entry: tuple[str, float, str | None, str | None]) -> str:
    mention, value, unit, period = entry
    lines = [
        f"  - id: {ident}",
        f"    text: {json.dumps(mention + '.')}",
        "    kind: figure",
        f"    value: {value}",
        *([f"    unit: {unit}"] if unit else []),
        *([f"    period: {json.dumps(period)}"] if period else []),
        f"    mentions: [{json.dumps(mention)}]",
    ]
    return "\n".join(lines) + "\n"


def _run(tmp_path: Path, subject: str, registered: bool) -> list[dict[str, Any]]:
    case = SUBJECTS[subject]
    (tmp_path / "page.md").write_text(case["page"], encoding="utf-8")
    claims = _claim("pool", case["pool"])
    if registered:
        claims += "".join(_claim(k, v) for k, v in case["mentions"].items())
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        "version: 1\npage: {title: A page, path: page.md}\nclaims:\n" + claims, encoding="utf-8"
    )
    result = runner.invoke(
        app, ["verify", str(registry), "--offline", "--select", "P,C", "-f", "json"]
    )
    assert result.exit_code in (0, 1), result.stderr
    return list(json.loads(result.stdout)["findings"])


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_figures_in_html_blocks_are_unregistered_figures_at_their_place(
    tmp_path: Path, subject: str
) -> None:
    findings = _run(tmp_path, subject, registered=False)
    source = SUBJECTS[subject]["page"]
    unregistered = [f for f in findings if f["code"] == "P001"]
    listed = " ".join(f["message"] for f in unregistered)
    for figure in SUBJECTS[subject]["figures"]:
        assert figure in listed, (figure, listed)
    # Each P001 stands on the line of its block's text in the file.
    lines = source.splitlines()
    for finding in unregistered:
        line = lines[finding["location"]["line"] - 1]
        column = finding["location"]["column"] - 1
        assert line[column : column + 1].isdigit() or line[column] in "£&", (line, column)
    assert [f for f in findings if f["code"].startswith("C")] == []


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_mentions_in_html_blocks_are_on_the_page(tmp_path: Path, subject: str) -> None:
    findings = _run(tmp_path, subject, registered=True)
    assert [f for f in findings if f["code"] in ("P001", "P002", "P003")] == [], findings
    assert [f for f in findings if f["code"].startswith("C")] == [], findings


def test_the_blocks_prose_is_the_html_readers_in_place() -> None:
    source = (
        "# Notes\n\n"
        "See [the report](https://a.example/report) for 7 more.\n\n"
        '<div>Read <a href="https://b.example/annual">the annual review</a>, and\n'
        "[not a link](https://c.example/x) on 1&amp;2 &#x1F389; 312,000 visits.</div>\n\n"
        "<script>\nvar total = 4242;\n</script>\n\n"
        "<style>.x { width: 100px }</style>\n\n"
        "<!-- draft: 999 -->\n\n"
        "<nav>Page 77 of 99</nav>\n\n"
        "<p>Sessions <b>31</b>,240 in total.</p>\n"
    )
    page = page_from_text("p.md", source, "markdown")
    assert len(page.prose) == len(source)
    assert page.prose.index("312,000") == source.index("312,000")
    text = " ".join(page.prose.replace(FILLER, "").split())
    assert "Read the annual review, and" in text and "312,000 visits." in text
    assert "1&2 \U0001f389" in text  # entities decoded, their extra characters FILLER
    assert "Sessions 31,240 in total." in text  # an inline tag parts no number
    for out in ("4242", "100px", "999", "77", "<div>", "href"):
        assert out not in page.prose, out
    targets = [link.url for link in page.links]
    # The block's <a href> is a link, as on an HTML page; Markdown in the block is none.
    assert "https://a.example/report" in targets and "https://b.example/annual" in targets
    assert "https://c.example/x" in targets  # only as a URL written out in the text
    annual = next(link for link in page.links if link.url == "https://b.example/annual")
    assert source[annual.start : annual.end] == "the annual review"
    markdown_text = [link for link in page.links if link.text == "not a link"]
    assert markdown_text == []


def test_a_page_without_html_blocks_reads_as_before() -> None:
    # The clean twin: inline HTML in a paragraph and code are as they were.
    source = (
        "# Budget\n\nThe council spent <b>£4.2m</b> on roads.\n\n```\nx = 12345\n```\n\n"
        "    indented 678\n\nDone in `code 99` time.\n"
    )
    page = page_from_text("p.md", source, "markdown")
    text = " ".join(page.prose.replace(FILLER, "").split())
    assert text == "# Budget The council spent £4.2m on roads. Done in time."
