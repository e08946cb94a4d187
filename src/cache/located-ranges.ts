// Where the last run's findings were located, by the document's text: a warm run of a repository
// with many findings (legacy 1,000: 5,510 findings in 349 documents) located each of them again,
// ~20 ms of its main thread (BENCHMARKS.md round 16, r16legacy). quickLocate (load/quick-locate.ts)
// is a function of a document's text, its first line and the path, for a given build: its answers
// are kept here by the text's SHA-256, in one signed file per build in the user's cache folder
// (`located/<build>.json`, auth.ts's key, bound to its name; the newest 8 builds' kept, none over
// 30 days), and a run that asks the same again
// reads the range instead of reading the text. A text edited is another digest: a miss, never a
// wrong hit. The file holds what the last run located (written only when that run located anything
// anew), so it stays the size of one run's findings. A first run (no file yet) leaves an empty file
// only: keeping and writing 5,510 ranges cost a first run at legacy 1,000 ~10 ms, for a cache a CI
// job without a restored folder never reads; the second run keeps them.
import { hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { useLocateMemo, type LocateMemo } from '../load/quick-locate.js';
import { makeDirs } from '../shared/make-dirs.js';
import type { JsonPath, SourceRange } from '../types.js';
import { pruneFolderOnce } from './prune.js';
import { nameBound, readSigned, writeSigned } from './signed-file.js';

// 1: { paths, texts: [digest, firstLine, (path index, line, column, endLine, endColumn)*] }.
const FORMAT = 1;
const DAY = 24 * 60 * 60 * 1000;
/** A file per build: the few builds a user switches between keep theirs, old ones go. */
export const PRUNE_LOCATED = { keep: 8, maxAgeMs: 30 * DAY, everyMs: DAY };

/** The cache folder, the user's key and kubelint's build, as the other stores have them. */
export interface LocatedRangesHome {
  dir: string;
  secret: Buffer;
  version: string;
}

interface Stored {
  paths: string[];
  texts: Array<Array<string | number>>;
}

/** One text's ranges: its document's first line and each path's range by the path's key. */
interface TextRanges {
  firstLine: number;
  /** Never mutated nor handed out: get gives a copy. */
  ranges: Map<string, SourceRange>;
}

export function locatedRangesFile(home: LocatedRangesHome): string {
  const name = hash('sha256', JSON.stringify([FORMAT, home.version])).slice(0, 32);
  return path.join(home.dir, 'located', `${name}.json`);
}

/** Texts hashed over the process: what tests hold against the texts located. */
export const locatedRangesWork = { textsHashed: 0 };

/** A path's key: its JSON (the item 0 and the key "0" stay apart), once per path array (most are shared, engine/shared-parts.ts). */
const keys = new WeakMap<JsonPath, string>();
function keyOf(p: JsonPath): string {
  let key = keys.get(p);
  if (key === undefined) keys.set(p, (key = JSON.stringify(p)));
  return key;
}

/** The stored texts by digest; anything malformed reads as nothing stored. */
function parse(body: string | undefined): Map<string, TextRanges> {
  const texts = new Map<string, TextRanges>();
  if (body === undefined) return texts;
  let stored: Stored;
  try {
    stored = JSON.parse(body) as Stored;
  } catch {
    return texts;
  }
  if (!stored || !Array.isArray(stored.paths) || !Array.isArray(stored.texts)) return texts;
  for (const row of stored.texts) {
    if (!Array.isArray(row) || typeof row[0] !== 'string' || typeof row[1] !== 'number' || (row.length - 2) % 5 !== 0) return new Map();
    const ranges = new Map<string, SourceRange>();
    for (let i = 2; i < row.length; i += 5) {
      const key = stored.paths[row[i] as number];
      const line = row[i + 1];
      const column = row[i + 2];
      const endLine = row[i + 3];
      const endColumn = row[i + 4];
      if (typeof key !== 'string' || !Number.isInteger(line) || !Number.isInteger(column) || !Number.isInteger(endLine) || !Number.isInteger(endColumn)) return new Map();
      ranges.set(key, { line, column, endLine, endColumn } as SourceRange);
    }
    texts.set(row[0], { firstLine: row[1], ranges });
  }
  return texts;
}

/** This run's memo: the stored ranges, and what the run used or located anew (what the next run will find). */
class LocatedRanges implements LocateMemo {
  private stored: Map<string, TextRanges> | undefined;
  /** No file yet (a first run in this folder with this build): nothing is kept but the empty file. */
  private firstSighting = false;
  private readonly used = new Map<string, TextRanges>();
  private fresh = false;
  /** Each text's digest, once per text: findings of two documents in turn must not hash them in turn. */
  private readonly digests = new Map<string, string>();

  constructor(private readonly home: LocatedRangesHome) {}

  get(text: string, firstLine: number, p: JsonPath): SourceRange | undefined {
    const entry = this.entryOf(text, firstLine);
    const range = entry?.ranges.get(keyOf(p));
    return range && { line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn };
  }

  /** `range` is kept as it is: quickLocate made it, and its callers copy it (load/yaml-fast.ts shifts it into a new one). */
  set(text: string, firstLine: number, p: JsonPath, range: SourceRange): void {
    this.load();
    if (this.firstSighting) return;
    const digest = this.digestOf(text);
    let entry = this.used.get(digest);
    if (entry === undefined) this.used.set(digest, (entry = { firstLine, ranges: new Map() }));
    else if (entry.firstLine !== firstLine) return; // another document start in the same text: not kept
    entry.ranges.set(keyOf(p), range);
    this.fresh = true;
  }

  /** Writes what this run located, when it located anything anew. A folder that cannot be written keeps nothing. */
  save(): void {
    if (this.firstSighting) {
      this.firstSighting = false;
      this.write({ paths: [], texts: [] });
      return;
    }
    if (!this.fresh) return;
    this.fresh = false;
    const paths: string[] = [];
    const ids = new Map<string, number>();
    const texts: Array<Array<string | number>> = [];
    for (const [digest, { firstLine, ranges }] of this.used) {
      const row: Array<string | number> = [digest, firstLine];
      for (const [key, range] of ranges) {
        let id = ids.get(key);
        if (id === undefined) ids.set(key, (id = paths.push(key) - 1));
        row.push(id, range.line, range.column, range.endLine, range.endColumn);
      }
      texts.push(row);
    }
    this.write({ paths, texts });
  }

  private write(stored: Stored): void {
    const file = locatedRangesFile(this.home);
    try {
      makeDirs(path.dirname(file));
      writeSigned(file, this.home.secret, JSON.stringify(stored), nameBound(file));
      pruneFolderOnce(path.dirname(file), PRUNE_LOCATED);
    } catch {
      // read-only or full: the next run locates again
    }
  }

  /** The stored file, read on first use; none at all marks a first sighting. */
  private load(): Map<string, TextRanges> {
    if (this.stored === undefined) {
      const file = locatedRangesFile(this.home);
      const body = readSigned(file, this.home.secret, nameBound(file));
      this.firstSighting = body === undefined && !existsSync(file);
      this.stored = parse(body);
    }
    return this.stored;
  }

  /** The text's stored ranges (kept for the next run as used), when stored for the same first line. */
  private entryOf(text: string, firstLine: number): TextRanges | undefined {
    const stored = this.load();
    if (stored.size === 0 && this.used.size === 0) return undefined;
    const digest = this.digestOf(text);
    let entry = this.used.get(digest);
    if (entry === undefined) {
      const found = stored.get(digest);
      if (found === undefined || found.firstLine !== firstLine) return undefined;
      this.used.set(digest, (entry = found));
    }
    return entry.firstLine === firstLine ? entry : undefined;
  }

  private digestOf(text: string): string {
    let digest = this.digests.get(text);
    if (digest === undefined) {
      digest = hash('sha256', text);
      this.digests.set(text, digest);
      locatedRangesWork.textsHashed++;
    }
    return digest;
  }
}

let current: LocatedRanges | undefined;
let savesAtExit = false;

/** Turns the store on for this process (the CLI), or off; what the previous one located is saved first. */
export function useLocatedRanges(home: LocatedRangesHome | undefined): void {
  current?.save();
  current = home ? new LocatedRanges(home) : undefined;
  useLocateMemo(current);
  if (current && !savesAtExit) {
    savesAtExit = true;
    // After the report is written: saving is not on the way to the output.
    process.on('exit', () => current?.save());
  }
}
