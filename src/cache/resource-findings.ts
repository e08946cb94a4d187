// --changed's per-resource findings (engine/judged.ts): what the per-resource rules (schema,
// api-validation, per-resource Rego rules) found on an object, keyed by the object's content, in
// the user's cache folder (`findings/`), signed with the per-user key (auth.ts) like the other
// caches and never read from the repository. One file per set of settings: kubelint's build, the
// compiled policies and schemas it reads, this format and the resolved config. Another set is
// another file (the few most recent are kept). Entries hold no location: a finding is located in
// the file the object sits in now.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { ResourceFindingsCache, StoredViolation } from '../engine/judged.js';
import { validatorsFor } from '../engine/schema-validator.js';
import { resolveBundledVersion } from '../schemas/store.js';
import type { Resource } from '../types.js';
import { settledStamp } from './file-stamps.js';
import { bundleFiles, configIdentity } from './key.js';
import { pruneFolder } from './prune.js';
import { openSignedMap } from './signed-map.js';

// 2: strings starting with NUL are kept apart from .inf and .nan (objectKey).
const FORMAT = 2;
/** Objects per settings file (each run reads the whole file): the least recently used go first. */
const MAX_ENTRIES = 5_000;
/** Settings files kept (a config edit or a new build starts a new one). */
const MAX_FILES = 6;

export interface FindingsStore {
  /** The user's cache folder. */
  dir: string;
  secret: Buffer;
  /** kubelint's build (cache/build-id.ts). */
  version: string;
}

/**
 * Everything besides an object that per-resource findings depend on. kubelint's own files count by
 * their stamp once settled (file-stamps.ts: a rebuilt file is another stamp), else by content:
 * reading and hashing them (~1 MB) was a tenth of a --changed run's own work.
 */
function settingsKey(config: ResolvedConfig, version: string): string {
  const hash = createHash('sha256').update(JSON.stringify([FORMAT, version, configIdentity(config)]));
  for (const file of bundleFiles(config)) {
    const stamp = settledStamp(file);
    if (stamp) {
      hash.update(`\u0000stamp ${stamp}`);
      continue;
    }
    try {
      hash.update('\u0000content ').update(readFileSync(file));
    } catch {
      hash.update('\u0000<missing>');
    }
  }
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

export interface PersistentFindingsCache extends ResourceFindingsCache {
  /** Writes the file back if anything was added; entries used in this run count as recent. */
  save(): void;
}

/**
 * The cache for one run's settings. Only objects of kinds with a bundled schema are kept: a custom
 * resource's schema findings depend on the CRDs and schema folders of the run, and a CRD's on the
 * resources using it.
 */
export function openFindingsCache(store: FindingsStore, config: ResolvedConfig): PersistentFindingsCache {
  const folder = path.join(store.dir, 'findings');
  const file = path.join(folder, `${settingsKey(config, store.version)}.json`);
  const map = openSignedMap<StoredViolation[]>(file, store.secret, FORMAT, MAX_ENTRIES);
  const kinds = validatorsFor(resolveBundledVersion(config.kubernetesVersion), config.schema.strict).bundle.kinds;
  const keys = new WeakMap<Resource, string>();
  const keyOf = (r: Resource) => {
    let key = keys.get(r);
    if (key === undefined) keys.set(r, (key = objectKey(r.object)));
    return key;
  };
  return {
    cacheable: (r) => r.kind !== 'CustomResourceDefinition' && kinds[`${r.apiVersion} ${r.kind}`] !== undefined,
    get(r) {
      const found = map.get(keyOf(r));
      return Array.isArray(found) ? found : undefined;
    },
    set: (r, violations) => map.set(keyOf(r), [...violations]),
    save() {
      if (map.save()) pruneFolder(folder, { keep: MAX_FILES });
    },
  };
}
