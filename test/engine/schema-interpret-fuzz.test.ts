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
import { OWN_PROPERTIES, createKubernetesAjv } from '../../src/schemas/ajv-setup.js';
import type { JsonSchema } from '../../src/schemas/normalize.js';
import { loadBundle } from '../../src/schemas/store.js';
import { deriveStrict } from '../../src/schemas/variants.js';
import { chance, object, pick, reseed, value } from './schema-fuzz-generate.js';

const bundle = loadBundle('1.36');

reseed(7);

const whole = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map(({ instancePath, schemaPath, keyword, params, message }) => ({ instancePath, schemaPath, keyword, params, message }));

/** The walker and ajv's validator of one CRD version's schema, as a run prepares it. */
function prepare(raw: JsonSchema, strict: boolean) {
  const normalised = customResourceSchema(raw);
  const schema = strict ? deriveStrict({ root: normalised }).root! : normalised;
  const subset = reachableSubset(bundle.definitions, bundleRefs(normalised)!)!;
  const definitions = strict ? deriveStrict(subset) : subset;
  return { schema, walked: interpretedValidator(schema, definitions), compiled: createKubernetesAjv(definitions, OWN_PROPERTIES).compile(schema) };
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
    // spec holds no "__proto__" of its own, so `required` fails and `not` holds, as on the API server
    // (an inherited one satisfied `required` before OWN_PROPERTIES: "object is not allowed here").
    expect(compiled(resource)).toBe(true);
    expect(run(walked!, resource)).toEqual(run(compiled, resource));
    expect(walked!.errors ?? []).toEqual([]);
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
