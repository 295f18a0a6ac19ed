"""The registries of checks and formats cannot drift from the code."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import claimcheck.checks
import claimcheck.render
from claimcheck.checks import ALL_CHECKS, all_rules
from claimcheck.findings import CODE_PATTERN
from claimcheck.render import RENDERERS
from tests.conftest import DATA

#: A rule's fixtures: a registry (tests/data/registries/invalid/CODE_*.yaml), or a directory
#: with the links, page or snapshots it needs as well (tests/data/rules/CODE_*/).
REGISTRY_FIXTURES = {p.name.split("_")[0] for p in (DATA / "registries" / "invalid").glob("*.yaml")}
RULE_CASES = [p.name for p in (DATA / "rules").iterdir() if p.is_dir()]
CASE_FIXTURES = {name.split("_")[0] for name in RULE_CASES if not name.endswith("-clean")}
CLEAN_TWINS = {name.split("_")[0] for name in RULE_CASES if name.endswith("-clean")}


def test_every_check_module_is_registered() -> None:
    for info in pkgutil.iter_modules(claimcheck.checks.__path__):
        module = importlib.import_module(f"claimcheck.checks.{info.name}")
        if hasattr(module, "CHECK"):
            assert module.CHECK in ALL_CHECKS, f"{info.name}.CHECK is not in ALL_CHECKS"


def test_every_format_module_is_registered() -> None:
    for info in pkgutil.iter_modules(claimcheck.render.__path__):
        module = importlib.import_module(f"claimcheck.render.{info.name}")
        if hasattr(module, "RENDERER"):
            assert RENDERERS.get(module.RENDERER.name) is module.RENDERER


def test_rule_codes_are_unique_and_well_formed() -> None:
    rules = all_rules()
    codes = [r.code for r in rules]
    names = [r.name for r in rules]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    for rule in rules:
        assert CODE_PATTERN.match(rule.code), rule.code
        assert rule.name == rule.name.lower() and " " not in rule.name


def test_every_rule_is_explained_and_has_a_fixture() -> None:
    for rule in all_rules():
        assert len(rule.explanation) > 80, f"{rule.code} needs an explanation"
        assert rule.fix, f"{rule.code} needs a fix"
        if rule.family.letter != "X":  # X001 is a crash: no input should produce it
            assert rule.code in REGISTRY_FIXTURES | CASE_FIXTURES, (
                f"{rule.code} has no fixture in tests/data/registries/invalid or tests/data/rules"
            )


def test_every_rule_case_has_a_clean_twin() -> None:
    """Plant the error, and keep a clean twin that must stay clean (tests/data/rules/README.md)."""
    assert CASE_FIXTURES, "tests/data/rules has no cases"
    for code in sorted(CASE_FIXTURES):
        assert code in CLEAN_TWINS, f"tests/data/rules has no {code}_*-clean twin"


def test_every_fixture_names_a_rule() -> None:
    codes = {r.code for r in all_rules()}
    for code in sorted(REGISTRY_FIXTURES | CASE_FIXTURES | CLEAN_TWINS):
        assert code in codes, f"a fixture is named after {code}, which is no rule's code"


def test_every_command_has_help_and_is_in_the_readme() -> None:
    import typer
    from typer.testing import CliRunner

    from claimcheck.cli import app

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    command = typer.main.get_command(app)
    names = sorted(command.commands)  # type: ignore[attr-defined]
    assert len(names) >= 14
    for name in names:
        result = CliRunner().invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.stdout, name
        assert f"claimcheck {name}" in readme, f"the README does not show `claimcheck {name}`"
