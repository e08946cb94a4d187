#!/usr/bin/env bash
# Installs the peer tools that bench/cli/peers.mjs compares kubelint against, pinned, with
# `go install` into .tools/bin. Not needed for building, testing or CI — only for benchmarks.
# Idempotent: a tool already present at its pinned version is skipped.
#
# Versions: the newest release whose go.mod `go` directive is satisfied by the machine's Go 1.26
# (checked with `curl -s https://proxy.golang.org/<module>/@v/<version>.mod`):
#   kubeconform v0.8.0  go 1.26
#   conftest    v0.71.1 go 1.26.8 (its `toolchain go1.27.1` line is only a preference;
#                                  GOTOOLCHAIN=local builds it with the local 1.26.8)
#   kube-linter v0.8.3  module golang.stackrox.io/kube-linter — the Go module proxy here answers
#                       403 for that host, so it usually cannot be installed; the script tries
#                       and reports it as skipped rather than failing.
#   kube-score  v1.20.0 go 1.23 — a second general-purpose linter with default checks, installed
#                       so the "linter with default checks" column is never empty.
set -uo pipefail

KUBECONFORM_VERSION=v0.8.0
CONFTEST_VERSION=v0.71.1
KUBE_LINTER_VERSION=v0.8.3
KUBE_SCORE_VERSION=v1.20.0

prefix=setup-peers
source "$(dirname "$0")/go-tools.sh"
require_go "Install Go >= 1.26, then re-run: bash scripts/setup-peers.sh"
# Build with the local Go even where a module's go.mod prefers a newer toolchain (see above).
export GOTOOLCHAIN=local

go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION" 1 &
go_tool conftest github.com/open-policy-agent/conftest "$CONFTEST_VERSION" 1 &
go_tool kube-linter golang.stackrox.io/kube-linter/cmd/kube-linter "$KUBE_LINTER_VERSION" 0 &
go_tool kube-score github.com/zegl/kube-score/cmd/kube-score "$KUBE_SCORE_VERSION" 0 &
wait_tools "a required install failed"
echo "setup-peers: peers ready in $bin"
