#!/usr/bin/env node
// A/B of two kubelint builds on the corpus shapes: the builds alternate run by run, so load drift
// on a shared machine falls on both alike. For "before/after" figures of one change:
//
//   git worktree add --detach /tmp/kubelint-base main && (cd /tmp/kubelint-base && npm ci && npm run build)
//   flock /tmp/kubelint-bench.lock node bench/cli/ab.mjs --a /tmp/kubelint-base [--b .]
//       [--shapes inline,helm] [--sizes 1000,10000] [--runs 5] [--cache first|second|warm]
//
// --cache first: every run gets a new, empty cache folder (KUBELINT_CACHE_DIR), as a CI job
// without a restored cache does: CRD validators compiled, code caches made. --cache second: every
// timed run gets a new folder filled by exactly one untimed run before it (the run that stores the
// parsed documents of the texts it sees for the second time). --cache warm: one
// folder per build, filled by the warm-up run. Without --cache, the user's own cache folder.
//
// --shapes takes the six standard shapes and the ones built only when named (corpus-gen/shapes.mjs
// EXTRA_SHAPES: plain-onens, every object of plain in one namespace).
//
// --corpus <dir>: lint <dir>/<shape>/<size> instead of bench/corpus/shapes (the twins that
// bench/corpus-gen/tab-twins.mjs writes, e.g. bench/corpus/shapes-tab); nothing is generated there.
//
// --format <name>: the report format of every run (default json; e.g. stylish, the CLI's default).
//
// Each run: `node <build>/bin/kubelint.js <corpus> --no-config --format json` timed by bench/cli/rusage.py (µs);
// both builds lint the same corpus folder (bench/corpus/shapes of this tree). Prints medians of
// wall, CPU (user+sys) and peak RSS per build, the B ÷ A ratios, and whether the reports of the
// last runs were byte-identical.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTRA_SHAPES, SHAPES, shapeDir, shapeIsCurrent, writeShape } from '../corpus-gen/shapes.mjs';
import { assertTimer, measureOnce, summarize } from './measure.mjs';
import { AB_CACHE_MODES, cacheFolders, checkCacheMode, describeCacheMode } from './cache-mode.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = join(ROOT, 'bench/corpus/shapes');

function parseArgs(argv) {
  const opts = { a: undefined, b: ROOT, shapes: SHAPES, sizes: [1000, 10000], runs: 5, cache: undefined, corpus: undefined, format: 'json' };
  for (let i = 0; i < argv.length; i++) {
    const v = () => argv[++i];
    if (argv[i] === '--a') opts.a = resolve(v());
    else if (argv[i] === '--b') opts.b = resolve(v());
    else if (argv[i] === '--shapes') opts.shapes = v().split(',');
    else if (argv[i] === '--sizes') opts.sizes = v().split(',').map(Number);
    else if (argv[i] === '--runs') opts.runs = Number(v());
    else if (argv[i] === '--cache') opts.cache = v();
    else if (argv[i] === '--corpus') opts.corpus = resolve(v());
    else if (argv[i] === '--format') opts.format = v();
    else throw new Error(`unknown option ${argv[i]} (use --a, --b, --shapes, --sizes, --runs, --cache, --corpus, --format)`);
  }
  if (!opts.a) throw new Error('--a <tree with a built kubelint> is required');
  const known = [...SHAPES, ...EXTRA_SHAPES];
  // With --corpus, the shapes are that folder's (generated elsewhere, e.g. corpus-gen/dashboards.mjs).
  if (!opts.corpus) for (const s of opts.shapes) if (!known.includes(s)) throw new Error(`unknown shape ${s}; known: ${known.join(', ')}`);
  checkCacheMode(opts.cache, AB_CACHE_MODES);
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
assertTimer();
const out = join(ROOT, 'bench/results/ab');
mkdirSync(out, { recursive: true });
const fmt = (n) => n.toFixed(3);
const cacheNote = describeCacheMode(opts.cache);
console.log(`A = ${opts.a}, B = ${opts.b}; ${opts.corpus ? `corpus ${opts.corpus}; ` : ''}${opts.runs} alternating runs each after a warm-up; cache: ${cacheNote}; uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
console.log('| shape | size | A wall s | B wall s | A CPU s | B CPU s | B÷A CPU | A RSS MiB | B RSS MiB | reports |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const size of opts.sizes) {
  for (const shape of opts.shapes) {
    if (!opts.corpus && !shapeIsCurrent(CORPUS, shape, size)) writeShape(shape, size, { out: CORPUS });
    const dir = opts.corpus ? join(opts.corpus, shape, String(size)) : shapeDir(CORPUS, shape, size);
    if (!existsSync(dir)) throw new Error(`${dir} is missing (bench/corpus-gen/tab-twins.mjs writes twins)`);
    const runs = { a: [], b: [] };
    const folders = cacheFolders(opts.cache);
    for (let round = -1; round < opts.runs; round++) {
      for (const side of ['a', 'b']) {
        const cache = folders.forRun(side);
        try {
          for (let i = 0; i < cache.primes; i++) {
            const primed = spawnSync(process.execPath, [join(opts[side], 'bin/kubelint.js'), dir, '--no-config', '--format', opts.format],
              { cwd: ROOT, env: { ...process.env, ...cache.env }, stdio: 'ignore' });
            if (primed.status !== 0 && primed.status !== 1) throw new Error(`the untimed run before a second run exited ${primed.status ?? primed.signal}`);
          }
          const r = measureOnce(process.execPath, [join(opts[side], 'bin/kubelint.js'), dir, '--no-config', '--format', opts.format],
            { cwd: ROOT, stdoutFile: join(out, `${side}.json`), env: cache.env });
          if (round >= 0) runs[side].push(r);
        } finally {
          cache.done();
        }
      }
    }
    folders.close();
    const same = readFileSync(join(out, 'a.json')).equals(readFileSync(join(out, 'b.json')));
    const a = summarize(runs.a);
    const b = summarize(runs.b);
    console.log(`| ${shape} | ${size} | ${fmt(a.wall)} | ${fmt(b.wall)} | ${fmt(a.cpu)} | ${fmt(b.cpu)} | ${fmt(b.cpu / a.cpu)}× | ${a.rssMiB.toFixed(0)} | ${b.rssMiB.toFixed(0)} | ${same ? 'identical' : 'DIFFER'} |`);
  }
}
console.log(`uptime after: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
