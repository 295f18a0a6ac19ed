"""Precision and recall of the Q figure rules (Q005, Q006, Q017) on the labelled pairs of
tests/data/figures/pairs.yaml: does a source's figure support a claim, its time, direction,
unit, currency, base and bound as well as its value and measure?

    uv run --frozen python bench/figures.py              # the counts, by axis
    uv run --frozen python bench/figures.py --verbose    # and every pair it gets wrong
    PYTHONPATH=OLD/src uv run --frozen python bench/figures.py   # another checkout's code

The positive class is a claim planted wrong: a pair is flagged when `match_figure` does not
find the claim's figure supported (any of Q004-Q006, Q017). Precision is the share of flagged
pairs that are wrong, recall the share of wrong pairs flagged; "rule right" counts the wrong
pairs flagged with the rule their label expects. "Before" is the code of commit 8d20c28
(before the aspects were read): run this script with that checkout's `src` first on
PYTHONPATH (`git archive 8d20c28 | tar -x -C OLD`); its FigureMatch has no verdict, so the
verdict is worked out from its fields as the Q rules did.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import msgspec
import yaml

from claimcheck.loader import _dec_hook
from claimcheck.model import Claim
from claimcheck.sources.match import match_figure

# The benches' shared scoring, beside this file (run as a script, or loaded by a test).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from scoring import confusion

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "data" / "figures" / "pairs.yaml"
#: Pairs written after the reading was fixed, on other subjects: not used to design it.
HELDOUT = ROOT / "tests" / "data" / "figures" / "heldout.yaml"
#: Review 14's defects (a wrapped sentence, a bracket, a range or bound, a target, a table's
#: header, a page number), each planted on two subjects beside a clean twin.
REVIEW14 = ROOT / "tests" / "data" / "figures" / "review14.yaml"


def load_pairs(path: Path = PAIRS) -> list[dict[str, Any]]:
    pairs: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]
    return pairs


def rule_of(pair: dict[str, Any]) -> str | None:
    """The Q rule the figure check gives the pair's claim (None: supported)."""
    claim = msgspec.convert(
        {"id": "c", "kind": "figure", **pair["claim"]}, Claim, dec_hook=_dec_hook
    )
    # `before`: a PDF's pages before the source's, whose printed numbers (with the source
    # page's) tell its page number from a figure (`text.page_numbers_printed`)
    found = match_figure(claim, [*pair.get("before", ()), pair["source"]])
    verdict = getattr(found, "verdict", None)
    if verdict is not None:
        return {
            "supported": None,
            "otherwise": "Q017",
            "other measure": "Q006",
            "different": "Q005",
            "absent": "Q004",
        }[str(verdict)]
    # the code before the aspects: as content.py read a FigureMatch then
    if found.found and found.measure_ok is not False:
        return None
    if found.found:
        return "Q006"
    return "Q005" if found.instead else "Q004"


def score(pairs: list[dict[str, Any]]) -> dict[str, Any]:
    right_rule = 0
    outcomes: list[tuple[bool, bool]] = []
    wrong: list[tuple[dict[str, Any], str | None]] = []
    by_axis: dict[str, list[int]] = {}
    for pair in pairs:
        rule = rule_of(pair)
        flagged = rule is not None
        planted = pair["label"] == "wrong"
        outcomes.append((flagged, planted))
        right_rule += planted and rule == pair.get("expect")
        axis = by_axis.setdefault(pair.get("axis", "none (right)"), [0, 0])
        axis[0] += flagged == planted
        axis[1] += 1
        if flagged != planted:
            wrong.append((pair, rule))
    return {
        **confusion(outcomes),
        "rule_right": right_rule,
        "axes": by_axis,
        "wrong": wrong,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    for title, path in (
        ("pairs.yaml", PAIRS),
        ("heldout.yaml", HELDOUT),
        ("review14.yaml", REVIEW14),
    ):
        pairs = load_pairs(path)
        planted = sum(p["label"] == "wrong" for p in pairs)
        subjects = sorted({p["subject"] for p in pairs})
        found = score(pairs)
        print(
            f"{title}: {len(pairs)} pairs ({planted} planted wrong, {len(pairs) - planted} "
            f"right) on {len(subjects)} subjects: {', '.join(subjects)}"
        )
        print("precision  recall   TP   FP   FN   TN   rule right")
        print(
            f"{found['p']:9.2f} {found['r']:7.2f} {found['tp']:4} {found['fp']:4} "
            f"{found['fn']:4} {found['tn']:4}   {found['rule_right']}/{planted}"
        )
        axes = ", ".join(f"{a} {n}/{t}" for a, (n, t) in found["axes"].items())
        print(f"right, by axis: {axes}\n")
        if args.verbose:
            for pair, rule in found["wrong"]:
                claim = pair["claim"]["text"]
                print(f"  [{pair['label']} {pair.get('axis', '')}] got {rule}: {claim}")
                print(f"      source: {pair['source']!r}")


if __name__ == "__main__":
    main()
