"""A larger fuzz campaign than the test suite's: registry mutants, pages and CSL-JSON files
through the commands, counting exit codes and saving every input that exits 3 (or prints a
traceback) under bench/out/fuzz/. Run: `uv run python bench/fuzz_inputs.py [--scale 1]`
(scale 1: 3,000 registries, 700 pages, 300 CSL-JSON files; a few minutes).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.test_fuzz_inputs import CSL_ITEM, JSON, PAGE_BITS, RIVERS, registry_mutants, runner

from claimcheck.cli import app

OUT = Path(__file__).parent / "out" / "fuzz"


def invoke(kind: str, args: list[str], data: str, counts: Counter[str]) -> None:
    result = runner.invoke(app, args)
    output = result.output
    code = result.exit_code
    bad = code not in (0, 1, 2) or "Traceback" in output
    counts[f"{kind} exit {code}" + (" traceback" if "Traceback" in output else "")] += 1
    if bad:
        OUT.mkdir(parents=True, exist_ok=True)
        name = OUT / f"{kind}-{counts[kind + ' bad']:04d}.txt"
        counts[kind + " bad"] += 1
        reason = repr(result.exception) if result.exception else output[-500:]
        name.write_text(f"# {reason}\n{data}", encoding="utf-8", errors="surrogatepass")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    scale = parser.parse_args().scale
    counts: Counter[str] = Counter()
    work = Path(tempfile.mkdtemp())
    registry = work / "claims.yaml"

    def many(n: float) -> settings:
        return settings(
            max_examples=int(n * scale),
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )

    @many(3000)
    @given(text=registry_mutants())
    def registries(text: str) -> None:
        registry.write_text(text, encoding="utf-8", errors="surrogatepass")
        invoke(
            "registry",
            ["verify", "--offline", "--today", "2026-01-01", str(registry)],
            text,
            counts,
        )

    @many(700)
    @given(
        bits=st.lists(st.sampled_from(PAGE_BITS) | st.text(max_size=8), max_size=60),
        suffix=st.sampled_from([".html", ".md", ".txt"]),
    )
    def pages(bits: list[str], suffix: str) -> None:
        registry.write_text(RIVERS, encoding="utf-8")
        page = work / f"page{suffix}"
        text = "".join(bits)
        page.write_text(text, encoding="utf-8", errors="surrogatepass")
        invoke("page", ["scan", "-r", str(registry), str(page)], text, counts)

    @many(300)
    @given(items=st.lists(CSL_ITEM, max_size=4) | JSON)
    def csl(items: object) -> None:
        registry.write_text(RIVERS, encoding="utf-8")
        refs = work / "refs.json"
        text = json.dumps(items)
        refs.write_text(text, encoding="utf-8")
        invoke("csl", ["import-sources", str(refs), "-r", str(registry)], text, counts)

    for campaign in (registries, pages, csl):
        campaign()
        print(dict(sorted(counts.items())), flush=True)


if __name__ == "__main__":
    main()
