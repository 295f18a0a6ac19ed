#!/usr/bin/env bash
# Every benchmark, one table: registry load+check at 1k/10k/100k claims, page scan, --help,
# every format and command, --changed-only on a one-claim change, the language server
# start-up, long source pages, and (when the shared peer harness is beside the project) link checking at
# N=10,000 against the physical limit. Run from anywhere: bash bench/run.sh [--no-links]
set -euo pipefail
cd "$(dirname "$0")/.."
# Bytecode compiled at install, as pip does: where PYTHONDONTWRITEBYTECODE is set, Python
# would otherwise recompile every module at each start and the figures would time that.
uv sync --frozen -q --compile-bytecode && .venv/bin/python -m compileall -q src >/dev/null
out="$(mktemp -d)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(uv run python -c 'import platform; print(platform.python_implementation(), platform.python_version())')"
uv run python bench/registry_scale.py --runs 3 > "$out/registry.txt"
uv run python bench/page_scan.py > "$out/page.txt"
# Every format and reading command against verify -f json, 1k/10k/100k (issue 18, item 1).
uv run python bench/commands.py --runs 1 > "$out/commands.txt"
uv run python bench/changed_only.py --runs 2 > "$out/changed.txt"
uv run python bench/lsp.py > "$out/lsp.txt" 2>&1 || true
# Long source pages read in linear time (seconds at n and 4n, and their ratio).
uv run python bench/source_long_pages.py > "$out/source_pages.txt"
uv run python bench/linear_reading.py > "$out/linear.txt"
links="(skipped)"
if [ "${1:-}" != "--no-links" ] && [ -f ../shared/bench/run_peers.sh ]; then
  bash bench/links_peers.sh --tools claimcheck --ns 10000 --mixes clean,full --reps 1 > "$out/links.log" 2>&1 || true
  links="$(grep -E 'claimcheck +rep' "$out/links.log" | sed 's/  */ /g' || true)"
fi
echo
echo "| benchmark | result |"
echo "|---|---|"
grep -E '^ +[0-9]' "$out/registry.txt" | while read -r claims mb first secs rss pyyaml ratio rest; do
  echo "| verify --offline, ${claims} claims (${mb} MB) | first run ${first} s, repeated ${secs} s, ${rss} MB RSS; PyYAML load alone ${pyyaml} s (${ratio}) |"
done
echo "| $(grep -o 'claimcheck --help.*' "$out/registry.txt") | |"
echo "| $(sed 's/^scan: //' "$out/page.txt") | |"
while IFS= read -r line; do
  [ -n "$line" ] && echo "| links: ${line} | limit: clean 8.28 s, full 23.9 s |"
done <<< "$links"
echo
echo "Every format and command (seconds, peak RSS, ratio to verify -f json at the same size):"
cat "$out/commands.txt"
echo
cat "$out/changed.txt"
echo
cat "$out/lsp.txt"
echo
echo "Long source pages (seconds at n and 4n; about 4x is linear):"
cat "$out/source_pages.txt"
echo
echo "Readers that must stay linear (seconds at n and 4n; about 4x is linear):"
cat "$out/linear.txt"
