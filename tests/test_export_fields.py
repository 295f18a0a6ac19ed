"""What `export` writes is published as written: every field of both formats.

Once, the CSL-JSON export wrote a DOI as typed (`https://doi.org/10.18750/...`, which a CSL
processor then printed as https://doi.org/https://doi.org/...), and a URL's password; the
ClaimReview export wrote a claim's `</script>` raw into JSON-LD meant for a `<script>`
element, typed every reviewer an Organization, and published a review dated 2052, as CSL-JSON
did a source's dates. Each is planted here, with a clean twin, on two subjects.
"""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import msgspec
import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.exports import (
    Exported,
    bare_doi,
    bare_isbn,
    claim_reviews,
    csl_export,
)
from claimcheck.findings import ClaimState
from claimcheck.loader import load_text

runner = CliRunner()

GLACIERS = """\
version: 1
page: {title: Glaciers, url: "PAGE_URL", path: page.md, as_of: 2025-01-15}
sources:
  - id: glamos
    title: GLAMOS mass balance report
    kind: dataset
    publisher: GLAMOS
    url: "SOURCE_URL"
    doi: "DOI"
    accessed: ACCESSED
  - id: atlas
    title: Atlas of the Swiss glaciers
    kind: book
    author: Jane Smith
    isbn: "ISBN"
    published: PUBLISHED
claims:
  - id: rhone_loss
    text: "CLAIM_TEXT"
    kind: figure
    value: 2.1
    unit: percent
    mentions: ["2.1% of its volume in 2024"]
    citations: [{source: glamos}]
    review: {status: disputed, on: REVIEWED, by: "REVIEWER", note: "NOTE"}
  - id: swiss_loss
    text: Swiss glaciers have lost 39% of their volume since 1931.
    kind: figure
    value: 39
    unit: percent
    mentions: ["39% of their volume since 1931"]
    citations: [{source: atlas}]
    review: {status: verified, on: 2025-02-01}
"""
GLACIERS_PAGE = """\
# Glaciers

The Rhône glacier lost 2.1% of its volume in 2024.

Swiss glaciers have lost 39% of their volume since 1931.
"""
GLACIERS_CLEAN = {
    "PAGE_URL": "https://glaciers.example.org/report#volume",
    "SOURCE_URL": "https://glamos.example.ch/massbalance",
    "DOI": "10.18750/MASSBALANCE.2024",
    "ACCESSED": "2025-01-10",
    "ISBN": "978-0-306-40615-7",
    "PUBLISHED": "2024-06",
    "CLAIM_TEXT": "The Rhône glacier lost 2.1% of its volume in 2024.",
    "REVIEWED": "2025-02-01",
    "REVIEWER": "Dr Siân Ní Bhriain",
    "NOTE": "GLAMOS gives 2.4",
}

