// A custom resource's schema is one deep tree, and ajv writes a tree into one function holding the
// code of every level: a 40 KB normalised version of a 2 MB CRD became ~880 KB of code, which V8
// then compiles whole on the first validation (~10 MiB at once, on top of ajv's compile). Here
// each object level is moved into `definitions` and referenced, so ajv writes a function per level
// (a level with no deeper levels is inlined again: ajv inlines a ref that holds no ref) and V8
// compiles only the levels a resource reaches. Errors are unchanged: instancePath, keyword, params
// and message do not depend on where the code sits, and allErrors appends a called level's errors
// where its inline code would have pushed them. schemaPath restarts at the referenced level
// ("#/..."); an anyOf/allOf branch is never moved itself, so ".../anyOf/N/required", which
// schema-errors.ts reads, stays whole.
import { isObject, type JsonSchema } from '../schemas/normalize.js';

const BRANCHES = ['anyOf', 'allOf', 'oneOf'] as const;

/** A node validated as an object with properties of its own, or through a branch that has them. */
function isObjectLevel(node: JsonSchema): boolean {
  if (isObject(node.properties)) return true;
  return BRANCHES.some((key) => Array.isArray(node[key]) && (node[key] as unknown[]).some((s) => isObject(s) && isObject(s.properties)));
}

/** `schema` with every object level below the root in `definitions`; the same object when it has none. */
export function splitObjectLevels(schema: JsonSchema): JsonSchema {
  // A schema with definitions of its own (none reach here from a CRD) keeps its single function.
  if (schema.definitions !== undefined) return schema;
  const definitions: Record<string, JsonSchema> = {};
  let count = 0;

  const place = (child: unknown): unknown => {
    if (!isObject(child)) return child;
    const node = inner(child);
    if (!isObjectLevel(node)) return node;
    const name = `level${count++}`;
    definitions[name] = node;
    return { $ref: `#/definitions/${name}` };
  };

  /** The node with its children placed; the node itself stays where it is. */
  const inner = (node: JsonSchema): JsonSchema => {
    const out: JsonSchema = { ...node };
    if (isObject(node.properties)) out.properties = Object.fromEntries(Object.entries(node.properties).map(([name, child]) => [name, place(child)]));
    if (isObject(node.items)) out.items = place(node.items);
    if (isObject(node.additionalProperties)) out.additionalProperties = place(node.additionalProperties);
    for (const key of BRANCHES) {
      const list = node[key];
      if (Array.isArray(list)) out[key] = list.map((s: unknown) => (isObject(s) ? inner(s) : s));
    }
    return out;
  };

  const root = inner(schema);
  return count === 0 ? schema : { ...root, definitions };
}
