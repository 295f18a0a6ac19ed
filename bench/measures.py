"""Precision and recall of the measure check (Q006) on the labelled pairs of tests/data/measures/,
before and after issue 16's item 4 (a figure's measure read in its own clause).

    uv run --frozen python bench/measures.py            # the two rows
    uv run --frozen python bench/measures.py --verbose  # and every pair each one gets wrong

The positive class is "different measure" (Q006 should fire): precision is the share of
flagged pairs that are truly a different measure, recall the share of different-measure
pairs flagged. "before" is the check as it was at commit 5029b87, copied below (the old
clause: up to `;`, a full stop or a line end, 160 characters each side; half of the
measure's key words of four letters or more); "after" is `claimcheck.sources.match`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

# The benches' shared scoring, beside this file (run as a script, or loaded by a test).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from scoring import confusion

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "data" / "measures" / "pairs.yaml"
#: Pairs written before the 2026-12 reading was run, on subjects pairs.yaml does not cover.
HELDOUT = ROOT / "tests" / "data" / "measures" / "heldout.yaml"


def _wordlist(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- before: the old check, as it was ----------------------------------------------------
_OLD_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_OLD_STOP = _wordlist(
    "that this with from have been were which their there they them than then into also more "
    "most such some what when where while will would could should about after before over "
    "under only other these those being each many much very said says"
)
_OLD_GENERIC = _wordlist("rate share number total proportion percentage count figure level amount")
_OLD_CLAUSE_END = re.compile(r"[;\n]|\.(?=\s|$)")
_OLD_CONTEXT = 160


def _old_stem(word: str) -> str:
    word = word.strip("'-")
    for suffix in ("ies", "es", "s", "ed", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _old_key_words(text: str) -> set[str]:
    return {_old_stem(w) for w in _OLD_WORD.findall(text.lower()) if w not in _OLD_STOP}


def _old_clause(text: str, start: int, end: int) -> str:
    left = max(
        (m.end() for m in _OLD_CLAUSE_END.finditer(text, max(0, start - _OLD_CONTEXT), start)),
        default=max(0, start - _OLD_CONTEXT),
    )
    right = _OLD_CLAUSE_END.search(text, end, end + _OLD_CONTEXT)
    return text[left : right.start() if right else min(len(text), end + _OLD_CONTEXT)]


def before(measure: str, text: str, start: int, end: int) -> bool:
    words = _old_key_words(measure)
    terms = words - _OLD_GENERIC or words
    context = _old_key_words(_old_clause(text, start, end))
    return len(terms & context) * 2 >= len(terms)


# --- after -------------------------------------------------------------------------------
def after(measure: str, text: str, start: int, end: int) -> bool:
    from claimcheck.sources.match import measure_describes

    found = measure_describes(measure, text, start)
    if found is None:
        raise SystemExit(f"no figure at {start} of {text!r}")
    return found


def load_pairs(path: Path = PAIRS) -> list[dict[str, str]]:
    pairs: list[dict[str, str]] = yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]
    return pairs


def score(check: Callable[[str, str, int, int], bool], pairs: list[dict[str, str]]) -> dict:
    """Counts of "different measure" flagged right and wrong, and the pairs got wrong."""
    outcomes = []
    for pair in pairs:
        text, figure = pair["text"], pair["figure"]
        start = text.index(figure)
        flagged = not check(pair["measure"], text, start, start + len(figure))
        outcomes.append((flagged, pair["label"] == "different"))
    wrong = [p for p, (flagged, truth) in zip(pairs, outcomes, strict=True) if flagged != truth]
    return {**confusion(outcomes), "wrong": wrong}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    labelled, heldout = load_pairs(PAIRS), load_pairs(HELDOUT)
    for title, pairs in (
        ("pairs.yaml", labelled),
        ("heldout.yaml", heldout),
        ("all", labelled + heldout),
    ):
        subjects = sorted({p["subject"] for p in pairs})
        different = sum(p["label"] == "different" for p in pairs)
        print(
            f"{title}: {len(pairs)} pairs ({different} different measure, "
            f"{len(pairs) - different} same) on {len(subjects)} subjects: {', '.join(subjects)}"
        )
        print(f"{'':8} {'precision':>9} {'recall':>7} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4}")
        for name, check in (("before", before), ("after", after)):
            s = score(check, pairs)
            print(
                f"{name:8} {s['p']:9.2f} {s['r']:7.2f} "
                f"{s['tp']:4} {s['fp']:4} {s['fn']:4} {s['tn']:4}"
            )
            if args.verbose and title != "all":
                for pair in s["wrong"]:
                    missed = "missed" if pair["label"] == "different" else "false Q006"
                    print(f"    {missed}: {pair['figure']} / {pair['measure']!r}: {pair['text']}")
        print()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
