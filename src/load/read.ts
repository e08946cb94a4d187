// Reads one manifest file safely: size-capped, binary and invalid UTF-8 refused with a clear reason.
import { promises as fs } from 'node:fs';

/** Larger files are refused before reading, so memory stays bounded on hostile input. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

export type ReadResult = { text: string } | { error: string; line?: number; column?: number };

const decoder = new TextDecoder('utf-8', { fatal: true });

function lineAndColumnOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The first byte where UTF-8 decoding fails (the decoder itself does not say where). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search on the longest prefix that decodes; prefixes ending mid-character are retried shorter.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    let ok = false;
    for (let back = 0; back < 4 && mid - back > lo; back++) {
      try {
        decoder.decode(bytes.subarray(0, mid - back));
        ok = true;
        break;
      } catch {
        /* keep trying shorter prefixes */
      }
    }
    if (ok) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function decodeManifestBytes(bytes: Uint8Array): ReadResult {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return { error: 'binary file (contains NUL bytes), not YAML or JSON' };
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { error: `invalid UTF-8 at byte ${at}`, ...lineAndColumnOf(bytes, at) };
  }
}

function describeFsError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file (or a dangling symlink)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symlink loop';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error.message;
  }
}

export async function readManifestFile(file: string): Promise<ReadResult> {
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) return { error: 'is a directory' };
    if (stat.size > MAX_FILE_BYTES) {
      const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
      return { error: `file is ${mib(stat.size)}, above the ${mib(MAX_FILE_BYTES)} limit; split it into smaller files` };
    }
    return decodeManifestBytes(await fs.readFile(file));
  } catch (error) {
    return { error: `cannot read: ${describeFsError(error as NodeJS.ErrnoException)}` };
  }
}
