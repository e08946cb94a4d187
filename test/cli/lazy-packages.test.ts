// scripts/lazy-packages.mjs: packages the OPA SDK requires at load for builtins kubelint withdraws
// (yaml v1, sprintf-js) are set up in the CLI bundle only when first called.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { checkMembers, lazyPackages, membersUsed } from '../../scripts/lazy-packages.mjs';
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

describe('the plugin', () => {
  it('bundles a package the importer requires at load so that it is set up on its first call', async () => {
    const dir = temp('kubelint-lazy-');
    // A package that counts its set-ups, and an importer that requires it at load, as the SDK does.
    mkdirSync(path.join(dir, 'node_modules', 'counted'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'counted', 'package.json'), '{"name":"counted","main":"index.js"}');
    writeFileSync(path.join(dir, 'node_modules', 'counted', 'index.js'), 'globalThis.countedSetUps = (globalThis.countedSetUps ?? 0) + 1;\nexports.twice = (x) => 2 * x;\n');
    mkdirSync(path.join(dir, 'sdk'));
    writeFileSync(path.join(dir, 'sdk', 'builtin.js'), 'const counted = require("counted");\nmodule.exports = { double: (x) => counted.twice(x) };\n');
    writeFileSync(path.join(dir, 'entry.js'), 'module.exports = require("./sdk/builtin.js");\n');
    const out = await build({
      absWorkingDir: dir,
      entryPoints: ['entry.js'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      logLevel: 'silent',
      plugins: [lazyPackages(path.join(dir, 'sdk'), { counted: ['twice'] })],
    });
    const code = out.outputFiles[0]!.text;
    expect(code).not.toContain(dir); // no path of the building machine in the bundle

    const context = vm.createContext({});
    const mod = { exports: {} as { double(x: number): number } };
    vm.runInContext(`(function (module, exports) {${code}\n})`, context)(mod, mod.exports);
    expect(context.countedSetUps).toBeUndefined(); // loaded, not set up
    expect(mod.exports.double(21)).toBe(42);
    expect(mod.exports.double(4)).toBe(8);
    expect(context.countedSetUps).toBe(1); // set up once, on the first call
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
});
