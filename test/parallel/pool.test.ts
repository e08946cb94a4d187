// A worker that crashes or exits must fail the run with a clear error, never hang it.
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/parallel/pool.js';

let dir: string;
/** The pool's worker threads (private): the tests wait on them to pin down when a worker is gone. */
const workersOf = (pool: WorkerPool): Worker[] => (pool as unknown as { slots: Array<{ worker: Worker }> }).slots.map((s) => s.worker);
/** Settles with 'hung' if the promise does not settle in time, so a regression fails instead of timing out. */
const settleWithin = <T>(promise: Promise<T>, ms: number): Promise<T | 'hung'> =>
  Promise.race([promise, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms).unref())]);

const script = (name: string, body: string): URL => {
  const file = path.join(dir, name);
  writeFileSync(file, body);
  return pathToFileURL(file);
};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-pool-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WorkerPool failures', () => {
  it('rejects when a worker throws while starting', async () => {
    const pool = new WorkerPool(2, script('throws.mjs', "throw new Error('boom at start');\n"));
    await expect(pool.parse(['/nonexistent.yaml', '/other.yaml'])).rejects.toThrow(/parse worker \d crashed: boom at start/);
    await pool.close();
  });

  it('rejects when a worker exits without answering', async () => {
    const url = script('exits.mjs', "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n");
    const pool = new WorkerPool(1, url);
    await expect(pool.parse(['/a.yaml'])).rejects.toThrow(/parse worker 1 exited \(code 3\) before it answered/);
    await pool.close();
  });

  it('passes on a failure the worker reports, and refuses later requests', async () => {
    const url = script('fails.mjs', "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => parentPort.postMessage({ t: 'fail', message: 'cannot parse today' }));\n");
    const pool = new WorkerPool(1, url);
    await expect(pool.parse(['/a.yaml'])).rejects.toThrow('parse worker 1: cannot parse today');
    await expect(pool.locate([{ file: 0, manifest: 0, path: [] }])).rejects.toThrow('cannot parse today');
    await pool.close();
  });

  it('rejects later requests when a worker exits cleanly (code 0) while idle', async () => {
    // Answers one parse, then its port has no listener left, so the thread ends on its own with code 0.
    const url = script(
      'exits-clean.mjs',
      "import { parentPort } from 'node:worker_threads';\n" +
        "parentPort.once('message', (m) => parentPort.postMessage({ t: 'parsed', file: m.file, result: { manifests: [], problems: [], violations: [] } }));\n",
    );
    const pool = new WorkerPool(1, url);
    const [worker] = workersOf(pool);
    const exited = once(worker!, 'exit');
    await expect(pool.parse(['/a.yaml'])).resolves.toHaveLength(1);
    expect(await exited).toEqual([0]); // idle and gone before the next request is sent
    const next = settleWithin(pool.locate([{ file: 0, manifest: 0, path: [] }]), 2_000).catch((error: Error) => error);
    const outcome = await next;
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/parse worker 1 exited \(code 0\)/);
    await pool.close();
  });

  it('close() after a failure still waits until every worker has stopped', async () => {
    const url = script('fails-later.mjs', "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => parentPort.postMessage({ t: 'fail', message: 'no' }));\n");
    const pool = new WorkerPool(2, url);
    await expect(pool.parse(['/a.yaml', '/b.yaml'])).rejects.toThrow('no');
    await pool.close();
    // threadId turns -1 once the thread has stopped.
    expect(workersOf(pool).map((w) => w.threadId)).toEqual([-1, -1]);
  });

  it('refuses a pool without workers', () => {
    expect(() => new WorkerPool(0)).toThrow(/positive integer/);
  });
});
