"""The one place where checks are registered."""

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

ALL_CHECKS: tuple[Check, ...] = (
    structure.CHECK,
    sourcing.CHECK,
    consistency.CHECK,
    staleness.CHECK,
    links.CHECK,
    coverage.CHECK,
    content.CHECK,
)
