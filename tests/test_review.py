"""`claimcheck review`: the page annotated claim by claim (issue 21, item 1).

A page and registry of their own (local bus services; not the bundled page), with a claim in
each state: ok with a snapshot whose quote and figure are found, unsourced, disputed, stale,
failing its source, inconsistent (a changed figure), a mention gone from the page, and on the
page an unregistered figure (P001) and a flagged statement (P004). The HTML is read as markup
here, and in Debian's Chromium (Playwright) for the keys, the layout and the screenshots.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.render.page_html import COLOURS, TINTS, nested
from tests.helpers import CHROMIUM_FLAGS
from tests.test_escaping import ATTACK, LOG_COMMAND, RAW

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

PAGE = """\
# Local bus services in Northshire

Published 3 March 2026.

## Ridership

Buses carried 14.2 million passenger journeys in Northshire in 2024/25, up from 12.9 million \
the year before. Concessionary passes accounted for 31% of journeys.

The council says weekday punctuality reached 88% in 2025, the best figure on record.

## Routes and funding

The network had 142 routes in 2025, down from 168 in 2015. The council spent £9.4 million \
supporting unprofitable routes in 2024/25.

Night buses were withdrawn from the coastal towns [citation needed].

## Fares

A single adult fare is capped at £2 until December 2026. Average fares rose by 7 pence last \
year.
"""

REGISTRY = """\
version: 1
page:
  title: Local bus services in Northshire
  url: https://news.example.org/northshire/buses
  path: buses.md
  as_of: 2026-03
sources:
  - id: dft_bus_stats
    title: Annual bus statistics, England 2024/25
    kind: statistics
    publisher: Department for Transport
    url: https://stats.example.org/bus-statistics-2025
    accessed: 2026-11-01
  - id: council_budget
    title: Northshire County Council budget book 2024/25
    kind: report
    url: https://council.example.org/budget-2024-25.pdf
    accessed: 2026-11-01
  - id: operator_release
    title: Punctuality update
    kind: webpage
    url: https://operator.example.org/news/punctuality
    accessed: 2026-11-01
claims:
  - id: journeys_2024
    text: Buses carried 14.2 million passenger journeys in Northshire in 2024/25.
    kind: figure
    value: 14.2
    unit: million journeys
    measure: passenger journeys
    period: 2024/2025
    mentions: ["14.2 million passenger journeys"]
    citations:
      - source: dft_bus_stats
        quote: local bus passenger journeys in Northshire totalled 14.2 million
    review: {status: verified, on: 2026-11-02, by: transport desk}
  - id: concessionary_share
    text: Concessionary passes accounted for 31% of journeys.
    kind: figure
    value: 31
    unit: percent
    mentions: ["31% of journeys"]
  - id: punctuality_2025
    text: Weekday punctuality reached 88% in 2025.
    kind: figure
    value: 88
    unit: percent
    measure: weekday punctuality
    period: 2025
    mentions: ["weekday punctuality reached 88% in 2025"]
    citations: [{source: operator_release}]
    review:
      status: disputed
      on: 2026-11-03
      note: "The operator's own data give 81%; 88% is the target."
  - id: routes_2025
    text: The network had 142 routes in 2025, down from 168 in 2015.
    kind: figure
    value: 142
    unit: routes
    period: 2025
    mentions: ["142 routes in 2025, down from 168 in 2015"]
    citations: [{source: dft_bus_stats}]
    review_by: 2026-06-30
  - id: support_spend
    text: The council spent £9.4 million supporting unprofitable routes in 2024/25.
    kind: figure
    value: 9.4
    unit: GBP million
    measure: supported bus services
    period: 2024/2025
    mentions: ["£9.4 million supporting unprofitable routes"]
    citations: [{source: council_budget, locator: p. 12}]
  - id: fare_cap
    text: A single adult fare is capped at £2 until December 2026.
    kind: figure
    value: 2
    unit: GBP
    mentions: ["capped at £2 until December 2026"]
    stale_after: 1y
    citations: [{source: dft_bus_stats}]
    review: {status: verified, on: 2026-11-02}
  - id: fare_rise
    text: Average fares rose by 5 pence last year.
    kind: figure
    value: 5
    unit: pence
    mentions: ["Average fares rose by 5 pence last year"]
    stale_after: 1y
    citations: [{source: operator_release}]
  - id: depots
    text: The operator runs three depots.
    kind: fact
    mentions: ["The operator runs three depots"]
    citations: [{source: operator_release}]
