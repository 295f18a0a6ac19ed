"""Time writing 10,000 fresh link results to the link cache and closing it (issue 18, item 6).

Results are written in batches of `claimcheck.links.cache.BATCH` (one transaction each), not
one commit and WAL sync per result on the event loop. Prints CPU and wall time.
Run: `uv run python bench/cache_writes.py` (or with another checkout's interpreter to compare).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from claimcheck.links.cache import LinkCache
from claimcheck.links.model import LinkResult, Verdict


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cache = LinkCache(Path(tmp) / "links.sqlite3", 86400)
        cpu, wall = time.process_time(), time.perf_counter()
        for i in range(10_000):
            url = f"https://h{i % 50}.example/p{i}"
            cache.put(LinkResult(url, Verdict.ALIVE, 200, url, (), 5, None, 1), 1e9)
        cache.close()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"10,000 results written and closed: {cpu:.2f} s CPU, {wall:.2f} s wall")


if __name__ == "__main__":
    main()
