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
        found = sum(f.found for f in snap.figures)
        pages = f", {snap.pages} pages" if snap.kind == "pdf" else ""
        text = (
            f"{snap.source}: {snap.kind}{pages}; quotes: "
            + (", ".join(f"{n} {v}" for v, n in sorted(verdicts.items())) or "none")
            + f"; figures: {found} of {len(snap.figures)} found"
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
