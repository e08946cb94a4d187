#!/usr/bin/env bash
# Builds, smoke-tests and exports the two images this repository ships, without Docker and
# without any container registry: buildah/podman/skopeo/mmdebstrap from Debian packages, a
# distroless-like base made by mmdebstrap from Debian packages plus this machine's Node 20, and
# npm packages from the npm registry.
#   ghcr.io/kubelint/kubelint:<package.json version>           scripts/images/kubelint.Containerfile
#   ghcr.io/kubelint/solar-sync-agent:<chart appVersion>       src/agent/Dockerfile (unchanged)
# The names are the ones manifests/ use (checked below). Output: OCI archives in
#   .cache/images/out/{kubelint-<v>,solar-sync-agent-<v>}.oci.tar
# Slow parts are cached in .cache/images/ (ignored), keyed by what they are made of.
# Not part of .ci/run (minutes of apt, mmdebstrap and npm on a cold machine); run it by hand:
#   sudo bash scripts/build-images.sh        (root: rootful podman, mmdebstrap)
# Env: SMOKE=0 skips the smoke tests; AGENT=0 skips the agent image.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache/images"
SMOKE=${SMOKE:-1}
AGENT=${AGENT:-1}
NICE="nice -n 10"
SUITE=bookworm
T0=$(date +%s)
say() { printf '\n== [%4ss] %s\n' "$(($(date +%s) - T0))" "$*"; }
die() { echo "build-images: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (rootful podman and buildah, mmdebstrap)"
mkdir -p "$cache/out" "$cache/logs"

# ---- names and versions: what the manifests reference is what is built ----------------------
VERSION=$(node -p "require('$root/package.json').version")
AGENT_VERSION=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$root/manifests/solar-sync/helm/Chart.yaml")
KUBELINT_IMAGE=ghcr.io/kubelint/kubelint:$VERSION
AGENT_IMAGE=ghcr.io/kubelint/solar-sync-agent:$AGENT_VERSION
grep -q "image: $KUBELINT_IMAGE\$" "$root/manifests/kubelint-webhook/deployment.yaml" ||
  die "manifests/kubelint-webhook/deployment.yaml does not use $KUBELINT_IMAGE"
grep -q "image: $AGENT_IMAGE\$" "$root/manifests/solar-sync/plain/deployment.yaml" ||
  die "manifests/solar-sync/plain/deployment.yaml does not use $AGENT_IMAGE"
for tool in helm kustomize; do
  [ -x "$root/.tools/bin/$tool" ] || die "$root/.tools/bin/$tool is missing: run bash scripts/setup-tools.sh (the image ships the pinned $tool)"
done

# ---- tools from Debian packages (apt-get update once, only when something is missing) ------
say "tools: buildah podman skopeo mmdebstrap runc"
missing=()
for tool in buildah podman skopeo mmdebstrap runc; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -q >"$cache/logs/apt-update.log"
  DEBIAN_FRONTEND=noninteractive $NICE apt-get install -y -q buildah podman skopeo mmdebstrap runc >"$cache/logs/apt-install.log"
fi
# This machine: crun cannot run with its hybrid cgroup layout (runc can), and podman's default
# ulimits exceed what the process may set. A containers.conf for this script only.
NPROC=$(cat /proc/sys/kernel/pid_max)
[ "$(ulimit -Hu)" != unlimited ] && [ "$(ulimit -Hu)" -lt "$NPROC" ] && NPROC=$(ulimit -Hu)
cat >"$cache/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=$NPROC:$NPROC"]
[engine]
runtime = "runc"
CONF
export CONTAINERS_CONF=$cache/containers.conf

# ---- base images from Debian packages, cached by content ----------------------------------
NODE_BIN=$(readlink -f "$(command -v node)")
"$NODE_BIN" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a===20&&b>=12?0:1)' ||
  die "$NODE_BIN is not Node 20.12+"
NODE_VERSION=$("$NODE_BIN" --version)
HOOK="$root/scripts/images/base-hook.sh"
# The base and builder change with the hook, the package lists below (BASE_RECIPE) and node.
BASE_RECIPE="base-files,netbase,libc6,libgcc-s1,libstdc++6 minbase 2"
BASE_KEY=$({ cat "$HOOK"; echo "$BASE_RECIPE"; } | sha256sum | cut -c1-12)-$NODE_VERSION
BASE=localhost/kubelint-base:$SUITE-$BASE_KEY
BUILDER=localhost/kubelint-builder:$SUITE-$BASE_KEY
SOURCES=/etc/apt/sources.list.d/debian.sources
[ -f "$SOURCES" ] || SOURCES="deb http://deb.debian.org/debian $SUITE main"

if ! podman image exists "$BASE"; then
  tar="$cache/base-$SUITE-$BASE_KEY.tar"
  if [ ! -f "$tar" ]; then
    say "base rootfs: mmdebstrap $SUITE (libc6, libstdc++6, libgcc-s1, base-files, netbase, CA certificates) + node $NODE_VERSION"
    NODE_BIN="$NODE_BIN" $NICE mmdebstrap --quiet --variant=extract --skip=output/dev \
      --include=base-files,netbase,libc6,libgcc-s1,libstdc++6 \
      --extract-hook="$HOOK \"\$1\"" "$SUITE" "${tar%.tar}.partial.tar" "$SOURCES"
    mv "${tar%.tar}.partial.tar" "$tar"
  fi
  podman import -q --change 'USER 65532:65532' --change 'WORKDIR /home/nonroot' \
    --change 'ENV PATH=/nodejs/bin:/usr/local/bin:/usr/bin:/bin' \
    --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
    --change 'ENTRYPOINT ["/nodejs/bin/node"]' "$tar" "$BASE" >/dev/null
