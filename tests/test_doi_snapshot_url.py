"""A DOI-only source's snapshot is of `https://doi.org/<the DOI>`, however the DOI was typed.

`snapshot` wrote the address of a source with a `doi` and no `url` as the resolver followed
by the DOI as typed: `doi: https://doi.org/10.x/y` gave `https://doi.org/https://doi.org/...`
and `doi: "DOI: 10.x/y"` gave `https://doi.org/DOI: 10.x/y`, a broken address in a file meant
to be committed and read. The DOI is now read by `scholarly.bare_doi` (the one reading of a
DOI). Planted: every form a DOI is typed in, on two subjects (a hydrology paper, an
epidemiology paper), through `snapshot` against a Crossref served on loopback and `verify`;
the clean twin: the bare DOI, giving the same address and the same findings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.model import Source
from claimcheck.sources.snapshot import Origin, Snapshot, doi_url, not_of
from tests.sourceserver import serve
from tests.test_doi_reading import paper_registry

runner = CliRunner()

SUBJECTS = {
    "hydrology": {
        "doi": "10.4444/Aquifer.Recharge.2019",
        "title": "Aquifer recharge under managed flooding",
        "author": "Mwangi",
        "year": 2019,
        "claim": "Managed flooding doubled aquifer recharge.",
    },
    "epidemiology": {
        "doi": "10.6666/Measles.Outbreak(2023)-7",
        "title": "A measles outbreak in a low-coverage district",
        "author": "Lindqvist",
        "year": 2023,
        "claim": "The outbreak began in a district with low vaccine coverage.",
    },
}
#: How a DOI is typed: each is the DOI, and its snapshot is of https://doi.org/<the DOI>.
FORMS = (
    "https://doi.org/{doi}",
    "https://www.doi.org/{doi}",
    "http://dx.doi.org/{doi}",
    "doi.org/{doi}",
    "DOI: {doi}",
    "doi:{doi}",
    "DOI {doi}",
)


def registry(subject: str, doi: str) -> str:
    return paper_registry(SUBJECTS[subject], doi)


def record(title: str, family: str, year: int) -> bytes:
    message = {
        "title": [title],
        "author": [{"family": family, "sequence": "first"}],
        "issued": {"date-parts": [[year]]},
    }
    return json.dumps({"message": message}).encode()


def snapshot_then_verify(tmp_path: Path, subject: str, doi: str) -> tuple[str, list[Any]]:
    """The snapshot's address and verify's Q and S findings (their code and message)."""
    facts = SUBJECTS[subject]
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "claims.yaml"
    path.write_text(registry(subject, doi), encoding="utf-8")
    with serve() as site:
        answer = record(str(facts["title"]), str(facts["author"]), int(str(facts["year"])))
        site.pages[f"/works/{str(facts['doi']).lower()}"] = (200, "application/json", answer)
        env = {"CLAIMCHECK_OFFLINE": "", "CLAIMCHECK_CROSSREF_API": site.url("/works")}
        result = runner.invoke(app, ["snapshot", str(path), "--allow-private"], env=env)
        assert result.exit_code in (0, 1), result.output
    kept = json.loads((tmp_path / "snapshots" / "paper.json").read_text(encoding="utf-8"))
    result = runner.invoke(
        app, ["verify", str(path), "-f", "json", "--today", "2026-11-24", "--select", "Q,S"]
    )
    assert result.exit_code in (0, 1), result.output
    found = [(f["code"], f["message"]) for f in json.loads(result.stdout)["findings"]]
    return str(kept["url"]), found


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_doi_only_snapshot_is_of_the_doi_however_it_is_typed(
    tmp_path: Path, subject: str
) -> None:
    doi = str(SUBJECTS[subject]["doi"])
    clean_url, clean = snapshot_then_verify(tmp_path / "bare", subject, doi)
    assert clean_url == f"https://doi.org/{doi}"  # in the case it was typed
    for k, form in enumerate(FORMS):
        url, found = snapshot_then_verify(tmp_path / str(k), subject, form.format(doi=doi))
        assert url == clean_url, form
        assert "doi.org/doi" not in url.lower() and "doi.org/http" not in url
        assert found == clean, form


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_snapshot_written_with_the_typed_doi_is_still_the_sources(subject: str) -> None:
    # Snapshots written before this (no `origin` recorded) were named by the typed form.
    doi = str(SUBJECTS[subject]["doi"])
    typed = f"https://www.doi.org/{doi}"
    source = Source(id="paper", title="t", doi=typed)
    for url in (f"https://doi.org/{typed}", doi_url(typed)):
        assert url is not None
        assert not_of(Snapshot(1, "paper", url, "2025-01-01"), source) is None
    other = Snapshot(1, "paper", "https://doi.org/10.1111/another", "2025-01-01")
    assert not_of(other, source) is not None
    # with its origin recorded, the DOI is compared as read: a typed form is the same DOI
    kept = Snapshot(1, "paper", doi_url(doi) or "", "2025-01-01", origin=Origin(doi=doi))
    assert not_of(kept, source) is None
    assert not_of(kept, Source(id="paper", title="t", doi="10.1111/another")) is not None


def test_a_doi_url_encodes_what_a_path_cannot_hold() -> None:
    sici = "10.1002/(SICI)1097-4636(199706)35:4<497::AID-JBM9>3.0.CO;2-K"
    assert doi_url(f"doi: {sici}") == (
        "https://doi.org/10.1002/(SICI)1097-4636(199706)35:4%3C497::AID-JBM9%3E3.0.CO;2-K"
    )
    assert doi_url("https://doi.org/10.1000/a%23b") == "https://doi.org/10.1000/a%23b"
    assert doi_url("10.1000/what?x#y") == "https://doi.org/10.1000/what%3Fx%23y"
    # not a DOI (S006 says so): its resolver and label taken off all the same
    assert doi_url("https://doi.org/not a doi") == "https://doi.org/not%20a%20doi"
    assert doi_url(None) is None and doi_url("") is None
