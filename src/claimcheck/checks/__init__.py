"""The one place where checks are registered."""

from __future__ import annotations

from claimcheck.checks import sourcing, staleness, structure
from claimcheck.checks.base import Check

ALL_CHECKS: tuple[Check, ...] = (structure.CHECK, sourcing.CHECK, staleness.CHECK)
