// --changed's per-resource findings (engine/judged.ts): what the per-resource rules (schema,
// api-validation, per-resource Rego rules) found on an object, keyed by the object's content, in
// the user's cache folder (`findings/<settings>/<object>.json`), signed with the per-user key
// (auth.ts) like the other caches and never read from the repository. One folder per set of
// settings: kubelint's build, the compiled policies and schemas it reads, this format and the
// resolved config. Another set is another folder (the few most recent are kept). One file per
// object, so a run reads the entries of its changed objects only (one file of 5,000 objects cost
// ~0.1 s to open and ~0.25 s to save, BENCHMARKS.md round 4, r4review). Entries hold no location:
// a finding is located in the file the object sits in now.
import { createHash } from 'node:crypto';
import { utimesSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { ResourceFindingsCache, StoredViolation } from '../engine/judged.js';
import { validatorsFor } from '../engine/schema-validator.js';
import { resolveBundledVersion } from '../schemas/store.js';
import type { Resource } from '../types.js';
import { configIdentity, hashBundleFiles } from './key.js';
import { pruneFolder, pruneFolderOnce } from './prune.js';
import { readSignedArray, writeSigned } from './signed-file.js';

// 2: strings starting with NUL are kept apart from .inf and .nan (objectKey).
// 3: one file per object in a folder per settings.
const FORMAT = 3;
const DAY = 24 * 60 * 60 * 1000;
/** Objects per settings folder, looked at once a day at most: the newest stay, none older than 30 days. */
const PRUNE = { keep: 5_000, maxAgeMs: 30 * DAY, everyMs: DAY };
/** Settings folders kept (a config edit or a new build starts a new one). */
const MAX_SETTINGS = 6;

export interface FindingsStore {
  /** The user's cache folder. */
  dir: string;
  secret: Buffer;
  /** kubelint's build (cache/build-id.ts). */
  version: string;
}

/** Everything besides an object that per-resource findings depend on. */
function settingsKey(config: ResolvedConfig, version: string): string {
  const hash = createHash('sha256').update(JSON.stringify([FORMAT, version, configIdentity(config)]));
  hashBundleFiles(hash, config);
  return hash.digest('hex');
}

/**
 * JSON cannot write the numbers YAML's .inf and .nan make: they become `\u0000Infinity` etc., and
 * a string that starts with NUL gets a second one, so no string (e.g. "\u0000Infinity" written
 * in the YAML) reads as such a number.
 */
function distinct(_key: string, value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : `\u0000${String(value)}`;
  return typeof value === 'string' && value.startsWith('\u0000') ? `\u0000${value}` : value;
}

/**
 * An object's content. Key order counts (the same object written otherwise is another entry: a
 * miss, never a wrong hit).
 */
export function objectKey(object: unknown): string {
  return createHash('sha256').update(JSON.stringify(object, distinct)).digest('hex');
}

function touch(folder: string): void {
  try {
    const now = new Date();
    utimesSync(folder, now, now);
  } catch {
    // recency saves entries, never costs the run
  }
}

export interface PersistentFindingsCache extends ResourceFindingsCache {
  /** Writes the entries added in this run. */
  save(): void;
}

/** The folder of one run's settings (tests look inside). */
export function findingsFolder(store: FindingsStore, config: ResolvedConfig): string {
  return path.join(store.dir, 'findings', settingsKey(config, store.version));
}

/**
 * The cache for one run's settings. Only objects of kinds with a bundled schema are kept: a custom
 * resource's schema findings depend on the CRDs and schema folders of the run, and a CRD's on the
 * resources using it.
 */
export function openFindingsCache(store: FindingsStore, config: ResolvedConfig): PersistentFindingsCache {
  const folder = findingsFolder(store, config);
  const kinds = validatorsFor(resolveBundledVersion(config.kubernetesVersion), config.schema.strict).bundle.kinds;
  const keys = new WeakMap<Resource, string>();
  const keyOf = (r: Resource) => {
    let key = keys.get(r);
    if (key === undefined) keys.set(r, (key = objectKey(r.object)));
    return key;
  };
  const added = new Map<string, StoredViolation[]>();
  let served = false;
  // An entry is signed with its name and its settings folder's: one copied under another object's
  // name, or into the folder of other settings (a rule turned on), does not verify.
  const entry = (key: string) => `${key}.json`;
  const bound = (key: string) => `${path.basename(folder)}/${entry(key)}`;
  return {
    cacheable: (r) => r.kind !== 'CustomResourceDefinition' && kinds[`${r.apiVersion} ${r.kind}`] !== undefined,
    get(r) {
      const key = keyOf(r);
      const fresh = added.get(key);
      if (fresh) return fresh;
      const stored = readSignedArray<StoredViolation>(path.join(folder, entry(key)), store.secret, bound(key));
      if (stored) served = true;
      return stored;
    },
    set: (r, violations) => void added.set(keyOf(r), [...violations]),
    save() {
      if (added.size === 0) {
        // A run served from the folder alone adds no entry, so its time would not move: the
        // settings in use every day would go first when other settings prune (their recency).
        if (served) touch(folder);
        return;
      }
      try {
        for (const [key, violations] of added) writeSigned(path.join(folder, entry(key)), store.secret, JSON.stringify(violations), bound(key));
      } catch {
        return; // a read-only cache folder costs speed, never the run
      }
      added.clear();
      pruneFolderOnce(folder, PRUNE);
      pruneFolder(path.dirname(folder), { keep: MAX_SETTINGS, folders: true });
    },
  };
}
