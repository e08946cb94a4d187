// The parsed-documents store's index (src/cache/text-sightings.ts): which texts runs parsed and
// stored, and where (a run's pack, a byte in it), bounded by the entries' bytes (least recently used
// first), the number of texts and age; packs no record uses, or less than half, are removed; runs
// saving at once merge; a file that is not a whole index (format 1's too) is ignored.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packPath } from '../../src/cache/document-pack.js';
import { TextSightings, type SightingLimits } from '../../src/cache/text-sightings.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-12-07T12:00:00Z');
const LIMITS: SightingLimits = { maxBytes: 1000, maxTexts: 10, maxAgeMs: 30 * DAY };
const key = (n: number) => n.toString(16).padStart(64, '0');

function folder(): string {
  const dir = path.join(temp('kubelint-sightings-'), 'documents');
  mkdirSync(dir);
  return dir;
}

/** A run's pack of `bytes` bytes, as the store writes it. */
function pack(dir: string, id: number, bytes: number): void {
  writeFileSync(packPath(dir, id), Buffer.alloc(bytes));
}

/** An entry of `bytes` bytes at `at` in pack `id`. */
const place = (bytes: number, id = 1, at = 0) => ({ bytes, pack: id, at });
/** What the index says of a text parsed and not stored. */
const seenAt = (used: number) => ({ bytes: 0, pack: 0, at: 0, used });

const packs = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.pack')).sort();
const RECORD = 60;

