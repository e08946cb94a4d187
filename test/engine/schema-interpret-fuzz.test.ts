// A seeded differential fuzz of the schema walker (src/engine/schema-interpret.ts) against ajv on
// the very schema it walks: CRD schemas written the way CRDs write them (every structural keyword,
// nullable, int-or-string, embedded resources, awkward property names), normalised as a run does
// (strict and not), and resources with wrong types, nulls, -0, huge numbers, astral characters and
// keys that need escaping. The whole error objects are compared (schema paths and -0 included), in
// order; test/engine/schema-interpret compares what the report reads on its own generator.
import { isDeepStrictEqual } from 'node:util';
import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { customResourceSchema } from '../../src/engine/schema-crd.js';
import { bundleRefs, reachableSubset } from '../../src/engine/schema-definitions.js';
import { explainErrors } from '../../src/engine/schema-errors.js';
import { interpretedValidator } from '../../src/engine/schema-interpret.js';
import { createKubernetesAjv } from '../../src/schemas/ajv-setup.js';
import type { JsonSchema } from '../../src/schemas/normalize.js';
import { loadBundle } from '../../src/schemas/store.js';
import { deriveStrict } from '../../src/schemas/variants.js';

const bundle = loadBundle('1.36');

let seed = 7;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const chance = (p: number) => rand() < p;
const int = (n: number) => Math.floor(rand() * n);

const PATTERNS = ['^[a-z][a-z0-9-]*$', '^\\d+$', '^\\p{L}+$', '^.{2}$', '^[😀-😂]+$', '\\.', '^[^/]+/[^/]+$', '^$', '^"q" \\d+\\\\$'];
const FORMATS = ['int32', 'int64', 'date-time', 'byte', 'uri', 'double', 'int-or-string'];
const KEYS = ['a', 'f.x', 'a~b', 'c/d', '~1', '/', 'é', '😀', 'x y', '%', '$ref', '0', '10', 'constructor', 'toString', 'type', 'items', 'required'];
const NUMBERS = [0, -0, 1, -1, 1.5, 0.1, 3, 2 ** 31 - 1, -(2 ** 31), 2 ** 53 + 2, 1e21, 5e-324];

function leaf(depth: number): JsonSchema {
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

function list(depth: number): JsonSchema {
  return { type: 'array', items: chance(0.5) ? leaf(depth + 1) : object(depth + 1) };
}

function object(depth: number): JsonSchema {
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
function value(schema: unknown, depth = 0): unknown {
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

const whole = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map(({ instancePath, schemaPath, keyword, params, message }) => ({ instancePath, schemaPath, keyword, params, message }));

/** The walker and ajv's validator of one CRD version's schema, as a run prepares it. */
function prepare(raw: JsonSchema, strict: boolean) {
  const normalised = customResourceSchema(raw);
  const schema = strict ? deriveStrict({ root: normalised }).root! : normalised;
  const subset = reachableSubset(bundle.definitions, bundleRefs(normalised)!)!;
  const definitions = strict ? deriveStrict(subset) : subset;
  return { schema, walked: interpretedValidator(schema, definitions), compiled: createKubernetesAjv(definitions).compile(schema) };
}

/** Both validators' verdict and errors, or what each threw. */
function run(validate: (data: unknown) => boolean, data: unknown): unknown {
  try {
    const ok = validate(data);
    return { ok, errors: whole((validate as unknown as { errors: ErrorObject[] | null }).errors) };
  } catch (error) {
    return { threw: String(error) };
  }
}

describe('the schema walker against ajv (seeded fuzz)', () => {
  it('gives ajv\'s exact error objects, in order, on 160 generated CRD schemas x 30 resources, strict and not', () => {
    let compared = 0;
    let errors = 0;
    let failing = 0;
    for (let n = 0; n < 160; n++) {
      const strict = n % 3 !== 0;
      const { schema, walked, compiled } = prepare({ type: 'object', properties: { spec: object(0), ...(chance(0.3) ? { status: object(1) } : {}) } }, strict);
      expect(walked, 'the walker takes every keyword these schemas use').toBeDefined();
      const properties = schema.properties as JsonSchema;
      for (let i = 0; i < 30; i++) {
        const metadata = chance(0.1) ? pick<unknown>([{ name: 'w', labels: 3 }, 'x', null, { name: 'w', ownerReferences: [{ kind: 1 }] }, { creationTimestamp: 'yesterday' }]) : { name: `w${i}` };
        const resource = { apiVersion: 'example.com/v1', kind: 'Widget', metadata, spec: value(properties.spec), ...(chance(0.3) ? { status: value(properties.status) } : {}) };
        const expected = run(compiled, resource);
        const actual = run(walked!, resource);
        // isDeepStrictEqual tells -0 from 0, which toEqual's messages would hide.
        if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
        expect(isDeepStrictEqual(actual, expected)).toBe(true);
        if ('errors' in (expected as object)) {
          const found = (expected as { errors: ErrorObject[] }).errors;
          expect(explainErrors(walked!.errors ?? [], resource)).toEqual(explainErrors(compiled.errors ?? [], resource));
          errors += found.length;
          if (found.length > 0) failing++;
        }
        compared++;
      }
    }
    expect(compared).toBe(4800);
    expect(failing).toBeGreaterThan(1500);
    expect(errors).toBeGreaterThan(15000);
  });

  it('reads only a properties map\'s own names, as ajv: a "__proto__" property (made the map\'s prototype by normalising) adds none', () => {
    // YAML and JSON loaders keep "__proto__" as an own key; normalising assigns it, which sets the
    // map's prototype. Only `not` keeps that map in a relaxed run (the other paths rebuild it).
    const raw = JSON.parse('{"type":"object","properties":{"spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"not":{"type":"object","required":["__proto__"],"properties":{"__proto__":{"items":{"type":"string"}}}}}}}') as JsonSchema;
    const { walked, compiled } = prepare(raw, false);
    const resource = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { items: 5 } };
    expect(compiled(resource)).toBe(false);
    expect(run(walked!, resource)).toEqual(run(compiled, resource));
    expect(explainErrors(walked!.errors ?? [], resource)).toEqual([{ path: ['spec'], message: 'spec: object is not allowed here' }]);
  });

  it('carries a -0 limit as 0, URI-encodes property names in schema paths and starts an inlined definition\'s at its $ref, as ajv', () => {
    const raw = { type: 'object', properties: { spec: { type: 'object', properties: { 'x y': { type: 'integer', minimum: -0 }, 'é/': { type: 'string', maxLength: -0 } } } } };
    const { walked, compiled } = prepare(raw, true);
    const resource = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', creationTimestamp: 'yesterday' }, spec: { 'x y': -1, 'é/': 'a' } };
    const expected = run(compiled, resource) as { errors: ErrorObject[] };
    // (then the "or null" branches of creationTimestamp and metadata)
    expect(expected.errors.slice(0, 4).map((e) => [e.schemaPath, e.params])).toEqual([
      ['#/properties/spec/properties/x%20y/minimum', { comparison: '>=', limit: 0 }],
      ['#/properties/spec/properties/%C3%A9~1/maxLength', { limit: 0 }],
      ['#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time/format', { format: 'date-time' }],
      ['#/properties/creationTimestamp/anyOf/1/type', { type: 'null' }],
    ]);
    expect(Object.is(expected.errors[0]!.params.limit, 0)).toBe(true);
    expect(isDeepStrictEqual(run(walked!, resource), expected)).toBe(true);
  });
});
