// Load-time variants of committed schemas. The strict variant is derived here instead of being
// committed twice: every object schema that lists its properties rejects other fields, unless
// it says x-kubernetes-preserve-unknown-fields.
import { PRESERVE_UNKNOWN, isObject, type JsonSchema } from './normalize.js';

export type { JsonSchema } from './normalize.js';

const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf'] as const;

export function deriveStrict(definitions: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(definitions)) out[name] = strictSchema(schema);
  return out;
}

function strictSchema(node: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...node };
  if (isObject(node.properties)) {
    const properties: JsonSchema = {};
    for (const [name, child] of Object.entries(node.properties)) properties[name] = strictChild(child);
    out.properties = properties;
    if (node.additionalProperties === undefined && node[PRESERVE_UNKNOWN] !== true) {
      out.additionalProperties = false;
    }
  }
  if (isObject(node.additionalProperties)) out.additionalProperties = strictSchema(node.additionalProperties);
  if (isObject(node.definitions)) out.definitions = deriveStrict(node.definitions as Record<string, JsonSchema>);
  if (isObject(node.items)) out.items = strictSchema(node.items);
  if (isObject(node.not)) out.not = strictSchema(node.not);
  for (const key of SCHEMA_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) out[key] = list.map((s) => strictChild(s));
  }
  return out;
}

function strictChild(child: unknown): unknown {
  return isObject(child) ? strictSchema(child) : child;
}
