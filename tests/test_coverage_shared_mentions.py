"""Review 19, item 4: two claims registering one statement ("up 5% on the year before" after
both agency spending and emergency admissions). A change in one sentence is the P003 of the
claim whose sentence it is, told by the claims' own words, never by the registry's order; when
the claims' words do not tell, each gets a P002 saying so. `review` goes to, and cards the
claim at, the changed sentence. Two subjects (hospitals, football), each changed either way.
"""

from __future__ import annotations

import json
import re
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


def mentioned(found: Found) -> list[tuple[str, str]]:
    """The findings on claims (P002, P003), the page's unregistered figures aside."""
    return [(code, claim) for code, claim, _ in found if claim]


# --- 4: two claims registering one statement ------------------------------------------------

SHARED = [
    (
        "Northshire hospitals\n\nSpending on agency nurses reached £41.2 million, up 5% on the "
        "year before.\n\nEmergency admissions reached 88,400, up 5% on the year before.\n",
        [
            ("admissions_rise", "Emergency admissions were up 5% on the year before."),
            ("agency_rise", "Agency spending was up 5% on the year before."),
        ],
        "up 5% on the year before",
        (
            "Emergency admissions reached 88,400, up 5%",
            "Emergency admissions reached 88,400, up 7%",
        ),
        ("nurses reached £41.2 million, up 5%", "nurses reached £41.2 million, up 7%"),
    ),
    (
        "Rovers season\n\nTicket sales reached £2.1m, 12% more than the season before.\n\n"
        "Home crowds averaged 14,300, 12% more than the season before.\n",
        [
            ("crowd_rise", "Home crowds were 12% more than the season before."),
            ("ticket_rise", "Ticket sales were 12% more than the season before."),
        ],
        "12% more than the season before",
        ("averaged 14,300, 12% more", "averaged 14,300, 21% more"),
        ("reached £2.1m, 12% more", "reached £2.1m, 21% more"),
    ),
]


def _shared_claims(texts: list[tuple[str, str]], mention: str) -> str:
    return "".join(
        f"  - id: {ident}\n    text: {text}\n    kind: figure\n    value: 5\n"
        f"    mentions: [{mention!r}]\n"
        for ident, text in texts
    )


@pytest.mark.parametrize(("page", "texts", "mention", "first", "second"), SHARED)
def test_a_shared_mention_changed_is_the_p003_of_the_claim_whose_sentence_it_is(
    tmp_path: Path,
    page: str,
    texts: list[tuple[str, str]],
    mention: str,
    first: tuple[str, str],
    second: tuple[str, str],
) -> None:
    claims = _shared_claims(texts, mention)
    assert mentioned(scan(tmp_path, claims, page, "text")) == []  # the clean twin
    own, other = texts[0][0], texts[1][0]
    assert mentioned(scan(tmp_path, claims, page.replace(*first), "text")) == [("P003", own)]
    assert mentioned(scan(tmp_path, claims, page.replace(*second), "text")) == [("P003", other)]


@pytest.mark.parametrize(("page", "texts", "mention", "first", "second"), SHARED)
def test_a_shared_mention_whose_claims_do_not_tell_is_a_p002_never_a_sure_id(
    tmp_path: Path,
    page: str,
    texts: list[tuple[str, str]],
    mention: str,
    first: tuple[str, str],
    second: tuple[str, str],
) -> None:
    """Claims whose words are none of either sentence's, and differ (so that they are not one
    statement registered twice): which of them changed is not known."""
    blind = [(texts[0][0], "A rise on the year."), (texts[1][0], "The rise reported.")]
    claims = _shared_claims(blind, mention)
    found = [f for f in scan(tmp_path, claims, page.replace(*first), "text") if f[1]]
    assert codes(found) == [("P002", blind[0][0]), ("P002", blind[1][0])]
    assert all("do not say which" in m for _, _, m in found)


def test_the_review_goes_to_the_changed_sentence_of_a_shared_mention(tmp_path: Path) -> None:
    page, texts, mention, first, _ = SHARED[0]
    (tmp_path / "page.txt").write_text(page.replace(*first), encoding="utf-8")
    claims = _shared_claims(texts, mention)
    (tmp_path / "claims.yaml").write_text(
        f"version: 1\npage: {{title: T, path: page.txt}}\nclaims:\n{claims}", encoding="utf-8"
    )
    out = tmp_path / "review.html"
    result = runner.invoke(
        app, ["review", str(tmp_path / "claims.yaml"), "--offline", "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    html = out.read_text(encoding="utf-8")
    order = json.loads(html.split('id="problem-order">')[1].split("<")[0])
    mark = re.search(rf'<mark [^>]*id="{order[0]}"[^>]*>', html)
    assert mark is not None
    assert 'data-claim="admissions_rise"' in mark.group() and 'data-rule="P003"' in mark.group()
    # Its card stands beside the changed sentence, not the unchanged one before it.
    card = html.index('id="card-admissions_rise"')
    assert html.index("88,400") < card
