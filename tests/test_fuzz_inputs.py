"""Fuzzing registries, pages and CSL-JSON (issue 15): no input ends a run with exit 3.

Registry mutants start from two small valid registries written here (not the bundled one,
and on another subject) and go through `verify --offline`; random HTML, Markdown and text go
through `scan`; random JSON goes through `import-sources`. Every run must end with exit 0, 1
or 2 and print no traceback. Deterministic (`derandomize=True`) and bounded; the counts are
printed (`pytest -s`) and the README quotes them. bench/fuzz_inputs.py runs the same
generators in a larger campaign.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import typer.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.cli import app

runner = typer.testing.CliRunner()

FUZZ = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

RIVERS = """\
version: 1
page:
  title: River quality in the county
  as_of: 2025-06
sources:
  - id: agency_report
    title: Water quality bulletin 2024
    kind: statistics
    publisher: Environment Agency
    url: https://agency.example/bulletin-2024
    published: 2024-11-02
    accessed: 2025-01-10
claims:
  - id: rivers_good
    text: 14% of rivers were in good ecological health in 2024.
    kind: figure
    value: 14
    unit: percent
    period: 2024
    mentions: ["14% of rivers"]
    citations:
      - source: agency_report
        locator: {page: 12}
        quote: "14% of rivers achieved good ecological status"
    review: {status: verified, on: 2025-02-01, by: desk}
  - id: spills
    text: Over 3,000 sewage spills were recorded.
    kind: figure
    value: [3000, 3100]
    qualifier: more_than
    stale_after: 180d
    citations: [{source: agency_report}]
constraints:
  - id: share_below_whole
    expr: rivers_good <= 100
ignore:
  - text: "2024"
    reason: a year in a heading
"""

LIBRARY = """\
version: 1
defaults: {stale_after: 1y}
sources:
  - &src
    id: library_survey
    title: Public library survey
    kind: government
    relay_of: null
claims:
  - id: branches
    text: "The county has 42 branch libraries."
    kind: fact
    value: "42"
    citations: &cite
      - source: library_survey
        quote: 42 branches
  - id: loans
    text: Loans fell by about a third since 2015.
    kind: assessment
    date: 2024-03
    citations: *cite
    allow: [{rule: S005, reason: one source}]
"""

SEEDS = (RIVERS, LIBRARY)

#: What a mutation may insert: what broke parsers before, and what registries hold.
PLANTS = [
    "\x00",
    "\ufeff",
    "---",
    "...",
    "&a ",
    "*a",
    "*b",
    "&a [*a]",
    "!!python/object:os.system",
    "!!binary",
    "9" * 5000,
    "1e999999999",
    ".nan",
    "-.inf",
    "0x" + "f" * 300,
    "? {a: 1}\n: x",
    "{a: 1}: x",
    "[1, 2]: x",
    "\u202e",
    "\u200b",
    "\U0001f600",
    "\t",
    '"',
    "'",
    "|",
    ">",
    "- ",
    "id: a\n",
    "id: " + "a" * 301,
    'id: "a\\n"',
    "value: [1]",
    "value: {a: 1}",
    "citations: x",
    "kind: 7",
    "period: {start: 2024}",
    "expr: 1+" + "1+" * 500 + "1",
    "expr: " + "(" * 200,
    "date: 2023-02-29",
    "stale_after: 99999999999y",
    "%YAML 1.2",
    "<<: *a",
    ": ",
    "#",
]

COUNTS: Counter[str] = Counter()


@st.composite
def registry_mutants(draw: st.DrawFn) -> str:
    """A seed registry with a few line-level mutations."""
    lines = draw(st.sampled_from(SEEDS)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "plant", "indent", "type"]))
        if kind == "delete" and len(lines) > 1:
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "plant":
            plant = draw(st.sampled_from(PLANTS))
            line = lines[at]
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + plant + line[cut:]
        elif kind == "indent":
            lines[at] = " " * draw(st.integers(0, 6)) + lines[at].lstrip()
        else:  # a field's value of another type
            key, sep, _ = lines[at].partition(": ")
            if sep:
                value = draw(st.sampled_from(["[]", "{}", "null", "7", "true", "''", "[a, b]"]))
                lines[at] = f"{key}: {value}"
    return "\n".join(lines) + "\n"


def run(args: list[str]) -> typer.testing.Result:
    result = runner.invoke(app, args)
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, output[-2000:])
    assert "Traceback" not in output, output[-2000:]
    return result


@FUZZ
@given(text=registry_mutants())
def test_registry_mutants_never_exit_3(tmp_path: Path, text: str) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = run(["verify", "--offline", "--today", "2026-01-01", str(path)])
    COUNTS[f"registry exit {result.exit_code}"] += 1


PAGE_BITS = [
    "<p>",
    "</p>",
    "<a href='",
    '<a href="x">',
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "<nav>",
    "&amp;",
    "&#" + "9" * 50 + ";",
    "&#x110000;",
    "[a](",
    "](b)",
    "`",
    "# ",
    "\n",
    "14% of rivers ",
    "29 February 2023",
    "29 February 2024 ",
    "over 3,000 ",
    "9" * 400,
    "1.5e999 ",
    "£1.2bn ",
    "2023-24 ",
    "one in five ",
    "two-thirds ",
    "\x00",
    "\u202e",
    'Mr Smith said the Agency found "it was the worst" because ',
    ". ",
]


@FUZZ
@given(
    bits=st.lists(st.sampled_from(PAGE_BITS) | st.text(max_size=8), max_size=40),
    suffix=st.sampled_from([".html", ".md", ".txt"]),
)
def test_pages_never_exit_3(tmp_path: Path, bits: list[str], suffix: str) -> None:
    (tmp_path / "claims.yaml").write_text(RIVERS, encoding="utf-8")
    page = tmp_path / f"page{suffix}"
    page.write_text("".join(bits), encoding="utf-8", errors="surrogatepass")
    result = run(["scan", "-r", str(tmp_path / "claims.yaml"), str(page)])
    COUNTS[f"page exit {result.exit_code}"] += 1


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
CSL_KEYS = ["id", "type", "title", "DOI", "URL", "ISBN", "publisher", "issued", "author"]
CSL_ITEM = st.dictionaries(st.sampled_from(CSL_KEYS), JSON, max_size=6) | st.fixed_dictionaries(
    {"title": st.text(min_size=1, max_size=20)},
    optional={
        "issued": st.fixed_dictionaries({"date-parts": JSON}),
        "URL": JSON,
        "id": JSON,
    },
)


@FUZZ
@given(items=st.lists(CSL_ITEM, max_size=4) | JSON)
def test_csl_json_never_exits_3(tmp_path: Path, items: object) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(RIVERS, encoding="utf-8")
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps(items), encoding="utf-8")
    result = run(["import-sources", str(refs), "-r", str(registry)])
    COUNTS[f"csl exit {result.exit_code}"] += 1


@pytest.mark.parametrize("seed", SEEDS)
def test_the_seeds_are_valid(tmp_path: Path, seed: str) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(seed, encoding="utf-8")
    assert run(["verify", "--offline", "--today", "2026-01-01", str(path)]).exit_code in (0, 1)


def test_zz_counts() -> None:
    """Printed for the README (`pytest -s`); each family ran and reached a refusal."""
    print("\nfuzz counts:", dict(sorted(COUNTS.items())))
    if COUNTS:
        assert COUNTS["registry exit 2"] and COUNTS["csl exit 2"]
