# Sourced by setup-tools.sh and setup-peers.sh: pinned `go install`s into .tools/bin, in parallel,
# each skipped when already installed at its pinned version (recorded in .tools/bin/.<name>.version).
# The sourcing script sets `prefix` (its name, for messages) first.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="$root/.tools/bin"
mkdir -p "$bin"

# require_go <how to re-run>: exit 2 with a clear message when Go is missing.
require_go() {
  if ! command -v go >/dev/null 2>&1; then
    echo "$prefix: Go is not installed. $1" >&2
    exit 2
  fi
}

# go_tool <name> <package> <version> <required 1|0> [ldflags]: go's output is kept in
# .tools/bin/.<name>.err and shown when a required install fails.
go_tool() {
  local name=$1 pkg=$2 version=$3 required=$4 ldflags=${5:-}
  if [ -x "$bin/$name" ] && [ "$(cat "$bin/.$name.version" 2>/dev/null)" = "$version" ]; then
    echo "$prefix: $name $version already installed"
    return 0
  fi
  echo "$prefix: installing $name $version (go install, may take a few minutes)"
  if GOBIN="$bin" CGO_ENABLED=0 go install -ldflags "$ldflags" "$pkg@$version" 2>"$bin/.$name.err"; then
    echo "$version" > "$bin/.$name.version"
    rm -f "$bin/.$name.err"
    echo "$prefix: $name $version ready"
    return 0
  fi
  if [ "$required" = 1 ]; then
    echo "$prefix: installing $name $version failed:" >&2
    cat "$bin/.$name.err" >&2
    return 1
  fi
  echo "$prefix: $name $version skipped (optional): $(tail -1 "$bin/.$name.err")" >&2
  return 0
}

# wait_tools <what failed>: waits for the background go_tool jobs; exit 2 when a required one failed.
wait_tools() {
  local fail=0 job
  for job in $(jobs -p); do wait "$job" || fail=1; done
  [ "$fail" = 0 ] || { echo "$prefix: $1 (see above)" >&2; exit 2; }
}
