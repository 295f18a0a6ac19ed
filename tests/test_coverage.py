"""Page coverage (P rules) on pages written for the tests, in text, Markdown and HTML."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimcheck.checks import coverage
from claimcheck.cli import app
from claimcheck.engine import run_checks
from claimcheck.loader import load_registry
from claimcheck.page import page_from_text, read_page
from tests.conftest import DATA, TODAY

PAGES = DATA / "pages"
REGISTRY = PAGES / "registry.yaml"
runner = CliRunner()


def scan(page: Path, registry: Path = REGISTRY) -> Any:
    result = runner.invoke(app, ["scan", str(page), "-r", str(registry), "-f", "json"])
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def codes(document: Any) -> list[str]:
    return sorted(f["code"] for f in document["findings"])


def test_text_page_is_covered_except_what_it_adds() -> None:
    document = scan(PAGES / "page.txt")
    findings = document["findings"]
    assert codes(document) == ["P004", "P004"]
    messages = [f["message"] for f in findings]
    assert any("explicit marker" in m and "[citation needed]" in m for m in messages)
    assert any("attribution" in m and "Home Office refused" in m for m in messages)
    coverage = document["coverage"]
    assert coverage == {
        "figures": 8,
        "registered": 5,
        "ignored": 3,
        "unregistered": 0,
        "statements": 2,
    }


def test_markdown_code_and_link_targets_are_not_prose() -> None:
    page = read_page(PAGES / "page.md")
    assert "12345" not in page.prose and "2024/review-17" not in page.prose
    assert page.prose.index("reviewing") == (PAGES / "page.md").read_text().index("reviewing")
    assert codes(scan(PAGES / "page.md")) == []


def test_html_skips_scripts_styles_and_navigation_and_keeps_positions() -> None:
    page = read_page(PAGES / "page.html")
    assert "4242" not in page.prose and "123 items" not in page.prose and "100px" not in page.prose
    document = scan(PAGES / "page.html")
    [finding] = document["findings"]
    assert finding["code"] == "P001" and "17" in finding["message"]
    assert finding["location"]["line"] == 9  # the line of the new sentence in the HTML source


def test_an_edited_page_reports_each_change_exactly_once(tmp_path: Path) -> None:
    original = (PAGES / "page.txt").read_text(encoding="utf-8")
    edited = (
        original.replace(
            "reviewing 9,000 historic cases", "reviewing 9,500 historic cases"
        ).replace("The minister said the system had failed. ", "")
        + "\nA new survey found that 41% of parents were never told.\n"
    )
    path = tmp_path / "page.txt"
    path.write_text(edited, encoding="utf-8")
    document = scan(path)
    found = [(f["code"], f["claim"]) for f in document["findings"] if f["code"] != "P004"]
    assert sorted(found, key=str) == sorted(
        [("P001", None), ("P002", "minister_said"), ("P003", "cases_reviewed")], key=str
    )
    changed = next(f for f in document["findings"] if f["code"] == "P003")
    assert "9,500" in changed["message"] and changed["location"]["file"] == str(path)


def test_matching_tolerates_white_space_quotes_and_dashes_not_numbers() -> None:
    loaded = load_registry(REGISTRY)
    text = (
        "reviewing 9,000\n   historic cases. Two\u2013thirds is not it. "
        "Two-thirds of victims were in care. "
        "launched on 9 December 2025 with a \u201c\u00a365m budget\u201d"
    )
    report = run_checks(
        loaded, today=TODAY, select=("P",), page=page_from_text("p.txt", text, "text")
    )
    assert [f.code for f in report.findings if f.code in ("P002", "P003")] == ["P002", "P002"]


def test_verify_reads_page_path_from_the_registry(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        REGISTRY.read_text(encoding="utf-8").replace(
            "version: 1", "version: 1\npage: {title: P, path: page.txt}"
        ),
        encoding="utf-8",
    )
    (tmp_path / "page.txt").write_text("Nothing registered is here: 12 cases.\n", encoding="utf-8")
    result = runner.invoke(app, ["verify", str(registry), "-f", "json", "--select", "P"])
    document = json.loads(result.stdout)
    assert codes(document).count("P002") == 5 and "P001" in codes(document)
    missing = runner.invoke(app, ["scan", str(tmp_path / "none.txt"), "-r", str(registry)])
    assert missing.exit_code == 2 and "no such page file" in missing.stderr


def test_extract_drafts_and_appends_without_touching_the_rest(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    original = REGISTRY.read_text(encoding="utf-8")
    registry.write_text(original, encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(
        (PAGES / "page.txt").read_text(encoding="utf-8")
        + "A new survey found that 41% of parents were never told.\n",
        encoding="utf-8",
    )
    drafted = runner.invoke(app, ["extract", str(page), "-r", str(registry)])
    assert "id: parents_never_told" in drafted.stdout and "unit: percent" in drafted.stdout
    assert registry.read_text(encoding="utf-8") == original  # printing changes nothing
    result = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
    assert result.exit_code == 0, result.stderr
    updated = registry.read_text(encoding="utf-8")
    # The registry named no page: `--append` adds a `page:` with the title `init --from`
    # reads and the path, before `sources:` (review 18, item 12c), and says so; the drafts go
    # after the last claim; nothing else changes.
    page_block = "page:\n  title: Example Report (2025)\n  path: page.txt\n"
    at, cut = original.index("sources:"), original.index("ignore:")
    assert updated.startswith(original[:at] + page_block + original[at:cut])
    assert updated.endswith(original[cut:])
    assert "`page:` (title 'Example Report (2025)', path page.txt)" in result.stderr
    loaded = load_registry(registry).registry
    assert loaded.page is not None and loaded.page.path == "page.txt"
    assert codes(scan(page, registry)) == ["P004"]  # only the explicit marker is left to read


def test_extract_appends_to_a_flow_style_claims_list_in_its_style(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    text = "version: 1\nclaims: [{id: a, text: t, kind: fact}]\n"
    registry.write_text(text, encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("The survey found 41% of parents were never told.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
    assert result.exit_code == 0, result.stderr
    after = registry.read_text(encoding="utf-8")
    # No `page:`: one is added before `claims:`, its title the page's first line, with the
    # path (review 18, item 12c); the claims stay in their flow style.
    assert after.startswith(
        "version: 1\npage:\n  title: The survey found 41% of parents were never told.\n"
        "  path: page.txt\nclaims: [{id: a, text: t, kind: fact}, {"
    )
    loaded = load_registry(registry).registry
    claims = loaded.claims
    assert len(claims) == 2 and str(claims[1].value) == "41" and claims[1].unit == "percent"
    assert loaded.page is not None and loaded.page.path == "page.txt"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["text", "markdown", "html"]))
def test_any_page_reads_with_offsets_kept(source: str, fmt: str) -> None:
    page = page_from_text("p", source, fmt)
    assert len(page.prose) == len(source)
    for offset in range(0, len(source), 17):
        line, column = page.position(offset)
        assert page.offset(line, column) == offset
    loaded = load_registry(REGISTRY)
    run_checks(loaded, today=TODAY, select=("P",), page=page)  # never raises


def test_a_page_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimcheck.page

    monkeypatch.setattr(claimcheck.page, "MAX_PAGE_BYTES", 10)
    page = tmp_path / "page.txt"
    page.write_text("a page longer than ten bytes\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(page), "-r", str(REGISTRY)])
    assert result.exit_code == 2 and "over the 0 MiB limit" in result.stderr


def test_html_drops_footers_asides_navigation_and_telephone_links_keeping_offsets() -> None:
    source = (
        "<header><h1>Ferry report</h1></header>\n"
        '<div role="navigation"><div>Routes</div> 12 routes</div>\n'
        "<p>The ferry carried 1,210 passengers.</p>\n"
        "<aside>Tide tables for 2025</aside>"
        '<section role="contentinfo">Pier 7</section>\n'
        '<footer>Call <a href="tel:+441736000123">01736 000 123</a>, 3 Quay Street</footer>\n'
        "<p>It sailed 14 times.</p>"
    )
    page = page_from_text("p.html", source, "html")
    assert len(page.prose) == len(source)
    for gone in ("12 routes", "2025", "Pier 7", "000 123", "Quay"):
        assert gone not in page.prose
    for kept in ("Ferry report", "1,210 passengers", "14 times"):
        assert page.prose.index(kept) == source.index(kept)


def unregistered(text: str) -> list[str]:
    """The P001 findings' messages on a page of `text` (nothing of it registered)."""
    page = page_from_text("p.txt", text + "\n", "text")
    report = run_checks(load_registry(REGISTRY), today=TODAY, select=("P001",), page=page)
    return [f.message for f in report.findings]


