// scripts/lazy-packages.mjs: packages the OPA SDK requires at load for builtins kubelint withdraws
// (yaml v1, sprintf-js) are set up in the CLI bundle only when first called, and the `yaml`
// package (the full parser, for unusual documents) only when a member is first read.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script, plain JavaScript without declarations
import { checkMembers, deferredPackages, lazyPackages, membersUsed } from '../../scripts/lazy-packages.mjs';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();

describe('membersUsed', () => {
  it('reads members after require() and through a variable, ignoring strings and comments', () => {
    const source = [
      'const yaml = require("yaml"); // see yaml.docs',
      'const v = require("sprintf-js").vsprintf;',
      'module.exports = { "yaml.marshal": (d) => yaml.stringify(d), parse: (s) => yaml .parse(s) };',
      "const note = 'yaml.other';",
    ].join('\n');
    expect([...membersUsed(source, 'yaml')].sort()).toEqual(['parse', 'stringify']);
    expect([...membersUsed(source, 'sprintf-js')]).toEqual(['vsprintf']);
  });

  it('answers * when the module object itself is used', () => {
    expect([...membersUsed('const y = require("yaml");\nuse(y);', 'yaml')]).toEqual(['*']);
    expect([...membersUsed('const { parse } = require("yaml");', 'yaml')]).toEqual(['*']);
    expect([...membersUsed('register(require("yaml"));', 'yaml')]).toEqual(['*']);
    expect([...membersUsed('const other = require("yamlish");', 'yaml')]).toEqual([]);
  });
});

describe('checkMembers', () => {
  it('fails the build when an importer uses a member that is not listed', () => {
    const dir = temp('kubelint-lazy-');
    writeFileSync(path.join(dir, 'uses.js'), 'const yaml = require("yaml");\nmodule.exports = (s) => yaml.parseDocument(s);\n');
    expect(() => checkMembers(dir, { yaml: ['parse'] })).toThrow(/uses member parseDocument of yaml/);
    expect(() => checkMembers(dir, { yaml: ['parse', 'parseDocument'] })).not.toThrow();
  });
});

/** A CommonJS package `name` in the folder's node_modules, its index.js made of `lines`. */
function writePackage(dir: string, name: string, lines: string[]): void {
  mkdirSync(path.join(dir, 'node_modules', name), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, main: 'index.js' }));
  writeFileSync(path.join(dir, 'node_modules', name, 'index.js'), lines.join('\n'));
}

/** An ES module of ours (src/use.mjs) made of `lines`, and entry.js exporting what it exports. */
function writeImporter(dir: string, lines: string[]): void {
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src', 'use.mjs'), lines.join('\n'));
  writeFileSync(path.join(dir, 'entry.js'), 'module.exports = require("./src/use.mjs");\n');
}

/** A package that counts its set-ups in `globalThis.countedSetUps`. */
function countedPackage(dir: string): void {
  writePackage(dir, 'counted', [
    'globalThis.countedSetUps = (globalThis.countedSetUps ?? 0) + 1;',
    'exports.twice = (x) => 2 * x;',
    'exports.Box = class Box { constructor(v) { this.v = v; } static KIND = "box"; };',
    "Object.defineProperty(exports, 'hidden', { value: 7, enumerable: false });",
  ]);
}

