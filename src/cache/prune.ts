// Bounds a cache folder of entries (`*.json` files or another ending, and with `folders` its subfolders too): the
// newest `keep` stay, with `maxAgeMs` none older than that, and with `maxBytes` only the newest that fit in it together. With `everyMs` it runs at most that often (a `.pruned` file's time says
// when it last ran), so a folder of many entries is listed about once a day, not on every run.
// Entries are rewritten, never edited in place, so their modification time is when they were made.
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface PruneOptions {
  keep: number;
  maxAgeMs?: number;
  /** The most the kept entries' files may hold together (subfolders count as empty): for stores whose entries vary from KBs to MBs. */
  maxBytes?: number;
  everyMs?: number;
  /** Subfolders are entries too, removed with what they hold (a folder's time moves when a file is added to it). */
  folders?: boolean;
  /** How the entries' names end (default `.json`). */
  ext?: string;
  /** The clock (tests). */
  now?: number;
}

export function pruneFolder(folder: string, { keep, maxAgeMs = Infinity, maxBytes = Infinity, everyMs = 0, folders = false, ext = '.json', now = Date.now() }: PruneOptions): void {
  const marker = path.join(folder, '.pruned');
  if (everyMs > 0) {
    try {
      if (now - statSync(marker).mtimeMs < everyMs) return;
    } catch {
      // never pruned: now
    }
  }
  try {
    const names = readdirSync(folder, { withFileTypes: true })
      .filter((e) => e.name.endsWith(ext) || (folders && e.isDirectory()))
      .map((e) => e.name);
    if (names.length > keep || maxAgeMs !== Infinity || maxBytes !== Infinity) {
      const entries: Array<{ file: string; time: number; bytes: number }> = [];
      for (const name of names) {
        const file = path.join(folder, name);
        try {
          const stat = statSync(file);
          entries.push({ file, time: stat.mtimeMs, bytes: stat.isFile() ? stat.size : 0 });
        } catch {
          // gone meanwhile (another run pruned it)
        }
      }
      entries.sort((a, b) => b.time - a.time);
      // The newest entries up to the first that passes a bound; it and every older one go.
      let kept = 0;
      let bytes = 0;
      for (const e of entries) {
        bytes += e.bytes;
        if (kept < keep && now - e.time <= maxAgeMs && bytes <= maxBytes) kept++;
        else {
          kept = keep;
          rmSync(e.file, { recursive: folders, force: true });
        }
      }
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
