// The Rego results store (engine/rego-memo.ts) on runs with the helper thread: a chunk an earlier
// run evaluated, on either thread, is read, neither handed to the helper nor evaluated again, and
// what either thread evaluates is stored for the next run. The old helper path did neither: a
// 10,000-resource run (auto starts the helper) evaluated every chunk on every run. Reports stay
// those of one thread without a store. Needs `npm run build` (the helper's file).
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lint } from '../../src/lint.js';
import { Threads } from '../../src/parallel/threads.js';
import { regoResultStoreUse, useRegoResultStore, type RegoResultsHome } from '../../src/engine/rego-memo.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs();

/** A StatefulSet with a Service in front; every fourth image is mutable, every third has no probes. */
function workload(ns: string, i: number): string {
  const name = `db-${i}`;
  const probe = i % 3 === 0 ? '' : ', readinessProbe: {tcpSocket: {port: 5432}}';
  const image = `registry.example.com/db:${i % 4 === 0 ? 'latest' : '15.4'}`;
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}
spec:
  serviceName: ${name}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: db, image: '${image}'${probe}}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec: {selector: {app: ${i % 10 === 0 ? 'missing' : name}}, ports: [{port: 5432}]}
`;
}

/** Six namespaces of 200 objects, one file each: three chunks of two namespaces (engine/rego.ts, 400 objects at most). */
function writeInput(dir: string): void {
  for (const ns of ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta']) {
    writeFileSync(path.join(dir, `${ns}.yaml`), Array.from({ length: 100 }, (_, i) => workload(ns, i)).join('---\n'));
  }
}

afterEach(() => {
  useRegoResultStore(undefined);
  vi.restoreAllMocks();
});

/** Lints `dir` with KUBELINT_THREADS=`threads`; the report (JSON), the chunks the helper evaluated and the store's reads and writes. */
async function run(dir: string, threads: '1' | '2') {
  let helped = 0;
  const close = Threads.prototype.close;
  vi.spyOn(Threads.prototype, 'close').mockImplementation(function (this: Threads) {
    const closed = close.call(this);
    helped = this.helped;
    return closed;
  });
  const before = { ...regoResultStoreUse };
  const report = await lint([dir], { cwd: dir, configFile: false, env: { KUBELINT_THREADS: threads }, today: new Date('2026-01-01') });
  vi.restoreAllMocks();
  return { report: JSON.stringify(report), helped, read: regoResultStoreUse.read - before.read, written: regoResultStoreUse.written - before.written };
}

function useStore(): { entries: () => string[] } {
  const home: RegoResultsHome = { dir: tempDir('kubelint-helper-store-'), secret: randomBytes(32), version: 'test' };
  useRegoResultStore(home);
  const folder = path.join(home.dir, 'rego');
  return { entries: () => readdirSync(folder).filter((name) => name.endsWith('.bin')).map((name) => path.join(folder, name)) };
}

describe('the Rego results store with the helper thread', () => {
  it('stores what both threads evaluate, and a second run reads every chunk without the helper evaluating one', async () => {
    const dir = tempDir('kubelint-helper-store-input-');
    writeInput(dir);
    const alone = await run(dir, '1'); // no store: every chunk evaluated
    expect(alone.read + alone.written).toBe(0);
    const { entries } = useStore();
    const first = await run(dir, '2');
    expect(first.helped).toBeGreaterThan(0);
    expect(first.read).toBe(0);
    expect(first.written).toBe(3); // every chunk, the helper's included (the old helper path stored none)
    expect(entries()).toHaveLength(3);
    const second = await run(dir, '2');
    expect(second).toEqual({ report: alone.report, helped: 0, read: 3, written: 0 });
    // One thread reads what the two stored, under the same names.
    expect(await run(dir, '1')).toEqual({ report: alone.report, helped: 0, read: 3, written: 0 });
    expect(first.report).toBe(alone.report);
  });

  it('evaluates only the chunk whose entry is gone, and stores it again', async () => {
    const dir = tempDir('kubelint-helper-store-partial-');
    writeInput(dir);
    const { entries } = useStore();
    const stored = await run(dir, '1'); // one thread stores every chunk
    expect(stored.written).toBe(3);
    for (const lost of entries()) {
      rmSync(lost);
      const again = await run(dir, '2');
      expect(again.report).toBe(stored.report);
      expect(again.read).toBe(2);
      expect(again.written).toBe(1);
      expect(entries()).toHaveLength(3);
    }
  });
});
