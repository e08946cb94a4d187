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
import { bundleFiles, configIdentity } from './key.js';
import { pruneFolder } from './prune.js';
import { openSignedMap } from './signed-map.js';

const FORMAT = 1;
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

/** Everything besides an object that per-resource findings depend on. */
function settingsKey(config: ResolvedConfig, version: string): string {
  const hash = createHash('sha256').update(JSON.stringify([FORMAT, version, configIdentity(config)]));
  for (const file of bundleFiles(config)) {
    try {
      hash.update('\u0000').update(readFileSync(file));
    } catch {
      hash.update('\u0000<missing>');
    }
  }
  return hash.digest('hex');
}

/**
 * An object's content: JSON with the numbers JSON cannot write (.inf, .nan) kept apart from null.
 * Key order counts (the same object written otherwise is another entry: a miss, never a wrong hit).
 */
export function objectKey(object: unknown): string {
  const text = JSON.stringify(object, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? `\u0000${String(value)}` : value));
  return createHash('sha256').update(text).digest('hex');
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
