// The build records each precompiled kind module's SHA-256 and size (scripts/precompile-schemas.mjs,
// built.json); a run binds the module's V8 code cache to that record and the file's identity
// instead of hashing it at every start (engine/schema-disk-cache.ts builtFile), as for the CLI bundle.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireWithCodeCache } from '../../src/cache/code-cache.js';
import { BUILT_FILE, builtFile } from '../../src/engine/schema-disk-cache.js';
import { COMPILED_DIR } from '../../src/schemas/store.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

// Same length, different behaviour.
const SOURCE_A = 'module.exports = { value: "A" };\n';
const SOURCE_B = 'module.exports = { value: "B" };\n';

/** A module holding SOURCE_A with the build's record of it, and a cache home. */
function builtModule(prefix: string) {
  const dir = temp(prefix);
  const file = path.join(dir, 'mod.cjs');
  writeFileSync(file, SOURCE_A);
  writeFileSync(path.join(dir, BUILT_FILE), JSON.stringify({ 'mod.cjs': { sha256: sha(SOURCE_A), size: SOURCE_A.length } }));
  return { file, home: { dir: path.join(dir, 'cache'), secret: randomBytes(32) }, built: builtFile(file) };
}

describe('built.json beside the precompiled kind modules', () => {
  it('names the SHA-256 and size of every module the build wrote', () => {
    const dirs = readdirSync(COMPILED_DIR, { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(dirs.length).toBeGreaterThanOrEqual(2); // strict and relaxed: run `npm run build`
    for (const dir of dirs) {
      const folder = path.join(COMPILED_DIR, dir.name);
      const modules = readdirSync(folder).filter((name) => name.endsWith('.cjs'));
      expect(modules.length).toBeGreaterThan(10);
      for (const name of modules) {
        const bytes = readFileSync(path.join(folder, name));
        expect(builtFile(path.join(folder, name)), name).toEqual({ sha256: sha(bytes), size: bytes.length });
      }
    }
  });

  it('gives nothing for a module it has no record of, or a record that is not one', () => {
    const dir = temp('kubelint-built-');
    writeFileSync(path.join(dir, BUILT_FILE), JSON.stringify({ 'a.cjs': { sha256: 'x'.repeat(64), size: 3 }, 'b.cjs': { sha256: 1, size: 3 } }));
    expect(builtFile(path.join(dir, 'a.cjs'))).toEqual({ sha256: 'x'.repeat(64), size: 3 });
    expect(builtFile(path.join(dir, 'b.cjs'))).toBeUndefined();
    expect(builtFile(path.join(dir, 'c.cjs'))).toBeUndefined();
    expect(builtFile(path.join(dir, 'toString'))).toBeUndefined();
    expect(builtFile(path.join(temp('kubelint-built-none-'), 'a.cjs'))).toBeUndefined();
    const broken = temp('kubelint-built-broken-');
    writeFileSync(path.join(broken, BUILT_FILE), '{');
    expect(builtFile(path.join(broken, 'a.cjs'))).toBeUndefined();
  });

  it('binds the code cache to the record and the file: a module edited after the build (same length) never meets the old cache', () => {
    const { file, home, built } = builtModule('kubelint-built-edit-');
    requireWithCodeCache(file, home, built).store(0);
    const again = requireWithCodeCache(file, home, built);
    expect([again.fromCache, again.sourceHash]).toEqual([true, sha(SOURCE_A)]);
    writeFileSync(file, SOURCE_B); // the record still says A
    const edited = requireWithCodeCache(file, home, built);
    expect(edited.fromCache).toBe(false);
    expect((edited.exports as { value: string }).value).toBe('B');
  });

  it('never meets the old cache when the module is edited in place and its modification time put back (touch -d, cp -p, rsync --inplace)', () => {
    const { file, home, built } = builtModule('kubelint-built-touch-');
    const when = 1_700_000_000; // whole seconds: the time set back is exactly the one before
    utimesSync(file, when, when);
    const before = statSync(file);
    requireWithCodeCache(file, home, built).store(0);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); // an edit comes later than the file system's clock tick
    writeFileSync(file, SOURCE_B); // same inode, same length
    utimesSync(file, when, when);
    expect([statSync(file).ino, statSync(file).mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    const edited = requireWithCodeCache(file, home, built);
    expect(edited.fromCache).toBe(false);
    expect((edited.exports as { value: string }).value).toBe('B');
  });
});
