#!/usr/bin/env bash
# Smoke tests of the built images (scripts/build-images.sh runs this): each container runs as
# 65532 with a read-only root filesystem and no tmpfs (as readOnlyRootFilesystem in Kubernetes),
# published on 127.0.0.1 only.
#   bash scripts/images/smoke.sh <kubelint image> [<agent image>]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
IMG=${1:?kubelint image}
AGENT_IMG=${2:-}
work=$(mktemp -d)
names=()
cleanup() { for n in "${names[@]}"; do podman rm -f -t 0 "$n" >/dev/null 2>&1 || true; done; rm -rf "$work"; }
trap cleanup EXIT
RO=(--read-only --read-only-tmpfs=false)
ok() { echo "smoke: ok - $*"; }
fail() { echo "smoke: FAILED - $*" >&2; exit 1; }
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_for() { for _ in $(seq 60); do curl -fsS "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done; return 1; }

version=$(node -p "require('$root/package.json').version")
out=$(podman run --rm --network=none "${RO[@]}" "$IMG" --version)
[ "$out" = "kubelint $version" ] || fail "--version printed '$out'"
ok "--version: $out"

[ "$(podman image inspect -f '{{.Config.User}}' "$IMG")" = 65532:65532 ] || fail "image user is not 65532:65532"
uid=$(podman run --rm --network=none "${RO[@]}" --entrypoint /nodejs/bin/node "$IMG" -e 'process.stdout.write(`${process.getuid()}:${process.getgid()}`)')
[ "$uid" = 65532:65532 ] || fail "runs as $uid"
ok "runs as $uid"

if podman run --rm --network=none --entrypoint /bin/sh "$IMG" -c true >/dev/null 2>&1; then fail "the image has a shell"; fi
ok "no shell"

# A mounted folder: the repository's manifests (plain, Helm, Kustomize: helm and kustomize inside).
podman run --rm --network=none "${RO[@]}" -v "$root:/work:ro" "$IMG" manifests/ >"$work/lint.txt" || { cat "$work/lint.txt"; fail "kubelint manifests/ in the image"; }
ok "mounted folder lint: $(tail -1 "$work/lint.txt")"
mkdir -p "$work/bad"
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: registry.example/web:1.0.0\n      securityContext:\n        privileged: true\n' >"$work/bad/pod.yaml"
set +e
podman run --rm --network=none "${RO[@]}" -v "$work/bad:/work:ro" "$IMG" pod.yaml --format json >"$work/bad.json"
code=$?
set -e
[ "$code" = 1 ] || fail "a privileged pod exited $code, not 1"
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const f=r.findings.find(f=>f.ruleId==="no-privileged");if(!f||f.line!==10||f.column!==9)process.exit(1)' "$work/bad.json" ||
  fail "no no-privileged finding at 10:9"
ok "a privileged pod in a mounted folder: exit 1, no-privileged at pod.yaml:10:9"

# serve over TLS on 127.0.0.1 (no API server: per-resource rules still answer).
mkdir -p "$work/certs"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' -keyout "$work/certs/tls.key" -out "$work/certs/tls.crt" 2>/dev/null
chmod 644 "$work/certs/tls.key"
port=$(free_port)
name=kubelint-smoke-$$
names+=("$name")
podman run -d --name "$name" "${RO[@]}" -p "127.0.0.1:$port:8443" -v "$work/certs:/certs:ro" \
  "$IMG" serve --port 8443 --tls-cert /certs/tls.crt --tls-key /certs/tls.key >/dev/null
wait_for --cacert "$work/certs/tls.crt" "https://127.0.0.1:$port/healthz" || { podman logs "$name" | tail -5; fail "serve: no /healthz over TLS"; }
ok "serve: GET https://127.0.0.1:$port/healthz"
curl -sS --cacert "$work/certs/tls.crt" -H 'Content-Type: application/json' \
  --data-binary @"$root/fixtures/admission/create-deployment-violations.json" "https://127.0.0.1:$port/validate" >"$work/review.json"
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));if(r.kind!=="AdmissionReview"||r.response.allowed!==false)process.exit(1);console.log(r.response.status.message.split("\n")[0].slice(0,120))' "$work/review.json" ||
  { cat "$work/review.json"; fail "serve: the violating Deployment was not denied"; }
ok "serve: POST /validate denied the violating Deployment"
podman stop -t 20 "$name" >/dev/null
[ "$(podman inspect -f '{{.State.ExitCode}}' "$name")" = 0 ] || fail "serve did not exit 0 on SIGTERM"
ok "serve: exit 0 after SIGTERM"

if [ -n "$AGENT_IMG" ]; then
  [ "$(podman image inspect -f '{{.Config.User}}' "$AGENT_IMG")" = 65532:65532 ] || fail "agent image user is not 65532:65532"
  port=$(free_port)
  name=agent-smoke-$$
  names+=("$name")
  podman run -d --name "$name" "${RO[@]}" --no-healthcheck -e API_URL=http://127.0.0.1:9/api -p "127.0.0.1:$port:8080" "$AGENT_IMG" >/dev/null
  wait_for "http://127.0.0.1:$port/healthz" || { podman logs "$name" | tail -5; fail "agent: no /healthz"; }
  ok "agent: GET http://127.0.0.1:$port/healthz, user 65532, read-only root"
  podman stop -t 20 "$name" >/dev/null
fi
echo "smoke: all passed"
