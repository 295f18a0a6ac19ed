"""Time `claimcheck extract` and `claimcheck init --from` on a 1 MB page (target: 3 s).

The page is `bench/page_scan.py`'s (paragraphs each stating a registered figure, unregistered
percentages and durations, and a statement for the scorer), with varied paragraphs of other
measures mixed in, some repeated word for word. The registry registers one claim in four of
the page's, so most paragraphs hold figures to draft, and many drafts share an id base
("closed_within_months", "unemployment_rate_2024"). The drafts are printed to a file (`-o`).

Run: `uv run python bench/extract_scale.py` (today's tree), or with another checkout's
interpreter to time its code: `cd /tmp/head && uv run python /work/main/bench/extract_scale.py`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bytecode import warn_if_not_compiled
from page_scan import make

#: Paragraphs of other shapes: money, rates, ranges, quotes, years and periods. `{n}` varies
#: them; those in REPEATED appear word for word many times, as boilerplate does on a page.
VARIED = [
    "Spending on local roads reached £{n}.{d} million in 2024/25, up from £{m} million the "
    "year before, the council's accounts show.",
    "The unemployment rate was {d}.{n2}% in the three months to March 2025, and {n},{n3:03d} "
    "people aged 16 to 64 were economically inactive.",
    'The minister said the plan was "the biggest investment in a generation" and would '
    "create {n},{n3:03d} new homes by 2030.",
    "Between {m} and {n} pupils left school without a qualification in district {n3}, "
    "compared with {d} in 2019.",
    "About {n2}% of households used more than {n3} litres of water per person per day.",
]
REPEATED = [
    "The survey is carried out every year by an independent research company and is the "
    "largest of its kind in the country.",
    "Figures for the most recent quarter are provisional and may be revised when late "
    "returns are received.",
    "Around 40% of respondents said they had waited more than 18 weeks for a first appointment.",
]


def page_and_registry(claims: int, page_bytes: int, registered: int) -> tuple[str, str, int]:
    """The registry (its first `registered` of `claims` claims) and the page; how many
    paragraphs the page has."""
    registry, base = make(claims, page_bytes)
    head = registry.split("  - id: claim_")
    registry = "  - id: claim_".join(head[: registered + 1])
    paragraphs: list[str] = []
    size = 0
    for i, paragraph in enumerate(base.split("\n\n")):
        if size >= page_bytes:
            break
        added = [paragraph.strip()]
        if i % 3 == 0:
            n = i * 37 % 900 + 100
            template = VARIED[i // 3 % len(VARIED)]
            added.append(template.format(n=n, d=i % 9 + 1, m=n - 7, n2=i % 90 + 5, n3=i % 1000))
        if i % 7 == 0:
            added.append(REPEATED[i // 7 % len(REPEATED)])
        paragraphs += added
        size += sum(len(p.encode()) + 2 for p in added)
    return registry, "\n\n".join(paragraphs) + "\n", len(paragraphs)


def best(argv: list[str], runs: int, cwd: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    times = []
    done = None
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(argv, check=False, capture_output=True, text=True, cwd=cwd)
        times.append(time.perf_counter() - started)
    assert done is not None
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
    return min(times), done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--registered", type=int, default=1_250)
    parser.add_argument("--bytes", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    warn_if_not_compiled()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / ".git").mkdir()  # `init --from` drafts a page inside a repository
        registry, page, paragraphs = page_and_registry(args.claims, args.bytes, args.registered)
        (folder / "claims.yaml").write_text(registry, encoding="utf-8")
        (folder / "page.txt").write_text(page, encoding="utf-8")
        run = [sys.executable, "-m", "claimcheck"]
        extract = [*run, "extract", "page.txt", "-r", "claims.yaml", "-o", "drafts.yaml"]
        took, _ = best(extract, args.runs, tmp)
        drafts = (folder / "drafts.yaml").read_text(encoding="utf-8")
        size = len(page.encode()) / 1e6
        print(
            f"extract: {size:.2f} MB page ({paragraphs:,} paragraphs), "
            f"{args.registered:,} claims registered: {took:.2f} s "
            f"(best of {args.runs}; target 3 s); {drafts.count('- id: '):,} drafts, "
            f"{len(drafts.encode()) / 1e6:.2f} MB"
        )
        init = [*run, "init", "new.yaml", "--from", "page.txt", "--force"]
        took, _ = best(init, args.runs, tmp)
        print(f"init --from: {size:.2f} MB page: {took:.2f} s (best of {args.runs})")


if __name__ == "__main__":
    main()
