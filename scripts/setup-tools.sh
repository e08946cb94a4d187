#!/usr/bin/env bash
# Installs the pinned opa, helm and kustomize into .tools/bin with `go install`.
# Idempotent: a tool already present at its pinned version is skipped.
# kustomize stays at v5.8.1: v5.8.2+ require Go 1.27, newer than the machine's Go 1.26.
set -euo pipefail

OPA_VERSION=v1.22.2
HELM_VERSION=v3.21.4
KUSTOMIZE_VERSION=v5.8.1

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin"
mkdir -p "$bin"

if ! command -v go >/dev/null 2>&1; then
  echo "setup-tools: Go is not installed. Install Go >= 1.22 (https://go.dev/dl/), then re-run: bash scripts/setup-tools.sh" >&2
  exit 2
fi

# name, module path, version; the version file beside each binary records what is installed.
install() {
  local name=$1 module=$2 version=$3
  if [ -x "$bin/$name" ] && [ "$(cat "$bin/.$name.version" 2>/dev/null)" = "$version" ]; then
    echo "setup-tools: $name $version already installed"
    return
  fi
  echo "setup-tools: installing $name $version (go install, may take a few minutes)"
  GOBIN="$bin" CGO_ENABLED=0 go install -ldflags "${4:-}" "$module@$version"
  echo "$version" > "$bin/.$name.version"
}

install opa github.com/open-policy-agent/opa "$OPA_VERSION" &
install helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION" "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" &
install kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION" &
fail=0
for job in $(jobs -p); do wait "$job" || fail=1; done
[ "$fail" = 0 ] || { echo "setup-tools: an install failed (see above)" >&2; exit 2; }
echo "setup-tools: tools ready in $bin"
