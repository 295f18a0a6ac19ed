"""What the loader refuses that msgspec's types cannot say, once, for every selection of
rules and every command (fix H, items 2 and 3), and where the checks' findings stand when
entries were left out.

- `tolerance: "lots"` was R002 "invalid decimal string", naming neither the field nor the
  form, and the relation was then checked with a tolerance of 0; `tolerance: -1` was R002
  only when the consistency check ran (`--select S` passed it, exit 0). A tolerance that is
  not a number >= 0 is now the loader's R002, in registry_rules.TOLERANCE_FORM's words, at
  the tolerance, and the constraint is left out (its relation not checked with another).
- A unit with a scale claimcheck does not read (`hundreds of fans`, `EUR mio`, `TEUR`) was
  R002 only when the consistency check ran. It is now the loader's R002 at the unit, and
  the claim is checked without its unit and value (a relation naming it is C005).
- Entries left out were matched to the file by id: a kept claim sharing its id with an
  invalid one before it had its findings placed on the invalid one's lines, and a
  constraint after one left out had its findings on the one before it.

Planted errors beside clean twins, on hospital waiting lists, a football club and a city's
budget.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import parse_registry
from claimcheck.registry_rules import TOLERANCE_FORM
from tests.helpers import check_text

runner = CliRunner()
HEAD = "version: 1\npage: {title: Fix H load rules, as_of: 2025-06}\n"

WAITS = """claims:
  - {id: waiting, text: 7.4 million waiting, kind: figure, value: 7.4, unit: million patients}
  - {id: listed, text: 7.5 million listed, kind: figure, value: 7.5, unit: million patients}
constraints:
  - {id: agree, expr: waiting == listed, tolerance: 0.2}
"""
WINS = """claims:
  - {id: home, text: 40 home wins, kind: figure, value: 40, unit: wins}
  - {id: away, text: 38 away wins, kind: figure, value: 38, unit: wins}
constraints:
  - {id: close, expr: home == away, tolerance: 2}
"""
SUBJECTS = {"waits": (WAITS, "tolerance: 0.2}"), "wins": (WINS, "tolerance: 2}")}


def verify(tmp_path: Path, text: str, *args: str) -> tuple[int, str, str]:
    registry = tmp_path / "claims.yaml"
    registry.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["verify", str(registry), "--offline", "-f", "concise", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
@pytest.mark.parametrize("tolerance", ["lots", "-1", '"-0.5"', "[1]", "true"])
def test_a_tolerance_not_a_number_at_least_0_is_one_r002_at_load(
    subject: str, tolerance: str
) -> None:
    text, clean = SUBJECTS[subject]
    assert check_text(HEAD + text, select=["C", "R"]).findings == ()  # the clean twin
    planted = HEAD + text.replace(clean, f"tolerance: {tolerance}}}")
    loaded = parse_registry(planted, "claims.yaml")
    [finding] = loaded.findings
    assert finding.code == "R002" and finding.path == ("constraints", 0, "tolerance")
    assert finding.message.startswith(TOLERANCE_FORM + "; got ")
    assert finding.location is not None and finding.location.line == 7
    assert loaded.registry.constraints == ()  # left out: checked with no other tolerance
    # One finding, not two, with the consistency check run: the relation is not evaluated
    # with a tolerance of 0 either (WAITS would be C004, WINS C003).
    report = check_text(planted, select=["C", "R"])
    assert [f.code for f in report.findings] == ["R002"]


@pytest.mark.parametrize("subject", sorted(SUBJECTS))
def test_a_negative_tolerance_is_refused_whatever_the_selection(
    tmp_path: Path, subject: str
) -> None:
    text, clean = SUBJECTS[subject]
    code, out, err = verify(tmp_path, HEAD + text, "--select", "S")
    assert code == 0, out + err  # the clean twin: only S001 warnings
    code, out, err = verify(tmp_path, HEAD + text.replace(clean, "tolerance: -1}"), "--select", "S")
    assert code == 2, out + err  # was exit 0: the consistency check alone saw it
    assert "claims.yaml:7:" in err and "R002" in err and "got -1" in err
    assert "Traceback" not in err
    code, out, err = verify(tmp_path, HEAD + text.replace(clean, "tolerance: -1}"))
    assert code == 1 and out.count("R002") == 1, out


@pytest.mark.parametrize("tolerance", ["0", "-0", "0.0", "1e-3"])
def test_a_tolerance_of_0_or_more_is_kept(tolerance: str) -> None:
    text = HEAD + WINS.replace("tolerance: 2}", f"tolerance: {tolerance}}}")
    loaded = parse_registry(text, "claims.yaml")
    assert loaded.findings == [] and len(loaded.registry.constraints) == 1


CROWDS = """claims:
  - {id: crowd, text: 300 hundreds of fans came., kind: figure, value: 300, unit: hundreds of fans}
  - {id: capacity, text: The ground holds 20000 fans., kind: figure, value: 20000, unit: fans}
