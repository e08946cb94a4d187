// The signed key → value files of the user's cache folder (src/cache/signed-map.ts): what this run
// used goes first, the bound drops the least recently used, and only this user's signed file of
// this format is read.
import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSignedMap } from '../../src/cache/signed-map.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();

describe('openSignedMap', () => {
  it('keeps what the run used and added first, and drops the least recently used past the bound', () => {
    const file = path.join(temp('kubelint-signed-map-'), 'map.json');
    const secret = randomBytes(32);
    const first = openSignedMap<number>(file, secret, 1, 3);
    for (const [i, key] of ['a', 'b', 'c'].entries()) first.set(key, i);
    expect(first.save()).toBe(true);
    const second = openSignedMap<number>(file, secret, 1, 3);
    expect(second.get('a')).toBe(0); // used: recent
    second.set('d', 3);
    second.save();
    const third = openSignedMap<number>(file, secret, 1, 3);
    expect(['a', 'b', 'c', 'd'].map((k) => third.get(k))).toEqual([0, 1, undefined, 3]);
    expect(third.save()).toBe(false); // nothing added: not written
  });

  it("reads only this user's signed file of this format", () => {
    const file = path.join(temp('kubelint-signed-map-'), 'map.json');
    const secret = randomBytes(32);
    const map = openSignedMap<string>(file, secret, 1, 10);
    map.set('k', 'v');
    map.save();
    expect(openSignedMap<string>(file, secret, 2, 10).get('k')).toBeUndefined();
    expect(openSignedMap<string>(file, randomBytes(32), 1, 10).get('k')).toBeUndefined();
    // Copied under another name (another working directory's index): not this file's map.
    const other = path.join(path.dirname(file), 'other.json');
    copyFileSync(file, other);
    expect(openSignedMap<string>(other, secret, 1, 10).get('k')).toBeUndefined();
    writeFileSync(file, readFileSync(file, 'utf8').replace('"v"', '"w"'));
    expect(openSignedMap<string>(file, secret, 1, 10).get('k')).toBeUndefined();
    writeFileSync(file, 'not json');
    expect(openSignedMap<string>(file, secret, 1, 10).get('k')).toBeUndefined();
  });
});
