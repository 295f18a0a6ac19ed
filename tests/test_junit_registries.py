"""JUnit: one test case per registry for the findings on no claim or source (review 21, item 5).

In a run of several registries, every registry's findings on no entry (a page's figure, P001;
the page's date after today, T005) went into one case named "registry", located in the first
registry's file: `failures="1"` though two registries failed, and the second's P001 shown
under the first's page. Now each registry has its own case (`registry site/a/claims.yaml`),
with its own file and line, and a failure counted for each registry that fails.

Planted and clean twins on two subjects: a football club's page in two languages (two
registries, one page), and two hospital trusts' waiting lists (each its own page).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from junitparser import JUnitXml
from typer.testing import CliRunner

from claimcheck.cli import app

runner = CliRunner()
TODAY = "2025-07-01"


def club(root: Path, *, future: set[str]) -> list[str]:
    """Welsh and English registries of one page (`../page.md`), which states a figure
    neither registers (P001 in each). A registry in `future` dates its page after today."""
    (root / "page.md").write_text(
        "# Club season\n\nThe club scored 61 goals in 2024. "
        "The club sold 8,000 season tickets in 2024.\n",
        encoding="utf-8",
    )
    for name in ("cy", "en"):
        (root / name).mkdir()
        as_of = "2026-01-01" if name in future else "2025-06-01"
        (root / name / "claims.yaml").write_text(
            "version: 1\npage:\n  title: Club season\n  url: https://example.org/club\n"
            f"  path: ../page.md\n  as_of: {as_of}\n"
            "sources:\n  - {id: report, title: Club report, url: https://example.org/r}\n"
            "claims:\n  - id: goals\n    text: The club scored 61 goals in 2024.\n"
            "    kind: figure\n    value: 61\n    unit: goals\n    period: 2024\n"
            "    mentions: [scored 61 goals in 2024]\n    citations: [{source: report}]\n",
            encoding="utf-8",
        )
    return ["cy/claims.yaml", "en/claims.yaml"]


def trusts(root: Path, *, future: set[str]) -> list[str]:
    """Two hospital trusts, each with its page of waiting lists stating a figure it does not
    register (P001 in each)."""
    names = []
    for name, waiting, extra in (("north", "7,600", "410"), ("south", "5,200", "385")):
        folder = root / "trusts" / name
        folder.mkdir(parents=True)
        (folder / "page.md").write_text(
            f"# Waiting lists\n\n{waiting} patients were waiting in March 2025. "
            f"The trust has {extra} beds.\n",
            encoding="utf-8",
        )
        as_of = "2026-01-01" if name in future else "2025-06-01"
        (folder / "claims.yaml").write_text(
            f"version: 1\npage:\n  title: Waiting lists\n  url: https://example.org/{name}\n"
            f"  path: page.md\n  as_of: {as_of}\n"
            "sources:\n  - {id: nhs, title: NHS statistics, url: https://example.org/nhs}\n"
            f"claims:\n  - id: waiting\n    text: {waiting} patients were waiting in March 2025.\n"
            f"    kind: figure\n    value: {waiting.replace(',', '')}\n    unit: patients\n"
            f"    period: 2025-03\n    mentions: [{waiting} patients were waiting]\n"
            "    citations: [{source: nhs}]\n",
            encoding="utf-8",
        )
        names.append(f"trusts/{name}/claims.yaml")
    return names


SUBJECTS = {"club": club, "trusts": trusts}


def junit(root: Path, registries: list[str], *extra: str) -> tuple[int, dict[str, Any]]:
    """The run's exit code, and its JUnit suites by family letter, each a dict of its cases."""
    (root / ".git").mkdir(exist_ok=True)  # the repository's root: the pages are inside it
    with contextlib.chdir(root):
        result = runner.invoke(
            app,
            ["verify", *registries, "--offline", "--today", TODAY, "-f", "junit", *extra],
        )
    assert result.exit_code in (0, 1), result.output
    suites = {
        suite.name[0]: (suite, {case.name: case for case in suite})
        for suite in JUnitXml.fromstring(result.stdout.encode())
    }
    return result.exit_code, suites


def page_of(root: Path, registry: str) -> str:
    """The page's path as the report names it: from the folder the run was in, normalised."""
    text = (root / registry).read_text(encoding="utf-8")
    page = text.split("path: ", 1)[1].split("\n", 1)[0]
    return str(Path(registry).parent / page).replace("cy/../", "").replace("en/../", "")


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_each_registry_has_its_own_case_and_failure(tmp_path: Path, subject: str) -> None:
    """Planted: both registries date their page after today (T005, an error, on no entry):
    two failing cases, one per registry, each in its own file; their P001 warnings, two
    cases each under its own page. Before: one case "registry", failures="1"."""
    registries = SUBJECTS[subject](tmp_path, future={"cy", "en", "north", "south"})
    code, suites = junit(tmp_path, registries)
    assert code == 1
    staleness, cases = suites["T"]
    wanted = {f"registry {name}" for name in registries}
    failing = {name for name, case in cases.items() if not case.is_passed}
    assert failing == wanted and staleness.failures == 2
    for name in registries:
        case = cases[f"registry {name}"]
        assert case._elem.get("file") == name, case._elem.attrib
        assert int(case._elem.get("line")) > 0
        assert name in case.result[0].text and "T005" in case.result[0].message
    coverage, cases = suites["P"]
    assert coverage.failures == 0  # warnings, below --fail-on error
    for name in registries:
        case = cases[f"registry {name}"]
        page = page_of(tmp_path, name)
        assert case._elem.get("file") == page
        lines = case.system_out.splitlines()
        assert lines and all(line.startswith(f"{page}:") and " P001 " in line for line in lines)
    # With --fail-on warning the two registries' P001 are two failures, not one.
    _, suites = junit(tmp_path, registries, "--fail-on", "warning")
    assert suites["P"][0].failures == 2


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_one_registry_failing_is_one_failure(tmp_path: Path, subject: str) -> None:
    """The clean twin: only the first registry's page is dated after today: one failing
    case, of that registry; the other registry has no T case beside its claim's."""
    registries = SUBJECTS[subject](tmp_path, future={"cy", "north"})
    code, suites = junit(tmp_path, registries)
    assert code == 1
    staleness, cases = suites["T"]
    assert staleness.failures == 1
    assert {name for name, case in cases.items() if not case.is_passed} == {
        f"registry {registries[0]}"
    }
    assert f"registry {registries[1]}" not in cases
    assert cases[f"registry {registries[0]}"]._elem.get("file") == registries[0]


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_registry_alone_keeps_its_case_named_registry(tmp_path: Path, subject: str) -> None:
    """A run of one registry: its ids are not qualified, and its case is "registry", as
    before (the golden file's)."""
    registries = SUBJECTS[subject](tmp_path, future={"cy", "north"})
    code, suites = junit(tmp_path, registries[:1])
    assert code == 1
    _, cases = suites["T"]
    assert set(cases) >= {"registry"} and not any(name.startswith("registry ") for name in cases)
    assert cases["registry"]._elem.get("file") == registries[0]
    assert not cases["registry"].is_passed
