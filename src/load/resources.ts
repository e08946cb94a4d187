// Identifies Kubernetes objects inside parsed manifests: flattens `kind: List` into its items and
// reports documents that are not Kubernetes objects.
import type { JsonPath, Manifest, Resource, Violation } from '../types.js';
import { isRecord } from '../shared/records.js';

export interface Identified {
  resources: Resource[];
  problems: Violation[];
}

/** `v1 List` and typed lists (`DeploymentList`) carry their objects in `items`. */
function isList(value: Record<string, unknown>): boolean {
  return typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a sequence';
  if (isRecord(value)) return 'a mapping';
  return `a ${typeof value} scalar`;
}

function missingFields(object: Record<string, unknown>): string[] {
  const missing: string[] = [];
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '') missing.push('apiVersion');
  if (typeof object.kind !== 'string' || object.kind === '') missing.push('kind');
  const metadata = object.metadata;
  const name = isRecord(metadata) ? metadata.name ?? metadata.generateName : undefined;
  if (typeof name !== 'string' || name === '') missing.push('metadata.name');
  return missing;
}

function toResource(object: Record<string, unknown>, manifest: Manifest, basePath: JsonPath): Resource {
  const metadata = object.metadata as Record<string, unknown>;
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  return {
    apiVersion: object.apiVersion as string,
    kind: object.kind as string,
    name: (metadata.name ?? metadata.generateName) as string,
    namespace,
    object,
    manifest,
    basePath,
  };
}

function identifyOne(value: unknown, manifest: Manifest, basePath: JsonPath, out: Identified): void {
  if (!isRecord(value)) {
    out.problems.push({
      ruleId: 'not-k8s-object',
      message: `document is ${describe(value)}, not a Kubernetes object`,
      manifest,
      path: basePath,
    });
    return;
  }
  if (basePath.length === 0 && isList(value)) {
    (value.items as unknown[]).forEach((item, i) => identifyOne(item, manifest, ['items', i], out));
    return;
  }
  const missing = missingFields(value);
  if (missing.length > 0) {
    out.problems.push({
      ruleId: 'not-k8s-object',
      message: `not a Kubernetes object: missing ${missing.join(', ')}`,
      manifest,
      path: basePath,
    });
    return;
  }
  out.resources.push(toResource(value, manifest, basePath));
}

export function identifyResources(manifests: readonly Manifest[]): Identified {
  const out: Identified = { resources: [], problems: [] };
  for (const manifest of manifests) identifyOne(manifest.value, manifest, [], out);
  return out;
}
