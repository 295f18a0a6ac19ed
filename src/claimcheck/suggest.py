"""'Did you mean' hints for misspelt names (fields, settings, ids, rule codes)."""

from __future__ import annotations

import difflib
from collections.abc import Collection


def did_you_mean(word: str, choices: Collection[str]) -> str | None:
    """`did you mean `x`?` when one choice is close to `word`."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f"did you mean `{close[0]}`?" if close else None
