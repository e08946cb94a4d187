// The index of the parsed-documents store (parsed-documents.ts): which texts runs parsed, which of
// them are stored, how large each entry is and when a run last used it. A text's documents are
// stored only when a run parses the same content a second time: a run on a fresh runner (a CI job
// without a restored cache) pays a line here per file, never the entry writes (r9crd measured them
// at 7–15% of such a run's CPU). The index also bounds the store: by the entries' bytes, the least
// recently used going first, by the number of texts, and by age.
//
// One file, `documents/index`: a header, records sorted by key, then records appended by later runs
// (a later record of a key wins). A record: the key (the entry's SHA-256), the entry's size in bytes
// (0: seen, not stored), when a run last used the text, and where the entry is: which run's pack
// (document-pack.ts) and at which byte. A run looks texts up by binary search
// and in the short appended tail, never decoding the sorted part (20,000 texts as text lines cost
// ~30 ms to read into a map), and saves by appending its few records; the file is rewritten sorted
// and within the limits only when the tail has grown, or once a day. It is not signed: it decides
// only whether a signed entry is looked for, written or removed, and every entry read must still
// verify (document-pack.ts); a file that is not an index is ignored, a torn last record dropped (the
// next save then rewrites the file: a record appended after the piece would be read misaligned).
// The bytes bound counts live entries; a pack is removed once no record points into it, or when
// less than half of it is live (its records then say "seen": the next parse stores them again), so
// the folder holds at most about twice the bound, plus the packs written since the last rewrite.
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../shared/write-atomic.js';
import { packOf, packPath } from './document-pack.js';

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
/** Packs no record uses (a concurrent save won the race, a run that died) are removed once a day, when older than an hour. */
const SWEEP_EVERY_MS = DAY;
const ORPHAN_AGE_MS = 60 * 60 * 1000;

export interface Sighting {
  /** The stored entry's size; 0 when the text was parsed but not stored. */
  bytes: number;
  used: number;
  /** The pack holding the entry (0: none) and the entry's first byte in it. */
  pack: number;
  at: number;
}

/** Format 1's entry files, one per text: no index of this format names them; swept as orphans. */
const OLD_ENTRY = /^[0-9a-f]{64}\.bin$/;
/** 'kli2', the sorted records' count and the last rewrite (ms). Format 1 ('kli1') is read as no index. */
const HEAD = 16;
const MAGIC = 0x6b6c6932;
const KEY = 32;
/** Key, bytes (double), last used (double), pack (u32), at (double). */
const RECORD = KEY + 28;
/** An appended record of a text a run only saw: whatever an earlier record says of its entry stays (a concurrent run stored it). */
const KEEP_BYTES = -1;
/** The index is rewritten once its appended records pass this many, or this share of the sorted ones. */
const TAIL_RECORDS = 512;
const TAIL_SHARE = 1 / 8;

interface IndexFile {
  /** The sorted records. */
  records: Buffer;
  count: number;
  /** The appended records, by key. */
  tail: Map<string, Sighting>;
  tailCount: number;
  /** When the file was last rewritten (and the folder swept). */
  swept: number;
  /** It ends in a piece of a record (an append cut short, a full disk): appending after it would misalign every later record. */
  torn: boolean;
}

const emptyIndex = (): IndexFile => ({ records: Buffer.alloc(0), count: 0, tail: new Map(), tailCount: 0, swept: 0, torn: false });

function readIndex(file: string): IndexFile {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return emptyIndex(); // none yet
  }
  if (raw.length < HEAD || raw.readUInt32BE(0) !== MAGIC) return emptyIndex();
  const count = raw.readUInt32BE(4);
  const sorted = HEAD + count * RECORD;
  if (raw.length < sorted) return emptyIndex();
  const index: IndexFile = { records: raw.subarray(HEAD, sorted), count, tail: new Map(), tailCount: 0, swept: finite(raw.readDoubleBE(8)), torn: (raw.length - sorted) % RECORD !== 0 };
  for (let at = sorted; at + RECORD <= raw.length; at += RECORD) {
    const key = raw.toString('hex', at, at + KEY);
    const record = readRecord(raw, at);
    const earlier = raw.readDoubleBE(at + KEY) === KEEP_BYTES ? (index.tail.get(key) ?? lookup(index, raw.subarray(at, at + KEY))) : undefined;
    index.tail.set(key, earlier ? { ...earlier, used: record.used } : record);
    index.tailCount++;
  }
  return index;
}