LIBRARY = """\
version: 1
page: {title: Library loans, url: "PAGE_URL", path: page.html, as_of: 2025-08-01}
sources:
  - id: loans_2024
    title: Public library loans 2024
    kind: statistics
    publisher: Library Council
    url: "SOURCE_URL"
    doi: "DOI"
    accessed: ACCESSED
  - id: history
    title: A history of lending
    kind: book
    isbn: "ISBN"
    published: PUBLISHED
claims:
  - id: loans
    text: "CLAIM_TEXT"
    kind: figure
    value: 2400000
    unit: loans
    mentions: ["2.4 million loans"]
    citations: [{source: loans_2024}]
    review: {status: retracted, on: REVIEWED, by: "REVIEWER", note: "NOTE"}
  - id: branches
    text: The county has 31 branch libraries.
    kind: figure
    value: 31
    unit: libraries
    mentions: ["31 branch libraries"]
    citations: [{source: history}]
    review: {status: verified, on: 2025-08-02}
"""
LIBRARY_PAGE = """\
<html><body><h1>Library loans</h1>
<p>Libraries lent 2.4 million loans in 2024.</p>
<p>The county has 31 branch libraries.</p>
</body></html>
"""
LIBRARY_CLEAN = {
    "PAGE_URL": "https://news.example.org/libraries?a=1&b=2",
    "SOURCE_URL": "https://stats.example.org/loans-2024",
    "DOI": "10.5281/zenodo.1234",
    "ACCESSED": "2025-08-05",
    "ISBN": "0-306-40615-2",
    "PUBLISHED": "2019",
    "CLAIM_TEXT": "Libraries lent 2.4 million loans in 2024.",
    "REVIEWED": "2025-08-03",
    "REVIEWER": "Library Fact Desk",
    "NOTE": "the council's table says 2.1 million",
}
#: The run's day of each subject.
TODAY = {"glaciers": "2025-06-10", "library": "2025-09-10"}
SUBJECTS = {
    "glaciers": (GLACIERS, GLACIERS_PAGE, "page.md", GLACIERS_CLEAN),
    "library": (LIBRARY, LIBRARY_PAGE, "page.html", LIBRARY_CLEAN),
}
#: The claim each subject's planted review is on, and the source its DOI and URL are on,
#: and the one with its ISBN.
REVIEWED = {"glaciers": "rhone_loss", "library": "loans"}
DOI_SOURCE = {"glaciers": "glamos", "library": "loans_2024"}
ISBN_SOURCE = {"glaciers": "atlas", "library": "history"}


def registry_text(subject: str, **planted: str) -> str:
    template, _, _, clean = SUBJECTS[subject]
    text = template
    for key, value in {**clean, **planted}.items():
        text = text.replace(key, value)
    return text


def write(root: Path, subject: str, **planted: str) -> Path:
    _, page, page_name, _ = SUBJECTS[subject]
    (root / page_name).write_text(page, encoding="utf-8")
    path = root / "claims.yaml"
    path.write_text(registry_text(subject, **planted), encoding="utf-8")
    return path


def cli_export(path: Path, subject: str, fmt: str) -> tuple[str, list[dict[str, Any]], str]:
    """The export's standard output, as text and read, and its standard error."""
    result = runner.invoke(app, ["export", str(path), "-f", fmt, "--today", TODAY[subject]])
    assert result.exit_code == 0, result.stderr
    return result.stdout, json.loads(result.stdout), result.stderr


def run(subject: str, fmt: str, **planted: str) -> Exported:
    """The export of the subject's registry on its day, every claim `ok` (what the checks find
    is tested through the command: these are the fields)."""
    loaded = load_text(registry_text(subject, **planted), "claims.yaml")
    assert not loaded.findings, loaded.findings
    states = {c.id: (ClaimState.OK,) for c in loaded.registry.claims}
    export = claim_reviews if fmt == "claimreview" else csl_export
    return export(loaded.registry, states, date.fromisoformat(TODAY[subject]))


