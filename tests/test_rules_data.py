"""Tests as data: every valid registry is clean; each invalid one raises exactly its codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimcheck.engine import run_checks
from claimcheck.errors import RegistryLoadError
from claimcheck.loader import load_registry
from tests.conftest import DATA, TODAY

VALID = sorted((DATA / "registries" / "valid").glob("*.yaml"))
INVALID = sorted((DATA / "registries" / "invalid").glob("*.yaml"))


def expected_codes(path: Path) -> list[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# expect: (.*)", first)
    assert match, f"{path.name} must start with '# expect: CODE, ...'"
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
    for finding in report.findings:
        assert finding.location is not None
        assert finding.location.line > 1, "findings point into the registry, not at its top"