ignore:
  - text: Published 3 March 2026.
    reason: the page's own date
"""


def _selector(exact: str, prefix: str, suffix: str) -> dict[str, str]:
    return {"exact": exact, "prefix": prefix, "suffix": suffix, "type": "TextQuoteSelector"}


QUOTE = "local bus passenger journeys in Northshire totalled 14.2 million"
SNAPSHOTS: dict[str, dict[str, Any]] = {
    "dft_bus_stats": {
        "format": 1,
        "source": "dft_bus_stats",
        "url": "https://stats.example.org/bus-statistics-2025",
        "fetched": "2026-11-01",
        "kind": "html",
        "pages": 1,
        "digest": "sha256:" + "ab" * 32,
        "quotes": [
            {
                "claim": "journeys_2024",
                "quote": QUOTE,
                "verdict": "verbatim",
                "selector": _selector(
                    QUOTE,
                    "Table BUS01: In the year ending March 2025, ",
                    ", compared with 12.9 million in the year ending March 2024.",
                ),
            }
        ],
        "figures": [
            {
                "claim": "journeys_2024",
                "found": True,
                "measure_ok": True,
                "selector": _selector(
                    "14.2 million",
                    "In the year ending March 2025, local bus passenger journeys in "
                    "Northshire totalled ",
                    ", compared with 12.9 million in the year ending March 2024.",
                ),
            },
            {
                "claim": "routes_2025",
                "found": True,
                "selector": _selector(
                    "142", "Northshire operators registered ", " local bus routes in 2025."
                ),
            },
            {
                "claim": "fare_cap",
                "found": True,
                "selector": _selector(
                    "£2", "The national single fare cap of ", " applies until December 2026."
                ),
            },
        ],
    },
    "council_budget": {
        "format": 1,
        "source": "council_budget",
        "url": "https://council.example.org/budget-2024-25.pdf",
        "fetched": "2026-11-01",
        "kind": "pdf",
        "pages": 40,
        "digest": "sha256:" + "cd" * 32,
        "figures": [
            {"claim": "support_spend", "found": False, "instead": "£7.1 million", "selector": None}
        ],
    },
}

#: Each registered claim's state on this page, and the text its highlight covers.
EXPECTED = {
    "journeys_2024": ("ok", "14.2 million passenger journeys"),
    "concessionary_share": ("unsourced", "31% of journeys"),
    "punctuality_2025": ("disputed", "weekday punctuality reached 88% in 2025"),
    "routes_2025": ("stale", "142 routes in 2025, down from 168 in 2015"),
    "support_spend": ("failing-source", "£9.4 million supporting unprofitable routes"),
    "fare_cap": ("ok", "capped at £2 until December 2026"),
    # Its mention says 5 pence; the page's sentence (7 pence) is highlighted.
    "fare_rise": ("inconsistent", "Average fares rose by 7 pence last year."),
}
#: Most serious first: errors (disputed, then inconsistent), warnings (failing source,
#: stale, unsourced, the unregistered figure), then the note (the flagged statement).
NAVIGATION = [
    ("error", "disputed", "punctuality_2025"),
    ("error", "inconsistent", "fare_rise"),
    ("warning", "failing-source", "support_spend"),
    ("warning", "stale", "routes_2025"),
    ("warning", "unsourced", "concessionary_share"),
    ("warning", "unregistered", "P001"),
    ("note", "flagged", "P004"),
]


def write_site(
    where: Path, page: str = PAGE, registry: str = REGISTRY, snapshots: bool = True
) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    (where / "buses.md").write_text(page, encoding="utf-8")
    (where / "claims.yaml").write_text(registry, encoding="utf-8")
    if snapshots:
        (where / "snapshots").mkdir(exist_ok=True)
        for name, data in SNAPSHOTS.items():
            (where / "snapshots" / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    return where / "claims.yaml"


def review(registry: Path, *extra: str) -> tuple[int, str]:
    out = registry.parent / "review.html"
    result = runner.invoke(
        app,
        ["review", str(registry), "--offline", "--today", "2026-12-01", "-o", str(out), *extra],
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, out.read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site")


@pytest.fixture
def document(site: Path) -> str:
    code, text = review(site)
    assert code == 1  # two errors: the disputed claim is still on the page, a changed figure
    return text


class Elements(HTMLParser):
    """Every element's attributes and its text (nested marks' text counts for each)."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str], list[str]]] = []
        self.stack: list[tuple[str, dict[str, str], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        entry: tuple[str, dict[str, str], list[str]] = (tag, {k: v or "" for k, v in attrs}, [])
        self.found.append(entry)
        if tag not in self.VOID:
            self.stack.append(entry)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, _, text in self.stack:
            text.append(data)

    def select(self, tag: str, **wanted: str) -> Iterator[tuple[dict[str, str], str]]:
        for name, attrs, text in self.found:
            if name == tag and all(attrs.get(k.replace("_", "-")) == v for k, v in wanted.items()):
                yield attrs, "".join(text)


def highlights(page: Elements) -> list[tuple[dict[str, str], str]]:
    return [(a, text) for a, text in page.select("mark") if "hl" in a.get("class", "").split()]


def elements(text: str) -> Elements:
    parsed = Elements()
    parsed.feed(text)
    parsed.close()
    return parsed


# The markup: highlights, cards, the summary, the chart.


def test_every_mention_is_highlighted_by_its_claims_state(document: str) -> None:
    marks = highlights(elements(document))
    by_claim = {a["data-claim"]: (a["data-state"], text) for a, text in marks if a["data-claim"]}
    assert by_claim == EXPECTED
    fare_rise = next(a for a, _ in marks if a["data-claim"] == "fare_rise")
    assert fare_rise["data-rule"] == "P003"  # found with another figure: its sentence
    # No claim's: the unregistered figure and the flagged statement.
    loose = [(a["data-state"], a["data-rule"], text) for a, text in marks if not a["data-claim"]]
    assert loose == [
        ("unregistered", "P001", "12.9 million"),
        ("flagged", "P004", "Night buses were withdrawn from the coastal towns [citation needed]."),
    ]
    # Every highlight says what it is, and which card tells more.
    for attrs, _ in marks:
        assert {"data-claim", "data-state", "data-level", "data-card", "id"} <= set(attrs)
        assert f'id="{attrs["data-card"]}"' in document


def test_each_card_holds_the_claim_its_sources_and_findings(document: str) -> None:
    page = elements(document)
    cards = {a["id"]: text for a, text in page.select("details") if "card" in a.get("class", "")}
    ok = cards["card-journeys_2024"]
    assert "Buses carried 14.2 million passenger journeys in Northshire in 2024/25." in ok
    assert "14.2 million journeys" in ok and "passenger journeys" in ok  # value, measure
    assert "Annual bus statistics, England 2024/25 (Department for Transport)" in ok
    assert "the quote in the source (snapshot of 2026-11-01, verbatim)" in ok
    assert "supported (quote found; figure found)" in ok
    assert "link: skipped (offline)" in ok and "no findings" in ok
    # The passage kept by the snapshot, with the quote's and the figure's exact parts marked.
    exact = [text for a, text in page.select("mark") if a.get("class") == "exact"]
    assert QUOTE in exact and "14.2 million" in exact and "142" in exact
    passage = next(text for a, text in page.select("blockquote") if a.get("data-kind") == "quote")
    assert passage.startswith("\u2026Table BUS01: In the year ending March 2025, local bus")
    disputed = cards["card-punctuality_2025"]
    assert "disputed on 2026-11-03: The operator's own data give 81%; 88% is the target." in (
        disputed
    )
    assert "S005 error disputed-but-published" in disputed
    assert "fix: Correct or remove the statement on the page" in disputed
    assert "unverifiable (not snapshotted)" in disputed and "no snapshot of this source" in disputed
    failing = cards["card-support_spend"]
    assert "unsupported (figure not in the source)" in failing
    assert "the figure is not in the source (snapshot of 2026-11-01; it gives £7.1 million)" in (
        failing
    )
    assert "Q004 warning figure-not-in-source" in failing and "at p. 12" in failing
    assert "none: the claim is unsourced." in cards["card-concessionary_share"]
    assert "T002 warning review-overdue" in cards["card-routes_2025"]
    assert "P003 error changed-figure" in cards["card-fare_rise"]
    unregistered = next(text for key, text in cards.items() if key.startswith("card-f"))
    assert "P001 warning unregistered-figure: unregistered figure 12.9 million in:" in (
        unregistered
    )
    assert "fix: Register the figure" in unregistered
    # A claim with no highlight is still shown, with why.
    elsewhere = next(text for a, text in page.select("section") if a.get("id") == "elsewhere")
    assert "depots" in elsewhere and "P002 warning missing-mention" in elsewhere


def test_the_summary_and_the_chart(document: str) -> None:
    page = elements(document)
    summary = next(text for a, text in page.select("header") if a.get("id") == "summary")
    assert "Local bus services in Northshire" in summary
    assert "https://news.example.org/northshire/buses" in summary and "as of 2026-03" in summary
    assert "checked for 2026-12-01" in summary
    tiles = [
        " ".join(text.split())
        for a, text in page.select("div")
        if "tile" in a.get("class", "").split()
    ]
    assert tiles[:5] == ["8 claims", "3 sources", "2 errors", "5 warnings", "3 notes"]
    assert (
        "The page: 16 figures, 14 registered, 1 ignored, 1 unregistered; 1 statement flagged."
        in (summary)
    )
    assert "Citations: 3 supported · 0 partial · 1 unsupported · 3 unverifiable." in summary
    assert "j" in summary and "the next problem" in summary  # the keys are documented
    chart = Counter[tuple[str, str]]()
    rows = re.findall(r'<div class="bar-row lvl\d"><a href="#b\d+">(.*?)</a>(.*?)</div>', document)
    for name, bar in rows:
        for state, n in re.findall(r'data-state="([^"]+)"[^>]*title="(\d+) ', bar):
            chart[(name, state)] = int(n)
    assert [name for name, _ in rows] == [
        "Local bus services in Northshire",
        "Ridership",
        "Routes and funding",
        "Fares",
    ]
    assert chart == {
        ("Ridership", "ok"): 1,
        ("Ridership", "unsourced"): 1,
        ("Ridership", "disputed"): 1,
        ("Ridership", "unregistered"): 1,
        ("Routes and funding", "stale"): 1,
        ("Routes and funding", "failing-source"): 1,
        ("Routes and funding", "flagged"): 1,
        ("Fares", "ok"): 1,
        ("Fares", "inconsistent"): 1,
    }
    order = json.loads(re.search(r'id="problem-order">(.*?)</script>', document).group(1))  # type: ignore[union-attr]
    labels = {
        a["id"]: (a["data-level"], a["data-state"], a["data-label"])
        for a, _ in page.select("mark")
        if "id" in a
    }
    assert [labels[i] for i in order] == NAVIGATION


def test_a_page_without_a_claim_in_it_and_no_page_at_all(tmp_path: Path) -> None:
    registry = write_site(tmp_path, registry=REGISTRY.replace("  path: buses.md\n", ""))
    result = runner.invoke(app, ["review", str(registry), "--offline"])
    assert result.exit_code == 2 and "no page to review" in result.stderr
    plain = tmp_path / "plain.txt"
    plain.write_text("Timetables\n\nNothing here is a figure.\n", encoding="utf-8")
    code, text = review(registry, "--page", str(plain), "--fail-on", "note")
    assert code == 1  # the missing mentions, by the one exit-code rule
    assert "<mark" not in text.split('<main id="page">')[1].split("</main>")[0]
    assert '<h2 class="text">Timetables</h2>' in text  # a short title line is a heading


def test_marks_that_cross_are_cut_to_nest() -> None:
    # (0, 10) and (5, 15) cross: the second is cut at 10 and goes on after it.
    pieces = [(p.start, p.end, p.mark) for p in nested([(0, 10, 0), (5, 15, 1), (5, 8, 2)])]
    assert pieces == [(0, 10, 0), (5, 10, 1), (5, 8, 2), (10, 15, 1)]
    assert nested([(3, 3, 0)]) == []


def test_a_mention_inside_a_longer_figure_is_not_highlighted_as_found(tmp_path: Path) -> None:
    # "rose by 8" is not in "rose by 8.5%": P003 places it (the changed figure), and no mark
    # says the mention was found as written, in the review page as in P002 and P003.
    page = "Fares\n\nSingle fares rose by 8.5% this year.\n"
    registry = (
        "version: 1\npage: {title: Fares, path: buses.md}\n"
        "sources: [{id: s, title: S, kind: other, url: 'https://example.org/s'}]\n"
        "claims:\n  - id: fare_rise\n    text: Fares rose by 8%.\n    kind: figure\n"
        "    value: 8\n    unit: percent\n    mentions: ['rose by 8']\n"
        "    citations: [{source: s}]\n"
    )
    _, text = review(write_site(tmp_path, page=page, registry=registry, snapshots=False))
    marks = [a for a, _ in highlights(elements(text)) if a["data-claim"] == "fare_rise"]
    assert marks and all(a.get("data-rule") == "P003" for a in marks), marks
    # The twin: the page as registered is found word for word, with no rule.
    twin = page.replace("8.5%", "8%")
    _, text = review(write_site(tmp_path / "twin", page=twin, registry=registry, snapshots=False))
    marks = [a for a, _ in highlights(elements(text)) if a["data-claim"] == "fare_rise"]
    assert marks and all("data-rule" not in a for a in marks), marks


# Hostile registry, page and snapshot text.

HOSTILE_PAGE = (
    "# Buses <script>window.pwned=1</script>\n\n"
    'Buses carried 14.2 million passenger journeys "><img src=x onerror="window.pwned=2"> '
    "in Northshire \x1b[2J\u202eevil\u202c zero\u200bwidth.\n\n"
    "::error file=x::pwned and ##[error]legacy, <b>bold</b> &lt;i&gt; 31% of journeys.\n"
)


def hostile_site(where: Path) -> Path:
    registry = (
        REGISTRY.replace(
            "  title: Local bus services in Northshire\n  url: https://news.example.org/northshire/buses\n",
            f"  title: {json.dumps('</title><script>window.pwned=3</script>' + ATTACK)}\n"
            '  url: "javascript:window.pwned=4"\n',
        )
        .replace(
            "    text: Concessionary passes accounted for 31% of journeys.\n",
            f"    text: {json.dumps(ATTACK)}\n",
        )
        .replace(
            "    title: Annual bus statistics, England 2024/25\n",
            f"    title: {json.dumps('<img src=x onerror=window.pwned=5> ' + ATTACK)}\n",
        )
        .replace(
            "    url: https://stats.example.org/bus-statistics-2025\n",
            '    url: "javascript:window.pwned=6//https://x"\n',
        )
    )
    path = write_site(where, page=HOSTILE_PAGE, registry=registry)
    snapshot = json.loads((where / "snapshots" / "dft_bus_stats.json").read_text(encoding="utf-8"))
    snapshot["quotes"][0]["selector"]["prefix"] = (
        "</blockquote><script>window.pwned=7</script>\u202e"
    )
    snapshot["quotes"][0]["selector"]["suffix"] = '"><img src=x onerror=window.pwned=8>\x1b[31m'
    (where / "snapshots" / "dft_bus_stats.json").write_text(json.dumps(snapshot), encoding="utf-8")
    council = where / "snapshots" / "council_budget.json"
    data = json.loads(council.read_text(encoding="utf-8"))
    data["error"] = "HTTP 500: <script>window.pwned=9</script>\n::error::x ##[add-mask]y \u202e"
    council.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_hostile_text_is_shown_never_obeyed(tmp_path: Path) -> None:
    _, text = review(hostile_site(tmp_path))
    assert RAW.search(text) is None, RAW.search(text)
    assert LOG_COMMAND.search(text) is None, LOG_COMMAND.search(text)
    # Only the view's own two scripts, no element from the page, registry or snapshot.
    assert text.count("<script") == 2
    assert re.search(r"<img|<b>bold|<i>", text) is None
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in text  # the page's
    assert "&lt;/title&gt;&lt;script&gt;window.pwned=3" in text  # the registry's
    assert "&lt;/blockquote&gt;&lt;script&gt;window.pwned=7" in text  # the snapshot's
    # Controls shown as escapes (the "2" of "\x1b[2J" is a P001 figure, marked).
    assert "Northshire \\x1b[<mark" in text and "\\u202eevil\\u202c zero\\u200bwidth." in text
    # Never a link: a source's `javascript:` address is refused by the loader (R002) and
    # only quoted in that finding's text.
    assert "javascript:" not in re.sub(
        r"<code>[^<]*</code>|invalid-value: expected an http\(s\) URL[^<]*", "", text
    )
    hrefs = re.findall(r'href="([^"]*)"', text)
    assert hrefs and all(h.startswith(("#", "https://")) for h in hrefs), hrefs


# In a real browser: keys, layout, colours, screenshots.


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless. `.ci/run` installs it and sets CLAIMCHECK_REQUIRE_BROWSER,
    so in CI a missing browser fails the tests instead of skipping them."""
    if CHROMIUM is None:
        if os.environ.get("CLAIMCHECK_REQUIRE_BROWSER"):
            pytest.fail("chromium is not installed: see .ci/run")
        pytest.skip("chromium is not installed here")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            args=list(CHROMIUM_FLAGS),
        )
        yield launched
        launched.close()


def beside_the_browser(registry: Path) -> None:
    """`review`, in a thread of its own: Playwright's sync API keeps an event loop running in
    this one, and the run needs its own (`asyncio.run`)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        pool.submit(review, registry).result()


def open_page(browser: Any, path: Path, errors: list[str]) -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert requests == [path.as_uri()]  # nothing but the file itself
    return page


def colours(png: bytes) -> Counter[tuple[int, int, int]]:
    from PIL import Image

    return pixels(Image.open(io.BytesIO(png)).convert("RGB"))


def pixels(image: Any) -> Counter[tuple[int, int, int]]:
    """How many pixels of each colour an RGB image has."""
    data = image.tobytes()
    return Counter(zip(data[0::3], data[1::3], data[2::3], strict=True))


def rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def near(a: tuple[int, int, int], b: tuple[int, int, int], tolerance: int = 3) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def first_line(page: Any, selector: str) -> Any:
    """A shot of the first line box of the element (a highlight may wrap)."""
    from PIL import Image

    element = page.locator(selector).first
    element.scroll_into_view_if_needed()
    rect = element.evaluate(
        "e => { const r = e.getClientRects()[0]; "
        "return {x: r.x, y: r.y, width: r.width, height: r.height}; }"
    )
    png = page.screenshot(clip=rect)
    return Image.open(io.BytesIO(png)).convert("RGB")


def keep(shot: Path) -> None:
    """CLAIMCHECK_SCREENSHOT_DIR keeps the screenshots, to look at."""
    where = os.environ.get("CLAIMCHECK_SCREENSHOT_DIR")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(where) / shot.name)


def test_in_a_browser_keys_colours_and_screenshots(browser: Any, site: Path) -> None:
    beside_the_browser(site)
    errors: list[str] = []
    page = open_page(browser, site.parent / "review.html", errors)

    # The summary, shot and looked at: the disputed claim's bar in the Ridership row is red.
    summary = page.locator("#summary")
    shot = site.parent / "review-summary.png"
    png = summary.screenshot(path=str(shot))
    keep(shot)
    assert len(png) > 10_000
    segment = page.locator('.bar-row:has(a:text-is("Ridership")) .seg[data-state="disputed"]')
    box, frame = segment.bounding_box(), summary.bounding_box()
    assert box is not None and frame is not None and box["width"] > 20
    found = colours(png)
    assert any(near(c, rgb(COLOURS["disputed"])) for c in found)
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    centre = (int(box["x"] - frame["x"] + box["width"] / 2), int(box["y"] - frame["y"] + 4))
    assert near(image.getpixel(centre), rgb(COLOURS["disputed"]))  # type: ignore[arg-type]

    # Each highlight, shot (its first line): most of it is its state's tint, its underline
    # its state's colour.
    for claim, (state, _) in EXPECTED.items():
        image = first_line(page, f'mark[data-claim="{claim}"]')
        tint, _ = pixels(image).most_common(1)[0]
        assert near(tint, rgb(TINTS[state])), (claim, tint, TINTS[state])
        width, height = image.size
        assert near(image.getpixel((width // 2, height - 2)), rgb(COLOURS[state])), claim
    shot = site.parent / "review-disputed.png"
    png = page.locator('mark[data-claim="punctuality_2025"]').screenshot(path=str(shot))
    keep(shot)
    assert len(png) > 1_000

    # The keys: j (or n) visits every problem, most serious first, opening its card.
    visited = []
    for _ in NAVIGATION:
        page.keyboard.press("j")
        focused = page.evaluate(
            "() => { const e = document.activeElement; const c = "
            "document.getElementById(e.dataset.card); "
            "return [e.dataset.level, e.dataset.state, e.dataset.label, c.open, "
            "c.classList.contains('current')]; }"
        )
        assert focused[3:] == [True, True]
        visited.append(tuple(focused[:3]))
    assert visited == NAVIGATION
    assert "problem 7 of 7: note · flagged · P004" in page.locator("#status").inner_text()
    page.keyboard.press("n")  # round again
    assert page.evaluate("document.activeElement.dataset.label") == "punctuality_2025"
    page.keyboard.press("k")  # and back
    assert page.evaluate("document.activeElement.dataset.label") == "P004"
    page.keyboard.press("p")
    assert page.evaluate("document.activeElement.dataset.label") == "P001"
    page.keyboard.press("Escape")
    assert page.locator(".current").count() == 0

    # A card, shot: the disputed claim's, opened by the keys, its border the state's colour.
    page.keyboard.press("j")
    card = page.locator("#card-punctuality_2025")
    assert card.evaluate("c => c.open")
    text = card.inner_text()
    assert "S005" in text and "fix: Correct or remove the statement" in text
    shot = site.parent / "review-card.png"
    png = card.screenshot(path=str(shot))
    keep(shot)
    assert len(png) > 10_000
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert near(image.getpixel((2, image.size[1] // 2)), rgb(COLOURS["disputed"]))  # type: ignore[arg-type]
    # The cards stand beside the text they annotate, not under it.
    text_box = page.locator('mark[data-claim="punctuality_2025"]').bounding_box()
    card_box = card.bounding_box()
    assert text_box is not None and card_box is not None
    assert card_box["x"] > text_box["x"] + text_box["width"]
    assert abs(card_box["y"] - text_box["y"]) < 60

    # A click on a highlight opens its card; `o` opens every card, and again closes them.
    page.locator('mark[data-claim="support_spend"]').dispatch_event("click")
    assert page.locator("#card-support_spend").evaluate("c => c.open")
    page.keyboard.press("o")
    assert page.evaluate("[...document.querySelectorAll('details.card')].every(c => c.open)")
    page.keyboard.press("o")
    assert page.evaluate("[...document.querySelectorAll('details.card')].every(c => !c.open)")
    assert errors == []


def test_in_a_browser_hostile_text_does_nothing(browser: Any, tmp_path: Path) -> None:
    registry = hostile_site(tmp_path / "site")
    beside_the_browser(registry)
    errors: list[str] = []
    page = open_page(browser, registry.parent / "review.html", errors)
    page.keyboard.press("o")  # every card open: every passage, title and error laid out
    assert page.evaluate("window.pwned") is None
    assert page.evaluate("document.images.length") == 0
    assert page.evaluate("document.scripts.length") == 2
    shown = page.locator("body").inner_text()
    assert "<script>window.pwned=1</script>" in shown  # the page's text, as text
    # An <img> tag in the page's Markdown is an image, read as its alt text (it has none:
    # 47c5c4a), so it is neither shown nor run; the words around it are shown.
    assert 'onerror="window.pwned=2"' not in shown and "passenger journeys" in shown
    assert "</title><script>window.pwned=3</script>" in shown
    assert "\\u202eevil\\u202c" in shown and "::error file=x::pwned" in shown
    assert page.title().startswith("Review: </title><script>")
    # Still one document: the summary, the page, the cards in their places.
    assert page.locator("#summary h1").count() == 1
    assert page.locator('mark[data-claim="journeys_2024"]').count() == 1
    quote = page.locator('#card-journeys_2024 blockquote[data-kind="quote"] mark.exact')
    assert quote.inner_text() == QUOTE
    assert errors == []
