"""Limits in bytes and time (issue 15): each attack planted, each with a clean twin that passes.

No timings are asserted (the machine is noisy): the attacks are refused with a located error,
and the parsers' work is counted where time was the problem (bench/limits.py times them).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.checks import coverage
from claimcheck.errors import ConfigError, RegistryLoadError
from claimcheck.exports import new_sources, read_csl
from claimcheck.expression import ExpressionError, evaluate, names_in
from claimcheck.loader import MAX_DIGITS, parse_registry
from claimcheck.page import FILLER, page_from_text

HEAD = "version: 1\nsources:\n  - id: src\n    title: A bulletin\n    kind: statistics\n"


def claim(ident: str, text: str = "Ten cases.", extra: str = "") -> str:
    return f"  - id: {ident}\n    text: {text}\n    kind: figure\n{extra}"


def refused(text: str, **kwargs: int) -> RegistryLoadError:
    with pytest.raises(RegistryLoadError) as info:
        parse_registry(text, "claims.yaml", **kwargs)
    return info.value


# --- alias expansion, counted in characters --------------------------------------------


def test_one_big_anchor_replayed_is_refused_at_the_alias() -> None:
    # The attack of the issue in small: a large anchored text, aliased by many claims.
    body = "x" * 1000
    claims = [claim("c0", f"&big {body}")] + [claim(f"c{i}", "*big") for i in range(1, 50)]
    text = HEAD + "claims:\n" + "".join(claims)
    error = refused(text, max_alias_chars=20_000)
    assert "aliases replay over" in error.message and "R001" in error.message
    # Each alias replays the anchored 1,005 characters: the 20th crosses 20,000, and the
    # error points at it.
    assert error.line == text.splitlines().index("    text: *big") + 1 + 19 * 3
    assert error.column == 11


def test_nested_anchors_count_what_they_replay() -> None:
    # Each level doubles: the sizes multiply, as a billion laughs does, within yaml-rs's
    # event limits (few events, many characters).
    levels = ["a0: &a0 " + "y" * 500]
    levels += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 8)]
    text = "version: 1\nnotes:\n" + "".join(f"  {line}\n" for line in levels)
    error = refused(text, max_alias_chars=50_000)
    assert "aliases replay over" in error.message


def test_honest_anchors_load() -> None:
    # The clean twin: a citation written once and aliased by 2,000 claims.
    first = claim("c0", extra="    citations: &cite\n      - source: src\n        quote: ten\n")
    rest = [claim(f"c{i}", extra="    citations: *cite\n") for i in range(1, 2000)]
    loaded = parse_registry(HEAD + "claims:\n" + first + "".join(rest), "claims.yaml")
    assert len(loaded.registry.claims) == 2000
    assert loaded.registry.claims[-1].citations[0].source == "src"


def test_markdown_emphasis_is_not_an_alias() -> None:
    text = HEAD + "claims:\n" + claim("c0", "'Ten *new* cases.'", "    notes: see *this* page\n")
    assert parse_registry(text, "claims.yaml").registry.claims[0].notes == "see *this* page"


def test_aliases_in_what_pyyaml_cannot_read_are_refused_with_a_place() -> None:
    text = HEAD + "claims:\n" + claim("c0", "&t Ten") + claim("c1", "*t") + "  - [\n"
    error = refused(text)
    assert "R001" in error.message and error.line is not None


# --- numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "9" * (MAX_DIGITS + 1),
        "9" * 4301,  # Python's int-str limit: it exited 3
        "-" + "1" * 200_000,
        "0x" + "f" * 200,
        "1_000" * 50,
    ],
)
def test_a_number_with_too_many_digits_is_refused_where_it_is(number: str) -> None:
    text = HEAD + "claims:\n" + claim("c0", extra=f"    value: {number}\n")
    error = refused(text)
    assert "digits" in error.message and (error.line, error.column) == (10, 12)


@pytest.mark.parametrize("where", ["version: {n}\n", "page:\n  title: {n}\n", "x: [1, {n}]\n"])
def test_a_long_number_anywhere_is_refused(where: str) -> None:
    error = refused(HEAD + where.format(n="7" * 5000))
    assert "5,000 digits" in error.message


@pytest.mark.parametrize(
    "text",
    [
        '"' + "9" * 500 + '"',  # quoted: text, not a number
        "Case 99" + "9" * 300 + " was heard",  # digits inside words
        "'" + "1" * 300 + "'",
    ],
)
def test_long_digit_runs_in_text_are_text(text: str) -> None:
    loaded = parse_registry(HEAD + "claims:\n" + claim("c0", text), "claims.yaml")
    assert len(loaded.registry.claims) == 1


@pytest.mark.parametrize(
    "value",
    ["'1e999999999'", ".nan", ".inf", "-.inf", "'-1e101'", "'" + "1" * 150 + "'", "1e300"],
)
def test_a_value_beyond_finite_sane_decimals_is_refused(value: str) -> None:
    text = HEAD + "claims:\n" + claim("c0", extra=f"    value: {value}\n")
    error = refused(text)
    assert "R002" in error.message and (error.line, error.column) == (10, 12)


def test_a_range_end_and_a_tolerance_are_checked_too() -> None:
    error = refused(HEAD + "claims:\n" + claim("c0", extra="    value: [1, .inf]\n"))
    assert (error.line, error.column) == (10, 16)
    text = HEAD + "constraints:\n  - id: k\n    expr: 1 < 2\n    tolerance: .nan\n"
    assert refused(text).line == 9


def test_large_but_honest_numbers_load() -> None:
    value = "9" * MAX_DIGITS
    extra = f"    value: [{value}, 9.9e{MAX_DIGITS - 1}]\n"
    loaded = parse_registry(HEAD + "claims:\n" + claim("c0", extra=extra), "claims.yaml")
    assert loaded.registry.claims[0].value is not None


# --- ids --------------------------------------------------------------------------------


def test_an_id_ending_in_a_newline_is_not_an_id() -> None:
    text = HEAD + 'claims:\n  - id: "c0\\n"\n    text: Ten.\n    kind: fact\n'
    loaded = parse_registry(text, "claims.yaml")
    assert [f.rule.code for f in loaded.findings] == ["R002"]
    assert "snake_case" in loaded.findings[0].message


def test_an_id_of_over_100_characters_is_refused_and_100_is_fine() -> None:
    text = HEAD + "claims:\n" + claim("c" * 101) + claim("d" * 100)
    loaded = parse_registry(text, "claims.yaml")
    assert [f.message for f in loaded.findings] == [
        "expected an id of at most 100 characters, got 101"
    ]
    assert [c.id for c in loaded.registry.claims] == ["d" * 100]


# --- pages read in linear time (bench/limits.py times them at n and 4n) --------------------


def test_unterminated_quotes_take_the_rest_of_the_page_as_html_does() -> None:
    # 8,000 of these took 13 s in HTMLParser (it rescanned to the end from each one).
    source = "<p>Ten cases.</p>" + "<a href='" * 8000
    prose = page_from_text("p.html", source, "html").prose
    assert len(prose) == len(source)
    assert prose.split() == ["Ten", "cases."]


def test_a_page_of_many_real_links_keeps_its_text() -> None:
    links = "".join(
        f"<li><a href='https://x.example/{i}' title=\"a > b\">item {i}</a></li>\n"
        for i in range(3000)
    )
    source = f"<ul>\n{links}</ul><script>if (a<b) x = '<p>'</script><p>Ten &amp; 5&#37;.</p>"
    prose = page_from_text("p.html", source, "html").prose
    assert len(prose) == len(source)
    words = prose.replace(FILLER, "").split()
    assert words[:4] == ["item", "0", "item", "1"] and words[-3:] == ["Ten", "&", "5%."]
    assert "https" not in prose and "if" not in words


@pytest.mark.parametrize(
    "source",
    ["x <!--" * 5000, "[a](" * 5000, "[a](\n" * 5000, "<!-- note --> [a](b) " * 2000],
)
def test_markdown_with_unclosed_comments_and_links_reads(source: str) -> None:
    prose = page_from_text("p.md", source, "markdown").prose
    assert len(prose) == len(source)


def test_figures_on_one_long_line_are_read_line_by_line_once() -> None:
    # 10,000 glued dates on one line (the figures read are `2023`s and `29`s): each figure
    # cut and split its whole line again (9 s).
    page = page_from_text("p.txt", "29 February 2023" * 10_000, "text")
    lines = coverage._Lines(page)
    stripped = 0

    def counting(at: int) -> tuple[int, str, int]:
        nonlocal stripped
        seen = len(lines._seen)
        result = coverage._Lines.at(lines, at)
        stripped += len(lines._seen) - seen
        return result

    lines.at = counting  # type: ignore[method-assign,assignment]
    found = list(coverage._figures(page.prose))
    assert len(found) == 9_999
    assert sum(coverage._is_label(page.prose, q, lines) for q in found) == 0
    assert stripped == 1  # one line, stripped and split once


def test_a_real_29_february_is_a_figure_and_an_invalid_one_is_not() -> None:
    page = page_from_text(
        "p.txt", "On 29 February 2024 it rained. On 29 February 2023 not.\n", "text"
    )
    assert [q.text for q in coverage._figures(page.prose)] == ["29 February 2024"]


# --- CSL-JSON: a wrong type is a one-line error naming the item and field ----------------


@pytest.mark.parametrize(
    ("item", "says"),
    [
        ({"title": 5}, "item 1: `title` must be some text"),
        ({"title": "T", "author": "x", "URL": ["u"]}, "item 1: `URL` must be text, got a list"),
        ({"title": "T", "issued": {"date-parts": "2020"}}, "item 1: `issued.date-parts`"),
        ({"title": "T", "issued": {"date-parts": [[2020, 13]]}}, "`issued.date-parts`"),
        ({"title": "T", "issued": {"date-parts": [[None]]}}, "`issued.date-parts`"),
        ({"title": "T", "issued": "2020"}, "`issued` must be an object"),
        ({"title": "T", "DOI": {"a": None}}, "`DOI` must be text, got an object"),
        ({"title": "T", "id": 10**30}, "`id` is a number of over 18 digits"),
    ],
)
def test_a_csl_item_of_wrong_types_is_named(tmp_path: Path, item: object, says: str) -> None:
    path = tmp_path / "refs.json"
    path.write_text(json.dumps([{"title": "Fine", "issued": {"date-parts": [[2024, 2]]}}, item]))
    with pytest.raises(ConfigError) as info:
        read_csl(path)
    assert says.replace("item 1", "item 2") in str(info.value)


def test_a_csl_number_of_5000_digits_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    path.write_text('[{"title": "T", "id": ' + "9" * 5000 + "}]")
    with pytest.raises(ConfigError, match="not JSON"):
        read_csl(path)


def test_good_csl_items_import(tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    items = [
        {"title": "A", "id": 7, "DOI": "10.1/x", "issued": {"date-parts": [["2024", "2", 29]]}},
        {"title": "B", "type": "book", "issued": {"date-parts": [[]]}, "author": [{"family": "X"}]},
    ]
    path.write_text(json.dumps(items))
    entries = new_sources(read_csl(path), ())
    assert [e.get("published") for e in entries] == ["2024-02-29", None]


# --- constraint expressions ---------------------------------------------------------------


@pytest.mark.parametrize(
    "expr",
    [
        "1+" * 3000 + "1 < 2",  # deeper than the parser goes
        "9" * 5000 + " < 2",  # Python's int-str limit
        "a\x00 < 1",
        "-" * 5000 + "1 < 2",
        "10 ** 10 ** 10 < 1",  # no powers at all
        "1e999999999 - 1e999999999 < 1",
        "x < 1 " * 3000,
    ],
)
def test_hostile_expressions_are_expression_errors(expr: str) -> None:
    with pytest.raises(ExpressionError):
        evaluate(expr, {})
    names_in(expr)  # never raises


@pytest.mark.parametrize("blank", [" ", "\n", "\t", " \u00a0"])
def test_a_figure_followed_by_blank_space_is_read_in_linear_time(blank: str) -> None:
    # A figure's optional unit was sought by `\s*-?\s*`: every split of the blank run was
    # tried, so 8,000 spaces after one figure took 45 s and 40,000 about 3 minutes.
    from claimcheck.quantity import find_quantities

    found = find_quantities("There were 1,234" + blank * 50_000 + "x.")
    assert [q.text for q in found] == ["1,234"]
    # The clean twin: a unit after a dash and spaces is still read as the figure's unit.
    assert [q.unit for q in find_quantities("a 12 - year wait")] == [
        q.unit for q in find_quantities("a 12-year wait")
    ]
