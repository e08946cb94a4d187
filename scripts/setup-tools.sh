#!/usr/bin/env bash
# Installs the pinned opa, helm and kustomize into .tools/bin with `go install`.
# Idempotent: a tool already present at its pinned version is skipped.
# kustomize stays at v5.8.1: v5.8.2+ require Go 1.27, newer than the machine's Go 1.26.
set -euo pipefail

OPA_VERSION=v1.22.2
HELM_VERSION=v3.21.4
KUSTOMIZE_VERSION=v5.8.1

prefix=setup-tools
source "$(dirname "$0")/go-tools.sh"
require_go "Install Go >= 1.22 (https://go.dev/dl/), then re-run: bash scripts/setup-tools.sh"

go_tool opa github.com/open-policy-agent/opa "$OPA_VERSION" 1 &
go_tool helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION" 1 "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" &
go_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION" 1 &
wait_tools "an install failed"
echo "setup-tools: tools ready in $bin"