/** Bundles `entry.js` of `dir` as the CLI bundle is (CommonJS) and runs it in a fresh context: its exports and the context. */
async function bundleAndRun(dir: string, plugin: Parameters<typeof build>[0]['plugins']): Promise<{ exports: Record<string, unknown>; context: vm.Context }> {
  const out = await build({ absWorkingDir: dir, entryPoints: ['entry.js'], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent', plugins: plugin });
  const code = out.outputFiles[0]!.text;
  expect(code).not.toContain(dir); // no path of the building machine in the bundle
  const context = vm.createContext({});
  const mod = { exports: {} as Record<string, unknown> };
  vm.runInContext(`(function (module, exports) {${code}\n})`, context)(mod, mod.exports);
  return { exports: mod.exports, context };
}

describe('the plugin', () => {
  it('bundles a package the importer requires at load so that it is set up on its first call', async () => {
    const dir = temp('kubelint-lazy-');
    countedPackage(dir);
    // An importer that requires it at load, as the SDK does.
    mkdirSync(path.join(dir, 'sdk'));
    writeFileSync(path.join(dir, 'sdk', 'builtin.js'), 'const counted = require("counted");\nmodule.exports = { double: (x) => counted.twice(x) };\n');
    writeFileSync(path.join(dir, 'entry.js'), 'module.exports = require("./sdk/builtin.js");\n');
    const { exports, context } = await bundleAndRun(dir, [lazyPackages(path.join(dir, 'sdk'), { counted: ['twice'] })]);
    expect(context.countedSetUps).toBeUndefined(); // loaded, not set up
    const double = exports.double as (x: number) => number;
    expect(double(21)).toBe(42);
    expect(double(4)).toBe(8);
    expect(context.countedSetUps).toBe(1); // set up once, on the first call
  });
});

describe('deferredPackages', () => {
  it('sets a package ES modules import up when a member is first read, and gives its very members', async () => {
    const dir = temp('kubelint-deferred-');
    countedPackage(dir);
    writeImporter(dir, [
      "import { twice, Box } from 'counted';",
      "import * as all from 'counted';",
      'export const double = (x) => twice(x);',
      'export const box = (v) => new Box(v);',
      'export const kind = () => Box.KIND;',
      'export const hidden = () => all.hidden;',
    ]);
    const { exports, context } = await bundleAndRun(dir, [deferredPackages(path.join(dir, 'src'), ['counted'])]);
    expect(context.countedSetUps).toBeUndefined(); // imported, not set up
    expect((exports.double as (x: number) => number)(21)).toBe(42);
    expect(context.countedSetUps).toBe(1);
    expect((exports.box as (v: number) => { v: number })(3)).toEqual({ v: 3 });
    expect((exports.kind as () => string)()).toBe('box');
    expect((exports.hidden as () => number)()).toBe(7);
    expect(context.countedSetUps).toBe(1); // once
  });

  it('stands in for a package that is a function: called, constructed, its members read', async () => {
    const dir = temp('kubelint-deferred-');
    writePackage(dir, 'matcher', [
      'globalThis.matcherSetUps = (globalThis.matcherSetUps ?? 0) + 1;',
      'function matcher(prefix) { if (new.target) { this.prefix = prefix; return; } return (s) => s.startsWith(prefix); }',
      'matcher.isMatch = (s, prefix) => s.startsWith(prefix);',
      'module.exports = matcher;',
    ]);
    writeImporter(dir, [
      "import matcher from 'matcher';",
      "export const starts = (s) => matcher('ku')(s);",
      "export const isMatch = (s) => matcher.isMatch(s, 'ku');",
      "export const made = () => new matcher('ku').prefix;",
    ]);
    const { exports, context } = await bundleAndRun(dir, [deferredPackages(path.join(dir, 'src'), ['matcher'])]);
    expect(context.matcherSetUps).toBeUndefined();
    expect((exports.starts as (s: string) => boolean)('kubelint')).toBe(true);
    expect((exports.starts as (s: string) => boolean)('helm')).toBe(false);
    expect((exports.isMatch as (s: string) => boolean)('kubelint')).toBe(true);
    expect((exports.made as () => string)()).toBe('ku');
    expect(context.matcherSetUps).toBe(1);
  });

  it('leaves importers outside the folder with the package as it is', async () => {
    const dir = temp('kubelint-deferred-');
    countedPackage(dir);
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'entry.js'), 'const counted = require("counted");\nmodule.exports = { double: (x) => counted.twice(x) };\n');
    const { context } = await bundleAndRun(dir, [deferredPackages(path.join(dir, 'src'), ['counted'])]);
    expect(context.countedSetUps).toBe(1); // set up at load, as without the plugin
  });
});