/** Anything but a finite number of ms or bytes (a damaged record) counts as 0: unused since 1970, not stored. */
const finite = (n: number): number => (Number.isFinite(n) && n > 0 ? n : 0);

/** The record starting at `at` (its key aside); a record without a whole place says "not stored". */
function readRecord(raw: Buffer, at: number): Sighting {
  const bytes = finite(raw.readDoubleBE(at + KEY));
  const pack = raw.readUInt32BE(at + KEY + 16);
  const place = finite(raw.readDoubleBE(at + KEY + 20));
  const stored = bytes > 0 && pack !== 0;
  return { bytes: stored ? bytes : 0, used: finite(raw.readDoubleBE(at + KEY + 8)), pack: stored ? pack : 0, at: stored ? place : 0 };
}

const recordAt = (index: IndexFile, i: number): Sighting => readRecord(index.records, i * RECORD);

/** The record's key at `at` against `key`, byte by byte (Buffer#compare's argument checks cost more than the compare). */
function compareKey(records: Buffer, at: number, key: Buffer): number {
  for (let i = 0; i < KEY; i++) {
    const order = records[at + i]! - key[i]!;
    if (order !== 0) return order;
  }
  return 0;
}

/** The sorted record of `key` (32 bytes), by binary search. */
function lookup(index: IndexFile, key: Buffer): Sighting | undefined {
  let low = 0;
  let high = index.count - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const order = compareKey(index.records, mid * RECORD, key);
    if (order === 0) return recordAt(index, mid);
    if (order < 0) low = mid + 1;
    else high = mid - 1;
  }
  return undefined;
}

function allOf(index: IndexFile): Map<string, Sighting> {
  const texts = new Map<string, Sighting>();
  for (let i = 0; i < index.count; i++) texts.set(index.records.toString('hex', i * RECORD, i * RECORD + KEY), recordAt(index, i));
  for (const [key, s] of index.tail) texts.set(key, s);
  return texts;
}

/** Records of these texts, in the order given (bytes KEEP_BYTES for the keys in `keep`). */
function recordBytes(texts: Iterable<[string, Sighting]>, keep: ReadonlySet<string> = new Set()): Buffer {
  const list = [...texts];
  const out = Buffer.alloc(list.length * RECORD);
  list.forEach(([key, s], i) => {
    const at = i * RECORD;
    out.write(key, at, KEY, 'hex');
    out.writeDoubleBE(keep.has(key) ? KEEP_BYTES : s.bytes, at + KEY);
    out.writeDoubleBE(s.used, at + KEY + 8);
    out.writeUInt32BE(s.pack, at + KEY + 16);
    out.writeDoubleBE(s.at, at + KEY + 20);
  });
  return out;
}

/** The whole index file of these texts, sorted (hex keys sort as their bytes do). */
function indexBytes(texts: Map<string, Sighting>, swept: number): Buffer {
  const head = Buffer.alloc(HEAD);
  head.writeUInt32BE(MAGIC, 0);
  head.writeUInt32BE(texts.size, 4);
  head.writeDoubleBE(swept, 8);
  return Buffer.concat([head, recordBytes([...texts].sort((a, b) => (a[0] < b[0] ? -1 : 1)))]);
}

