// A file's SHA-256 kept by its stamp (src/cache/stamped-digest.ts): recorded once the file has been
// still, then given without reading the file while its stamp holds; a file written since, a map
// signed with another key, or no cache folder reads and hashes the file again.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stampedDigest } from '../../src/cache/stamped-digest.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const LATER = () => Date.now() + 5_000; // the file has been still for its settling time

/** A file holding 'one', an empty cache folder, and a reader of the file that counts its reads. */
function setup() {
  const file = path.join(temp('kubelint-digest-'), 'policy.wasm');
  writeFileSync(file, 'one');
  const read = { count: 0 };
  return { file, home: { dir: temp('kubelint-digest-cache-'), secret: randomBytes(32) }, read, bytes: () => (read.count++, readFileSync(file)) };
}

describe('stampedDigest', () => {
  it('records a settled file’s digest and gives it back by stamp without reading; a rewrite is read again', () => {
    const { file, home, read, bytes } = setup();
    expect(stampedDigest(file, home, bytes, LATER())).toEqual({ digest: sha('one'), bytes: Buffer.from('one') });
    expect(stampedDigest(file, home, bytes, LATER())).toEqual({ digest: sha('one') });
    expect(read.count).toBe(1);
    writeFileSync(file, 'two');
    expect(stampedDigest(file, home, bytes, LATER()).digest).toBe(sha('two'));
    expect(stampedDigest(file, home, bytes, LATER())).toEqual({ digest: sha('two') });
    expect(read.count).toBe(2);
  });

  it('records nothing for a file written within its settling time, and trusts no other key’s map or no cache folder', () => {
    const { file, home, read, bytes } = setup();
    stampedDigest(file, home, bytes); // just written: not settled
    stampedDigest(file, home, bytes, LATER());
    expect(read.count).toBe(2);
    expect(stampedDigest(file, home, bytes, LATER())).toEqual({ digest: sha('one') }); // recorded by the settled call
    expect(stampedDigest(file, undefined, bytes, LATER()).digest).toBe(sha('one'));
    expect(read.count).toBe(3);
    // Another user's key: the map does not verify, the file is read (and the map is then that key's).
    expect(stampedDigest(file, { ...home, secret: randomBytes(32) }, bytes, LATER()).bytes).toEqual(Buffer.from('one'));
    expect(read.count).toBe(4);
    expect(stampedDigest(file, home, bytes, LATER()).bytes).toEqual(Buffer.from('one'));
    expect(read.count).toBe(5);
  });
});
