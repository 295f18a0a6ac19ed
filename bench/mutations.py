"""The mutation suite's catch rate: every planted error of tests/data/mutation/mutants.yaml
run through `claimcheck verify -f json`, and how many are caught, in all and per kind.

    uv run --frozen python bench/mutations.py              # the catch rate, per kind
    uv run --frozen python bench/mutations.py --verbose    # and what each missed mutant lacks
    uv run --frozen python bench/mutations.py snapshots    # rewrite the committed snapshots

A mutant is caught when the expected finding is on the expected claim at the expected
severity, the claim's state is not "ok", and (for an expected error) the exit code is 1 — the
same judgement as tests/test_mutations.py, whose functions this script uses.

`snapshots` serves tests/data/mutation/sources/ on a loopback port, runs the real `claimcheck
snapshot --allow-private` on a copy of the registry whose source URLs point there, puts the
registry's own URLs back in the snapshot files and writes them to
tests/data/mutation/snapshots/. tests/test_mutations.py checks that they are what
`claimcheck.sources.snapshot.build` makes of the sources (it rebuilds the snapshot of a
mutated source the same way).
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_mutations import (  # noqa: E402 (after the path is set)
    FETCHED,
    MUTATION,
    load_mutants,
    misses,
    run_mutant,
    source_files,
)


def catch_rate(verbose: bool) -> None:
    mutants = load_mutants()
    planted: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    missed: list[tuple[str, list[str]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for mutant in mutants:
            where = Path(tmp) / mutant.id
            code, report = run_mutant(mutant, where)
            lacking = misses(mutant, code, report)
            planted[mutant.kind] += 1
            if lacking:
                missed.append((mutant.id, lacking))
            else:
                caught[mutant.kind] += 1
    total = sum(caught.values())
    print(f"caught {total} of {len(mutants)} planted errors ({100 * total / len(mutants):.0f}%)")
    width = max(map(len, planted))
    for kind in sorted(planted):
        print(f"  {kind:<{width}}  {caught[kind]}/{planted[kind]}")
    if verbose and missed:
        print("missed:")
        for name, lacking in missed:
            print(f"  {name}: {'; '.join(lacking)}")


def write_snapshots() -> None:
    files = source_files()
    registry = (MUTATION / "claims.yaml").read_text(encoding="utf-8")
    urls = {sid: _source_url(registry, sid) for sid in files}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = files.get(self.path.strip("/"))
            if path is None:
                self.send_error(404)
                return
            body = path.read_bytes()
            kind = "text/html" if path.suffix == ".html" else "text/plain"
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            copy = registry
            for sid, url in urls.items():
                copy = copy.replace(f"url: {url}\n", f"url: {base}/{sid}\n")
            (Path(tmp) / "claims.yaml").write_text(copy, encoding="utf-8")
            env = {k: v for k, v in os.environ.items() if k != "CLAIMCHECK_OFFLINE"}
            command = [
                sys.executable,
                "-m",
                "claimcheck",
                "snapshot",
                str(Path(tmp) / "claims.yaml"),
            ]
            result = subprocess.run(
                [*command, "--allow-private", "--today", FETCHED],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            print(result.stdout + result.stderr, end="")
            if result.returncode != 0:
                raise SystemExit(result.returncode)
            target = MUTATION / "snapshots"
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            for sid, url in urls.items():
                text = (Path(tmp) / "snapshots" / f"{sid}.json").read_text(encoding="utf-8")
                data = json.loads(text)
                data["url"] = url  # the registry's own URL, not the loopback one
                data["final_url"] = None
                out = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
                (target / f"{sid}.json").write_text(out, encoding="utf-8")
    finally:
        server.shutdown()


def _source_url(registry: str, source_id: str) -> str:
    lines = registry.splitlines()
    at = lines.index(f"  - id: {source_id}")
    for line in lines[at + 1 :]:
        if line.strip().startswith("url: "):
            return line.split("url: ", 1)[1].strip()
    raise SystemExit(f"source {source_id} has no url")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", nargs="?", choices=["rate", "snapshots"], default="rate")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    if args.what == "snapshots":
        write_snapshots()
    else:
        catch_rate(args.verbose)


if __name__ == "__main__":
    main()
