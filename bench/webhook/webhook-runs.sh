#!/usr/bin/env bash
# The figure set of bench/WEBHOOK.md: steady 1,000/s and closed loop (4 connections), with the
# 6-object and the 33-object namespace, 100,000 reviews each. Each run holds the shared bench
# lock (another engineer's CLI benchmark uses the same two cores) and is preceded by the load
# average and the commit it measured. Run from a built tree (npm run build).
# Usage: bash bench/webhook/webhook-runs.sh > bench/results/webhook-<date>.txt 2>&1 (bench/results is git-ignored)
set -euo pipefail
cd "$(dirname "$0")/../.."
AMOUNT=${AMOUNT:-100000}
SHIPPED=${SHIPPED:+--shipped}  # SHIPPED=1: `node bin/kubelint.js serve` (the bundle) instead of bench/webhook/webhook-server.ts
TIMELINES=${TIMELINES:-bench/results/webhook-timelines}  # one JSON line per second of each steady run
mkdir -p "$TIMELINES"

run() {
  echo "=== $*"
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || cat .commit 2>/dev/null || echo unknown)"
  flock /tmp/kubelint-bench.lock bash -c 'echo "loadavg at start: $(cat /proc/loadavg)"; "$@"; echo "loadavg at end: $(cat /proc/loadavg)"' _ "$@"
}

run npx vite-node bench/webhook/webhook-steady.ts -- --rate 1000 --amount "$AMOUNT" --workloads 1 $SHIPPED --timeline "$TIMELINES/steady-6.jsonl"
run npx vite-node bench/webhook/webhook-steady.ts -- --rate 1000 --amount "$AMOUNT" --workloads 10 $SHIPPED --timeline "$TIMELINES/steady-33.jsonl"
run npx vite-node bench/webhook/webhook-load.ts -- --amount "$AMOUNT" --connections 4 --workloads 1 $SHIPPED
run npx vite-node bench/webhook/webhook-load.ts -- --amount "$AMOUNT" --connections 4 --workloads 10 $SHIPPED
