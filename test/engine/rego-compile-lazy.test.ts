// build/policies/policy.wasm is compiled only when something is evaluated (engine/rego.ts
// compiledPolicy): a warm run whose Rego results are all stored compiles nothing (~2 ms of every
// warm run), on one thread and in auto (which compiled it up front for a helper it may not start).
// Nor does it read the file: the SHA-256 that names the stored results is taken by the file's
// stamp (cache/stamped-digest.ts) when an earlier run read it; a run that evaluates reads it to
// compile, and bytes that are not the ones its results are named by (the file replaced while it
// ran) are a clear error, never results kept under another policy's name.
// Each run gets fresh modules, as each CLI process does.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDirs } from '../helpers/temp-dirs.js';
import { PRIVILEGED_POD } from '../helpers/privileged-pod.js';

const compiles = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/policy/wasm-compile.js', async (original) => {
  const real = await original<typeof import('../../src/policy/wasm-compile.js')>();
  return {
    ...real,
    compileWasm: (...args: Parameters<typeof real.compileWasm>) => {
      compiles.count++;
      return real.compileWasm(...args);
    },
  };
});

const reads = vi.hoisted(() => ({ count: 0, altered: false }));
vi.mock('../../src/engine/rego-files.js', async (original) => {
  const real = await original<typeof import('../../src/engine/rego-files.js')>();
  return {
    ...real,
    readPolicyWasm: () => {
      reads.count++;
      const bytes = real.readPolicyWasm();
      // A custom section appended: a valid module whose bytes (and SHA-256) differ.
      return reads.altered ? Buffer.concat([bytes, Buffer.from([0, 4, 3, 0x6b, 0x6c, 0x74])]) : bytes;
    },
  };
});

const tempDir = tempDirs();

/** One run in fresh modules with the store at `home` (none: off): its report, how many compiles it made and how many times it read policy.wasm. */
async function run(dir: string, home: { dir: string; secret: Buffer; version: string } | undefined, threads: '1' | 'auto') {
  vi.resetModules();
  const { lint } = await import('../../src/lint.js');
  const { useRegoResultStore } = await import('../../src/engine/rego-memo.js');
  useRegoResultStore(home);
  const before = { compiles: compiles.count, reads: reads.count };
  try {
    const report = await lint([dir], { cwd: dir, configFile: false, env: { KUBELINT_THREADS: threads }, today: new Date('2026-01-01') });
    return { report: JSON.stringify(report.findings), compiles: compiles.count - before.compiles, reads: reads.count - before.reads };
  } finally {
    useRegoResultStore(undefined);
  }
}

/** A folder holding one privileged Pod, and an empty store for it. */
function podAndStore() {
  const dir = tempDir('kubelint-compile-lazy-');
  writeFileSync(path.join(dir, 'pod.yaml'), PRIVILEGED_POD);
  const edit = () => writeFileSync(path.join(dir, 'pod.yaml'), PRIVILEGED_POD.replace(/name: ([\w-]+)/, 'name: $1-edited'));
  return { dir, edit, home: { dir: tempDir('kubelint-compile-lazy-cache-'), secret: randomBytes(32), version: 'test' } };
}

afterEach(() => {
  vi.resetModules();
  reads.altered = false;
});

describe('policy.wasm compiled on first evaluation', () => {
  for (const threads of ['1', 'auto'] as const) {
    it(`a warm run with every result stored compiles nothing and reads no policy.wasm; an edited one reads and compiles it once (KUBELINT_THREADS=${threads})`, async () => {
      const { dir, edit, home } = podAndStore();
      const first = await run(dir, home, threads);
      expect(first).toMatchObject({ compiles: 1, reads: 1 });
      expect(first.report).toContain('no-privileged');
      const warm = await run(dir, home, threads);
      expect(warm).toEqual({ report: first.report, compiles: 0, reads: 0 });
      edit();
      const edited = await run(dir, home, threads);
      expect(edited).toMatchObject({ compiles: 1, reads: 1 });
      expect(edited.report).toContain('-edited');
    }, 120_000);
  }

  it('reads policy.wasm once per run with the store off (the API, the webhook)', async () => {
    const { dir } = podAndStore();
    for (let i = 0; i < 2; i++) expect(await run(dir, undefined, '1')).toMatchObject({ compiles: 1, reads: 1 });
  }, 120_000);

  it('stops with a clear error when the bytes it compiles are not the ones its results are named by', async () => {
    const { dir, edit, home } = podAndStore();
    await run(dir, home, '1');
    edit();
    reads.altered = true;
    await expect(run(dir, home, '1')).rejects.toThrow(/policy\.wasm changed while kubelint was linting; run kubelint again/);
  }, 120_000);
});