fi
if ! podman image exists "$BUILDER"; then
  tar="$cache/minbase-$SUITE-$BASE_KEY.tar"
  if [ ! -f "$tar" ]; then
    say "builder rootfs: mmdebstrap $SUITE minbase + node $NODE_VERSION and npm"
    $NICE mmdebstrap --quiet --variant=minbase "$SUITE" "${tar%.tar}.partial.tar" "$SOURCES"
    mv "${tar%.tar}.partial.tar" "$tar"
  fi
  podman import -q "$tar" localhost/kubelint-minbase:tmp >/dev/null
  ctx=$(mktemp -d)
  cp "$NODE_BIN" "$ctx/node"
  cp -a "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$ctx/npm"
  cat >"$ctx/Containerfile" <<'CF'
FROM localhost/kubelint-minbase:tmp
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx && node --version && npm --version
# Build time only: npm trusts the CA bundle build-images.sh mounts from this machine (TLS to the
# registry may pass through a proxy with its own CA) and uses the mounted download cache first.
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt NPM_CONFIG_PREFER_OFFLINE=true NPM_CONFIG_UPDATE_NOTIFIER=false
CF
  $NICE buildah build -q --layers=false -t "$BUILDER" "$ctx" >/dev/null
  rm -rf "$ctx"
  podman rmi -f localhost/kubelint-minbase:tmp >/dev/null
fi

# npm inside the build uses this machine's CA bundle (TLS to the registry) and download cache
# (the builder image points NODE_EXTRA_CA_CERTS at the mounted bundle).
NPM_MOUNTS=(-v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro -v "${HOME:-/root}/.npm:/root/.npm")
REV=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)

# ---- kubelint ------------------------------------------------------------------------------
say "build $KUBELINT_IMAGE"
tools=$(mktemp -d)
for tool in helm kustomize; do strip -o "$tools/$tool" "$root/.tools/bin/$tool"; done
$NICE buildah build --layers=false "${NPM_MOUNTS[@]}" \
  --build-arg BUILDER="$BUILDER" --build-arg BASE="$BASE" --build-context tools="$tools" \
  --ignorefile "$root/scripts/images/kubelint.containerignore" \
  --label org.opencontainers.image.title=kubelint --label org.opencontainers.image.version="$VERSION" \
  --label org.opencontainers.image.revision="$REV" --label org.opencontainers.image.licenses=Apache-2.0 \
  -f "$root/scripts/images/kubelint.Containerfile" -t "$KUBELINT_IMAGE" "$root" >"$cache/logs/kubelint-build.log" 2>&1 ||
  { tail -20 "$cache/logs/kubelint-build.log"; die "kubelint image build failed (log: $cache/logs/kubelint-build.log)"; }
rm -rf "$tools"

# ---- Solar Sync agent, from its own Dockerfile: the registry images it names map to ours ---
if [ "$AGENT" = 1 ]; then
  say "build $AGENT_IMAGE"
  $NICE buildah build --layers=false --format docker "${NPM_MOUNTS[@]}" \
    --build-context node:20.19-bookworm=container-image://"$BUILDER" \
    --build-context gcr.io/distroless/nodejs20-debian12:nonroot=container-image://"$BASE" \
    --ignorefile "$root/src/agent/Dockerfile.dockerignore" \
    --label org.opencontainers.image.title=solar-sync-agent --label org.opencontainers.image.version="$AGENT_VERSION" \
    --label org.opencontainers.image.revision="$REV" \
    -f "$root/src/agent/Dockerfile" -t "$AGENT_IMAGE" "$root" >"$cache/logs/agent-build.log" 2>&1 ||
    { tail -20 "$cache/logs/agent-build.log"; die "agent image build failed (log: $cache/logs/agent-build.log)"; }
fi

# ---- smoke tests: non-root, read-only root filesystem (no tmpfs either), no shell ---------
if [ "$SMOKE" = 1 ]; then
  bash "$root/scripts/images/smoke.sh" "$KUBELINT_IMAGE" "$([ "$AGENT" = 1 ] && echo "$AGENT_IMAGE")"
fi

# ---- OCI archives --------------------------------------------------------------------------
say "export OCI archives"
export_image() {
  local image=$1 file=$2
  rm -f "$file"
  skopeo copy -q "containers-storage:$image" "oci-archive:$file:$image"
  echo "$file ($(du -h "$file" | cut -f1)): $(skopeo inspect --config "oci-archive:$file" |
    node -e 'const c=JSON.parse(require("fs").readFileSync(0,"utf8")).config;console.log(JSON.stringify({User:c.User,Entrypoint:c.Entrypoint}))')"
}
export_image "$KUBELINT_IMAGE" "$cache/out/kubelint-$VERSION.oci.tar"
[ "$AGENT" = 1 ] && export_image "$AGENT_IMAGE" "$cache/out/solar-sync-agent-$AGENT_VERSION.oci.tar"
say "done"
