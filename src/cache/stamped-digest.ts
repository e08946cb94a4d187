// The SHA-256 of a file a run reads whole only to name what it stored: build/policies/policy.wasm,
// 650 KB read and hashed by every run for the names of its Rego results (engine/rego.ts), though a
// warm run whose results are all stored never compiles it (~0.8 ms, and the bytes held as external
// memory through the run, which V8 counts toward its first full collection). Kept by the file's
// stamp (file-stamps.ts) in one signed file of the cache folder: a run that finds the file with the
// stamp of an earlier read takes that read's digest and reads nothing. A stamp is recorded only
// once the file has been still (settledStamp); a record that does not verify is no record.
// Recorded through writeSigned alone, which every first run calls anyway (located-ranges.ts): the
// functions a run compiles, and so the CLI code cache a build trains (scripts/ship-code-caches.mjs,
// test/cli/shipped-caches-reproducible), are the same whether the file was settled or not.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { settledStamp, stampOf } from './file-stamps.js';
import { readSigned, writeSigned } from './signed-file.js';

/** What the record file's MAC covers besides its body: its format and name. */
const BOUND = 'digests\u00001\u0000';
/** Files whose digests are kept: kubelint's policy.wasm of a few installs. */
const MAX_FILES = 8;

/** The cache folder and the per-user key its entries are signed with. */
export interface DigestHome {
  dir: string;
  secret: Buffer;
}

/** A file's SHA-256 (hex), with its bytes when they were read for it. */
export interface Digested {
  digest: string;
  bytes?: Buffer;
}

interface Known {
  stamp: string;
  digest: string;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** `file`'s digest: by its stamp from `home` when recorded there, else of `read()`'s bytes (then recorded when settled at `nowMs`). */
export function stampedDigest(file: string, home: DigestHome | undefined, read: () => Buffer, nowMs = Date.now()): Digested {
  if (!home) return hashed(read());
  const records = path.join(home.dir, 'rego', 'digests');
  const key = path.resolve(file);
  const known = recordsIn(readSigned(records, home.secret, BOUND));
  const own = Object.hasOwn(known, key) ? known[key] : undefined;
  // Stamped whether or not there is a record: every run then compiles the same functions (the CLI
  // code cache a build trains, in runs that record and runs that find, is the same either way).
  const stamp = stampOf(file);
  if (isKnown(own) && own.stamp === stamp) return { digest: own.digest };
  const fresh = hashed(read());
  const settled = settledStamp(file, nowMs);
  if (settled !== undefined) {
    // This file's record first, then the others up to MAX_FILES.
    const kept = [[key, { stamp: settled, digest: fresh.digest }], ...Object.entries(known).filter(([other, record]) => other !== key && isKnown(record))].slice(0, MAX_FILES);
    try {
      writeSigned(records, home.secret, JSON.stringify(Object.fromEntries(kept)), BOUND);
    } catch {
      // a read-only cache folder: the file is read and hashed again next run
    }
  }
  return fresh;
}

/** What a record file's body holds; anything else is no record. */
function recordsIn(body: string | undefined): Record<string, unknown> {
  try {
    const parsed: unknown = body === undefined ? undefined : JSON.parse(body);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function hashed(bytes: Buffer): Digested {
  return { digest: sha256(bytes), bytes };
}

function isKnown(value: unknown): value is Known {
  const known = value as Partial<Known> | undefined;
  return typeof known?.stamp === 'string' && typeof known.digest === 'string' && /^[0-9a-f]{64}$/.test(known.digest);
}
