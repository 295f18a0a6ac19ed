"""What may never be ignored: a check that crashed (X001) and links not checked (L008) are
reported whatever --select, --ignore or a baseline say, and a registry entry that cannot be
read (the R errors) is never dropped by --ignore, the config's `ignore` or a claim's `allow`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.checks import ALL_CHECKS, rule_by_code
from claimcheck.checks.base import Check, CheckContext
from claimcheck.cli import app
from claimcheck.engine import exit_code, run_checks
from claimcheck.findings import Finding, Severity
from claimcheck.loader import parse_registry
from claimcheck.model import Registry
from tests.conftest import TODAY

runner = CliRunner()

LIBRARY = """\
version: 1
sources:
  - id: annual_report
    title: Library service annual report 2025
    kind: report
    url: https://example.org/library/2025
claims:
  - id: loans
    text: Libraries lent 412,000 books last year.
    kind: figure
    value: 412000
    unit: books
    mentions: ["lent 412,000 books"]
  - id: branches
    text: The service runs 14 branches.
    kind: figure
    value: 14
    unit: branches
    mentions: ["runs 14 branches"]
    citations: [{source: annual_report}]
"""


def _crash(registry: Registry, ctx: CheckContext) -> list[Finding]:
    raise RuntimeError("simulated bug")


def _sourcing_crashes() -> tuple[Check, ...]:
    return tuple(Check(c.name, c.rules, _crash) if c.name == "sourcing" else c for c in ALL_CHECKS)


def test_a_crashed_check_is_reported_whatever_the_selection() -> None:
    loaded = parse_registry(LIBRARY, "claims.yaml")
    for select, ignore in [(("S",), ()), (("S001",), ()), ((), ("C", "T"))]:
        report = run_checks(
            loaded, today=TODAY, select=select, ignore=ignore, checks=_sourcing_crashes()
        )
        assert [f.code for f in report.findings] == ["X001"], (select, ignore)
        assert exit_code(report, Severity.ERROR) == 1
    # The clean twin: the same selection without the crash reports the S001 warning only.
    report = run_checks(loaded, today=TODAY, select=("S",))
    assert [f.code for f in report.findings] == ["S001"]
    assert exit_code(report, Severity.ERROR) == 0


def test_links_not_checked_are_reported_whatever_the_selection() -> None:
    not_checked = rule_by_code("L008")
    assert not_checked is not None

    def unchecked(registry: Registry, ctx: CheckContext) -> list[Finding]:
        return [Finding(not_checked, "1 link not checked: no network")]

    s001 = rule_by_code("S001")
    assert s001 is not None
    checks = (Check("fake", (s001,), unchecked),)
    loaded = parse_registry(LIBRARY, "claims.yaml")
    report = run_checks(loaded, today=TODAY, select=("S",), checks=checks)
    assert [f.code for f in report.findings] == ["L008"]

    def checked(registry: Registry, ctx: CheckContext) -> list[Finding]:
        return []

    clean = run_checks(
        loaded, today=TODAY, select=("S",), checks=(Check("fake", (s001,), checked),)
    )
    assert clean.findings == ()


@pytest.mark.parametrize("prefix", ["X", "x001", "X00", "L008", "R", "R0", "R002", "r005"])
def test_ignoring_what_may_not_be_is_refused(prefix: str, tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(LIBRARY, encoding="utf-8")
    args = ["verify", str(registry), "--offline", "--today", "2026-11-24"]
    result = runner.invoke(app, [*args, "--ignore", prefix])
    assert result.exit_code == 2, result.output
    assert f"--ignore: {prefix!r} cannot be ignored" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    config = tmp_path / "claimcheck.toml"
    config.write_text(f'offline = true\nignore = ["S", "{prefix}"]\n', encoding="utf-8")
    result = runner.invoke(app, [*args, "--config", str(config)])
    assert result.exit_code == 2
    assert f"{config}:2:1: error: `ignore`: {prefix!r} cannot be ignored" in result.stderr


@pytest.mark.parametrize("prefix", ["L", "L00", "R006", "S", "X"])
def test_ignoring_a_family_or_a_warning_is_not_refused(prefix: str, tmp_path: Path) -> None:
    """The twin: `--ignore L` turns the link check off (no L008 can come of it), R006 is a
    warning about an unused source, and X alone is refused."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(LIBRARY, encoding="utf-8")
    result = runner.invoke(
        app,
        ["verify", str(registry), "--offline", "--today", "2026-11-24", "--ignore", prefix],
    )
    assert result.exit_code == (2 if prefix == "X" else 0), result.output


INVALID = LIBRARY.replace("value: 412000", 'value: "four hundred thousand"')


def test_ignoring_an_invalid_entry_never_passes(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(INVALID, encoding="utf-8")
    args = ["verify", str(registry), "--offline", "--today", "2026-11-24", "-f", "concise"]
    plain = runner.invoke(app, args)
    assert plain.exit_code == 1 and "R002" in plain.stdout
    for option in (["--ignore", "R"], ["--ignore", "R002"], ["--select", "C,S,P,T"]):
        assert runner.invoke(app, [*args, *option]).exit_code == 2, option


ALLOWED = INVALID.replace(
    '    mentions: ["lent 412,000 books"]\n',
    '    mentions: ["lent 412,000 books"]\n    allow: [{rule: R002, reason: legacy}]\n',
)


def test_an_allow_of_a_rule_that_drops_entries_is_an_error(tmp_path: Path) -> None:
    registry = tmp_path / "claims.yaml"
    registry.write_text(ALLOWED, encoding="utf-8")
    result = runner.invoke(
        app, ["verify", str(registry), "--offline", "--today", "2026-11-24", "-f", "concise"]
    )
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "R002" in line]
    assert len(lines) == 2  # the value, and the allow that may not hide it
    line = ALLOWED.splitlines().index("    allow: [{rule: R002, reason: legacy}]") + 1
    assert any(
        x.startswith(f"{registry}:{line}:20: R002") and "cannot be allowed" in x for x in lines
    )
    # Every other command refuses the registry.
    assert runner.invoke(app, ["list", str(registry)]).exit_code == 2
    for rule in ("X001", "L008"):
        registry.write_text(
            LIBRARY.replace('books"]\n', f'books"]\n    allow: [{{rule: {rule}, reason: r}}]\n', 1),
            encoding="utf-8",
        )
        result = runner.invoke(app, ["verify", str(registry), "--offline", "-f", "concise"])
        assert result.exit_code == 1 and "cannot be allowed" in result.stdout, rule


def test_an_allow_of_another_rule_still_applies(tmp_path: Path) -> None:
    """The twin: `allow` of S001 on the unsourced claim hides it, with no R002."""
    registry = tmp_path / "claims.yaml"
    registry.write_text(
        LIBRARY.replace(
            '    mentions: ["lent 412,000 books"]\n',
            '    mentions: ["lent 412,000 books"]\n    allow: [{rule: S001, reason: in review}]\n',
        ),
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["verify", str(registry), "--offline", "--today", "2026-11-24", "-f", "concise"]
    )
    assert result.exit_code == 0 and "R002" not in result.stdout and "S001" not in result.stdout