describe('the CLI bundle', () => {
  it('lints without setting up sprintf-js, the SDK sprintf builtin kubelint replaces', () => {
    // sprintf-js asks `typeof window` as it is set up: a getter on the global notices.
    const dir = temp('kubelint-lazy-');
    const trap = path.join(dir, 'trap.cjs');
    writeFileSync(trap, "Object.defineProperty(globalThis, 'window', { configurable: true, get() { process.stderr.write('window asked for\\n'); return undefined; } });\n");
    const env = { ...process.env, KUBELINT_CACHE_DIR: path.join(dir, 'cache') };
    const input = path.join(REPO_ROOT, 'manifests', 'solar-sync', 'plain', '07-deployment.yaml');
    for (let run = 0; run < 2; run++) {
      // A first run (code caches shipped with the build), then one from the cache folder.
      const result = spawnSync(process.execPath, ['-r', trap, path.join(REPO_ROOT, 'bin', 'kubelint.js'), input, '--no-config', '--format', 'json'], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout).findings.length).toBeGreaterThan(0);
    }
  }, 60_000);

  it('sets the yaml package up only for a document the fast path leaves to it', () => {
    // yaml asks for its node symbols (Symbol.for('yaml.map'), ...) as it is set up.
    const dir = temp('kubelint-lazy-');
    const trap = path.join(dir, 'trap.cjs');
    writeFileSync(trap, "const f = Symbol.for; Symbol.for = (key) => { if (String(key).startsWith('yaml.')) process.stderr.write('yaml set up\\n'); return f.call(Symbol, key); };\n");
    // A tag takes the full path (anchors and aliases no longer do: load/yaml-anchors.ts).
    const tagged = path.join(dir, 'tagged.yaml');
    writeFileSync(tagged, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n  labels: !!map {app: web}\n  annotations: {app: web}\n');
    const env = { ...process.env, KUBELINT_CACHE_DIR: path.join(dir, 'cache') };
    const lint = (input: string) => spawnSync(process.execPath, ['-r', trap, path.join(REPO_ROOT, 'bin', 'kubelint.js'), input, '--no-config', '--format', 'json'], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    const plain = path.join(REPO_ROOT, 'manifests', 'solar-sync', 'plain', '07-deployment.yaml');
    for (let run = 0; run < 2; run++) expect(lint(plain).stderr).toBe(''); // first run, then from the cache folder
    const withTag = lint(tagged);
    expect(withTag.stderr).toContain('yaml set up');
    expect(withTag.status).toBe(0);
    expect(JSON.parse(withTag.stdout).findings).toEqual([]);
  }, 60_000);

  it('loads node:worker_threads only for a run that starts the Rego helper thread, which then works', () => {
    const dir = temp('kubelint-lazy-');
    // Says at exit whether Node loaded the worker_threads module (it loads nothing itself).
    const loaded = path.join(dir, 'loaded.cjs');
    writeFileSync(loaded, "process.on('exit', () => process.stderr.write(process.moduleLoadList.includes('NativeModule worker_threads') ? 'worker_threads loaded\\n' : ''));\n");
    // Announces each Worker made (loading the module itself).
    const announce = path.join(dir, 'announce.cjs');
    writeFileSync(
      announce,
      "const wt = require('node:worker_threads'); const Base = wt.Worker;\nwt.Worker = class extends Base { constructor(...args) { super(...args); process.stderr.write('helper started\\n'); } };\n",
    );
    const input = path.join(REPO_ROOT, 'fixtures', 'solar-sync-seed');
    const lint = (preload: string, threads: string) =>
      spawnSync(process.execPath, ['-r', preload, path.join(REPO_ROOT, 'bin', 'kubelint.js'), input, '--no-config', '--format', 'json'], {
        cwd: dir,
        env: { ...process.env, KUBELINT_CACHE_DIR: path.join(dir, 'cache'), KUBELINT_THREADS: threads },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const one = lint(loaded, '1');
    expect(one.stderr).toBe('');
    const two = lint(announce, '2');
    expect(two.stderr).toBe('helper started\n');
    expect(two.stdout).toBe(one.stdout);
    expect(two.status).toBe(one.status);
  }, 60_000);

  it('matches config exemption globs through the deferred picomatch', () => {
    const dir = temp('kubelint-lazy-');
    mkdirSync(path.join(dir, 'k8s'));
    writeFileSync(path.join(dir, 'k8s', 'web.yaml'), readFileSync(path.join(REPO_ROOT, 'manifests', 'solar-sync', 'plain', '07-deployment.yaml')));
    const lint = () =>
      spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubelint.js'), 'k8s', '--format', 'json'], {
        cwd: dir,
        env: { ...process.env, KUBELINT_CACHE_DIR: path.join(dir, 'cache') },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const findings = (run: ReturnType<typeof lint>) => (JSON.parse(run.stdout) as { findings: Array<{ suppressed?: unknown }> }).findings;
    const before = findings(lint());
    expect(before.length).toBeGreaterThan(0);
    expect(before.some((f) => f.suppressed)).toBe(false);
    writeFileSync(path.join(dir, '.kubelint.json'), JSON.stringify({ exemptions: [{ rules: ['all'], reason: 'vendored', paths: ['k8s/*.yaml'] }] }));
    const after = findings(lint());
    expect(after.map((f) => Boolean(f.suppressed))).toEqual(before.map(() => true));
  }, 60_000);
});
