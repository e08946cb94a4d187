// API definitions → compact schema bundle. Pure: no file system access.
import type { SchemaBundle } from './bundle.js';
import { INT_OR_STRING, QUANTITY, isObject, normalizeSchema, refName, type JsonSchema } from './normalize.js';
import { apiVersionOf, deprecationNote, kindKey, type ApiDefinitions } from './sources.js';

// Inlined at every use by normalizeSchema, so their own entries are not needed.
const INLINED = new Set([INT_OR_STRING, QUANTITY]);

export function generateBundle(api: ApiDefinitions, kubernetesVersion: string, source: string): SchemaBundle {
  if (!/^\d+\.\d+$/.test(kubernetesVersion)) {
    throw new Error(`kubernetes version must be "major.minor" (e.g. 1.36), got "${kubernetesVersion}"`);
  }
  const kinds: Record<string, string> = {};
  const deprecated: Record<string, string> = {};
  for (const entry of [...api.kinds].sort((a, b) => compareKeys(a, b))) {
    if (!(entry.definition in api.definitions)) continue;
    const key = kindKey(apiVersionOf(entry), entry.kind);
    kinds[key] = entry.definition;
    const note = deprecationNote(api.definitions[entry.definition]?.description);
    if (note) deprecated[key] = note;
  }
  const definitions: Record<string, JsonSchema> = {};
  for (const name of reachableDefinitions(api.definitions, Object.values(kinds)).sort()) {
    definitions[name] = normalizeSchema(api.definitions[name]);
  }
  return { kubernetesVersion, source, kinds, deprecated, definitions };
}

function compareKeys(a: { group: string; version: string; kind: string }, b: typeof a): number {
  return `${a.group}/${a.version}/${a.kind}`.localeCompare(`${b.group}/${b.version}/${b.kind}`);
}

/** Definitions the kinds need, transitively; unused and inlined ones are dropped. */
export function reachableDefinitions(all: Record<string, JsonSchema>, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const pending = [...roots];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name) || INLINED.has(name)) continue;
    const schema = all[name];
    if (schema === undefined) throw new Error(`definition "${name}" is referenced but not defined`);
    seen.add(name);
    collectRefs(schema, pending);
  }
  return [...seen];
}

function collectRefs(node: unknown, into: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = refName(value);
        if (name !== undefined) into.push(name);
      } else if (key !== 'description') {
        // Not skipping "default"/"enum"/"example": JSONSchemaProps has properties of those names.
        collectRefs(value, into);
      }
    }
  }
}
