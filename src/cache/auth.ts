// Who may write the cache file: only kubelint, run by this user on this machine. The cache file
// usually sits in the repository (`.kubelintcache`), where anyone can commit one with its findings
// emptied; so every cache file is signed with an HMAC whose key lives outside the repository, in
// the user's cache folder (config/paths.ts defaultCacheDir), created on first use with mode 0600.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultCacheDir } from '../config/paths.js';
import { makeDirs } from '../shared/make-dirs.js';

const KEY_BYTES = 32;

export function cacheKeyFile(env: NodeJS.ProcessEnv): string {
  return path.join(defaultCacheDir(env), 'cache-key');
}

/** This user's key, created if missing; undefined when it can be neither read nor created. */
export function userKey(env: NodeJS.ProcessEnv): Buffer | undefined {
  const file = cacheKeyFile(env);
  const read = (): Buffer | undefined => {
    try {
      const key = readFileSync(file);
      return key.length === KEY_BYTES ? key : undefined;
    } catch {
      return undefined;
    }
  };
  const existing = read();
  if (existing) return existing;
  try {
    makeDirs(path.dirname(file), 0o700);
    // 'wx': two first runs racing both end up reading the one key that won.
    writeFileSync(file, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
  } catch {
    // exists already (a parallel run) or not writable: read what is there
  }
  return read();
}

/** What a MAC covers: one string or byte run, or several read one after the other (no copy joins them). */
export type Signed = string | Uint8Array | ReadonlyArray<string | Uint8Array>;

export function sign(key: Buffer, body: Signed): string {
  const hmac = createHmac('sha256', key);
  if (typeof body === 'string' || body instanceof Uint8Array) hmac.update(body);
  else for (const part of body) hmac.update(part);
  return hmac.digest('hex');
}

export function verify(key: Buffer, body: Signed, mac: string): boolean {
  const expected = Buffer.from(sign(key, body), 'hex');
  const given = Buffer.from(mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
