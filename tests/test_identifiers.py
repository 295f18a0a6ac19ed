"""`verify` says when a DOI is not one or an ISBN's check digit disagrees (follow-up J2).

Only `export` noticed them (it leaves such a source out); `verify` passed them. S006 reports
each at its field's line and column, by the reading export uses, so the two always agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck import exports
from claimcheck.cli import app
from claimcheck.engine import run_checks
from claimcheck.loader import load_registry
from claimcheck.sources.scholarly import isbn_problem
from tests.conftest import TODAY

runner = CliRunner()

#: Each subject's identifiers not valid, and their clean twins (the right digit, the DOI
#: without the space): (field, planted, twin, what the message says).
PLANTED = {
    "lighthouses": [
        ("isbn", "978-1-4028-9462-7", "978-1-4028-9462-6", "its other digits give 6"),
        ("isbn", "1-4028-9462-9", "1-4028-9462-7", "its other digits give 7"),
        ("doi", "10.1016/j.ocecoaman 2019.104", "10.1016/j.ocecoaman.2019.104", "no space"),
        ("doi", "https://doi.org/ocecoaman.2019", "https://doi.org/10.1016/oce.2019", "`10.`"),
    ],
    "orchards": [
        ("isbn", "ISBN 978-0-19-852663-5", "ISBN 978-0-19-852663-6", "its other digits give 6"),
        ("isbn", "978-0-19-85266", "978-0-19-852663-6", "has 11 digits"),
        ("doi", "doi: 10.1093/aob/mcz\u200b093", "doi: 10.1093/aob/mcz093", "invisible"),
        ("doi", "orchard-survey-2019", "10.1093/aob/mcz093", "`10.`"),
    ],
}


def identifier_registry(subject: str, field: str, value: str) -> str:
    other = "url: https://example.org/source" if field == "doi" else "kind: book"
    return f"""\
version: 1
sources:
  - id: {subject}_source
    title: "A study of {subject}"
    {other}
    {field}: "{value}"
claims:
  - id: {subject}_claim
    text: "{subject.title()} were counted in 2019."
    kind: fact
    citations: [{{source: {subject}_source}}]
"""


@pytest.mark.parametrize(
    ("subject", "field", "planted", "twin", "why"),
    [(s, *case) for s, cases in PLANTED.items() for case in cases],
)
def test_verify_reports_an_identifier_that_is_not_one_at_its_field(
    tmp_path: Path, subject: str, field: str, planted: str, twin: str, why: str
) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(identifier_registry(subject, field, planted), encoding="utf-8")
    report = run_checks(load_registry(path), today=TODAY)
    found = [f for f in report.findings if f.code == "S006"]
    assert len(found) == 1, [f.message for f in report.findings]
    assert why in found[0].message and f"`{field}`" in found[0].message
    location = found[0].location
    assert location is not None and location.line == 6
    assert location.column == len(f"    {field}: ") + 1  # at the value, not the entry
    states = {c.id: c.states for c in report.claims}
    assert "failing-source" in [s.value for s in states[f"{subject}_claim"]]
    # The clean twin: the same source with the identifier as printed on it.
    path.write_text(identifier_registry(subject, field, twin), encoding="utf-8")
    report = run_checks(load_registry(path), today=TODAY)
    assert [f.message for f in report.findings if f.code.startswith("S")] == []


@pytest.mark.parametrize(
    "value",
    [
        *(case[1] for cases in PLANTED.values() for case in cases if case[0] == "isbn"),
        *(case[2] for cases in PLANTED.values() for case in cases if case[0] == "isbn"),
        "0-8044-2957-X",
        "0-8044-2957-x",
        "9780306406157 0306406152",
        "9780306406157 0306406153",
        "978 0 306 40615 7 (pbk.)",
        "ISBN-13: 978\u20130\u2013306\u201340615\u20137",
        "",
        "ISBN",
    ],
)
def test_verify_and_export_agree_on_an_isbn(value: str) -> None:
    # What export leaves out, verify reports; what verify passes, export writes.
    assert (exports.bare_isbn(value) is None) is (isbn_problem(value) is not None)


def test_verify_and_export_agree_on_each_source(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    for subject, cases in PLANTED.items():
        for field, planted, twin, _ in cases:
            for value in (planted, twin):
                path.write_text(identifier_registry(subject, field, value), encoding="utf-8")
                result = runner.invoke(
                    app, ["export", str(path), "-f", "csl-json", "--today", "2026-11-24"]
                )
                left_out = "left out of the CSL-JSON export" in result.stderr
                report = run_checks(load_registry(path), today=TODAY)
                reported = any(f.code == "S006" for f in report.findings)
                assert left_out is reported is (value == planted), (value, result.stderr)
