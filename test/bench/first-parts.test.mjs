// bench/cli/first-parts.mjs: each variant's cache folder holds exactly its part of a warm folder,
// and the CPU preload's line is read back (what the table's columns come from).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PARTS, parseCpuLine, seedFolder } from '../../bench/cli/first-parts.mjs';

const scratch = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'first-parts-test-'));
  scratch.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A warm cache folder as three runs leave it: the key, code caches, Rego results, parsed documents. */
function warmFolder() {
  const warm = temp();
  writeFileSync(join(warm, 'cache-key'), 'k'.repeat(32));
  for (const [dir, file] of [['v8', 'a.bin'], ['rego', 'b.bin'], ['documents', 'index'], ['documents', '1234abcd.pack']]) {
    mkdirSync(join(warm, dir), { recursive: true });
    writeFileSync(join(warm, dir, file), `${dir}/${file}`);
  }
  return warm;
}

/** What a folder holds, as `name` (file) and `name/` (folder) entries, one level down for folders. */
function listing(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? readdirSync(join(dir, name)).sort().map((inner) => `${name}/${inner}`) : [name]));
}

describe('seedFolder', () => {
  it('copies exactly the part each variant names', () => {
    const warm = warmFolder();
    const seeded = Object.fromEntries(
      Object.keys(PARTS).map((part) => {
        const target = temp();
        seedFolder(warm, target, part);
        return [part, listing(target)];
      }),
    );
    expect(seeded).toEqual({
      first: [],
      key: ['cache-key'],
      code: ['cache-key', 'v8/a.bin'],
      rego: ['cache-key', 'rego/b.bin'],
      documents: ['cache-key', 'documents/1234abcd.pack', 'documents/index'],
      'no-writes': ['cache-key', 'documents', 'rego', 'v8'],
      'no-code-writes': ['cache-key', 'v8'],
      'no-rego-writes': ['cache-key', 'rego'],
      'no-document-writes': ['cache-key', 'documents'],
      warm: ['cache-key', 'documents/1234abcd.pack', 'documents/index', 'rego/b.bin', 'v8/a.bin'],
    });
  });

  it('no-writes puts an empty file where each store folder goes', () => {
    const target = temp();
    seedFolder(warmFolder(), target, 'no-writes');
    for (const name of ['v8', 'rego', 'documents']) {
      expect(statSync(join(target, name)).isFile()).toBe(true);
      expect(readFileSync(join(target, name), 'utf8')).toBe('');
    }
  });

  it('copies, so a run that rewrites its folder leaves the warm folder as it was', () => {
    const warm = warmFolder();
    const target = temp();
    seedFolder(warm, target, 'rego');
    writeFileSync(join(target, 'rego', 'b.bin'), 'rewritten');
    expect(readFileSync(join(warm, 'rego', 'b.bin'), 'utf8')).toBe('rego/b.bin');
  });

  it('says which part the warm folder lacks, and refuses an unknown part', () => {
    const warm = warmFolder();
    rmSync(join(warm, 'documents'), { recursive: true });
    expect(() => seedFolder(warm, temp(), 'documents')).toThrow(/the warm folder has no documents/);
    expect(() => seedFolder(warm, temp(), 'docs')).toThrow(/unknown part docs; known: first, key, code, rego, documents, no-writes, no-code-writes, no-rego-writes, no-document-writes, warm/);
  });
});

describe('the CPU preload', () => {
  it('appends the process and main-thread CPU at exit, read back by parseCpuLine', () => {
    const out = join(temp(), 'cpu.jsonl');
    writeFileSync(out, '');
    const preload = resolve('bench/cli/process-cpu.cjs');
    // A little work, so that both figures are above zero.
    const run = spawnSync(process.execPath, ['-r', preload, '-e', 'let x = 0; for (let i = 0; i < 3e6; i++) x += i; console.log(x > 0)'], { env: { ...process.env, KUBELINT_BENCH_CPU_OUT: out }, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const { cpu, main } = parseCpuLine(readFileSync(out, 'utf8'));
    expect(cpu).toBeGreaterThan(0);
    expect(main).toBeGreaterThan(0);
    expect(main).toBeLessThanOrEqual(cpu + 1); // the main thread is part of the process (±1 ms of rounding)
  });

  it('writes nothing without its variable, and a missing line is an error', () => {
    const dir = temp();
    const run = spawnSync(process.execPath, ['-r', resolve('bench/cli/process-cpu.cjs'), '-e', '0'], { cwd: dir, env: { ...process.env, KUBELINT_BENCH_CPU_OUT: '' } });
    expect(run.status).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    expect(() => parseCpuLine('')).toThrow(/no CPU line from the preload/);
    expect(parseCpuLine('{"cpu":1,"main":2}\n{"cpu":3.5,"main":2.5}\n')).toEqual({ cpu: 3.5, main: 2.5 });
  });
});
