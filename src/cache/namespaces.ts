// --changed's context index: for each file of a working directory, the namespaces its objects are
// grouped under by cross-resource rules (engine/scope.ts policyNamespace), plus one bucket for
// cluster-scoped objects (duplicates of those are found across namespaces) and one for CRDs, with
// the SHA-256 of the content they were read from and the file's stamp (file-stamps.ts). A file
// whose stamp is the recorded one is neither read nor hashed; one whose stamp changed is read and
// hashed, and parsed only when its content changed. One signed file (auth.ts) per working
// directory, kubelint build (cache/build-id.ts), format and default namespace, in the user's cache
// folder (`context/`): a run reads and writes its own repository's entries only (the one index of
// every repository, 50,000 entries, cost ~55 ms to open and ~150 ms to save once full).
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { isClusterScoped, policyNamespace } from '../engine/scope.js';
import { isRecord } from '../shared/records.js';
import { pruneFolder } from './prune.js';
import { openSignedMap } from './signed-map.js';

// 3: one file per working directory, entries keyed by path with the file's stamp and content hash.
const INDEX_FORMAT = 3;
/** Files of one working directory; the least recently used go first. */
const MAX_ENTRIES = 50_000;
/** Working directories (and builds, default namespaces) kept. */
const MAX_FILES = 16;
export const CLUSTER_BUCKET = '\u0000cluster';
/** Files holding CRDs: the schema check validates custom resources of any namespace against them. */
export const CRD_BUCKET = '\u0000crd';

/** The buckets of a file's parsed documents; documents that are not objects have none. */
export function bucketsOf(values: readonly unknown[], defaultNamespace: string): string[] {
  const buckets = new Set<string>();
  for (const value of values) {
    if (!isRecord(value)) continue;
    buckets.add(policyNamespace(value, defaultNamespace));
    if (typeof value.kind === 'string' && isClusterScoped(value.kind)) buckets.add(CLUSTER_BUCKET);
    if (value.kind === 'CustomResourceDefinition') buckets.add(CRD_BUCKET);
  }
  return [...buckets].sort();
}

export interface IndexEntry {
  /** The file's stamp when it was read, "" when it had changed too recently to be trusted. */
  stamp: string;
  /** SHA-256 of the content read. */
  digest: string;
  buckets: string[];
}

export interface ContextIndex {
  get(file: string): IndexEntry | undefined;
  set(file: string, entry: IndexEntry): void;
  /** Writes the index back if an entry was added or changed. */
  save(): void;
}

export interface IndexHome {
  /** The user's cache folder. */
  dir: string;
  secret: Buffer;
  version: string;
}

/** Opens the index; a missing, damaged or foreign file is an empty index (it only speeds runs up). */
export function openContextIndex(home: IndexHome, cwd: string, defaultNamespace: string): ContextIndex {
  const folder = path.join(home.dir, 'context');
  const name = createHash('sha256').update(JSON.stringify([INDEX_FORMAT, home.version, defaultNamespace, path.resolve(cwd)])).digest('hex');
  const map = openSignedMap<IndexEntry>(path.join(folder, `${name}.json`), home.secret, INDEX_FORMAT, MAX_ENTRIES);
  return {
    get: (file) => {
      const entry = map.get(file);
      return entry && typeof entry.stamp === 'string' && typeof entry.digest === 'string' && Array.isArray(entry.buckets) ? entry : undefined;
    },
    set: (file, entry) => map.set(file, entry),
    save() {
      if (!map.save()) return;
      pruneFolder(folder, { keep: MAX_FILES });
      try {
        rmSync(path.join(home.dir, 'changed-index.json'), { force: true }); // the index of every repository, before format 3
      } catch {
        // a read-only cache folder: nothing was written either
      }
    },
  };
}