@pytest.mark.parametrize(
    "phone",
    ["Admissions line 555-0142.", "+44 20 7946 0958", "(020) 7946 0958", "call 0800 000 000"],
)
def test_telephone_numbers_are_not_figures(phone: str) -> None:
    assert unregistered(f"Ferry bookings: {phone}") == []


@pytest.mark.parametrize(
    "figure", ["between 250-1500 people", "in 2023-24", "from 1997-2013", "scored 555 of 1,000"]
)
def test_ranges_and_year_pairs_are_still_figures(figure: str) -> None:
    assert len(unregistered(f"The ferry trust counted {figure} last year.")) == 1


def _template_case(tmp_path: Path, changed: dict[int, int]) -> tuple[Path, Path]:
    """Thirty sentences of one template, the figures of some changed, and registered
    mentions for them and for ten more routes that are not on the page."""
    claims = [
        "version: 1",
        "sources:",
        "  - {id: s, title: S, kind: other, url: 'https://example.org/'}",
        "claims:",
    ]
    sentences = []
    for route in range(40):
        value = 1000 + 13 * route
        claims += [
            f"  - id: route_{route}",
            f"    text: The ferry carried {value:,} passengers on route {route}.",
            "    kind: figure",
            f"    mentions: ['carried {value:,} passengers on route {route}']",
            "    citations: [{source: s}]",
        ]
        if route < 30:
            now = changed.get(route, value)
            sentences.append(f"In May the ferry carried {now:,} passengers on route {route}.")
    (tmp_path / "claims.yaml").write_text("\n".join(claims) + "\n", encoding="utf-8")
    (tmp_path / "page.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    return tmp_path / "page.txt", tmp_path / "claims.yaml"


def test_sentences_of_one_template_are_told_apart_by_their_figures(tmp_path: Path) -> None:
    page, registry = _template_case(tmp_path, {0: 1003, 7: 1094, 21: 1300})
    findings = scan(page, registry)["findings"]
    changed = {f["claim"]: f["message"] for f in findings if f["code"] == "P003"}
    assert sorted(changed) == ["route_0", "route_21", "route_7"]
    assert "'carried 1,094 passengers on route 7'" in changed["route_7"]
    gone = [f for f in findings if f["code"] == "P002"]
    assert sorted(f["claim"] for f in gone) == [f"route_{r}" for r in range(30, 40)]
    assert all(f["severity"] == "warning" and "worded like it" in f["message"] for f in gone)
    # The clean twin: nothing changed, the same ten gone, nothing located.
    twin = tmp_path / "twin"
    twin.mkdir()
    page, registry = _template_case(twin, {})
    assert codes(scan(page, registry)) == ["P002"] * 10


def test_locating_does_not_depend_on_hash_order(tmp_path: Path) -> None:
    """The rarest words tie; they used to be ordered by a set's (hashed) order."""
    page, registry = _template_case(tmp_path, {3: 1111, 12: 1200})
    outputs = set()
    for seed in ("1", "2", "3"):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "claimcheck",
                "scan",
                str(page),
                "-r",
                str(registry),
                "-f",
                "json",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=False,
        )
        document = json.loads(result.stdout)
        document.pop("today", None)
        outputs.add(json.dumps(document, sort_keys=True))
    assert len(outputs) == 1


