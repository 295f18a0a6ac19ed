"""Review 11's page and currency defects, each planted beside a clean twin.

#8 (its P001 half): a claim the loader leaves out as invalid (R002) still registers the
figures its mentions stand at; its R error is the finding, not an unregistered figure.
#12: a P003 quotes the mention's sentence alone, not a heading above it that starts with
the same word ("# Fees" over "Fees rose to £120").
Currencies: the coverage, consistency and LSP readers take their signs from the one table
(`units.CURRENCY_SIGNS`), so "¥" and "₹" are read as "£", "$" and "€" are.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.lsp.documents import word_at
from claimcheck.lsp.features import _FIGURE

runner = CliRunner()


def verify(where: Path, registry: str, page: str | None = None) -> list[str]:
    """The concise lines of `verify --offline` on the registry (and page), S001 aside."""
    (where / "claims.yaml").write_text(registry, encoding="utf-8")
    if page is not None:
        (where / "page.md").write_text(page, encoding="utf-8")
    result = runner.invoke(
        app, ["verify", "--offline", "-f", "concise", str(where / "claims.yaml")]
    )
    assert result.exit_code in (0, 1), result.output
    lines = result.output.splitlines()[:-1]  # the summary aside
    return [line for line in lines if " S001 " not in line]


def codes(lines: list[str]) -> list[str]:
    return sorted(line.split(": ")[1].split()[0] for line in lines)


# --- #8: an invalid claim's mentions register their figures -------------------------------

INVALID = """\
version: 1
page: {{title: T, path: page.md}}
claims:
  - id: c
    text: {text}
    kind: {kind}
    value: {value}
    mentions: ["{mention}"]
"""
SUBJECTS = [
    ("The gym has 4,875 members.", "4875", "The gym has 4,875 members"),
    ("Fares rose by 4.9% in March.", "4.9", "Fares rose by 4.9% in March"),
]


@pytest.mark.parametrize(("text", "value", "mention"), SUBJECTS)
@pytest.mark.parametrize("kind", ["figgure", "figure"])
def test_an_invalid_claims_figure_is_not_unregistered(
    tmp_path: Path, text: str, value: str, mention: str, kind: str
) -> None:
    page = f"Intro.\n\n{text}\n"
    registry = INVALID.format(text=text, kind=kind, value=value, mention=mention)
    found = codes(verify(tmp_path, registry, page))
    assert found == (["R002"] if kind == "figgure" else [])


@pytest.mark.parametrize(("text", "value", "mention"), SUBJECTS)
def test_a_figure_no_invalid_claim_mentions_is_still_unregistered(
    tmp_path: Path, text: str, value: str, mention: str
) -> None:
    page = f"Intro.\n\n{text} The pool holds 312 swimmers.\n"
    registry = INVALID.format(text=text, kind="figgure", value=value, mention=mention)
    lines = verify(tmp_path, registry, page)
    assert codes(lines) == ["P001", "R002"]
    assert "unregistered figure 312 " in next(line for line in lines if " P001 " in line)


# --- #12: a P003 quotes the sentence alone ------------------------------------------------

HEADED = """\
version: 1
page: {{title: T, path: page.md}}
claims:
  - id: c
    text: {mention}.
    kind: figure
    value: {value}
    unit: {unit}
    mentions: ["{mention}"]
