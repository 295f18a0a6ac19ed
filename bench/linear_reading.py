"""Time two readers at n and 4n, to see that they stay linear (about 4x; a quadratic one is
about 16x). These were timed assertions in tests/test_measures.py and tests/test_noise.py,
which failed on a loaded machine; the tests now run the same inputs for their results only.

- a source's clause reader (`sources.match._figures`) on one long sentence of figures and
  separators, for each sentence shape the test used;
- the page-coverage check (P rules) on a page of dated mentions, each placed in its sentence.

Run: `uv run python bench/linear_reading.py`. Prints one line per reader: seconds at n, at 4n,
and the ratio (best of 3 each).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from claimcheck.checks import coverage
from claimcheck.checks.base import CheckContext
from claimcheck.loader import load_registry
from claimcheck.page import read_page
from claimcheck.sources.match import _figures

#: The sentence shapes of tests/test_measures.py's linearity test.
CLAUSES = [
    "The rate, which rose, was {n}%, compared with {m}% before; ",
    "x{n}, ",
    "{n}% and {m}% and ",
    "to {n} ",
]


def best(run: Callable[[], object], times: int = 3) -> float:
    out = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        out.append(time.perf_counter() - started)
    return min(out)


def clause_time(unit: str, n: int) -> float:
    text = "".join(unit.format(n=i, m=i + 1) for i in range(n))

    def run() -> None:
        _figures.cache_clear()
        _figures(text)

    return best(run)


def coverage_time(folder: Path, n: int) -> float:
    page = "\n\n".join(f"Item {i} reached {i} visits in 2025." for i in range(n))
    claims = "".join(
        f"  - id: c{i}\n    text: t\n    kind: figure\n    value: {i}\n    period: 2025\n"
        f'    mentions: ["Item {i} reached {i} visits"]\n'
        for i in range(n)
    )
    (folder / "page.md").write_text(page, encoding="utf-8")
    (folder / "claims.yaml").write_text(f"version: 1\nclaims:\n{claims}", encoding="utf-8")
    registry = load_registry(folder / "claims.yaml").registry
    ctx = CheckContext(today=date(2026, 1, 1), page=read_page(folder / "page.md"))
    return best(lambda: list(coverage.run(registry, ctx)))


def main() -> None:
    for unit in CLAUSES:
        small, large = clause_time(unit, 1500), clause_time(unit, 6000)
        print(
            f"clauses {unit.strip()!r}: 1500: {small:.3f} s, 6000: {large:.3f} s, "
            f"ratio {large / small:.1f}"
        )
    with tempfile.TemporaryDirectory() as tmp:
        small, large = coverage_time(Path(tmp), 2000), coverage_time(Path(tmp), 8000)
    print(
        f"page coverage, dated mentions: 2000: {small:.3f} s, 8000: {large:.3f} s, "
        f"ratio {large / small:.1f}"
    )


if __name__ == "__main__":
    main()
