"""`python -m claimcheck`."""

from __future__ import annotations

from claimcheck.cli import main

main()
