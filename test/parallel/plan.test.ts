import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARALLEL_MIN_BYTES, workerRequestFrom, workersFor } from '../../src/parallel/plan.js';

let dir: string;
let small: string[];
let large: string[];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-plan-'));
  small = ['a.yaml', 'b.yaml'].map((n) => path.join(dir, n));
  for (const f of small) writeFileSync(f, 'apiVersion: v1\n');
  // Just above the threshold, split over two files.
  large = ['c.yaml', 'd.yaml'].map((n) => path.join(dir, n));
  for (const f of large) writeFileSync(f, 'x'.repeat(PARALLEL_MIN_BYTES / 2 + 1));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('workersFor', () => {
  it('keeps small inputs on this thread under auto', async () => {
    expect(await workersFor(small, 'auto')).toBe(0);
    expect(await workersFor([large[0]!], 'auto')).toBe(0); // one file: nothing to share
    expect(await workersFor([], 'auto')).toBe(0);
  });

  it('uses workers above the byte threshold when there are several cores', async () => {
    const expected = os.availableParallelism() < 2 ? 0 : 2;
    expect(await workersFor(large, 'auto')).toBe(expected);
  });

  it('obeys a fixed count, capped by the number of files', async () => {
    expect(await workersFor(small, 0)).toBe(0);
    expect(await workersFor(small, 1)).toBe(1);
    expect(await workersFor(small, 8)).toBe(2);
  });
});

describe('workerRequestFrom (KUBELINT_WORKERS)', () => {
  it('reads auto and counts; unset means one thread (workers did not pay off here)', () => {
    expect(workerRequestFrom(undefined)).toBe(0);
    expect(workerRequestFrom('')).toBe(0);
    expect(workerRequestFrom('auto')).toBe('auto');
    expect(workerRequestFrom('0')).toBe(0);
    expect(workerRequestFrom('3')).toBe(3);
  });

  it('refuses anything else with the accepted values', () => {
    for (const bad of ['-1', 'two', '1.5', '65']) expect(() => workerRequestFrom(bad), bad).toThrow(/"auto" or a whole number from 0 to 64/);
  });
});
