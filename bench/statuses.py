"""How well T001 tells statuses from other uses of its words: precision and recall against
the labelled sentences of tests/data/statuses/ (issue 16, item 9; fourth review, item 9c).

    uv run --frozen python bench/statuses.py            # the figures
    uv run --frozen python bench/statuses.py --verbose  # and every sentence judged wrong

Each sentence is read as a claim's text would be. "Positive" means labelled `status` (its
truth depends on when it was written); `not` is negative. Two sets: sentences.jsonl (53, on
three subjects, written with the predicate rules) and other_subjects.jsonl (78, on seven
other subjects, written before the grammar constructions: progressive, time counted from
now, the future with a date, contractions, titles). Two readers are scored: the word list
T001 used until 2026-12 (any of its phrases anywhere) and `claimcheck.statuses` as it is now.
The vocabulary of 2026-12 (phrases anywhere, status words only as a predicate or label,
before the constructions) scored precision 0.71, recall 0.24 on other_subjects.jsonl.

A third set, times.jsonl (62, on nine subjects, each with the `as_of` it is read at and the
end of the time it looks to, `ends`), holds statements about the future and the present whose
time is written in other forms (2025-03-02, 02/03/2025, Q1 2025, FY2026, spring 2026, the
2024/25 financial year, "in February", "next month", "tomorrow") beside clean twins and a
year that names a thing ("its 2024 accounts"). For it the end `claimcheck.statuses` reads is
scored too, from the text alone and with the sentence's `as_of` (from which a time without its
year is read): the same day as labelled, earlier (a false T001 once it passes), later (a
stale statement passed as fresh for a while) or unread.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path

from claimcheck.dates import parse_date
from claimcheck.statuses import DEFAULT_VOCABULARY

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "statuses"

#: T001's list until 2026-12, matched anywhere (kept here to measure against).
OLD_PHRASES = (
    "so far", "to date", "currently", "current", "at present", "presently", "pending",
    "ongoing", "active", "underway", "under way", "expected", "in coming weeks",
    "in the coming weeks", "in coming months", "in the coming months", "coming weeks",
    "recently", "now", "latest", "yet to", "not yet", "upcoming", "this year", "next year",
)  # fmt: skip
_OLD = re.compile(
    r"(?<![a-z])("
    + "|".join(re.escape(p) for p in sorted(OLD_PHRASES, key=len, reverse=True))
    + r")(?![a-z])"
)


def old_reader(text: str) -> str | None:
    match = _OLD.search(text.lower())
    return match.group(1) if match else None


def score(name: str, rows: list[dict[str, str]], reader: Callable[[str], str | None]) -> list[str]:
    wrong = []
    tp = fp = fn = tn = 0
    for row in rows:
        found = reader(row["text"])
        positive = row["label"] == "status"
        tp += bool(found) and positive
        fp += bool(found) and not positive
        fn += not found and positive
        tn += not found and not positive
        if bool(found) != positive:
            wrong.append(f"  {name}: {row['label']:<6} found={found!r}: {row['text']}")
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    print(
        f"{name}: precision {precision:.2f}, recall {recall:.2f} "
        f"(TP {tp}, FP {fp}, FN {fn}, TN {tn})"
    )
    return wrong


def score_ends(rows: list[dict[str, str]], dated: bool) -> list[str]:
    """How the end read from each sentence compares with its label: from the text alone, or
    (`dated`) with the sentence's `as_of`, from which a time without its year is read."""
    wrong = []
    exact = early = late = unread = 0
    read = DEFAULT_VOCABULARY.reader()
    for row in rows:
        found = read(row["text"], parse_date(row["as_of"]) if dated else None)[1]
        wanted = parse_date(row["ends"]) if row["ends"] else None
        if found is None and wanted is None:
            continue
        if found is not None and wanted is not None and found.last == wanted.last:
            exact += 1
            continue
        if found is None:
            unread += 1
        elif wanted is None or found.last < wanted.last:
            early += 1
        else:
            late += 1
        if dated:
            wrong.append(f"  ends: read {found}, labelled {row['ends']}: {row['text']}")
    labelled = sum(bool(row["ends"]) for row in rows)
    print(
        f"  claimcheck.statuses ends ({'with as_of' if dated else 'text alone'}): {exact} of "
        f"{labelled} exact, {early} early, {late} late, {unread} unread"
    )
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    wrong = []
    for name in ("sentences.jsonl", "other_subjects.jsonl", "times.jsonl"):
        rows = [json.loads(line) for line in (DATA / name).read_text().splitlines()]
        statuses = sum(r["label"] == "status" for r in rows)
        subjects = sorted({r["subject"] for r in rows})
        print(
            f"{name}: {len(rows)} sentences on {len(subjects)} subjects "
            f"({', '.join(subjects)}): {statuses} status, {len(rows) - statuses} not"
        )
        wrong += score("  word list", rows, old_reader)
        wrong += score("  claimcheck.statuses", rows, DEFAULT_VOCABULARY.find)
        if "ends" in rows[0]:
            wrong += score_ends(rows, dated=False) + score_ends(rows, dated=True)
    if args.verbose:
        print("\n".join(wrong))


if __name__ == "__main__":
    main()
