// The code caches the build ships beside the files it wrote (scripts/ship-code-caches.mjs; read by
// src/cache/code-cache.ts readShippedCodeCache): used when the user's cache folder has none for
// the file (a first run), only when made by this Node from exactly the file's bytes and whole;
// anything else (another source, a damaged or truncated file, another Node, a cache V8 refuses)
// compiles from source as if there were none.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { codeCacheFile, readCodeCache, readShippedCodeCache, requireWithCodeCache, shippedCodeCache, SHIPPED_COPY, SHIPPED_SUFFIX, storedCodeCache } from '../../src/cache/code-cache.js';
import { userKey } from '../../src/cache/auth.js';
import { PRECOMPILED_KINDS } from '../../src/schemas/precompile.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';
// @ts-expect-error: a build script, plain JavaScript
import { TEMPLATES, writeTrainingSet } from '../../scripts/code-cache-training.mjs';

const temp = tempDirs();

// Same length, different behaviour.
const SOURCE_A = 'module.exports = { value: "A" };\n';
const SOURCE_B = 'module.exports = { value: "B" };\n';
const sha = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');
const value = (exports: unknown) => (exports as { value: string }).value;

let made = 0;
/** V8's code cache of `source` as require() wraps it, compiled under a name no other script of this process has (V8 reuses a script it compiled before). */
function codeOf(source: string): Buffer {
  return new vm.Script(Module.wrap(source), { filename: `/elsewhere/${made++}.cjs` }).createCachedData();
}

function setup() {
  const dir = temp('kubelint-shipped-');
  const file = path.join(dir, 'mod.cjs');
  writeFileSync(file, SOURCE_A);
  return { file, home: { dir: path.join(dir, 'cache'), secret: randomBytes(32) } };
}

/** Sleeps past the file system's clock tick (Linux stamps files with a coarse clock, 1-10 ms), so a rewrite gets another change time. */
const pastClockTick = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);

/** Ships `data` beside `file` as the build does, named for `source`. */
function ship(file: string, source: string, data: Uint8Array, label = 1): Buffer {
  const bytes = shippedCodeCache(sha(source), label, data);
  writeFileSync(file + SHIPPED_SUFFIX, bytes);
  return bytes;
}

