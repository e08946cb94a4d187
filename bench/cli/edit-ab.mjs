#!/usr/bin/env node
// edit-warm.sh at millisecond resolution: warm runs of two builds, one file edited before every
// pair (its first `replicas:` value changed), the builds alternating, each with its own copy of
// the shape and its own cache folder (filled by two untimed runs: the second keeps the Rego results
// in pieces, rego-objects.ts). Wall by the clock around each run; CPU (every thread) and the main
// thread's CPU by bench/cli/process-cpu.cjs. Prints medians and B ÷ A.
//
//   flock /tmp/kubelint-bench.lock node bench/cli/edit-ab.mjs --a <tree A built> [--b <tree B>]
//       [--shape plain/1000] [--runs 15] [--files checkout]  (--files: edit only files named so)
//       [--edit no|first]  (no: warm runs of an unchanged input; first: every run with an empty cache folder)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const opts = { a: undefined, b: ROOT, shape: 'plain/1000', runs: 15, files: '', edit: 'yes' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in opts) || argv[i + 1] === undefined) throw new Error(`usage: edit-ab.mjs --a <tree> [--b <tree>] [--shape plain/1000] [--runs 15] [--files prefix] [--edit no|first]; not ${argv[i]}`);
  opts[key] = key === 'runs' ? Number(argv[++i]) : argv[++i];
}
if (!opts.a) throw new Error('--a <tree A built> is required');
const trees = { A: resolve(opts.a), B: resolve(opts.b) };
const work = mkdtempSync(join(tmpdir(), 'edit-ab-'));
const cpuOut = join(work, 'cpu.jsonl');
const preload = join(ROOT, 'bench/cli/process-cpu.cjs');

let fresh = 0;
function run(t) {
  writeFileSync(cpuOut, '');
  const cache = opts.edit === 'first' ? join(work, `first${fresh++}`) : join(work, `cache${t}`);
  mkdirSync(cache, { recursive: true });
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [join(trees[t], 'bin/kubelint.js'), join(work, t), '--no-config', '--format', 'json'], {
    env: { ...process.env, KUBELINT_CACHE_DIR: cache, NODE_OPTIONS: `-r ${preload}`, KUBELINT_BENCH_CPU_OUT: cpuOut },
    maxBuffer: 1 << 28,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0 && child.status !== 1) throw new Error(`${trees[t]} exited ${child.status}: ${child.stderr}`);
  const { cpu, main } = JSON.parse(readFileSync(cpuOut, 'utf8'));
  return { wall, cpu, main, out: child.stdout.toString().replaceAll(join(work, t), 'X') };
}

try {
  for (const t of ['A', 'B']) {
    cpSync(join(ROOT, 'bench/corpus/shapes', opts.shape), join(work, t), { recursive: true });
    mkdirSync(join(work, `cache${t}`));
  }
  const files = readdirSync(join(work, 'A')).filter((f) => f.startsWith(opts.files)).sort();
  const edit = (i) => {
    if (opts.edit !== 'yes') return;
    const file = files[(i * 7) % files.length];
    for (const t of ['A', 'B']) {
      const at = join(work, t, file);
      writeFileSync(at, readFileSync(at, 'utf8').replace(/replicas: [0-9]*/, `replicas: ${i + 10}`));
    }
  };
  // Two untimed edits: the first keeps the edited namespace's pieces file, as a developer's second edit finds it.
  for (const i of [0, 1]) {
    edit(100 + i);
    run('A');
    run('B');
  }
  const rows = { A: [], B: [] };
  let last;
  const loads = [loadavg()[0]];
  for (let i = 0; i < opts.runs; i++) {
    edit(i);
    const order = i % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    last = {};
    for (const t of order) {
      const r = run(t);
      rows[t].push(r);
      last[t] = r.out;
    }
  }
  loads.push(loadavg()[0]);
  const median = (xs) => {
    const s = [...xs].sort((x, y) => x - y);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const med = {};
  console.log(`A = ${trees.A}, B = ${trees.B}; ${opts.shape}, ${opts.edit === 'first' ? 'first runs (empty cache folders), nothing' : opts.edit === 'no' ? 'nothing' : `one file${opts.files ? ` named ${opts.files}*` : ''}`} edited before each of ${opts.runs} pairs; load ${loads.map((l) => l.toFixed(1)).join(' -> ')}`);
  console.log(`last reports: ${last.A === last.B ? 'identical' : 'DIFFER'}`);
  for (const t of ['A', 'B']) {
    med[t] = { wall: median(rows[t].map((r) => r.wall)), cpu: median(rows[t].map((r) => r.cpu)), main: median(rows[t].map((r) => r.main)) };
    console.log(`${t}: wall ${med[t].wall.toFixed(1)} ms, CPU ${med[t].cpu.toFixed(1)} ms, main thread ${med[t].main.toFixed(1)} ms (medians of ${opts.runs})`);
  }
  console.log(`B/A: wall ${(med.B.wall / med.A.wall).toFixed(3)}x, CPU ${(med.B.cpu / med.A.cpu).toFixed(3)}x, main thread ${(med.B.main / med.A.main).toFixed(3)}x`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
