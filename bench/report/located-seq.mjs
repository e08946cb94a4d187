#!/usr/bin/env node
// The located-ranges store (src/cache/located-ranges.ts) over the sequences a user's loop makes,
// two builds alternating sequence by sequence, each sequence in a new cache folder:
//   runs:    first, second, third run of one repository;
//   changed: (two untimed runs) full, `--changed <one edited file>`, full;
//   repos:   (untimed: A, A, B, B) A, B, A: two repositories linted in turn with one cache folder
//            (B is A with a comment line before every document: other texts, as many findings).
// Per step: wall (ms, from the parent, spawn included) and CPU (ms, µs resolution, counted after
// kubelint's own exit work: bench/report/cpu-at-exit.cjs), medians over --runs; reports compared.
//
//   flock /tmp/kubelint-bench.lock node bench/report/located-seq.mjs --a /tmp/r17-base [--b .] [--runs 5]
//       [--seqs runs,changed,repos] [--format json] [bench/corpus/shapes/legacy/1000]
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { a: { type: 'string' }, b: { type: 'string', default: ROOT }, runs: { type: 'string', default: '5' }, seqs: { type: 'string', default: 'runs,changed,repos' }, format: { type: 'string', default: 'json' } },
});
if (!values.a) throw new Error('usage: located-seq.mjs --a <tree> [--b <tree>] [--runs N] [--seqs runs,changed,repos] [--format f] [corpus folder]');
const seqs = values.seqs.split(',');
for (const s of seqs) if (!['runs', 'changed', 'repos'].includes(s)) throw new Error(`unknown sequence ${s}; use runs, changed, repos`);
const sides = { a: resolve(values.a), b: resolve(values.b) };
const source = resolve(positionals[0] ?? join(ROOT, 'bench/corpus/shapes/legacy/1000'));
const scratch = mkdtempSync(join(tmpdir(), 'kubelint-located-seq-'));

try {
  // Repository A (a copy: --changed edits one of its files) and B (A with a line before every file).
  const repoA = join(scratch, 'a');
  const repoB = join(scratch, 'b');
  cpSync(source, repoA, { recursive: true });
  cpSync(source, repoB, { recursive: true });
  const yamls = readdirSync(repoA).filter((f) => /\.ya?ml$/.test(f)).sort();
  if (yamls.length === 0) throw new Error(`${source} holds no .yaml files at its top`);
  // A comment line before every document start: every document's text differs from A's.
  for (const f of yamls) writeFileSync(join(repoB, f), `# repository B\n${readFileSync(join(repoB, f), 'utf8').replace(/^---/gm, '# repository B\n---')}`);
  const edited = join(repoA, yamls[0]);
  const original = readFileSync(edited, 'utf8');

  let n = 0;
  // Each run in its repository (cwd), as a user runs it: `.`, or `--changed <file>`.
  const lint = (side, cache, [cwd, ...args], timed) => {
    const cpuFile = join(scratch, `cpu-${n++}`);
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [join(sides[side], 'bin/kubelint.js'), ...args, '--no-config', '--format', values.format], {
      cwd, maxBuffer: 1 << 30,
      env: { ...process.env, KUBELINT_CACHE_DIR: cache, KUBELINT_BENCH_CPU_OUT: cpuFile, NODE_OPTIONS: `-r ${join(ROOT, 'bench/report/cpu-at-exit.cjs')}` },
    });
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${sides[side]} exited ${r.status}: ${r.stderr}`);
    if (!timed) return undefined;
    const { cpu, main } = JSON.parse(readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1));
    return { wall, cpu, main, out: r.stdout.toString().replaceAll(`file://${sides[side]}/docs/`, 'file://TREE/docs/') };
  };

  const sequences = {
    runs: (side, cache) => [['first', [repoA, '.']], ['second', [repoA, '.']], ['third', [repoA, '.']]].map(([label, args]) => [label, lint(side, cache, args, true)]),
    changed: (side, cache) => {
      writeFileSync(edited, original);
      lint(side, cache, [repoA, '.'], false);
      lint(side, cache, [repoA, '.'], false);
      const full = lint(side, cache, [repoA, '.'], true);
      appendFileSync(edited, `# edited ${n}\n`);
      const changed = lint(side, cache, [repoA, '--changed', yamls[0]], true);
      const again = lint(side, cache, [repoA, '.'], true);
      writeFileSync(edited, original);
      return [['full', full], ['--changed', changed], ['full again', again]];
    },
    repos: (side, cache) => {
      for (const repo of [repoA, repoA, repoB, repoB]) lint(side, cache, [repo, '.'], false);
      return [['A', lint(side, cache, [repoA, '.'], true)], ['B', lint(side, cache, [repoB, '.'], true)], ['A again', lint(side, cache, [repoA, '.'], true)]];
    },
  };

  console.log(`${source} --format ${values.format}; A = ${sides.a}, B = ${sides.b}; ${values.runs} alternating sequences each in a new cache folder; uptime ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
  console.log('| sequence | step | A wall ms | B wall ms | A CPU ms | B CPU ms | B÷A CPU | A main ms | B main ms | reports |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const seq of seqs) {
    const steps = { a: [], b: [] };
    for (let i = 0; i < Number(values.runs); i++) {
      for (const side of ['a', 'b']) {
        const cache = join(scratch, `cache-${seq}-${side}-${i}`);
        steps[side].push(sequences[seq](side, cache));
        rmSync(cache, { recursive: true, force: true });
      }
    }
    for (let s = 0; s < steps.a[0].length; s++) {
      const col = (side, key) => median(steps[side].map((run) => run[s][1][key]));
      const same = steps.a.every((run, i) => run[s][1].out === steps.b[i][s][1].out);
      console.log(`| ${seq} | ${steps.a[0][s][0]} | ${col('a', 'wall').toFixed(0)} | ${col('b', 'wall').toFixed(0)} | ${col('a', 'cpu').toFixed(1)} | ${col('b', 'cpu').toFixed(1)} | ${(col('b', 'cpu') / col('a', 'cpu')).toFixed(3)} | ${col('a', 'main').toFixed(1)} | ${col('b', 'main').toFixed(1)} | ${same ? 'identical' : 'DIFFER'} |`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
