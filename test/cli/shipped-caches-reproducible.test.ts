// Two builds of one commit ship the same CLI bundle code cache (scripts/ship-code-caches.mjs): the
// training processes run with a fixed V8 seed. Trained twice in a copy of the built package
// (training rewrites every *.v8cache beside the files, which other tests read meanwhile), the
// bundle's cache must come out byte for byte the same, and a plain `node` (no seed flag) must still
// take every cache (the script's own check). The kind modules' caches are left out: they came out
// the same in every quiet training, but 18 of 90 differed once under a full test run's load.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const copy = mkdtempSync(path.join(tmpdir(), 'kubelint-ship-twice-'));

afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** The built package as the training needs it; source maps left out. */
function copyBuild(): void {
  for (const part of ['package.json', 'bin', 'schemas', path.join('build', 'policies')]) cpSync(path.join(REPO_ROOT, part), path.join(copy, part), { recursive: true });
  cpSync(path.join(REPO_ROOT, 'dist'), path.join(copy, 'dist'), { recursive: true, filter: (from) => !from.endsWith('.map') && !from.endsWith('.v8cache') });
  mkdirSync(path.join(copy, 'scripts'));
  for (const script of ['ship-code-caches.mjs', 'code-cache-training.mjs']) cpSync(path.join(REPO_ROOT, 'scripts', script), path.join(copy, 'scripts', script));
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
}

/** Every shipped cache under the copy's dist, by path. */
function shippedCaches(): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (const entry of readdirSync(path.join(copy, 'dist'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.v8cache')) {
      const file = path.join(entry.parentPath, entry.name);
      found.set(path.relative(copy, file), readFileSync(file));
    }
  }
  return found;
}

function ship(): Map<string, Buffer> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.KUBELINT_SHIP_CODE_CACHES;
  const run = spawnSync(process.execPath, [path.join(copy, 'scripts', 'ship-code-caches.mjs')], { cwd: copy, env, encoding: 'utf8', timeout: 120_000 });
  // The script's own check (a fresh process without the seed flag takes every cache) is part of its exit code.
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return shippedCaches();
}

describe('scripts/ship-code-caches.mjs', () => {
  it('writes the same CLI bundle cache when run twice on one build, and plain node takes every cache', () => {
    copyBuild();
    const first = ship();
    const second = ship();
    // The CLI bundle and both strictnesses of every precompiled kind (pre-check and ajv module).
    expect(first.size).toBeGreaterThan(80);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    const bundle = path.join('dist', 'bundle', 'kubelint.cjs.v8cache');
    expect(first.get(bundle), 'no shipped cache for the CLI bundle').toBeDefined();
    expect(second.get(bundle)!.equals(first.get(bundle)!)).toBe(true);
  }, 240_000);
});
