"""Time reading a long source page at two sizes, n and 4n: a linear reader takes about 4 times
as long on the larger, a quadratic one 16 times (trafilatura took 100 s on 200,000 figures).
tests/test_source_long_pages.py counts that such a page is not handed to trafilatura; the
seconds are here, never in a test. Run: `uv run python bench/source_long_pages.py`.
Prints one line a page: seconds at n, at 4n, and the ratio.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from claimcheck.sources.text import read_document

#: Each page's rows, and n: past trafilatura's limits at n already.
PAGES: list[tuple[str, Callable[[int], str], int]] = [
    ("paragraphs of figures", lambda i: f"<p>Sector <b>{i}</b> used {i}.5 megalitres.</p>", 50_000),
    (
        "table rows",
        lambda i: f"<table><tr><td>Depot {i}</td><td>{i}.5 tonnes</td></tr></table>",
        25_000,
    ),
]


def page(row: Callable[[int], str], n: int) -> bytes:
    body = "".join(row(i) for i in range(n))
    return f"<!doctype html><html><body><main>{body}</main></body></html>".encode()


def seconds(body: bytes) -> float:
    started = time.perf_counter()
    read_document(body)
    return time.perf_counter() - started


def main() -> None:
    for name, row, n in PAGES:
        small, large = seconds(page(row, n)), seconds(page(row, 4 * n))
        print(f"{name}: {n}: {small:.2f} s, {4 * n}: {large:.2f} s, ratio {large / small:.1f}")


if __name__ == "__main__":
    main()
