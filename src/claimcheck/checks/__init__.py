"""The one place where checks are registered, and so the catalogue of every rule."""

from __future__ import annotations

from claimcheck.checks import (
    consistency,
    content,
    coverage,
    links,
    sourcing,
    staleness,
    structure,
)
from claimcheck.checks.base import Check
from claimcheck.findings import Family, Rule, Severity

ALL_CHECKS: tuple[Check, ...] = (
    structure.CHECK,
    sourcing.CHECK,
    consistency.CHECK,
    staleness.CHECK,
    links.CHECK,
    coverage.CHECK,
    content.CHECK,
)

#: Rules about claimcheck itself, raised by the engine.
FAMILY = Family("X", "claimcheck itself")
X001 = FAMILY.rule(
    "X001",
    "check-crashed",
    Severity.ERROR,
    "A check failed with an internal error.",
    "One of claimcheck's checks raised an unexpected error. The other checks still ran and "
    "their findings are reported; this check's are missing. This is a bug in claimcheck.",
    "Report it with the registry (or a small part of it) that triggers it.",
)


def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code."""
    rules = [rule for check in ALL_CHECKS for rule in check.rules]
    return tuple(sorted([*rules, X001], key=lambda r: r.code))


def rule_by_code(code: str) -> Rule | None:
    return next((r for r in all_rules() if r.code == code.upper()), None)


__all__ = ["ALL_CHECKS", "X001", "all_rules", "rule_by_code"]
