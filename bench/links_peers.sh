#!/usr/bin/env bash
# Time claimcheck's link checker side by side with lychee, linkinator, LinkChecker and
# markdown-link-check, on the loopback data of the shared peer benchmark (../shared/bench).
#   bash bench/links_peers.sh                                  # every tool, N=500,2000,10000
#   bash bench/links_peers.sh --tools lychee,claimcheck --ns 10000 --mixes clean,full --reps 1
# claimcheck gets the same profile as the others: C=64 in all and per host (the per-host
# limit lifted), no interval, GET only like lychee, retry on 429 only where the mix has 429s.
# Arguments are passed to run_peers.py; results go to bench/out/ (peers.md, raw.jsonl).
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SHARED_BENCH:-$HERE/../shared/bench}"
[ -f "$SHARED/run_peers.sh" ] || { echo "no peer harness at $SHARED (set SHARED_BENCH)" >&2; exit 2; }
# Bytecode compiled at install, as `pip install` does: where PYTHONDONTWRITEBYTECODE is set
# (it is on this workplace's machines) Python would recompile ~120 modules on every start,
# 0.2 s of the tool's 0.5 s start-up, and the harness would time the compiler.
(cd "$HERE" && uv sync --frozen -q --compile-bytecode && .venv/bin/python -m compileall -q src >/dev/null)
export CLAIMCHECK_CMD="$HERE/.venv/bin/claimcheck links --urls {urls} --concurrency {concurrency} --host-concurrency {concurrency} --host-interval 0 --timeout {timeout} --retries {retry429} --retry-on 429 --method get --no-cache --allow-private --online --format jsonl"
export CLAIMCHECK_VERSION_CMD="$HERE/.venv/bin/claimcheck --version"
mkdir -p "$HERE/bench/out"
export BENCH_RESULTS="$HERE/bench/out"
exec bash "$SHARED/run_peers.sh" --out "$HERE/bench/out/peers.md" "$@"
