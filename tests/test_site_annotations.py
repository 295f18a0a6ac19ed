"""GitHub annotations, CSV and SARIF name each finding's registry (review 21, item 8).

Two registries of one page (a page in two languages, a budget's revenue and spending) each
find the page's unregistered figure (P001) at the same place: the GitHub format gave two
byte-identical `::warning file=page.md,...` lines, CSV had no registry column and wrote the
page as `cy/../page.md`, and SARIF's results did not say whose each was. Now, in a run of
several registries, an annotation's title ends with its registry, CSV's last column
`registry` names it (empty in a run of one registry: the column is always there), SARIF
results carry `properties.registry`, and CSV's `file` is normalised (`page.md`; no link
followed). A run of one registry is unchanged but for CSV's empty column (the golden files).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from tests.test_junit_registries import club

runner = CliRunner()
TODAY = "2025-07-01"


def budget(root: Path, *, future: set[str]) -> list[str]:
    """A city budget's revenue and spending registries, one page (`../page.txt`) that states
    a figure neither registers (P001 in each, at one place)."""
    (root / "budget").mkdir()
    (root / "budget" / "page.txt").write_text(
        "City budget 2025\n\nThe city will spend 512 million pounds in 2025. "
        "The city employs 4,300 staff.\n",
        encoding="utf-8",
    )
    names = []
    for part in ("revenue", "spending"):
        (root / "budget" / part).mkdir()
        as_of = "2026-01-01" if part in future else "2025-06-01"
        (root / "budget" / part / "claims.yaml").write_text(
            "version: 1\npage:\n  title: City budget\n  url: https://example.org/budget\n"
            f"  path: ../page.txt\n  as_of: {as_of}\n"
            "sources:\n  - {id: book, title: Budget book, url: https://example.org/book}\n"
            "claims:\n  - id: spend\n    text: The city will spend 512 million pounds in 2025.\n"
            "    kind: figure\n    value: 512\n    unit: GBP million\n    period: 2025\n"
            "    mentions: [spend 512 million pounds in 2025]\n"
            "    citations: [{source: book}]\n",
            encoding="utf-8",
        )
        names.append(f"budget/{part}/claims.yaml")
    return names


SUBJECTS: dict[str, Callable[..., list[str]]] = {"club": club, "budget": budget}


def run(root: Path, registries: list[str], fmt: str) -> str:
    (root / ".git").mkdir(exist_ok=True)
    with contextlib.chdir(root):
        result = runner.invoke(
            app, ["verify", *registries, "--offline", "--today", TODAY, "-f", fmt]
        )
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def page_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "P001" in line]


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_github_annotations_name_the_registry(tmp_path: Path, subject: str) -> None:
    """Planted: two registries of one page: their P001 annotations were byte-identical. Now
    each title names its registry, and every annotation of the run does."""
    registries = SUBJECTS[subject](tmp_path, future=set())
    out = run(tmp_path, registries, "github")
    lines = page_lines(out)
    assert len(lines) == 2 and len(set(lines)) == 2, out
    for line, name in zip(lines, registries, strict=True):
        assert f"title=P001 unregistered-figure ({name})::" in line
        assert "/../" not in line.split("::")[1]  # the page's path is normalised
    assert all(") ::" not in line and ")::" in line for line in out.splitlines())


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_github_annotations_of_one_registry_are_unchanged(tmp_path: Path, subject: str) -> None:
    """The clean twin: a run of one registry has titles without a registry, as before."""
    registries = SUBJECTS[subject](tmp_path, future=set())
    out = run(tmp_path, registries[:1], "github")
    (line,) = page_lines(out)
    assert ",title=P001 unregistered-figure::" in line


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_csv_has_a_registry_column_and_normalised_paths(tmp_path: Path, subject: str) -> None:
    """Planted: two registries of one page: rows told apart only by `cy/../page.md` and
    `en/../page.md`. Now `registry` names each, and `file` is the page's normalised path."""
    registries = SUBJECTS[subject](tmp_path, future=set())
    out = run(tmp_path, registries, "csv")
    assert out.splitlines()[0].endswith(",hint,registry")
    rows = [row for row in csv_rows(out) if row["code"] == "P001"]
    page = {"club": "page.md", "budget": "budget/page.txt"}[subject]
    assert [row["registry"] for row in rows] == registries
    assert {row["file"] for row in rows} == {page}
    assert all(row["registry"] in registries for row in csv_rows(out))


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_csv_of_one_registry_has_the_column_empty(tmp_path: Path, subject: str) -> None:
    """The clean twin: a run of one registry has the same columns, `registry` empty; its
    page's path as given (`../page.md` from the registry's folder) is normalised too."""
    registries = SUBJECTS[subject](tmp_path, future=set())
    out = run(tmp_path, registries[:1], "csv")
    rows = csv_rows(out)
    assert rows and all(row["registry"] == "" for row in rows)
    assert list(rows[0])[-1] == "registry"
    assert all("/../" not in row["file"] for row in rows)


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_sarif_results_carry_their_registry(tmp_path: Path, subject: str) -> None:
    """Planted: two registries of one page: two results at one place, nothing saying whose.
    Clean twin: a run of one registry has no `properties.registry`."""
    registries = SUBJECTS[subject](tmp_path, future=set())
    results = json.loads(run(tmp_path, registries, "sarif"))["runs"][0]["results"]
    assert all(r["properties"]["registry"] in registries for r in results)
    page = [r for r in results if r["ruleId"] == "P001"]
    assert [r["properties"]["registry"] for r in page] == registries
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in page}
    assert len(uris) == 1 and "/../" not in uris.pop()
    alone = json.loads(run(tmp_path, registries[:1], "sarif"))["runs"][0]["results"]
    assert alone and all("registry" not in r.get("properties", {}) for r in alone)


@pytest.mark.parametrize("fmt", ["github", "csv", "sarif"])
def test_a_site_report_read_back_renders_the_same(tmp_path: Path, fmt: str) -> None:
    """The registry is read back from the JSON report (`merge`), so the formats rendered from
    it name it as the run itself does."""
    registries = club(tmp_path, future=set())
    direct = run(tmp_path, registries, fmt)
    (tmp_path / "report.json").write_text(run(tmp_path, registries, "json"), encoding="utf-8")
    with contextlib.chdir(tmp_path):
        merged = runner.invoke(app, ["merge", "report.json", "-f", fmt])
    assert merged.stdout == direct
