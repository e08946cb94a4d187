#!/usr/bin/env bash
# Builds the two binaries the end-to-end suite runs: etcd and kube-apiserver, from the Go module
# proxy only (no Docker, no release downloads). Each binary is cached under
# $KUBELINT_E2E_CACHE/bin/<name>-<version> (default .e2e-cache/, ignored by git): a version
# already built is reused instantly, a new pin builds beside the old one.
#
# Cost on a shared 2-core machine: cold (empty Go caches) ~7-14 min, kube-apiserver being most of
# it; warm Go build cache ~20 s; binaries cached: 0 s. See test/e2e/README.md for measurements.
set -euo pipefail

ETCD_VERSION=v3.6.8      # what Kubernetes 1.36 is tested with
K8S_VERSION=v1.36.3      # k8s.io/kubernetes module; its staging modules are v0.36.3

root=$(cd "$(dirname "$0")/../.." && pwd)
cache=${KUBELINT_E2E_CACHE:-$root/.e2e-cache}
bin=$cache/bin
nice_cmd=(nice -n "${E2E_NICE:-10}")

say() { echo "build-cluster: $*" >&2; }

command -v go >/dev/null || { say "Go is required (>= 1.26, as k8s.io/kubernetes $K8S_VERSION declares)"; exit 2; }
mkdir -p "$bin"

# compile NAME VERSION MODULE_DIR LDFLAGS: go build into a temporary name, then rename, so an
# interrupted build never leaves a half-written binary at the cached path.
compile() {
  local name=$1 version=$2 dir=$3 ldflags=$4 out=$bin/$1-$2 started
  if [ -x "$out" ]; then say "$name $version cached ($out)"; return; fi
  started=$(date +%s)
  say "$name $version: go mod tidy"
  (cd "$dir" && "${nice_cmd[@]}" go mod tidy)
  say "$name $version: go build (slow when the Go build cache is cold)"
  (cd "$dir" && CGO_ENABLED=0 "${nice_cmd[@]}" go build -trimpath -ldflags "$ldflags" -o "$out.partial" .)
  mv "$out.partial" "$out"
  say "$name $version: built in $(($(date +%s) - started)) s"
}

# etcd: a one-file module calling etcdmain, as etcd's own main package does.
etcd_dir=$cache/src/etcd-$ETCD_VERSION
mkdir -p "$etcd_dir"
printf 'module kubelint.e2e/etcd\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$ETCD_VERSION" >"$etcd_dir/go.mod"
cat >"$etcd_dir/main.go" <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
compile etcd "$ETCD_VERSION" "$etcd_dir" "-s -w"

# kube-apiserver: k8s.io/kubernetes points its k8s.io/* staging modules at ./staging with replace
# directives, which do not apply to a module that depends on it. Re-point every one of them at the
# published staging version (v1.X.Y -> v0.X.Y).
api_dir=$cache/src/kube-apiserver-$K8S_VERSION
mkdir -p "$api_dir"
if [ ! -f "$api_dir/go.mod" ]; then
  upstream_mod=$(cd "$api_dir" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).GoMod))')
  staging=v0.${K8S_VERSION#v1.}
  go_line=$(grep -m1 '^go ' "$upstream_mod")
  {
    printf 'module kubelint.e2e/kube-apiserver\n\n%s\n\nrequire k8s.io/kubernetes %s\n\nreplace (\n' "$go_line" "$K8S_VERSION"
    awk -v v="$staging" '/^replace \(/{inside=1; next} inside && /^\)/{inside=0} inside && $2=="=>"{print "\t" $1 " => " $1 " " v}' "$upstream_mod"
    printf ')\n'
  } >"$api_dir/go.mod.partial"
  mv "$api_dir/go.mod.partial" "$api_dir/go.mod"
fi
cat >"$api_dir/main.go" <<'GO'
// Same as k8s.io/kubernetes/cmd/kube-apiserver: the command plus the registrations it imports.
package main

import (
	"os"
	_ "time/tzdata"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() { os.Exit(cli.Run(app.NewAPIServerCommand())) }
GO
# Version stamps, so `kube-apiserver --version` and /version report the pinned release.
minor=$(echo "$K8S_VERSION" | cut -d. -f2)
ldflags="-s -w"
for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done
compile kube-apiserver "$K8S_VERSION" "$api_dir" "$ldflags"

echo "$bin/etcd-$ETCD_VERSION"
echo "$bin/kube-apiserver-$K8S_VERSION"
