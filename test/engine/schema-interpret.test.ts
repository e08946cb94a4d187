// The schema walker (src/engine/schema-interpret.ts) must report exactly what ajv's compiled
// validator reports: compared here on generated CRD schemas (every keyword the walker takes, in
// the normalised strict form a run validates with) and generated resources, valid and not.
import type { ErrorObject, ValidateFunction } from 'ajv';
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

let seed = 29;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const chance = (p: number) => rand() < p;

const PATTERNS = ['^[a-z][a-z0-9-]*$', '^"quoted" \\d+\\\\$', '^\\p{L}+$', '^(?:[0-9]+(?:\\.[0-9]*)?)(?:[KMGTPE]i|[numkMGTPE])?$'];

/** A raw (CRD) leaf schema: every keyword normalize.ts keeps. */
function leaf(): JsonSchema {
  const base = pick<() => JsonSchema>([
    () => ({ type: 'string', ...(chance(0.5) ? { maxLength: 3 } : {}), ...(chance(0.3) ? { minLength: 2 } : {}), ...(chance(0.5) ? { pattern: pick(PATTERNS) } : {}) }),
    () => ({ type: 'string', enum: pick([['A', 'B'], ['Always', 'Never', 'IfNeeded']]) }),
    () => ({ type: 'string', format: pick(['byte', 'date-time', 'int32']) }),
    () => ({ type: 'integer', format: 'int32', minimum: 0, maximum: pick([10, 65535]) }),
    () => ({ type: 'number', exclusiveMinimum: true, minimum: 0, multipleOf: pick([0.5, 3]) }),
    () => ({ type: 'integer', maximum: 5, exclusiveMaximum: true }),
    () => ({ type: 'boolean' }),
    () => ({ 'x-kubernetes-int-or-string': true }),
    () => ({ type: 'array', items: { type: 'string', maxLength: 2 }, maxItems: 2, ...(chance(0.5) ? { minItems: 1 } : {}) }),
    () => ({ type: 'object', additionalProperties: { type: 'integer' }, maxProperties: 2 }),
    () => ({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
    () => ({ enum: [{ a: 1 }, [1, 2], 'x', 3] }),
    () => ({ type: 'object', minProperties: 1, additionalProperties: false }),
    () => ({ anyOf: [{ required: ['a'] }, { required: ['b'] }], type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } }),
    () => ({ allOf: [{ type: 'string' }, { maxLength: 1 }] }),
    () => ({ not: { type: 'string' } }),
  ]);
  const schema = base();
  if (chance(0.25)) schema.nullable = true;
  return schema;
}

function object(depth: number): JsonSchema {
  const properties: JsonSchema = {};
  const count = 2 + Math.floor(rand() * (depth === 0 ? 11 : 5));
  for (let i = 0; i < count; i++) {
    const name = pick(['f', 'a~b', 'c/d', 'name', 'x']) + i;
    if (depth < 3 && chance(0.25)) properties[name] = object(depth + 1);
    else if (depth < 3 && chance(0.15)) properties[name] = { type: 'array', items: object(depth + 1) };
    else properties[name] = leaf();
  }
  const names = Object.keys(properties);
  return { type: 'object', properties, ...(chance(0.7) ? { required: names.slice(0, 1 + Math.floor(rand() * 2)) } : {}), ...(chance(0.2) ? { nullable: true } : {}) };
}

const ODD = [-1, 0, 1.5, 3, 70000, 2 ** 40, Number.NaN, Number.POSITIVE_INFINITY, '', 'A', 'ab', 'abcd', '"quoted" 12\\', 'ÄÖü', '😀😀', '2026-12-07T06:00:00Z', 'aGVsbG8=', '%%', '1.5Gi', true, false, null, [], ['a', 'bcd'], {}, { a: 1 }, [1, 2]];

/** A value of the schema's type, often valid; now and then anything at all. */
function value(schema: JsonSchema, depth = 0): unknown {
  if (chance(0.02)) return pick(ODD);
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties && depth < 6) {
    const out: Record<string, unknown> = {};
    const required = (schema.required as string[] | undefined) ?? [];
    for (const [name, child] of Object.entries(properties)) if (required.includes(name) ? chance(0.97) : chance(0.5)) out[name] = value(child, depth + 1);
    if (chance(0.03)) out[pick(['unknown', 'p~q', 'r/s'])] = pick(ODD);
    return out;
  }
  if (schema.type === 'array' && schema.items && depth < 6) return Array.from({ length: Math.floor(rand() * 4) }, () => value(schema.items as JsonSchema, depth + 1));
  if (Array.isArray(schema.enum)) return chance(0.7) ? pick(schema.enum) : pick(ODD);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return { k1: pick([1, 1, 'x', 2.5]), ...(chance(0.3) ? { k2: 3 } : {}) };
  const type = [schema.type].flat()[0] ?? (Array.isArray(schema.anyOf) ? 'integer' : undefined);
  const typed: Record<string, unknown[]> = { string: ['ab', 'a', 'x1'], integer: [3, 3, 70000], number: [3, 1.5], boolean: [true, false], object: [{}], array: [[]] };
  return chance(0.9) && type && typed[type as string] ? pick(typed[type as string]!) : pick(ODD);
}

