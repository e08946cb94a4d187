// Custom-resource schemas are compiled one function per object level (src/engine/schema-split.ts)
// so a 2 MB CRD's validator is not one ~1 MB function V8 compiles whole. The split must not change
// a single error: the same errors in the same order, and the same findings after explainErrors,
// on generated schemas shaped like operator CRDs and on values that break them everywhere.
import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { customResourceSchema } from '../../src/engine/schema-crd.js';
import { explainErrors } from '../../src/engine/schema-errors.js';
import { splitObjectLevels } from '../../src/engine/schema-split.js';
import { SchemaValidators } from '../../src/engine/schema-validator.js';
import { createKubernetesAjv } from '../../src/schemas/ajv-setup.js';
import { isObject, type JsonSchema } from '../../src/schemas/normalize.js';
import { bundleHash, loadBundle } from '../../src/schemas/store.js';
import { deriveStrict } from '../../src/schemas/variants.js';

let seed = 7;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

/** A leaf of the kinds generated CRDs hold (as written in a CRD, before normalising). */
function leaf(): JsonSchema {
  return pick<() => JsonSchema>([
    () => ({ type: 'string' }),
    () => ({ type: 'string', enum: ['Always', 'Never'] }),
    () => ({ type: 'string', pattern: '^[a-z]+$', maxLength: 8 }),
    () => ({ type: 'integer', format: 'int32', minimum: 0 }),
    () => ({ type: 'boolean', nullable: true }),
    () => ({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] }),
    () => ({ type: 'object', additionalProperties: { type: 'string' } }),
    () => ({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
    () => ({ type: 'array', items: { type: 'string' }, maxItems: 2 }),
  ])();
}

function object(depth: number): JsonSchema {
  const properties: JsonSchema = {};
  const count = 2 + Math.floor(rand() * 4);
  for (let i = 0; i < count; i++) {
    const roll = rand();
    if (depth < 4 && roll < 0.3) properties[`o${i}`] = object(depth + 1);
    else if (depth < 4 && roll < 0.4) properties[`a${i}`] = { type: 'array', items: object(depth + 1) };
    else if (depth < 4 && roll < 0.45) properties[`m${i}`] = { type: 'object', additionalProperties: object(depth + 1) };
    else properties[`f${i}`] = leaf();
  }
  const names = Object.keys(properties);
  const out: JsonSchema = { type: 'object', properties, required: [names[0]] };
  // "one of these fields": branches that only require, as CRDs write them.
  if (names.length > 2 && rand() < 0.3) out.anyOf = [{ required: [names[1]] }, { required: [names[2]] }];
  if (rand() < 0.15) out.nullable = true;
  if (rand() < 0.1) out['x-kubernetes-embedded-resource'] = true;
  return out;
}

/** A value for `schema`, broken at random places (wrong types, unknown fields, missing ones, out of range). */
function value(schema: JsonSchema, depth = 0): unknown {
  if (rand() < 0.08) return pick([42, 'text', true, null, [], {}]);
  if (isObject(schema.properties)) {
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(schema.properties)) if (rand() < 0.8) out[name] = value(child as JsonSchema, depth + 1);
    if (rand() < 0.15) out[`unknown${depth}`] = 1;
    return out;
  }
  if (schema.type === 'array') return Array.from({ length: Math.floor(rand() * 3) }, () => value(schema.items as JsonSchema, depth + 1));
  if (isObject(schema.additionalProperties)) return { a: value(schema.additionalProperties as JsonSchema, depth + 1), b: value(schema.additionalProperties as JsonSchema, depth + 1) };
  if (schema.type === 'integer') return pick([-1, 0, 5, 2 ** 40, 1.5]);
  if (schema.type === 'string') return pick(['Always', 'abc', 'toolongvalue', 'X-1', '']);
  if (schema.type === 'boolean') return pick([true, false, null]);
  return pick([1, 'x', { any: 1 }]);
}

function crdSchema(): JsonSchema {
  return { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: object(0), status: object(2) } };
}

const bundle = loadBundle('1.36');
const definitions = deriveStrict(bundle.definitions);
const errorsOf = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => [e.instancePath, e.keyword, JSON.stringify(e.params), e.message]);

describe('custom schemas compiled one function per object level', () => {
  it('report the very errors of the whole-tree compile, in the same order, on 40 generated CRDs', () => {
    let compared = 0;
    let failing = 0;
    for (let crd = 0; crd < 40; crd++) {
      const schema = deriveStrict({ root: customResourceSchema(crdSchema()) }).root!;
      const split = splitObjectLevels(schema);
      expect(Object.keys(split.definitions as object).length).toBeGreaterThan(0);
      const whole = createKubernetesAjv(definitions).compile(schema);
      const levels = createKubernetesAjv(definitions).compile(split);
      for (let i = 0; i < 25; i++) {
        const object = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', labels: rand() < 0.2 ? 3 : { a: 'b' } }, ...(value(schema) as object) };
        const ok = whole(object);
        expect(levels(object)).toBe(ok);
        expect(errorsOf(levels.errors)).toEqual(errorsOf(whole.errors));
        expect(explainErrors(levels.errors ?? [], object)).toEqual(explainErrors(whole.errors ?? [], object));
        compared++;
        if (!ok) failing++;
      }
    }
    expect(compared).toBe(1000);
    expect(failing).toBeGreaterThan(500); // the values really break the schemas
  });

  it('moves object levels only, never an anyOf branch (its ".../anyOf/N/required" path is read for "one of the fields")', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        spec: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' }, deep: { type: 'object', properties: { x: { type: 'integer' } } } }, anyOf: [{ required: ['a'] }, { required: ['b'] }] },
        list: { type: 'array', items: { anyOf: [{ type: 'object', properties: { y: { type: 'string' } } }, { type: 'null' }] } },
        plain: { type: 'string' },
      },
    };
    const split = splitObjectLevels(schema);
    expect(split.properties).toEqual({ spec: { $ref: '#/definitions/level1' }, list: { type: 'array', items: { $ref: '#/definitions/level2' } }, plain: { type: 'string' } });
    expect(split.definitions).toEqual({
      level0: { type: 'object', properties: { x: { type: 'integer' } } },
      level1: { ...(schema.properties as JsonSchema).spec as JsonSchema, properties: { a: { type: 'string' }, b: { type: 'string' }, deep: { $ref: '#/definitions/level0' } } },
      level2: { anyOf: [{ type: 'object', properties: { y: { type: 'string' } } }, { type: 'null' }] },
    });
    const validate = createKubernetesAjv(definitions).compile(split);
    expect(validate({ spec: { deep: {} } })).toBe(false);
    expect(explainErrors(validate.errors ?? [], { spec: { deep: {} } })).toEqual([{ path: ['spec'], message: 'spec: missing one of the fields "a", "b"' }]);
    expect(splitObjectLevels({ type: 'object', properties: { a: { type: 'string' } } })).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
  });

  it('is what the schema check compiles a custom resource schema with (an error\'s schemaPath names its level)', () => {
    const validators = new SchemaValidators(bundle, true, bundleHash('1.36'));
    const schema = customResourceSchema({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', minimum: 3 } } } } });
    const validate = validators.forSchema(schema);
    expect(validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } })).toBe(false);
    // The whole tree gave "#/properties/spec/properties/size/minimum" (a level ajv inlines again keeps its place in definitions).
    expect(validate.errors?.map((e) => [e.instancePath, e.schemaPath])).toEqual([['/spec/size', '#/definitions/level0/properties/size/minimum']]);
  });
});
