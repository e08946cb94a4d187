// The located-ranges store's files (cache/located-ranges.ts): one folder per build in the cache
// folder's `located/`, holding segments and an index. A run that located anything anew appends one
// segment with only what is new, so a second repository (or a `--changed` run) adds its ranges
// beside the first's instead of replacing them, and a recording run writes what it located, not
// everything it read. The index says which segments hold a text (by its digest's head), so a run
// reads only the segments of the texts it asks about, and when each text was last used: past the
// bounds (bytes, segments) the most recently used texts are compacted into one segment and the rest
// go. Every file is signed (auth.ts's key) and bound to its name; anything that does not verify
// reads as absent. A lost race between two runs writing the index leaves a segment no index
// names: removed by a later run that writes.
import { hash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceRange } from '../types.js';
import { pruneFolderOnce } from './prune.js';
import { nameBound, readSigned, writeSigned } from './signed-file.js';

// 2: a folder per build (index.json, <segment>.json); 1 was one file per build, rewritten by each recording run.
const FORMAT = 2;
const DAY = 24 * 60 * 60 * 1000;
/** Builds' folders: the few builds a user switches between keep theirs, old ones go. */
export const PRUNE_LOCATED = { keep: 8, maxAgeMs: 30 * DAY, everyMs: DAY, folders: true };

/**
 * A build's folder: at most `maxBytes` of segments in at most `maxSegments` files; compaction keeps
 * the most recently used texts in half the bytes. Legacy 1,000's ranges are ~110 KB, 10,000's ~1.5 MB:
 * a few repositories of those sizes fit.
 */
export const LOCATED_BOUNDS = { maxBytes: 6 * 1024 * 1024, maxSegments: 24, orphanMs: 60_000, stampMs: 60 * 60 * 1000 };

/** The cache folder, the user's key and kubelint's build, as the other stores have them. */
export interface LocatedHome {
  dir: string;
  secret: Buffer;
  version: string;
}

/** One text's ranges as a run locates them: its document's first line and each path's range by the path's key. */
export interface TextRanges {
  firstLine: number;
  /** Never handed out: the memo gives copies. */
  ranges: Map<string, SourceRange>;
}

/**
 * One text's ranges as stored: its rows, each read against its segment's path table when asked.
 * Decoding every row into a Map of ranges was ~13 ms of a warm legacy 1,000 run (5,510 ranges in
 * the interpreter); a text's row is short (~16 ranges over 57 distinct paths at legacy 1,000).
 */
export interface StoredRanges {
  firstLine: number;
  parts: Array<{ ids: ReadonlyMap<string, number>; row: ReadonlyArray<unknown> }>;
}

/** The stored range of the path `key`, when one of the text's rows holds it (and is well formed). */
export function storedRange(stored: StoredRanges, key: string): SourceRange | undefined {
  parts: for (const { ids, row } of stored.parts) {
    const id = ids.get(key);
    if (id === undefined) continue;
    for (let i = 2; i < row.length; i += 5) {
      if (row[i] !== id) continue;
      // Indexes, not destructuring: that runs the iterator protocol in the interpreter, once per finding.
      const line = row[i + 1];
      const column = row[i + 2];
      const endLine = row[i + 3];
      const endColumn = row[i + 4];
      // Not integers: this row is no answer; a later segment's (what a run located since) may be.
      if (!Number.isInteger(line) || !Number.isInteger(column) || !Number.isInteger(endLine) || !Number.isInteger(endColumn)) continue parts;
      return { line, column, endLine, endColumn } as SourceRange;
    }
  }
  return undefined;
}

/** Every range a stored text holds (compaction). */
function expand(stored: StoredRanges): TextRanges {
  const ranges = new Map<string, SourceRange>();
  for (const { ids } of stored.parts) {
    for (const key of ids.keys()) {
      const range = ranges.has(key) ? undefined : storedRange(stored, key);
      if (range !== undefined) ranges.set(key, range);
    }
  }
  return { firstLine: stored.firstLine, ranges };
}

/** A segment's body: the path keys once, then per text [digest, firstLine, (path index, line, column, endLine, endColumn)*]. */
interface SegmentBody {
  paths: string[];
  texts: Array<Array<string | number>>;
}