const fields = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => ({ instancePath: e.instancePath, keyword: e.keyword, params: JSON.stringify(e.params), message: e.message, anyOfRequired: /\/anyOf\/\d+\/required$/.test(e.schemaPath) }));

function both(rawSpec: JsonSchema): { walked: ValidateFunction; compiled: ValidateFunction; schema: JsonSchema } {
  const raw = customResourceSchema({ type: 'object', properties: { spec: rawSpec } });
  const schema = deriveStrict({ root: raw }).root!;
  const definitions = deriveStrict(reachableSubset(bundle.definitions, bundleRefs(raw)!)!);
  const walked = interpretedValidator(schema, definitions);
  expect(walked, 'the walker takes every keyword these schemas use').toBeDefined();
  return { walked: walked!, compiled: createKubernetesAjv(definitions).compile(schema), schema };
}

describe('the schema walker', () => {
  it('reports what ajv reports, in ajv\'s order, on 60 generated schemas and 40 resources each', () => {
    let failing = 0;
    let valid = 0;
    let errorsSeen = 0;
    for (let n = 0; n < 60; n++) {
      const { walked, compiled, schema } = both(object(0));
      for (let i = 0; i < 40; i++) {
        const metadata = chance(0.05) ? pick<unknown>([{ name: 'w', labels: 3 }, { name: 5, annotations: { a: 1 } }, 'x', { name: 'w', ownerReferences: [{ kind: 1 }] }, { creationTimestamp: 'yesterday' }]) : { name: 'w' };
        const resource = { apiVersion: 'example.com/v1', kind: 'Widget', metadata, ...(chance(0.02) ? { extra: 1 } : {}), spec: value((schema.properties as JsonSchema).spec as JsonSchema) };
        const ok = compiled(resource);
        expect(walked(resource)).toBe(ok);
        expect(fields(walked.errors)).toEqual(fields(compiled.errors));
        expect(explainErrors(walked.errors ?? [], resource)).toEqual(explainErrors(compiled.errors ?? [], resource));
        if (!ok) failing++;
        else valid++;
        errorsSeen += compiled.errors?.length ?? 0;
      }
    }
    // Both valid and invalid resources were compared, with many kinds of error.
    expect(valid).toBeGreaterThan(150);
    expect(failing).toBeGreaterThan(1000);
    expect(errorsSeen).toBeGreaterThan(5000);
  });

  it('sets errors to null on a valid resource, as ajv does', () => {
    const { walked } = both({ type: 'object', properties: { size: { type: 'integer' } } });
    expect(walked({ apiVersion: 'v', kind: 'K', metadata: { name: 'a' }, spec: { size: 'big' } })).toBe(false);
    expect(walked.errors).toHaveLength(1);
    expect(walked({ apiVersion: 'v', kind: 'K', metadata: { name: 'a' }, spec: { size: 3 } })).toBe(true);
    expect(walked.errors).toBeNull();
  });

  it('leaves to ajv what it does not walk: uniqueItems, a pattern ajv cannot compile, a $ref it cannot resolve, an unknown format', () => {
    const definitions = deriveStrict(reachableSubset(bundle.definitions, ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'])!);
    expect(interpretedValidator({ type: 'array', uniqueItems: true }, definitions)).toBeUndefined();
    expect(interpretedValidator({ type: 'string', pattern: '(' }, definitions)).toBeUndefined();
    expect(interpretedValidator({ $ref: '#/definitions/level0' }, definitions)).toBeUndefined();
    expect(interpretedValidator({ $ref: 'k8s#/definitions/no.such.Thing' }, definitions)).toBeUndefined();
    expect(interpretedValidator({ type: 'string', format: 'email' }, definitions)).toBeUndefined();
    expect(interpretedValidator({ type: 'object', properties: { a: { const: 1 } } }, definitions)).toBeUndefined();
    expect(interpretedValidator({ type: 'string', maxLength: 2, 'x-anything': { uniqueItems: true } }, definitions)).toBeDefined();
  });
});
