// A folder's entries as the plan's glob walk lists them (plan.ts: `**/*`, dot-files included,
// symlinks listed and never followed, node_modules and .git left out), read synchronously. The
// glob engine (fast-glob: picomatch, micromatch and a walker of its own) was ~2.5 ms of a
// 100-resource run's CPU to list five files; a folder walk with no `exclude` patterns in the
// config needs no pattern matching beyond these two names. test/load/folder-walk holds it to
// fast-glob's answer, except for names fast-glob gets wrong: it turns a backslash in a name into a
// folder separator (the file is then reported unreadable) and may leave out a name with a line
// break; this walk lists both as they are (a walk with exclude patterns still goes through fast-glob).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { WalkedEntry } from './walk-entries.js';

/** Names never walked into, at any depth: what ALWAYS_EXCLUDED (`**\/node_modules/**`, `**\/.git/**`) leaves out. */
const NEVER_WALKED = new Set(['node_modules', '.git']);

/**
 * Every entry below `dir` (absolute paths), each folder's entries before those of the folders in
 * it, as fast-glob's walker emits them. A folder that is gone by the time it is read is skipped
 * (fast-glob suppresses ENOENT); any other error is thrown, as fast-glob's walk rejects with it.
 */
export function walkFolder(dir: string): WalkedEntry[] {
  const entries: WalkedEntry[] = [];
  const folders = [dir];
  for (let i = 0; i < folders.length; i++) {
    const folder = folders[i]!;
    let dirents;
    try {
      dirents = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const dirent of dirents) {
      if (NEVER_WALKED.has(dirent.name)) continue;
      const entry = path.join(folder, dirent.name);
      entries.push({ path: entry, dirent });
      if (dirent.isDirectory()) folders.push(entry);
    }
  }
  return entries;
}
