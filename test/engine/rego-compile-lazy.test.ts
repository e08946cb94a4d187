// build/policies/policy.wasm is compiled only when something is evaluated (engine/rego.ts
// compiledPolicy): a warm run whose Rego results are all stored compiles nothing (~2 ms of every
// warm run), on one thread and in auto (which compiled it up front for a helper it may not start).
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

const tempDir = tempDirs();

/** One run in fresh modules with the store at `home`: its report and how many compiles it made. */
async function run(dir: string, home: { dir: string; secret: Buffer; version: string }, threads: '1' | 'auto') {
  vi.resetModules();
  const { lint } = await import('../../src/lint.js');
  const { useRegoResultStore } = await import('../../src/engine/rego-memo.js');
  useRegoResultStore(home);
  const before = compiles.count;
  try {
    const report = await lint([dir], { cwd: dir, configFile: false, env: { KUBELINT_THREADS: threads }, today: new Date('2026-01-01') });
    return { report: JSON.stringify(report.findings), compiles: compiles.count - before };
  } finally {
    useRegoResultStore(undefined);
  }
}

afterEach(() => vi.resetModules());

describe('policy.wasm compiled on first evaluation', () => {
  for (const threads of ['1', 'auto'] as const) {
    it(`a warm run with every result stored compiles nothing; an edited one compiles once (KUBELINT_THREADS=${threads})`, async () => {
      const dir = tempDir('kubelint-compile-lazy-');
      writeFileSync(path.join(dir, 'pod.yaml'), PRIVILEGED_POD);
      const home = { dir: tempDir('kubelint-compile-lazy-cache-'), secret: randomBytes(32), version: 'test' };
      const first = await run(dir, home, threads);
      expect(first.compiles).toBe(1);
      expect(first.report).toContain('no-privileged');
      const warm = await run(dir, home, threads);
      expect(warm).toEqual({ report: first.report, compiles: 0 });
      writeFileSync(path.join(dir, 'pod.yaml'), PRIVILEGED_POD.replace(/name: ([\w-]+)/, 'name: $1-edited'));
      const edited = await run(dir, home, threads);
      expect(edited.compiles).toBe(1);
      expect(edited.report).toContain('-edited');
    }, 120_000);
  }
});
