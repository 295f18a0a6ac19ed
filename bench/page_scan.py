"""Time `claimcheck scan` of a 1 MB page against a 10,000-claim registry (target: under 2 s).

The page repeats realistic paragraphs, each stating registered figures, a few unregistered
ones, and sentences for the statement scorer. Run: `uv run python bench/page_scan.py`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make(claims: int, page_bytes: int) -> tuple[str, str]:
    registry = [
        "version: 1",
        "sources:",
        "  - {id: s, title: S, kind: news, url: 'https://example.org/'}",
        "claims:",
    ]
    paragraphs = []
    for i in range(claims):
        value = 1000 + i * 7
        registry += [
            f"  - id: claim_{i}",
            f"    text: The office recorded {value:,} cases in region {i}.",
            "    kind: figure",
            f"    value: {value}",
            f"    mentions: ['recorded {value:,} cases in region {i}']",
            "    citations: [{source: s}]",
        ]
        paragraphs.append(
            f"In {2000 + i % 25} the office recorded {value:,} cases in region {i}, and about "
            f"{i % 90 + 5}% were closed within {i % 12 + 1} months. Officials said the figures "
            "were the highest the region had seen, because reporting improved."
        )
    page = []
    size = 0
    at = 0
    while size < page_bytes:
        paragraph = paragraphs[at % len(paragraphs)]
        page.append(paragraph)
        size += len(paragraph) + 2
        at += 1
    return "\n".join(registry) + "\n", "\n\n".join(page) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--bytes", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        registry, page = make(args.claims, args.bytes)
        (Path(tmp) / "claims.yaml").write_text(registry, encoding="utf-8")
        (Path(tmp) / "page.txt").write_text(page, encoding="utf-8")
        argv = [
            sys.executable,
            "-m",
            "claimcheck",
            "scan",
            str(Path(tmp) / "page.txt"),
            "-r",
            str(Path(tmp) / "claims.yaml"),
            "-f",
            "json",
            "-o",
            str(Path(tmp) / "out.json"),
        ]
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run(argv, check=False, capture_output=True)
            times.append(time.perf_counter() - started)
        size = len(page.encode()) / 1e6
        print(
            f"scan: {size:.2f} MB page, {args.claims:,} claims: {min(times):.2f} s "
            f"(best of {args.runs}; target 2 s)"
        )


if __name__ == "__main__":
    main()
