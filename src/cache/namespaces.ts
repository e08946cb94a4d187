// --changed's context index: for each file content, the namespaces its objects are grouped under
// by cross-resource rules (engine/scope.ts policyNamespace), plus one bucket for cluster-scoped
// objects (duplicates of those are found across namespaces). Kept in the user's cache folder,
// signed like the cache file (auth.ts), entries keyed by a hash of the content, kubelint's build (cache/build-id.ts),
// this format and the default namespace: an edit, an upgrade or another default is a new entry.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { defaultCacheDir } from '../config/paths.js';
import { isClusterScoped, policyNamespace } from '../engine/scope.js';
import { isRecord } from '../shared/records.js';
import { openSignedMap, type SignedMap } from './signed-map.js';

// 2: files holding a CustomResourceDefinition have CRD_BUCKET.
const INDEX_FORMAT = 2;
/** Enough for several large repositories; the least recently used entries go first. */
const MAX_ENTRIES = 50_000;
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

export function entryKey(text: string, version: string, defaultNamespace: string): string {
  return createHash('sha256').update(JSON.stringify([INDEX_FORMAT, version, defaultNamespace])).update('\u0000').update(text).digest('hex');
}

/** Entries used in this run count as recent; `save` writes the index back if anything was added. */
export type NamespaceIndex = SignedMap<string[]>;

/** Opens the index; a missing, damaged or foreign file is an empty index (it only speeds runs up). */
export function openNamespaceIndex(env: NodeJS.ProcessEnv, secret: Buffer): NamespaceIndex {
  return openSignedMap<string[]>(path.join(defaultCacheDir(env), 'changed-index.json'), secret, INDEX_FORMAT, MAX_ENTRIES);
}
