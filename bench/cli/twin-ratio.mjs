#!/usr/bin/env node
// What a shape's tab or CR twin (bench/corpus-gen/tab-twins.mjs) costs against the shape itself,
// on one build: the LF shape and its twins alternate run by run, so load drift falls on all alike.
//
//   flock /tmp/kubelint-bench.lock node bench/cli/twin-ratio.mjs [--build .] [--kinds tab,cr,json,folded,anchors,jsonstream]
//       [--shapes plain,helm] [--sizes 1000] [--runs 5] [--cache warm|first]
//
// Twins are written first (from bench/corpus/shapes of this tree). Each run: `node <build>/bin/kubelint.js
// <dir> --no-config --format json` timed by bench/cli/rusage.py, with a cache folder per input (warm, filled
// by the warm-up) or a new one per run (first). Prints medians of wall, CPU and peak RSS per
// input and each twin's CPU ÷ the LF shape's.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TWIN_KINDS, writeTwins } from '../corpus-gen/tab-twins.mjs';
import { writeJsonTwins } from '../corpus-gen/json-twins.mjs';
import { RENDERED_KINDS, writeRenderedTwins } from '../corpus-gen/rendered-twins.mjs';
import { cacheFolders, checkCacheMode, describeCacheMode } from './cache-mode.mjs';
import { assertTimer, measureOnce, summarize } from './measure.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    build: { type: 'string', default: ROOT },
    kinds: { type: 'string', default: TWIN_KINDS.join(',') },
    shapes: { type: 'string', default: 'plain,helm' },
    sizes: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
    cache: { type: 'string', default: 'warm' },
  },
});
const list = (s) => s.split(',').filter(Boolean);
const [kinds, shapes, sizes, runs, build] = [list(values.kinds), list(values.shapes), list(values.sizes).map(Number), Number(values.runs), resolve(values.build)];
checkCacheMode(values.cache);
assertTimer();
// `json`: the JSON twins (json-twins.mjs), written to the same shapes-<kind> folders.
writeTwins(kinds.filter((k) => k !== 'json' && !RENDERED_KINDS.includes(k)), shapes, sizes);
if (kinds.includes('json')) await writeJsonTwins(shapes, sizes);
// folded, anchors, jsonstream: rendered-twins.mjs.
await writeRenderedTwins(kinds.filter((k) => RENDERED_KINDS.includes(k)), shapes, sizes);
const out = join(ROOT, 'bench/results/twin-ratio');
mkdirSync(out, { recursive: true });
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
console.log(`build ${build}; ${runs} alternating runs after a warm-up; cache: ${describeCacheMode(values.cache)}; uptime: ${uptime()}`);
console.log('| shape | size | input | wall s | CPU s | ÷ LF CPU | RSS MiB |\n|---|---:|---|---:|---:|---:|---:|');
for (const size of sizes) {
  for (const shape of shapes) {
    const inputs = [['LF', join(ROOT, 'bench/corpus/shapes', shape, String(size))], ...kinds.map((k) => [k, join(ROOT, `bench/corpus/shapes-${k}`, shape, String(size))])];
    const folders = cacheFolders(values.cache);
    const timed = new Map(inputs.map(([name]) => [name, []]));
    for (let round = -1; round < runs; round++) {
      for (const [name, dir] of inputs) {
        const cache = folders.forRun(name);
        try {
          const r = measureOnce(process.execPath, [join(build, 'bin/kubelint.js'), dir, '--no-config', '--format', 'json'], { cwd: ROOT, stdoutFile: join(out, `${name}.json`), env: cache.env });
          if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`${name} ${shape} ${size}: kubelint exited ${r.exitCode}: ${r.stderr.slice(0, 300)}`);
          if (round >= 0) timed.get(name).push(r);
        } finally {
          cache.done();
        }
      }
    }
    folders.close();
    const lf = summarize(timed.get('LF'));
    for (const [name] of inputs) {
      const s = summarize(timed.get(name));
      console.log(`| ${shape} | ${size} | ${name} | ${s.wall.toFixed(2)} | ${s.cpu.toFixed(2)} | ${(s.cpu / lf.cpu).toFixed(2)}× | ${s.rssMiB.toFixed(0)} |`);
    }
  }
}
console.log(`uptime after: ${uptime()}`);
