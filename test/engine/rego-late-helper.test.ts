// A large input (auto starts the Rego helper from 6 MiB of plain files) linted again: its chunks
// are looked up in the Rego results store before any helper starts (parallel/threads.ts
// startsLate, engine/rego.ts). Stored, or one namespace edited, the run starts no helper; when many
// chunks miss, the helper starts then. Before, every such run started the helper while reading
// (warm plain 10,000: ~0.08 s CPU for a thread that evaluated nothing). Reports stay those of one
// thread without a store. Needs `npm run build` (the helper's file).
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lintedBefore, lintedInputsFile } from '../../src/cache/linted-inputs.js';
import { regoResultStoreUse, useRegoResultStore, type RegoResultsHome } from '../../src/engine/rego-memo.js';
import { lint } from '../../src/lint.js';
import { AUTO_BYTES, Threads } from '../../src/parallel/threads.js';
import { WasmEvaluator } from '../../src/policy/wasm-evaluator.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs();
const NAMESPACES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa'];
/** Per namespace: 500 objects (one evaluation unit each, engine/rego.ts), 10 namespaces: ~6.6 MB, 5,000 resources. */
const CONFIGMAPS = 496;

/** A namespace's file: a Deployment missing probes and limits, a Service selecting nothing, a PDB, ConfigMaps of ~1.3 KB. */
function namespaceFile(ns: string, replicas: number, namespace = ns): string {
  const filler = 'x'.repeat(1300);
  const objects = [
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: web-${ns}, namespace: ${namespace}, labels: {app: web-${ns}}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web-${ns}}}
  template:
    metadata: {labels: {app: web-${ns}}}
    spec: {containers: [{name: web, image: 'registry.example.com/web:latest'}]}`,
    `apiVersion: v1
kind: Service
metadata: {name: web-${ns}, namespace: ${namespace}}
spec: {selector: {app: missing}, ports: [{port: 80}]}`,
    `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web-${ns}, namespace: ${namespace}}
spec: {minAvailable: 2, selector: {matchLabels: {app: web-${ns}}}}`,
    `apiVersion: v1
kind: Namespace
metadata: {name: ${ns}}`,
    ...Array.from({ length: CONFIGMAPS }, (_, i) => `apiVersion: v1