"""
#: A heading, the sentence under it, the unit, and the mention as registered (the figure
#: changed since) and as the page now says it, with their values.
HEADINGS = [
    (
        "Fees",
        "Fees rose to £120 this year.",
        "GBP",
        ("Fees rose to £100", "100"),
        ("Fees rose to £120", "120"),
    ),
    (
        "Visitors",
        "Visitors spent 14.3 million nights here.",
        "million nights",
        ("Visitors spent 12.1 million nights", "12.1"),
        ("Visitors spent 14.3 million nights", "14.3"),
    ),
]
Said = tuple[str, str]


@pytest.mark.parametrize(("heading", "sentence", "unit", "then", "now"), HEADINGS)
@pytest.mark.parametrize("above", ["# {}\n\n", "{}\n===\n\n", "Intro.\n\n"])
def test_a_p003_quotes_the_sentence_not_the_heading_above_it(
    tmp_path: Path, heading: str, sentence: str, unit: str, then: Said, now: Said, above: str
) -> None:
    page = above.format(heading) + sentence + "\n"
    registry = HEADED.format(mention=then[0], value=then[1], unit=unit)
    lines = verify(tmp_path, registry, page)
    assert codes(lines) == ["P003"]
    assert f"the page now says {now[0]!r} where" in lines[0]


@pytest.mark.parametrize(("heading", "sentence", "unit", "then", "now"), HEADINGS)
def test_the_unchanged_sentence_under_its_heading_is_clean(
    tmp_path: Path, heading: str, sentence: str, unit: str, then: Said, now: Said
) -> None:
    registry = HEADED.format(mention=now[0], value=now[1], unit=unit)
    assert codes(verify(tmp_path, registry, f"# {heading}\n\n{sentence}\n")) == []


# --- currencies from the one table ---------------------------------------------------------

SIGNS = ["£", "$", "€", "¥", "₹"]
MONEY_FOR_COUNT = """\
version: 1
claims:
  - id: c
    text: The gym has 4875 members.
    kind: figure
    value: 4875
    unit: {unit}
    mentions: ["{mention}"]
"""


@pytest.mark.parametrize("sign", SIGNS)
def test_a_sign_before_a_counts_figure_is_read(tmp_path: Path, sign: str) -> None:
    # consistency._plain_at: a figure after a sign is no plain statement of a count.
    registry = MONEY_FOR_COUNT.format(unit="members", mention=f"The gym has {sign}4875 members")
    assert codes(verify(tmp_path, registry)) == ["C001"]
    twin = MONEY_FOR_COUNT.format(unit="members", mention="The gym has 4875 members")
    assert codes(verify(tmp_path, twin)) == []


RANGE = """\
version: 1
claims:
  - id: c
    text: The works cost {value}.
    kind: figure
    value: {value}
    mentions: ["The works cost {mention}"]
"""


@pytest.mark.parametrize("sign", SIGNS)
def test_a_range_whose_second_end_has_a_sign_and_the_scale_is_read(
    tmp_path: Path, sign: str
) -> None:
    # consistency._SCALED_AFTER: "9 to ¥10 billion" is 9 billion, not a plain 9.
    registry = RANGE.format(value="9", mention=f"9 to {sign}10 billion")
    assert codes(verify(tmp_path, registry)) == ["C001"]
    assert codes(verify(tmp_path, RANGE.format(value="9", mention="9 to 10"))) == []


TEMPLATE = """\
version: 1
page: {{title: T, path: page.md}}
claims:
  - id: cost
    text: The bridge was built for 4.2m.
    kind: figure
    value: 4.2
    unit: {code} million
    mentions: ["for {sign}4.2m"]
  - id: spend
    text: Spending on the scheme totalled 40 crore.
    kind: figure
    value: 40
    unit: {code} crore
    mentions: ["Spending on the scheme totalled {sign}40 crore"]
"""
CODES = {"£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY", "₹": "INR"}


@pytest.mark.parametrize("sign", SIGNS)
def test_a_changed_figure_after_a_sign_is_located(tmp_path: Path, sign: str) -> None:
    # coverage._MAY_START_FIGURE (a mention of few words, "for ¥4.2m") and coverage._runs_on
    # (a line that starts with a sign goes on with the sentence above it).
    registry = TEMPLATE.format(sign=sign, code=CODES[sign])
    page = (
        f"The bridge was built for {sign}4.2bn in all.\n\n"
        f"Spending on the scheme totalled\n{sign}42 crore last year.\n"
    )
    lines = verify(tmp_path, registry, page)
    assert codes(lines) == ["P003", "P003"]
    assert f"the page now says 'for {sign}4.2bn'" in lines[0]
    assert f"'Spending on the scheme totalled {sign}42 crore'" in lines[1]
    twin = page.replace("4.2bn", "4.2m").replace("42 crore", "40 crore")
    assert codes(verify(tmp_path, registry, twin)) == []


@pytest.mark.parametrize("sign", SIGNS)
def test_a_hover_on_a_page_figure_covers_its_sign(sign: str) -> None:
    source = f"It cost {sign}4.2bn in all."
    start = source.index(sign)
    assert word_at(source, start + 2, _FIGURE) == (start, start + len(f"{sign}4.2bn"))
