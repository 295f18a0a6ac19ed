"""Review 19, item 11: a line opening with a figure (or a currency sign, or a bracket) after a
line that ended a sentence starts a sentence of its own, so P001 quotes that sentence alone
("42 players were used.", not the wage bill's sentence before it); where no sentence ended
("fell to" then "412 megalitres a day.", "approx." then "40 grants.") the line goes on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.checks.coverage import sentences
from claimcheck.engine import run_checks
from claimcheck.loader import load_registry
from claimcheck.page import page_from_text
from tests.conftest import TODAY

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


# --- 11: a line opening with a figure after a full stop ------------------------------------


@pytest.mark.parametrize(
    ("before", "line"),
    [
        ("The club's wage bill was £31.2 million, 74% of turnover.", "42 players were used."),
        ("The ward closed in 2024.", "£3.4m was saved on agency staff."),
    ],
)
def test_a_line_opening_with_a_figure_after_a_full_stop_is_its_own_sentence(
    tmp_path: Path, before: str, line: str
) -> None:
    text = f"Report\n\n{before}\n{line}\n"
    said = [text[a:b] for a, b in sentences(text)]
    assert line in said and before in said
    found = scan(tmp_path, "  []\n", text, "text")
    assert any(m.endswith(f"in: {line}") for code, _, m in found if code == "P001"), found


@pytest.mark.parametrize(
    "text",
    [
        "Leakage fell to\n412 megalitres a day.\n",
        "The fund paid approx.\n40 grants.\n",
    ],
)
def test_a_line_opening_with_a_figure_goes_on_where_no_sentence_ended(text: str) -> None:
    assert [text[a:b] for a, b in sentences(text)] == [text.strip()]