constraints:
  - {id: fits, expr: crowd <= capacity}
"""
PARKS = """claims:
  - {id: parks, text: Parks get 3 million euros., kind: figure, value: 3, unit: EUR mio}
  - {id: budget, text: The budget is 2 million euros., kind: figure, value: 2, unit: EUR million}
constraints:
  - {id: part, expr: parks <= budget}
"""


@pytest.mark.parametrize(
    ("text", "unread", "read"),
    [
        (CROWDS, "hundreds of fans", "thousands of fans"),
        (PARKS, "EUR mio", "EUR million"),
        (PARKS, "TEUR", "EUR thousand"),
        (PARKS, "Mio. EUR", "EUR million"),
    ],
)
def test_an_unread_scale_is_one_r002_at_the_unit_for_every_selection(
    tmp_path: Path, text: str, unread: str, read: str
) -> None:
    first_unit = text.split("unit: ")[1].split("}")[0]
    planted = HEAD + text.replace(f"unit: {first_unit}}}", f"unit: {unread}}}", 1)
    loaded = parse_registry(planted, "claims.yaml")
    [finding] = loaded.findings
    assert finding.code == "R002" and finding.path == ("claims", 0, "unit")
    assert "a scale claimcheck does not read" in finding.message
    assert finding.location is not None and finding.location.line == 4
    claim = loaded.registry.claims[0]
    assert claim.unit is None and claim.value is None  # compared with nothing
    # With every check: one R002 (not the loader's and the consistency check's), and the
    # relation naming the claim cannot be evaluated (C005), never passed in ones.
    report = check_text(planted)
    assert sorted(f.code for f in report.findings if f.level.name == "ERROR") == ["C005", "R002"]
    # Whatever the selection: refused before the run, naming file, line and column.
    code, out, err = verify(tmp_path, planted, "--select", "S")
    assert code == 2 and "claims.yaml:4:" in err and "R002" in err, out + err
    result = runner.invoke(app, ["list", str(tmp_path / "claims.yaml")])
    assert result.exit_code == 2 and "a scale claimcheck does not read" in result.stderr
    # The clean twin: a scale that is read.
    twin = HEAD + text.replace(f"unit: {first_unit}}}", f"unit: {read}}}", 1)
    assert parse_registry(twin, "claims.yaml").findings == []
    code, out, err = verify(tmp_path, twin, "--select", "S")
    assert code == 0, out + err


def test_a_claim_kept_beside_an_invalid_one_of_its_id_is_located_at_its_own_lines() -> None:
    text = HEAD + (
        "claims:\n"
        "  - id: parks\n    text: Parks get a lot.\n    kind: figures\n"
        "  - id: parks\n    text: Parks get £3m.\n    kind: figure\n    value: 3\n"
        "    unit: GBP million\n"
        "constraints:\n"
        "  - {id: broken, expr: parks > 0, tolerance: lots}\n"
        "  - {id: pos, expr: parks < 0}\n"
    )
    report = check_text(text)
    lines = sorted((f.code, f.location.line) for f in report.findings if f.location)
    # S001 of the kept claim at its own line 7, not the invalid one's line 4; the constraint
    # after the one left out at its own line 14, not line 13.
    assert lines == [("C003", 14), ("R002", 6), ("R002", 13), ("S001", 7)]
    # The clean twin: nothing left out, the same places.
    twin = text.replace("kind: figures", "kind: fact").replace("tolerance: lots", "tolerance: 1")
    twin = twin.replace("id: parks\n    text: Parks get a lot.", "id: roads\n    text: Roads.")
    report = check_text(twin)
    lines = sorted((f.code, f.location.line) for f in report.findings if f.location)
    assert ("C003", 14) in lines and ("S001", 7) in lines and ("R002", 13) not in lines
