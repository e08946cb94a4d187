// The compact schema bundle committed under schemas/k8s/: one file per Kubernetes minor version.
import type { JsonSchema } from './normalize.js';

export interface SchemaBundle {
  /** "major.minor", e.g. "1.36". */
  kubernetesVersion: string;
  /** What the bundle was generated from (a path or a note), for provenance. */
  source: string;
  /** "apps/v1 Deployment" (or "v1 Pod" for the core group) → name of its definition. */
  kinds: Record<string, string>;
  /** Kinds whose upstream description carries a deprecation notice → that notice. */
  deprecated: Record<string, string>;
  /** Compact definitions; `$ref`s point at `#/definitions/<name>`. */
  definitions: Record<string, JsonSchema>;
}

export const BUNDLE_FILE_PATTERN = /^v(\d+\.\d+)\.json$/;

export function bundleFileName(kubernetesVersion: string): string {
  return `v${kubernetesVersion}.json`;
}
