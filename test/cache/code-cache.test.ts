// V8 code caches in the user's cache folder (src/cache/code-cache.ts) and the CLI start that uses
// one for its bundle (src/cli/boot.ts). V8 checks a code cache against its source's length only:
// a cache made from other code of the same length runs that other code. So a cache is used only
// when signed with this user's key and made from this very source; anything else compiles afresh.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import Module from 'node:module';
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { codeCacheFile, PRUNE_CODE_CACHES, readCodeCache, requireWithCodeCache, requireWrapped, WRAPPED_PREFIX, WRAPPED_SUFFIX, writeCodeCache } from '../../src/cache/code-cache.js';
import { builtFile, requirePrecompiled, useValidatorDiskCache } from '../../src/engine/schema-disk-cache.js';
import { KUBERNETES_FORMATS } from '../../src/schemas/ajv-setup.js';
import { precompiledDir } from '../../src/schemas/store.js';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/config/defaults.js';
import { sign, userKey } from '../../src/cache/auth.js';
import { readSignedBytes, signedBytes, writeSignedParts } from '../../src/cache/signed-file.js';
import { loadCachedCli } from '../../src/cli/boot.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();

// Same length, different behaviour.
const SOURCE_A = 'module.exports = { value: "A" };\n';
const SOURCE_B = 'module.exports = { value: "B" };\n';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** B's code cache, made for the wrapper require() puts around a file. */
function codeOf(source: string, file: string): Buffer {
  return new vm.Script(Module.wrap(source), { filename: file }).createCachedData();
}

function setup() {
  const dir = temp('kubelint-code-cache-');
  const file = path.join(dir, 'mod.cjs');
  writeFileSync(file, SOURCE_A);
  return { file, home: { dir: path.join(dir, 'cache'), secret: randomBytes(32) } };
}

const value = (exports: unknown) => (exports as { value: string }).value;

describe('requireWithCodeCache', () => {
  it('compiles from source, stores the cache, and compiles from it next time', () => {
    const { file, home } = setup();
    const first = requireWithCodeCache(file, home);
    expect([value(first.exports), first.fromCache, first.label]).toEqual(['A', false, undefined]);
    first.store(7);
    const second = requireWithCodeCache(file, home);
    expect([value(second.exports), second.fromCache, second.label]).toEqual(['A', true, 7]);
  });

  it("does not run another source's code: V8 alone would (same length), the signature and source hash refuse it", () => {
    const { file, home } = setup();
    const cacheFile = codeCacheFile(home.dir, file);
    const foreign = codeOf(SOURCE_B, file);
    // The danger this guards against: signed and labelled for A, B's code runs for A's source.
    writeCodeCache(cacheFile, home.secret, sha(SOURCE_A), 1, foreign);
    expect(value(requireWithCodeCache(file, home).exports)).toBe('B');
    // Signed by another key (planted by someone else): refused.
    writeCodeCache(cacheFile, randomBytes(32), sha(SOURCE_A), 1, foreign);
    const planted = requireWithCodeCache(file, home);
    expect([value(planted.exports), planted.fromCache]).toEqual(['A', false]);
    // Signed by this user but made from another source (a stale cache of an earlier build): refused.
    writeCodeCache(cacheFile, home.secret, sha(SOURCE_B), 1, foreign);
    const stale = requireWithCodeCache(file, home);
    expect([value(stale.exports), stale.fromCache]).toEqual(['A', false]);
  });

  it('compiles from source when the stored bytes are damaged, and stores a good cache again', () => {
    const { file, home } = setup();
    const cacheFile = codeCacheFile(home.dir, file);
    requireWithCodeCache(file, home).store(1);
    const bytes = readFileSync(cacheFile);
    bytes[bytes.length - 10]! ^= 0xff;
    writeFileSync(cacheFile, bytes);
    expect(readCodeCache(cacheFile, home.secret, sha(SOURCE_A))).toBeUndefined();
    const damaged = requireWithCodeCache(file, home);
    expect([value(damaged.exports), damaged.fromCache]).toEqual(['A', false]);
  });

  it('compiles from source when V8 refuses the stored code cache', () => {
    // A file this test process has not compiled yet: V8 reuses a script it compiled before.
    const { file, home } = setup();
    const cacheFile = codeCacheFile(home.dir, file);
    // Correctly signed garbage: V8 refuses it (cachedDataRejected), the source runs.
    writeCodeCache(cacheFile, home.secret, sha(SOURCE_A), 1, randomBytes(2000));
    const garbage = requireWithCodeCache(file, home);
    expect([value(garbage.exports), garbage.fromCache]).toEqual(['A', false]);
  });

  it('runs without a writable cache folder', () => {
    const { file, home } = setup();
    mkdirSync(home.dir, { recursive: true });
    writeFileSync(path.join(home.dir, 'v8'), 'a file where the folder would be');
    const loaded = requireWithCodeCache(file, home);
    expect(() => loaded.store(1)).not.toThrow();
    expect(value(loaded.exports)).toBe('A');
  });
});

