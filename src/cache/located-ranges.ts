// Where earlier runs' findings were located, by the document's text: a warm run of a repository
// with many findings (legacy 1,000: 5,510 findings in 349 documents) located each of them again,
// ~20 ms of its main thread (BENCHMARKS.md round 16, r16legacy). quickLocate (load/quick-locate.ts)
// is a function of a document's text, its first line and the path, for a given build: its answers
// are kept by the text's SHA-256 in the user's cache folder (cache/located-store.ts: a folder per
// build, segments appended, bounded), and a run that asks the same again reads the range instead
// of reading the text. A text edited is another digest: a miss, never a wrong hit. A run keeps what
// it located anew and appends it as one segment, so several repositories linted in turn with one
// cache folder, or a `--changed` run between full runs, keep each other's ranges. A first run (no
// folder yet for this build) leaves an empty index only: keeping and writing 5,510 ranges cost a
// first run at legacy 1,000 ~10 ms, for a cache a CI job without a restored folder never reads.
import { hash } from 'node:crypto';
import { useLocateMemo, type LocateMemo } from '../load/quick-locate.js';
import type { JsonPath, SourceRange } from '../types.js';
import {
  LOCATED_BOUNDS,
  compact,
  folderExists,
  headOf,
  locatedFolder,
  mergeTexts,
  pruneBuilds,
  readIndex,
  readSegment,
  removeOrphans,
  storedRange,
  writeIndex,
  writeSegment,
  type Index,
  type LocatedHome,
  type StoredRanges,
  type TextRanges,
} from './located-store.js';

export { LOCATED_BOUNDS, PRUNE_LOCATED, locatedFolder, type LocatedHome as LocatedRangesHome } from './located-store.js';

/** Texts hashed over the process: what tests hold against the texts located. */
export const locatedRangesWork = { textsHashed: 0, segmentsRead: 0, segmentsWritten: 0 };

/** A path's key: its JSON (the item 0 and the key "0" stay apart), once per path array (most are shared, engine/shared-parts.ts). */
const keys = new WeakMap<JsonPath, string>();
function keyOf(p: JsonPath): string {
  let key = keys.get(p);
  if (key === undefined) keys.set(p, (key = JSON.stringify(p)));
  return key;
}

/** What a run knows of one text: its digest, its stored ranges and what it located anew. */
interface TextState {
  digest: string;
  stored: StoredRanges | undefined;
  fresh: TextRanges | undefined;
}

/** This run's memo: the stored ranges of the texts it asks about, and what it located anew (the segment it appends). */
class LocatedRanges implements LocateMemo {
  private index: Index | undefined;
  /** No folder yet (a first run in this cache folder with this build): nothing is kept but an empty index. */
  private firstSighting = false;
  /** Texts read from segments, by digest (a segment holds many: read once). */
  private readonly loaded = new Map<string, StoredRanges>();
  private readonly segmentsRead = new Set<string>();
  /**
   * Each text asked about, by the text: hashed and looked up once per text, where a lookup per
   * finding (legacy 10,000: 55,000 findings in 3,490 texts) cost ~15 ms.
   */
  private readonly texts = new Map<string, TextState>();
  /** The index heads of texts whose stored ranges this run read: their use is stamped. */
  private readonly used = new Set<string>();
  private readonly folder: string;

  constructor(private readonly home: LocatedHome) {
    this.folder = locatedFolder(home);
  }

  get(text: string, firstLine: number, p: JsonPath): SourceRange | undefined {
    let state = this.texts.get(text);
    if (state === undefined) {
      // Nothing stored and nothing located yet (a first or second run): no text is hashed for it.
      if (this.load().texts.size === 0 && this.texts.size === 0) return undefined;
      state = this.stateOf(text);
    }
    const entry = state.stored ?? state.fresh;
    if (entry === undefined || entry.firstLine !== firstLine) return undefined;
    const key = keyOf(p);
    if (state.stored !== undefined) {
      const range = storedRange(state.stored, key);
      if (range !== undefined) return range;
    }
    const range = state.fresh?.ranges.get(key);
    return range && { line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn };
  }

