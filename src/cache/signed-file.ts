// One cache entry per file in the user's cache folder: the HMAC (auth.ts) of what it binds, a
// newline, and the body (binary entries: the HMAC, then the body). What an entry binds besides its body (its name) is the caller's: an entry
// copied under another name then does not verify. Anything that does not verify is absent.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { sign, verify, type Signed } from './auth.js';
import { writeFileAtomic } from '../shared/write-atomic.js';
import { rewriteInPlace } from './rewrite-in-place.js';

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
  return body === undefined ? undefined : arrayOf<T>(() => JSON.parse(body));
}

/** A binary entry's body read by V8's deserializer (it keeps what JSON cannot: NaN, -0, undefined), when it is an array. */
export function readSignedSerializedArray<T>(file: string, secret: Buffer, bound = ''): T[] | undefined {
  const body = readSignedBytes(file, secret, bound);
  return body === undefined ? undefined : arrayOf<T>(() => v8.deserialize(body));
}

/** What `decode` gives, when it is an array (anything thrown: undefined). */
function arrayOf<T>(decode: () => unknown): T[] | undefined {
  try {
    const value = decode();
    return Array.isArray(value) ? (value as T[]) : undefined;
  } catch {
    return undefined;
  }
}

/** The `bound` that ties an entry to its file's name: one copied under another entry's name does not verify. */
export const nameBound = (file: string): string => `${path.basename(file)}\n`;

/** Writes the entry (atomically, mode 0600); throws what the write throws. */
export function writeSigned(file: string, secret: Buffer, body: string, bound = ''): void {
  writeFileAtomic(file, `${sign(secret, bound + body)}\n${body}`, 0o600);
}

const MAC_BYTES = 64; // hex HMAC-SHA256

/** A binary entry: the hex HMAC of `bound` and the body, then the body (V8 code caches, serialized values). */
export function signedBytes(secret: Buffer, body: Uint8Array, bound = ''): Buffer {
  return Buffer.concat([signedHead(secret, body, bound), body]);
}

/** What precedes the body in a binary entry: its hex HMAC, for writing the two without joining them. */
export function signedHead(secret: Buffer, body: Uint8Array, bound = ''): Buffer {
  return Buffer.from(sign(secret, macked(body, bound)), 'latin1');
}

/**
 * Writes a binary entry whose body is `parts` one after the other, unbound (what signedBytes makes
 * of their concatenation, byte for byte), without joining them; throws what the write throws.
 */
export function writeSignedParts(file: string, secret: Buffer, parts: readonly Uint8Array[]): void {
  writeFileAtomic(file, [Buffer.from(sign(secret, parts), 'latin1'), ...parts], 0o600);
}

/** Writes `values` as a binary entry read back by readSignedSerializedArray, bound to the file's name; its size. Throws what the write throws. */
export function writeSignedSerialized(file: string, secret: Buffer, values: readonly unknown[]): number {
  const bytes = signedBytes(secret, v8.serialize(values), nameBound(file));
  writeFileAtomic(file, bytes, 0o600);
  return bytes.length;
}

/**
 * writeSignedSerialized for an entry rewritten run after run under one name: over the old file's
 * bytes, not renamed over it (rewrite-in-place.ts); its size. Throws what the write throws.
 */
export function rewriteSignedSerialized(file: string, secret: Buffer, values: readonly unknown[]): number {
  const bytes = signedBytes(secret, v8.serialize(values), nameBound(file));
  rewriteInPlace(file, bytes);
  return bytes.length;
}

/** The body of a binary entry (signedBytes), when the file is this user's entry for `bound`. */
export function readSignedBytes(file: string, secret: Buffer, bound = ''): Buffer | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return undefined;
  }
  return verifiedBody(raw, secret, bound);
}

/** The body of binary entry bytes (signedBytes), when they are this user's entry for `bound`. */
export function verifiedBody(raw: Buffer, secret: Buffer, bound = ''): Buffer | undefined {
  const body = raw.subarray(MAC_BYTES);
  const mac = raw.subarray(0, MAC_BYTES).toString('latin1');
  return verify(secret, macked(body, bound), mac) ? body : undefined;
}

/** What a binary entry's MAC covers: `bound`, then the body (read in turn: a copy joining them cost ~15 ms per 10 MB). */
function macked(body: Uint8Array, bound: string): Signed {
  return bound === '' ? body : [Buffer.from(bound, 'latin1'), body];
}
