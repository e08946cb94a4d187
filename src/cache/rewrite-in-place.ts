// Rewrites a signed cache entry that exists over its own bytes, instead of writing a new file and
// renaming it over the old one (shared/write-atomic.ts). A rename over a file frees the old file's
// blocks, and on ext4 mounted with `discard` (this machine; cloud images often are) the free is
// paid at once: a warm run with an edit rewrites its namespace's 110 KB pieces file
// (engine/rego-objects.ts), and that rename took 0.5-4.7 ms of it under strace, against ~0.05 ms for
// the same bytes written over the old ones (the blocks stay allocated). Only for entries whose
// reader verifies them (signed-file.ts): a reader that meets a rewrite half done — another run's,
// or one a crash cut short — finds an entry that does not verify, which every store reads as
// absent (speed only). A file that is not there yet is written atomically, as before.
import { closeSync, constants, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { writeFileAtomic } from '../shared/write-atomic.js';

/** Writes `data` as the whole of `file` (mode 0600 when new); throws what the write throws. */
export function rewriteInPlace(file: string, data: Uint8Array): void {
  const open = openExisting(file);
  if (!open) return writeFileAtomic(file, data, 0o600);
  const { fd, size } = open;
  try {
    for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done, done);
    // Shrinking frees the blocks past the new end too, but an edit's entry is about the old one's size.
    if (size > data.length) ftruncateSync(fd, data.length);
  } finally {
    closeSync(fd);
  }
}

/**
 * The file opened for writing when it is this user's private regular file; else undefined (not
 * there, a link, a FIFO or other special file, or readable by others: written anew, as the atomic
 * path makes it).
 */
function openExisting(file: string): { fd: number; size: number } | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO put where an entry was would block the open until a reader came.
    fd = openSync(file, constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    const own = typeof process.getuid !== 'function' || stats.uid === process.getuid();
    if (stats.isFile() && stats.nlink === 1 && own && (stats.mode & 0o077) === 0) return { fd, size: stats.size };
  } catch {
    // fall through: written anew
  }
  closeSync(fd);
  return undefined;
}
