"""The held-out mutation suite: planted errors the checks were never tuned on.

tests/test_mutations.py plants 39 errors in a Markdown bulletin, and the engineers who built
the checks saw those mutants while building them. This suite is a second set written blind:
tests/data/mutation_heldout/ holds a page on another subject and in another format
(page.html, a university's admissions report in HTML, money in $ and €), its registry
(claims.yaml: every figure, sourced and verified), the sources' texts (sources/) and their
snapshots (snapshots/, what `claimcheck.sources.snapshot.build` keeps of each; rewrite them
with `uv run --frozen python -m tests.test_mutations_heldout snapshots`).

The mutants of mutants.yaml were written before any was run. They are judged exactly as in
tests/test_mutations.py (whose machinery this module reuses): the expected finding on the
expected claim at the expected severity, the claim's state not "ok", and exit 1 for an
expected error. A mutant the tool misses carries `missed:` (xfail, strict).

The clean twin must raise no error and no warning, except the findings listed under
`false_positives:` (a correct registry the tool still reports): each is left out of the
clean-twin test, and one that is fixed must leave the list. The first run found eleven (seven
of them errors); all are fixed and the list is empty. A mutant is judged on the findings the
clean twin does not have (heldout_misses).
"""

from __future__ import annotations

import functools
import shutil
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest

from claimcheck.loader import load_registry
from claimcheck.sources.snapshot import load, save
from tests.test_mutations import (
    KINDS,
    SEVERITIES,
    Mutant,
    Suite,
    misses,
    snapshot_of,
    verify,
)

HELDOUT = Path(__file__).parent / "data" / "mutation_heldout"
#: The kinds of tests/test_mutations.py, and those this suite adds.
HELDOUT_KINDS = KINDS | {
    "page-fraction",
    "page-range",
    "registry-duplicate-id",
    "registry-unknown-source",
}


SUITE = Suite(HELDOUT, "page.html")
load_mutants = SUITE.load_mutants
source_files = SUITE.source_files
lay_out = SUITE.lay_out
run_mutant = SUITE.run_mutant


@functools.cache
def _data() -> dict[str, Any]:
    """mutants.yaml, read once (the tests only read it)."""
    return SUITE.data()


def false_positives() -> list[dict[str, str]]:
    return list(_data().get("false_positives") or [])


def _is_false_positive(finding: dict[str, Any]) -> bool:
    return any(
        fp["code"] == finding["code"] and fp["message"] in finding["message"]
        for fp in false_positives()
    )


def _params() -> list[Any]:
    return [
        pytest.param(
            m,
            id=m.id,
            marks=[pytest.mark.xfail(strict=True, reason=f"held out: {m.missed}")]
            if m.missed
            else [],
        )
        for m in load_mutants()
    ]


@pytest.fixture(scope="module")
def clean_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, Any]]:
    return verify(lay_out(tmp_path_factory.mktemp("heldout") / "twin"))


def _key(finding: dict[str, Any]) -> tuple[str, str | None, str | None, str]:
    return finding["code"], finding["claim"], finding["source"], finding["message"]


def heldout_misses(
    mutant: Mutant, exit_code: int, report: dict[str, Any], clean: dict[str, Any]
) -> list[str]:
    """tests/test_mutations.py's judgement, on the findings the clean twin does not have:
    the clean twin's false positives must not pass for a catch."""
    known = {_key(f) for f in clean["findings"]}
    fresh = [f for f in report["findings"] if _key(f) not in known]
    return misses(mutant, exit_code, {**report, "findings": fresh})


@pytest.mark.parametrize("mutant", _params())
def test_heldout_mutant_is_caught(
    mutant: Mutant, tmp_path: Path, clean_report: tuple[int, dict[str, Any]]
) -> None:
    code, report = run_mutant(mutant, tmp_path / "twin")
    assert heldout_misses(mutant, code, report, clean_report[1]) == []


def test_clean_twin_has_no_error_or_warning_but_the_known_false_positives(
    clean_report: tuple[int, dict[str, Any]],
) -> None:
    code, report = clean_report
    loud = [
        f"{f['code']} {f['message']}"
        for f in report["findings"]
        if f["severity"] != "note" and not _is_false_positive(f)
    ]
    assert loud == []
    flagged = {fp["claim"] for fp in false_positives() if fp.get("claim")}
    states = {c["id"]: c["state"] for c in report["claims"]}
    assert {c: s for c, s in states.items() if s != "ok" and c not in flagged} == {}
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert code == (1 if errors else 0)


def test_each_listed_false_positive_is_still_raised(
    clean_report: tuple[int, dict[str, Any]],
) -> None:
    """A false positive that is fixed must leave the list (the list is empty today: all
    eleven the first run found are fixed)."""
    _, report = clean_report
    gone = [
        fp["id"]
        for fp in false_positives()
        if not [
            f
            for f in report["findings"]
            if f["code"] == fp["code"] and fp["message"] in f["message"]
        ]
    ]
    assert gone == []


def test_known_false_positives_are_raised_as_recorded(
    clean_report: tuple[int, dict[str, Any]],
) -> None:
    """No entry is loose enough to hide more than one finding of the clean twin (on its
    claim, when it names one)."""
    _, report = clean_report
    for fp in false_positives():
        found = [
            f
            for f in report["findings"]
            if f["code"] == fp["code"] and fp["message"] in f["message"]
        ]
        if fp.get("claim"):
            found = [f for f in found if f["claim"] == fp["claim"]]
        assert len(found) <= 1, fp["id"]


def test_heldout_mutants_are_well_formed() -> None:
    mutants = load_mutants()
    assert len(mutants) >= 30
    assert len({m.id for m in mutants}) == len(mutants)
    registry = load_registry(HELDOUT / "claims.yaml").registry
    claims = {c.id for c in registry.claims}
    for m in mutants:
        assert m.kind in HELDOUT_KINDS, m.id
        assert m.claim in claims, m.id
        assert m.severity in SEVERITIES, m.id
        # A mutant on a claim the clean twin already flags must name a rule that is not the
        # false positive's (a new finding is required in any case: heldout_misses).
        flagged = {fp["code"] for fp in false_positives() if fp.get("claim") == m.claim}
        assert m.code is not None or not flagged, m.id
        assert m.code not in flagged, m.id


def test_committed_snapshots_are_what_snapshot_keeps_of_the_sources() -> None:
    committed = load(HELDOUT / "snapshots")
    registry = HELDOUT / "claims.yaml"
    assert set(committed) == set(source_files())
    for sid, path in source_files().items():
        built = snapshot_of(registry, sid, path.read_bytes(), None)
        assert msgspec.to_builtins(built) == msgspec.to_builtins(committed[sid]), sid


def write_snapshots() -> None:
    """Rewrite snapshots/ from sources/ (what `claimcheck snapshot` keeps, without HTTP)."""
    target = HELDOUT / "snapshots"
    shutil.rmtree(target, ignore_errors=True)
    registry = HELDOUT / "claims.yaml"
    for sid, path in source_files().items():
        save(target, snapshot_of(registry, sid, path.read_bytes(), None))


if __name__ == "__main__":
    if sys.argv[1:] == ["snapshots"]:
        write_snapshots()
    else:
        raise SystemExit("usage: python -m tests.test_mutations_heldout snapshots")
