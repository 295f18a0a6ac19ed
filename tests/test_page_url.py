"""A page's `url` is an http(s) address, as a source's is (review 13 #5). It was a plain
string: `page: {url: "javascript:alert(document.cookie)"}` gave no finding, and `export`
wrote it as every ClaimReview's `appearance.url`, a link run or opened by whoever followed
it; `file:///etc/passwd` too. Now it is R002 at the url's line and column, and `export`
refuses the registry; an https address is written as before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.schema import registry_schema

runner = CliRunner()
TODAY = ("--today", "2025-06-10")

#: Two subjects, the page written in block style and in flow style.
HARBOUR = """\
version: 1
page:
  title: Harbour dues 2025
  url: URL
  as_of: 2025-05-01
sources:
  - {id: dues, title: Harbour dues schedule 2025, url: "https://harbour.example.org/dues"}
claims:
  - id: berth_fee
    text: A berth costs 42 pounds a night.
    kind: figure
    value: 42
    unit: GBP
    citations: [{source: dues}]
    review: {status: verified, on: 2025-05-02}
"""
ORCHARD = """\
version: 1
page: {title: "Orchard survey", url: URL, as_of: 2025-04-01}
sources:
  - id: survey
    title: Orchard survey 2024
    url: https://orchards.example.net/survey-2024
claims:
  - id: apple_trees
    text: The county has 3,100 apple trees.
    kind: figure
    value: 3100
    unit: trees
    citations: [{source: survey}]
    review: {status: verified, on: 2025-03-20}
"""
#: Where the url's value starts in each (line, column).
SUBJECTS = {"harbour": (HARBOUR, (4, 8)), "orchard": (ORCHARD, (2, 38))}
HOSTILE = [
    '"javascript:alert(document.cookie)"',
    '"file:///etc/passwd"',
    '"data:text/html,<script>alert(1)</script>"',
    '"ftp://files.example.org/page"',
    "//example.org/no-scheme",
]


def write(root: Path, subject: str, url: str) -> Path:
    path = root / "claims.yaml"
    path.write_text(SUBJECTS[subject][0].replace("URL", url), encoding="utf-8")
    return path


def verify(path: Path) -> tuple[dict[str, Any], int]:
    result = runner.invoke(app, ["verify", str(path), "--offline", *TODAY, "-f", "json"])
    return json.loads(result.stdout), result.exit_code


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("url", HOSTILE)
def test_a_page_url_that_is_not_http_is_r002_at_its_place(
    tmp_path: Path, subject: str, url: str
) -> None:
    report, code = verify(write(tmp_path, subject, url))
    found = [f for f in report["findings"] if f["code"] == "R002"]
    assert len(found) == 1, report["findings"]
    assert found[0]["path"] == ["page", "url"]
    assert "expected an http(s) URL" in found[0]["message"]
    line, column = SUBJECTS[subject][1]
    assert (found[0]["location"]["line"], found[0]["location"]["column"]) == (line, column)
    assert code == 1


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("url", HOSTILE[:2])
def test_export_never_writes_it_as_the_appearance(tmp_path: Path, subject: str, url: str) -> None:
    path = write(tmp_path, subject, url)
    out = tmp_path / "reviews.json"
    result = runner.invoke(app, ["export", str(path), *TODAY, "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert not out.exists()
    assert f"claims.yaml:{SUBJECTS[subject][1][0]}:" in result.stderr
    assert "R002" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize(
    "url", ["https://example.org/harbour/dues", "HTTP://Example.org/page?id=3#top"]
)
def test_the_clean_twin_is_clean_and_exported(tmp_path: Path, subject: str, url: str) -> None:
    path = write(tmp_path, subject, url)
    report, code = verify(path)
    assert not [f for f in report["findings"] if f["code"].startswith("R")]
    assert code == 0
    result = runner.invoke(app, ["export", str(path), *TODAY])
    assert result.exit_code == 0, result.output
    (review,) = json.loads(result.stdout)
    assert review["itemReviewed"]["appearance"]["url"] == url


def test_the_schema_says_so_too() -> None:
    validator = jsonschema.Draft202012Validator(registry_schema())
    base = {"version": 1, "page": {"title": "P"}}
    validator.validate({**base, "page": {"title": "P", "url": "https://example.org/p"}})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**base, "page": {"title": "P", "url": "javascript:alert(1)"}})