def test_an_html_page_main_content_leaves_out_the_banner_and_keeps_offsets() -> None:
    from claimcheck.page import page_from_text

    source = (DATA / "rules" / "P001_boilerplate_html" / "page.html").read_text(encoding="utf-8")
    page = page_from_text("page.html", source, "html")
    assert page.main is not None and len(page.main) == len(page.prose) == len(source)
    at = source.index("4,200")
    assert page.main[at : at + 5] == "4,200"  # the article, at its own offset
    banner = source.index("9 cookies")
    assert page.prose[banner : banner + 9] == "9 cookies"  # mentions may still stand there
    assert not page.main[banner : banner + 9].strip()  # figures are not looked for there
    assert "3 stories" not in page.main and "Bridge tolls" not in page.main


def test_a_page_too_short_to_tell_apart_is_read_whole() -> None:
    from claimcheck.page import page_from_text

    page = page_from_text("p.html", "<p>Crossings fell to 4,200 a day.</p>", "html")
    assert page.main is None and page.body == page.prose


def test_a_vague_plural_is_no_unregistered_figure(tmp_path: Path) -> None:
    # "Thousands of" states no figure to register: P001 would ask for a value the page does
    # not give (its statement is P004's). Its twin with a figure is P001.
    registry = tmp_path / "claims.yaml"
    registry.write_text("version: 1\nsources: []\nclaims: []\n", encoding="utf-8")
    vague = tmp_path / "vague.txt"
    vague.write_text("Thousands of people marched through the city.\n", encoding="utf-8")
    figure = tmp_path / "figure.txt"
    figure.write_text("About 4,000 people marched through the city.\n", encoding="utf-8")
    assert "P001" not in codes(scan(vague, registry))
    assert "P001" in codes(scan(figure, registry))