describe('a code cache shipped beside the file', () => {
  it("is used when the user's folder has none, and noted there, signed, for the next run: a few hundred bytes, not a copy", () => {
    const { file, home } = setup();
    const data = codeOf(SOURCE_A);
    ship(file, SOURCE_A, data, 1);
    const loaded = requireWithCodeCache(file, home);
    expect([value(loaded.exports), loaded.fromCache, loaded.label]).toEqual(['A', true, 1]);
    // The note: the user's own entry now, bound to the source like one the user's run wrote, but no
    // cache of its own (a copy of the data was written here before; nothing reads it as one).
    const entry = codeCacheFile(home.dir, file);
    expect(statSync(entry).size).toBeLessThan(400);
    expect(readCodeCache(entry, home.secret, sha(SOURCE_A))).toBeUndefined();
    // The next run takes the shipped cache through the note, labelled below any run's label
    // (cli/boot.ts then replaces the note by a cache made from the user's own run).
    const next = requireWithCodeCache(file, home);
    expect([value(next.exports), next.fromCache, next.label]).toEqual(['A', true, SHIPPED_COPY]);
    next.store(1);
    expect(readCodeCache(entry, home.secret, sha(SOURCE_A))?.label).toBe(1);
  });

  it('is taken through a note only while it is the very file the note verified: one edited or replaced is verified again', () => {
    const { file, home } = setup();
    const whole = ship(file, SOURCE_A, codeOf(SOURCE_A), 1);
    requireWithCodeCache(file, home);
    const shippedFile = file + SHIPPED_SUFFIX;
    const { mtime } = statSync(shippedFile);
    // Damaged in place, its times set back: its change time still moves, so the note no longer holds.
    const damaged = Buffer.from(whole);
    damaged[whole.indexOf(0x0a) + 100]! ^= 0xff; // V8 alone would take it
    pastClockTick();
    writeFileSync(shippedFile, damaged);
    utimesSync(shippedFile, mtime, mtime);
    const afterEdit = requireWithCodeCache(file, home);
    expect([value(afterEdit.exports), afterEdit.fromCache]).toEqual(['A', false]);
    // Put back whole (a new file as far as the note knows): verified by its hashes again, noted again.
    pastClockTick();
    writeFileSync(shippedFile, whole);
    expect(requireWithCodeCache(file, home).fromCache).toBe(true);
    expect(requireWithCodeCache(file, home).label).toBe(SHIPPED_COPY);
    rmSync(shippedFile);
    expect(requireWithCodeCache(file, home).fromCache).toBe(false);
  });

  it("a note in the user's folder is not a cache for another source", () => {
    const { file, home } = setup();
    ship(file, SOURCE_A, codeOf(SOURCE_A), 1);
    requireWithCodeCache(file, home);
    writeFileSync(file, SOURCE_B);
    ship(file, SOURCE_B, codeOf(SOURCE_B), 1);
    const other = requireWithCodeCache(file, home);
    expect([value(other.exports), other.fromCache, other.label]).toEqual(['B', true, 1]);
  });

  it("gives way to the user's own cache", () => {
    const { file, home } = setup();
    requireWithCodeCache(file, home).store(7);
    ship(file, SOURCE_A, codeOf(SOURCE_A), 1);
    const loaded = requireWithCodeCache(file, home);
    expect([value(loaded.exports), loaded.fromCache, loaded.label]).toEqual(['A', true, 7]);
  });

  it('is not used without one, and the run compiles and stores its own', () => {
    const { file, home } = setup();
    const loaded = requireWithCodeCache(file, home);
    expect([value(loaded.exports), loaded.fromCache]).toEqual(['A', false]);
  });

  it('is not used for another source of the same length (V8 alone would run its code)', () => {
    const { file, home } = setup();
    ship(file, SOURCE_B, codeOf(SOURCE_B));
    expect(readShippedCodeCache(file, readFileSync(file))).toBeUndefined();
    const loaded = requireWithCodeCache(file, home);
    expect([value(loaded.exports), loaded.fromCache]).toEqual(['A', false]);
  });

  it('is not used once the file is edited after the build, even to the same length', () => {
    const { file, home } = setup();
    ship(file, SOURCE_A, codeOf(SOURCE_A));
    writeFileSync(file, SOURCE_B);
    const loaded = requireWithCodeCache(file, home);
    expect([value(loaded.exports), loaded.fromCache]).toEqual(['B', false]);
  });

  it('is not used damaged or truncated (V8 would take a damaged cache of the right length)', () => {
    const { file, home } = setup();
    const whole = ship(file, SOURCE_A, codeOf(SOURCE_A));
    const header = whole.indexOf(0x0a) + 1;
    const damaged = Buffer.from(whole);
    damaged[header + 100]! ^= 0xff; // past V8's own header: V8 does not notice
    const variants = { damaged, truncated: whole.subarray(0, whole.length - 64), headerOnly: whole.subarray(0, header), empty: Buffer.alloc(0), noHeader: whole.subarray(header) };
    for (const [name, bytes] of Object.entries(variants)) {
      writeFileSync(file + SHIPPED_SUFFIX, bytes);
      expect(readShippedCodeCache(file, readFileSync(file)), name).toBeUndefined();
      const loaded = requireWithCodeCache(file, home);
      expect([name, value(loaded.exports), loaded.fromCache]).toEqual([name, 'A', false]);
    }
  });

  it('is not used when made by another Node version or for another architecture', () => {
    const { file, home } = setup();
    const whole = ship(file, SOURCE_A, codeOf(SOURCE_A)).toString('latin1');
    for (const other of [whole.replace(` ${process.version} `, ' v0.0.1 '), whole.replace(` ${process.arch} `, ' sparc ')]) {
      expect(other).not.toBe(whole);
      writeFileSync(file + SHIPPED_SUFFIX, Buffer.from(other, 'latin1'));
      expect(readShippedCodeCache(file, readFileSync(file))).toBeUndefined();
      expect(requireWithCodeCache(file, home).fromCache).toBe(false);
    }
  });

  it('compiles from source when V8 refuses it (made under other V8 flags), and the run can store its own', () => {
    const { file, home } = setup();
    // The same source's cache made by a Node with another flag: V8 stamps caches with its flags' hash.
    const made = spawnSync(process.execPath, ['--hash-seed=7', '-e', `process.stdout.write(new (require('vm').Script)(require('module').wrap(${JSON.stringify(SOURCE_A)})).createCachedData().toString('base64'))`], { encoding: 'utf8' });
    expect(made.status).toBe(0);
    ship(file, SOURCE_A, Buffer.from(made.stdout, 'base64'));
    expect(readShippedCodeCache(file, readFileSync(file))).toBeDefined(); // whole and for this source: V8 decides
    const loaded = requireWithCodeCache(file, home);
    expect([value(loaded.exports), loaded.fromCache]).toEqual(['A', false]);
    loaded.store(1);
    expect(requireWithCodeCache(file, home).fromCache).toBe(true);
  });

  it('is written only for a SHA-256 and a one-digit label', () => {
    expect(() => shippedCodeCache('abc', 1, Buffer.from('x'))).toThrow(/bad source hash/);
    expect(() => shippedCodeCache(sha('x'), 10, Buffer.from('x'))).toThrow(/bad source hash or label/);
  });
});

