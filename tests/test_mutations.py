"""The mutation suite (issue 16, item 10): planted errors on a page written for it.

tests/data/mutation/ holds a page (page.md, a council's drinking-water bulletin), its
registry (claims.yaml: every figure, sourced and verified), the sources' texts (sources/)
and their snapshots (snapshots/, written by `bench/mutations.py snapshots` with the real
`claimcheck snapshot` against a loopback server). The clean twin must raise no error and no
warning. Each mutant of mutants.yaml plants one error (a page edit, a registry edit, a source
that now says something else) and is caught when

- the expected finding is on the expected claim (as its subject or among its `related`),
  at the expected severity,
- that claim's state in the JSON report is not "ok",
- and, when the finding is an error, `verify` exits 1 with the default `--fail-on`.

Mutants the tool misses today carry `missed:` (what is missed), which marks them
xfail(strict): a fix that catches one fails the test until its `missed:` is removed.
`bench/mutations.py` prints the catch rate from the same functions.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry
from claimcheck.sources.snapshot import Snapshot, build, load, save
from claimcheck.sources.text import read_document

MUTATION = Path(__file__).parent / "data" / "mutation"
#: The date every run is judged on, and the date the sources were read.
TODAY = "2025-11-20"
FETCHED = "2025-10-01"
KINDS = frozenset(
    {
        "page-digits",
        "page-scale",
        "page-unit",
        "page-qualifier",
        "page-period",
        "page-currency",
        "page-sentence-deleted",
        "page-emptied",
        "page-truncated",
        "registry-value",
        "registry-unit-convertible",
        "registry-unit-dimension",
        "registry-qualifier",
        "registry-period",
        "registry-quote",
        "constraint-part-exceeds-whole",
        "derived-mismatch",
        "source-other-figure",
        "source-quote-removed",
        "source-other-measure",
        "status-stale",
        "review-overdue",
    }
)
SEVERITIES = ("note", "warning", "error")

runner = CliRunner()


@dataclass(frozen=True)
class Edit:
    """One change to one file: `page`, `registry` or `source:<id>`.

    `find` must occur exactly once (a mutant that silently changed nothing would pass for
    the wrong reason); `find: null` means the whole file. `op: truncate` keeps the file up to
    the end of `find` and drops the rest.
    """

    file: str
    find: str | None
    replace: str = ""
    op: str = "replace"


@dataclass(frozen=True)
class Mutant:
    id: str
    kind: str
    edits: tuple[Edit, ...]
    #: A rule code, or None for "any finding at `severity`" (a rule not named yet).
    code: str | None
    claim: str
    severity: str
    #: What the tool misses today (the xfail reason), or None when it is caught.
    missed: str | None


@dataclass(frozen=True)
class Suite:
    """A mutation suite's data folder: its registry, page, sources, snapshots and mutants.

    The held-out suite (tests/test_mutations_heldout.py) is another folder judged the same way.
    """

    folder: Path
    page: str

    def data(self) -> dict[str, Any]:
        """mutants.yaml."""
        data: dict[str, Any] = yaml.safe_load(
            (self.folder / "mutants.yaml").read_text(encoding="utf-8")
        )
        return data

    def load_mutants(self) -> list[Mutant]:
        mutants = []
        for item in self.data()["mutants"]:
            raw_edits = item.get("edits") or [
                {k: item[k] for k in ("file", "find", "replace", "op") if k in item}
            ]
            expect = item["expect"]
            mutants.append(
                Mutant(
                    id=item["id"],
                    kind=item["kind"],
                    edits=tuple(Edit(**e) for e in raw_edits),
                    code=expect.get("code"),
                    claim=expect["claim"],
                    severity=expect["severity"],
                    missed=item.get("missed"),
                )
            )
        return mutants

    def source_files(self) -> dict[str, Path]:
        """Each source's text, by source id (the file's stem)."""
        return {p.stem: p for p in sorted((self.folder / "sources").iterdir())}

    def lay_out(self, where: Path) -> Path:
        """The clean twin in `where`: registry, page and snapshots; returns the registry."""
        where.mkdir(parents=True, exist_ok=True)
        shutil.copy(self.folder / "claims.yaml", where / "claims.yaml")
        shutil.copy(self.folder / self.page, where / self.page)
        shutil.copytree(self.folder / "snapshots", where / "snapshots")
        return where / "claims.yaml"

    def apply(self, mutant: Mutant, registry: Path) -> None:
        """Plant the mutant's edits in the laid-out twin; a changed source is snapshotted again."""
        where = registry.parent
        sources = self.source_files()
        for edit in mutant.edits:
            if edit.file == "page":
                path = where / self.page
            elif edit.file == "registry":
                path = registry
            else:
                prefix, _, sid = edit.file.partition(":")
                assert prefix == "source" and sid in sources, (
                    f"{mutant.id}: unknown file {edit.file}"
                )
                path = where / "sources" / sources[sid].name
                if not path.exists():
                    path.parent.mkdir(exist_ok=True)
                    shutil.copy(sources[sid], path)
            text = path.read_text(encoding="utf-8")
            if edit.find is None:
                text = edit.replace
            else:
                count = text.count(edit.find)
                assert count == 1, f"{mutant.id}: {edit.find!r} occurs {count} times in {edit.file}"
                if edit.op == "truncate":
                    text = text[: text.index(edit.find) + len(edit.find)]
                else:
                    assert edit.op == "replace", f"{mutant.id}: unknown op {edit.op}"
                    text = text.replace(edit.find, edit.replace)
            path.write_text(text, encoding="utf-8")
        previous = load(where / "snapshots")
        for sid in sorted(
            {e.file.partition(":")[2] for e in mutant.edits if e.file != "page"} - {""}
        ):
            body = (where / "sources" / sources[sid].name).read_bytes()
            save(where / "snapshots", snapshot_of(registry, sid, body, previous[sid]))

    def run_mutant(self, mutant: Mutant, where: Path) -> tuple[int, dict[str, Any]]:
        registry = self.lay_out(where)
        self.apply(mutant, registry)
        return verify(registry)


