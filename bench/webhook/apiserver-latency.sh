#!/usr/bin/env bash
# Issue #20's measurement as one command: the webhook's added admission latency through a real
# kube-apiserver (2,000 Deployment creates with the webhook registered, 2,000 without, interleaved
# one for one), then the in-process cost of exactly that review (webhook-decide.ts --shapes, which
# a busy machine skews far less). Everything runs under the shared bench lock, with `uptime`
# before, between and after. bench/WEBHOOK.md records the figures.
#   bash bench/webhook/apiserver-latency.sh
# Environment: AMOUNT (2000), WARMUP (200), DECISIONS (2000); COMPARE=<checkout>: another built
# checkout (e.g. `git worktree add --detach ../base <rev>`, then `npm ci && npm run build` there)
# whose webhook takes its turn in the same rotation of creates, and whose decisions alternate with
# this checkout's in the same process: a before/after under the very same load.
set -euo pipefail
cd "$(dirname "$0")/../.."
shapes=bench/results/apiserver-shapes.json
exec flock /tmp/kubelint-bench.lock bash -c '
  set -euo pipefail
  bash test/e2e/build-cluster.sh >/dev/null 2>&1
  npm run build >/dev/null 2>&1
  uptime
  npx vite-node bench/webhook/webhook-apiserver.ts -- --amount "${AMOUNT:-2000}" --warmup "${WARMUP:-200}" --shapes-out "$0" --floor ${COMPARE:+--compare "$COMPARE"}
  uptime
  npx vite-node bench/webhook/webhook-decide.ts -- --shapes "$0" --decisions "${DECISIONS:-2000}" ${COMPARE:+--compare "$COMPARE"}
  uptime
' "$shapes"
