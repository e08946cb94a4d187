// The parsed-documents store's index (src/cache/text-sightings.ts): which texts runs parsed and
// stored, bounded by the entries' bytes (least recently used first), the number of texts and age;
// runs saving at once merge; a line it does not understand is dropped, never followed.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryPath, TextSightings, type SightingLimits } from '../../src/cache/text-sightings.js';
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

/** A stored entry of `bytes` bytes for key n, as the store writes it. */
function entry(dir: string, n: number, bytes: number): void {
  writeFileSync(entryPath(dir, key(n)), Buffer.alloc(bytes));
}

const bins = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.bin')).sort();

describe('the index of parsed texts', () => {
  it('remembers what a run saw and stored, for the next run', () => {
    const dir = folder();
    const run = new TextSightings(dir, NOW, LIMITS);
    expect(run.get(key(1))).toBeUndefined();
    run.seen(key(1));
    run.stored(key(2), 300);
    run.save();
    const next = new TextSightings(dir, NOW + HOUR, LIMITS);
    expect([next.get(key(1)), next.get(key(2))]).toEqual([{ bytes: 0, used: NOW }, { bytes: 300, used: NOW }]);
  });

  it('keeps the stored bytes within the bound, the least recently used entry going first', () => {
    const dir = folder();
    const first = new TextSightings(dir, NOW - 3 * DAY, LIMITS);
    for (const n of [1, 2]) {
      entry(dir, n, 400);
      first.stored(key(n), 400);
    }
    first.save();
    // a later run reads 1 (its use is refreshed: a day and more since) and stores 3: 2 is the least recently used
    const later = new TextSightings(dir, NOW, LIMITS);
    later.used(key(1));
    entry(dir, 3, 400);
    later.stored(key(3), 400);
    later.save();
    expect(bins(dir)).toEqual([`${key(1)}.bin`, `${key(3)}.bin`]);
    const next = new TextSightings(dir, NOW, LIMITS);
    expect(next.get(key(2))).toEqual({ bytes: 0, used: NOW - 3 * DAY }); // still known as seen: stored again when parsed again
  });

  it('forgets texts past the count and the age, removing their entries', () => {
    const dir = folder();
    const old = new TextSightings(dir, NOW - 40 * DAY, LIMITS);
    entry(dir, 100, 10);
    old.stored(key(100), 10);
    old.save();
    const run = new TextSightings(dir, NOW, LIMITS);
    for (let n = 0; n < 12; n++) run.seen(key(n));
    run.save();
    const next = new TextSightings(dir, NOW, LIMITS);
    expect(next.get(key(100))).toBeUndefined();
    expect(bins(dir)).toEqual([]);
    expect(readFileSync(path.join(dir, 'index'), 'latin1').trim().split('\n')).toHaveLength(1 + LIMITS.maxTexts);
  });

  it('writes nothing when a run only read entries used within the day', () => {
    const dir = folder();
    const first = new TextSightings(dir, NOW, LIMITS);
    first.stored(key(1), 10);
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
    a.stored(key(1), 10);
    b.seen(key(2));
    b.seen(key(1)); // b parsed 1 before a stored it
    a.save();
    b.save();
    const next = new TextSightings(dir, NOW, LIMITS);
    expect([next.get(key(1))?.bytes, next.get(key(2))?.bytes]).toEqual([10, 0]);
  });

  it('drops lines it does not understand, and never names a file outside the folder', () => {
    const dir = folder();
    const outside = path.join(path.dirname(dir), 'precious.bin');
    writeFileSync(outside, 'keep');
    writeFileSync(path.join(dir, 'index'), `../precious 5 ${NOW}\n${key(1)} 10 ${NOW}\n${key(2)} ten ${NOW}\n${key(3).toUpperCase()} 10 ${NOW}\ngarbage\n`);
    const run = new TextSightings(dir, NOW, { ...LIMITS, maxTexts: 1 });
    expect([run.get('../precious'), run.get(key(1)), run.get(key(2))]).toEqual([undefined, { bytes: 10, used: NOW }, undefined]);
    run.seen(key(4));
    run.save();
    expect(existsSync(outside)).toBe(true);
    expect(readFileSync(path.join(dir, 'index'), 'latin1')).not.toContain('precious');
  });

  it('removes entry files no line stores once a day, when older than an hour', () => {
    const dir = folder();
    entry(dir, 1, 10); // an orphan: a concurrent run's save lost its line
    const past = (NOW - 2 * HOUR) / 1000;
    utimesSync(entryPath(dir, key(1)), past, past);
    entry(dir, 2, 10); // a run storing it now has not saved yet
    utimesSync(entryPath(dir, key(2)), NOW / 1000, NOW / 1000);
    writeFileSync(path.join(dir, 'notes.txt'), '');
    const run = new TextSightings(dir, NOW, LIMITS);
    run.seen(key(3));
    run.save();
    expect(bins(dir)).toEqual([`${key(2)}.bin`]);
    expect(existsSync(path.join(dir, 'notes.txt'))).toBe(true);
    // within the day, not listed again
    utimesSync(entryPath(dir, key(2)), past, past);
    const again = new TextSightings(dir, NOW + HOUR, LIMITS);
    again.seen(key(4));
    again.save();
    expect(bins(dir)).toEqual([`${key(2)}.bin`]);
  });

  it('costs the run nothing when the folder cannot be written', () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'index'), '');
    const run = new TextSightings(path.join(dir, 'index', 'not-a-folder'), NOW, LIMITS); // its parent is a file
    run.seen(key(1));
    expect(() => run.save()).not.toThrow();
  });
});
