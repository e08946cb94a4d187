// A worker that crashes or exits must fail the run with a clear error, never hang it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/parallel/pool.js';

let dir: string;
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

  it('refuses a pool without workers', () => {
    expect(() => new WorkerPool(0)).toThrow(/positive integer/);
  });
});
