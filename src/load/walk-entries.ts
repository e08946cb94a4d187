// Which files a run may open. A walk reads regular files only: a FIFO would block forever, a
// device (`/dev/zero`) never ends. Symlinks to files are followed only while their target stays
// inside the linted folder (folders are never followed): a repository must not make kubelint read,
// and print, a file from outside it (`deploy/x.yaml -> ~/.aws/credentials`).
import type { Dirent } from 'node:fs';
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** A walked entry as fast-glob lists it in object mode. */
export interface WalkedEntry {
  path: string;
  dirent: Dirent;
}

/** Why an entry was not read (the skipped list's reason); the path is what findings name. */
export interface Unread {
  path: string;
  reason: string;
  message: string;
}

const inside = (file: string, dir: string) => file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

function specialKind(d: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string | undefined {
  if (d.isFIFO()) return 'FIFO (named pipe)';
  if (d.isSocket()) return 'socket';
  if (d.isCharacterDevice()) return 'character device';
  if (d.isBlockDevice()) return 'block device';
  return undefined;
}

/** stat() that answers undefined for a dangling link or a loop instead of throwing. */
function statOrUndefined(file: string) {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

const OUTSIDE = 'symlink to a file outside the linted folder';
const outside = (file: string): Unread => ({
  path: file,
  reason: OUTSIDE,
  message: `${OUTSIDE}: not followed (lint the file where it lives, inside the folder)`,
});

/** The real path of the folder a walk starts from (the walk's entries are compared with it). */
export function realRoot(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/**
 * Splits walked entries into those to read and those skipped with a reason. Directories are
 * dropped (the walk lists them); a dangling symlink is kept, so reading it reports the error.
 * `relevant` says whether an unread entry is worth a warning (a manifest-looking name).
 */
export function readableEntries(entries: readonly WalkedEntry[], root: string, relevant: (file: string) => boolean): { files: string[]; unread: Unread[] } {
  const files: string[] = [];
  const unread: Unread[] = [];
  for (const { path: raw, dirent } of entries) {
    const file = path.normalize(raw);
    if (dirent.isFile()) {
      files.push(file);
      continue;
    }
    if (dirent.isDirectory()) continue;
    if (!dirent.isSymbolicLink()) {
      const kind = specialKind(dirent);
      if (kind && relevant(file)) unread.push({ path: file, reason: kind, message: `${kind}: not read (a walk reads regular files only; name it on the command line to read it)` });
      continue;
    }
    const target = statOrUndefined(file);
    if (!target) {
      files.push(file); // dangling or a loop: reading it says so
      continue;
    }
    if (target.isDirectory()) continue; // folders are not followed
    const kind = specialKind(target);
    if (kind) {
      if (relevant(file)) unread.push({ path: file, reason: kind, message: `symlink to a ${kind}: not read (a walk reads regular files only)` });
      continue;
    }
    if (inside(realRoot(file), root)) files.push(file);
    else if (relevant(file)) unread.push(outside(file));
  }
  return { files, unread };
}

/**
 * An explicitly named file that is a symlink (or lies under one) resolving to a regular file
 * outside `root`: refused like a walked one. Devices and FIFOs named explicitly (`<(helm
 * template …)`, /dev/stdin) are read, with the same cap as files.
 */
export function explicitOutside(file: string, root: string): Unread | undefined {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return undefined; // missing or dangling: reading it says so
  }
  if (real === file || inside(real, root)) return undefined;
  const target = statOrUndefined(real);
  return target?.isFile() ? outside(file) : undefined;
}
