"""How well the P rules pick out checkable statements: precision and recall against the
labelled sentences of tests/data/checkworthy/ (issue 16, item 9).

    uv run --frozen python bench/checkworthy.py            # the figures
    uv run --frozen python bench/checkworthy.py --verbose  # and every sentence judged wrong

Each page is scanned with an empty registry (`claimcheck scan PAGE -r EMPTY -f json`), as a
new user's first run would be. A labelled sentence is "flagged" by a rule when one of the
rule's findings is located inside it. "Positive" means labelled `factual`; `opinion` and
`boilerplate` are negative. Three views are printed:

- P004 (unregistered statement), the checkworthiness scorer, on every sentence;
- P004 on the sentences without digits only (the scorer skips any sentence with a digit:
  those are P001's);
- P001 or P004: what an empty registry's report would point an editor at.

The scorer's weights were set on the TUNING pages only; the figures that say how well it
does are those of the held-out pages: the other two pages of the original set, and a fifth
page written after the scorer's features were chosen, on a new subject (museum.md).

Findings located outside every labelled sentence are counted and listed with --verbose.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from claimcheck.page import FILLER, read_page

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "checkworthy"
#: The pages the scorer was tuned on; every other page is held out.
TUNING = frozenset({"housing.md", "club.html"})
#: Written after the features were chosen: a second held-out set, on a new subject.
NEW_SUBJECT = frozenset({"museum.md"})


@dataclass(frozen=True)
class Sentence:
    page: str
    text: str
    label: str
    start: int
    end: int

    @property
    def has_digit(self) -> bool:
        return any(ch.isdigit() for ch in self.text)


def labelled() -> list[Sentence]:
    """Every labelled sentence, with its offsets in the page's prose."""
    rows = [json.loads(line) for line in (DATA / "sentences.jsonl").read_text().splitlines()]
    prose = {row["page"]: read_page(DATA / "pages" / row["page"]).prose for row in rows}
    sentences = []
    for row in rows:
        text = prose[row["page"]]
        at = text.find(row["text"])
        if at < 0:
            raise SystemExit(f"{row['page']}: not in the page's prose: {row['text']!r}")
        if text.find(row["text"], at + 1) >= 0:
            raise SystemExit(f"{row['page']}: twice in the page: {row['text']!r}")
        sentences.append(
            Sentence(row["page"], row["text"], row["label"], at, at + len(row["text"]))
        )
    return sentences


def findings(page: str, registry: Path) -> list[tuple[str, int, str]]:
    """(code, offset in the prose, message) of each P finding of an empty-registry scan."""
    path = DATA / "pages" / page
    result = subprocess.run(
        [sys.executable, "-m", "claimcheck", "scan", str(path), "-r", str(registry), "-f", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode not in (0, 1):
        raise SystemExit(result.stderr)
    text = read_page(path)
    found = []
    for finding in json.loads(result.stdout)["findings"]:
        location = finding["location"]
        offset = text.offset(location["line"], location["column"])
        # A sentence's span may begin with the blanks left where HTML tags stood.
        while offset < len(text.prose) and (
            text.prose[offset].isspace() or text.prose[offset] == FILLER
        ):
            offset += 1
        found.append((finding["code"], offset, finding["message"]))
    return found


def score(name: str, sentences: list[Sentence], flagged: set[Sentence]) -> None:
    tp = sum(s.label == "factual" and s in flagged for s in sentences)
    fp = sum(s.label != "factual" and s in flagged for s in sentences)
    fn = sum(s.label == "factual" and s not in flagged for s in sentences)
    tn = len(sentences) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    by_label = defaultdict(int)
    for s in sentences:
        if s in flagged:
            by_label[s.label] += 1
    print(
        f"{name}: precision {precision:.2f}, recall {recall:.2f} "
        f"(TP {tp}, FP {fp}, FN {fn}, TN {tn}; flagged: "
        + ", ".join(f"{by_label[k]} {k}" for k in ("factual", "opinion", "boilerplate"))
        + ")"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    sentences = labelled()
    counts = defaultdict(int)
    for s in sentences:
        counts[s.label] += 1
    print(
        f"{len(sentences)} sentences on {len({s.page for s in sentences})} pages: "
        + ", ".join(f"{counts[k]} {k}" for k in ("factual", "opinion", "boilerplate"))
    )
    by_rule: dict[str, set[Sentence]] = defaultdict(set)
    outside: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        registry = Path(tmp) / "claims.yaml"
        registry.write_text("version: 1\nclaims: []\n", encoding="utf-8")
        for page in sorted({s.page for s in sentences}):
            mine = [s for s in sentences if s.page == page]
            for code, offset, message in findings(page, registry):
                hit = next((s for s in mine if s.start <= offset < s.end), None)
                if hit is None:
                    outside.append(f"{page}: {code} {message}")
                else:
                    by_rule[code].add(hit)
    original = [s for s in sentences if s.page not in NEW_SUBJECT]
    parts = (
        (f"tuning ({', '.join(sorted(TUNING))})", [s for s in original if s.page in TUNING]),
        (
            "held out (" + ", ".join(sorted({s.page for s in original} - TUNING)) + ")",
            [s for s in original if s.page not in TUNING],
        ),
        (
            "held out, new subject (" + ", ".join(sorted(NEW_SUBJECT)) + ")",
            [s for s in sentences if s.page in NEW_SUBJECT],
        ),
        (f"the original {len({s.page for s in original})} pages", original),
        ("all pages", sentences),
    )
    for name, part in parts:
        no_digits = [s for s in part if not s.has_digit]
        print(f"{name}: {len(part)} sentences, {len(no_digits)} without digits")
        score("  P004, all sentences", part, by_rule["P004"])
        score(f"  P004, {len(no_digits)} without digits", no_digits, by_rule["P004"])
        score("  P001 or P004, all sentences", part, by_rule["P004"] | by_rule["P001"])
    print(f"findings outside the labelled sentences: {len(outside)}")
    if args.verbose:
        for line in outside:
            print(f"  {line}")
        flagged = by_rule["P004"] | by_rule["P001"]
        for s in sentences:
            p004 = s in by_rule["P004"]
            if (s.label == "factual") != p004 or (s.label != "factual" and s in flagged):
                mark = "P004 " if p004 else ("P001 " if s in flagged else "     ")
                print(f"  {mark}{s.label:<11} {s.page}: {s.text}")


if __name__ == "__main__":
    main()
