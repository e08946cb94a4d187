// A map from content keys to JSON values in one file of the user's cache folder, a signed entry
// (signed-file.ts) bound to its format and its file's name: a file copied under another name (the
// index of another working directory) does not verify. A missing, damaged, foreign or other-format
// file is an empty map (such caches only speed runs up). Written back only when something was
// added; the entries this run used go first, then the others, up to `maxEntries` (the least
// recently used go first).
import path from 'node:path';
import { readSigned, writeSigned } from './signed-file.js';

export interface SignedMap<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  /** Writes the file back if anything was added; false when nothing was written. */
  save(): boolean;
}

export function openSignedMap<V>(file: string, secret: Buffer, format: number, maxEntries: number): SignedMap<V> {
  const bound = `${format}\u0000${path.basename(file)}\u0000`;
  let entries: Record<string, V> = {};
  try {
    const body = JSON.parse(readSigned(file, secret, bound) ?? '{}') as unknown;
    if (body && typeof body === 'object' && !Array.isArray(body)) entries = body as Record<string, V>;
  } catch {
    // damaged: start afresh
  }
  const used = new Map<string, V>();
  let added = false;
  return {
    get(key) {
      const found = Object.hasOwn(entries, key) ? entries[key] : undefined;
      if (found !== undefined) used.set(key, found);
      return found;
    },
    set(key, value) {
      used.set(key, value);
      added = true;
    },
    save() {
      if (!added) return false;
      const recent = new Map(used);
      for (const [key, value] of Object.entries(entries)) {
        if (recent.size >= maxEntries) break;
        if (!recent.has(key)) recent.set(key, value);
      }
      try {
        writeSigned(file, secret, JSON.stringify(Object.fromEntries(recent)), bound);
        return true;
      } catch {
        return false; // a read-only cache folder costs speed, never the run
      }
    },
  };
}
