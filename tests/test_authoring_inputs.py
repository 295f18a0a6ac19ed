"""What `add` and `import-sources` take in, and what they refuse (review 10, items 15, 16, 18).

Planted: a source already listed under another spelling of its URL or DOI, a CSL item
whose date, author or URL would be lost or reported later, a range `--value`, a malformed
`--url`; each with a clean twin that must be added as given.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry

runner = CliRunner()

LISTED = """\
version: 1
page: {title: Roads}
sources:
  - id: existing
    title: Existing survey
    url: https://example.org/roads/survey/
    doi: 10.1234/ABC
    isbn: 978-0-306-40615-7
claims: []
"""


def _registry(tmp_path: Path, text: str = LISTED) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _csl(path: Path, items: list[object]) -> Path:
    """Items written one a line, as reference managers export them (lines to point at)."""
    path.write_text("[\n" + ",\n".join(json.dumps(i) for i in items) + "\n]\n", encoding="utf-8")
    return path


def _import(tmp_path: Path, registry: Path, items: list[object]) -> tuple[int, str]:
    csl = _csl(tmp_path / "refs.json", items)
    result = runner.invoke(app, ["import-sources", str(csl), "-r", str(registry)])
    return result.exit_code, result.stderr


# --- import-sources: the same source under another spelling -------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"URL": "HTTPS://Example.org/roads/survey/"},  # host case
        {"URL": "https://example.org:443/roads/survey/"},  # the default port
        {"URL": "https://example.org/roads/survey/#table-2"},  # a fragment
        {"URL": "https://example.org/roads/survey"},  # a trailing slash
        {"URL": "https://example.org/roads/./survey/"},  # a dot segment
        {"DOI": "https://doi.org/10.1234/abc"},  # a resolver's URL, and case
        {"DOI": "doi:10.1234/Abc"},
        {"URL": "https://dx.doi.org/10.1234/abc"},  # a DOI given as the URL
        {"ISBN": "978 0 306 40615 7"},
    ],
)
def test_a_source_already_listed_under_another_spelling_is_skipped(
    tmp_path: Path, fields: dict[str, str]
) -> None:
    registry = _registry(tmp_path)
    code, stderr = _import(tmp_path, registry, [{"id": "again", "title": "Again", **fields}])
    assert code == 0, stderr
    assert "added 0 sources (1 already listed)" in stderr
    assert registry.read_text(encoding="utf-8") == LISTED


@pytest.mark.parametrize(
    "fields",
    [
        {"URL": "https://example.org/roads/Survey/"},  # a path's case is the server's
        {"URL": "https://example.org/roads/survey/?year=2024"},  # a query
        {"URL": "https://example.org:8443/roads/survey/"},  # another port
        {"URL": "https://example.com/roads/survey/"},  # another host
        {"DOI": "10.1234/abcd"},
        {"DOI": "https://doi.org/10.1234/abd"},
        {"ISBN": "978-0-306-40616-4"},  # another book's, a digit from the listed one's
    ],
)
def test_another_source_is_added(tmp_path: Path, fields: dict[str, str]) -> None:
    registry = _registry(tmp_path)
    code, stderr = _import(tmp_path, registry, [{"id": "other", "title": "Other", **fields}])
    assert code == 0, stderr
    assert "added 1 source (0 already listed)" in stderr
    assert [s.id for s in load_registry(registry).registry.sources] == ["existing", "other"]


def test_an_isbn_whose_check_digit_is_wrong_is_refused_not_taken_for_another(
    tmp_path: Path,
) -> None:
    """978-0-306-40615-8 is the listed 978-0-306-40615-7 with its check digit wrong: neither
    another book to add nor the listed one again, but an ISBN that is none (S006, review 18
    item 5), refused at its item and field with nothing written."""
    registry = _registry(tmp_path)
    items: list[object] = [{"id": "other", "title": "Other", "ISBN": "978-0-306-40615-8"}]
    code, stderr = _import(tmp_path, registry, items)
    assert code == 2, stderr
    assert "refs.json:2:35: error: item 1 (id 'other'), `ISBN`" in stderr, stderr
    assert "S006" in stderr and "nothing was imported" in stderr
    assert registry.read_text(encoding="utf-8") == LISTED


def test_two_spellings_in_one_file_are_one_source(tmp_path: Path) -> None:
    registry = _registry(tmp_path)
    items: list[object] = [
        {"id": "a", "title": "A", "URL": "https://roads.example.org/a"},
        {"id": "b", "title": "A again", "URL": "HTTPS://ROADS.example.org:443/a#top"},
        {"id": "c", "title": "C", "DOI": "10.5555/XYZ"},
        {"id": "d", "title": "C again", "DOI": "https://doi.org/10.5555/xyz"},
    ]
    code, stderr = _import(tmp_path, registry, items)
    assert code == 0 and "added 2 sources (2 already listed)" in stderr, stderr
    assert [s.id for s in load_registry(registry).registry.sources] == ["existing", "a", "c"]


# --- import-sources: what export writes comes back -----------------------------------------

FULL = """\
version: 1
page: {title: Roads}
sources:
  - id: ons_2025
    title: Crime in England and Wales
    kind: dataset
    publisher: Office for National Statistics
    author: Jane Smith
    url: https://www.ons.gov.uk/crime
    doi: 10.1234/ons.2025
    isbn: 978-0-306-40615-7
    published: 2025-03-14
    accessed: 2025-06-01
    notes: Table 3 is the one used.
  - id: pothole_survey
    title: Pothole survey
    kind: report
    url: https://example.org/potholes
    published: 2024-11
    accessed: 2025