describe('the code cache folder', () => {
  it('is bounded: writing a cache drops the oldest past PRUNE_CODE_CACHES.keep, and keeps the one written', () => {
    const dir = temp('kubelint-v8-prune-');
    mkdirSync(path.join(dir, 'v8'));
    const old = Date.now() / 1000 - 3600;
    for (let i = 0; i < PRUNE_CODE_CACHES.keep + 5; i++) {
      const file = path.join(dir, 'v8', `old${String(i).padStart(4, '0')}.bin`);
      writeFileSync(file, 'x');
      utimesSync(file, old - i, old - i); // old0000 the newest of them
    }
    const fresh = codeCacheFile(dir, '/some/module.js');
    writeCodeCache(fresh, randomBytes(32), sha(SOURCE_A), 0, Buffer.from('code'));
    const left = readdirSync(path.join(dir, 'v8'));
    expect(left).toHaveLength(PRUNE_CODE_CACHES.keep);
    expect(left).toContain(path.basename(fresh));
    expect(left).toContain('old0000.bin');
    expect(left).not.toContain(`old${String(PRUNE_CODE_CACHES.keep + 4).padStart(4, '0')}.bin`);
  });
});

describe('loadCachedCli (src/cli/boot.ts)', () => {
  /** A stand-in bundle: `engineLoaded` is what the run's command sets. */
  function fakeBundle(): { dir: string; env: NodeJS.ProcessEnv } {
    const dir = temp('kubelint-boot-');
    writeFileSync(
      path.join(dir, 'kubelint.cjs'),
      'exports.runState = { engineLoaded: false };\nexports.processIO = () => ({});\nexports.execute = async (argv) => { exports.runState.engineLoaded = argv[0] === "lint"; return 0; };\n',
    );
    return { dir, env: { KUBELINT_CACHE_DIR: path.join(dir, 'cache') } };
  }

  async function run(dir: string, env: NodeJS.ProcessEnv, command: string): Promise<string> {
    const loaded = loadCachedCli(dir, env)!;
    await loaded.cli.execute([command], loaded.cli.processIO());
    loaded.finish();
    const file = codeCacheFile(path.join(dir, 'cache'), path.join(dir, 'kubelint.cjs'));
    return `${readCodeCache(file, userKey(env)!, sha(readFileSync(path.join(dir, 'kubelint.cjs'), 'utf8')))?.label}@${statSync(file).mtimeMs}`;
  }

  it('stores the cache after the first run, and replaces one written by a run that did not lint', async () => {
    const { dir, env } = fakeBundle();
    const afterVersion = await run(dir, env, '--version');
    expect(afterVersion).toMatch(/^0@/);
    const afterLint = await run(dir, env, 'lint');
    expect(afterLint).toMatch(/^1@/);
    // A cache from a lint is kept: neither another lint nor a --version rewrites it.
    expect(await run(dir, env, 'lint')).toBe(afterLint);
    expect(await run(dir, env, '--version')).toBe(afterLint);
  });

  it('leaves the choice to the caller when there is no bundle or no cache key', () => {
    const { dir, env } = fakeBundle();
    expect(loadCachedCli(path.join(dir, 'missing'), env)).toBeUndefined();
    const locked = path.join(dir, 'locked');
    mkdirSync(locked, { mode: 0o500 });
    if (process.getuid?.() !== 0) expect(loadCachedCli(dir, { KUBELINT_CACHE_DIR: path.join(locked, 'cache') })).toBeUndefined();
    chmodSync(locked, 0o700);
  });
});

