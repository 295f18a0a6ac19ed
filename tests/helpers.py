"""Shared helpers for tests: load registry text and run the checks on it."""

from __future__ import annotations

import subprocess
from pathlib import Path

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


def git(cwd: Path, *args: str) -> None:
    """Run git in `cwd` as a test's repository: a fixed author, and no user's or system's
    config (HOME is the repository, PATH the system's)."""
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "HOME": str(cwd),
            "PATH": "/usr/bin:/bin",
        },
    )