def by_id(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {item[key]: item for item in items}


# --- text embedded in HTML, and the reviewer ---------------------------------------------


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open = tag == "script"
        if self._open:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.scripts[-1] += data


def embedded(json_ld: str) -> list[str]:
    """The scripts of a page that embeds `json_ld` as JSON-LD, as a browser splits them."""
    parser = _Scripts()
    parser.feed(f'<html><head><script type="application/ld+json">{json_ld}</script></head>')
    return parser.scripts


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize(
    "planted",
    [
        "The claim.</script><script>alert(1)</script>",
        "The claim. <!-- <script>",
        "A & B &amp; <b>C</b>",
    ],
)
def test_claim_text_cannot_break_out_of_a_script_element(
    tmp_path: Path, subject: str, planted: str
) -> None:
    path = write(tmp_path, subject, CLAIM_TEXT=planted, NOTE=planted)
    text, reviews, _ = cli_export(path, subject, "claimreview")
    assert not {"<", ">", "&"} & set(text)
    assert embedded(text) == [text]  # one script, holding all of it
    review = by_id(reviews, "identifier")[REVIEWED[subject]]
    assert review["claimReviewed"] == planted == review["itemReviewed"]["text"]
    assert review["reviewRating"]["ratingExplanation"] == planted


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_clean_twin_text_is_written_as_it_is(tmp_path: Path, subject: str) -> None:
    text, reviews, _ = cli_export(write(tmp_path, subject), subject, "claimreview")
    clean = SUBJECTS[subject][3]["CLAIM_TEXT"]
    assert json.dumps(clean, ensure_ascii=False) in text
    assert by_id(reviews, "identifier")[REVIEWED[subject]]["claimReviewed"] == clean


@pytest.mark.parametrize("subject", SUBJECTS)
def test_csl_text_is_escaped_the_same_way(tmp_path: Path, subject: str) -> None:
    path = write(tmp_path, subject)
    path.write_text(
        path.read_text(encoding="utf-8").replace("kind: book", "kind: book\n    notes: </script>"),
        encoding="utf-8",
    )
    text, items, _ = cli_export(path, subject, "csl-json")
    assert "</" not in text and by_id(items, "id")[ISBN_SOURCE[subject]]["note"] == "</script>"


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_reviewer_is_not_typed_a_person_or_an_organisation(tmp_path: Path, subject: str) -> None:
    """`by` does not say which: "Dr Siân Ní Bhriain" is a person, "Library Fact Desk" is not,
    and either `@type` would be a guess."""
    _, reviews, _ = cli_export(write(tmp_path, subject), subject, "claimreview")
    author = by_id(reviews, "identifier")[REVIEWED[subject]]["author"]
    assert author == {"name": SUBJECTS[subject][3]["REVIEWER"]}
    other = by_id(reviews, "identifier")
    assert all("author" not in r for k, r in other.items() if k != REVIEWED[subject])


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_blank_reviewer_is_no_author(tmp_path: Path, subject: str) -> None:
    _, reviews, _ = cli_export(write(tmp_path, subject, REVIEWER="  "), subject, "claimreview")
    assert all("author" not in r for r in reviews)


# --- dates after the run's day ------------------------------------------------------------


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_review_dated_after_today_is_not_published(subject: str) -> None:
    exported = run(subject, "claimreview", REVIEWED="2052-08-21")
    claim = REVIEWED[subject]
    assert claim not in by_id(exported.items, "identifier")
    assert "2052" not in json.dumps([i.get("datePublished") for i in exported.items])
    assert exported.notes == (
        f"{claim}: its review is dated 2052-08-21, after today ({TODAY[subject]}): left out of "
        "the ClaimReview export (correct `review.on`: T008)",
    )
    assert exported.left_out == ()


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_verified_review_dated_after_today_is_left_out_for_its_date(subject: str) -> None:
    """Even with a state of `ok` (T008 not run, say): a review was not made in 2099. (With
    T008 run, its state is `unverified`, and `left_out` names it by that state: see
    tests/test_staleness_ranges.py.)"""
    text = re.sub(r"(status: verified, on: )2025", r"\g<1>2099", registry_text(subject))
    loaded = load_text(text, "claims.yaml")
    states = {c.id: (ClaimState.OK,) for c in loaded.registry.claims}
    exported = claim_reviews(loaded.registry, states, date.fromisoformat(TODAY[subject]))
    assert [i["identifier"] for i in exported.items] == [REVIEWED[subject]]
    assert len(exported.notes) == 1 and "is dated 2099-0" in exported.notes[0]
    assert exported.left_out == ()


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize(
    ("field", "planted", "source"),
    [("PUBLISHED", "2052-01", "ISBN_SOURCE"), ("ACCESSED", "2052-08-21", "DOI_SOURCE")],
)
def test_a_source_dated_after_today_is_not_published(
    subject: str, field: str, planted: str, source: str
) -> None:
    exported = run(subject, "csl-json", **{field: planted})
    ident = (ISBN_SOURCE if source == "ISBN_SOURCE" else DOI_SOURCE)[subject]
    assert ident not in by_id(exported.items, "id") and len(exported.items) == 1
    assert len(exported.notes) == 1
    assert exported.notes[0].startswith(f"{ident}: `{field.lower()}` {planted} is after today")


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_date_that_includes_today_is_not_after_it(subject: str) -> None:
    """The clean twins: the day itself, its month, its year."""
    today = TODAY[subject]
    for planted in (today, today[:7], today[:4]):
        reviews = run(subject, "claimreview", REVIEWED=planted)
        sources = run(subject, "csl-json", ACCESSED=planted, PUBLISHED=planted)
        assert len(reviews.items) == 2 and not reviews.notes
        assert len(sources.items) == 2 and not sources.notes
        assert {r.get("datePublished") for r in reviews.items} >= {planted}


@pytest.mark.parametrize("subject", SUBJECTS)
def test_without_the_runs_day_nothing_is_left_out_unsaid(subject: str) -> None:
    """A caller that gives no day is one that prints no notes: it gets every item."""
    loaded = load_text(
        registry_text(subject, REVIEWED="2052-08-21", DOI="not-a-doi"), "claims.yaml"
    )
    states = {c.id: (ClaimState.OK,) for c in loaded.registry.claims}
    assert len(claim_reviews(loaded.registry, states).items) == 2
    assert len(csl_export(loaded.registry, states).items) == 2


# --- through the command: what is left out is named on stderr ----------------------------


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_command_names_what_it_leaves_out(tmp_path: Path, subject: str) -> None:
    path = write(tmp_path, subject, REVIEWED="2052-08-21", PUBLISHED="2052", DOI="not-a-doi")
    _, reviews, stderr = cli_export(path, subject, "claimreview")
    assert REVIEWED[subject] not in by_id(reviews, "identifier")
    assert f"claimcheck: {REVIEWED[subject]}: its review is dated 2052-08-21" in stderr
    _, items, stderr = cli_export(path, subject, "csl-json")
    assert items == []
    lines = stderr.strip().splitlines()
    assert len(lines) == 2 and "is after today" in stderr and "is not a DOI" in stderr
    _, twin, stderr = cli_export(write(tmp_path, subject), subject, "csl-json")
    assert len(twin) == 2 and stderr == ""


# --- identifiers: a DOI as CSL gives one ---------------------------------------------


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize(
    "typed", ["https://doi.org/{}", "http://dx.doi.org/{}", "DOI:{}", "doi: {}", " {} "]
)
def test_a_doi_typed_with_its_resolver_or_label_is_exported_bare(
    tmp_path: Path, subject: str, typed: str
) -> None:
    clean = SUBJECTS[subject][3]["DOI"]
    path = write(tmp_path, subject, DOI=typed.format(clean))
    _, items, stderr = cli_export(path, subject, "csl-json")
    assert by_id(items, "id")[DOI_SOURCE[subject]]["DOI"] == clean  # as typed, case and all
    assert stderr == ""


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_clean_twin_doi_is_written_as_it_is(tmp_path: Path, subject: str) -> None:
    _, items, stderr = cli_export(write(tmp_path, subject), subject, "csl-json")
    assert by_id(items, "id")[DOI_SOURCE[subject]]["DOI"] == SUBJECTS[subject][3]["DOI"]
    assert stderr == ""


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize(
    ("doi", "isbn"),
    [
        ("https://doi.org/{}", "{}"),
        ("doi: {}", "ISBN {}"),  # once added again: `import-sources` compared them as typed
        ("https://www.doi.org/{}", "ISBN-13: {}"),
    ],
)
def test_an_exported_source_comes_back_as_the_same_source(
    tmp_path: Path, subject: str, doi: str, isbn: str
) -> None:
    """What `export -f csl-json` writes, `import-sources` knows as already listed, by its DOI
    or its ISBN alone, however the registry typed them."""
    clean = SUBJECTS[subject][3]
    path = write(tmp_path, subject, DOI=doi.format(clean["DOI"]), ISBN=isbn.format(clean["ISBN"]))
    _, items, _ = cli_export(path, subject, "csl-json")
    # As a reference manager gives them back: its own keys, the DOI or ISBN to know them by.
    known = by_id(items, "id")
    by_doi = {**known[DOI_SOURCE[subject]], "id": "Someone 2024", "URL": None}
    by_isbn = {**known[ISBN_SOURCE[subject]], "id": "Someone 2019"}
    twin = {**by_doi, "id": "Other 2024", "DOI": clean["DOI"] + "-other"}
    (tmp_path / "csl.json").write_text(json.dumps([by_doi, by_isbn, twin]), encoding="utf-8")
    result = runner.invoke(app, ["import-sources", str(tmp_path / "csl.json"), "-r", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "added 1 source (2 already listed)" in result.stderr


@pytest.mark.parametrize(
    ("typed", "bare"),
    [
        ("https://doi.org/10.18750/MASSBALANCE.2024", "10.18750/MASSBALANCE.2024"),
        ("https://www.doi.org/10.1/x", "10.1/x"),
        ("doi.org/10.5281/zenodo.1", "10.5281/zenodo.1"),
        ("https://doi.org/10.1000%2F182", "10.1000/182"),  # a resolver's path, encoded
        (sici := "10.1002/(SICI)1097-4636(199812)43:4<439::AID-JBM12>3.0.CO;2-#", sici),
        ("not a doi", None),
        ("10.5281/zenodo.1\u200b", None),  # an invisible character
        ("https://example.org/10.1/x", None),
        ("11.1000/xyz", None),
    ],
)
def test_bare_doi(typed: str, bare: str | None) -> None:
    assert bare_doi(typed) == bare


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("planted", ["not-a-doi", "10.5281/zenodo.1\\u200b", "https://doi.org/"])
def test_a_doi_that_is_not_one_leaves_its_source_out_and_says_so(
    subject: str, planted: str
) -> None:
    exported = run(subject, "csl-json", DOI=planted)
    source = DOI_SOURCE[subject]
    assert source not in by_id(exported.items, "id")
    assert len(exported.items) == 1
    assert len(exported.notes) == 1 and exported.notes[0].startswith(f"{source}: `doi` ")
    assert "is not a DOI" in exported.notes[0]
    assert "left out of the CSL-JSON export" in exported.notes[0]


# --- identifiers: ISBNs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("978-0-306-40615-7", "978-0-306-40615-7"),
        ("ISBN 978-0-306-40615-7", "978-0-306-40615-7"),
        ("ISBN-13: 978\u20100\u2010306\u201040615\u20107", "978-0-306-40615-7"),
        ("0-306-40615-2", "0-306-40615-2"),
        ("080442957X", "080442957X"),
        ("978 0 306 40615 7", "978 0 306 40615 7"),
        ("9780306406157 0306406152", "9780306406157 0306406152"),  # Zotero's two
        ("0-306-40615-2 (pbk.)", "0-306-40615-2 (pbk.)"),
        ("978-0-306-40615-8", None),  # the check digit disagrees
        ("0-306-40615-3", None),
        ("9780306406157 0306406153", None),  # one of two
        ("977-0-306-40615-7", None),
        ("12345", None),
        ("ISBN", None),
    ],
)
def test_bare_isbn(typed: str, written: str | None) -> None:
    assert bare_isbn(typed) == written


@pytest.mark.parametrize("subject", SUBJECTS)
def test_an_isbn_label_is_not_exported(tmp_path: Path, subject: str) -> None:
    clean = SUBJECTS[subject][3]["ISBN"]
    _, items, _ = cli_export(write(tmp_path, subject, ISBN=f"ISBN {clean}"), subject, "csl-json")
    assert by_id(items, "id")[ISBN_SOURCE[subject]]["ISBN"] == clean


@pytest.mark.parametrize("subject", SUBJECTS)
def test_an_isbn_with_a_wrong_check_digit_leaves_its_source_out(subject: str) -> None:
    clean = SUBJECTS[subject][3]["ISBN"]
    planted = clean[:-1] + ("8" if clean[-1] != "8" else "9")
    exported = run(subject, "csl-json", ISBN=planted)
    assert ISBN_SOURCE[subject] not in by_id(exported.items, "id")
    assert [n.split(":")[0] for n in exported.notes] == [ISBN_SOURCE[subject]]
    assert "is not an ISBN" in exported.notes[0]
    twin = run(subject, "csl-json")
    assert by_id(twin.items, "id")[ISBN_SOURCE[subject]]["ISBN"] == clean and not twin.notes


# --- URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_source_url_password_is_never_exported(tmp_path: Path, subject: str) -> None:
    clean = SUBJECTS[subject][3]["SOURCE_URL"]
    planted = clean.replace("https://", "https://editor:s3cret@")
    text, items, stderr = cli_export(
        write(tmp_path, subject, SOURCE_URL=planted), subject, "csl-json"
    )
    assert "s3cret" not in text + stderr and "editor" not in text
    assert "editor:****@" in stderr and "L010" in stderr
    assert by_id(items, "id")[DOI_SOURCE[subject]]["URL"] == clean  # the URL claimcheck checks
    exported = run(subject, "csl-json", SOURCE_URL=planted)
    assert len(exported.notes) == 1 and "user name or password" in exported.notes[0]
    assert "s3cret" not in exported.notes[0] and "L010" in exported.notes[0]
    assert not run(subject, "csl-json").notes  # the clean twin


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_page_url_password_is_never_exported(tmp_path: Path, subject: str) -> None:
    clean = SUBJECTS[subject][3]["PAGE_URL"]
    planted = clean.replace("https://", "https://token@")
    path = write(tmp_path, subject, PAGE_URL=planted)
    text, reviews, _ = cli_export(path, subject, "claimreview")
    assert "token" not in text
    assert {r["itemReviewed"]["appearance"]["url"] for r in reviews} == {clean}
    _, twin, _ = cli_export(write(tmp_path, subject), subject, "claimreview")
    assert {r["itemReviewed"]["appearance"]["url"] for r in twin} == {clean}  # `#` and `&` kept


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize(
    ("planted", "why"),
    [
        ("javascript:alert(document.cookie)", "not http(s)"),
        ("file:///etc/passwd", "not http(s)"),
        ("https://news.example.org/a\u200bb", "invisible character"),
        ("https://news.exa mple.org/", "malformed"),
    ],
)
def test_a_page_url_no_reader_can_follow_exports_no_review(
    subject: str, planted: str, why: str
) -> None:
    """Whatever the loader lets through (a `javascript:` page URL is its R002): the export
    does not publish it, given it in the registry as read."""
    loaded = load_text(registry_text(subject), "claims.yaml")
    page = loaded.registry.page
    assert page is not None
    registry = msgspec.structs.replace(
        loaded.registry, page=msgspec.structs.replace(page, url=planted)
    )
    states = {c.id: (ClaimState.OK,) for c in registry.claims}
    exported = claim_reviews(registry, states, date.fromisoformat(TODAY[subject]))
    assert exported.items == []
    assert len(exported.notes) == 1 and exported.notes[0].startswith("page.url ")
    assert why in exported.notes[0] and "no ClaimReview exported" in exported.notes[0]
    assert len(run(subject, "claimreview").items) == 2  # the clean twin


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_source_url_no_reader_can_follow_leaves_its_source_out(subject: str) -> None:
    clean = SUBJECTS[subject][3]["SOURCE_URL"]
    exported = run(subject, "csl-json", SOURCE_URL=clean + "\\u200b")
    assert DOI_SOURCE[subject] not in by_id(exported.items, "id")
    assert len(exported.notes) == 1 and "invisible character" in exported.notes[0]
