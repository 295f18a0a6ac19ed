"""Time each adversarial input of issue 15 at two sizes, n and 4n: a linear reader takes about
4 times as long on the larger, a quadratic one 16 times. Run: `uv run python bench/limits.py`.
Prints one line an input: seconds at n, at 4n, and the ratio.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from claimcheck.checks import coverage
from claimcheck.errors import RegistryLoadError
from claimcheck.loader import parse_registry
from claimcheck.page import page_from_text
from claimcheck.quantity import find_quantities
from claimcheck.sources import match

HEAD = "version: 1\nclaims:\n"


def scan(fmt: str, make: Callable[[int], str]) -> Callable[[int], object]:
    """What `claimcheck scan` does with a page's text: read it, find and place its figures."""

    def run(n: int) -> object:
        page = page_from_text("page", make(n), fmt)
        lines = coverage._Lines(page)
        figures = list(coverage._figures(page.prose))
        coverage.sentences(page.prose)
        return [coverage._is_label(page.prose, q, lines) for q in figures]

    return run


def load(make: Callable[[int], str]) -> Callable[[int], object]:
    def run(n: int) -> object:
        try:
            return parse_registry(make(n), "claims.yaml")
        except RegistryLoadError as exc:
            return exc

    return run


CASES: dict[str, tuple[int, Callable[[int], object]]] = {
    "html: <a href=' unterminated": (2000, scan("html", lambda n: "<a href='" * n)),
    "html: <a (open tags)": (2000, scan("html", lambda n: "<a " * n)),
    "html: <!-- unterminated": (2000, scan("html", lambda n: "x <!--" * n)),
    "markdown: [a]( unclosed links": (2000, scan("markdown", lambda n: "[a](" * n)),
    "markdown: x <!-- unclosed comments": (2000, scan("markdown", lambda n: "x <!--" * n)),
    "text: 29 February 2023 on one line": (2500, scan("text", lambda n: "29 February 2023" * n)),
    "text: figures on one line": (5000, scan("text", lambda n: "over 1,400 " * n)),
    "source: sentences and figures": (
        5000,
        lambda n: match._sentences.__wrapped__("29 February 2023. 14% of 3,000 " * n),
    ),
    "quantities: digit runs": (50_000, lambda n: find_quantities("1," * n)),
    "quantities: a figure then blank space": (
        50_000,
        lambda n: find_quantities("There were 1,234" + " " * n + "x."),
    ),
    "markdown: a figure between code spans": (
        5000,
        scan("markdown", lambda n: "`" * n + " 1,234 " + "`" * n),
    ),
    "registry: a 1M-digit value (refused)": (
        250_000,
        load(lambda n: HEAD + "  - id: a\n    text: t\n    kind: figure\n    value: " + "9" * n),
    ),
    "registry: a 10 KiB anchor aliased (refused)": (
        8000,
        load(
            lambda n: (
                HEAD
                + "  - {id: a0, text: &t '"
                + "x" * 10240
                + "', kind: fact}\n"
                + "".join(f"  - {{id: a{i}, text: *t, kind: fact}}\n" for i in range(1, n))
            )
        ),
    ),
}


def seconds(run: Callable[[int], object], n: int) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        run(n)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    print(f"{'input':<44} {'n':>8} {'s at n':>8} {'s at 4n':>8} {'ratio':>6}")
    for name, (n, run) in CASES.items():
        small, large = seconds(run, n), seconds(run, 4 * n)
        print(f"{name:<44} {n:>8,} {small:>8.3f} {large:>8.3f} {large / max(small, 1e-9):>6.1f}")


if __name__ == "__main__":
    main()
