// A file's stamp: the fields that change whenever its content may have — device, inode, size,
// modification and status-change times (ns). Git's index trusts a file's hash on the same fields,
// and the CLI's code cache binds the bundle's hash to them (code-cache.ts). A write sets the change
// time to the clock's "now", which no program can set back (utimes sets it too); but file systems
// keep coarse clocks (a kernel tick, 2 s on FAT), so two writes within one tick may leave the same
// times. A stamp is therefore recorded only once the file has been still for SETTLE_NS ("racily
// clean" in git): any later write changes it. Looking a recorded stamp up needs no such wait.
import { fstatSync, statSync, type BigIntStats } from 'node:fs';

const SETTLE_NS = 2_000_000_000n;

function statOf(file: string): BigIntStats | undefined {
  try {
    const stats = statSync(file, { bigint: true, throwIfNoEntry: false });
    return stats?.isFile() ? stats : undefined;
  } catch {
    return undefined;
  }
}

const format = (s: BigIntStats) => `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;

/** The file's stamp now, to compare with a recorded one; undefined when it is not a readable regular file. */
export function stampOf(file: string): string | undefined {
  const stats = statOf(file);
  return stats ? format(stats) : undefined;
}

/** The stamp of the file open as `fd`: the file those bytes are read from, whatever its path names a moment later. */
export function stampOfDescriptor(fd: number): string {
  return format(fstatSync(fd, { bigint: true }));
}

/**
 * The stamp to record for content read from the file just before: undefined while the file
 * changed within SETTLE_NS of `nowMs` (a write after the read then shows as unsettled too).
 */
export function settledStamp(file: string, nowMs = Date.now()): string | undefined {
  const stats = statOf(file);
  if (!stats) return undefined;
  const now = BigInt(Math.floor(nowMs)) * 1_000_000n;
  return now - stats.mtimeNs >= SETTLE_NS && now - stats.ctimeNs >= SETTLE_NS ? format(stats) : undefined;
}
