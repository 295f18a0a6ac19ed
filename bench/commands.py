"""Time every report format and every reading command against `verify -f json` (issue 18).

For each size (default 1k, 10k, 100k claims, registries from bench/registry_scale.py), after
one untimed run that fills the caches (as a user's earlier run would), each
command runs `--runs` times (the best is kept), with its output to a file (a terminal's
width fixed at 100 columns, colour off, as in CI logs), and the table prints wall time, peak
RSS and the ratio to `verify -f json` at the same size, measured in the same run (the machine
is shared: only ratios measured side by side mean anything). A command that takes longer than
`--timeout` seconds is reported as such, not waited for.

Run: `uv run python bench/commands.py [--sizes 1000,10000,100000] [--runs 3] [--only html,list]`
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bytecode import warn_if_not_compiled
from registry_scale import generate

WRAPPER = (
    "import os, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "try:\n"
    "    with open(sys.argv[1], 'wb') as out:\n"
    "        code = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL,\n"
    "                              timeout=float(os.environ['BENCH_TIMEOUT'])).returncode\n"
    "except subprocess.TimeoutExpired:\n"
    "    code = -1\n"
    "wall = time.perf_counter() - t\n"
    "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(code, wall, rss)\n"
)
TODAY = "2026-11-24"


def commands(registry: Path) -> dict[str, list[str]]:
    """Each command timed, by name; `json` is the reference."""
    base = ["verify", str(registry), "--offline", "--today", TODAY]
    out: dict[str, list[str]] = {}
    for fmt in ("json", "terminal", "markdown", "github", "csv", "junit", "sarif", "html"):
        out[fmt] = [*base, "--format", fmt]
    out["list"] = ["list", str(registry), "--today", TODAY]
    out["list -f json"] = ["list", str(registry), "--today", TODAY, "--format", "json"]
    out["show"] = ["show", "claim_1", "-r", str(registry), "--today", TODAY]
    out["baseline"] = ["baseline", str(registry), "--offline", "--today", TODAY]
    out["baseline"] += ["-o", str(registry.with_suffix(".baseline.json"))]
    out["export"] = ["export", str(registry)]
    out["export csl-json"] = ["export", str(registry), "--format", "csl-json"]
    return out


def run(argv: list[str], output: Path, timeout: float) -> tuple[int, float, int]:
    import subprocess

    env = {**os.environ, "BENCH_TIMEOUT": str(timeout), "NO_COLOR": "1", "COLUMNS": "100"}
    env["XDG_CACHE_HOME"] = str(output.parent / "cache")  # caches of its own, not the user's
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(output), sys.executable, "-m", "claimcheck", *argv],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    code, wall, rss = result.stdout.split()
    return int(code), float(wall), int(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--only", default="", help="comma-separated command names (json always)")
    args = parser.parse_args()
    warn_if_not_compiled()
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'claims':>8} {'command':<16} {'exit':>4} {'s':>8} {'RSS MB':>7} {'x json':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            registry = Path(tmp) / f"claims-{n}.yaml"
            registry.write_text(generate(n), encoding="utf-8")
            reference = 0.0
            # One run untimed first: it writes the registry and check-result caches (a
            # registry of 1 MiB or more), which every command after it reads, as a user's
            # second command does; without it the first command timed (json, the reference)
            # would carry that cost alone and every ratio would be too small.
            run(commands(registry)["json"], Path(tmp) / "out", args.timeout)
            for name, argv in commands(registry).items():
                if only and name not in only and name != "json":
                    continue
                best = min(
                    (run(argv, Path(tmp) / "out", args.timeout) for _ in range(args.runs)),
                    key=lambda r: r[1],
                )
                code, wall, rss = best
                if name == "json":
                    reference = wall
                shown = f">{args.timeout:.0f}" if code == -1 else f"{wall:.2f}"
                ratio = f"{wall / reference:.2f}" if reference and code != -1 else "-"
                print(f"{n:>8} {name:<16} {code:>4} {shown:>8} {rss / 1024:>7.0f} {ratio:>7}")
                sys.stdout.flush()


if __name__ == "__main__":
    main()
