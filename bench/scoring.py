"""Precision and recall of a check on labelled cases, for the evaluation benches
(`quotes.py`, `measures.py`, `figures.py`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def confusion(outcomes: Iterable[tuple[bool, bool]]) -> dict[str, Any]:
    """Counts of (flagged, truly so) outcomes, with precision and recall (1.0 when there is
    nothing to divide by: no flag, or nothing to find)."""
    tp = fp = fn = tn = 0
    for flagged, truth in outcomes:
        tp += flagged and truth
        fp += flagged and not truth
        fn += truth and not flagged
        tn += not flagged and not truth
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "p": tp / (tp + fp) if tp + fp else 1.0,
        "r": tp / (tp + fn) if tp + fn else 1.0,
    }