describe('the index of parsed texts', () => {
  it('remembers what a run saw and stored, for the next run', () => {
    const dir = folder();
    const run = new TextSightings(dir, NOW, LIMITS);
    expect(run.get(key(1))).toBeUndefined();
    run.seen(key(1));
    run.stored(key(2), place(300, 0xfedcba98, 4_294_967_296 + 5)); // a pack number using all 32 bits, a place past 4 GiB
    run.save();
    const next = new TextSightings(dir, NOW + HOUR, LIMITS);
    expect([next.get(key(1)), next.get(key(2))]).toEqual([seenAt(NOW), { bytes: 300, pack: 0xfedcba98, at: 4_294_967_296 + 5, used: NOW }]);
  });

  it('keeps the stored bytes within the bound, the least recently used entry going first', () => {
    const dir = folder();
    const first = new TextSightings(dir, NOW - 3 * DAY, LIMITS);
    pack(dir, 1, 800);
    first.stored(key(1), place(400, 1, 0));
    first.stored(key(2), place(400, 1, 400));
    first.save();
    // a later run reads 1 (its use is refreshed: a day and more since) and stores 3: 2 is the least recently used
    const later = new TextSightings(dir, NOW, LIMITS);
    later.used(key(1));
    pack(dir, 2, 400);
    later.stored(key(3), place(400, 2));
    later.save();
    const next = new TextSightings(dir, NOW, LIMITS);
    expect(next.get(key(2))).toEqual(seenAt(NOW - 3 * DAY)); // still known as seen: stored again when parsed again
    expect([next.get(key(1)), next.get(key(3))]).toEqual([{ ...place(400, 1, 0), used: NOW }, { ...place(400, 2), used: NOW }]);
    expect(packs(dir)).toEqual([path.basename(packPath(dir, 1)), path.basename(packPath(dir, 2))]); // pack 1 is half live: kept
  });

  it('removes a pack less than half live with the rewrite; its live entries are stored again when parsed again', () => {
    const dir = folder();
    const first = new TextSightings(dir, NOW - 3 * DAY, LIMITS);
    pack(dir, 1, 900);
    for (const n of [1, 2, 3]) first.stored(key(n), place(300, 1, (n - 1) * 300));
    first.save();
    const later = new TextSightings(dir, NOW, LIMITS);
    later.used(key(1));
    pack(dir, 2, 700);
    later.stored(key(4), place(700, 2));
    later.save(); // 1 and 4 fit (1,000 bytes); 2 and 3 fall out: pack 1 is a third live
    const next = new TextSightings(dir, NOW, LIMITS);
    expect([1, 2, 3, 4].map((n) => next.get(key(n))?.pack)).toEqual([0, 0, 0, 2]);
    expect(next.get(key(1))).toEqual(seenAt(NOW));
    expect(packs(dir)).toEqual([path.basename(packPath(dir, 2))]);
  });

  it('forgets texts past the count and the age, removing their entries', () => {
    const dir = folder();
    const old = new TextSightings(dir, NOW - 40 * DAY, LIMITS);
    pack(dir, 7, 10);
    utimesSync(packPath(dir, 7), (NOW - 40 * DAY) / 1000, (NOW - 40 * DAY) / 1000);
    old.stored(key(100), place(10, 7));
    old.save();
    const run = new TextSightings(dir, NOW, LIMITS);
    for (let n = 0; n < 12; n++) run.seen(key(n));
    run.save();
    const next = new TextSightings(dir, NOW, LIMITS);
    expect(next.get(key(100))).toBeUndefined();
    expect(packs(dir)).toEqual([]);
    expect(statSync(path.join(dir, 'index')).size).toBe(16 + RECORD * LIMITS.maxTexts);
    expect([...Array(12).keys()].filter((n) => next.get(key(n))).length).toBe(LIMITS.maxTexts);
  });

  it('writes nothing when a run only read entries used within the day', () => {
    const dir = folder();
    const first = new TextSightings(dir, NOW, LIMITS);
    first.stored(key(1), place(10));
    first.save();
    const index = path.join(dir, 'index');
    utimesSync(index, 1000, 1000);
    const warm = new TextSightings(dir, NOW + HOUR, LIMITS);
    warm.used(key(1));
    warm.save();
    expect(statSync(index).mtimeMs).toBe(1000 * 1000);
  });

  it('merges two runs saving at once', () => {
    const dir = folder();
    const a = new TextSightings(dir, NOW, LIMITS);
    const b = new TextSightings(dir, NOW, LIMITS);
    a.stored(key(1), place(10, 3, 20));
    b.seen(key(2));
    b.seen(key(1)); // b parsed 1 before a stored it
    a.save();
    b.save();
    const next = new TextSightings(dir, NOW, LIMITS);
    expect([next.get(key(1)), next.get(key(2))?.bytes]).toEqual([{ ...place(10, 3, 20), used: NOW }, 0]);
  });

  it('finds every text of a large index, and ignores a file that is not a whole index', () => {
    const dir = folder();
    const many = new TextSightings(dir, NOW, { ...LIMITS, maxTexts: 1000 });
    for (let n = 0; n < 500; n++) many.seen(key(n * 7919)); // not in key order
    many.save();
    const run = new TextSightings(dir, NOW, LIMITS);
    expect([0, 1, 250, 499].map((n) => run.get(key(n * 7919))?.used)).toEqual([NOW, NOW, NOW, NOW]);
    expect([run.get(key(1)), run.get(key(499 * 7919 + 1))]).toEqual([undefined, undefined]);
    const index = path.join(dir, 'index');
    const whole = readFileSync(index);
    for (const damaged of [whole.subarray(0, whole.length - 1), Buffer.from('not an index'), Buffer.alloc(0)]) {
      writeFileSync(index, damaged);
      expect(new TextSightings(dir, NOW, LIMITS).get(key(0))).toBeUndefined();
    }
    // a damaged index is replaced by the next save
    const after = new TextSightings(dir, NOW, LIMITS);
    after.seen(key(1));
    after.save();
    expect(new TextSightings(dir, NOW, LIMITS).get(key(1))).toEqual(seenAt(NOW));
  });

  it('reads an index of format 1 (one file per text) as none, and removes its entry files once older than an hour', () => {
    const dir = folder();
    const old = Buffer.alloc(16 + 48);
    old.writeUInt32BE(0x6b6c6931, 0); // 'kli1'
    old.writeUInt32BE(1, 4);
    old.writeDoubleBE(NOW - HOUR, 8);
    old.write(key(1), 16, 32, 'hex');
    old.writeDoubleBE(300, 16 + 32);
    old.writeDoubleBE(NOW - HOUR, 16 + 40);
    writeFileSync(path.join(dir, 'index'), old);
    const entry = path.join(dir, `${key(1)}.bin`);
    writeFileSync(entry, Buffer.alloc(300));
    utimesSync(entry, (NOW - 2 * HOUR) / 1000, (NOW - 2 * HOUR) / 1000);
    const run = new TextSightings(dir, NOW, LIMITS);
    expect(run.get(key(1))).toBeUndefined();
    run.seen(key(1));
    run.save();
    expect(readdirSync(dir)).toEqual(['index']);
    expect(new TextSightings(dir, NOW, LIMITS).get(key(1))).toEqual(seenAt(NOW));
  });

  it('appends a run\'s few records within the day, and rewrites the index sorted once they grow', () => {
    const dir = folder();
    const index = path.join(dir, 'index');
    const first = new TextSightings(dir, NOW, { ...LIMITS, maxTexts: 5000 });
    for (let n = 0; n < 1000; n++) first.seen(key(n));
    first.save();
    expect(statSync(index).size).toBe(16 + RECORD * 1000);
    const later = new TextSightings(dir, NOW + HOUR, LIMITS);
    later.stored(key(5), place(70, 9, 140));
    later.seen(key(5000));
    later.save();
    expect(statSync(index).size).toBe(16 + RECORD * 1002); // appended
    const next = new TextSightings(dir, NOW + HOUR, LIMITS);
    expect([next.get(key(5)), next.get(key(5000)), next.get(key(6))]).toEqual([{ ...place(70, 9, 140), used: NOW + HOUR }, seenAt(NOW + HOUR), seenAt(NOW)]);
    // a torn last record (a run stopped while appending) is dropped, the rest read
    writeFileSync(index, readFileSync(index).subarray(0, 16 + RECORD * 1002 - 7));
    expect([new TextSightings(dir, NOW, LIMITS).get(key(5))?.bytes, new TextSightings(dir, NOW, LIMITS).get(key(5000))]).toEqual([70, undefined]);
    // past 512 appended records, the next save rewrites: sorted, within the limits (10 texts)
    const many = new TextSightings(dir, NOW + HOUR, LIMITS);
    for (let n = 2000; n < 2600; n++) many.seen(key(n));
    many.save();
    expect(statSync(index).size).toBe(16 + RECORD * LIMITS.maxTexts);
  });

  it('does not append after a torn record: the next save rewrites the index whole', () => {
    // A full disk cuts an append short (a short write, then ENOSPC): records appended after the
    // piece would start mid-record and read as garbage, every later run's records lost with them.
    const dir = folder();
    const index = path.join(dir, 'index');
    const first = new TextSightings(dir, NOW, LIMITS);
    first.seen(key(1));
    first.save();
    writeFileSync(index, Buffer.concat([readFileSync(index), Buffer.alloc(20, 0xab)])); // the piece of a record
    const later = new TextSightings(dir, NOW + HOUR, LIMITS);
    later.stored(key(2), place(70));
    later.save();
    expect((statSync(index).size - 16) % RECORD).toBe(0);
    const next = new TextSightings(dir, NOW + HOUR, LIMITS);
    expect([next.get(key(1)), next.get(key(2))]).toEqual([seenAt(NOW), { ...place(70), used: NOW + HOUR }]);
  });

  it('removes packs no record uses once a day, when older than an hour', () => {
    const dir = folder();
    pack(dir, 1, 10); // an orphan: a concurrent run's save lost its records, or the run died
    const past = (NOW - 2 * HOUR) / 1000;
    utimesSync(packPath(dir, 1), past, past);
    pack(dir, 2, 10); // a run writing it now has not saved yet
    utimesSync(packPath(dir, 2), NOW / 1000, NOW / 1000);
    writeFileSync(path.join(dir, 'notes.txt'), '');
    writeFileSync(path.join(dir, '00000000.pack'), ''); // no pack's name (0 is none)
    utimesSync(path.join(dir, '00000000.pack'), past, past);
    const run = new TextSightings(dir, NOW, LIMITS);
    run.seen(key(3));
    run.save();
    expect(packs(dir)).toEqual(['00000000.pack', path.basename(packPath(dir, 2))]);
    expect(existsSync(path.join(dir, 'notes.txt'))).toBe(true);
    // within the day, not listed again
    utimesSync(packPath(dir, 2), past, past);
    const again = new TextSightings(dir, NOW + HOUR, LIMITS);
    again.seen(key(4));
    again.save();
    expect(packs(dir)).toEqual(['00000000.pack', path.basename(packPath(dir, 2))]);
  });

  it('does not make the cache folder again when it was removed meanwhile', () => {
    const dir = folder();
    const run = new TextSightings(dir, NOW, LIMITS);
    run.seen(key(1));
    rmSync(path.dirname(dir), { recursive: true });
    run.save();
    expect(existsSync(path.dirname(dir))).toBe(false);
  });

  it('costs the run nothing when the folder cannot be written', () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'index'), '');
    const run = new TextSightings(path.join(dir, 'index', 'not-a-folder'), NOW, LIMITS); // its parent is a file
    run.seen(key(1));
    expect(() => run.save()).not.toThrow();
  });
});