describe("npm run build's shipped caches", () => {
  it('are beside the CLI bundle and every precompiled module, for their bytes and this Node, and V8 takes each (scripts/ship-code-caches.mjs --check)', () => {
    const check = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'ship-code-caches.mjs'), '--check'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect([check.status, check.stderr]).toEqual([0, '']);
    expect(existsSync(path.join(REPO_ROOT, 'dist', 'bundle', `kubelint.cjs${SHIPPED_SUFFIX}`))).toBe(true);
  }, 60_000);

  it("serve a first run, which notes them in the user's folder; the next run stores its own; reports as a run whose Node refuses them (it compiles and stores its own)", () => {
    const bundle = path.join(REPO_ROOT, 'dist', 'bundle', 'kubelint.cjs');
    const bytes = readFileSync(bundle);
    const lint = (flags: string[], cacheDir: string) =>
      spawnSync(process.execPath, [...flags, path.join(REPO_ROOT, 'bin', 'kubelint.js'), 'manifests/solar-sync/plain', '--no-config', '--format', 'json'], { cwd: REPO_ROOT, env: { ...process.env, KUBELINT_CACHE_DIR: cacheDir }, encoding: 'utf8', timeout: 60_000 });
    /** The CLI bundle's code cache in the user's folder (boot binds it to the build's record of the bundle). */
    const userCache = (dir: string) => storedCodeCache(bundle, { dir, secret: userKey({ KUBELINT_CACHE_DIR: dir })! }, { sha256: sha(bytes), size: bytes.length })?.data;
    const shippedData = readShippedCodeCache(bundle, bytes)!.data;
    const shippedDir = temp('kubelint-shipped-first-');
    const shipped = lint([], shippedDir);
    expect(shipped.stderr).toBe('');
    expect(userCache(shippedDir)).toBeUndefined(); // a note only: no copy of the shipped data
    // The second run replaces the note by a cache of its own run (what a warm run reads, as before).
    expect(lint([], shippedDir).stdout).toBe(shipped.stdout);
    const second = userCache(shippedDir);
    expect([second === undefined, second?.equals(shippedData)]).toEqual([false, false]);
    const refusedDir = temp('kubelint-shipped-refused-');
    const refused = lint(['--hash-seed=7'], refusedDir);
    expect([refused.status, refused.stdout, refused.stderr]).toEqual([shipped.status, shipped.stdout, '']);
    const own = userCache(refusedDir);
    expect([own === undefined, own?.equals(shippedData)]).toEqual([false, false]); // compiled, then stored its own
  }, 60_000);
});

describe('the training set (scripts/code-cache-training.mjs)', () => {
  it('has an object of every precompiled kind, and names a kind that has none', () => {
    expect(PRECOMPILED_KINDS.filter((key) => !Object.hasOwn(TEMPLATES, key))).toEqual([]);
    for (const key of PRECOMPILED_KINDS) expect(`${TEMPLATES[key]().apiVersion} ${TEMPLATES[key]().kind}`).toBe(key);
    expect(() => writeTrainingSet(temp('kubelint-training-'), [...PRECOMPILED_KINDS, 'example.com/v1 Gadget'])).toThrow(
      'no training object for precompiled kind(s) example.com/v1 Gadget: add one to scripts/code-cache-training.mjs',
    );
  });
});
