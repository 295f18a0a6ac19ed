"""Precision and recall of the quote check on the labelled pairs of tests/data/quotes/, before
and after Q019 (a quote that negates, reverses, swaps or changes a figure of its source).

    uv run --frozen python bench/quotes.py            # the rows
    uv run --frozen python bench/quotes.py --verbose  # and every pair each one gets wrong

The positive class is "altered" (the quote must be an error: Q001 or Q019): precision is the
share of pairs made an error that are truly altered, recall the share of altered pairs made
an error. "before" is `match_quote` as it was at commit 0891749 (read from git, so this
needs the repository's history), where only an absent quote was an error and a negated or
reversed one passed as a paraphrase (a note); "after" is `claimcheck.sources.match`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import yaml

# The benches' shared scoring, beside this file (run as a script, or loaded by a test).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from scoring import confusion

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "data" / "quotes" / "pairs.yaml"
#: Written after the check was tuned on pairs.yaml, on other subjects.
HELDOUT = ROOT / "tests" / "data" / "quotes" / "heldout.yaml"
#: Review 14's defect 12: a quote's figure moved to the year its source compares it with.
REVIEW14 = ROOT / "tests" / "data" / "quotes" / "review14.yaml"
BEFORE = "0891749"


def _old() -> Callable[[str, str], bool] | None:
    try:
        source = subprocess.run(
            ["git", "show", f"{BEFORE}:src/claimcheck/sources/match.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("old_match")
    sys.modules["old_match"] = module  # dataclasses look their module up
    exec(compile(source, "old_match.py", "exec"), module.__dict__)

    def before(quote: str, source_text: str) -> bool:
        return bool(module.match_quote(quote, [source_text]).verdict.value == "absent")

    return before


def after(quote: str, source_text: str) -> bool:
    from claimcheck.sources.match import QuoteVerdict, match_quote

    return match_quote(quote, [source_text]).verdict in (QuoteVerdict.ABSENT, QuoteVerdict.ALTERED)


def load_pairs(path: Path = PAIRS) -> list[dict[str, str]]:
    pairs: list[dict[str, str]] = yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]
    return pairs


def score(check: Callable[[str, str], bool], pairs: list[dict[str, str]]) -> dict:
    """Counts of "altered" flagged right and wrong, and the pairs got wrong."""
    outcomes = [(check(p["quote"], p["source"]), p["label"] == "altered") for p in pairs]
    wrong = [p for p, (flagged, altered) in zip(pairs, outcomes, strict=True) if flagged != altered]
    return {**confusion(outcomes), "wrong": wrong}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    checks: list[tuple[str, Callable[[str, str], bool]]] = [("after", after)]
    old = _old()
    if old is None:
        print(f"(no git history here: 'before', commit {BEFORE}, is left out)")
    else:
        checks.insert(0, ("before", old))
    labelled, heldout, review14 = load_pairs(PAIRS), load_pairs(HELDOUT), load_pairs(REVIEW14)
    for title, pairs in (
        ("pairs.yaml", labelled),
        ("heldout.yaml", heldout),
        ("review14.yaml", review14),
        ("all", labelled + heldout + review14),
    ):
        subjects = sorted({p["subject"] for p in pairs})
        altered = sum(p["label"] == "altered" for p in pairs)
        print(
            f"{title}: {len(pairs)} pairs ({altered} altered, {len(pairs) - altered} faithful) "
            f"on {len(subjects)} subjects: {', '.join(subjects)}"
        )
        print(f"{'':8} {'precision':>9} {'recall':>7} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4}")
        for name, check in checks:
            s = score(check, pairs)
            print(
                f"{name:8} {s['p']:9.2f} {s['r']:7.2f} "
                f"{s['tp']:4} {s['fp']:4} {s['fn']:4} {s['tn']:4}"
            )
            if args.verbose and title != "all":
                for pair in s["wrong"]:
                    missed = "missed" if pair["label"] == "altered" else "false error"
                    print(f"    {missed} ({pair['kind']}): {pair['quote']!r}")
        print()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