  /** `range` is kept as it is: quickLocate made it, and its callers copy it (load/yaml-fast.ts shifts it into a new one). */
  set(text: string, firstLine: number, p: JsonPath, range: SourceRange): void {
    this.load();
    if (this.firstSighting) return;
    const state = this.texts.get(text) ?? this.stateOf(text);
    const entry = state.stored ?? state.fresh;
    if (entry !== undefined && entry.firstLine !== firstLine) return; // another document start in the same text: not kept
    state.fresh ??= { firstLine, ranges: new Map() };
    state.fresh.ranges.set(keyOf(p), range);
  }

  /**
   * Appends what this run located anew as a segment and stamps the texts it used (at most once an
   * hour per text, so a warm run whose ranges were all stored writes nothing). A folder that cannot
   * be written keeps nothing.
   */
  save(now = Date.now()): void {
    if (this.index === undefined) return;
    const fresh = new Map<string, TextRanges>();
    for (const state of this.texts.values()) if (state.fresh !== undefined) fresh.set(state.digest, state.fresh);
    try {
      if (this.firstSighting) {
        this.firstSighting = false;
        writeIndex(this.folder, this.home.secret, { segments: new Map(), texts: new Map() });
        pruneBuilds(this.home);
        return;
      }
      const stale = [...this.used].some((head) => (this.index!.texts.get(head)?.usedAt ?? now) < now - LOCATED_BOUNDS.stampMs);
      if (fresh.size === 0 && !stale) return;
      // Read again: another run may have appended since this one read it.
      let index = readIndex(this.folder, this.home.secret);
      if (fresh.size > 0) {
        const [name, bytes] = writeSegment(this.folder, this.home.secret, fresh);
        locatedRangesWork.segmentsWritten++;
        index.segments.set(name, bytes);
        for (const digest of fresh.keys()) {
          const head = headOf(digest);
          const text = index.texts.get(head);
          if (text === undefined) index.texts.set(head, { usedAt: now, segments: [name] });
          else {
            text.usedAt = now;
            if (!text.segments.includes(name)) text.segments.push(name);
          }
        }
      }
      for (const head of this.used) {
        const text = index.texts.get(head);
        if (text !== undefined) text.usedAt = now;
      }
      let bytes = 0;
      for (const size of index.segments.values()) bytes += size;
      if (bytes > LOCATED_BOUNDS.maxBytes || index.segments.size > LOCATED_BOUNDS.maxSegments) {
        index = compact(this.folder, this.home.secret, index, fresh);
      }
      writeIndex(this.folder, this.home.secret, index);
      if (fresh.size > 0) removeOrphans(this.folder, index, now);
      pruneBuilds(this.home);
    } catch {
      // read-only or full: the next run locates again
    } finally {
      for (const state of this.texts.values()) state.fresh = undefined;
      this.used.clear();
    }
  }

  /** The build's index, read on first use; no folder at all marks a first sighting. */
  private load(): Index {
    if (this.index === undefined) {
      this.firstSighting = !folderExists(this.folder);
      this.index = this.firstSighting ? { segments: new Map(), texts: new Map() } : readIndex(this.folder, this.home.secret);
    }
    return this.index;
  }

  /** A text's state: hashed, and the segments the index names for it read first (once each). */
  private stateOf(text: string): TextState {
    const digest = hash('sha256', text);
    locatedRangesWork.textsHashed++;
    const head = headOf(digest);
    const listed = this.index!.texts.get(head);
    if (listed !== undefined) {
      for (const name of listed.segments) {
        if (this.segmentsRead.has(name)) continue;
        this.segmentsRead.add(name);
        locatedRangesWork.segmentsRead++;
        mergeTexts(this.loaded, readSegment(this.folder, this.home.secret, name));
      }
    }
    const stored = this.loaded.get(digest);
    if (stored !== undefined && listed !== undefined) this.used.add(head);
    const state: TextState = { digest, stored, fresh: undefined };
    this.texts.set(text, state);
    return state;
  }
}

/** A memo of its own, beside the process's (tests: two runs at once on one folder). */
export function openLocatedRanges(home: LocatedHome): LocateMemo & { save(now?: number): void } {
  return new LocatedRanges(home);
}

let current: LocatedRanges | undefined;
let savesAtExit = false;

/** Turns the store on for this process (the CLI), or off; what the previous one located is saved first. */
export function useLocatedRanges(home: LocatedHome | undefined): void {
  current?.save();
  current = home ? new LocatedRanges(home) : undefined;
  useLocateMemo(current);
  if (current && !savesAtExit) {
    savesAtExit = true;
    // After the report is written: saving is not on the way to the output.
    process.on('exit', () => current?.save());
  }
}