/** The index as this run sees and changes it; `save` writes it (the CLI: at exit). */
export class TextSightings {
  private readonly file: string;
  private readonly index: IndexFile;
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
    this.index = readIndex(this.file);
  }

  /** What the index knows of the text with this key (64 hex digits). */
  get(key: string): Sighting | undefined {
    return this.changes.get(key) ?? this.index.tail.get(key) ?? lookup(this.index, Buffer.from(key, 'hex'));
  }

  /** Parsed and not stored (a first sighting). */
  seen(key: string): void {
    this.changes.set(key, { ...(this.get(key) ?? NOT_STORED), used: this.now });
    this.onlySeen.add(key);
  }

  /** Stored: `bytes` bytes at byte `at` of pack `pack`. */
  stored(key: string, place: Pick<Sighting, 'bytes' | 'pack' | 'at'>): void {
    this.changes.set(key, { ...place, used: this.now });
    this.onlySeen.delete(key);
  }

  /** The entry is gone or did not verify: parsed again, and stored again on the next sighting. */
  dropped(key: string): void {
    this.changes.set(key, { ...NOT_STORED, used: this.now });
    this.onlySeen.delete(key);
  }

  /** Read from the store. */
  used(key: string): void {
    const known = this.get(key);
    if (known && this.now - known.used > REFRESH_MS) this.changes.set(key, { ...known, used: this.now });
  }

  /**
   * Appends this run's changes; or, when the appended records have grown or a day has passed, rewrites
   * the index (merged with the file as it is now) within the limits, removing the entries that fell out.
   */
  save(): void {
    // The cache folder removed meanwhile (a test's, a cleaned runner's): nothing to keep, nothing to recreate.
    if (this.changes.size === 0 || !existsSync(path.dirname(this.folder))) return;
    try {
      const current = readIndex(this.file);
      const tail = current.tailCount + this.changes.size;
      const rewrite = current.torn || current.swept === 0 || this.now - current.swept > SWEEP_EVERY_MS || tail > Math.max(TAIL_RECORDS, current.count * TAIL_SHARE);
      if (!rewrite) {
        appendFileSync(this.file, recordBytes(this.changes, this.onlySeen));
      } else {
        const texts = allOf(current);
        for (const [key, change] of this.changes) {
          const theirs = this.onlySeen.has(key) ? texts.get(key) : undefined;
          texts.set(key, theirs?.bytes ? { ...theirs, used: change.used } : change);
        }
        const kept = bound(texts, this.now, this.limits);
        const dead = sweepPacks(this.folder, kept, this.now);
        for (const [key, s] of kept) if (dead.has(s.pack)) kept.set(key, { ...NOT_STORED, used: s.used });
        writeFileAtomic(this.file, indexBytes(kept, this.now), 0o600);
        for (const pack of dead) rmSync(packPath(this.folder, pack), { force: true });
      }
      this.changes.clear();
      this.onlySeen.clear();
    } catch {
      // speed only: a read-only cache folder costs the next run time, never this run
    }
  }
}

const NOT_STORED = { bytes: 0, pack: 0, at: 0 };

/** The texts within the limits, most recently used first; an entry that falls out is "seen" again. */
function bound(texts: Map<string, Sighting>, now: number, limits: SightingLimits): Map<string, Sighting> {
  const kept = new Map<string, Sighting>();
  let bytes = 0;
  for (const [key, s] of [...texts].sort((a, b) => b[1].used - a[1].used)) {
    if (kept.size >= limits.maxTexts || now - s.used > limits.maxAgeMs) continue;
    const fits = bytes + s.bytes <= limits.maxBytes;
    kept.set(key, fits ? s : { ...NOT_STORED, used: s.used });
    if (fits) bytes += s.bytes;
  }
  return kept;
}

/**
 * The packs to remove with the index rewrite: those the kept records use less than half of. Packs
 * no record uses and format 1's entry files go now when older than an hour (a run writing a pack
 * now has not saved its records yet).
 */
function sweepPacks(folder: string, kept: Map<string, Sighting>, now: number): Set<number> {
  const live = new Map<number, number>();
  for (const s of kept.values()) if (s.pack !== 0) live.set(s.pack, (live.get(s.pack) ?? 0) + s.bytes);
  const dead = new Set<number>();
  for (const name of namesIn(folder)) {
    const pack = packOf(name);
    if (pack === undefined && !OLD_ENTRY.test(name)) continue;
    const file = path.join(folder, name);
    try {
      const { size, mtimeMs } = statSync(file);
      const used = pack === undefined ? 0 : (live.get(pack) ?? 0);
      if (used > 0 && used * 2 < size) dead.add(pack!);
      else if (used === 0 && now - mtimeMs > ORPHAN_AGE_MS) rmSync(file, { force: true });
    } catch {
      // gone meanwhile
    }
  }
  return dead;
}

/** The folder's file names; none while it is not made yet (the first save makes it). */
function namesIn(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
