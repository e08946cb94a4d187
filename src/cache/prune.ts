// Bounds a cache folder of entry files (`*.json`): the newest `keep` stay, and with `maxAgeMs`
// none older than that. With `everyMs` it runs at most that often (a `.pruned` file's time says
// when it last ran), so a folder of many entries is listed about once a day, not on every run.
// Entries are rewritten, never edited in place, so their modification time is when they were made.
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface PruneOptions {
  keep: number;
  maxAgeMs?: number;
  everyMs?: number;
  /** The clock (tests). */
  now?: number;
}

export function pruneFolder(folder: string, { keep, maxAgeMs = Infinity, everyMs = 0, now = Date.now() }: PruneOptions): void {
  const marker = path.join(folder, '.pruned');
  if (everyMs > 0) {
    try {
      if (now - statSync(marker).mtimeMs < everyMs) return;
    } catch {
      // never pruned: now
    }
  }
  try {
    const names = readdirSync(folder).filter((n) => n.endsWith('.json'));
    if (names.length > keep || maxAgeMs !== Infinity) {
      const entries: Array<{ file: string; time: number }> = [];
      for (const name of names) {
        const file = path.join(folder, name);
        try {
          entries.push({ file, time: statSync(file).mtimeMs });
        } catch {
          // gone meanwhile (another run pruned it)
        }
      }
      entries.sort((a, b) => b.time - a.time);
      entries.forEach((e, i) => {
        if (i >= keep || now - e.time > maxAgeMs) rmSync(e.file, { force: true });
      });
    }
    if (everyMs > 0) writeFileSync(marker, '', { mode: 0o600 });
  } catch {
    // pruning saves space, never costs the run
  }
}

const looked = new Set<string>();

/** pruneFolder, called at most once per process for a folder (its `.pruned` marker is one stat per call). */
export function pruneFolderOnce(folder: string, options: PruneOptions): void {
  if (looked.has(folder)) return;
  looked.add(folder);
  pruneFolder(folder, options);
}

/**
 * Keeps the `keep` most recently modified subfolders of `folder` (a folder's time moves when an
 * entry is added to it); files ending in `.json` there count as entries too (a layout before folders).
 */
export function pruneSubfolders(folder: string, keep: number): void {
  try {
    const entries = readdirSync(folder, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.name.endsWith('.json'))
      .map((e) => {
        const file = path.join(folder, e.name);
        try {
          return { file, time: statSync(file).mtimeMs };
        } catch {
          return { file, time: 0 };
        }
      });
    if (entries.length <= keep) return;
    entries.sort((a, b) => b.time - a.time);
    for (const e of entries.slice(keep)) rmSync(e.file, { recursive: true, force: true });
  } catch {
    // pruning saves space, never costs the run
  }
}
