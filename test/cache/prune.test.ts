// Cache folders are bounded (src/cache/prune.ts): the newest entries stay, old ones go, and a
// folder of many entries is listed at most once per period.
import { existsSync, mkdirSync, readdirSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneFolder } from '../../src/cache/prune.js';
import { PRUNE_REGO_RESULTS } from '../../src/engine/rego-memo.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-12-06T12:00:00Z');

/** Entries e0..e(n-1), e0 the newest (one day apart), plus a file that is not an entry. */
function folder(n: number): string {
  const dir = temp('kubelint-prune-');
  for (let i = 0; i < n; i++) {
    const file = path.join(dir, `e${i}.json`);
    writeFileSync(file, '{}');
    const time = (NOW - i * DAY) / 1000;
    utimesSync(file, time, time);
  }
  writeFileSync(path.join(dir, 'notes.txt'), '');
  return dir;
}
const left = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.json')).sort();

describe('pruneFolder', () => {
  it('keeps the newest entries', () => {
    const dir = folder(5);
    pruneFolder(dir, { keep: 2, now: NOW });
    expect(left(dir)).toEqual(['e0.json', 'e1.json']);
    expect(existsSync(path.join(dir, 'notes.txt'))).toBe(true);
  });

  it('drops entries older than the age limit, and runs once per period', () => {
    const dir = folder(5);
    pruneFolder(dir, { keep: 10, maxAgeMs: 2.5 * DAY, everyMs: DAY, now: NOW });
    expect(left(dir)).toEqual(['e0.json', 'e1.json', 'e2.json']);
    // Within the period nothing is listed, however old; after it, pruned again.
    const marker = path.join(dir, '.pruned');
    utimesSync(marker, NOW / 1000, NOW / 1000);
    pruneFolder(dir, { keep: 1, everyMs: DAY, now: NOW + DAY / 2 });
    expect(left(dir)).toHaveLength(3);
    pruneFolder(dir, { keep: 1, everyMs: DAY, now: NOW + 2 * DAY });
    expect(left(dir)).toEqual(['e0.json']);
  });

  it('with folders, counts subfolders as entries and removes them with what they hold', () => {
    const dir = folder(2); // e0.json, e1.json: entries of a layout before folders
    for (const [name, age] of [['new', 0.5], ['old', 3]] as const) {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, 'x.json'), '{}');
      utimesSync(path.join(dir, name), (NOW - age * DAY) / 1000, (NOW - age * DAY) / 1000);
    }
    pruneFolder(dir, { keep: 2, folders: true, now: NOW });
    expect(readdirSync(dir).sort()).toEqual(['e0.json', 'new', 'notes.txt']);
  });

  it('with maxBytes, keeps the newest entries that fit in it together; the first that passes it goes, and every older one', () => {
    const dir = folder(4);
    // e0 (newest) 40 bytes, e1 30, e2 20, e3 5: e2 would take the three past 80; e3 is older than e2.
    [40, 30, 20, 5].forEach((size, i) => {
      const file = path.join(dir, `e${i}.json`);
      truncateSync(file, size);
      utimesSync(file, (NOW - i * DAY) / 1000, (NOW - i * DAY) / 1000);
    });
    pruneFolder(dir, { keep: 10, maxBytes: 80, now: NOW });
    expect(left(dir)).toEqual(['e0.json', 'e1.json']);
  });

  it('bounds the Rego results store in bytes, not only in entries (a unit of thousands of findings is ~1.3 MB)', () => {
    const dir = temp('kubelint-prune-');
    // Three 30 MiB entries (sparse files: no disk written): the oldest falls out of the bound.
    for (let i = 0; i < 3; i++) {
      const file = path.join(dir, `r${i}.bin`);
      writeFileSync(file, '');
      truncateSync(file, 30 * 1024 * 1024);
      utimesSync(file, (NOW - i * 60_000) / 1000, (NOW - i * 60_000) / 1000);
    }
    pruneFolder(dir, { ...PRUNE_REGO_RESULTS, now: NOW });
    expect(readdirSync(dir).filter((n) => n.endsWith('.bin')).sort()).toEqual(['r0.bin', 'r1.bin']);
  });

  it('never throws: a missing folder is nothing to prune', () => {
    expect(() => pruneFolder(path.join(temp('kubelint-prune-'), 'absent'), { keep: 1, everyMs: DAY })).not.toThrow();
  });
});
