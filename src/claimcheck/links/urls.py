"""`claimcheck links --urls FILE`: a plain list of URLs, one per line."""

from __future__ import annotations

from pathlib import Path

from claimcheck.files import read_text


def read_url_list(path: Path) -> list[str]:
    """URLs one per line; blank lines and `#` comments are skipped."""
    text = read_text(path, "URL list", hint="give a file of URLs, one per line")
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
