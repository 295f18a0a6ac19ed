"""`claimcheck snapshot`'s view: one line per source read."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from claimcheck.render.base import guard_log_commands, safe_text

if TYPE_CHECKING:
    from claimcheck.sources.run import Outcome


def snapshot_line(outcome: Outcome) -> str:
    """What was read from one source, what changed, and what the archive said.

    Everything a server sent (an error, a title, an archive's URL) goes through `safe_text`: a
    server's escape sequences are shown, never obeyed by the terminal or a CI log."""
    snap = outcome.snapshot
    if snap.error:
        text = f"{snap.source}: not read: {snap.error}"
    else:
        verdicts = Counter(q.verdict for q in snap.quotes)
        pages = f", {snap.pages} pages" if snap.kind == "pdf" else ""
        text = (
            f"{snap.source}: {snap.kind}{pages}; quotes: "
            + (", ".join(f"{n} {v}" for v, n in sorted(verdicts.items())) or "none")
            + f"; figures: {_figures(outcome)}"
        )
    if snap.drift:
        text += f"; CHANGED since the last snapshot (found {snap.drift.detected})"
    if snap.archive:
        text += f"; archived copy: {snap.archive.url}"
    elif outcome.archive_note:
        text += f"; no archived copy: {outcome.archive_note}"
    if outcome.saved is not None:
        text += "; saved to the archive" if outcome.saved == "" else f"; not saved: {outcome.saved}"
    return guard_log_commands(safe_text(text))


def _figures(outcome: Outcome) -> str:
    """The figures found as the claim gives them, as the support verdicts read them, and the
    others but those absent ("2 of 3 found (1 said otherwise)"): the value there for another
    year, or as another measure, is not found (it was counted so, beside verdicts that said
    otherwise)."""
    snap = outcome.snapshot
    counts = outcome.figures
    if counts is None:  # not counted: the value found, as the snapshot records it
        return f"{sum(f.found for f in snap.figures)} of {len(snap.figures)} found"
    total = sum(counts.values())
    text = f"{counts.get('found', 0)} of {total} found"
    others = [f"{n} {said}" for said, n in sorted(counts.items()) if said not in _PLAIN and n]
    return text + (f" ({', '.join(others)})" if others else "")


_PLAIN = ("found", "not found")
