// A plain CRD version's schema made level by level (src/engine/schema-crd-levels.ts) is the
// schema a run normalises whole, level for level, and the walker gives the same errors from it;
// a level no resource reaches is never made; anything not plain is left to the whole path.
import { isDeepStrictEqual } from 'node:util';
import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { customResourceSchema } from '../../src/engine/schema-crd.js';
import { schemaByLevels, walkableByLevels } from '../../src/engine/schema-crd-levels.js';
import { bundleRefs, reachableSubset } from '../../src/engine/schema-definitions.js';
import { Deferred, interpretedValidator } from '../../src/engine/schema-interpret.js';
import type { JsonSchema } from '../../src/schemas/normalize.js';
import { loadBundle } from '../../src/schemas/store.js';
import { deriveStrict } from '../../src/schemas/variants.js';
import { chance, object, pick, reseed, value } from './schema-fuzz-generate.js';

const bundle = loadBundle('1.36');
const OBJECT_META = 'k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** The schema with every Deferred child made, as plain objects. */
function made(node: unknown): unknown {
  if (node instanceof Deferred) return made(node.schema);
  if (Array.isArray(node)) return node.map(made);
  if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, made(v)]));
  return node;
}

function whole(raw: JsonSchema, strict: boolean): JsonSchema {
  const normalised = customResourceSchema(raw);
  return strict ? deriveStrict({ root: normalised }).root! : normalised;
}

function definitions(strict: boolean): Record<string, JsonSchema> {
  const subset = reachableSubset(bundle.definitions, bundleRefs({ $ref: OBJECT_META })!)!;
  return strict ? deriveStrict(subset) : subset;
}

function run(validate: (data: unknown) => boolean, data: unknown): unknown {
  try {
    const ok = validate(data);
    const errors = ((validate as unknown as { errors: ErrorObject[] | null }).errors ?? []).map(({ instancePath, schemaPath, keyword, params, message }) => ({ instancePath, schemaPath, keyword, params, message }));
    return { ok, errors };
  } catch (error) {
    return { threw: String(error) };
  }
}

/** A generated CRD version made plain: the keywords normalising reads in other ways taken out. */
function plain(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(plain);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  const intOrString = (node as JsonSchema)['x-kubernetes-int-or-string'] === true || (node as JsonSchema).format === 'int-or-string';
  for (const [key, child] of Object.entries(node)) {
    if (!intOrString && ['allOf', 'anyOf', 'oneOf', 'not', 'uniqueItems'].includes(key)) continue;
    if (key === 'enum' && (child as unknown[]).some((v) => v !== null && typeof v === 'object')) continue;
    if (key === 'items' && typeof child === 'boolean') continue;
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(child as JsonSchema).map(([name, s]) => [name, plain(s)])) : key === 'items' || key === 'additionalProperties' ? plain(child) : child;
  }
  return out;
}

