// A seeded generator of CRD schemas written the way CRDs write them (every structural keyword,
// nullable, int-or-string, embedded resources, awkward property names) and of resources for them,
// often valid, now and then anything at all. Shared by the walker's fuzz tests.
import type { JsonSchema } from '../../src/schemas/normalize.js';

let seed = 7;

/** Starts the sequence again from `value`. */
export function reseed(value: number): void {
  seed = value;
}
export const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
export const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
export const chance = (p: number) => rand() < p;
export const int = (n: number) => Math.floor(rand() * n);

const PATTERNS = ['^[a-z][a-z0-9-]*$', '^\\d+$', '^\\p{L}+$', '^.{2}$', '^[😀-😂]+$', '\\.', '^[^/]+/[^/]+$', '^$', '^"q" \\d+\\\\$'];
const FORMATS = ['int32', 'int64', 'date-time', 'byte', 'uri', 'double', 'int-or-string'];
export const KEYS = ['a', 'f.x', 'a~b', 'c/d', '~1', '/', 'é', '😀', 'x y', '%', '$ref', '0', '10', 'constructor', 'toString', 'type', 'items', 'required'];
const NUMBERS = [0, -0, 1, -1, 1.5, 0.1, 3, 2 ** 31 - 1, -(2 ** 31), 2 ** 53 + 2, 1e21, 5e-324];

export function leaf(depth: number): JsonSchema {
  const schema = pick<() => JsonSchema>([
    () => ({ type: 'string', ...(chance(0.4) ? { maxLength: pick([0, 1, 3]) } : {}), ...(chance(0.3) ? { minLength: pick([-0, 2]) } : {}), ...(chance(0.4) ? { pattern: pick(PATTERNS) } : {}), ...(chance(0.2) ? { format: pick(FORMATS) } : {}) }),
    () => ({ ...(chance(0.7) ? { type: pick(['string', 'integer', 'number']) } : {}), enum: pick<unknown[]>([['A', 'B'], ['a', null], [1, 2, 3], [0, 'x', true], [1.5, -0], [{ a: 1 }, [1], 'x'], Array.from({ length: 201 }, (_, i) => `v${i}`)]) }),
    () => ({ type: pick(['integer', 'number']), ...(chance(0.5) ? { format: pick(FORMATS) } : {}), ...(chance(0.6) ? { minimum: pick(NUMBERS) } : {}), ...(chance(0.5) ? { maximum: pick(NUMBERS) } : {}), ...(chance(0.3) ? { exclusiveMinimum: true } : {}), ...(chance(0.3) ? { exclusiveMaximum: true } : {}), ...(chance(0.4) ? { multipleOf: pick([0.1, 0.5, 3, 1e-7, -0]) } : {}) }),
    () => ({ type: 'boolean' }),
    () => ({ 'x-kubernetes-int-or-string': true }),
    () => ({ format: pick(FORMATS) }),
    () => ({}),
    () => ({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, ...(chance(0.3) ? { maxProperties: -0 } : {}) }),
    () => ({ type: 'array', items: depth < 4 && chance(0.4) ? list(depth + 1) : leaf(depth + 1), ...(chance(0.4) ? { maxItems: pick([-0, 1, 2]) } : {}), ...(chance(0.4) ? { minItems: 1 } : {}), 'x-kubernetes-list-type': pick(['atomic', 'set']) }),
    () => ({ type: 'object', additionalProperties: chance(0.3) ? pick([true, false]) : leaf(depth + 1), ...(chance(0.3) ? { maxProperties: 2 } : {}), ...(chance(0.3) ? { minProperties: 1 } : {}) }),
    () => ({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, oneOf: [{ required: ['a'] }, { required: ['b'] }], ...(chance(0.5) ? { not: { required: ['a', 'b'] } } : {}) }),
    () => ({ allOf: [{ type: 'string' }, { maxLength: 2 }] }),
    () => ({ not: pick([{ type: 'string' }, { enum: ['x'] }, {}, { minimum: 3 }]) }),
    () => ({ anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: '^\\d+$' }] }),
    () => ({ type: 'object', 'x-kubernetes-embedded-resource': true, ...(chance(0.5) ? { 'x-kubernetes-preserve-unknown-fields': true } : { properties: { spec: leaf(depth + 1) } }) }),
    () => ({ type: 'object', required: ['missing', 'constructor'] }),
  ])();
  if (chance(0.25)) schema.nullable = true;
  return schema;
}

