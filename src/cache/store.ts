// The cache file: a few recent runs (one slot per invocation scope), each a key and its report.
// A damaged or foreign cache file is ignored and rewritten, never an error.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RuleInfo } from '../engine/check.js';
import type { Report } from '../types.js';
import { CACHE_FORMAT } from './key.js';

export const DEFAULT_CACHE_LOCATION = '.kubelintcache';
const MAX_SLOTS = 16;

export interface CacheEntry {
  key: string;
  report: Report;
  /** The rule catalogue of the run, so formats that describe rules need not load the policies. */
  rules: RuleInfo[];
  storedAt: string;
}

interface CacheFile {
  format: number;
  slots: Record<string, CacheEntry>;
}

function read(file: string): CacheFile {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (parsed?.format === CACHE_FORMAT && parsed.slots && typeof parsed.slots === 'object') return parsed;
  } catch {
    // missing or damaged: start afresh
  }
  return { format: CACHE_FORMAT, slots: {} };
}

export function lookup(file: string, scope: string, key: string): CacheEntry | undefined {
  const entry = read(file).slots[scope];
  return entry?.key === key ? entry : undefined;
}

export function store(file: string, scope: string, entry: Omit<CacheEntry, 'storedAt'>): void {
  const cache = read(file);
  cache.slots[scope] = { ...entry, storedAt: new Date().toISOString() };
  const slots = Object.entries(cache.slots).sort((a, b) => b[1].storedAt.localeCompare(a[1].storedAt)).slice(0, MAX_SLOTS);
  mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename, so a parallel run never reads half a file.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ format: CACHE_FORMAT, slots: Object.fromEntries(slots) }));
  renameSync(temp, file);
}
