"""One list of the words that make a time a comparison's base ("relative to 2023", "on
2023", "compared to 2022", "since 2012") and of the words that make it another figure's
("the 2019 baseline"), `lexicon.COMPARISON_BASE` and `lexicon.OTHER_FIGURE`, read alike by
the page check (P003), the drafts (`extract`), a source's figure (`sources.aspects`) and the
claim's date (C015). Each reader had a list of its own: "relative to 2023" was a base to
two and the figure's own time to P003 and `extract`, which then reported a changed figure
(error P003 "period 2024 -> '2023'") or drafted the base as the period. Every case is
planted beside a twin whose time is the figure's own, on two subjects.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from claimcheck import lexicon
from claimcheck.cli import app
from claimcheck.quantity import find_quantities
from claimcheck.sources.aspects import figure_aspects

runner = CliRunner()

REGISTRY = """\
version: 1
page: {{title: T, path: page.md}}
claims:
  - id: c
    text: {mention} in {period}.
    kind: figure
    value: {value}
    unit: percent
    period: {period}
    mentions: ["{mention}"]
"""

# (page, mention, value, the claim's period, whether P003 must report a changed time)
PAGES = [
    # planted: the time after the figure is the comparison's base, not the figure's
    ("In 2024 fees rose 5% relative to 2023.", "fees rose 5%", "5", "2024", False),
    ("In 2025 ridership grew 7% compared to 2024.", "ridership grew 7%", "7", "2025", False),
    ("In 2024 fees rose 5% compared to the end of 2023.", "fees rose 5%", "5", "2024", False),
    ("In 2025 ridership grew 7% over 2024.", "ridership grew 7%", "7", "2025", False),
    # planted: the time names another figure ("the 2019 baseline")
    (
        "In 2024 emissions were 12% below the 2019 baseline.",
        "emissions were 12% below",
        "12",
        "2024",
        False,
    ),
    (
        "In 2025 waiting lists were 9% above the 2018 baseline.",
        "waiting lists were 9% above",
        "9",
        "2025",
        False,
    ),
    # twins: the time is the figure's own, and not the claim's
    ("In 2023 fees rose 5% relative to 2022.", "fees rose 5%", "5", "2024", True),
    ("In 2024 ridership grew 7% compared to 2023.", "ridership grew 7%", "7", "2025", True),
    ("Emissions were 12% below baseline in 2019.", "Emissions were 12% below", "12", "2024", True),
    (
        "Waiting lists were 9% above the baseline in 2018.",
        "Waiting lists were 9% above",
        "9",
        "2025",
        True,
    ),
    # a day after "on" is when, not a base ("on 30 June 2025"): its own, and not the claim's
    ("Ridership grew 7% on 30 June 2025.", "Ridership grew 7%", "7", "2024", True),
    ("Fees rose 5% on 1 March 2023.", "Fees rose 5%", "5", "2024", True),
    # twins: the time is the figure's own, and the claim's
    ("Fees rose 5% in 2024, relative to 2023.", "Fees rose 5%", "5", "2024", False),
    ("Fees rose 5% on 2023.", "Fees rose 5%", "5", "2024", False),
]


@pytest.mark.parametrize(("page", "mention", "value", "period", "changed"), PAGES)
def test_page_time_of_a_mention(
    tmp_path: Path, page: str, mention: str, value: str, period: str, changed: bool
) -> None:
    (tmp_path / "claims.yaml").write_text(
        REGISTRY.format(mention=mention, value=value, period=period), encoding="utf-8"
    )
    (tmp_path / "page.md").write_text(page + "\n", encoding="utf-8")
    result = runner.invoke(
        app, ["verify", "--offline", "-f", "concise", str(tmp_path / "claims.yaml")]
    )
    assert result.exit_code in (0, 1), result.output
    p003 = [line for line in result.output.splitlines() if " P003 " in line]
    if changed:
        assert len(p003) == 1 and f"period {period} ->" in p003[0], result.output
    else:
        assert not p003, result.output


# (page, the period `extract` must draft, or None for none)
DRAFTS = [
    ("Rents rose 4.1% relative to 2022.", None),
    ("In 2024 rents rose 4.1% relative to 2022.", "2024"),
    ("Bus fares were 6% below the 2019 baseline.", None),
    ("In 2025 bus fares were 6% below the 2019 baseline.", "2025"),
    ("Rents rose 4.1% over 2022.", None),
    # twins: the figure's own time
    ("Rents rose 4.1% in 2022.", "2022"),
    ("Bus fares rose 6% over the year to March 2025.", "year to March 2025"),
    ("Bus fares rose 6% from 2019 to 2024.", "2019/2024"),
]


@pytest.mark.parametrize(("page", "period"), DRAFTS)
def test_drafted_period(tmp_path: Path, page: str, period: str | None) -> None:
    (tmp_path / "claims.yaml").write_text(
        "version: 1\npage: {title: T, path: page.md}\n", encoding="utf-8"
    )
    (tmp_path / "page.md").write_text(page + "\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["extract", "--append", "-r", str(tmp_path / "claims.yaml"), str(tmp_path / "page.md")],
    )
    assert result.exit_code == 0, result.output
    claims = yaml.safe_load((tmp_path / "claims.yaml").read_text(encoding="utf-8"))["claims"]
    figures = [c for c in claims if c.get("kind") == "figure"]
    assert len(figures) == 1, claims
    assert figures[0].get("period") == period, figures[0]


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Rents rose 4.1% relative to 2022.", None),
        ("Rents rose 4.1% in 2023 relative to 2022.", "2023"),
        ("Bus fares were 6% below the 2019 baseline.", None),
        ("Bus fares were 6% below baseline in 2019.", "2019"),
    ],
)
def test_source_figure_time(text: str, when: str | None) -> None:
    found = find_quantities(text)
    figure = next(q for q in found if not q.is_year)
    times = [q for q in found if q.is_year or q.period is not None or q.date is not None]
    told = figure_aspects(text, figure, (0, len(text)), (0, len(text)), times)
    assert told.when_text == when, told


@pytest.mark.parametrize(
    ("before", "word"),
    [
        ("up 5% relative to ", "relative to"),
        ("higher than in ", "than"),
        ("compared with the end of ", "compared with"),
        ("down 3% on ", "on"),
        ("two years on from the ", "from"),
        ("a salon ", None),
        ("rose 5% in ", None),
    ],
)
def test_comparison_base_word(before: str, word: str | None) -> None:
    assert lexicon.comparison_base(before, len(before)) == word
