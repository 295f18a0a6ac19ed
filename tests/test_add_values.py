"""`add --value` is written as typed, never through a float (review 18, item 6).

Planted: values a float or YAML would rewrite (`1234567890123456789.5` written
1.2345678901234568e+18, `3.14159265358979323846` cut to 3.141592653589793, `7.40` losing
its 0, `1_000` written 1000, a full-width 12 (U+FF11 U+FF12) written 12, `1e3` written
1000.0): each is now written with the characters typed and read by the registry as exactly
that number. What the registry does not read as a number (`0x1F`, `nan`, `1,5`, `true` in a
range) is refused naming `--value`, the file unchanged. Clean twins: `12`, `4.6`, `£65m`,
`8,300,000` and a range are written plain, as before. Subjects: a city budget, glaciers,
a football club.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.loader import load_registry

runner = CliRunner()

BUDGET = "version: 1\npage:\n  title: City budget 2025/26\nsources: []\nclaims: []\n"


def _add(registry: Path, value: str, unit: str | None = None) -> tuple[int, str]:
    units = ["--unit", unit] if unit else []
    result = runner.invoke(
        app,
        ["add", "claim", "--id", "figure", "--text", "The figure.", "--kind", "figure",
         "--value", value, *units, "-r", str(registry)],
    )  # fmt: skip
    return result.exit_code, result.stderr


def _value_line(registry: Path) -> str:
    lines = registry.read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.strip().startswith("value:")).strip()


@pytest.mark.parametrize(
    ("typed", "unit", "written", "read"),
    [
        ("1234567890123456789.5", "GBP", "value: '1234567890123456789.5'", "1234567890123456789.5"),
        ("3.14159265358979323846", "metres", "value: '3.14159265358979323846'", None),
        ("7.40", "GBP million", "value: '7.40'", "7.40"),
        ("1_000", "fans", "value: '1_000'", "1000"),
        ("\uff11\uff12", "goals", "value: \uff11\uff12", "12"),
        ("1e3", "fans", "value: '1e3'", "1E+3"),  # a thousand, its written form kept
        ("0.10", "km", "value: '0.10'", "0.10"),
    ],
    ids=["long budget", "pi glaciers", "7.40 budget", "1_000 fans", "full-width", "1e3", "0.10"],
)
def test_a_value_is_written_as_typed(
    tmp_path: Path, typed: str, unit: str, written: str, read: str | None
) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(BUDGET, encoding="utf-8")
    code, stderr = _add(registry, typed, unit)
    assert code == 0, stderr
    assert _value_line(registry) == written
    (claim,) = load_registry(registry).registry.claims
    assert isinstance(claim.value, Decimal)
    assert str(claim.value) == (read or typed)  # the digits typed, none lost
    verified = runner.invoke(app, ["verify", str(registry), "--offline", "--select", "R,C"])
    assert verified.exit_code == 0, verified.stdout


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("12", "value: 12"),
        ("4.6", "value: 4.6"),
        ("£65m", "value: £65m"),
        ("8,300,000", "value: 8,300,000"),
        ("-3", "value: -3"),
    ],
)
def test_a_plain_value_stays_plain(tmp_path: Path, typed: str, written: str) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(BUDGET, encoding="utf-8")
    code, stderr = _add(registry, typed)
    assert code == 0, stderr
    assert _value_line(registry) == written


def test_a_range_keeps_each_end_as_typed(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(BUDGET, encoding="utf-8")
    code, stderr = _add(registry, "[3.10, 4.25]", "metres")
    assert code == 0, stderr
    (claim,) = load_registry(registry).registry.claims
    assert isinstance(claim.value, tuple)
    assert [str(end) for end in claim.value] == ["3.10", "4.25"]
    twin = tmp_path / "twin.yaml"
    twin.write_text(BUDGET, encoding="utf-8")
    assert _add(twin, "[3, 5]", "goals")[0] == 0
    assert "value:\n    - 3\n    - 5\n" in twin.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("0x1F", "--value '0x1F': the new claim would not be valid: value '0x1F' is not a number"),
        ("nan", "--value 'nan': the new claim would not be valid: the number is not finite"),
        ("1,5", "--value '1,5': the new claim would not be valid: value '1,5' is not a number"),
        ("[true, 5]", "--value '[true, 5]': not a range"),
        ("[5, inf]", "--value '[5, inf]': the new claim would not be valid"),
    ],
)
def test_what_the_registry_does_not_read_is_refused(tmp_path: Path, typed: str, says: str) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(BUDGET, encoding="utf-8")
    code, stderr = _add(registry, typed)
    assert code == 2
    (line,) = stderr.strip().splitlines()
    assert says in line and "claims.yaml:" not in line, line
    assert registry.read_text(encoding="utf-8") == BUDGET
