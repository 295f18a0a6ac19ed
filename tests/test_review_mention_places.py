"""`claimcheck review` highlights each mention where `scan` places it (engine follow-ups of
reviews 19 and 22): found by scan's own matching (`coverage.MentionFinder`: a table's row
written with pipes stands at an HTML row's cells), and a statement two claims register ("12%
more than the season before" after two figures) at the place scan gives each claim, never at
the other claim's sentence as well. Each case planted and with its clean twin, on several
subjects (a city budget, hospital waiting lists, a football season, glaciers).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()

Marks = list[tuple[str, str, str]]


class _Marks(HTMLParser):
    """The review's highlights in document order: (claim, rule, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[dict[str, str], list[str]]] = []
        self.open: list[tuple[dict[str, str], list[str]] | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "mark":
            return
        found: tuple[dict[str, str], list[str]] = ({k: v or "" for k, v in attrs}, [])
        is_hl = "hl" in found[0].get("class", "").split()
        if is_hl:
            self.found.append(found)
        self.open.append(found if is_hl else None)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for found in self.open:
            if found is not None:
                found[1].append(data)


def marks(html: str) -> Marks:
    parsed = _Marks()
    parsed.feed(html)
    parsed.close()
    return [
        (attrs["data-claim"], attrs.get("data-rule", ""), "".join(text))
        for attrs, text in parsed.found
    ]


def claimed(found: Marks) -> list[tuple[str, str]]:
    """The claims' highlights (the page's unregistered figures aside), in the page's order."""
    return [(claim, rule) for claim, rule, _ in found if claim]


def review(where: Path, page: str, name: str, claims: str, *extra: str) -> tuple[int, str]:
    where.mkdir(parents=True, exist_ok=True)
    (where / name).write_text(page, encoding="utf-8")
    registry = where / "claims.yaml"
    registry.write_text(
        f"version: 1\npage: {{title: T, path: {name}}}\nclaims:\n{claims}", encoding="utf-8"
    )
    out = where / "review.html"
    result = runner.invoke(
        app,
        ["review", str(registry), "--offline", "--today", "2026-12-01", "-o", str(out), *extra],
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, out.read_text(encoding="utf-8")


def scan_codes(where: Path) -> list[str]:
    result = runner.invoke(app, ["scan", "-r", str(where / "claims.yaml"), "-f", "concise"])
    assert result.exit_code in (0, 1), result.output
    return re.findall(r"\b(P00\d)\b", result.stdout)


def not_found_section(html: str) -> str:
    """The claims the review lists as not found on the page (the section after the page)."""
    return html.split('<section id="elsewhere">')[1] if 'id="elsewhere"' in html else ""


# --- 1: a table row written with pipes, in an HTML table ----------------------------------

TABLES = [
    (
        "<html><head><title>City budget 2025</title></head><body>\n"
        "<h1>City budget 2025</h1>\n<p>The council set its budget for the year.</p>\n"
        "<table>\n<tr><th>Service</th><th>Cost</th></tr>\n"
        "<tr><td>Waste collection</td><td>£46.3m</td></tr>\n"
        "<tr><td>Street lighting</td><td>£12.1m</td></tr>\n</table>\n</body></html>\n",
        [
            ("waste", "Waste collection cost £46.3m.", 46.3, "Waste collection | £46.3m"),
            ("lighting", "Street lighting cost £12.1m.", 12.1, "Street lighting | £12.1m"),
        ],
        ("£46.3m", "£48.3m"),
    ),
    (
        "<html><head><title>Waiting lists</title></head><body>\n"
        "<h1>Waiting lists at Northshire hospitals</h1>\n"
        "<table>\n<thead><tr><th>Specialty</th><th>Patients waiting</th></tr></thead>\n"
        "<tbody><tr><td>Cardiology</td><td>4,210</td></tr>\n"
        "<tr><td>Trauma and orthopaedics</td><td>7,985</td></tr></tbody>\n"
        "</table>\n</body></html>\n",
        [
            ("cardiology", "4,210 patients waited for cardiology.", 4210, "Cardiology | 4,210"),
            (
                "orthopaedics",
                "7,985 patients waited for orthopaedics.",
                7985,
                "Trauma and orthopaedics | 7,985",
            ),
        ],
        ("7,985", "7,958"),
    ),
]


def _table_claims(rows: list[tuple[str, str, float, str]]) -> str:
    return "".join(
        f"  - id: {ident}\n    text: {text}\n    kind: figure\n    value: {value}\n"
        f"    mentions: [{mention!r}]\n"
        for ident, text, value, mention in rows
    )


@pytest.mark.parametrize(("page", "rows", "change"), TABLES)
def test_a_table_row_written_with_pipes_is_highlighted_where_scan_finds_it(
    tmp_path: Path, page: str, rows: list[tuple[str, str, float, str]], change: tuple[str, str]
) -> None:
    claims = _table_claims(rows)
    # The clean page: scan finds every row, and so does review: each claim's cells marked,
    # none listed as not found on the page.
    _, html = review(tmp_path / "clean", page, "page.html", claims)
    assert scan_codes(tmp_path / "clean") == []
    found = marks(html)
    for ident, _, _, mention in rows:
        label, cell = (part.strip() for part in mention.split("|"))
        texts = [text for claim, rule, text in found if claim == ident and not rule]
        assert texts == [label, cell], (ident, found)
        assert f"card-{ident}" not in not_found_section(html)
    # The planted change: the row's figure is another on the page. It is not highlighted as
    # found as written; scan's P003 places it, and review marks it with that rule.
    changed = next(ident for ident, *_, mention in rows if change[0] in mention)
    _, html = review(tmp_path / "changed", page.replace(*change), "page.html", claims)
    assert "P003" in scan_codes(tmp_path / "changed")
    found = marks(html)
    assert [rule for claim, rule, _ in found if claim == changed] == ["P003"], found
    assert [text for claim, rule, text in found if claim == changed] == [change[1]]


# --- 2: one statement two claims register, after two figures ------------------------------

SHARED = [
    (
        "Rovers season\n\nTicket sales reached £2.1m, 12% more than the season before.\n\n"
        "Home crowds averaged 14,300, 12% more than the season before.\n",
        # The claim of the second sentence first in the registry: the registry's order is not
        # the page's.
        [
            ("crowd_rise", "Home crowds were 12% more than the season before."),
            ("ticket_rise", "Ticket sales were 12% more than the season before."),
        ],
        "12% more than the season before",
        ("averaged 14,300, 12% more", "averaged 14,300, 21% more"),
        ("reached £2.1m, 12% more", "reached £2.1m, 21% more"),
    ),
    (
        "Alpine glaciers\n\nThe Rhone glacier lost 2.1 metres of ice, 40% more than the decade "
        "before.\n\nThe Aletsch glacier retreated 51 metres, 40% more than the decade before.\n",
        [
            ("aletsch_retreat", "The Aletsch glacier retreat was 40% more than the decade before."),
            ("rhone_loss", "The Rhone glacier lost ice 40% more than the decade before."),
        ],
        "40% more than the decade before",
        ("51 metres, 40% more", "51 metres, 45% more"),
        ("of ice, 40% more", "of ice, 45% more"),
    ),
]


def _shared_claims(texts: list[tuple[str, str]], mention: str) -> str:
    return "".join(
        f"  - id: {ident}\n    text: {text}\n    kind: figure\n    value: 12\n"
        f"    mentions: [{mention!r}]\n"
        for ident, text in texts
    )


@pytest.mark.parametrize(("page", "texts", "mention", "second", "first"), SHARED)
def test_a_shared_statement_is_highlighted_once_for_each_claim_at_its_own_sentence(
    tmp_path: Path,
    page: str,
    texts: list[tuple[str, str]],
    mention: str,
    second: tuple[str, str],
    first: tuple[str, str],
) -> None:
    claims = _shared_claims(texts, mention)
    later, earlier = texts[0][0], texts[1][0]  # the claims of the second and first sentences
    # The clean page: each claim at its own sentence, once (not at both).
    _, html = review(tmp_path / "clean", page, "page.txt", claims)
    assert claimed(marks(html)) == [(earlier, ""), (later, "")]
    # The second sentence changed: its claim is at its P003 (the changed sentence) only, never
    # at the first sentence, whose words still stand unchanged: that place is the other's.
    _, html = review(tmp_path / "second", page.replace(*second), "page.txt", claims)
    assert claimed(marks(html)) == [(earlier, ""), (later, "P003")]
    # The first changed: the same, the other way round.
    _, html = review(tmp_path / "first", page.replace(*first), "page.txt", claims)
    assert claimed(marks(html)) == [(earlier, "P003"), (later, "")]


@pytest.mark.parametrize(("page", "texts", "mention", "second", "first"), SHARED)
def test_the_places_are_scans_whatever_rules_the_report_holds(
    tmp_path: Path,
    page: str,
    texts: list[tuple[str, str]],
    mention: str,
    second: tuple[str, str],
    first: tuple[str, str],
) -> None:
    """With the P rules ignored by the config, the report has no P003 to tell where the
    changed claim went: the highlights are still placed as scan places them."""
    config = tmp_path / "claimcheck.toml"
    config.write_text('ignore = ["P"]\n', encoding="utf-8")
    claims = _shared_claims(texts, mention)
    later, earlier = texts[0][0], texts[1][0]
    _, html = review(
        tmp_path / "p", page.replace(*second), "page.txt", claims, "--config", str(config)
    )
    assert claimed(marks(html)) == [(earlier, "")]
    _, html = review(tmp_path / "clean", page, "page.txt", claims, "--config", str(config))
    assert claimed(marks(html)) == [(earlier, ""), (later, "")]


def test_claims_whose_words_do_not_tell_are_each_marked_at_each_place(tmp_path: Path) -> None:
    """Claims whose own words are none of either sentence's, and differ: which place is
    whose is not known, so each place is marked for both (as scan counts both there)."""
    page, _, mention, _, _ = SHARED[0]
    blind = [("crowd_rise", "A rise on the year."), ("ticket_rise", "The rise reported.")]
    _, html = review(tmp_path, page, "page.txt", _shared_claims(blind, mention))
    pairs = claimed(marks(html))
    assert sorted(pairs) == sorted([("crowd_rise", ""), ("ticket_rise", "")] * 2)


def test_one_claim_repeating_its_statement_is_marked_at_every_place(tmp_path: Path) -> None:
    """A statement one claim registers once and the page repeats: every place is that
    claim's (scan reads its figure there), as before."""
    page = (
        "Rovers season\n\nHome crowds averaged 14,300 this season.\n\n"
        "In short: home crowds averaged 14,300 this season.\n"
    )
    claims = (
        "  - id: crowds\n    text: Home crowds averaged 14,300.\n    kind: figure\n"
        "    value: 14300\n    mentions: ['crowds averaged 14,300']\n"
    )
    _, html = review(tmp_path, page, "page.txt", claims)
    assert claimed(marks(html)) == [("crowds", ""), ("crowds", "")]
