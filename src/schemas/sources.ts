// Reads the API definitions a schema bundle is generated from: an openapi2jsonschema
// `_definitions.json`, a cluster's swagger (`kubectl get --raw /openapi/v2`), or one or more
// OpenAPI v3 group-version documents (`kubectl get --raw /openapi/v3/apis/apps/v1`).
import { readFileSync } from 'node:fs';
import { isObject, type JsonSchema } from './normalize.js';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface ApiDefinitions {
  /** Raw definitions keyed by their fully qualified name. */
  definitions: Record<string, JsonSchema>;
  /** Top-level kinds and the definition that describes each. */
  kinds: Array<GroupVersionKind & { definition: string }>;
}

export function apiVersionOf(gvk: { group: string; version: string }): string {
  return gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
}

/** Key of a kind in a bundle's index: "apps/v1 Deployment", "v1 Pod". */
export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

export function readApiDefinitions(files: readonly string[]): ApiDefinitions {
  const merged: ApiDefinitions = { definitions: {}, kinds: [] };
  for (const file of files) {
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read API definitions from ${file}: ${(error as Error).message}`);
    }
    const parsed = parseApiDocument(document, file);
    Object.assign(merged.definitions, parsed.definitions);
    merged.kinds.push(...parsed.kinds);
  }
  // The same kind appears in several v3 documents (DeleteOptions, WatchEvent); keep one entry.
  const seen = new Set<string>();
  merged.kinds = merged.kinds.filter((k) => {
    const key = `${k.group}/${k.version}/${k.kind}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return merged;
}

export function parseApiDocument(document: unknown, name: string): ApiDefinitions {
  if (!isObject(document)) throw new Error(`${name}: expected a JSON object`);
  const components = isObject(document.components) ? document.components : undefined;
  const table = isObject(document.definitions)
    ? document.definitions
    : components && isObject(components.schemas)
      ? components.schemas
      : undefined;
  if (!table) {
    throw new Error(
      `${name}: no "definitions" (openapi2jsonschema, swagger v2) or "components.schemas" (OpenAPI v3) found`,
    );
  }
  const definitions: Record<string, JsonSchema> = {};
  const kinds: ApiDefinitions['kinds'] = [];
  for (const [definition, schema] of Object.entries(table)) {
    if (!isObject(schema)) continue;
    definitions[definition] = schema;
    const gvks = schema['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks)) continue;
    for (const gvk of gvks) {
      if (isObject(gvk) && typeof gvk.kind === 'string' && typeof gvk.version === 'string') {
        kinds.push({ group: typeof gvk.group === 'string' ? gvk.group : '', version: gvk.version, kind: gvk.kind, definition });
      }
    }
  }
  return { definitions, kinds };
}

/** The "Deprecated: ..." paragraph of a kind's description, if it has one. */
export function deprecationNote(description: unknown): string | undefined {
  if (typeof description !== 'string') return undefined;
  // Upstream writes "Deprecated: ..." or "Deprecated in 1.7, ..." (capitalised; lower case is prose).
  return /\bDeprecated\b[:\s][^\n]*/.exec(description)?.[0].trim();
}
