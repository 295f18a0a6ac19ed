"""claimcheck: check a registry of a page's claims against their sources."""

from __future__ import annotations

__version__ = "0.1.0"
