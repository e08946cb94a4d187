// Write then rename, so a parallel run reads the old file or the new one, never half a file. The
// folders are made first (make-dirs.ts): private (0700) when the file gets a mode, as the user's
// cache files do (0600). A failure throws; each caller decides what it costs. A failed write or
// rename removes its temporary file: on a full disk each run otherwise left one per cache entry.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeDirs } from './make-dirs.js';

/** `mode`: the file's (0600 for the user's caches); without it, files and folders get the umask's defaults. */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode?: number): void {
  makeDirs(path.dirname(file), mode === undefined ? undefined : 0o700);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data, mode === undefined ? undefined : { mode });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
