# ruff: noqa: E501  (the pages' paragraphs are one line each, as pages write them)
"""`extract`: one draft per figure, each passing claimcheck's own checks, citing its links.

Three pages on three subjects (a labour-market bulletin in Markdown, a news story in HTML with
navigation, an aside and a footer, a plain-text schools report), each with the figures a reader
finds on it and their values: every figure is drafted with its value or left out and counted,
and the drafts, appended, verify with no error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry

runner = CliRunner()

BULLETIN = """# Labour market overview, UK: May 2025

## Main points

* The UK employment rate for people aged 16 to 64 years was estimated at **75.1%** in January to March 2025, up 0.2 percentage points on the quarter.
* The unemployment rate was estimated at 4.5% in January to March 2025, according to the [Labour Force Survey](https://www.ons.gov.uk/employmentandlabourmarket/lfs).
* There were an estimated 781,000 vacancies in February to April 2025, down 42,000 on the quarter.
* Payrolled employees numbered 30.3 million in April 2025.

Annual growth in regular earnings was 5.6% in January to March 2025. Total pay grew by 5.5% over the same period.

The economic inactivity rate was 21.4% in January to March 2025. About 9.3 million people aged 16 to 64 were economically inactive.

Around 1.6 million people were unemployed, more than 400,000 of them for over a year. COVID-19 changed the survey in 2020.

Working days lost to strikes were 56,000 in March 2025 [1].

## Sources

1. [Labour disputes, March 2025](https://www.ons.gov.uk/labourdisputes/march2025/)
2. [Vacancy survey](https://www.ons.gov.uk/vacancies)
"""

NEWS = """<!doctype html>
<html><head><title>Water use falls</title><script>var x = 12345;</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/news">News, 24 stories</a></nav>
<main>
<h1>Households use less water after metering drive</h1>
<p>Households in the region used an average of 142 litres per person a day in 2023-24, according to the <a href="https://www.water.example.org/report-2024">regulator's annual report</a>. That was down from 151 litres five years earlier.</p>
<p>The company installed more than 85,000 meters last year, and about 62% of homes are now metered. It spent &pound;65m on the programme.</p>
<p>Leakage fell to 1,020 million litres a day, the lowest level since 2000/01.</p>
<p>Some 3,400 households took part in the trial, which ran for 18 months.</p>
</main>
<aside><h2>Jobs</h2><p>Engineer, salary £42,000</p></aside>
<footer>&copy; 2019 Example News. Call 0800 000 000.</footer>
</body></html>
"""

SCHOOLS = """School places report 2025

There were 8,920 pupils on roll in the district's primary schools in January 2025, an increase of 3.2% on the year before.

The council spent £12.4 million on new classrooms in 2024/25. It plans to add 450 more places by 2027.

Nearly 1 in 5 pupils were eligible for free school meals. Class sizes averaged 27.3 pupils.

Of the 46 schools in the district, 39 were rated good or outstanding at their last inspection.

The figures come from the council's school census, published at https://council.example.gov.uk/census.
"""

#: Each page's figures (its dates and years are periods, not figures), as (value, unit); and
#: the figures left out with why.
PAGES: dict[str, tuple[str, list[tuple[Any, str | None]], list[str]]] = {
    "bulletin.md": (
        BULLETIN,
        [
            ([16, 64], "years"),
            (75.1, "percent"),
            (0.2, "percentage points"),
            (4.5, "percent"),
            (781000, "vacancies"),
            (42000, None),
            (30.3, "million"),
            (5.6, "percent"),
            (5.5, "percent"),
            (21.4, "percent"),
            (9.3, "million people"),
            ([16, 64], None),
            (1.6, "million people"),
            (400000, None),
            (56000, None),
        ],
        # "[1]" is a reference marker: a label, never a figure to draft or report (P001).
        # The 2020 of "COVID-19 changed the survey in 2020" is a time P001 lists that no
        # draft takes: said too, never left out without a word.
        ["'19' (part of a name or code)", "'2020' (the time of a figure left out)"],
    ),
    "news.html": (
        NEWS,
        [
            (142, "litres per person per day"),
            (151, "litres"),
            (5, "years"),
            (85000, "metres"),  # the scanner reads "meters" (the devices) as a length
            (62, "percent"),
            (65, "GBP million"),
            (1020, "million litres per day"),
            (3400, "households"),
            (18, "months"),
        ],
        [],
    ),
    "schools.txt": (
        SCHOOLS,
        [
            (8920, "pupils"),
            (3.2, "percent"),
            (12.4, "GBP million"),
            (450, None),
            (27.3, "pupils"),
            (46, "schools"),
            (39, None),
        ],
        ["'Nearly 1 in 5' (a fraction in words)"],
    ),
}

REGISTRY = """version: 1
page: {title: A page, url: https://example.org/page}
sources:
  - id: lfs
    title: Labour Force Survey
    url: HTTPS://WWW.ONS.GOV.UK:443/employmentandlabourmarket/lfs/#latest
claims:
  - id: example
    text: An example.
    kind: fact
    mentions: ["Main points"]
"""


def _extract(tmp_path: Path, name: str) -> tuple[Path, Path, str]:
    page = tmp_path / name
    page.write_text(PAGES[name][0], encoding="utf-8")
    registry = tmp_path / "claims.yaml"
    registry.write_text(REGISTRY, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
    assert result.exit_code == 0, result.stderr
    return page, registry, result.stderr


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_figure_is_drafted_right_or_counted_and_the_drafts_verify(
    tmp_path: Path, name: str
) -> None:
    page, registry, stderr = _extract(tmp_path, name)
    _, figures, skipped = PAGES[name]
    claims = [c for c in load_registry(registry).registry.claims if c.kind == "figure"]
    got = [(_plain(c.value), c.unit) for c in claims]
    assert got == [(value, unit) for value, unit in figures]
    for why in skipped:
        assert why in stderr
    if skipped:
        noun = "figure" if len(skipped) == 1 else "figures"
        assert f"{len(skipped)} {noun} not drafted" in stderr
    verified = runner.invoke(
        app, ["verify", str(registry), "--page", str(page), "--offline", "-f", "json"]
    )
    import json

    report = json.loads(verified.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert errors == []
    for claim in claims:  # plain text, one short mention, a readable id
        assert not claim.text.startswith(("* ", "#")) and "**" not in claim.text
        assert len(claim.mentions) == 1 and len(claim.mentions[0].split()) <= 8
        assert not any(ch.isdigit() for ch in claim.id.split("_")[0])
        assert claim.review is not None and claim.review.status == "unverified"


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    number = float(value)
    return int(number) if number == int(number) else number


def test_periods_and_measures_are_drafted_from_the_sentence(tmp_path: Path) -> None:
    _, registry, _ = _extract(tmp_path, "bulletin.md")
    claims = {c.id: c for c in load_registry(registry).registry.claims}
    rate = claims["unemployment_rate_2025"]
    assert rate.measure == "unemployment rate" and str(rate.period) == "2025-01/2025-03"
    assert rate.text.endswith("according to the Labour Force Survey.")
    change = next(c for c in claims.values() if c.unit == "percentage points")
    assert change.measure == "change in UK employment rate for people aged 16 to 64 years"
    news = _extract(tmp_path, "news.html")[1]
    claims = {c.id: c for c in load_registry(news).registry.claims}
    assert str(claims["households_region_2023"].period) == "2023/24"
    # "the lowest level since 2000/01" is not the period of the figure it follows.
    leak = claims["leakage"]
    assert leak.period is None and leak.mentions == ("to 1,020 million litres a day",)


def test_links_become_sources_and_citations_without_duplicates(tmp_path: Path) -> None:
    _, registry, _ = _extract(tmp_path, "bulletin.md")
    loaded = load_registry(registry).registry
    urls = {s.id: s.url for s in loaded.sources}
    # The survey's link is the registry's own source (the same URL, normalised): cited, not
    # drafted again; the numbered references are drafted, [1] cited where it is marked.
    assert urls == {
        "lfs": "HTTPS://WWW.ONS.GOV.UK:443/employmentandlabourmarket/lfs/#latest",
        "labour_disputes_march_2025": "https://www.ons.gov.uk/labourdisputes/march2025/",
        "vacancy_survey": "https://www.ons.gov.uk/vacancies",
    }
    cites = {c.id: [x.source for x in c.citations] for c in loaded.claims}
    assert cites["unemployment_rate_2025"] == ["lfs"]
    assert cites["working_days_lost_strikes_2025"] == ["labour_disputes_march_2025"]
    assert cites["annual_growth_regular_earnings_2025"] == []  # no link beside it
    # A paragraph's link is its own, not the next paragraph's (HTML block elements).
    _, news, _ = _extract(tmp_path, "news.html")
    cited = {c.id: [x.source for x in c.citations] for c in load_registry(news).registry.claims}
    assert cited["households_region_2023"] == ["regulator_s_annual_report"]
    assert cited["households"] == []
    # A URL written out in the text, its full stop left out; the id from its host.
    _, schools, _ = _extract(tmp_path, "schools.txt")
    drafted = {s.id: s.url for s in load_registry(schools).registry.sources}
    assert drafted["council_example_gov_uk"] == "https://council.example.gov.uk/census"


def test_malformed_and_relative_links_are_not_drafted(tmp_path: Path) -> None:
    from claimcheck.drafts import draft_entries, normal_url
    from claimcheck.loader import parse_registry
    from claimcheck.page import page_from_text

    page = page_from_text(
        "p.html",
        '<p>We counted 4,100 cases (<a href="http://exa mple.org/x">bad</a>, '
        '<a href="/local">local</a>, <a href="http://[::1">open</a>).</p>',
        "html",
    )
    registry = parse_registry(REGISTRY, "claims.yaml").registry
    assert [link.text for link in page.links] == ["bad", "local", "open"]
    from claimcheck.checks.coverage import P001
    from claimcheck.findings import Finding, Location

    line, column = page.position(page.prose.index("4,100"))
    finding = Finding(P001, "unregistered figure 4,100 in: x", location=Location("p", line, column))
    drafts = draft_entries([finding], page, registry, set())
    assert drafts.sources == [] and drafts.claims[0]["citations"] == []
    assert normal_url("HTTP://Example.ORG:80/a/#x") == normal_url("http://example.org/a")
    assert normal_url("https://example.org:8443/a") != normal_url("https://example.org/a")


def test_page_links_keep_text_and_place_without_changing_the_prose() -> None:
    from claimcheck.page import page_from_text

    source = (
        'See [the data](https://a.org/d "title") and [the report][r].\n\n'
        "[r]: https://example.org/r\n"
    )
    page = page_from_text("p.md", source, "markdown")
    assert [(link.url, link.text) for link in page.links] == [
        ("https://a.org/d", "the data"),
        ("https://example.org/r", "the report"),
    ]
    assert len(page.prose) == len(source) and "https" not in page.prose
    assert page.prose[page.links[0].start : page.links[0].end] == "the data"
    html = '<nav><a href="/home">Home 24</a></nav><p>See <a href="https://a.org/b?x=1&amp;y=2">the <b>data</b></a>.</p>'
    page = page_from_text("p.html", html, "html")
    assert [(link.url, link.text) for link in page.links] == [
        ("https://a.org/b?x=1&y=2", "the data")
    ]


def test_a_sentence_the_page_repeats_is_drafted_once(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("* There were 1,234 pupils.\n\n* There were 1,234 pupils.\n", "utf-8")
    registry = tmp_path / "claims.yaml"
    registry.write_text(REGISTRY, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "-r", str(registry)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("value: 1234") == 1
    assert "text: There were 1,234 pupils." in result.stdout


# Each figure's period comes from its own clause; where none is its own, it gets none (a
# period drafted wrong is worse than none: verify would check the claim against it).
CLAUSE_PERIODS = [
    (
        "Average use was 137 litres per person per day in 2024/25, compared with 144 litres "
        "per person in 2019/20.",
        {"137": "2024/25", "144": "2019/20"},
    ),
    (
        "In Q3 2025 companies reported 1,046 interruptions, up from 812 in Q2 2025.",
        {"1,046": "Q3 2025", "812": "Q2 2025"},
    ),
    (
        "About 58% of households have a meter, up from 41% in 2014/15.",
        {"58%": None, "41%": "2014/15"},
    ),
    (
        "Companies invested £3.9 billion in 2024/25, of which £1.2bn went on leaks.",
        {"£1.2bn": "2024/25"},
    ),
    ("Stocks stood at 63% in 2025, against a long-term average of 77%.", {"77%": None}),
    ("Installations reached 98,000 in 2024, up 56% on 2023.", {"56%": "2024"}),
    ("Loans rose to 198,750, more than double the 2019/20 figure.", {"198,750": None}),
    (
        "The target is 600,000 a year by 2028, which needs growth in four years.",
        {"600,000": "2028", "four years": None},
    ),
    ("Fines totalled £168 million between 2020/21 and 2024/25.", {"£168 million": "2020/2025"}),
    ("In 2024, the county recorded 300 thefts and 200 burglaries.", {"300": "2024", "200": "2024"}),
    (
        "Police recorded 1,046 knife offences in 2024 and 812 a year earlier.",
        {"1,046": "2024", "812": None},
    ),
    (  # its twin: "on a year earlier" is the change's base, not a time of its own
        "Use was 3,412 million litres in 2024/25, down 2.1% on a year earlier.",
        {"2.1%": "2024/25"},
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), CLAUSE_PERIODS)
def test_each_figure_takes_the_period_of_its_own_clause(
    sentence: str, expected: dict[str, str | None]
) -> None:
    from claimcheck.drafts import _times_of
    from claimcheck.quantity import find_quantities

    own = find_quantities(sentence)
    periods = _times_of(sentence, own)
    for figure, period in expected.items():
        start = sentence.index(figure)
        assert periods.get(start, {}).get("period") == period, (figure, periods)


def test_a_relative_time_in_a_later_sentence_is_not_this_sentences() -> None:
    from claimcheck.drafts import _times_of
    from claimcheck.quantity import find_quantities

    text = (
        "Companies invested £3.9 billion in 2024/25, of which £1.2bn went on leaks. Earlier, less."
    )
    end = text.index(". Earlier") + 1
    own = [q for q in find_quantities(text) if q.start < end]
    periods = _times_of(text, own, end=end)
    assert periods[text.index("£1.2bn")] == {"period": "2024/25"}


def _drafted(tmp_path: Path, text: str) -> tuple[dict[str, dict[str, Any]], str]:
    """The figure drafts `extract` prints for a plain-text page, by their first mention."""
    import yaml

    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    registry = tmp_path / "claims.yaml"
    registry.write_text("version: 1\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "-r", str(registry)])
    assert result.exit_code == 0, result.stderr
    drafts = yaml.safe_load(result.stdout) or []
    return {d["mentions"][0]: d for d in drafts if d["kind"] == "figure"}, result.stderr


# (sentence, the figure's mention, the unit drafted or None): a percentage below 0 or over 100
# is no share of a whole (C013), so it is drafted as what the sentence says it is; its clean
# twin, a share, stays `percent`.
PERCENT_UNITS = [
    ("Drug costs rose 150% between 2015 and 2024.", "rose 150% between", "percent change"),
    ("Drug costs rose 15% between 2015 and 2024.", "rose 15% between", "percent"),
    ("Sales were up 240% on the year.", "up 240% on the", "percent change"),
    ("It was a 130% increase on 2019.", "a 130% increase on", "percent change"),
    ("Wages were 107% of turnover.", "were 107% of turnover", "percent of turnover"),
    ("Wages were 83% of turnover.", "were 83% of turnover", "percent"),
    (
        "Rainfall was 112% of the 1991-2020 average.",
        "was 112% of the",
        "percent of the 1991-2020 average",
    ),
    ("Wages were 83% of turnover, against a league average of 107%.", "of 107%", None),
]


@pytest.mark.parametrize(("sentence", "mention", "unit"), PERCENT_UNITS)
def test_a_percentage_beyond_a_share_is_drafted_as_what_it_is(
    tmp_path: Path, sentence: str, mention: str, unit: str | None
) -> None:
    drafts, _ = _drafted(tmp_path, sentence + "\n")
    draft = drafts[mention]
    assert draft.get("unit") == unit
    if unit is None:  # left out, and the notes say why
        assert "unit left out" in draft["notes"] and "percent change" in draft["notes"]
    else:
        assert "notes" not in draft
    registry = tmp_path / "claims.yaml"
    page = tmp_path / "page.txt"
    assert (
        runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"]).exit_code == 0
    )
    verified = runner.invoke(app, ["verify", str(registry), "--page", str(page), "--offline"])
    assert "C013" not in verified.stdout


def test_a_day_of_the_month_is_a_date_not_a_figure(tmp_path: Path) -> None:
    drafts, stderr = _drafted(
        tmp_path,
        "The coldest night of 2024 was recorded at Kelby on 9 January.\n"
        "The storm of January 21 closed 9 schools.\n",
    )
    assert list(drafts) == ["closed 9 schools"]  # the twin: a count of 9 is drafted
    assert drafts["closed 9 schools"]["unit"] == "schools"
    assert "'9' (a day of the month (a date, not a figure))" in stderr
    assert "'21' (a day of the month (a date, not a figure))" in stderr


def test_a_figure_whose_reading_would_change_is_listed_not_drafted(tmp_path: Path) -> None:
    drafts, stderr = _drafted(
        tmp_path,
        "Temperatures reached -8C in Harwick and minus 12 degrees at Kelby.\n"
        "Solar capacity grew to 1.8GW.\n"
        "Frost lasted 8 days and the index fell 2-3 points.\n",
    )
    assert "'-8' (a unit claimcheck does not read ('C'))" in stderr  # its sign read
    # Read in full since quantity.py reads a spelled sign and glued units: drafted whole.
    assert (drafts["and minus 12 degrees at"]["value"], drafts["to 1.8GW"]["unit"]) == (
        -12,
        "gigawatts",
    )
    # The twins: a figure after a word, and a range's dash, keep their drafts.
    assert drafts["lasted 8 days and the"]["value"] == 8
    assert drafts["fell 2-3 points"]["value"] == [2, 3]


# (sentence, mention, the date or period drafted): a time in a clause of its own (a participle
# or relative clause holding no figure) is not the figure's; the twins keep theirs.
ASIDE_TIMES = [
    (
        "The manager, appointed in October 2022, has won 61 of his 139 matches.",
        "won 61 of his",
        None,
    ),
    (
        "The manager has won 61 matches since he was appointed in October 2022.",
        "won 61 matches since",
        None,
    ),
    ("In October 2022, the manager won 61 matches.", "won 61 matches", "2022-10"),
    ("The trial, which began in May 2020, enrolled 1,517 women.", "enrolled 1,517 women", None),
    ("The trial enrolled 1,517 women in May 2020.", "enrolled 1,517 women in", "2020-05"),
    ("The station, opened in 1998, recorded 212 days of rain.", "recorded 212 days of rain", None),
]


@pytest.mark.parametrize(("sentence", "mention", "when"), ASIDE_TIMES)
def test_a_time_in_a_clause_of_its_own_is_not_the_figures(
    tmp_path: Path, sentence: str, mention: str, when: str | None
) -> None:
    drafts, _ = _drafted(tmp_path, sentence + "\n")
    draft = drafts[mention]
    assert str(draft.get("date") or draft.get("period") or "") == (when or "")


# (sentence, mention, the measure drafted or None): a measure is words the sentence states
# whole, never cut from a number ("3,500-seat"), a conjunction or a dangling phrase.
MEASURES = [
    ("A new 3,500-seat stand will open at a cost of £14 million.", "of £14 million", "cost"),
    ("A new stand will open at a cost of £14 million.", "of £14 million", "cost"),
    ("Admissions fell by 31% in a trial of 2,418 adults.", "by 31% in a", "Admissions"),
    ("Admissions fell by 31% in a trial of 2,418 adults.", "of 2,418 adults", "adults"),
    ("Sea levels have risen 21cm, and are rising by 4.1mm a year.", "by 4.1mm a year", None),
    (
        "Sea levels have risen 21cm, and are rising by 4.1mm a year.",
        "risen 21cm, and are",
        "Sea levels",
    ),
    ("The club scored 71 goals and conceded 39.", "scored 71 goals and", "goals"),
    ("Drug costs rose 150% between 2015 and 2024.", "rose 150% between", "Drug costs"),
    (
        "The inhaler costs £38.50 a month, about £9 more than before.",
        "costs £38.50 a month",
        "inhaler",
    ),
    (
        "The inhaler costs £38.50 a month, about £9 more than before.",
        "month, about £9 more than",
        None,
    ),
    ("The authority aims to cut emissions by 68% by 2030.", "by 68% by", None),
    ("Adult social care takes £168.2m, 41% of the budget.", "41% of the budget", "budget"),
    ("Frost lasted 8 days and the index fell 2-3 points.", "fell 2-3 points", "index"),
    ("The pill costs £12, a cost of £3 more than tablets.", "of £3 more than", "cost"),
]


@pytest.mark.parametrize(("sentence", "mention", "measure"), MEASURES)
def test_a_measure_is_a_phrase_the_sentence_states(
    tmp_path: Path, sentence: str, mention: str, measure: str | None
) -> None:
    drafts, _ = _drafted(tmp_path, sentence + "\n")
    assert drafts[mention].get("measure") == measure


def test_a_verbs_form_after_a_figure_is_not_its_unit(tmp_path: Path) -> None:
    drafts, _ = _drafted(
        tmp_path,
        "Of the 1,209 people given the new inhaler, 84 were admitted, compared with 122 of "
        "the 1,209 given standard treatment.\nThe record crowd of 7,950 came against Harlow.\n"
        "The academy has produced 14 senior internationals.\n"
        "There are 17 water and sewerage companies.\n",
    )
    assert drafts["the 1,209 given standard"].get("unit") is None
    assert drafts["the 1,209 people given"]["unit"] == "people"  # the twin
    assert drafts["of 7,950 came against"].get("unit") is None
    assert drafts["of 7,950 came against"]["measure"] == "record crowd"
    assert drafts["produced 14 senior internationals"]["unit"] == "senior internationals"
    assert drafts["are 17 water and"].get("unit") is None


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="ab .,-_\u2010\u2011é²½", max_size=14),
    st.text(alphabet="ab ", min_size=1, max_size=4),
)
def test_a_measure_is_found_at_word_boundaries_as_the_pattern_found_it(
    around: str, measure: str
) -> None:
    """`_states_measure` finds the measure by str.find and reads its neighbours (a pattern
    per measure overflowed re's cache on a 1 MB page, issue 18): it agrees with the pattern
    it replaced, `\\w` and the marks that join a figure included."""
    import re
    from types import SimpleNamespace
    from typing import cast

    from claimcheck.drafts import _Sentence, _states_measure, _unmarked

    measure = f"word {measure.strip() or 'b'} thing"
    text = around + measure + around[::-1]
    sentence = cast(_Sentence, SimpleNamespace(prose=text, start=0, end=len(text)))
    pattern = rf"(?<![\w.,\-\u2010\u2011]){re.escape(measure)}(?![\w\-])"
    found = re.search(pattern, _unmarked(text)) is not None  # markup is read past first
    assert _states_measure(sentence, measure) is found
