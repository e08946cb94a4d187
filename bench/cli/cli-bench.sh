#!/usr/bin/env bash
# CLI timings for the pre-commit and CI paths (bench, not tests). Needs hyperfine and a build
# (npm run build). Usage: bash bench/cli/cli-bench.sh [runs=10]
# Writes hyperfine's JSON to bench/results/ and prints the summary table.
set -euo pipefail
runs=${1:-10}
here=$(cd "$(dirname "$0")/../.." && pwd)
bin="$here/bin/kubelint.js"
out="$here/bench/results"
mkdir -p "$out"
command -v hyperfine >/dev/null || { echo "hyperfine not found (apt-get install -y hyperfine)" >&2; exit 2; }
[ -f "$here/dist/cli/main.js" ] || { echo "run npm run build first" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# small: the 10 changed files are the whole repository (10 apps, 40 resources)
node "$here/bench/cli/cli-corpus.mjs" "$work/small" 10 >/dev/null
# large: 250 apps, 1,000 resources
node "$here/bench/cli/cli-corpus.mjs" "$work/large" 250 >/dev/null
for d in small large; do git -C "$work/$d" init -q; done

one="k8s/app-0001.yaml"
ten=$(cd "$work/large" && ls k8s/*.yaml | head -10 | tr '\n' ' ')

cd "$work/small"
hyperfine -N -w 2 -r "$runs" -i --export-json "$out/cli-small.json" \
  -n "pre-commit, 1 changed file (40-resource repo)" "node $bin --changed $one" \
  -n "pre-commit, 10 changed files (40-resource repo)" "node $bin --changed $ten" \
  -n "startup only (--version)" "node $bin --version"

cd "$work/large"
node "$bin" --cache >/dev/null # prime the cache
hyperfine -N -w 2 -r "$runs" -i --export-json "$out/cli-large.json" \
  -n "1 file, no context (1000-resource repo)" "node $bin $one" \
  -n "10 files, no context (1000-resource repo)" "node $bin $ten" \
  -n "pre-commit, 1 changed file (1000-resource repo)" "node $bin --changed $one" \
  -n "full run, 1000 resources, cold" "node $bin" \
  -n "warm --cache, 1000 unchanged resources" "node $bin --cache"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