describe('bin/kubelint.js with the code cache', () => {
  it('gives the same report from a fresh cache, from the stored one, and past a damaged one', () => {
    const cacheDir = temp('kubelint-boot-cache-');
    const lint = () => spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubelint.js'), 'manifests/solar-sync/plain/07-deployment.yaml', '--no-config', '--format', 'json'], { cwd: REPO_ROOT, env: { ...process.env, KUBELINT_CACHE_DIR: cacheDir }, encoding: 'utf8', timeout: 60_000 });
    const first = lint();
    expect(first.stderr).toBe('');
    const file = codeCacheFile(cacheDir, path.join(REPO_ROOT, 'dist', 'bundle', 'kubelint.cjs'));
    expect(existsSync(file)).toBe(true);
    const second = lint();
    expect([second.status, second.stdout]).toEqual([first.status, first.stdout]);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1]! ^= 0xff;
    writeFileSync(file, bytes);
    const third = lint();
    expect([third.status, third.stdout, third.stderr]).toEqual([first.status, first.stdout, '']);
    expect(readFileSync(file).equals(bytes)).toBe(false); // written again
  }, 60_000);

  it('imports a trusted .mjs config from the cached bundle too (import() restored from a code cache needs boot)', () => {
    const repo = temp('kubelint-boot-mjs-');
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\ndata:\n  a: b\n';
    writeFileSync(path.join(repo, 'cm.yaml'), `${cm}---\n${cm}`);
    writeFileSync(path.join(repo, '.kubelintrc.mjs'), "export default { rules: { 'duplicate-resource': 'off' } };\n");
    const env = { ...process.env, KUBELINT_CACHE_DIR: temp('kubelint-boot-mjs-cache-') };
    const lint = (...extra: string[]) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubelint.js'), 'cm.yaml', '--format', 'compact', ...extra], { cwd: repo, env, encoding: 'utf8', timeout: 60_000 });
    for (const run of [lint('--trust-config'), lint('--trust-config')]) expect([run.status, run.stderr]).toEqual([0, '']); // cold, then warm
    expect(lint().status).toBe(2); // untrusted: refused, as before
  }, 60_000);

  it('accepts on the second run every code cache the first run wrote (bundle and kind validator): a V8 flag left changed would make V8 refuse them', () => {
    // V8 stamps a code cache with a hash of all its flags; a run that changes one (wasm-compile.ts,
    // a heap setting) must put it back before any cache is made or read. A refused cache is made
    // again by the run that refused it, so a second run rewriting nothing means all were accepted.
    const cacheDir = temp('kubelint-boot-flags-');
    const lint = () => spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubelint.js'), 'manifests/solar-sync/plain/07-deployment.yaml', '--no-config', '--format', 'json'], { cwd: REPO_ROOT, env: { ...process.env, KUBELINT_CACHE_DIR: cacheDir }, encoding: 'utf8', timeout: 60_000 });
    const v8Dir = path.join(cacheDir, 'v8');
    const files = () => readdirSync(v8Dir).sort().map((name) => { const s = statSync(path.join(v8Dir, name)); return `${name} ${s.ino} ${s.mtimeMs}`; });
    expect(lint().stderr).toBe('');
    // The second run replaces the copy of the build's shipped cache of the CLI bundle by its own (code-cache.ts SHIPPED_COPY).
    expect(lint().stderr).toBe('');
    const made = files();
    expect(made.length).toBeGreaterThanOrEqual(2); // the CLI bundle's and the Deployment validator's
    expect(lint().stderr).toBe('');
    expect(files()).toEqual(made);
  }, 60_000);

  it("accepts the code cache of a CRD's stored validator on the run after the one that wrote it, as of the bundle and the kinds", () => {
    const repo = temp('kubelint-boot-crd-');
    const crd = [
      'apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', 'metadata:', '  name: widgets.example.com', 'spec:', '  group: example.com',
      '  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }', '  scope: Namespaced', '  versions:', '    - name: v1', '      served: true', '      storage: true',
      '      schema:', '        openAPIV3Schema:', '          type: object', '          properties:', '            spec:', '              type: object', '              properties:', '                size: { type: integer, minimum: 3 }',
      // compiled and stored: the CLI walks a schema without uniqueItems instead (engine/schema-interpret.ts)
      '                tags: { type: array, uniqueItems: true }',
    ].join('\n');
    writeFileSync(path.join(repo, 'all.yaml'), `${crd}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: shop\nspec:\n  size: 1\n`);
    const cacheDir = temp('kubelint-boot-crd-cache-');
    const lint = () => spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubelint.js'), 'all.yaml', '--no-config', '--format', 'json'], { cwd: repo, env: { ...process.env, KUBELINT_CACHE_DIR: cacheDir }, encoding: 'utf8', timeout: 60_000 });
    const v8Dir = path.join(cacheDir, 'v8');
    const files = () => readdirSync(v8Dir).sort().map((name) => { const s = statSync(path.join(v8Dir, name)); return `${name} ${s.ino} ${s.mtimeMs}`; });
    const first = lint();
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('must be >= 3');
    // The run that compiled the validator leaves its code cache to the next, which reads the code back.
    expect(lint().stdout).toBe(first.stdout);
    const [validator] = readdirSync(path.join(cacheDir, 'validators'));
    const made = files();
    expect(made.map((f) => f.split(' ')[0])).toContain(path.basename(codeCacheFile(cacheDir, path.join(cacheDir, 'validators', validator!))));
    expect(lint().stdout).toBe(first.stdout);
    expect(files()).toEqual(made);
  }, 60_000);

  it("lints from the cached bundle without Node's ES module loader (bin and boot are CommonJS: the loader costs a cold start ~5 ms)", () => {
    const dir = temp('kubelint-boot-cjs-');
    const probe = path.join(dir, 'probe.cjs');
    const report = path.join(dir, 'loaded.txt');
    writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, process.moduleLoadList.join('\\n')));\n`);
    const env = { ...process.env, KUBELINT_CACHE_DIR: path.join(dir, 'cache') };
    const lint = () => spawnSync(process.execPath, ['--require', probe, path.join(REPO_ROOT, 'bin', 'kubelint.js'), 'manifests/solar-sync/plain/07-deployment.yaml', '--no-config', '--format', 'json'], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 60_000 });
    for (const run of [lint(), lint()]) expect([run.status, run.stderr]).toEqual([1, '']); // cold, then from the cache
    const loaded = readFileSync(report, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule vm'); // the probe sees the run
    expect(loaded.filter((m) => /esm\/(module_job|translators)/.test(m))).toEqual([]); // what running an ES module takes
  }, 60_000);

  it('runs serve from the ESM bundle (its Kubernetes client is an ES module)', () => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubelint.js'), 'serve', '--help'], { cwd: REPO_ROOT, env: { ...process.env, KUBELINT_CACHE_DIR: temp('kubelint-boot-serve-') }, encoding: 'utf8', timeout: 60_000 });
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^Usage: kubelint serve/);
  }, 60_000);
});

describe("requireWithCodeCache with the build's record of the file (the CLI bundle)", () => {
  const built = (size: number) => ({ sha256: 'b'.repeat(64), size });

  it("takes the build's SHA-256 instead of hashing the file at every start", () => {
    const { file, home } = setup();
    const first = requireWithCodeCache(file, home, built(SOURCE_A.length));
    expect(first.sourceHash).toBe('b'.repeat(64));
    first.store(1);
    const second = requireWithCodeCache(file, home, built(SOURCE_A.length));
    expect([value(second.exports), second.fromCache, second.sourceHash]).toEqual(['A', true, 'b'.repeat(64)]);
  });

  it('never serves the cache of the file the build wrote to the same file edited afterwards, even to the same length', () => {
    const { file, home } = setup();
    requireWithCodeCache(file, home, built(SOURCE_A.length)).store(1);
    writeFileSync(file, SOURCE_B); // the record is stale now: same size, other code
    utimesSync(file, new Date(), new Date(Date.now() + 10_000)); // a new mtime even on a coarse clock
    const edited = requireWithCodeCache(file, home, built(SOURCE_B.length));
    expect([value(edited.exports), edited.fromCache]).toEqual(['B', false]);
  });

  it('refuses a cache for the recorded file signed with another key', () => {
    const { file, home } = setup();
    requireWithCodeCache(file, home, built(SOURCE_A.length)).store(1);
    const cacheFile = codeCacheFile(home.dir, file);
    const body = readFileSync(cacheFile).subarray(64);
    writeFileSync(cacheFile, Buffer.concat([Buffer.from(sign(randomBytes(32), body), 'latin1'), body]));
    const planted = requireWithCodeCache(file, home, built(SOURCE_A.length));
    expect([value(planted.exports), planted.fromCache]).toEqual(['A', false]);
  });

  it('hashes the file when its size is not the one the build recorded', () => {
    const { file, home } = setup();
    expect(requireWithCodeCache(file, home, built(SOURCE_A.length + 1)).sourceHash).toBe(sha(SOURCE_A));
  });
});

describe('a file the build wrote already wrapped (the CLI bundle)', () => {
  it('is compiled as it is, from source and from its cache (no Module.wrap copy of the source)', () => {
    const { file, home } = setup();
    writeFileSync(file, `${WRAPPED_PREFIX}module.exports = { value: "W", args: arguments.length };\n});\n`);
    const first = requireWithCodeCache(file, home);
    expect([first.exports, first.fromCache]).toEqual([{ value: 'W', args: 5 }, false]);
    first.store(1);
    const second = requireWithCodeCache(file, home);
    expect([second.exports, second.fromCache]).toEqual([{ value: 'W', args: 5 }, true]);
  });

  it('is how npm run build writes dist/bundle/kubelint.cjs', () => {
    expect(readFileSync(path.join(REPO_ROOT, 'dist', 'bundle', 'kubelint.cjs'), 'latin1').startsWith(WRAPPED_PREFIX)).toBe(true);
  });

  it('runs without a code cache through requireWrapped, which require() cannot; a plain CommonJS file goes through require()', () => {
    const { file } = setup();
    writeFileSync(file, `${WRAPPED_PREFIX}module.exports = { value: "W", args: arguments.length };${WRAPPED_SUFFIX}`);
    expect(requireWrapped(file)).toEqual({ value: 'W', args: 5 });
    expect(Module.createRequire(file)(file)).toEqual({}); // require() only evaluates the wrapper
    const plain = path.join(path.dirname(file), 'plain.cjs');
    writeFileSync(plain, SOURCE_B);
    expect(value(requireWrapped(plain))).toBe('B');
  });
});

describe("the build's precompiled kind modules", () => {
  const deployment = `${precompiledDir(DEFAULT_KUBERNETES_VERSION, true)}k_apps_v1_Deployment.cjs`;
  type KindModule = { kinds: string[]; load(formats: unknown): Record<string, (value: unknown) => boolean> };
  const invalid = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 'two' } };

  it('are written already wrapped (no Module.wrap copy of ~500 KB at each load)', () => {
    const text = readFileSync(deployment, 'latin1');
    expect([text.startsWith(WRAPPED_PREFIX), text.endsWith(WRAPPED_SUFFIX)]).toEqual([true, true]);
  });

  it("validate alike without a cache folder, from the build's shipped code cache, from source, and from the user's code cache", () => {
    const errorsOf = (mod: unknown) => {
      const { kinds, load } = mod as KindModule;
      const validate = load(KUBERNETES_FORMATS)[kinds[0]!]! as ((value: unknown) => boolean) & { errors?: unknown };
      return [validate(invalid), validate.errors];
    };
    useValidatorDiskCache(undefined);
    const bare = errorsOf(requirePrecompiled(deployment));
    expect(bare[0]).toBe(false);
    const home = { dir: temp('kubelint-kind-cache-'), secret: randomBytes(32) };
    const shipped = requireWithCodeCache(deployment, home, builtFile(deployment)); // scripts/ship-code-caches.mjs
    expect([shipped.fromCache, errorsOf(shipped.exports)]).toEqual([true, bare]);
    // A copy has no shipped cache beside it: compiled from source, then from the cache it stores.
    const copy = path.join(temp('kubelint-kind-copy-'), path.basename(deployment));
    writeFileSync(copy, readFileSync(deployment));
    const first = requireWithCodeCache(copy, home);
    expect([first.fromCache, errorsOf(first.exports)]).toEqual([false, bare]);
    first.store(0);
    const second = requireWithCodeCache(copy, home);
    expect([second.fromCache, errorsOf(second.exports)]).toEqual([true, bare]);
  });
});

describe('writeCodeCache', () => {
  it('writes what signedBytes makes of the hash, the label and the data joined, byte for byte, without joining them', () => {
    const { home } = setup();
    const file = path.join(home.dir, 'v8', 'entry.bin');
    const data = randomBytes(800 * 1024);
    writeCodeCache(file, home.secret, sha(SOURCE_A), 3, data);
    const joined = Buffer.concat([Buffer.from(sha(SOURCE_A), 'latin1'), Buffer.from([3]), data]);
    expect(readFileSync(file).equals(signedBytes(home.secret, joined))).toBe(true); // toEqual compares 800 KB element by element
    const read = readCodeCache(file, home.secret, sha(SOURCE_A));
    expect(read?.label).toBe(3);
    expect(read?.data.equals(data)).toBe(true);
  });

  it('writeSignedParts: the entry signedBytes makes of the parts joined, read back by readSignedBytes, refused under another key', () => {
    const { home } = setup();
    const file = path.join(home.dir, 'parts.bin');
    const parts = [Buffer.from('head'), new Uint8Array(0), randomBytes(5000)];
    writeSignedParts(file, home.secret, parts);
    expect(readFileSync(file).equals(signedBytes(home.secret, Buffer.concat(parts)))).toBe(true);
    expect(readSignedBytes(file, home.secret)?.equals(Buffer.concat(parts))).toBe(true);
    expect(readSignedBytes(file, randomBytes(32))).toBeUndefined();
  });
});
