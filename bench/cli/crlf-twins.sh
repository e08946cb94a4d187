#!/usr/bin/env bash
# CRLF twins of the corpus shapes (Windows-authored repositories): every line of a shape's files
# ending in \r\n, written to the git-ignored bench/corpus/shapes-crlf/<shape>/<size>/. Two builds
# alternate run by run, first runs (a new cache folder per run) and warm (one folder per build,
# filled by a warm-up); prints medians of wall, CPU and peak RSS, B ÷ A, and whether the reports
# are byte-identical.
#
#   flock /tmp/kubelint-bench.lock bash bench/cli/crlf-twins.sh <tree A built> [tree B, default this one]
#       (CASES="inline/1000 plain/10000" RUNS=5 to choose; the LF shapes must exist: node bench/corpus-gen/shapes.mjs)
set -euo pipefail
A=${1:?usage: crlf-twins.sh <tree A built> [tree B built]}
B=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CASES=${CASES:-inline/1000 plain/1000 helm/1000 plain/10000}
RUNS=${RUNS:-5}
times=$(mktemp)
caches=$(mktemp -d)
trap 'rm -rf "$times" "$caches"' EXIT

for c in $CASES; do
  lf=$ROOT/bench/corpus/shapes/$c crlf=$ROOT/bench/corpus/shapes-crlf/$c
  [ -d "$lf" ] || { echo "crlf-twins: $lf is missing (node bench/corpus-gen/shapes.mjs)" >&2; exit 2; }
  rm -rf "$crlf" && mkdir -p "$crlf"
  for f in "$lf"/*; do sed 's/$/\r/' "$f" > "$crlf/$(basename "$f")"; done
  for mode in first warm; do
    same=identical
    for build in A B; do
      tree=$A; [ $build = B ] && tree=$B
      KUBELINT_CACHE_DIR=$caches/$c-$build node "$tree/bin/kubelint.js" "$crlf" --no-config --format json > "$caches/report-$build" || true
    done
    cmp -s "$caches/report-A" "$caches/report-B" || same=DIFFERENT
    for i in $(seq "$RUNS"); do
      for build in A B; do
        tree=$A; [ $build = B ] && tree=$B
        dir=$caches/$c-$build; [ $mode = first ] && dir=$(mktemp -d -p "$caches")
        t=$( { KUBELINT_CACHE_DIR=$dir /usr/bin/time -f '%e %U %S %M' node "$tree/bin/kubelint.js" "$crlf" --no-config --format json > /dev/null || true; } 2>&1 | tail -1)
        echo "$c $mode $build $t $same" >> "$times"
      done
    done
  done
done

echo "A = $A, B = $B; $RUNS alternating runs; $(uptime)"
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => l.split(" "));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
console.log("| CRLF twin | runs | A wall s | B wall s | A CPU s | B CPU s | B÷A CPU | A RSS MiB | B RSS MiB | reports |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
for (const key of [...new Set(rows.map((r) => r[0] + " " + r[1]))]) {
  const of = (b) => rows.filter((r) => r[0] + " " + r[1] === key && r[2] === b);
  const [a, b] = [of("A"), of("B")];
  const m = (rs, f) => median(rs.map(f));
  const wall = (r) => +r[3], cpu = (r) => +r[4] + +r[5], rss = (r) => +r[6] / 1024;
  console.log(`| ${key} | ${a.length} | ${m(a, wall).toFixed(2)} | ${m(b, wall).toFixed(2)} | ${m(a, cpu).toFixed(2)} | ${m(b, cpu).toFixed(2)} | ${(m(b, cpu) / m(a, cpu)).toFixed(2)}× | ${m(a, rss).toFixed(0)} | ${m(b, rss).toFixed(0)} | ${a[0][7]} |`);
}' "$times"
