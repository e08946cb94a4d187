#!/usr/bin/env node
// A/B of the parallel lint (worker threads) against the one-thread run, on the generated corpus.
// Modes alternate within each round so drift on the shared machine hits both; every run is a fresh
// process under /usr/bin/time; the JSON reports of both modes must be byte-identical.
//
//   flock /tmp/kubelint-bench.lock node bench/workers-ab.mjs [--sizes 1000,10000] [--runs 5] [--workers 2]
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertGnuTime, measureOnce, median } from './measure.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const sizes = arg('sizes', '1000,10000').split(',').map(Number);
const runs = Number(arg('runs', '5'));
const workers = arg('workers', '2');
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

assertGnuTime();
const modes = [
  { name: 'one thread', env: { KUBELINT_WORKERS: '0' } },
  { name: `${workers} workers`, env: { KUBELINT_WORKERS: workers } },
];
const out = join(tmpdir(), `kubelint-ab-${process.pid}.json`);
const rows = [];
for (const size of sizes) {
  const args = ['bin/kubelint.js', `bench/corpus/${size}`, '--no-config', '--format', 'json'];
  const results = modes.map(() => []);
  const digests = modes.map(() => new Set());
  const loads = [];
  for (let round = 0; round <= runs; round++) {
    loads.push(loadAverage());
    for (const [m, mode] of modes.entries()) {
      const r = measureOnce(process.execPath, args, { cwd: ROOT, stdoutFile: out, env: mode.env });
      if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`${mode.name}, ${size}: exit ${r.exitCode}: ${r.stderr}`);
      digests[m].add(createHash('sha256').update(readFileSync(out)).digest('hex'));
      if (round > 0) results[m].push(r); // round 0 warms the page cache
    }
  }
  const same = new Set([...digests[0], ...digests[1]]).size === 1;
  for (const [m, mode] of modes.entries()) {
    const rs = results[m];
    rows.push({
      size, mode: mode.name,
      wall: median(rs.map((r) => r.wall)), minWall: Math.min(...rs.map((r) => r.wall)), maxWall: Math.max(...rs.map((r) => r.wall)),
      cpu: median(rs.map((r) => r.cpu)), rss: median(rs.map((r) => r.rssMiB)),
      loads: `${loads[1]} … ${loads.at(-1)}`, same,
    });
  }
}
rmSync(out, { force: true });
console.log(`node ${process.version}, ${runs} runs per mode (medians; wall range in brackets)\n`);
console.log('| resources | mode | wall s | CPU s | peak RSS MiB | load average (1/5/15 min) at round start, first … last | reports identical |');
console.log('|---:|---|---:|---:|---:|---|---|');
for (const r of rows) {
  console.log(`| ${r.size} | ${r.mode} | ${r.wall.toFixed(2)} [${r.minWall.toFixed(2)}–${r.maxWall.toFixed(2)}] | ${r.cpu.toFixed(2)} | ${r.rss.toFixed(0)} | ${r.loads} | ${r.same ? 'yes' : '**NO**'} |`);
}