/** The index's body: segments [name, bytes], newest last; texts [digest head, last used (ms), segment name*]. */
interface IndexBody {
  segments: Array<[string, number]>;
  texts: Array<Array<string | number>>;
}

export interface Index {
  /** Segment name → its file's bytes, in the order written (oldest first). */
  segments: Map<string, number>;
  /** Digest head → when last used and the segments holding its ranges. */
  texts: Map<string, { usedAt: number; segments: string[] }>;
}

/** The index's key for a text: a digest's head picks segments; a segment's rows carry the whole digest. */
export const headOf = (digest: string): string => digest.slice(0, 24);

export function locatedFolder(home: LocatedHome): string {
  const name = hash('sha256', JSON.stringify([FORMAT, home.version])).slice(0, 32);
  return path.join(home.dir, 'located', name);
}

const indexFile = (folder: string): string => path.join(folder, 'index.json');
const segmentFile = (folder: string, name: string): string => path.join(folder, `${name}.json`);

/** The build's index; none (or one that does not verify, or is malformed) reads as empty. */
export function readIndex(folder: string, secret: Buffer): Index {
  const index: Index = { segments: new Map(), texts: new Map() };
  const file = indexFile(folder);
  const body = readSigned(file, secret, nameBound(file));
  if (body === undefined) return index;
  try {
    const stored = JSON.parse(body) as IndexBody;
    if (!Array.isArray(stored?.segments) || !Array.isArray(stored.texts)) return index;
    for (const s of stored.segments) {
      if (!Array.isArray(s) || typeof s[0] !== 'string' || !/^[0-9a-f]{16}$/.test(s[0]) || !Number.isInteger(s[1])) return emptyIndex();
      index.segments.set(s[0], s[1]);
    }
    for (const row of stored.texts) {
      if (!Array.isArray(row) || typeof row[0] !== 'string' || typeof row[1] !== 'number') return emptyIndex();
      const segments = row.slice(2) as string[];
      if (!segments.every((s) => index.segments.has(s))) return emptyIndex();
      index.texts.set(row[0], { usedAt: row[1], segments });
    }
  } catch {
    return emptyIndex();
  }
  return index;
}

const emptyIndex = (): Index => ({ segments: new Map(), texts: new Map() });

export function writeIndex(folder: string, secret: Buffer, index: Index): void {
  const body: IndexBody = { segments: [...index.segments], texts: [] };
  for (const [head, { usedAt, segments }] of index.texts) body.texts.push([head, usedAt, ...segments]);
  const file = indexFile(folder);
  writeSigned(file, secret, JSON.stringify(body), nameBound(file));
}

/** A segment's texts by digest; one that does not verify or is malformed holds nothing (a range that is not integers: a miss). */
export function readSegment(folder: string, secret: Buffer, name: string): Map<string, StoredRanges> {
  const texts = new Map<string, StoredRanges>();
  const file = segmentFile(folder, name);
  const body = readSigned(file, secret, nameBound(file));
  if (body === undefined) return texts;
  let stored: SegmentBody;
  try {
    stored = JSON.parse(body) as SegmentBody;
  } catch {
    return texts;
  }
  if (!stored || !Array.isArray(stored.paths) || !Array.isArray(stored.texts)) return texts;
  const ids = new Map<string, number>();
  for (let id = 0; id < stored.paths.length; id++) {
    const key = stored.paths[id];
    if (typeof key !== 'string') return texts;
    ids.set(key, id);
  }
  for (const row of stored.texts) {
    if (!Array.isArray(row) || typeof row[0] !== 'string' || typeof row[1] !== 'number' || (row.length - 2) % 5 !== 0) return new Map();
    texts.set(row[0], { firstLine: row[1], parts: [{ ids, row }] });
  }
  return texts;
}

