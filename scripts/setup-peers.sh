#!/usr/bin/env bash
# Installs the peer tools that bench/peers.mjs compares kubelint against, pinned, with
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

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin"
mkdir -p "$bin"

if ! command -v go >/dev/null 2>&1; then
  echo "setup-peers: Go is not installed. Install Go >= 1.26, then re-run: bash scripts/setup-peers.sh" >&2
  exit 2
fi

# name, package path, version, required (1) or optional (0)
install() {
  local name=$1 pkg=$2 version=$3 required=$4
  if [ -x "$bin/$name" ] && [ "$(cat "$bin/.$name.version" 2>/dev/null)" = "$version" ]; then
    echo "setup-peers: $name $version already installed"
    return 0
  fi
  echo "setup-peers: installing $name $version (go install, may take a few minutes)"
  if GOBIN="$bin" CGO_ENABLED=0 GOTOOLCHAIN=local go install "$pkg@$version" 2>"$bin/.$name.err"; then
    echo "$version" > "$bin/.$name.version"
    rm -f "$bin/.$name.err"
    echo "setup-peers: $name $version ready"
    return 0
  fi
  if [ "$required" = 1 ]; then
    echo "setup-peers: installing $name $version failed:" >&2
    cat "$bin/.$name.err" >&2
    return 1
  fi
  echo "setup-peers: $name $version skipped (optional): $(tail -1 "$bin/.$name.err")" >&2
  return 0
}

install kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION" 1 &
install conftest github.com/open-policy-agent/conftest "$CONFTEST_VERSION" 1 &
install kube-linter golang.stackrox.io/kube-linter/cmd/kube-linter "$KUBE_LINTER_VERSION" 0 &
install kube-score github.com/zegl/kube-score/cmd/kube-score "$KUBE_SCORE_VERSION" 0 &
fail=0
for job in $(jobs -p); do wait "$job" || fail=1; done
[ "$fail" = 0 ] || { echo "setup-peers: a required install failed (see above)" >&2; exit 2; }
echo "setup-peers: peers ready in $bin"
