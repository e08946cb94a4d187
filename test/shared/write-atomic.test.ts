// writeFileAtomic: a failed write or rename leaves no temporary file behind. On a full disk every
// cache write failed after creating `<file>.<pid>.tmp`, and each run left more of them (in
// findings/, parsed/ and v8/, where pruning looks only at finished entries).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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
});
