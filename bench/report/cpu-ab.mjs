#!/usr/bin/env node
// Warm A/B of two builds on one corpus folder and report format, with the process's CPU at µs
// resolution (bench/cli/process-cpu.cjs: user + sys of every thread, and the main thread's), where
// ab.mjs reads /usr/bin/time's 10 ms ticks: a 5% change at legacy 1,000 (~0.19 s) is one tick there.
// Each build gets its own cache folder, filled by two untimed runs; the builds alternate run by run.
// --first: every run gets a new, empty cache folder instead (a first run: CI without a restored cache).
//
//   flock /tmp/kubelint-bench.lock node bench/report/cpu-ab.mjs --a /tmp/r16-base [--b .] [--runs 15] [--format json] [--first] bench/corpus/shapes/legacy/1000
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

const { values, positionals } = parseArgs({ allowPositionals: true, options: { a: { type: 'string' }, b: { type: 'string', default: ROOT }, runs: { type: 'string', default: '15' }, format: { type: 'string', default: 'json' }, first: { type: 'boolean', default: false } } });
if (!values.a || positionals.length !== 1) throw new Error('usage: cpu-ab.mjs --a <tree> [--b <tree>] [--runs N] [--format f] <corpus folder>');
const corpus = resolve(positionals[0]);
const scratch = mkdtempSync(join(tmpdir(), 'kubelint-cpu-ab-'));
try {
  const sides = { a: resolve(values.a), b: resolve(values.b) };
  const out = {};
  let runs = 0;
  const run = (side) => {
    runs++;
    const cpuFile = join(scratch, `${side}.cpu`);
    const r = spawnSync(process.execPath, [join(sides[side], 'bin/kubelint.js'), corpus, '--no-config', '--format', values.format], {
      cwd: ROOT, maxBuffer: 1 << 30,
      env: { ...process.env, KUBELINT_CACHE_DIR: join(scratch, values.first ? `cache-${side}-${runs}` : `cache-${side}`), KUBELINT_BENCH_CPU_OUT: cpuFile, NODE_OPTIONS: `-r ${join(ROOT, 'bench/cli/process-cpu.cjs')}` },
    });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${sides[side]} exited ${r.status}: ${r.stderr}`);
    out[side] = r.stdout.toString().replaceAll(`file://${sides[side]}/docs/`, 'file://TREE/docs/');
  };
  for (const side of ['a', 'b']) for (let i = 0; i < 2; i++) run(side); // warm-up: the second run stores what the first saw
  for (const side of ['a', 'b']) rmSync(join(scratch, `${side}.cpu`), { force: true });
  for (let i = 0; i < Number(values.runs); i++) for (const side of ['a', 'b']) run(side);
  const read = (side) => readFileSync(join(scratch, `${side}.cpu`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const a = read('a');
  const b = read('b');
  const cpuA = median(a.map((x) => x.cpu));
  const cpuB = median(b.map((x) => x.cpu));
  const mainA = median(a.map((x) => x.main));
  const mainB = median(b.map((x) => x.main));
  console.log(`${corpus} --format ${values.format}, ${values.runs} alternating ${values.first ? 'first' : 'warm'} runs; uptime ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
  console.log(`CPU A ${cpuA.toFixed(1)} ms, B ${cpuB.toFixed(1)} ms, B÷A ${(cpuB / cpuA).toFixed(3)}; main thread A ${mainA.toFixed(1)}, B ${mainB.toFixed(1)}, B÷A ${(mainB / mainA).toFixed(3)}; reports ${out.a === out.b ? 'identical' : 'DIFFER'}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
