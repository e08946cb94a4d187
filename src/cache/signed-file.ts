// One cache entry per file in the user's cache folder: the HMAC (auth.ts) of what it binds, a
// newline, and the body. What an entry binds besides its body (its name) is the caller's: an entry
// copied under another name then does not verify. Anything that does not verify is absent.
import { readFileSync } from 'node:fs';
import { sign, verify } from './auth.js';
import { writeFileAtomic } from '../shared/write-atomic.js';

/** The entry's body, when the file is this user's signed entry for `bound`. */
export function readSigned(file: string, secret: Buffer, bound = ''): string | undefined {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const newline = raw.indexOf('\n');
  if (newline < 0) return undefined;
  const body = raw.slice(newline + 1);
  return verify(secret, bound + body, raw.slice(0, newline)) ? body : undefined;
}

/** The entry's body as JSON, when it is an array (what the entry stores keep). */
export function readSignedArray<T>(file: string, secret: Buffer, bound = ''): T[] | undefined {
  const body = readSigned(file, secret, bound);
  if (body === undefined) return undefined;
  try {
    const value = JSON.parse(body) as unknown;
    return Array.isArray(value) ? (value as T[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the entry (atomically, mode 0600); throws what the write throws. */
export function writeSigned(file: string, secret: Buffer, body: string, bound = ''): void {
  writeFileAtomic(file, `${sign(secret, bound + body)}\n${body}`, 0o600);
}