claims: []
"""


def test_export_then_import_gives_the_same_sources(tmp_path: Path) -> None:
    source = tmp_path / "full.yaml"
    source.write_text(FULL, encoding="utf-8")
    out = tmp_path / "out.json"
    exported = runner.invoke(app, ["export", str(source), "-f", "csl-json", "-o", str(out)])
    assert exported.exit_code == 0, exported.stderr
    empty = _registry(tmp_path, "version: 1\npage: {title: Roads}\nsources: []\nclaims: []\n")
    result = runner.invoke(app, ["import-sources", str(out), "-r", str(empty)])
    assert result.exit_code == 0 and "added 2 sources" in result.stderr, result.stderr
    assert load_registry(empty).registry.sources == load_registry(source).registry.sources


def test_a_raw_date_and_an_author_as_text_are_read(tmp_path: Path) -> None:
    registry = _registry(tmp_path)
    items: list[object] = [
        {
            "id": "budget",
            "title": "Budget book",
            "issued": {"raw": "2025-03-14"},
            "accessed": {"raw": "2025-06"},
            "author": "Jane Smith",
            "note": "Table 3.",
        },
        {"id": "plan", "title": "Plan", "author": ["Lee Jones"], "issued": {"raw": 2024}},
    ]
    code, stderr = _import(tmp_path, registry, items)
    assert code == 0, stderr
    budget, plan = load_registry(registry).registry.sources[1:]
    assert (str(budget.published), str(budget.accessed)) == ("2025-03-14", "2025-06")
    assert (budget.author, budget.notes) == ("Jane Smith", "Table 3.")
    assert (plan.author, str(plan.published)) == ("Lee Jones", "2024")


@pytest.mark.parametrize(
    ("bad", "says", "field"),
    [
        ({"issued": {"literal": "Spring 2025"}}, "`issued`: cannot read a date", '"issued"'),
        ({"issued": {"raw": "14/3/25"}}, "`issued`: cannot read a date", '"issued"'),
        ({"accessed": {"raw": "2025-02-30"}}, "`accessed`: cannot read a date", '"accessed"'),
        ({"author": [{"given": ""}]}, "`author`: the first author has no name", '"author"'),
        ({"author": 7}, "`author`: the first author has no name", '"author"'),
        ({"note": ["a"]}, "`note` must be text, got a list", '"note"'),
        ({"title": ""}, "`title` must be some text", '"title"'),
        ({"DOI": {"a": 1}}, "`DOI` must be text, got an object", '"DOI"'),
        ({"URL": "https://example.org/a b"}, "malformed (a control character, a space", '"URL"'),
        ({"URL": "https://editor:pw@example.org/a"}, "a user name before the host", '"URL"'),
        ({"URL": "https://example.org:99999/a"}, "malformed", '"URL"'),
    ],
)
def test_an_item_that_would_lose_or_fail_a_field_is_refused_at_its_place(
    tmp_path: Path, bad: dict[str, object], says: str, field: str
) -> None:
    """Never a field dropped without a word, nor a URL that `verify --offline` would report
    at once: one error at the item's line and column (at the field), nothing imported."""
    registry = _registry(tmp_path)
    item = {"id": "dues", "type": "report", "title": "Harbour dues", **bad}
    code, stderr = _import(tmp_path, registry, [{"id": "fees", "title": "Fees"}, item])
    assert code == 2
    (line,) = stderr.strip().splitlines()
    column = (tmp_path / "refs.json").read_text(encoding="utf-8").splitlines()[2].index(field)
    assert line.startswith(f"claimcheck: {tmp_path / 'refs.json'}:3:{column + 1}: error: ")
    assert "item 2 (id 'dues')" in line and says in line and "nothing was imported" in line
    assert registry.read_text(encoding="utf-8") == LISTED


