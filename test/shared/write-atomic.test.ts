// writeFileAtomic: a failed write or rename leaves no temporary file behind. On a full disk every
// cache write failed after creating `<file>.<pid>.tmp`, and each run left more of them (in
// findings/, parsed/ and v8/, where pruning looks only at finished entries).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/shared/write-atomic.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();

describe('writeFileAtomic', () => {
  it('writes the file whole, with the mode asked for, and leaves nothing else', () => {
    const dir = temp('kubelint-atomic-');
    const file = path.join(dir, 'sub', 'entry.json');
    writeFileAtomic(file, '{"a":1}', 0o600);
    expect(readdirSync(path.dirname(file))).toEqual(['entry.json']);
  });

  it('throws when the rename fails and removes its temporary file', () => {
    const dir = temp('kubelint-atomic-');
    // A folder holding a file where the entry should go: the write succeeds, the rename cannot.
    const file = path.join(dir, 'entry.json');
    mkdirSync(file);
    writeFileSync(path.join(file, 'inside'), 'x');
    expect(() => writeFileAtomic(file, 'data', 0o600)).toThrow();
    expect(readdirSync(dir)).toEqual(['entry.json']);
  });

  it('writes parts one after the other, whole, with the mode asked for (a large part too)', () => {
    const dir = temp('kubelint-atomic-');
    const file = path.join(dir, 'sub', 'entry.bin');
    const large = Buffer.alloc(3 * 1024 * 1024 + 17, 0xab);
    writeFileAtomic(file, [Buffer.from('mac\n'), Buffer.from([]), new Uint8Array([1, 2, 3]), large], 0o600);
    // Buffer.equals: vitest's toEqual compares a 3 MB buffer element by element (~25 s).
    expect(readFileSync(file).equals(Buffer.concat([Buffer.from('mac\n'), Buffer.from([1, 2, 3]), large]))).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file))).toEqual(['entry.bin']);
  });

  it('throws when the rename of parts fails and removes its temporary file', () => {
    const dir = temp('kubelint-atomic-');
    const file = path.join(dir, 'entry.bin');
    mkdirSync(file);
    writeFileSync(path.join(file, 'inside'), 'x');
    expect(() => writeFileAtomic(file, [Buffer.from('a'), Buffer.from('b')], 0o600)).toThrow();
    expect(readdirSync(dir)).toEqual(['entry.bin']);
  });
});
