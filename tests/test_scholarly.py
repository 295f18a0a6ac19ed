"""Scholarly sources end to end: `snapshot` asks a (loopback) Crossref API for each DOI and
keeps the answer; `verify` compares it offline and reports retractions, concerns and
corrections, and what a user's Retraction Watch CSV lists (issue 20, item 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.errors import ConfigError
from claimcheck.sources.scholarly import Metadata, differences, from_crossref, read_retractions
from tests.sourceserver import serve

runner = CliRunner()

REGISTRY = """\
version: 1
sources:
  - id: paper
    title: Knife crime offences in London, 2019
    kind: article-journal
    author: Jane Smith
    published: 2019
    url: {paper}
    doi: 10.1234/knife.2019.7
  - id: doi_only
    title: Youth violence and school exclusion
    kind: article-journal
    doi: 10.5555/youth.2020
claims:
  - id: offences
    text: Knife crime offences rose in London in 2019.
    kind: fact
    citations: [{{source: paper}}, {{source: doi_only}}]
"""


def work(title: str, family: str, year: int, updates: list[dict[str, object]]) -> bytes:
    message = {
        "title": [title],
        "author": [{"given": "A", "family": family, "sequence": "first"}],
        "issued": {"date-parts": [[year, 3, 1]]},
        "updated-by": updates,
    }
    return json.dumps({"status": "ok", "message": message}).encode()


def _snapshot_and_verify(tmp_path: Path, paper: bytes, other: bytes) -> dict[str, list[str]]:
    with serve() as site:
        site.pages["/paper"] = (200, "text/plain", b"Knife crime offences rose in 2019.")
        site.pages["/works/10.1234/knife.2019.7"] = (200, "application/json", paper)
        site.pages["/works/10.5555/youth.2020"] = (200, "application/json", other)
        path = tmp_path / "claims.yaml"
        path.write_text(REGISTRY.format(paper=site.url("/paper")), encoding="utf-8")
        env = {"CLAIMCHECK_OFFLINE": "", "CLAIMCHECK_CROSSREF_API": site.url("/works")}
        result = runner.invoke(app, ["snapshot", str(path), "--allow-private"], env=env)
        assert result.exit_code in (0, 1), result.output
    report = runner.invoke(
        app, ["verify", str(path), "--select", "Q", "-f", "json", "--today", "2026-11-24"]
    )
    found: dict[str, list[str]] = {}
    for finding in json.loads(report.stdout)["findings"]:
        found.setdefault(finding["code"], []).append(finding["message"])
    return found


def test_a_doi_that_is_another_work_and_a_retracted_one_are_reported(tmp_path: Path) -> None:
    retraction: dict[str, object] = {
        "type": "retraction",
        "DOI": "10.5555/youth.ret",
        "updated": {"date-parts": [[2024]]},
    }
    found = _snapshot_and_verify(
        tmp_path,
        work("Bus fares and ridership in rural Wales", "Jones", 2021, []),
        work("Youth violence and school exclusion", "Lee", 2020, [retraction]),
    )
    assert "Bus fares and ridership in rural Wales" in found["Q012"][0]
    assert "'Jane Smith', the DOI's is 'Jones'" in found["Q012"][0]
    assert "year 2019, the DOI's is 2021" in found["Q012"][0]
    assert found["Q013"] == [
        "doi 10.5555/youth.2020: retraction on 2024 (notice 10.5555/youth.ret), listed by Crossref"
    ]
    assert "Q008" in found  # the DOI-only source's text was not read: said, not hidden


def test_matching_metadata_and_no_notices_report_nothing_but_the_unread_text(
    tmp_path: Path,
) -> None:
    found = _snapshot_and_verify(
        tmp_path,
        work("Knife crime offences in London, 2019", "Smith", 2019, []),
        work("Youth violence and school exclusion", "Lee", 2020, []),
    )
    assert set(found) == {"Q008"}


def test_an_unregistered_doi_is_said_not_silently_passed(tmp_path: Path) -> None:
    with serve() as site:
        site.pages["/paper"] = (200, "text/plain", b"Knife crime offences rose in 2019.")
        path = tmp_path / "claims.yaml"
        path.write_text(REGISTRY.format(paper=site.url("/paper")), encoding="utf-8")
        env = {"CLAIMCHECK_OFFLINE": "", "CLAIMCHECK_CROSSREF_API": site.url("/works")}
        runner.invoke(app, ["snapshot", str(path), "--allow-private"], env=env)
    kept = json.loads((tmp_path / "snapshots" / "paper.json").read_text(encoding="utf-8"))
    assert kept["metadata"]["error"] == "the DOI is not registered with Crossref (404)"
    result = runner.invoke(app, ["verify", str(path), "--select", "Q", "--today", "2026-11-24"])
    assert "Q012" in result.stdout and "not registered with Crossref" in result.stdout


@pytest.mark.parametrize(
    ("title", "author", "year", "differs"),
    [
        ("Knife crime in London", "Smith", 2019, []),
        ("Knife crime in London: a subtitle left out", "J. Smith", 2019, []),
        ("Knife crime in Londres", "Smith", 2019, ["title"]),
        ("Knife crime in London", "Smyth", 2019, ["first author"]),
        ("Knife crime in London", "Smith", 2018, ["year"]),
        ("Knife", "Smith", 2019, ["title"]),  # the start of the title is another title
        ("Knife crime in London", "Jan van Smith", 2019, []),
        (None, None, None, []),  # nothing stated: nothing compared, nothing claimed
    ],
)
def test_metadata_is_compared_by_words_family_name_and_year(
    title: str | None, author: str | None, year: int | None, differs: list[str]
) -> None:
    found = Metadata("10.1/x", "Knife crime in London", "Smith", 2019)
    changed = differences(title, author, year, found)
    assert [c.split(" '")[0].split(" 2")[0] for c in changed] == differs


def test_crossref_relations_are_read_and_unknown_ones_ignored() -> None:
    document = json.loads(
        work(
            "T",
            "F",
            2020,
            [
                {"type": "retraction", "DOI": "10.1/r"},
                {"type": "expression_of_concern", "DOI": "10.1/e"},
                {"type": "erratum", "DOI": "10.1/c"},
                {"type": "new_version", "DOI": "10.1/v"},
            ],
        )
    )
    kinds = [u.kind for u in from_crossref("10.1/X", document).updates]
    assert kinds == ["retraction", "expression of concern", "correction"]
    assert from_crossref("10.1/x", {"nothing": 1}).error is not None


def test_a_file_that_is_not_a_retraction_watch_csv_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_retractions(path)
    assert info.value.line == 1 and "OriginalPaperDOI" in str(info.value)


def test_csl_import_and_export_keep_the_first_author() -> None:
    from claimcheck.exports import new_sources

    item = {
        "id": "x",
        "type": "article-journal",
        "title": "Knife crime",
        "DOI": "10.1/x",
        "author": [{"given": "Jane", "family": "Smith"}, {"family": "Lee"}],
    }
    (entry,) = new_sources([item], ())
    assert entry["author"] == "Jane Smith"


@pytest.mark.parametrize(
    ("registry", "crossref", "same"),
    [
        (
            ("Deep learning", "Jan van der Berg"),
            ("Deep learning for cats and dogs: a survey", "van der Berg"),
            False,
        ),
        (("Effect", "Smith"), ("Effects of smoking on lung cancer", "Smith"), False),
        (
            ("Cien años de soledad", "Gabriel García Márquez"),
            ("Cien años de soledad", "García Márquez"),
            True,
        ),
        (
            ("Knife crime, 2019", "Jan van der Berg"),
            ("Knife crime, 2019 - a study", "van der Berg"),
            True,
        ),
    ],
)
def test_many_word_family_names_and_title_prefixes(
    registry: tuple[str, str], crossref: tuple[str, str], same: bool
) -> None:
    found = Metadata("10.1/x", crossref[0], crossref[1], 2019)
    assert (differences(registry[0], registry[1], 2019, found) == []) is same


def test_a_doi_edited_after_its_snapshot_is_not_judged_by_the_old_record(tmp_path: Path) -> None:
    retraction: dict[str, object] = {"type": "retraction", "DOI": "10.5555/OLD.RET"}
    _snapshot_and_verify(
        tmp_path,
        work("Bus fares and ridership in rural Wales", "Jones", 2021, [retraction]),
        work("Youth violence and school exclusion", "Lee", 2020, []),
    )
    path = tmp_path / "claims.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("10.1234/knife.2019.7", "10.1234/knife.2019.8"),
        encoding="utf-8",
    )
    report = runner.invoke(
        app, ["verify", str(path), "--select", "Q", "-f", "json", "--today", "2026-11-24"]
    )
    codes = [f["code"] for f in json.loads(report.stdout)["findings"] if f["source"] == "paper"]
    assert codes == ["Q020"]  # re-read it: neither the old work's title nor its retraction


def test_hostile_api_answers_and_snapshots_fail_one_source_not_the_run(tmp_path: Path) -> None:
    nested = b"[" * 200_000
    found = _snapshot_and_verify(
        tmp_path, nested, work("Youth violence and school exclusion", "Lee", 2020, [])
    )
    assert any("not usable JSON" in m for m in found["Q008"])
    snapshot = tmp_path / "snapshots" / "paper.json"
    data = json.loads(snapshot.read_text(encoding="utf-8"))
    data["metadata"] = {
        "doi": "10.1234/knife.2019.7",
        "updates": [{"kind": "Retraction"}, {"kind": "made up"}],
    }
    snapshot.write_text(json.dumps(data), encoding="utf-8")
    report = runner.invoke(
        app, ["verify", str(tmp_path / "claims.yaml"), "--select", "Q", "--today", "2026-11-24"]
    )
    assert "X001" not in report.stdout and "Traceback" not in report.output


def test_one_notice_from_both_lists_is_reported_once(tmp_path: Path) -> None:
    retraction: dict[str, object] = {
        "type": "retraction",
        "DOI": "10.5555/Youth.RET",
        "updated": {"date-parts": [[2024]]},
    }
    _snapshot_and_verify(
        tmp_path,
        work("Knife crime offences in London, 2019", "Smith", 2019, []),
        work("Youth violence and school exclusion", "Lee", 2020, [retraction]),
    )
    csv_path = tmp_path / "rw.csv"
    csv_path.write_text(
        "OriginalPaperDOI,RetractionDOI,RetractionDate,RetractionNature\n"
        "10.5555/YOUTH.2020,10.5555/youth.ret,3/1/2024 0:00,Retraction\n",
        encoding="utf-8",
    )
    report = runner.invoke(
        app,
        [
            "verify",
            str(tmp_path / "claims.yaml"),
            "--select",
            "Q",
            "-f",
            "json",
            "--today",
            "2026-11-24",
        ],
        env={"CLAIMCHECK_RETRACTIONS": str(csv_path)},
    )
    codes = [f["code"] for f in json.loads(report.stdout)["findings"]]
    assert codes.count("Q013") == 1 and codes.count("Q016") == 1
    q016 = next(f for f in json.loads(report.stdout)["findings"] if f["code"] == "Q016")
    assert "(1 row, latest notice 2024-03-01)" in q016["message"]


def test_a_csv_field_over_the_csv_limit_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        'OriginalPaperDOI,RetractionNature\n10.1/a,Retraction\n"'
        + "x" * 200_000
        + '",Retraction\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        read_retractions(path)
    assert info.value.line == 3 and "cannot be read" in str(info.value)