export function list(depth: number): JsonSchema {
  return { type: 'array', items: chance(0.5) ? leaf(depth + 1) : object(depth + 1) };
}

export function object(depth: number): JsonSchema {
  const properties: JsonSchema = {};
  for (let i = 0, count = 1 + int(depth === 0 ? 10 : 5); i < count; i++) {
    const name = pick(KEYS) + (chance(0.7) ? i : '');
    properties[name] = depth < 4 && chance(0.2) ? object(depth + 1) : depth < 4 && chance(0.1) ? list(depth + 1) : leaf(depth);
  }
  const names = Object.keys(properties);
  return {
    type: 'object',
    properties,
    ...(chance(0.6) ? { required: [...names.slice(0, 1 + int(3)), ...(chance(0.2) ? ['absent'] : [])] } : {}),
    ...(chance(0.1) ? { nullable: true } : {}),
    ...(chance(0.1) ? { 'x-kubernetes-preserve-unknown-fields': true } : {}),
  };
}

const ODD: unknown[] = [0, -0, 1.5, 3, 2 ** 31, 2 ** 53 + 2, 1e21, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, '', 'a', 'abcd', 'e\u0301', '😀😀', '2026-12-07T06:00:00Z', 'aGVsbG8=', '12', true, null, [], ['a', 'bcd'], [[1]], {}, { a: 1 }, JSON.parse('{"__proto__": {"a": 1}}'), { 'a~b': 1, 'c/d': 2 }];

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A value for the (normalised) schema, often valid; now and then anything at all. */
export function value(schema: unknown, depth = 0): unknown {
  if (depth > 12 || chance(0.05) || typeof schema !== 'object' || schema === null) return pick(ODD);
  const s = schema as JsonSchema;
  if (Array.isArray(s.anyOf) && chance(0.5)) return value(pick(s.anyOf), depth);
  if (s.$ref !== undefined) return chance(0.5) ? { name: 'x', creationTimestamp: pick(['yesterday', '2026-01-01T00:00:00Z']), ownerReferences: [{ kind: 'K' }] } : pick(ODD);
  const type = [s.type].flat().find((t) => t !== 'null');
  if (typeof s.properties === 'object' || type === 'object') {
    const out: Record<string, unknown> = {};
    const required = (s.required as string[] | undefined) ?? [];
    for (const [name, child] of Object.entries((s.properties as JsonSchema | undefined) ?? {})) if (chance(required.includes(name) ? 0.9 : 0.5)) define(out, name, value(child, depth + 1));
    if (typeof s.additionalProperties === 'object') for (let i = int(3); i > 0; i--) define(out, pick(KEYS), value(s.additionalProperties, depth + 1));
    if (chance(0.08)) define(out, pick([...KEYS, '__proto__']), pick(ODD));
    return out;
  }
  if (type === 'array') return Array.from({ length: int(4) }, () => value(s.items, depth + 1));
  if (Array.isArray(s.enum) && chance(0.7)) return pick(s.enum);
  const typed: Record<string, unknown[]> = { string: ['ab', 'a', '12', '', '😀x', '2026-01-01T00:00:00Z', 'aGk='], integer: [3, 0, -0, 1.0, 2 ** 31, -1], number: [3, 1.5, 0.3, 1e-7, -0], boolean: [true, false] };
  return chance(0.85) && typeof type === 'string' && typed[type] ? pick(typed[type]!) : pick(ODD);
}

