// A run of a few files reads them without libuv's thread pool (load/read.ts
// readRegularManifestFileSync), with the same results; everything else goes the async way.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, promises as fsp, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseFiles, READ_CONCURRENCY } from '../../src/load/file.js';
import { readManifestFile, readRegularManifestFileSync } from '../../src/load/read.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: {}\n';

const temp = tempDirs();
const folder = () => temp('kubelint-read-sync-');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('readRegularManifestFileSync', () => {
  it('reads a regular file as readManifestFile does, refusals included', async () => {
    const dir = folder();
    const files = {
      'ok.yaml': DEPLOYMENT,
      'binary.yaml': 'kind: Pod\n\0\n',
      'latin1.yaml': Buffer.from([0x6b, 0x3a, 0x20, 0xe9, 0x0a]),
    };
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      expect(readRegularManifestFileSync(file)).toEqual(await readManifestFile(file));
    }
  });

  it('leaves directories, missing and unreadable files, and FIFOs to readManifestFile (its words for errors; a FIFO is streamed)', () => {
    const dir = folder();
    mkdirSync(path.join(dir, 'sub'));
    expect(readRegularManifestFileSync(path.join(dir, 'sub'))).toBeUndefined();
    expect(readRegularManifestFileSync(path.join(dir, 'missing.yaml'))).toBeUndefined();
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(readRegularManifestFileSync(fifo)).toBeUndefined(); // returns at once: never opened without a writer
    if (process.getuid?.() !== 0) {
      const locked = path.join(dir, 'locked.yaml');
      writeFileSync(locked, DEPLOYMENT);
      chmodSync(locked, 0);
      expect(readRegularManifestFileSync(locked)).toBeUndefined();
    }
  });
});

describe('parseFiles', () => {
  it('parses a few regular files without a promise-based open, in order; a missing one still gets its error', async () => {
    const dir = folder();
    const names = ['a.yaml', 'b.yaml', 'c.yaml'];
    for (const name of names) writeFileSync(path.join(dir, name), DEPLOYMENT.replace('web', name));
    const open = vi.spyOn(fsp, 'open');
    const parsed = await parseFiles(names.map((n) => path.join(dir, n)), dir);
    expect(open).not.toHaveBeenCalled();
    expect(parsed.map((p) => (p.manifests[0]!.value as { metadata: { name: string } }).metadata.name)).toEqual(names);
    const [missing] = await parseFiles([path.join(dir, 'gone.yaml')], dir);
    expect(open).toHaveBeenCalledTimes(1);
    expect(missing!.problems).toEqual([{ ruleId: 'parse-error', message: 'cannot read: no such file (or a dangling symlink)', file: 'gone.yaml', line: undefined, column: undefined }]);
  });

  it('reads many regular files synchronously too, in order; a missing one and a directory among them get their own errors', async () => {
    const dir = folder();
    const names = Array.from({ length: READ_CONCURRENCY * 2 + 3 }, (_, i) => `f${String(i).padStart(3, '0')}.yaml`);
    for (const name of names) writeFileSync(path.join(dir, name), DEPLOYMENT.replace('web', name));
    mkdirSync(path.join(dir, 'sub.yaml'));
    const open = vi.spyOn(fsp, 'open');
    const inputs = [...names.slice(0, 40), 'gone.yaml', 'sub.yaml', ...names.slice(40)].map((n) => path.join(dir, n));
    const parsed = await parseFiles(inputs, dir);
    expect(open).toHaveBeenCalledTimes(2); // only the two that are no regular file
    expect(parsed).toHaveLength(names.length + 2);
    expect(parsed[40]!.problems).toEqual([{ ruleId: 'parse-error', message: 'cannot read: no such file (or a dangling symlink)', file: 'gone.yaml', line: undefined, column: undefined }]);
    expect(parsed[41]!.problems).toEqual([{ ruleId: 'parse-error', message: 'is a directory', file: 'sub.yaml', line: undefined, column: undefined }]);
    const named = [...parsed.slice(0, 40), ...parsed.slice(42)].map((p) => (p.manifests[0]!.value as { metadata: { name: string } }).metadata.name);
    expect(named).toEqual(names);
  });
});
