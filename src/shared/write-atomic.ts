// Write then rename, so a parallel run reads the old file or the new one, never half a file. The
// folders are made first (make-dirs.ts): private (0700) when the file gets a mode, as the user's
// cache files do (0600). A failure throws; each caller decides what it costs. A failed write or
// rename removes its temporary file: on a full disk each run otherwise left one per cache entry.
import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { makeDirs } from './make-dirs.js';

/**
 * `mode`: the file's (0600 for the user's caches); without it, files and folders get the umask's
 * defaults. `data` as parts is written one part after the other, never joined: a first run's copy
 * of the shipped 740 KB code cache was joined twice (a fresh buffer's page faults each time).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array | readonly Uint8Array[], mode?: number): void {
  makeDirs(path.dirname(file), mode === undefined ? undefined : 0o700);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) writeFileSync(temp, data, mode === undefined ? undefined : { mode });
    else writeParts(temp, data, mode);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Creates `file` (truncated) holding `parts` in order; a short write goes on from where it stopped. */
function writeParts(file: string, parts: readonly Uint8Array[], mode: number | undefined): void {
  const fd = openSync(file, 'w', mode);
  try {
    for (const part of parts) for (let done = 0; done < part.length; ) done += writeSync(fd, part, done);
  } finally {
    closeSync(fd);
  }
}
