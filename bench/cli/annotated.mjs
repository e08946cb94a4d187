#!/usr/bin/env node
// The legacy shape after a team's answer to its first run: every workload annotated
// `kubelint.io/ignore: "liveness-probe,readiness-probe"` with a reason (those on Jobs and CronJobs
// suppress nothing and are reported unused). Many findings and many suppressions at once: what
// engine/suppress.ts matches each finding against. Two builds alternate run by run (as ab.mjs):
//
//   flock /tmp/kubelint-bench.lock node bench/cli/annotated.mjs --a /tmp/r14-base [--b .] [--sizes 1000,10000] [--runs 5] [--cache warm|first]
//
// The twin is written to bench/corpus/shapes/legacy-annotated/<size> from the legacy shape's files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { shapeDir, shapeIsCurrent, writeShape } from '../corpus-gen/shapes.mjs';
import { assertTimer, measureOnce, summarize } from './measure.mjs';
import { cacheFolders, checkCacheMode, AB_CACHE_MODES } from './cache-mode.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = join(ROOT, 'bench/corpus/shapes');
const WORKLOAD = /^kind: (Deployment|StatefulSet|DaemonSet|Job|CronJob)$/;
const ANNOTATIONS = [
  '  annotations:',
  '    kubelint.io/ignore: "liveness-probe,readiness-probe"',
  '    kubelint.io/ignore-reason: "probes arrive with the next release"',
];

/** The legacy file with the annotations under each workload's top-level metadata. */
export function annotate(text) {
  const out = [];
  let workload = false;
  for (const line of text.split('\n')) {
    out.push(line);
    if (line === '---') workload = false;
    else if (WORKLOAD.test(line)) workload = true;
    else if (workload && line === 'metadata:') {
      out.push(...ANNOTATIONS);
      workload = false;
    }
  }
  return out.join('\n');
}

function twin(size) {
  if (!shapeIsCurrent(CORPUS, 'legacy', size)) writeShape('legacy', size, { out: CORPUS });
  const from = shapeDir(CORPUS, 'legacy', size);
  const to = join(CORPUS, 'legacy-annotated', String(size));
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) writeFileSync(join(to, name), annotate(readFileSync(join(from, name), 'utf8')));
  return to;
}

const { values } = parseArgs({
  options: { a: { type: 'string' }, b: { type: 'string', default: ROOT }, sizes: { type: 'string', default: '1000,10000' }, runs: { type: 'string', default: '5' }, cache: { type: 'string', default: 'warm' } },
});
if (!values.a) throw new Error('--a <tree with a built kubelint> is required');
checkCacheMode(values.cache, AB_CACHE_MODES);
assertTimer();
const builds = { a: resolve(values.a), b: resolve(values.b) };
const out = join(ROOT, 'bench/results/annotated');
mkdirSync(out, { recursive: true });
console.log(`A = ${builds.a}, B = ${builds.b}; ${values.runs} alternating runs after a warm-up; cache: ${values.cache}; uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
console.log('| input | A wall s | B wall s | A CPU s | B CPU s | B÷A CPU | A RSS MiB | B RSS MiB | reports |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
for (const size of values.sizes.split(',').map(Number)) {
  const dir = twin(size);
  const runs = { a: [], b: [] };
  const folders = cacheFolders(values.cache);
  for (let round = -1; round < Number(values.runs); round++) {
    for (const side of ['a', 'b']) {
      const cache = folders.forRun(side);
      try {
        const r = measureOnce(process.execPath, [join(builds[side], 'bin/kubelint.js'), dir, '--no-config', '--format', 'json'], { cwd: ROOT, stdoutFile: join(out, `${side}.json`), env: cache.env });
        if (round >= 0) runs[side].push(r);
      } finally {
        cache.done();
      }
    }
  }
  folders.close();
  const same = readFileSync(join(out, 'a.json')).equals(readFileSync(join(out, 'b.json')));
  const [a, b] = [summarize(runs.a), summarize(runs.b)];
  const f = (n) => n.toFixed(2);
  console.log(`| legacy-annotated ${size} | ${f(a.wall)} | ${f(b.wall)} | ${f(a.cpu)} | ${f(b.cpu)} | ${f(b.cpu / a.cpu)}× | ${a.rssMiB.toFixed(0)} | ${b.rssMiB.toFixed(0)} | ${same ? 'identical' : 'DIFFER'} |`);
}
console.log(`uptime after: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
