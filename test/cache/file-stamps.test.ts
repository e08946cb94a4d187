// A file's stamp (src/cache/file-stamps.ts) stands for its content: recorded only once the file has
// been still long enough that a later write must change it, and different after any rewrite.
import { symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { settledStamp, stampOf } from '../../src/cache/file-stamps.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const LATER = () => Date.now() + 10_000;

describe('file stamps', () => {
  it('are not recorded for a file written within the last two seconds, and are once it is still', () => {
    const file = path.join(temp('kubelint-stamps-'), 'a.yaml');
    writeFileSync(file, 'a: 1\n');
    expect(settledStamp(file)).toBeUndefined();
    // Times set into the past do not settle it: the change time is the write's.
    utimesSync(file, new Date(0), new Date(0));
    expect(settledStamp(file)).toBeUndefined();
    expect(settledStamp(file, LATER())).toBe(stampOf(file));
  });

  it('change with the size and the modification time', () => {
    const dir = temp('kubelint-stamps-');
    const file = path.join(dir, 'a.yaml');
    writeFileSync(file, 'a: 1\n');
    const first = stampOf(file);
    writeFileSync(file, 'a: 12\n');
    expect(stampOf(file)).not.toBe(first);
    const second = stampOf(file);
    utimesSync(file, new Date(1000), new Date(1000));
    expect(stampOf(file)).not.toBe(second);
  });

  it('are undefined for what is not a regular file', () => {
    const dir = temp('kubelint-stamps-');
    expect(stampOf(path.join(dir, 'missing.yaml'))).toBeUndefined();
    expect(stampOf(dir)).toBeUndefined();
    symlinkSync(path.join(dir, 'missing.yaml'), path.join(dir, 'dangling.yaml'));
    expect(settledStamp(path.join(dir, 'dangling.yaml'), LATER())).toBeUndefined();
  });
});
