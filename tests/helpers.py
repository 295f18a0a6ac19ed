"""Shared helpers for tests: load registry text and run the checks on it."""

from __future__ import annotations

from claimcheck.engine import run_checks
from claimcheck.findings import Report
from claimcheck.loader import parse_registry
from tests.conftest import TODAY


def check_text(text: str, name: str = "claims.yaml", **kwargs: object) -> Report:
    return run_checks(parse_registry(text, name), today=TODAY, **kwargs)  # type: ignore[arg-type]


def codes(report: Report) -> list[str]:
    return sorted(f.code for f in report.findings)


#: How the browser tests start Debian's Chromium: headless as root, and none of its own
#: network traffic (this machine's closed network refuses it, many connections at a time).
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
