// A CRD version's schema for the walker, made level by level as resources reach it. A first run
// normalised every served version in use whole (normalize.ts), added the API server's fields
// (schema-crd.ts), derived the strict variant (variants.ts), prepared the walker for all of it and
// stored the result for the next run; a generated CRD's resources reach a part (crd 100: 35% of
// the nodes, crd 1,000: 55%). Here each level is made the way those steps make it, its children
// made when the walker first reaches them (schema-interpret.ts Deferred), so nothing is stored
// and no version's JSON is written or hashed. Only schemas whose every node is plain (below,
// `walkableByLevels`) go this way: they cannot fail to normalise and the walker takes all of them,
// so a level made late can neither raise a CRD problem nor need ajv. Everything else is
// normalised whole as before.
import { EMBEDDED_RESOURCE, PRESERVE_UNKNOWN, convert, isObject, withNull, type JsonSchema, type NormalizeOptions } from '../schemas/normalize.js';
import { apiServerFields } from './schema-crd-fields.js';
import { Deferred } from './schema-interpret.js';

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'array', 'object']);
const NUMBERS = ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'multipleOf'];
/** Keywords that make normalize.ts recurse in ways these levels do not (or the walker refuse). */
const REFUSED = ['$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'uniqueItems'];
const goodPatterns = new Set<string>();

/**
 * Whether every node of `raw` is plain: an object; no $ref, allOf, anyOf, oneOf, not or uniqueItems
 * (an int-or-string node, whose branches normalize.ts drops, may have anyOf/oneOf/not); a JSON type
 * name; an enum of strings, numbers (not NaN), booleans and null; a pattern that compiles; numbers
 * where numbers go; required names as strings; object or boolean children, no "__proto__" property.
 */
export function walkableByLevels(raw: unknown): boolean {
  if (!isObject(raw) || Object.getPrototypeOf(raw) !== Object.prototype) return false;
  if (raw.allOf !== undefined || raw.$ref !== undefined) return false;
  if (raw['x-kubernetes-int-or-string'] === true || raw.format === 'int-or-string') return true;
  for (const key of REFUSED) if (raw[key] !== undefined) return false;
  if (raw.type !== undefined && !(typeof raw.type === 'string' && JSON_TYPES.has(raw.type))) return false;
  for (const key of NUMBERS) if (raw[key] !== undefined && typeof raw[key] !== 'number') return false;
  if (Array.isArray(raw.enum) && (raw.enum.length === 0 || !raw.enum.every(plainValue))) return false;
  if (raw.pattern !== undefined && !compiles(raw.pattern)) return false;
  if (Array.isArray(raw.required) && !raw.required.every((name) => typeof name === 'string')) return false;
  const { properties, items, additionalProperties } = raw;
  if (properties !== undefined) {
    if (!isObject(properties) || Object.hasOwn(properties, '__proto__')) return false;
    for (const name in properties) if (!walkableByLevels(properties[name])) return false;
  }
  if (items !== undefined && !walkableByLevels(items)) return false;
  return additionalProperties === undefined || typeof additionalProperties === 'boolean' || walkableByLevels(additionalProperties);
}

function plainValue(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || value === null || (typeof value === 'number' && !Number.isNaN(value));
}

function compiles(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  if (goodPatterns.has(pattern)) return true;
  try {
    new RegExp(pattern, 'u');
  } catch {
    return false;
  }
  goodPatterns.add(pattern);
  return true;
}

/** A child made when first reached: `base` as normalised and given the API server's fields, `schema` as the walker reads it. */
class Level extends Deferred {
  private based: JsonSchema | undefined;
  constructor(
    private readonly raw: unknown,
    private readonly nullable: boolean,
    private readonly strict: boolean,
  ) {
    super(() => (strict ? strictLevel(this.base) : this.base));
  }

  get base(): JsonSchema {
    this.based ??= embeddedLevel(withNull(convert(this.raw as JsonSchema, levelOptions(this.strict)), this.nullable), false);
    return this.based;
  }
}

const OPTIONS = { strict: { child: (raw: unknown, nullable: boolean) => new Level(raw, nullable, true) }, relaxed: { child: (raw: unknown, nullable: boolean) => new Level(raw, nullable, false) } };
const levelOptions = (strict: boolean): NormalizeOptions => (strict ? OPTIONS.strict : OPTIONS.relaxed);

/**
 * A plain CRD version's schema (walkableByLevels) as the walker would read it whole — normalised,
 * with the API server's fields, strict when asked — its children made when reached.
 */
export function schemaByLevels(raw: JsonSchema, strict: boolean): JsonSchema {
  const root = embeddedLevel(convert(raw, levelOptions(strict)), true);
  return strict ? strictLevel(root) : root;
}

/** schema-crd.ts withEmbeddedFields for one level: the children (Levels) add their own. */
function embeddedLevel(node: JsonSchema, isRoot: boolean): JsonSchema {
  let out = node;
  for (const key of ['anyOf', 'allOf'] as const) {
    const list = node[key];
    if (Array.isArray(list)) out = { ...out, [key]: list.map((s: unknown) => (isObject(s) && !(s instanceof Level) ? embeddedLevel(s, false) : s)) };
  }
  if (!isRoot && node[EMBEDDED_RESOURCE] !== true) return out;
  const properties = isObject(out.properties) ? { ...out.properties } : {};
  const metadata = properties.metadata instanceof Level ? properties.metadata.base : properties.metadata;
  return apiServerFields(out === node ? { ...node } : out, properties, metadata, isRoot);
}

/** variants.ts strictSchema for one level: the children (Levels) are strict already. */
function strictLevel(node: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...node };
  if (isObject(node.properties)) {
    const properties: JsonSchema = {};
    for (const name of Object.keys(node.properties)) {
      const child = node.properties[name];
      properties[name] = isObject(child) && !(child instanceof Level) ? strictLevel(child) : child;
    }
    out.properties = properties;
    if (node.additionalProperties === undefined && node[PRESERVE_UNKNOWN] !== true) out.additionalProperties = false;
  }
  if (isObject(node.additionalProperties) && !(node.additionalProperties instanceof Level)) out.additionalProperties = strictLevel(node.additionalProperties);
  if (isObject(node.items) && !(node.items instanceof Level)) out.items = strictLevel(node.items);
  for (const key of ['anyOf', 'allOf'] as const) {
    const list = node[key];
    if (Array.isArray(list)) out[key] = list.map((s: unknown) => (isObject(s) && !(s instanceof Level) ? strictLevel(s) : s));
  }
  return out;
}
