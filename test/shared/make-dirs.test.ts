// makeDirs: what mkdirSync(…, { recursive: true }) does, without Node 20's endless loop under /proc
// (a cache folder set there hung every run, even before the first file was read).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDirs } from '../../src/shared/make-dirs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const temps: string[] = [];
const temp = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-dirs-'));
  temps.push(dir);
  return dir;
};
const linux = existsSync('/proc/self');

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('makeDirs', () => {
  it('makes every missing folder with the mode asked for, and accepts folders that exist', () => {
    const base = temp();
    const deep = path.join(base, 'a', 'b', 'c');
    makeDirs(deep, 0o700);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(statSync(path.join(base, 'a')).mode & 0o777).toBe(0o700 & ~process.umask());
    makeDirs(deep, 0o700); // again: nothing to do, no error
    makeDirs(base);
  });

  it('throws where a parent is a file', () => {
    const base = temp();
    writeFileSync(path.join(base, 'file'), '');
    expect(() => makeDirs(path.join(base, 'file', 'sub'))).toThrow(/ENOTDIR|EEXIST/);
  });

  it.runIf(linux)('throws under /proc instead of looping', () => {
    expect(() => makeDirs(`/proc/kubelint-${process.pid}/a/b`, 0o700)).toThrow(/ENOENT/);
  });

  it.runIf(linux)('a lint whose cache folder is under /proc finishes (the caches are skipped)', () => {
    const cwd = temp();
    writeFileSync(path.join(cwd, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    const run = spawnSync(process.execPath, [path.join(root, 'bin', 'kubelint.js'), '.', '--no-config'], {
      cwd,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, KUBELINT_CACHE_DIR: `/proc/kubelint-${process.pid}` },
    });
    expect(run.error).toBeUndefined(); // ETIMEDOUT on the old code: the run never ended
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('1 resource checked, no problems');
  });
});