kind: ConfigMap
metadata: {name: settings-${ns}-${i}, namespace: ${namespace}}
data: {value: '${filler}-${i}'}`),
  ];
  return `${objects.join('\n---\n')}\n`;
}

/** `one`: every object in one namespace (local units and cross-resource units of one large namespace, rego-chunks.ts). */
function writeInput(dir: string, one?: string): void {
  for (const ns of NAMESPACES) writeFileSync(path.join(dir, `${ns}.yaml`), namespaceFile(ns, 1, one ?? ns));
}

function useStore(): RegoResultsHome & { entries: () => string[] } {
  const home: RegoResultsHome = { dir: tempDir('kubelint-late-helper-'), secret: randomBytes(32), version: 'test' };
  useRegoResultStore(home);
  const folder = path.join(home.dir, 'rego');
  return { ...home, entries: () => readdirSync(folder).filter((name) => name.endsWith('.bin')).map((name) => path.join(folder, name)) };
}

afterEach(() => {
  useRegoResultStore(undefined);
  vi.restoreAllMocks();
});

/** Lints `dir` (KUBELINT_THREADS as given); the report, whether a helper was started, the chunks it evaluated, the store's reads and writes. */
async function run(dir: string, threads: '1' | 'auto') {
  let helped = 0;
  let started = 0;
  const close = Threads.prototype.close;
  vi.spyOn(Threads.prototype, 'close').mockImplementation(function (this: Threads) {
    const closed = close.call(this);
    helped = this.helped;
    return closed;
  });
  const proto = Threads.prototype as unknown as { start: (...args: unknown[]) => unknown };
  const start = proto.start;
  vi.spyOn(proto, 'start').mockImplementation(function (this: Threads, ...args: unknown[]) {
    started++;
    return start.apply(this, args);
  });
  const before = { ...regoResultStoreUse };
  const report = await lint([dir], { cwd: dir, configFile: false, env: { KUBELINT_THREADS: threads }, today: new Date('2026-01-01') });
  vi.restoreAllMocks();
  return { report: JSON.stringify(report), started, helped, read: regoResultStoreUse.read - before.read, written: regoResultStoreUse.written - before.written };
}

describe('the Rego helper on a large input linted before', () => {
  it('is not started when every chunk is stored, nor for one edited namespace; reports as one thread', async () => {
    const dir = tempDir('kubelint-late-helper-input-');
    writeInput(dir);
    const bytes = NAMESPACES.reduce((sum, ns) => sum + namespaceFile(ns, 1).length, 0);
    expect(bytes).toBeGreaterThanOrEqual(AUTO_BYTES); // auto starts the helper while reading
    const alone = await run(dir, '1'); // no store
    const store = useStore();
    const first = await run(dir, 'auto');
    expect(first.report).toBe(alone.report);
    expect(first.started).toBe(1); // never linted: the helper starts early, as before
    expect(first.written).toBe(NAMESPACES.length);
    expect(existsSync(lintedInputsFile(store, readdirSync(dir).map((name) => path.join(dir, name))))).toBe(true);

    const warm = await run(dir, 'auto');
    expect(warm).toEqual({ report: alone.report, started: 0, helped: 0, read: NAMESPACES.length, written: 0 });

    // One namespace edited: one chunk misses, the main thread evaluates it.
    writeFileSync(path.join(dir, 'gamma.yaml'), namespaceFile('gamma', 3));
    const edited = await run(dir, 'auto');
    const editedAlone = await (async () => {
      useRegoResultStore(undefined);
      const r = await run(dir, '1');
      useRegoResultStore(store);
      return r;
    })();
    expect(edited.report).not.toBe(alone.report);
    expect(edited).toEqual({ report: editedAlone.report, started: 0, helped: 0, read: NAMESPACES.length - 1, written: 1 });
  }, 240_000);

  it('is started once enough chunks miss, and stores what it evaluates', async () => {
    const dir = tempDir('kubelint-late-helper-input-');
    writeInput(dir);
    const store = useStore();
    const stored = await run(dir, 'auto');
    expect(stored.started).toBe(1);
    for (const entry of store.entries()) rmSync(entry); // every chunk misses (a pruned store, say)
    const again = await run(dir, 'auto');
    expect(again.report).toBe(stored.report);
    expect(again.started).toBe(1);
    expect(again.read).toBe(0);
    expect(again.written).toBe(NAMESPACES.length);
    expect(await run(dir, 'auto')).toMatchObject({ report: stored.report, started: 0, read: NAMESPACES.length, written: 0 });
  }, 240_000);
});

describe('the Rego helper on one large namespace linted before', () => {
  it('reads its local and cross-resource units without a helper; an edit that misses several starts it; reports as one thread', async () => {
    const dir = tempDir('kubelint-late-helper-one-');
    writeInput(dir, 'shared');
    const alone = await run(dir, '1');
    useStore();
    const first = await run(dir, 'auto');
    expect(first.report).toBe(alone.report);
    expect(first.started).toBe(1);
    // No stored unit's input is encoded (named from its JSON text; a cross unit's not made ahead):
    // an encoded cross input was held to the end of the batch (plain-onens 10,000: +30 MiB peak).
    const encoded: number[] = [];
    const encode = TextEncoder.prototype.encode;
    vi.spyOn(TextEncoder.prototype, 'encode').mockImplementation(function (this: TextEncoder, text?: string) {
      if (text && text.length > 100_000) encoded.push(text.length);
      return encode.call(this, text);
    });
    const warm = await run(dir, 'auto');
    expect(warm).toEqual({ report: alone.report, started: 0, helped: 0, read: first.written, written: 0 });
    expect(encoded).toEqual([]);
    writeFileSync(path.join(dir, 'gamma.yaml'), namespaceFile('gamma', 3, 'shared'));
    // The edit misses a local unit and every cross unit holding Deployments: enough to start the helper then.
    const edited = await run(dir, 'auto');
    expect(edited.started).toBe(1);
    useRegoResultStore(undefined);
    const editedAlone = await run(dir, '1');
    expect(edited.report).toBe(editedAlone.report);
    expect(edited.report).not.toBe(alone.report);
  }, 240_000);
});

describe('a store whose entries are there but do not verify', () => {
  it("evaluates a large namespace's cross units with the memory reserved, as when they are missing", async () => {
    const dir = tempDir('kubelint-late-helper-damaged-');
    writeInput(dir, 'shared');
    const store = useStore();
    const stored = await run(dir, 'auto');
    const reserved = async () => {
      const limits: number[] = [];
      const reserve = WasmEvaluator.prototype.reserve;
      const spy = vi.spyOn(WasmEvaluator.prototype, 'reserve').mockImplementation(function (this: WasmEvaluator, limit: number) {
        limits.push(limit);
        return reserve.call(this, limit);
      });
      const result = await run(dir, 'auto');
      spy.mockRestore();
      return { ...result, limits };
    };
    // Every entry damaged (a byte of its body changed): each is named present, none verifies.
    for (const entry of store.entries()) {
      const bytes = readFileSync(entry);
      bytes[bytes.length - 1]! ^= 0xff;
      writeFileSync(entry, bytes);
    }
    const damaged = await reserved();
    expect(damaged).toMatchObject({ report: stored.report, started: 0, read: 0, written: stored.written });
    // The same reservation as a run that finds no entry at all (a helper starts then; the cross units stay the main thread's).
    for (const entry of store.entries()) rmSync(entry);
    const missing = await reserved();
    expect(missing).toMatchObject({ report: stored.report, started: 1, read: 0 });
    expect(missing.limits.length).toBeGreaterThan(0);
    expect(damaged.limits).toEqual(missing.limits);
  }, 240_000);
});

describe('linted input sets (cache/linted-inputs.ts)', () => {
  it('knows a set of files the second time, in any order, by build; records nothing in a folder it cannot write', () => {
    const home = { dir: tempDir('kubelint-linted-inputs-'), version: 'build-1' };
    const files = ['/repo/a.yaml', '/repo/b.yaml'];
    expect(lintedBefore(home, files)).toBe(false);
    expect(lintedBefore(home, [...files].reverse())).toBe(true);
    expect(lintedBefore(home, ['/repo/a.yaml'])).toBe(false);
    expect(lintedBefore({ ...home, version: 'build-2' }, files)).toBe(false);
    const blocked = tempDir('kubelint-linted-inputs-blocked-');
    writeFileSync(path.join(blocked, 'rego'), 'a file where the folder would be');
    expect(lintedBefore({ dir: blocked, version: 'build-1' }, files)).toBe(false);
    expect(lintedBefore({ dir: blocked, version: 'build-1' }, files)).toBe(false);
  });
});