@pytest.mark.parametrize(
    ("mention", "page", "found"),
    [
        ("lost 8", "They lost 8, and drew 3.", True),
        ("lost 8", "They lost 80, and drew 3.", False),
        ("lost 8", "They lost 8.5 on average.", False),
        ("lost 8", "They lost 8,000 in all.", False),
        ("lost 8", "They lost 8 million in all.", False),
        ("lost 8", "They lost 8m in all.", False),
        ("lost 8", "They lost 8\u2009000 in all.", False),
        ("lost 8", "They lost 8. Then they won.", True),
        ("lost 8", "They lost 8 games.", True),
        ("120 over the year", "The change was 120 over the year.", True),
        ("120 over the year", "The change was -120 over the year.", False),
        ("120 over the year", "The change was 1,120 over the year.", False),
        ("120 over the year", "The change was 10-120 over the year.", False),
        ("120 over the year", "The change was 0.120 over the year.", False),
    ],
)
def test_a_mention_starts_and_ends_where_its_figure_does(
    mention: str, page: str, found: bool
) -> None:
    """Review 5, item 2: "lost 8" is not on a page that says "lost 80" (nor 8.5, 8,000, 8
    million), nor "120 over" where it says "-120 over": a figure must end and start where
    the mention's does."""
    index = coverage._Index.of(page)
    assert bool(index.find_all(coverage.normal_text(mention))) is found


@pytest.mark.parametrize("space", ["\u2009", "\u202f", "\u00a0", "&thinsp;", "&#8239;", "&nbsp;"])
def test_a_space_between_digit_groups_is_kept_for_the_figure(space: str) -> None:
    """Review 5, item 6: "1 120" written with a thin, narrow no-break or no-break space (or
    its entity) stays one number in the text figures are read from: U+2009 between the
    groups; a space elsewhere is a plain one."""
    page = page_from_text(
        "p.html", f"<p>Enrolments rose{space}to 1{space}120 students.</p>", "html"
    )
    normal = coverage.normalise(page.prose).text
    assert "to 1\u2009120 students" in normal and "rose to" in normal
    assert coverage.normal_text("to 1\u00a0120 students") == "to 1\u2009120 students"
    assert coverage.normal_text("in 2024 120 students") == "in 2024 120 students"


def test_html_inline_tags_footnote_references_and_soft_hyphens_do_not_part_a_figure() -> None:
    """Review 5, item 11: an inline element inside a number renders no space; a footnote
    reference is no figure; a soft hyphen or zero-width space is skipped. Offsets kept."""
    source = (
        "<p>Harwell received <b>31</b>,240 bids. Fees were <span class='c'>£</span>9,250 a"
        " year.<sup><a href='#fn1'>3</a></sup> Staff: 1,2&shy;04 and 5\u200b6 vans,"
        " 7<!-- note -->0 bikes <em>here</em>.</p>"
    )
    page = page_from_text("p.html", source, "html")
    assert len(page.prose) == len(source)
    normal = coverage.normalise(page.prose).text
    assert "received 31,240 bids" in normal and "were £9,250 a year." in normal
    assert "a year. Staff: 1,204 and 56 vans, 70 bikes here." in normal
    figures = [q.text for q in coverage.page_figures(page.prose)]
    assert figures == ["31,240", "£9,250", "1,204", "56", "70"]
    assert [
        page.prose[q.start : q.end].replace("\x00", "") for q in coverage.page_figures(page.prose)
    ][:2] == ["31,240", "£9,250"]


def test_markdown_emphasis_and_footnote_markers_are_not_text() -> None:
    """Review 5, item 12: emphasis as CommonMark reads it (markdown-it) and footnote
    references are blanked; "2 * 3 * 4", snake_case and unpaired markers are text."""
    source = (
        "# Head **b**\n\nBuses carried **42.5 million** passengers; _87.3%_ on time"
        " and 8%[^1] more.\n\n> quoted **31**,240 and *a\n> b* and 2 * 3 * 4, snake_case_word,"
        " *unpaired.\n\n- item __bold__ <b>12</b>,5 end\n\n[^1]: A note.\n"
    )
    page = page_from_text("p.md", source, "markdown")
    assert len(page.prose) == len(source)
    normal = coverage.normalise(page.prose).text
    assert "Head b" in normal and "carried 42.5 million passengers; 87.3% on time" in normal
    assert "and 8% more." in normal and "quoted 31,240 and a > b and 2 * 3 * 4," in normal
    assert "snake_case_word, *unpaired." in normal and "item bold 12,5 end" in normal
    assert "^1" not in normal
