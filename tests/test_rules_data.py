"""Tests as data: every valid registry is clean; each invalid one raises exactly its codes.

tests/data/rules/ holds the cases that need more than a registry (recorded link results, a
page, snapshots): one directory per case, described in tests/data/rules/README.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimcheck.checks.links import source_urls
from claimcheck.engine import run_checks
from claimcheck.errors import RegistryLoadError
from claimcheck.findings import Report, Severity
from claimcheck.links.model import LinkResult, LinkRun
from claimcheck.loader import load_registry
from claimcheck.page import PageText, read_page
from claimcheck.sources.scholarly import Retractions, read_retractions
from claimcheck.sources.snapshot import Snapshot, load
from tests.conftest import DATA, TODAY

VALID = sorted((DATA / "registries" / "valid").glob("*.yaml"))
INVALID = sorted((DATA / "registries" / "invalid").glob("*.yaml"))
RULES = DATA / "rules"
CASES = sorted(p for p in RULES.iterdir() if p.is_dir())
#: A directory named like this is a clean twin: it must produce no finding.
CLEAN = "-clean"
PAGES = ("page.txt", "page.md", "page.html")
#: Every file a case may hold: a misspelt one would be ignored, and its case pass vacuously.
CASE_FILES = frozenset(
    {"registry.yaml", "links.jsonl", "run.json", "snapshots", "retractions.csv", *PAGES}
)
RUN_FLAGS = frozenset({"network_unavailable", "out_of_time", "offline"})


def expected_codes(path: Path) -> list[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# expect: (.*)", first)
    assert match, f"{path.name} must start with '# expect: CODE, ...'"
    if match[1].strip() == "nothing":
        return []
    return sorted(c.strip() for c in match[1].split(","))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_registry_has_no_findings(path: Path) -> None:
    report = run_checks(load_registry(path), today=TODAY)
    assert [f"{f.code} {f.message}" for f in report.findings] == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_registry_has_exactly_its_codes(path: Path) -> None:
    expected = expected_codes(path)
    assert path.name.split("_")[0] in expected, "the file name's code must be expected"
    if expected == ["R001"]:
        with pytest.raises(RegistryLoadError) as info:
            load_registry(path)
        assert "R001" in str(info.value)
        assert info.value.line is not None, "a syntax error names its line"
        return
    report = run_checks(load_registry(path), today=TODAY)
    assert sorted(f.code for f in report.findings) == expected
    assert_located(report)


def assert_located(report: Report) -> None:
    for finding in report.findings:
        assert finding.location is not None
        # Into the registry (or, for P findings, the page), not at its top.
        assert finding.location.line > 1, f"{finding.code} is not located"


@dataclass(frozen=True)
class Case:
    """One directory of tests/data/rules, read: the registry's expectations and the inputs."""

    expected: list[str]
    strict_links: bool
    links: LinkRun | None
    page: PageText | None
    snapshots: dict[str, Snapshot] | None
    retractions: Retractions | None = None

    @classmethod
    def read(cls, directory: Path) -> Case:
        names = {p.name for p in directory.iterdir()}
        assert names <= CASE_FILES, f"unknown files {sorted(names - CASE_FILES)}: see README.md"
        assert len(names & set(PAGES)) <= 1, "one page per case"
        registry = directory / "registry.yaml"
        header = registry.read_text(encoding="utf-8").splitlines()
        return cls(
            expected=expected_codes(registry),
            strict_links=header[1:2] == ["# strict-links"],
            links=_links(directory),
            page=next((read_page(directory / p) for p in PAGES if (directory / p).exists()), None),
            snapshots=load(directory / "snapshots") if (directory / "snapshots").is_dir() else None,
            retractions=read_retractions(directory / "retractions.csv")
            if (directory / "retractions.csv").exists()
            else None,
        )


def _links(directory: Path) -> LinkRun | None:
    records, run = directory / "links.jsonl", directory / "run.json"
    if not records.exists() and not run.exists():
        return None
    results = [
        LinkResult.from_json(json.loads(line))
        for line in (records.read_text(encoding="utf-8") if records.exists() else "").splitlines()
        if line.strip()
    ]
    flags = json.loads(run.read_text(encoding="utf-8")) if run.exists() else {}
    assert set(flags) <= RUN_FLAGS, f"run.json: unknown keys {sorted(set(flags) - RUN_FLAGS)}"
    return LinkRun(
        results={r.url: r for r in results},
        network_unavailable=bool(flags.get("network_unavailable", False)),
        out_of_time=int(flags.get("out_of_time", 0)),
        offline=bool(flags.get("offline", False)),
    )


@pytest.mark.parametrize("directory", CASES, ids=lambda p: p.name)
def test_rule_case_has_exactly_its_codes(directory: Path) -> None:
    case = Case.read(directory)
    code = directory.name.split("_")[0]
    if directory.name.endswith(CLEAN):
        assert case.expected == [], "a clean twin must expect nothing"
    else:
        assert code in case.expected, "the directory name's code must be expected"
    assert any(i is not None for i in (case.links, case.page, case.snapshots)), (
        "a registry alone belongs in tests/data/registries"
    )
    loaded = load_registry(directory / "registry.yaml")
    # The recorded input is about this registry: a stray URL or source id would make a clean
    # twin clean for the wrong reason.
    if case.links is not None:
        assert set(case.links.results) <= set(source_urls(loaded.registry))
    if case.snapshots is not None:
        assert set(case.snapshots) <= {s.id for s in loaded.registry.sources}
    report = run_checks(
        loaded,
        today=TODAY,
        links=case.links,
        strict_links=case.strict_links,
        page=case.page,
        snapshots=case.snapshots,
        retractions=case.retractions,
    )
    found = [f"{f.code} {f.message}" for f in report.findings]
    assert sorted(f.code for f in report.findings) == case.expected, found
    assert_located(report)
    if case.strict_links:  # --strict: what would be a warning fails the run
        assert all(f.level is Severity.ERROR for f in report.findings if f.rule.strict), found
