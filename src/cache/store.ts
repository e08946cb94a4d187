// The cache file: a few recent runs (one slot per invocation scope), each a key and its report,
// signed with this user's key (auth.ts). A file that is missing starts afresh; one that is
// damaged, edited, or written by another user or machine is refused (the caller says so and
// lints in full) and then overwritten; never an error.
import { readFileSync } from 'node:fs';
import type { RuleInfo } from '../engine/check.js';
import type { Report } from '../types.js';
import { sign, verify } from './auth.js';
import { CACHE_FORMAT } from './key.js';
import { writeFileAtomic } from '../shared/write-atomic.js';

export const DEFAULT_CACHE_LOCATION = '.kubelintcache';
const MAX_SLOTS = 16;

export interface CacheEntry {
  key: string;
  report: Report;
  /** The rule catalogue of the run, so formats that describe rules need not load the policies. */
  rules: RuleInfo[];
  storedAt: string;
}

type Slots = Record<string, CacheEntry>;

/** On disk: the slots as a JSON string and its HMAC, so the MAC covers exactly the bytes read back. */
interface CacheFile {
  format: number;
  mac: string;
  body: string;
}

export interface CacheFileState {
  slots: Slots;
  /** The file exists but is not a cache this user wrote here: ignored. */
  refused: boolean;
}

export function readCache(file: string, key: Buffer): CacheFileState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { slots: {}, refused: false };
  }
  try {
    const parsed = JSON.parse(text) as CacheFile;
    if (parsed?.format === CACHE_FORMAT && typeof parsed.body === 'string' && typeof parsed.mac === 'string' && verify(key, parsed.body, parsed.mac)) {
      const slots = JSON.parse(parsed.body) as Slots;
      if (slots && typeof slots === 'object') return { slots, refused: false };
    }
  } catch {
    // damaged: refused below
  }
  return { slots: {}, refused: true };
}

export function lookup(state: CacheFileState, scope: string, key: string): CacheEntry | undefined {
  const entry = Object.hasOwn(state.slots, scope) ? state.slots[scope] : undefined;
  return entry?.key === key ? entry : undefined;
}

export function store(file: string, key: Buffer, state: CacheFileState, scope: string, entry: Omit<CacheEntry, 'storedAt'>): void {
  const slots = { ...state.slots, [scope]: { ...entry, storedAt: new Date().toISOString() } };
  const kept = Object.entries(slots).sort((a, b) => b[1].storedAt.localeCompare(a[1].storedAt)).slice(0, MAX_SLOTS);
  const body = JSON.stringify(Object.fromEntries(kept));
  writeFileAtomic(file, JSON.stringify({ format: CACHE_FORMAT, mac: sign(key, body), body } satisfies CacheFile));
}