/** Writes `texts` as a new segment; its name and bytes. Throws what the write throws. */
export function writeSegment(folder: string, secret: Buffer, texts: ReadonlyMap<string, TextRanges>): [string, number] {
  const paths: string[] = [];
  const ids = new Map<string, number>();
  const body: SegmentBody = { paths, texts: [] };
  for (const [digest, { firstLine, ranges }] of texts) {
    const row: Array<string | number> = [digest, firstLine];
    for (const [key, range] of ranges) {
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = paths.push(key) - 1));
      row.push(id, range.line, range.column, range.endLine, range.endColumn);
    }
    body.texts.push(row);
  }
  const name = randomBytes(8).toString('hex');
  const file = segmentFile(folder, name);
  const json = JSON.stringify(body);
  writeSigned(file, secret, json, nameBound(file));
  return [name, json.length + 65];
}

/** Whether the build's folder exists: none marks a first run in this cache folder with this build. */
export const folderExists = (folder: string): boolean => existsSync(folder);

/** Adds a segment's texts to `into`, a text's rows from several segments joined (same first line only). */
export function mergeTexts(into: Map<string, StoredRanges>, from: ReadonlyMap<string, StoredRanges>): void {
  for (const [digest, entry] of from) {
    const known = into.get(digest);
    if (known === undefined) into.set(digest, entry);
    else if (known !== entry && known.firstLine === entry.firstLine) known.parts.push(...entry.parts);
  }
}

/**
 * Past the bounds: the texts used most recently (their ranges from every segment and this run's
 * `fresh`) go into one segment of at most half the bytes; every other segment is removed.
 * Returns the new index.
 */
export function compact(folder: string, secret: Buffer, index: Index, fresh: ReadonlyMap<string, TextRanges>): Index {
  const stored = new Map<string, StoredRanges>();
  for (const name of index.segments.keys()) mergeTexts(stored, readSegment(folder, secret, name));
  const all = new Map<string, TextRanges>();
  for (const [digest, entry] of stored) all.set(digest, expand(entry));
  for (const [digest, entry] of fresh) {
    const known = all.get(digest);
    if (known === undefined) all.set(digest, entry);
    else if (known.firstLine === entry.firstLine) for (const [key, range] of entry.ranges) known.ranges.set(key, range);
  }
  const byHead = new Map<string, string[]>();
  for (const digest of all.keys()) {
    const head = headOf(digest);
    byHead.get(head)?.push(digest) ?? byHead.set(head, [digest]);
  }
  const order = [...index.texts].sort((a, b) => b[1].usedAt - a[1].usedAt);
  const kept = new Map<string, TextRanges>();
  const stamps = new Map<string, number>();
  let bytes = 0;
  fill: for (const [head, { usedAt }] of order) {
    for (const digest of byHead.get(head) ?? []) {
      const entry = all.get(digest)!;
      bytes += textBytes(entry);
      if (bytes > LOCATED_BOUNDS.maxBytes / 2) break fill;
      kept.set(digest, entry);
      stamps.set(head, usedAt);
    }
  }
  const next: Index = { segments: new Map(), texts: new Map() };
  if (kept.size > 0) {
    const [name, size] = writeSegment(folder, secret, kept);
    next.segments.set(name, size);
    for (const [head, usedAt] of stamps) next.texts.set(head, { usedAt, segments: [name] });
  }
  for (const name of index.segments.keys()) rmSync(segmentFile(folder, name), { force: true });
  return next;
}

/** About what a text's row takes in a segment (its path keys counted whole, as if not shared). */
export function textBytes({ ranges }: TextRanges): number {
  let bytes = 80;
  for (const key of ranges.keys()) bytes += key.length + 30;
  return bytes;
}

/** Removes segment files no index names, older than a run takes (a lost race's, a failed write's). */
export function removeOrphans(folder: string, index: Index, now: number): void {
  try {
    for (const entry of readdirSync(folder)) {
      const name = entry.slice(0, -'.json'.length);
      if (!entry.endsWith('.json') || entry === 'index.json' || index.segments.has(name)) continue;
      const file = path.join(folder, entry);
      if (now - statSync(file).mtimeMs > LOCATED_BOUNDS.orphanMs) rmSync(file, { force: true });
    }
  } catch {
    // removing saves space, never costs the run
  }
}

/** The builds' folders are pruned like the other stores (once a day). */
export function pruneBuilds(home: LocatedHome): void {
  pruneFolderOnce(path.join(home.dir, 'located'), PRUNE_LOCATED);
}
