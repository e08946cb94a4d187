// The index of the parsed-documents store (parsed-documents.ts): which texts runs parsed, which of
// them are stored, how large each entry is and when a run last used it. A text's documents are
// stored only when a run parses the same content a second time: a run on a fresh runner (a CI job
// without a restored cache) pays a line here per file, never the entry writes (r9crd measured them
// at 7–15% of such a run's CPU). The index also bounds the store: by the entries' bytes, the least
// recently used going first, by the number of texts, and by age.
//
// One file, `documents/index`: a line `<key> <entry bytes, 0 when not stored> <last used, ms>` per
// text. It is not signed: it decides only whether a signed entry is looked for, written or removed,
// and every entry read must still verify (signed-file.ts); a line it does not understand is dropped.
// Two runs at once: each merges its own changes into the file as it is when saving.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../shared/write-atomic.js';

const DAY = 24 * 60 * 60 * 1000;

export interface SightingLimits {
  /** Stored entries' bytes in all. */
  maxBytes: number;
  /** Texts the index remembers (seen or stored). */
  maxTexts: number;
  /** A text no run used for this long is forgotten (its entry removed). */
  maxAgeMs: number;
}

// An entry is about as large as its text: 10,000 resources of plain manifests are ~11 MB of entries.
export const SIGHTING_LIMITS: SightingLimits = { maxBytes: 128 * 1024 * 1024, maxTexts: 20_000, maxAgeMs: 30 * DAY };
/** A use refreshes a text's time only when older than this: a warm run the same day writes nothing. */
const REFRESH_MS = DAY;
/** Entry files the index does not know (a concurrent save won the race) are removed once a day, when older than an hour. */
const SWEEP_EVERY_MS = DAY;
const ORPHAN_AGE_MS = 60 * 60 * 1000;

export interface Sighting {
  /** The stored entry's size; 0 when the text was parsed but not stored. */
  bytes: number;
  used: number;
}

const LINE = /^([0-9a-f]{64}) (\d{1,12}) (\d{1,15})$/;
const SWEPT = /^# swept (\d{1,15})$/;
const ENTRY = /^([0-9a-f]{64})\.bin$/;

interface IndexFile {
  texts: Map<string, Sighting>;
  swept: number;
}

function readIndex(file: string): IndexFile {
  const texts = new Map<string, Sighting>();
  let swept = 0;
  let raw = '';
  try {
    raw = readFileSync(file, 'latin1');
  } catch {
    // none yet
  }
  for (const line of raw.split('\n')) {
    const m = LINE.exec(line);
    if (m) texts.set(m[1]!, { bytes: Number(m[2]), used: Number(m[3]) });
    else swept = Number(SWEPT.exec(line)?.[1] ?? swept);
  }
  return { texts, swept };
}

/** The index as this run sees and changes it; `save` writes it (the CLI: at exit). */
export class TextSightings {
  private readonly file: string;
  private readonly texts: Map<string, Sighting>;
  private readonly swept: number;
  /** What this run changed, by key, applied over the file as it is when saving. */
  private readonly changes = new Map<string, Sighting>();
  /** Keys this run only saw: a concurrent run's stored entry for one stays stored. */
  private readonly onlySeen = new Set<string>();

  constructor(
    /** The store's folder (`<cache>/documents`). */
    private readonly folder: string,
    private readonly now = Date.now(),
    private readonly limits = SIGHTING_LIMITS,
  ) {
    this.file = path.join(folder, 'index');
    ({ texts: this.texts, swept: this.swept } = readIndex(this.file));
  }

  get(key: string): Sighting | undefined {
    return this.changes.get(key) ?? this.texts.get(key);
  }

  /** Parsed and not stored (a first sighting). */
  seen(key: string): void {
    this.changes.set(key, { bytes: this.get(key)?.bytes ?? 0, used: this.now });
    this.onlySeen.add(key);
  }

  stored(key: string, bytes: number): void {
    this.changes.set(key, { bytes, used: this.now });
    this.onlySeen.delete(key);
  }

  /** The entry is gone or did not verify: parsed again, and stored again on the next sighting. */
  dropped(key: string): void {
    this.changes.set(key, { bytes: 0, used: this.now });
    this.onlySeen.delete(key);
  }

  /** Read from the store. */
  used(key: string): void {
    const known = this.get(key);
    if (known && this.now - known.used > REFRESH_MS) this.changes.set(key, { ...known, used: this.now });
  }

  /** Writes this run's changes (merged into the file as it is now), within the limits; removes the entries that fell out. */
  save(): void {
    if (this.changes.size === 0) return;
    try {
      const current = readIndex(this.file);
      for (const [key, change] of this.changes) {
        const theirs = this.onlySeen.has(key) ? current.texts.get(key)?.bytes : undefined;
        current.texts.set(key, theirs ? { ...change, bytes: theirs } : change);
      }
      this.changes.clear();
      this.onlySeen.clear();
      const { kept, removed } = bound(current.texts, this.now, this.limits);
      const sweep = this.now - Math.max(this.swept, current.swept) > SWEEP_EVERY_MS;
      const swept = sweep ? this.now : current.swept;
      const lines = [`# swept ${swept}`, ...[...kept].map(([key, s]) => `${key} ${s.bytes} ${s.used}`)];
      writeFileAtomic(this.file, `${lines.join('\n')}\n`, 0o600);
      for (const key of removed) rmSync(entryPath(this.folder, key), { force: true });
      if (sweep) sweepOrphans(this.folder, kept, this.now);
    } catch {
      // speed only: a read-only cache folder costs the next run time, never this run
    }
  }
}

export function entryPath(folder: string, key: string): string {
  return path.join(folder, `${key}.bin`);
}

/** The texts within the limits, most recently used first, and the keys whose entries fell out. */
function bound(texts: Map<string, Sighting>, now: number, limits: SightingLimits): { kept: Map<string, Sighting>; removed: string[] } {
  const kept = new Map<string, Sighting>();
  const removed: string[] = [];
  let bytes = 0;
  for (const [key, s] of [...texts].sort((a, b) => b[1].used - a[1].used)) {
    const keep = kept.size < limits.maxTexts && now - s.used <= limits.maxAgeMs;
    const fits = keep && bytes + s.bytes <= limits.maxBytes;
    if (s.bytes > 0 && !fits) removed.push(key);
    if (keep) kept.set(key, fits ? s : { bytes: 0, used: s.used });
    if (fits) bytes += s.bytes;
  }
  return { kept, removed };
}

/** Entry files no index line stores, older than an hour (a run storing one now has not saved yet). */
function sweepOrphans(folder: string, kept: Map<string, Sighting>, now: number): void {
  for (const name of readdirSync(folder)) {
    const key = ENTRY.exec(name)?.[1];
    if (!key || (kept.get(key)?.bytes ?? 0) > 0) continue;
    const file = path.join(folder, name);
    try {
      if (now - statSync(file).mtimeMs > ORPHAN_AGE_MS) rmSync(file, { force: true });
    } catch {
      // gone meanwhile
    }
  }
}
