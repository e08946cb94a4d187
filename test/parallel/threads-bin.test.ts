// The shipped CLI (bin/kubelint.js running the esbuild bundle) with KUBELINT_THREADS=2: its Rego
// helper must load and evaluate chunks, not only give one thread's report (a helper that dies also
// gives that). The bundle rewrites `import(` in its text, and once rewrote the helper's start-up
// code too: the helper died at start in every bundled run. A preloaded hook (--require, which
// Node also runs in worker threads) records the helper's errors and the results it sends back.
// And the helper's start leaves the main thread's young generation as the run set it.
// Needs `npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LARGE_FILE_BYTES } from '../../src/cli/young-generation.js';
import { AUTO_BYTES } from '../../src/parallel/threads.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs();
const bin = path.join(REPO_ROOT, 'bin', 'kubelint.js');

/** Appends one line per worker error (main thread) and per result a worker sends (worker thread). */
const HOOK = `
const { appendFileSync } = require('node:fs');
const threads = require('node:worker_threads');
const log = process.env.THREADS_BIN_LOG;
if (threads.isMainThread) {
  const Worker = threads.Worker;
  threads.Worker = class extends Worker {
    constructor(...args) {
      super(...args);
      this.on('error', (error) => appendFileSync(log, 'error ' + String(error).split('\\n')[0] + '\\n'));
    }
  };
} else {
  const post = threads.MessagePort.prototype.postMessage;
  threads.MessagePort.prototype.postMessage = function (message, ...rest) {
    if (message && typeof message === 'object' && 'index' in message && ('resultSet' in message || 'error' in message)) appendFileSync(log, 'result ' + message.index + '\\n');
    return post.call(this, message, ...rest);
  };
}
`;

function deployments(ns: string, count: number): string {
  return Array.from({ length: count }, (_, i) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec:
      containers:
        - {name: main, image: example.com/app:${i % 4 === 0 ? 'latest' : '1.2.3'}}
`).join('---\n');
}

/** Prints the main thread's new space size as the process exits. */
const NEW_SPACE = `
process.on('exit', () => {
  const space = require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  process.stderr.write('new_space ' + space.space_size + '\\n');
});
`;

/**
 * Throws in worker threads (Node runs --require preloads there too, before the helper's first
 * line); in the main thread, counts the Atomics.wait calls that ran out their time (only a wait
 * for a helper does: rego-helper.ts) and prints them with the new space size as the process exits.
 */
const THROW_IN_WORKERS = `
const threads = require('node:worker_threads');
if (!threads.isMainThread) throw new Error('this preload fails in worker threads');
let timedOut = 0;
const wait = Atomics.wait;
Atomics.wait = (...args) => {
  const result = wait(...args);
  if (result === 'timed-out') timedOut++;
  return result;
};
${NEW_SPACE}
process.on('exit', () => process.stderr.write('timed-out waits ' + timedOut + '\\n'));
`;

/** Runs the bin on `dir` with `preload` required first (Node runs it in workers too). */
function kubelint(preload: string, dir: string, env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--require', preload, bin, dir, '--no-config', '--format', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
}

/** A folder with one file: a comment of `bytes` (a large input, quick to read), then three namespaces of 400 Deployments. */
function paddedInput(prefix: string, bytes: number): string {
  const dir = tempDir(prefix);
  const padding = `# ${'x'.repeat(78)}\n`.repeat(Math.ceil(bytes / 80));
  writeFileSync(path.join(dir, 'all.yaml'), padding + ['one', 'two', 'three'].map((ns) => deployments(ns, 400)).join('---\n'));
  return dir;
}

/** The main thread's new space size printed by NEW_SPACE: two semi-spaces of at most 2 MiB when capped, as test/cli/young-generation expects of one thread; 32 MiB uncapped. */
function expectCapped(stderr: string): void {
  const size = Number(/new_space (\d+)/.exec(stderr)?.[1]);
  expect(size).toBeGreaterThan(0);
  expect(size).toBeLessThanOrEqual(4 * 1024 * 1024);
}

describe('bin/kubelint.js with KUBELINT_THREADS=2', () => {
  it('has its helper evaluate chunks, and prints one thread\'s report', () => {
    expect(existsSync(path.join(REPO_ROOT, 'dist', 'bundle', 'kubelint.cjs')), 'run npm run build').toBe(true);
    const dir = tempDir('kubelint-threads-bin-');
    // Three namespaces of 400 resources: three chunks (engine/rego.ts namespaceChunks).
    for (const ns of ['one', 'two', 'three']) writeFileSync(path.join(dir, `${ns}.yaml`), deployments(ns, 400));
    const side = tempDir('kubelint-threads-bin-hook-');
    const hook = path.join(side, 'hook.cjs');
    writeFileSync(hook, HOOK);
    const log = path.join(side, 'threads.log');
    writeFileSync(log, '');
    // Each run with an empty cache folder: the helper is given only chunks whose Rego results are not stored.
    const run = (threads: string) => kubelint(hook, dir, { KUBELINT_THREADS: threads, THREADS_BIN_LOG: log, KUBELINT_CACHE_DIR: tempDir('kubelint-threads-bin-cache-') });
    const one = run('1');
    expect(readFileSync(log, 'utf8')).toBe('');
    const two = run('2');
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(lines.filter((line) => line.startsWith('error'))).toEqual([]);
    expect(lines.filter((line) => line.startsWith('result')).length).toBeGreaterThan(0);
    expect(one.status).toBe(1);
    expect(two.status).toBe(one.status);
    expect(two.stderr).toBe(one.stderr);
    expect(two.stdout).toBe(one.stdout);
  }, 120_000);

  it('keeps the young generation a large run capped (the worker\'s heap set-up raises the growth factor again)', () => {
    const side = tempDir('kubelint-threads-bin-young-');
    const reporter = path.join(side, 'new-space.cjs');
    writeFileSync(reporter, NEW_SPACE);
    // One file of LARGE_FILE_BYTES or more (a comment pads it): the run caps its young generation
    // (cli/young-generation.ts), then starts the helper, whose heap is set up while the main thread parses.
    const run = kubelint(reporter, paddedInput('kubelint-threads-bin-large-', LARGE_FILE_BYTES), { KUBELINT_THREADS: '2' });
    expect(run.status, run.stderr).toBe(1);
    expectCapped(run.stderr);
  }, 120_000);

  it('goes on at once, young generation capped, when the helper dies before its first line', () => {
    const side = tempDir('kubelint-threads-bin-preload-');
    const preload = path.join(side, 'throw-in-workers.cjs');
    writeFileSync(preload, THROW_IN_WORKERS);
    // Plain input of AUTO_BYTES (a comment pads it): auto starts the helper while the files are
    // read and, the young generation capped, waits for its first line. The old code could not see
    // this helper die: it waited out BOOT_WAIT_MS blocked, then parsed with the cap lifted (16 MiB).
    const dir = paddedInput('kubelint-threads-bin-preload-input-', AUTO_BYTES);
    const one = kubelint(preload, dir, { KUBELINT_THREADS: '1' });
    const auto = kubelint(preload, dir, { KUBELINT_THREADS: 'auto' });
    expect(auto.status, auto.stderr).toBe(1);
    expect(auto.stdout).toBe(one.stdout);
    expect(/timed-out waits (\d+)/.exec(auto.stderr)?.[1]).toBe('0');
    expectCapped(auto.stderr);
  }, 120_000);
});