def test_an_item_that_is_not_one_is_named_at_its_place(tmp_path: Path) -> None:
    registry = _registry(tmp_path)
    code, stderr = _import(tmp_path, registry, [{"id": "fees", "title": "Fees"}, "a title"])
    assert code == 2
    assert f"{tmp_path / 'refs.json'}:3:1: error: item 2: expected an item (an object)" in stderr
    (tmp_path / "one.json").write_text('\n  "a title"\n', encoding="utf-8")
    result = runner.invoke(app, ["import-sources", str(tmp_path / "one.json"), "-r", str(registry)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'one.json'}:2:3: error: expected CSL-JSON" in result.stderr


@pytest.mark.parametrize(
    "good",
    [
        {"URL": "https://example.org/a%20b"},
        {"issued": {"date-parts": [[2025, 3]]}, "accessed": {"raw": "2025-06-01"}},
        {"author": [{"family": "Smith", "given": "Jane"}, {"literal": "Lee"}]},
        {"author": [{"literal": "Office for Roads"}], "note": "p. 4"},
        {"issued": {}, "author": []},
    ],
)
def test_the_clean_twins_import(tmp_path: Path, good: dict[str, object]) -> None:
    registry = _registry(tmp_path)
    item = {"id": "dues", "type": "report", "title": "Harbour dues", **good}
    code, stderr = _import(tmp_path, registry, [item])
    assert code == 0 and "added 1 source (0 already listed)" in stderr, stderr
    verified = runner.invoke(app, ["verify", str(registry), "--offline", "--select", "L,R002"])
    assert "L007" not in verified.stdout and "R002" not in verified.stdout


# --- add -----------------------------------------------------------------------------------

ADD = """\
version: 1
# the roads page
page: {title: Roads}
sources:
  - id: survey
    title: Survey
claims: []
"""


def _add(registry: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["add", *args, "-r", str(registry)])
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("[3, 5]", None, ("3", "5")),
        ("[0.5, 1.5]", "percent", ("0.5", "1.5")),
        ("[£1.2bn, £1.5bn]", None, ("1.2", "1.5")),
        ("[ 10,17 ]", "days", ("10", "17")),
    ],
)
def test_add_takes_a_range_as_the_message_says(
    tmp_path: Path, value: str, unit: str | None, expected: tuple[str, str]
) -> None:
    registry = _registry(tmp_path, ADD)
    units = ["--unit", unit] if unit else []
    code, stderr = _add(registry, "claim", "--id", "r1", "--text", "x", "--kind", "figure",
                        "--value", value, *units)  # fmt: skip
    assert code == 0, stderr
    (claim,) = load_registry(registry).registry.claims
    assert isinstance(claim.value, tuple)
    assert tuple(f"{end:f}" for end in claim.value) == expected
    assert registry.read_text(encoding="utf-8").startswith(ADD.removesuffix("claims: []\n"))


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("[3, 4, 5]", "would not be valid"),
        ("[3]", "would not be valid"),
        ("[[1, 2], 3]", "not a range"),
        ("[true, 5]", "not a range"),
        ("[a, b]", "is not a number"),
        ("three", "is not a number"),
    ],
)
def test_add_refuses_what_is_not_a_value(tmp_path: Path, value: str, says: str) -> None:
    registry = _registry(tmp_path, ADD)
    code, stderr = _add(registry, "claim", "--id", "r1", "--text", "x", "--kind", "figure",
                        "--value", value)  # fmt: skip
    assert code == 2 and says in stderr, stderr
    assert "Traceback" not in stderr
    assert registry.read_text(encoding="utf-8") == ADD