describe('a plain CRD version made level by level', () => {
  it('is the whole normalised schema, strict and not, and the walker gives the same errors from it (120 generated versions x 25 resources)', () => {
    reseed(20261207);
    let versions = 0;
    let failing = 0;
    for (let n = 0; n < 120; n++) {
      const raw = plain({ type: 'object', properties: { spec: object(0), ...(chance(0.3) ? { status: object(1) } : {}) } }) as JsonSchema;
      expect(walkableByLevels(raw)).toBe(true);
      const strict = n % 3 !== 0;
      const expected = whole(raw, strict);
      expect(made(schemaByLevels(raw, strict))).toEqual(expected);
      const eager = interpretedValidator(expected, definitions(strict))!;
      const levels = interpretedValidator(schemaByLevels(raw, strict), definitions(strict))!;
      const properties = expected.properties as JsonSchema;
      for (let i = 0; i < 25; i++) {
        const metadata = chance(0.1) ? pick<unknown>([{ name: 'w', labels: 3 }, 'x', null, { creationTimestamp: 'yesterday' }]) : { name: `w${i}` };
        const resource = { apiVersion: 'example.com/v1', kind: 'Widget', metadata, spec: value(properties.spec), ...(chance(0.3) ? { status: value(properties.status) } : {}) };
        const want = run(eager, resource);
        const got = run(levels, resource);
        if (!isDeepStrictEqual(got, want)) expect(got).toEqual(want);
        if ((want as { ok?: boolean }).ok === false) failing++;
      }
      versions++;
    }
    expect(versions).toBe(120);
    expect(failing).toBeGreaterThan(600);
  });

  it('gives embedded resources the API server fields, their own metadata kept beside ObjectMeta, as the whole path does', () => {
    const raw = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            template: { type: 'object', 'x-kubernetes-embedded-resource': true, nullable: true, properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 3 } } }, data: { type: 'string' } } },
            items: { type: 'array', items: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } },
          },
        },
      },
    };
    expect(walkableByLevels(raw)).toBe(true);
    for (const strict of [true, false]) {
      expect(made(schemaByLevels(raw, strict))).toEqual(whole(raw, strict));
      const eager = interpretedValidator(whole(raw, strict), definitions(strict))!;
      const levels = interpretedValidator(schemaByLevels(raw, strict), definitions(strict))!;
      const resource = { apiVersion: 'v', kind: 'K', metadata: { name: 'a' }, spec: { template: { apiVersion: 3, metadata: { name: 'long', labels: { a: 1 } }, data: 5, other: 1 }, items: [{ kind: 1, metadata: { name: 2 } }] } };
      const want = run(eager, resource);
      expect((want as { errors: unknown[] }).errors.length).toBeGreaterThan(3);
      expect(run(levels, resource)).toEqual(want);
    }
  });

  it('makes no level no resource reaches: an unreached property\'s schema is never read past the check that it is plain', () => {
    let reads = 0;
    const watched = (schema: JsonSchema): JsonSchema =>
      new Proxy(schema, {
        get(target, key, receiver) {
          // The plain check does not read nullable; normalising reads it on every node it makes.
          if (key === 'nullable') reads++;
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
    const raw = { type: 'object', properties: { spec: { type: 'object', properties: { used: { type: 'string' }, unused: watched({ type: 'object', properties: { deep: watched({ type: 'integer' }) } }) } } } };
    const levels = interpretedValidator(schemaByLevels(raw, true), definitions(true))!;
    expect(run(levels, { apiVersion: 'v', kind: 'K', metadata: { name: 'a' }, spec: { used: 1 } })).toMatchObject({ ok: false, errors: [{ instancePath: '/spec/used', keyword: 'type' }] });
    expect(reads).toBe(0);
    expect(run(levels, { apiVersion: 'v', kind: 'K', metadata: { name: 'a' }, spec: { unused: { deep: 'x' } } })).toMatchObject({ ok: false, errors: [{ instancePath: '/spec/unused/deep', keyword: 'type' }] });
    expect(reads).toBe(2);
    customResourceSchema(raw);
    expect(reads).toBe(4);
  });

  it('takes int-or-string nodes with their anyOf, and refuses whatever normalising reads another way or the walker does not take', () => {
    const spec = (node: unknown) => ({ type: 'object', properties: { spec: { type: 'object', properties: { f: node } } } });
    expect(walkableByLevels(spec({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] }))).toBe(true);
    expect(walkableByLevels(spec({ type: 'string', enum: ['a', 1, true, null], pattern: '^a+$', maxLength: 3, description: 'x', default: 'a', 'x-kubernetes-validations': [{ rule: 'self' }] }))).toBe(true);
    const refused: unknown[] = [
      { $ref: '#/definitions/x' },
      { allOf: [{ type: 'string' }] },
      { anyOf: [{ type: 'string' }] },
      { oneOf: [{ required: ['a'] }] },
      { not: { type: 'string' } },
      { type: 'array', uniqueItems: true },
      { type: 'array', items: [{ type: 'string' }] },
      { type: 'array', items: true },
      { type: 'string', pattern: '(' },
      { type: 'integer', minimum: '3' },
      { type: 'string', enum: [] },
      { type: 'number', enum: [Number.NaN] },
      { type: 'object', enum: [{ a: 1 }] },
      { type: 'object', required: [1] },
      { type: 'thing' },
      { type: ['string', 'null'] },
      { type: 'object', properties: JSON.parse('{"__proto__": {"type": "string"}}') as JsonSchema },
      { type: 'object', properties: { a: true } },
      { type: 'object', additionalProperties: { not: {} } },
      'string',
    ];
    for (const node of refused) expect([node, walkableByLevels(spec(node))]).toEqual([node, false]);
  });
});
