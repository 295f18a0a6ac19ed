# ruff: noqa: E501  (the pages' paragraphs are one line each, as pages write them)
"""A review of the authoring commands (review 10): `extract` and `init --from` drafted what
the page does not say (a date as figures 5 and 20, front matter as prose, a comparison's base
as a figure's period, a range as two exact figures, a table cell with no unit or time), left
times out without a word, and drafted entries that failed claimcheck's own checks at once
(C010, L010, a source id taken by a claim). Each case is planted on pages of several subjects
(tests/data/drafting/review10.yaml) with a twin that must draft as before, and every page's
drafts, appended, verify with no error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
CASES = yaml.safe_load(
    (Path(__file__).parent / "data" / "drafting" / "review10.yaml").read_text(encoding="utf-8")
)["cases"]


def _registry(page: str, as_of: str | None = None, claims: str = "") -> str:
    head = f"version: 1\npage:\n  title: A page\n  path: {page}\n"
    head += f"  as_of: {as_of}\n" if as_of else ""
    return head + (f"claims:\n{claims}" if claims else "")


def _extract(tmp_path: Path, case: dict[str, Any]) -> tuple[list[dict[str, Any]], str, Path]:
    page = tmp_path / case["page"]
    page.write_text(case["text"], encoding="utf-8")
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        _registry(page.name, case.get("as_of"), case.get("registry_claims", "")), encoding="utf-8"
    )
    result = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
    assert result.exit_code == 0, result.stderr
    claims = yaml.safe_load(registry.read_text(encoding="utf-8")).get("claims") or []
    drafted = [c for c in claims if (c.get("review") or {}).get("note", "").startswith("drafted")]
    return drafted, result.stderr, registry


def _errors(registry: Path, today: str = "2025-07-01") -> list[dict[str, Any]]:
    verified = runner.invoke(
        app, ["verify", str(registry), "--offline", "--today", today, "-f", "json"]
    )
    report = json.loads(verified.stdout)
    return [f for f in report["findings"] if f["severity"] == "error" or f["code"] == "C010"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_each_draft_states_what_its_sentence_says(tmp_path: Path, case: dict[str, Any]) -> None:
    drafted, stderr, registry = _extract(tmp_path, case)
    for want in case.get("drafts", []):
        matches = [d for d in drafted if d.get("value") == want["value"]]
        assert matches, f"no draft of {want['value']!r} in {drafted}"
        draft = matches[0]
        for key, value in want.items():
            if key == "absent":
                assert not set(value) & set(draft), f"{draft} has one of {value}"
            elif key != "value":
                assert draft.get(key) == value, f"{key}: {draft}"
    for text in case.get("not_drafted", []):
        assert not any(text in m for d in drafted for m in d["mentions"]), drafted
    if "count" in case:
        assert len(drafted) == case["count"], drafted
    for why in case.get("skipped", []):
        assert why in stderr
    assert _errors(registry) == []  # the drafts pass claimcheck's own checks (and no C010)


def test_a_source_id_avoids_the_claims_ids(tmp_path: Path) -> None:
    """A drafted source whose id a claim holds was refused ("the id `budget_book` is already
    used"); it takes the next free id, on two subjects, and its twin keeps its plain id."""
    for words, taken in (("budget book", "budget_book"), ("league tables", "league_tables")):
        page = tmp_path / f"{taken}.md"
        page.write_text(
            f"# T\n\nDebt stood at £3 billion in 2024, says the [{words}](https://example.org/{taken}).\n",
            encoding="utf-8",
        )
        for claim, expected in ((taken, f"{taken}_2"), ("other", taken)):
            registry = tmp_path / "claims.yaml"
            registry.write_text(
                _registry(
                    page.name, claims=f"  - {{id: {claim}, text: T, kind: fact, mentions: [T]}}\n"
                ),
                encoding="utf-8",
            )
            result = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
            assert result.exit_code == 0, result.stderr
            loaded = yaml.safe_load(registry.read_text(encoding="utf-8"))
            assert [s["id"] for s in loaded["sources"]] == [expected]
            assert loaded["claims"][-1]["citations"] == [{"source": expected}]


def test_a_reference_list_item_titles_its_bare_address(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "Season review\n\nAverage attendance was 11,482 [1]. Turnover reached £18.7m [2].\n\n"
        "Sources\n1. League attendance tables, https://www.efl-example.com/attendance-2025\n"
        "2. https://rovers.example.co.uk/accounts-2025.pdf\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(page)])
    assert result.exit_code == 0, result.stderr
    out = yaml.safe_load(result.stdout)
    titles = {s["url"]: (s["id"], s["title"]) for s in out["sources"]}
    assert titles["https://www.efl-example.com/attendance-2025"] == (
        "league_attendance_tables",
        "League attendance tables",
    )
    # An item with no words before its address keeps the address as its title.
    assert titles["https://rovers.example.co.uk/accounts-2025.pdf"][1] == (
        "https://rovers.example.co.uk/accounts-2025.pdf"
    )


def test_a_link_verify_would_refuse_is_no_drafted_source(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><main><h1>Report</h1>"
        '<p>Spending hit £3.2bn in 2024, per <a href="javascript:alert(1)">the ledger</a>.</p>'
        '<p>Visits rose to 1.2 million in 2024 (<a href="https://user:pass@example.org/visits">visits data</a>).</p>'
        '<p>There were 77 incidents in 2024, see <a href="https://example.org/inc">the incidents report</a>.</p>'
        "</main></body></html>",
        encoding="utf-8",
    )
    registry = tmp_path / "claims.yaml"
    registry.write_text(_registry(page.name), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
    assert result.exit_code == 0, result.stderr
    loaded = yaml.safe_load(registry.read_text(encoding="utf-8"))
    assert [s["url"] for s in loaded["sources"]] == ["https://example.org/inc"]
    assert _errors(registry) == []


TABLE = """# Water company performance

| Measure | 2023/24 | 2024/25 |
|---|---:|---:|
| Customers (millions) | 5.5 | 5.6 |
| Spending (£m) | 410 | 452 |

| Region | Cases |
|---|---:|
| London | 1,102 |
| West Midlands | 843 |
"""


def test_a_table_cell_is_drafted_from_its_row_and_column(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(TABLE, encoding="utf-8")
    registry = tmp_path / "claims.yaml"
    registry.write_text(_registry(page.name), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
    assert result.exit_code == 0, result.stderr
    claims = {c["text"]: c for c in yaml.safe_load(registry.read_text(encoding="utf-8"))["claims"]}
    customers = claims["Customers (millions), 2024/25: 5.6"]
    assert (customers["value"], customers["unit"], customers["period"]) == (
        5.6,
        "million",
        "2024/25",
    )
    assert customers["mentions"] == ["Customers (millions) | 5.5 | 5.6"]
    # The mention check reads a cell without its label: a currency or "m" from the label
    # would fail it (C001), so the notes say the unit instead.
    spending = claims["Spending (£m), 2023/24: 410"]
    assert "unit" not in spending and spending["measure"] == "Spending"
    assert "(£m)" in spending["notes"]
    assert spending["mentions"] == ["Spending (£m) | 410"]
    london = claims["London, Cases: 1,102"]
    assert london["mentions"] == ["London | 1,102"] and "period" not in london
    assert "|" not in "".join(claims)  # no text is a row of pipes
    assert _errors(registry) == []
    # A cell changed on the page is a P003 error where its row stands; its twin, unchanged,
    # is none.
    for was, now in (("| 1,102 |", "| 1,120 |"), ("| 410 |", "| 401 |"), ("| 5.5 |", "| 5.8 |")):
        page.write_text(TABLE.replace(was, now), encoding="utf-8")
        codes = [f["code"] for f in _errors(registry)]
        assert "P003" in codes, now
    page.write_text(TABLE, encoding="utf-8")
    assert _errors(registry) == []


def test_append_refuses_a_page_the_registry_does_not_name(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text("# A\n\nThe fleet has 260 buses.\n", encoding="utf-8")
    (tmp_path / "other.md").write_text(
        "# B\n\nThe hospital treated 9,999 patients.\n", encoding="utf-8"
    )
    registry = tmp_path / "claims.yaml"
    registry.write_text(_registry("page.md"), encoding="utf-8")
    before = registry.read_bytes()
    result = runner.invoke(
        app, ["extract", str(tmp_path / "other.md"), "-r", str(registry), "--append"]
    )
    assert result.exit_code == 2
    assert "the registry's page is page.md (page.path), not" in result.stderr
    assert registry.read_bytes() == before
    # The registry's own page, however its path is spelt, is drafted into it.
    (tmp_path / "sub").mkdir()
    spelt = tmp_path / "sub" / ".." / "page.md"
    result = runner.invoke(app, ["extract", str(spelt), "-r", str(registry), "--append"])
    assert result.exit_code == 0, result.stderr
    assert "260" in registry.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "text", "title", "url"),
    [
        (
            "fm.md",
            '---\ntitle: "Regional housing report 2025"\ndate: 2025-05-20\ncanonical_url: https://housing.example.org/r\n---\n\n# Housing\n\nHouse prices rose 3.4% in 2024.\n',
            "Regional housing report 2025",
            "https://housing.example.org/r",
        ),
        (
            "fm2.md",
            "---\ntitle: Housing 2025\n---\n\nHouse prices rose 3.4% in 2024.\n",
            "Housing 2025",
            None,
        ),
        (
            "setext.md",
            "Regional housing report\n=======================\n\nHouse prices rose 3.4% in 2024.\n",
            "Regional housing report",
            None,
        ),
        ("plain.md", "# Housing\n\nHouse prices rose 3.4% in 2024.\n", "Housing", None),
        (
            "page.html",
            '<html><head><title>Evil &#x202e;title&#x1b;[31m</title><link rel="canonical" href="javascript:alert(1)">'
            '<meta property="og:url" content="https://ok.example.org/page"></head><body><main><p>House prices rose 3.4% in 2024.</p></main></body></html>',
            "Evil title[31m",
            "https://ok.example.org/page",
        ),
        (
            "good.html",
            '<html><head><title>Housing</title><link rel="canonical" href="https://ok.example.org/canonical">'
            '<meta property="og:url" content="https://ok.example.org/og"></head><body><main><p>House prices rose 3.4% in 2024.</p></main></body></html>',
            "Housing",
            "https://ok.example.org/canonical",
        ),
    ],
)
def test_init_from_takes_the_page_s_own_title_and_address(
    tmp_path: Path, name: str, text: str, title: str, url: str | None
) -> None:
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    registry = tmp_path / "claims.yaml"
    result = runner.invoke(app, ["init", str(registry), "--from", str(page)])
    assert result.exit_code == 0, result.stderr
    written = registry.read_text(encoding="utf-8")
    loaded = yaml.safe_load(written)
    assert loaded["page"]["title"] == title
    assert loaded["page"].get("url") == url
    assert [c["value"] for c in loaded["claims"]] == [3.4]
    # The schema line says how to write the file it names.
    assert written.startswith("# yaml-language-server: $schema=./claims.schema.json\n")
    assert "`claimcheck schema -o claims.schema.json` writes that file" in written
    assert _errors(registry, "2025-07-01") == []


@pytest.mark.parametrize(
    ("text", "today", "stale"),
    [
        # The financial year 2025/26 runs until 2026: not passed in February 2026.
        (
            "The council will spend £42.5 million on roads in 2025/26, according to the budget book.",
            "2026-02-01",
            False,
        ),
        ("The council will spend £42.5 million on roads in 2025/26.", "2026-02-01", False),
        (
            "The council will spend £42.5 million on roads in 2025/26, according to the budget book.",
            "2027-02-01",
            True,
        ),
        ("The depot will close in 2026, the council said.", "2027-02-01", True),
        ("The depot will close in 2026, the council said.", "2026-02-01", False),
    ],
)
def test_a_future_statement_s_year_pair_ends_with_its_second_year(
    tmp_path: Path, text: str, today: str, stale: bool
) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        f"version: 1\npage: {{title: B}}\nclaims:\n  - {{id: a, text: {json.dumps(text)}, kind: figure, value: 42.5, unit: GBP million}}\n",
        encoding="utf-8",
    )
    verified = runner.invoke(
        app, ["verify", str(registry), "--offline", "--today", today, "-f", "json"]
    )
    found = [f["message"] for f in json.loads(verified.stdout)["findings"] if f["code"] == "T001"]
    assert bool(found) == stale, found
    assert not any("2025 has passed" in m for m in found)
