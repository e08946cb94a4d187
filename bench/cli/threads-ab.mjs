#!/usr/bin/env node
// One thread against the Rego helper thread (src/parallel/, issue #22 item 3), same build: the two
// modes alternate run by run (which goes first alternates too), so load drift falls on both.
//
//   npm run build
//   flock /tmp/kubelint-bench.lock node bench/cli/threads-ab.mjs [--shapes plain,helm]
//       [--sizes 1000,10000] [--runs 9] [--modes 1,2] [--build /tmp/r5-base] [--cache first|warm]
//
// --build runs another built tree's bin/kubelint.js on this tree's corpus (e.g. the threads of the
// round's start), so two builds' thread modes can be compared on the same inputs.
// --cache (cache-mode.mjs): first gives every run a new, empty cache folder; warm one folder per
// mode, filled by the warm-up pair; without it, the user's own folder.
// Each run: `KUBELINT_THREADS=<mode> node bin/kubelint.js <corpus> --no-config --format json`
// timed by bench/cli/rusage.py. Prints per shape and size the medians of wall, CPU (user+sys) and peak RSS
// of each mode, the wall range, the median of the per-pair wall and CPU ratios (B ÷ A, the figure
// least moved by load that changes between pairs), and whether every report was byte-identical.
// The CPU is also split by thread (the preload bench/cli/process-cpu.cjs, as first-parts.mjs): the
// main thread's, and the rest (the helper, and V8's compiler and GC threads), so a helper that
// takes work off the main thread shows what it costs elsewhere.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHAPES, shapeDir, shapeIsCurrent, writeShape } from '../corpus-gen/shapes.mjs';
import { assertTimer, measureOnce, median, summarize } from './measure.mjs';
import { cacheFolders, checkCacheMode, describeCacheMode } from './cache-mode.mjs';
import { parseCpuLine } from './first-parts.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = join(ROOT, 'bench/corpus/shapes');
const PRELOAD = join(ROOT, 'bench/cli/process-cpu.cjs');

function parseArgs(argv) {
  const opts = { shapes: SHAPES, sizes: [1000, 10000], runs: 9, modes: ['1', '2'], build: ROOT, cache: undefined };
  for (let i = 0; i < argv.length; i++) {
    const v = () => argv[++i];
    if (argv[i] === '--shapes') opts.shapes = v().split(',');
    else if (argv[i] === '--sizes') opts.sizes = v().split(',').map(Number);
    else if (argv[i] === '--runs') opts.runs = Number(v());
    else if (argv[i] === '--modes') opts.modes = v().split(',');
    else if (argv[i] === '--build') opts.build = resolve(v());
    else if (argv[i] === '--cache') opts.cache = checkCacheMode(v());
    else throw new Error(`unknown option ${argv[i]} (use --shapes, --sizes, --runs, --modes, --build, --cache)`);
  }
  if (opts.modes.length !== 2) throw new Error('--modes takes two KUBELINT_THREADS values, e.g. 1,2');
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
assertTimer();
const out = join(ROOT, 'bench/results/threads-ab');
mkdirSync(out, { recursive: true });
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const fmt = (n) => n.toFixed(2);
const [A, B] = opts.modes;
const folders = cacheFolders(opts.cache);
console.log(`build ${opts.build}; A = KUBELINT_THREADS=${A}, B = KUBELINT_THREADS=${B}; ${opts.runs} alternating pairs after a warm-up pair; cache: ${describeCacheMode(opts.cache)}; ${uptime()}`);
console.log('| shape | size | A wall s [range] | B wall s [range] | B÷A wall (pairs) | A CPU s | B CPU s | B÷A CPU (pairs) | A main / other threads ms | B main / other threads ms | A RSS MiB | B RSS MiB | reports |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
const cpuOut = join(out, 'cpu.jsonl');
const preload = `-r ${PRELOAD} ${process.env.NODE_OPTIONS ?? ''}`.trim();
for (const size of opts.sizes) {
  for (const shape of opts.shapes) {
    if (!shapeIsCurrent(CORPUS, shape, size)) writeShape(shape, size, { out: CORPUS });
    const dir = shapeDir(CORPUS, shape, size);
    const runs = { [A]: [], [B]: [] };
    let same = true;
    for (let round = -1; round < opts.runs; round++) {
      const order = round % 2 === 0 ? [A, B] : [B, A];
      for (const mode of order) {
        const cache = folders.forRun(`${shape}-${size}-${mode}`);
        rmSync(cpuOut, { force: true });
        const r = measureOnce(process.execPath, [join(opts.build, 'bin/kubelint.js'), dir, '--no-config', '--format', 'json'],
          { cwd: ROOT, stdoutFile: join(out, `${mode}.json`), env: { KUBELINT_THREADS: mode, ...cache.env, NODE_OPTIONS: preload, KUBELINT_BENCH_CPU_OUT: cpuOut } });
        cache.done();
        const { cpu, main } = parseCpuLine(readFileSync(cpuOut, 'utf8'));
        if (round >= 0) runs[mode].push({ ...r, mainMs: main, otherMs: cpu - main });
      }
      same &&= readFileSync(join(out, `${A}.json`)).equals(readFileSync(join(out, `${B}.json`)));
    }
    const a = summarize(runs[A]);
    const b = summarize(runs[B]);
    const pairs = (key) => median(runs[A].map((r, i) => runs[B][i][key] / r[key]));
    console.log(`| ${shape} | ${size} | ${fmt(a.wall)} [${fmt(a.wallMin)}–${fmt(a.wallMax)}] | ${fmt(b.wall)} [${fmt(b.wallMin)}–${fmt(b.wallMax)}] | ${fmt(pairs('wall'))}× | ` +
      `${fmt(a.cpu)} | ${fmt(b.cpu)} | ${fmt(pairs('cpu'))}× | ${threadSplit(runs[A])} | ${threadSplit(runs[B])} | ${a.rssMiB.toFixed(0)} | ${b.rssMiB.toFixed(0)} | ${same ? 'identical' : 'DIFFER'} |`);
  }
}
folders.close();

/** Medians of the main thread's CPU and the other threads' (ms), as `main / other`. */
function threadSplit(runs) {
  return `${median(runs.map((r) => r.mainMs)).toFixed(0)} / ${median(runs.map((r) => r.otherMs)).toFixed(0)}`;
}
console.log(`uptime after: ${uptime()}`);
