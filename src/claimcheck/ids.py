"""Ids for drafted and imported entries: snake_case, readable, unique in the registry."""

from __future__ import annotations

import re
from collections.abc import Collection


def snake_id(
    text: str, *, skip: Collection[str] = (), words: int = 5, prefix: str = "entry"
) -> str:
    """The first `words` words of `text` (less those in `skip`) as a snake_case id."""
    kept = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in skip][:words]
    ident = "_".join(kept) or prefix
    return ident if ident[0].isalpha() else f"{prefix}_{ident}"


def unique(ident: str, taken: set[str]) -> str:
    """`ident`, or `ident_2`, `ident_3`...: the first not in `taken` (which it joins)."""
    candidate, n = ident, 2
    while candidate in taken:
        candidate, n = f"{ident}_{n}", n + 1
    taken.add(candidate)
    return candidate


class Unique:
    """`unique` for many ids: the same answers, in constant time however often a base
    repeats (`unique` tries `ident_2`, `ident_3`... from the start each time, so n drafts
    with one base took n²/2 look-ups). `taken` only grows, so a suffix found taken stays
    taken and the next call for that base starts after it."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self._next: dict[str, int] = {}

    def __call__(self, ident: str) -> str:
        """`ident`, or `ident_2`, `ident_3`...: the first not in `taken` (which it joins)."""
        taken = self.taken
        candidate = ident
        if candidate in taken:
            n = self._next.get(ident, 2)
            candidate = f"{ident}_{n}"
            while candidate in taken:
                n += 1
                candidate = f"{ident}_{n}"
            self._next[ident] = n + 1
        taken.add(candidate)
        return candidate
