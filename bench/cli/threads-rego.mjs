#!/usr/bin/env node
// The phase the Rego helper thread parallelizes, alone (issue #22 item 3): one process loads a
// corpus shape once, then evaluates the built-in Rego check over it alternately on one thread and
// with a started, ready helper (its start-up is outside the timing; the whole-process cost is what
// bench/cli/threads-ab.mjs measures). Prints medians of the phase's wall and of the process CPU
// (user+sys, both threads) per mode, the helper's share of the chunks, and whether the violations
// were the same.
//
//   npm run build
//   flock /tmp/kubelint-bench.lock node bench/cli/threads-rego.mjs [--shapes plain,helm] [--size 10000] [--runs 9]
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { shapeDir, shapeIsCurrent, writeShape } from '../corpus-gen/shapes.mjs';
import { median } from './measure.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = join(ROOT, 'bench/corpus/shapes');
const dist = (file) => import(pathToFileURL(join(ROOT, 'dist', file)).href);

const opts = { shapes: ['plain', 'helm'], size: 10000, runs: 9 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--shapes') opts.shapes = argv[++i].split(',');
  else if (argv[i] === '--size') opts.size = Number(argv[++i]);
  else if (argv[i] === '--runs') opts.runs = Number(argv[++i]);
  else throw new Error(`unknown option ${argv[i]} (use --shapes, --size, --runs)`);
}

const { defaultConfig } = await dist('config/defaults.js');
const { loadInputs } = await dist('load/index.js');
const { identifyResources } = await dist('load/resources.js');
const { createRegoCheck, policyModule } = await dist('engine/rego.js');
const { RegoHelper } = await dist('parallel/rego-helper.js');
const { Threads, withThreads } = await dist('parallel/threads.js');

const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const cpuSeconds = (u) => (u.user + u.system) / 1e6;
console.log(`Rego phase, one thread vs helper; ${opts.runs} alternating pairs after a warm-up pair; ${uptime()}`);
console.log('| shape | size | namespaces | one wall s [range] | two wall s [range] | two÷one wall (pairs) | one CPU s | two CPU s | helper chunks | same |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
const check = await createRegoCheck();
const module = await policyModule();
const workerFile = join(ROOT, 'dist/parallel/rego-worker.js');
for (const shape of opts.shapes) {
  if (!shapeIsCurrent(CORPUS, shape, opts.size)) writeShape(shape, opts.size, { out: CORPUS });
  const dir = shapeDir(CORPUS, shape, opts.size);
  const config = defaultConfig(dir);
  const loaded = await loadInputs([dir], config, { cwd: dir });
  const batch = identifyResources(loaded.manifests).resources;
  const runs = { one: [], two: [] };
  let same = true;
  let reference;
  const helped = [];
  for (let round = -1; round < opts.runs; round++) {
    for (const mode of round % 2 === 0 ? ['one', 'two'] : ['two', 'one']) {
      const threads = new Threads(mode === 'one' ? 'one' : 'two');
      let helper;
      if (mode === 'two') {
        helper = new RegoHelper(module, workerFile);
        if (!helper.waitReady(10_000)) throw new Error('the helper did not start');
        threads.helperFor = () => helper; // this helper, started and ready, for every batch
      }
      const cpu = process.cpuUsage();
      const started = performance.now();
      const found = withThreads(threads, () => check.run(batch, { config }));
      const wall = (performance.now() - started) / 1000;
      const cpuUsed = cpuSeconds(process.cpuUsage(cpu));
      if (helper) {
        helped.push(helper.helped);
        helper.close();
      }
      const view = JSON.stringify(found.map((v) => [v.ruleId, v.resource?.namespace, v.resource?.name, v.path, v.message]));
      reference ??= view;
      same &&= view === reference;
      if (round >= 0) runs[mode].push({ wall, cpu: cpuUsed });
    }
  }
  const namespaces = new Set(batch.map((r) => r.namespace ?? 'default')).size;
  const fmt = (n) => n.toFixed(2);
  const w = (m) => runs[m].map((r) => r.wall);
  const pairs = median(runs.one.map((r, i) => runs.two[i].wall / r.wall));
  console.log(`| ${shape} | ${opts.size} | ${namespaces} | ${fmt(median(w('one')))} [${fmt(Math.min(...w('one')))}–${fmt(Math.max(...w('one')))}] | ` +
    `${fmt(median(w('two')))} [${fmt(Math.min(...w('two')))}–${fmt(Math.max(...w('two')))}] | ${fmt(pairs)}× | ${fmt(median(runs.one.map((r) => r.cpu)))} | ` +
    `${fmt(median(runs.two.map((r) => r.cpu)))} | ${median(helped)} | ${same ? 'yes' : 'NO'} |`);
}
console.log(`uptime after: ${uptime()}`);
