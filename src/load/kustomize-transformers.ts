// Fields that Kustomize transformers set from a kustomization (images, replicas, namespace):
// a finding on such a field belongs to the kustomization entry that set it, not to the base.
import type { JsonPath, Location } from '../types.js';
import { isRecord } from '../shared/records.js';

export interface TransformerSource {
  file: string;
  value: Record<string, unknown>;
  /** Resource files the kustomization builds on. */
  scope: Set<string>;
}

type LocateIn = (file: string, path: JsonPath) => Location;

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** `registry:5000/repo/name:tag@sha256:…` → `registry:5000/repo/name`. */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0]!;
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}

function valueAt(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const seg of path) current = (current as Record<string | number, unknown> | undefined)?.[seg];
  return current;
}

function entries(k: Record<string, unknown>, key: string): Array<[number, Record<string, unknown>]> {
  const list = k[key];
  return Array.isArray(list) ? list.flatMap((e, i): Array<[number, Record<string, unknown>]> => (isRecord(e) ? [[i, e]] : [])) : [];
}

/** The `images` entry that produced a container image. */
function imageEntry(k: Record<string, unknown>, image: string): JsonPath | undefined {
  const repository = imageRepository(image);
  for (const [i, e] of entries(k, 'images')) {
    if (repository !== (e.newName ?? e.name)) continue;
    const field = ['digest', 'newTag', 'newName'].find((f) => e[f] !== undefined);
    return field ? ['images', i, field] : ['images', i];
  }
  return undefined;
}

/**
 * Where a transformer of the tree (outermost kustomization first) set this field, if one did:
 * container images (`images`), `spec.replicas` (`replicas`), `metadata.namespace` (`namespace`).
 */
export function transformerLocation(
  nodes: readonly TransformerSource[],
  resource: Record<string, unknown>,
  names: readonly string[],
  originFile: string,
  path: JsonPath,
  locateIn: LocateIn,
): Location | undefined {
  const last = path.at(-1);
  const isImage = last === 'image' && path.length >= 3 && CONTAINER_LISTS.has(String(path.at(-3)));
  const isReplicas = path.length === 2 && path[0] === 'spec' && last === 'replicas';
  const isNamespace = path.length === 2 && path[0] === 'metadata' && last === 'namespace';
  if (!isImage && !isReplicas && !isNamespace) return undefined;
  const value = valueAt(resource, path);
  for (const node of nodes) {
    if (!node.scope.has(originFile)) continue;
    let at: JsonPath | undefined;
    if (isImage && typeof value === 'string') at = imageEntry(node.value, value);
    if (isReplicas) {
      const hit = entries(node.value, 'replicas').find(([, e]) => typeof e.name === 'string' && names.includes(e.name));
      if (hit) at = ['replicas', hit[0], 'count'];
    }
    if (isNamespace && typeof node.value.namespace === 'string') at = ['namespace'];
    if (at) return { ...locateIn(node.file, at), note: `set by the ${String(at[0])} transformer of this kustomization` };
  }
  return undefined;
}
