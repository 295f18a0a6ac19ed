"""Whether the installed packages' bytecode is compiled, for benchmarks that time start-up.

An install compiles it (pip does; `uv sync --compile-bytecode`, as bench/run.sh runs); where
PYTHONDONTWRITEBYTECODE is set (this workplace's machines) and nothing compiled it, every
start recompiles aiohttp, typer and the rest (0.15-0.2 s), and a start-up figure would time
that instead: a one-claim `--changed-only` run measured 0.51 s so, 0.34 s compiled.
"""

from __future__ import annotations

import importlib.util
import os
import sys


def warn_if_not_compiled() -> None:
    """A line on stderr when aiohttp (the largest import of a link check) has no bytecode."""
    spec = importlib.util.find_spec("aiohttp.client")
    if spec is None or spec.origin is None:
        return
    if not os.path.exists(importlib.util.cache_from_source(spec.origin)):
        print(
            "note: the installed packages' bytecode is not compiled: start-up figures include "
            "compiling them (run bench/run.sh, or `uv sync --compile-bytecode` first)",
            file=sys.stderr,
        )