SUITE = Suite(MUTATION, "page.md")
load_mutants = SUITE.load_mutants
source_files = SUITE.source_files
lay_out = SUITE.lay_out
apply = SUITE.apply
run_mutant = SUITE.run_mutant


def snapshot_of(registry: Path, source_id: str, text: bytes, previous: Snapshot | None) -> Snapshot:
    """What `claimcheck snapshot` keeps of this source text (its read and match functions,
    without the HTTP): drift against `previous` is recorded as a scheduled run would."""
    loaded = load_registry(registry).registry
    source = next(s for s in loaded.sources if s.id == source_id)
    assert source.url is not None
    return build(
        source,
        source.url,
        loaded.claims,
        read_document(text, "utf-8"),
        fetched=TODAY if previous else FETCHED,
        final_url=None,
        previous=previous,
    )


def verify(registry: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    """`claimcheck verify --offline -f json` in-process: the exit code and the report."""
    result = runner.invoke(
        app,
        ["verify", str(registry), "--offline", "--today", TODAY, "-f", "json", *extra],
        env={"CLAIMCHECK_OFFLINE": "1"},
    )
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return result.exit_code, report


def _on(finding: dict[str, Any], claim: str) -> bool:
    return finding["claim"] == claim or claim in finding.get("related", [])


def misses(mutant: Mutant, exit_code: int, report: dict[str, Any]) -> list[str]:
    """What of the mutant's expectation the report lacks (empty: caught)."""
    lacking = []
    on_claim = [f for f in report["findings"] if _on(f, mutant.claim)]
    wanted = [f for f in on_claim if mutant.code in (None, f["code"])]
    at_level = [f for f in wanted if f["severity"] == mutant.severity]
    if mutant.code is None:
        wanted = at_level = [f for f in report["findings"] if f["severity"] == mutant.severity]
    if not wanted:
        have = ", ".join(sorted({f"{f['code']} {f['severity']}" for f in on_claim})) or "nothing"
        lacking.append(f"no {mutant.code or mutant.severity} on {mutant.claim} (has: {have})")
    elif not at_level:
        lacking.append(f"{mutant.code} is a {wanted[0]['severity']}, not a {mutant.severity}")
    states = {c["id"]: c["states"] for c in report["claims"]}
    if states.get(mutant.claim, ["ok"]) == ["ok"]:
        lacking.append(f"{mutant.claim} stays ok")
    if mutant.severity == "error" and exit_code != 1:
        lacking.append(f"exit {exit_code}")
    return lacking


def _params() -> list[Any]:
    return [
        pytest.param(
            m,
            id=m.id,
            marks=[pytest.mark.xfail(strict=True, reason=f"issue 16: {m.missed}")]
            if m.missed
            else [],
        )
        for m in load_mutants()
    ]


@pytest.mark.parametrize("mutant", _params())
def test_mutant_is_caught(mutant: Mutant, tmp_path: Path) -> None:
    code, report = run_mutant(mutant, tmp_path / "twin")
    assert misses(mutant, code, report) == []


def test_clean_twin_has_no_error_or_warning(tmp_path: Path) -> None:
    code, report = verify(lay_out(tmp_path / "twin"))
    loud = [f"{f['code']} {f['message']}" for f in report["findings"] if f["severity"] != "note"]
    assert loud == []
    assert code == 0
    states = {c["id"]: c["state"] for c in report["claims"]}
    assert {claim: state for claim, state in states.items() if state != "ok"} == {}


def _false_positives() -> list[dict[str, str]]:
    data = yaml.safe_load((MUTATION / "mutants.yaml").read_text(encoding="utf-8"))
    return list(data["former_false_positives"])


@pytest.mark.parametrize(
    "fp",
    [pytest.param(fp, id=fp["id"]) for fp in _false_positives()],
)
def test_former_false_positive_stays_gone(fp: dict[str, str], tmp_path: Path) -> None:
    _, report = verify(lay_out(tmp_path / "twin"))
    assert not [f for f in report["findings"] if fp["message"] in f["message"]]


def test_mutants_are_well_formed() -> None:
    mutants = load_mutants()
    assert len(mutants) >= 25
    assert len({m.id for m in mutants}) == len(mutants)
    registry = load_registry(MUTATION / "claims.yaml").registry
    claims = {c.id for c in registry.claims}
    for m in mutants:
        assert m.kind in KINDS, m.id
        assert m.claim in claims, m.id
        assert m.severity in SEVERITIES, m.id


def test_committed_snapshots_are_what_snapshot_keeps_of_the_sources() -> None:
    """The snapshots in the data are the sources' (so a rebuilt one differs only by the edit)."""
    committed = load(MUTATION / "snapshots")
    registry = MUTATION / "claims.yaml"
    assert set(committed) == set(source_files())
    for sid, path in source_files().items():
        built = snapshot_of(registry, sid, path.read_bytes(), None)
        assert msgspec.to_builtins(built) == msgspec.to_builtins(committed[sid]), sid
