// Which bundled Kubernetes versions serve each apiVersion/kind, derived from the bundles
// themselves and committed as schemas/k8s/lifecycle.json (small, read without the big bundles).
import { readFileSync } from 'node:fs';
import type { SchemaBundle } from './bundle.js';
import { SCHEMA_DIR, compareVersions } from './store.js';

export interface LifecycleIndex {
  /** Bundled versions, oldest first. */
  versions: string[];
  /** "apps/v1 Deployment" → the bundled versions serving it, oldest first. */
  kinds: Record<string, string[]>;
}

/** Kinds every group version carries for the API machinery; never written in manifests. */
const MACHINERY_KINDS = new Set(['DeleteOptions', 'WatchEvent', 'Status', 'APIGroup', 'APIGroupList', 'APIResourceList', 'APIVersions']);

export function buildLifecycleIndex(bundles: readonly SchemaBundle[]): LifecycleIndex {
  const versions = bundles.map((b) => b.kubernetesVersion).sort(compareVersions);
  const kinds: Record<string, string[]> = {};
  for (const bundle of [...bundles].sort((a, b) => compareVersions(a.kubernetesVersion, b.kubernetesVersion))) {
    for (const key of Object.keys(bundle.kinds)) {
      if (MACHINERY_KINDS.has(key.slice(key.indexOf(' ') + 1))) continue;
      (kinds[key] ??= []).push(bundle.kubernetesVersion);
    }
  }
  const sorted: Record<string, string[]> = {};
  for (const key of Object.keys(kinds).sort()) sorted[key] = kinds[key]!;
  return { versions, kinds: sorted };
}

export const LIFECYCLE_FILE = 'lifecycle.json';

let cached: LifecycleIndex | undefined;

export function loadLifecycleIndex(): LifecycleIndex {
  cached ??= JSON.parse(readFileSync(SCHEMA_DIR + LIFECYCLE_FILE, 'utf8')) as LifecycleIndex;
  return cached;
}
