#!/usr/bin/env bash
# Warm runs of an input that changes between runs, as a developer's repeated lints do: before every
# run one file's first `replicas:` value is changed (its objects really differ, so the stores of
# parsed documents and Rego results miss for that file and its namespace). Two builds alternate, each
# with its own copy of the shape and its own cache folder (filled by one untimed run); prints medians
# of wall, CPU and peak RSS and whether the last reports are byte-identical (folder names aside).
#
#   flock /tmp/kubelint-bench.lock bash bench/cli/edit-warm.sh <tree A built> [tree B, default this one]
#       (SHAPE=plain/1000 RUNS=9 to choose; the shapes must exist: node bench/corpus-gen/shapes.mjs;
#        FILES=checkout edits only the files whose names start so — plain's files are named by
#        namespace — the developer who keeps editing one namespace: after its first edit the Rego
#        results are kept in pieces, src/engine/rego-objects.ts; default: any file)
set -euo pipefail
A=${1:?usage: edit-warm.sh <tree A built> [tree B built]}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${2:-$ROOT}
SHAPE=${SHAPE:-plain/1000}
RUNS=${RUNS:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in A B; do cp -r "$ROOT/bench/corpus/shapes/$SHAPE" "$work/$t"; mkdir "$work/cache$t"; done
tree() { if [ "$1" = A ]; then echo "$A"; else echo "$B"; fi; }
run() {
  KUBELINT_CACHE_DIR="$work/cache$1" /usr/bin/time -f '%e %U %S %M' -a -o "$work/time$1" \
    node "$(tree "$1")/bin/kubelint.js" "$work/$1" --no-config --format json > "$work/out$1" || true
}
run A; run B
: > "$work/timeA"; : > "$work/timeB"
mapfile -t files < <(ls "$work/A" | grep "^${FILES:-}")
for i in $(seq 1 "$RUNS"); do
  f=${files[$((i * 7 % ${#files[@]}))]}
  for t in A B; do sed -i "0,/replicas: [0-9]*/s//replicas: $((i + 10))/" "$work/$t/$f"; done
  run A; run B
done
echo "A = $A, B = $B; $SHAPE, one file${FILES:+ named $FILES*} edited before each of $RUNS runs; $(uptime)"
if cmp -s <(sed "s#$work/A#X#g" "$work/outA") <(sed "s#$work/B#X#g" "$work/outB"); then echo "last reports: identical"; else echo "last reports: DIFFER"; fi
for t in A B; do
  python3 - "$work/time$t" "$t" <<'PY'
import statistics as s, sys
rows = [l.split() for l in open(sys.argv[1]) if l[:1].isdigit()]
med = lambda xs: s.median(list(xs))
print('%s: wall %.2f s, CPU %.2f s, peak RSS %d MiB (median of %d)' % (sys.argv[2], med(float(r[0]) for r in rows), med(float(r[1]) + float(r[2]) for r in rows), med(int(r[3]) for r in rows) / 1024, len(rows)))
PY
done
