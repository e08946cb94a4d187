// A map from content keys to JSON values in one file of the user's cache folder, signed with the
// per-user key (auth.ts): `{format, mac, body}` where the MAC covers exactly the body read back.
// A missing, damaged, foreign or other-format file is an empty map (such caches only speed runs
// up). Written back only when something was added; the entries this run used go first, then the
// others, up to `maxEntries` (the least recently used go first).
import { readFileSync } from 'node:fs';
import { sign, verify } from './auth.js';
import { writeFileAtomic } from '../shared/write-atomic.js';

interface SignedFile {
  format: number;
  mac: string;
  body: string;
}

export interface SignedMap<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  /** Writes the file back if anything was added; false when nothing was written. */
  save(): boolean;
}

export function openSignedMap<V>(file: string, secret: Buffer, format: number, maxEntries: number): SignedMap<V> {
  let entries: Record<string, V> = {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as SignedFile;
    if (parsed.format === format && typeof parsed.body === 'string' && typeof parsed.mac === 'string' && verify(secret, parsed.body, parsed.mac)) {
      const body = JSON.parse(parsed.body) as unknown;
      if (body && typeof body === 'object' && !Array.isArray(body)) entries = body as Record<string, V>;
    }
  } catch {
    // missing or damaged: start afresh
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
      const body = JSON.stringify(Object.fromEntries(recent));
      try {
        writeFileAtomic(file, JSON.stringify({ format, mac: sign(secret, body), body } satisfies SignedFile), 0o600);
        return true;
      } catch {
        return false; // a read-only cache folder costs speed, never the run
      }
    },
  };
}
