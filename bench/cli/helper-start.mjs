#!/usr/bin/env node
// What the Rego helper thread (src/parallel/rego-helper.ts) costs before it can take a chunk, against
// an empty worker: the floor any second thread pays. Each run is a fresh process that compiles the
// policy, creates the helper and blocks in waitReady (the main thread sleeps in Atomics.wait, so the
// process CPU from the constructor to ready is the helper's start plus the constructor); the empty
// worker's run does the same with a worker whose only code marks itself ready. Variants alternate.
//
//   npm run build
//   flock /tmp/kubelint-bench.lock node bench/cli/helper-start.mjs [--tree /tmp/r15-base] [--runs 9]
//
// Prints, per variant, the medians of CPU and wall until ready and of the constructor's own CPU,
// and the load before and after. A first run at 1,000 resources is ~320 ms of CPU (BENCHMARKS.md):
// what a helper costs there before it evaluates anything is this table's `helper` row.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './measure.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VARIANTS = ['helper', 'empty'];

/** One measurement in this process (the child's side); the JSON line it prints. */
async function child(tree, variant) {
  const { policyModule } = await import(pathToFileURL(path.join(tree, 'dist/engine/rego.js')).href);
  const { RegoHelper } = await import(pathToFileURL(path.join(tree, 'dist/parallel/rego-helper.js')).href);
  const module = await policyModule();
  // The empty worker is given the helper's own start-up (its BOOT line), then a file that only says it is ready.
  const file = variant === 'empty' ? pathToFileURL(path.join(ROOT, 'bench/cli/helper-start-empty.mjs')).pathname : path.join(tree, 'dist/parallel/rego-worker.js');
  const before = process.cpuUsage();
  const start = performance.now();
  const helper = new RegoHelper(module, file);
  const built = process.cpuUsage(before);
  const ready = helper.waitReady(10_000);
  const total = process.cpuUsage(before);
  const wall = performance.now() - start;
  helper.close();
  const ms = (usage) => (usage.user + usage.system) / 1000;
  return { variant, ready, cpu: ms(total), wall, constructorCpu: ms(built) };
}

/** A child's JSON line, checked: a helper that never got ready is an error, not a fast run. */
export function parseChildLine(text) {
  const line = text.trim().split('\n').at(-1);
  const value = line ? JSON.parse(line) : undefined;
  if (!value || !VARIANTS.includes(value.variant) || !Number.isFinite(value.cpu) || !Number.isFinite(value.wall)) throw new Error(`helper-start: no measurement in ${JSON.stringify(text)}`);
  if (value.ready !== true) throw new Error(`helper-start: the ${value.variant} worker never got ready`);
  return value;
}

async function main() {
  const { values } = parseArgs({ options: { tree: { type: 'string', default: ROOT }, runs: { type: 'string', default: '9' }, child: { type: 'string' } } });
  const tree = path.resolve(values.tree);
  if (values.child) {
    console.log(JSON.stringify(await child(tree, values.child)));
    return;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not ${values.runs}`);
  const load = [loadavg()[0]];
  const results = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  for (let round = 0; round < runs; round++) {
    for (const variant of round % 2 ? [...VARIANTS].reverse() : VARIANTS) {
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--tree', tree, '--child', variant], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`helper-start: the ${variant} run failed: ${run.stderr}`);
      results[variant].push(parseChildLine(run.stdout));
    }
  }
  load.push(loadavg()[0]);
  console.log(`tree ${tree}; ${runs} alternating runs per variant; load ${load.map((l) => l.toFixed(2)).join(' -> ')}`);
  console.log('| variant | CPU until ready ms | wall until ready ms | constructor CPU ms |');
  console.log('|---|---:|---:|---:|');
  for (const variant of VARIANTS) {
    const r = results[variant];
    const f = (key) => median(r.map((x) => x[key])).toFixed(1);
    console.log(`| ${variant} | ${f('cpu')} | ${f('wall')} | ${f('constructorCpu')} |`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
