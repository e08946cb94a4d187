#!/usr/bin/env node
// What a Rego helper thread (src/parallel/) costs before it evaluates anything: the floor under
// any use of the second core from JavaScript. Each case runs in a new process, the cases
// alternating run by run; medians of the wall from `new Worker` until the worker can take work, and
// of the process's CPU (every thread: the worker's own and the main thread's part) until then.
//
//   flock /tmp/kubelint-bench.lock node bench/cli/worker-start.mjs [--build /tmp/r11-base] [--runs 9]
//
// Cases: `empty` (a worker that only says it is up), `esm` (one that imports an ES module of the
// build first: Node's ES module loader), `helper` (the build's RegoHelper with its policy module,
// compiled before the clock starts, until waitReady: what the CLI starts), and `touch` (no worker:
// the first touch of a fresh 24 MiB WebAssembly.Memory, what a second wasm instance pays again for
// a 400-resource chunk's evaluation heap, in page faults).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { median } from './measure.mjs';

const CASES = ['empty', 'esm', 'helper', 'touch'];

function parseArgs(argv) {
  const opts = { build: resolve('.'), runs: 9, child: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--build') opts.build = resolve(argv[++i]);
    else if (argv[i] === '--runs') opts.runs = Number(argv[++i]);
    else if (argv[i] === '--child') opts.child = argv[++i];
    else throw new Error(`unknown option ${argv[i]} (--build DIR, --runs N)`);
  }
  if (!(opts.runs > 0)) throw new Error('--runs must be a positive number');
  return opts;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** The build's helper file, whichever form the build ships. */
function workerFile(build) {
  const file = ['rego-worker.cjs', 'rego-worker.js'].map((name) => join(build, 'dist/parallel', name)).find(existsSync);
  if (!file) throw new Error(`${build} has no built helper (dist/parallel/rego-worker.*): npm run build`);
  return file;
}

async function measure(kind, build) {
  let start;
  if (kind === 'touch') {
    const memory = new WebAssembly.Memory({ initial: 80 });
    start = { wall: performance.now(), cpu: cpuMs() };
    memory.grow(384 - 80);
    const bytes = new Uint8Array(memory.buffer);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 1;
  } else if (kind === 'helper') {
    const { RegoHelper } = await import(pathToFileURL(join(build, 'dist/parallel/rego-helper.js')).href);
    const module = new WebAssembly.Module(readFileSync(join(build, 'build/policies/policy.wasm')));
    start = { wall: performance.now(), cpu: cpuMs() };
    const helper = new RegoHelper(module, workerFile(build));
    if (!helper.waitReady(10_000)) throw new Error('the helper did not start');
  } else {
    const file = pathToFileURL(join(build, 'dist/parallel/rego-protocol.js')).href;
    const code = kind === 'esm' ? `import (${JSON.stringify(file)}).then(() => require('node:worker_threads').parentPort.postMessage(1))` : `require('node:worker_threads').parentPort.postMessage(1)`;
    start = { wall: performance.now(), cpu: cpuMs() };
    const worker = new Worker(code, { eval: true });
    await new Promise((done, fail) => worker.once('message', done).once('error', fail));
  }
  return { wall: performance.now() - start.wall, cpu: cpuMs() - start.cpu };
}

const opts = parseArgs(process.argv.slice(2));
if (opts.child) {
  process.stdout.write(JSON.stringify(await measure(opts.child, opts.build)));
  process.exit(0); // the worker is not waited for
}
workerFile(opts.build); // a build without a helper is refused before any run
const results = Object.fromEntries(CASES.map((kind) => [kind, []]));
for (let run = 0; run <= opts.runs; run++) {
  for (const kind of CASES) {
    const child = spawnSync(process.execPath, [process.argv[1], '--child', kind, '--build', opts.build], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${kind}: ${child.stderr}`);
    if (run > 0) results[kind].push(JSON.parse(child.stdout)); // run 0 warms the page cache
  }
}
console.log(`build ${opts.build}; ${opts.runs} runs per case, alternating; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log('| case | wall ms (median) | CPU ms, all threads (median) | CPU range |');
console.log('|---|---:|---:|---|');
for (const kind of CASES) {
  const cpu = results[kind].map((r) => r.cpu);
  console.log(`| ${kind} | ${median(results[kind].map((r) => r.wall)).toFixed(1)} | ${median(cpu).toFixed(1)} | ${Math.min(...cpu).toFixed(1)}–${Math.max(...cpu).toFixed(1)} |`);
}
