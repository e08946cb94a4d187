// The bundle definitions a custom-resource schema reaches. A CRD's schema refers to the bundle
// only for ObjectMeta (schema-crd.ts), yet run-time compiles were given every definition of the
// version: the strict variant of all of them was derived on the first compile (~10 MB kept for
// the rest of the run) and walked again by each new ajv instance. Same refs, same validators.
import { BUNDLE_ID } from '../schemas/ajv-setup.js';
import { reachableDefinitions } from '../schemas/generate.js';
import { isObject, type JsonSchema } from '../schemas/normalize.js';

const BUNDLE_REF = `${BUNDLE_ID}#/definitions/`;

/**
 * The names `schema` refers to in the bundle (a `$ref` string anywhere counts: more names only cost
 * a larger subset); undefined when some reference is not a plain `k8s#/definitions/<name>`.
 */
export function bundleRefs(schema: JsonSchema): string[] | undefined {
  const names = new Set<string>();
  let plain = true;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        if (value.startsWith(BUNDLE_REF) && /^[^/~%]+$/.test(value.slice(BUNDLE_REF.length))) names.add(value.slice(BUNDLE_REF.length));
        else if (value.startsWith(BUNDLE_ID)) plain = false;
      } else visit(value);
    }
  };
  visit(schema);
  return plain ? [...names].sort() : undefined;
}

/** `all` cut to what `names` reach; undefined when one of them is not defined (the caller keeps every definition, so errors stay ajv's). */
export function reachableSubset(all: Record<string, JsonSchema>, names: readonly string[]): Record<string, JsonSchema> | undefined {
  let reached: string[];
  try {
    reached = reachableDefinitions(all, names);
  } catch {
    return undefined;
  }
  const out: Record<string, JsonSchema> = {};
  for (const name of reached.sort()) out[name] = all[name]!;
  return out;
}
