"""A DOI is read one way everywhere (follow-up J1).

`scholarly.normal_doi` kept `doi: ` (a space after the label) and `www.doi.org/` as part
of the DOI, so a source typed `https://www.doi.org/10.7777/HEART.2018.3` was never found in
the user's Retraction Watch data (a retracted paper passed silently), and Crossref was asked
for `doi: 10.5555/...` (a 404, reported as a DOI that does not exist). One reading now
(`scholarly.bare_doi`): export, import-sources, Crossref and Retraction Watch use it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck import exports
from claimcheck.cli import app
from claimcheck.sources import scholarly
from claimcheck.sources.scholarly import bare_doi, normal_doi
from tests.sourceserver import serve

runner = CliRunner()

#: Two subjects, each a paper whose DOI is typed in every form it is found in.
SUBJECTS = {
    "cardiology": {
        "doi": "10.7777/HEART.2018.3",
        "other": "10.7777/HEART.2018.4",
        "title": "Statins and stroke in the over-75s",
        "author": "Okafor",
        "year": 2018,
        "claim": "Statins halved strokes in the over-75s.",
    },
    "glaciology": {
        "doi": "10.5555/Glacier.MassBalance.2021",
        "other": "10.5555/Glacier.MassBalance.2022",
        "title": "Mass balance of Alpine glaciers, 2000-2020",
        "author": "Huss",
        "year": 2021,
        "claim": "Alpine glaciers lost a third of their mass.",
    },
}
#: The forms a DOI is typed in: each is the DOI itself.
FORMS = (
    "{doi}",
    "doi: {doi}",
    "DOI:{doi}",
    "DOI {doi}",
    "https://doi.org/{doi}",
    "https://www.doi.org/{doi}",
    "http://dx.doi.org/{doi}",
    "doi.org/{doi}",
)


def registry(subject: str, doi: str) -> str:
    return paper_registry(SUBJECTS[subject], doi)


def paper_registry(facts: dict[str, Any], doi: str) -> str:
    """A registry of one paper, cited by one claim, its DOI typed as `doi`."""
    return f"""\
version: 1
sources:
  - id: paper
    title: "{facts["title"]}"
    kind: article-journal
    author: {facts["author"]}
    published: {facts["year"]}
    doi: "{doi}"
claims:
  - id: finding
    text: "{facts["claim"]}"
    kind: fact
    citations: [{{source: paper}}]
"""


def findings(path: Path, *args: str, env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    result = runner.invoke(
        app, ["verify", str(path), "-f", "json", "--today", "2026-11-24", *args], env=env
    )
    assert result.exit_code in (0, 1), result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return found


def test_there_is_one_reading_of_a_doi() -> None:
    # Export and import compare with the very function Crossref and Retraction Watch do.
    assert exports.bare_doi is scholarly.bare_doi
    assert exports.bare_isbn is scholarly.bare_isbn


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("form", FORMS)
def test_every_form_of_a_doi_is_the_doi(subject: str, form: str) -> None:
    doi = str(SUBJECTS[subject]["doi"])
    typed = form.format(doi=doi)
    assert bare_doi(typed) == doi
    assert normal_doi(typed) == doi.lower()
    assert normal_doi(typed) != normal_doi(str(SUBJECTS[subject]["other"]))


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("form", FORMS)
def test_a_retraction_is_found_whatever_form_the_doi_is_typed_in(
    tmp_path: Path, subject: str, form: str
) -> None:
    facts = SUBJECTS[subject]
    csv_path = tmp_path / "rw.csv"
    csv_path.write_text(
        "OriginalPaperDOI,RetractionDOI,RetractionDate,RetractionNature\n"
        f"{str(facts['doi']).upper()},10.9999/notice.1,3/1/2024 0:00,Retraction\n",
        encoding="utf-8",
    )
    env = {"CLAIMCHECK_RETRACTIONS": str(csv_path)}
    path = tmp_path / "claims.yaml"
    path.write_text(registry(subject, form.format(doi=facts["doi"])), encoding="utf-8")
    codes = [f["code"] for f in findings(path, "--offline", "--select", "Q,S", env=env)]
    assert codes.count("Q013") == 1, codes  # planted: the listed paper, in any form
    assert "S006" not in codes
    # The clean twin: another paper of the registrant, in the same form, is not listed.
    path.write_text(registry(subject, form.format(doi=facts["other"])), encoding="utf-8")
    codes = [f["code"] for f in findings(path, "--offline", "--select", "Q,S", env=env)]
    assert "Q013" not in codes and codes.count("Q016") == 1, codes


def _crossref(title: str, family: str, year: int) -> bytes:
    message = {
        "title": [title],
        "author": [{"family": family, "sequence": "first"}],
        "issued": {"date-parts": [[year]]},
    }
    return json.dumps({"message": message}).encode()


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("form", ["doi: {doi}", "https://www.doi.org/{doi}", "DOI {doi}"])
def test_crossref_is_asked_for_the_doi_not_its_label(
    tmp_path: Path, subject: str, form: str
) -> None:
    facts = SUBJECTS[subject]
    path = tmp_path / "claims.yaml"
    path.write_text(registry(subject, form.format(doi=facts["doi"])), encoding="utf-8")
    record = f"/works/{str(facts['doi']).lower()}"
    for title, mismatch in ((str(facts["title"]), False), ("Bus fares in rural Wales", True)):
        with serve() as site:
            site.pages[record] = (
                200,
                "application/json",
                _crossref(title, str(facts["author"]), int(str(facts["year"]))),
            )
            env = {"CLAIMCHECK_OFFLINE": "", "CLAIMCHECK_CROSSREF_API": site.url("/works")}
            result = runner.invoke(app, ["snapshot", str(path), "--allow-private"], env=env)
            assert result.exit_code in (0, 1), result.output
            assert site.hits[record] == 1, dict(site.hits)
        messages = {f["code"]: f["message"] for f in findings(path, "--select", "Q012,Q020")}
        if mismatch:  # planted: the record read is another work's, and said so
            assert set(messages) == {"Q012"}
            assert "the DOI's is 'Bus fares in rural Wales'" in messages["Q012"]
        else:  # the clean twin: the DOI's own record, found and agreeing
            assert messages == {}


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_snapshot_asked_for_the_doi_as_typed_is_taken_again(tmp_path: Path, subject: str) -> None:
    """A snapshot taken before this fix asked Crossref for `https://www.doi.org/10...` as
    typed (a 404): its record is not of the DOI, and is not read as "not registered"."""
    facts = SUBJECTS[subject]
    typed = f"https://www.doi.org/{facts['doi']}"
    path = tmp_path / "claims.yaml"
    path.write_text(registry(subject, typed), encoding="utf-8")
    with serve() as site:
        env = {"CLAIMCHECK_OFFLINE": "", "CLAIMCHECK_CROSSREF_API": site.url("/works")}
        runner.invoke(app, ["snapshot", str(path), "--allow-private"], env=env)
    snapshot = tmp_path / "snapshots" / "paper.json"
    data = json.loads(snapshot.read_text(encoding="utf-8"))
    data["metadata"] = {"doi": typed.lower(), "error": "the DOI is not registered (404)"}
    snapshot.write_text(json.dumps(data), encoding="utf-8")
    found = findings(path, "--select", "Q012,Q020")
    assert [f["code"] for f in found] == ["Q020"]
    assert f"not {str(facts['doi']).lower()} (`doi` {typed})" in found[0]["message"]
