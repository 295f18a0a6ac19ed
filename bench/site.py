"""Time a site: many registries in one `verify` run against one run per registry (issue 18,
item 5).

Generates `--registries` registries of `--claims` claims each, citing `--urls` distinct URLs
in all (100,000 citations among 20,000 URLs at the defaults: each URL cited by ~5 registries),
every URL served by a local server on 127.0.0.2 (`remap` in the scratch `claimcheck.toml`
sends them there; host-interval 0). Cold cache (`--no-cache`). Prints the wall time and the
server's request count for the one run, and for the separate runs: all of them with `--all`,
else the first `--sample` timed and scaled to the whole (said so in the output).

Run: `uv run python bench/site.py [--registries 1000 --claims 100 --urls 20000] [--sample 50]`
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from changed_only import serve


def write_site(root: Path, registries: int, claims: int, urls: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    for r in range(registries):
        chosen = sorted({rng.randrange(urls) for _ in range(claims)})
        lines = ["version: 1", f"page: {{title: Page {r}}}", "sources:"]
        lines += [
            f"  - {{id: s{u}, title: Source {u}, kind: report, "
            f"url: 'https://h{u % 40}.example/p{u}'}}"
            for u in chosen
        ]
        lines.append("claims:")
        for c in range(claims):
            u = chosen[c % len(chosen)]
            lines.append(
                f"  - {{id: c{c}, text: Claim {c} of page {r}., kind: figure, value: {c + 1}, "
                f"citations: [{{source: s{u}}}]}}"
            )
        folder = root / "site" / f"p{r:04}"
        folder.mkdir(parents=True)
        (folder / "claims.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--registries", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=100)
    parser.add_argument("--urls", type=int, default=20000)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--all", action="store_true", help="run every separate run")
    args = parser.parse_args()
    port, seen = serve(0.0)
    env = {**os.environ, "CLAIMCHECK_ALLOW_PRIVATE": "1", "NO_COLOR": "1"}
    env.pop("CLAIMCHECK_OFFLINE", None)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_site(root, args.registries, args.claims, args.urls)
        (root / "claimcheck.toml").write_text(
            "[links]\nhost-interval = 0\n"
            f'remap = [{{pattern = "^https?://", replacement = "http://127.0.0.2:{port}/"}}]\n',
            encoding="utf-8",
        )
        base = [sys.executable, "-m", "claimcheck", "verify", "-f", "json", "--no-cache"]
        print(
            f"{args.registries} registries x {args.claims} claims, "
            f"{args.urls} URLs in the pool; server on loopback, no delay, cold cache"
        )
        seen[0] = 0
        started = time.perf_counter()
        one = subprocess.run(
            [*base, "site/*/claims.yaml"], cwd=root, env=env, capture_output=True, check=False
        )
        wall = time.perf_counter() - started
        print(f"one run:        {wall:8.1f} s  {seen[0]:>7} requests  exit {one.returncode}")
        folders = sorted((root / "site").iterdir())
        count = len(folders) if args.all else min(args.sample, len(folders))
        seen[0] = 0
        started = time.perf_counter()
        for folder in folders[:count]:
            subprocess.run(
                [*base, str(folder / "claims.yaml")],
                cwd=root,
                env=env,
                capture_output=True,
                check=False,
            )
        wall = time.perf_counter() - started
        scale = len(folders) / count
        label = (
            "separate runs:"
            if count == len(folders)
            else f"separate runs ({count} timed, x{scale:g}):"
        )
        print(f"{label} {wall * scale:8.1f} s  {int(seen[0] * scale):>7} requests")


if __name__ == "__main__":
    main()