def test_add_keeps_a_plain_value_as_before(tmp_path: Path) -> None:
    registry = _registry(tmp_path, ADD)
    for ident, value in (("a", "102878"), ("b", "4.6"), ("c", "£65m"), ("d", "8,300,000")):
        code, stderr = _add(registry, "claim", "--id", ident, "--text", "x", "--kind", "figure",
                            "--value", value)  # fmt: skip
        assert code == 0, stderr
    values = [c.value for c in load_registry(registry).registry.claims]
    assert [f"{v:f}" for v in values if not isinstance(v, tuple) and v is not None] == [
        "102878",
        "4.6",
        "65",
        "8300000",
    ]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("HTTPS://EXAMPLE.ORG/a b", "malformed (a control character, a space"),
        ("https://example.org/\u200bsurvey", "a control, escape or invisible character"),
        ("https://editor:secret@example.org/survey", "a user name before the host"),
        ("https://example.org:99999/survey", "malformed"),
        ("ftp://example.org/survey", "not http(s)"),
    ],
)
def test_add_refuses_a_url_verify_would_report(tmp_path: Path, url: str, says: str) -> None:
    registry = _registry(tmp_path, ADD)
    code, stderr = _add(registry, "source", "--id", "s2", "--title", "T", "--url", url)
    assert code == 2 and says in stderr, stderr
    assert registry.read_text(encoding="utf-8") == ADD


@pytest.mark.parametrize(
    "url", ["HTTPS://EXAMPLE.ORG/a%20b", "https://example.org:8443/survey", "http://example.org"]
)
def test_add_takes_a_url_verify_accepts(tmp_path: Path, url: str) -> None:
    registry = _registry(tmp_path, ADD)
    code, stderr = _add(registry, "source", "--id", "s2", "--title", "T", "--url", url)
    assert code == 0, stderr
    assert load_registry(registry).registry.sources[-1].url == url
    verified = runner.invoke(app, ["verify", str(registry), "--offline", "--select", "L"])
    assert "L007" not in verified.stdout and "L010" not in verified.stdout


# --- the counts said ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentences", "said"),
    [
        (
            "The council counted 1,240 potholes in 2024, according to "
            "[the survey](https://example.org/survey).",
            "added 1 draft claim and 1 source to",
        ),
        (
            "The council counted 1,240 potholes in 2024, according to "
            "[the survey](https://example.org/survey). It filled 930 of them in 2025, "
            "says [the report](https://example.org/report).",
            "added 2 draft claims and 2 sources to",
        ),
        ("The roads are busy.", "added 0 draft claims and 0 sources to"),
    ],
)
def test_extract_append_counts_in_words_that_agree(
    tmp_path: Path, sentences: str, said: str
) -> None:
    registry = _registry(tmp_path, "version: 1\npage: {title: Roads}\nsources: []\nclaims: []\n")
    page = tmp_path / "page.md"
    page.write_text(f"# Roads\n\n{sentences}\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "-r", str(registry), "--append"])
    assert result.exit_code == 0, result.stderr
    assert said in result.stderr
