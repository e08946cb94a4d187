// A signed entry rewritten over its own bytes (src/cache/rewrite-in-place.ts): the same file (inode)
// holds exactly the new bytes, longer or shorter; anything but this user's private regular file —
// missing, a symbolic link, hard-linked, a FIFO, readable by others — is written anew as the atomic path
// does, and a link's target is never written through.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, linkSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rewriteInPlace } from '../../src/cache/rewrite-in-place.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const posix = process.platform !== 'win32';
const bytes = (length: number, fill: number) => Buffer.alloc(length, fill);

describe('rewriteInPlace', () => {
  it('creates a missing file private, in folders it makes', () => {
    const file = path.join(temp('kubelint-rewrite-'), 'a', 'b', 'entry.bin');
    rewriteInPlace(file, bytes(100, 1));
    expect(readFileSync(file)).toEqual(bytes(100, 1));
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it.runIf(posix)('rewrites this user’s private file over its bytes: same inode, exactly the new bytes, longer or shorter', () => {
    const file = path.join(temp('kubelint-rewrite-'), 'entry.bin');
    rewriteInPlace(file, bytes(20_000, 1));
    const inode = statSync(file).ino;
    for (const [length, fill] of [[30_000, 2], [5_000, 3], [5_000, 4], [12_345, 5]] as const) {
      rewriteInPlace(file, bytes(length, fill));
      expect(readFileSync(file)).toEqual(bytes(length, fill));
      expect(statSync(file).ino).toBe(inode);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
  });

  it.runIf(posix)('replaces a symbolic link, a hard-linked file and a file others can read, never writing through them', () => {
    const dir = temp('kubelint-rewrite-');
    const target = path.join(dir, 'target');
    writeFileSync(target, 'keep');
    chmodSync(target, 0o600);
    const link = path.join(dir, 'link.bin');
    symlinkSync(target, link);
    rewriteInPlace(link, bytes(10, 7));
    expect(readFileSync(target, 'utf8')).toBe('keep');
    expect(lstatSync(link).isFile()).toBe(true);
    expect(readFileSync(link)).toEqual(bytes(10, 7));

    const hard = path.join(dir, 'hard.bin');
    linkSync(target, hard);
    rewriteInPlace(hard, bytes(10, 8));
    expect(readFileSync(target, 'utf8')).toBe('keep');
    expect(readFileSync(hard)).toEqual(bytes(10, 8));

    const open = path.join(dir, 'open.bin');
    writeFileSync(open, 'old');
    chmodSync(open, 0o644);
    const inode = statSync(open).ino;
    rewriteInPlace(open, bytes(10, 9));
    expect(readFileSync(open)).toEqual(bytes(10, 9));
    expect(statSync(open).mode & 0o777).toBe(0o600);
    expect(statSync(open).ino).not.toBe(inode);
  });

  it.runIf(posix)('replaces a FIFO put where an entry was, without waiting for a reader', () => {
    const dir = temp('kubelint-rewrite-');
    const fifo = path.join(dir, 'entry.bin');
    execFileSync('mkfifo', [fifo]);
    // In a child: an open that blocks would hang this test's worker, not fail it.
    const module = pathToFileURL(path.resolve('dist/cache/rewrite-in-place.js')).href;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e',
      `const { rewriteInPlace } = await import(${JSON.stringify(module)}); rewriteInPlace(${JSON.stringify(fifo)}, Buffer.alloc(10, 7));`], { timeout: 10_000, encoding: 'utf8' });
    expect(child.signal, 'the rewrite blocked on the FIFO').toBeNull();
    expect(child.status, child.stderr).toBe(0);
    expect(lstatSync(fifo).isFile()).toBe(true);
    expect(readFileSync(fifo)).toEqual(bytes(10, 7));
  });
});
