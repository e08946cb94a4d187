// The precompiled kinds' yes/no pre-check (src/schemas/fast-validator.ts) against ajv: it may say
// "ask ajv" (false) where ajv finds no error only for the cases it is stricter on by design (a
// non-finite number); otherwise it gives ajv's verdict. A seeded fuzz over every precompiled kind,
// strict and relaxed, objects built by following the bundle's own schemas (mostly valid, with
// wrong types, nulls, unknown keys, missing required fields, bad formats and patterns).
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/config/defaults.js';
import { SchemaValidators, type KindValidator } from '../../src/engine/schema-validator.js';
import { KUBERNETES_FORMATS, createKubernetesAjv, kindRef } from '../../src/schemas/ajv-setup.js';
import { fastValidatorSource } from '../../src/schemas/fast-validator.js';
import type { JsonSchema } from '../../src/schemas/normalize.js';
import { PRECOMPILED_KINDS } from '../../src/schemas/precompile.js';
import { bundleHash, loadBundle } from '../../src/schemas/store.js';
import { deriveStrict } from '../../src/schemas/variants.js';

const version = DEFAULT_KUBERNETES_VERSION;
const bundle = loadBundle(version);

/** The pre-checks of `roots` (export name → definition), as a precompiled module makes them. */
function fastChecks(definitions: Record<string, JsonSchema>, roots: Record<string, string>): Record<string, (x: unknown) => boolean> {
  const source = fastValidatorSource(definitions, roots);
  return new Function('formats', `${source}\nreturn { ${Object.keys(roots).join(', ')} };`)(KUBERNETES_FORMATS) as Record<string, (x: unknown) => boolean>;
}

/** One schema's pre-check, its definitions in `definitions`. */
function fastOf(schema: JsonSchema, definitions: Record<string, JsonSchema> = {}): (x: unknown) => boolean {
  return fastChecks({ ...definitions, root: schema }, { root: 'root' }).root!;
}

let seed = 22;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const chance = (p: number) => rand() < p;

// Finite numbers only: a non-finite one is where the pre-check is stricter than ajv (tested apart).
const ODD: unknown[] = [0, -0, 1.5, 2 ** 31, 2 ** 53 + 2, '', 'a', '2026-12-07T06:00:00Z', 'aGVsbG8=', 'not base64!', 'yesterday', true, null, [], ['a'], {}, { a: 1 }];
const TYPED: Record<string, unknown[]> = { string: ['ab', '', '12', '2026-01-01T00:00:00Z', 'aGk=', '😀'], integer: [3, 0, -0, 2 ** 31, -1], number: [3, 1.5, -0], boolean: [true, false] };

/** A value for `schema` (the bundle's definitions reachable through $ref), mostly valid. */
function value(schema: unknown, definitions: Record<string, JsonSchema>, depth = 0): unknown {
  if (typeof schema !== 'object' || schema === null || chance(depth > 8 ? 0.6 : 0.02)) return pick(ODD);
  const s = schema as JsonSchema;
  if (typeof s.$ref === 'string') return value(definitions[s.$ref.slice('#/definitions/'.length)], definitions, depth + 1);
  if (Array.isArray(s.anyOf)) return chance(0.1) ? null : value(pick(s.anyOf), definitions, depth);
  if (Array.isArray(s.enum)) return chance(0.9) ? pick(s.enum) : 'NotInTheEnum';
  const type = [s.type].flat().find((t) => t !== 'null');
  if (type === 'object' || s.properties !== undefined) {
    const out: Record<string, unknown> = {};
    const required = (s.required as string[] | undefined) ?? [];
    for (const [name, child] of Object.entries((s.properties as JsonSchema | undefined) ?? {})) {
      if (required.includes(name) ? chance(0.97) : chance(depth < 3 ? 0.3 : 0.15)) out[name] = value(child, definitions, depth + 1);
    }
    if (typeof s.additionalProperties === 'object') for (let i = Math.floor(rand() * 3); i > 0; i--) out[`k${i}`] = value(s.additionalProperties, definitions, depth + 1);
    if (chance(0.03)) out[pick(['unknownField', 'colour', 'constructor', '__proto__'])] = 1;
    return out;
  }
  if (type === 'array') return Array.from({ length: Math.floor(rand() * 3) }, () => value(s.items, definitions, depth + 1));
  if (s.format === 'date-time' && chance(0.9)) return pick(['2026-01-01T00:00:00Z', '2026-01-01 10:00:00+02:00']);
  if (s.format === 'byte' && chance(0.9)) return pick(['aGk=', 'aGVs\nbG8=']);
  return chance(0.95) && typeof type === 'string' && TYPED[type] ? pick(TYPED[type]!) : pick(ODD);
}

describe('the precompiled kinds\' pre-check against ajv (seeded fuzz)', () => {
  it('gives ajv\'s verdict on every precompiled kind, strict and relaxed (60 objects each)', () => {
    let valid = 0;
    let invalid = 0;
    for (const strict of [true, false]) {
      const definitions = strict ? deriveStrict(bundle.definitions) : bundle.definitions;
      const ajv = createKubernetesAjv(definitions);
      const roots = Object.fromEntries(PRECOMPILED_KINDS.map((key, i) => [`k${i}`, bundle.kinds[key]!]));
      const fast = fastChecks(definitions, roots);
      PRECOMPILED_KINDS.forEach((key, i) => {
        const compiled = ajv.compile(kindRef(bundle.kinds[key]!));
        const [apiVersion, kind] = [key.slice(0, key.lastIndexOf(' ')), key.slice(key.lastIndexOf(' ') + 1)];
        for (let n = 0; n < 60; n++) {
          const object = { ...(value(definitions[bundle.kinds[key]!], definitions) as object), apiVersion, kind };
          const expected = compiled(object);
          if (fast[`k${i}`]!(object) !== expected) expect({ key, strict, object, fast: !expected }).toEqual({ key, strict, object, fast: expected });
          if (expected) valid++;
          else invalid++;
        }
      });
    }
    // Both verdicts well represented: the fuzz reaches errors and whole valid objects.
    expect(valid).toBeGreaterThan(500);
    expect(invalid).toBeGreaterThan(500);
  }, 120_000);
});

describe('fastValidatorSource', () => {
  it('checks type, required, unknown keys (strict), anyOf with null, enum, format and pattern as ajv does', () => {
    const schema: JsonSchema = {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', pattern: '^\\p{Ll}+$' },
        when: { anyOf: [{ $ref: '#/definitions/Time' }, { type: 'null' }] },
        mode: { type: ['string', 'null'], enum: ['A', 'B', null] },
        port: { type: 'integer', format: 'int32' },
        tags: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
    };
    const definitions = { Time: { type: 'string', format: 'date-time' } };
    const fast = fastOf(schema, definitions);
    const ajv = createKubernetesAjv(definitions).compile({ ...schema, definitions }) as ValidateFunction;
    const cases: unknown[] = [
      { name: 'é' },
      { name: 'A' }, // pattern, with the u flag
      {},
      { name: 'a', extra: 1 },
      { name: 'a', when: null },
      { name: 'a', when: '2026-01-01T00:00:00Z' },
      { name: 'a', when: 'monday' },
      { name: 'a', mode: null },
      { name: 'a', mode: 'C' },
      { name: 'a', port: 2 ** 31 },
      { name: 'a', port: 1.5 },
      { name: 'a', port: -0 },
      { name: 'a', tags: [['x'], []] },
      { name: 'a', tags: [['x', 1]] },
      { name: 'a', labels: { a: 'b' } },
      { name: 'a', labels: { a: 1 } },
      null,
      [],
      'a',
    ];
    for (const data of cases) expect([data, fast(data)]).toEqual([data, ajv(data)]);
  });

  it('says "ask ajv" for what it does not know or where it is stricter: non-finite numbers, unknown keywords and formats, an object enum value', () => {
    expect(fastOf({ type: 'integer' })(Number.POSITIVE_INFINITY)).toBe(false); // ajv without strictNumbers takes it
    expect(fastOf({ type: 'number' })(Number.NaN)).toBe(false);
    expect(fastOf({ type: 'string', maxLength: 3 })('ab')).toBe(false);
    expect(fastOf({ type: 'string', format: 'uri' })('https://x')).toBe(false);
    expect(fastOf({ enum: [{ a: 1 }, 'x'] })({ a: 1 })).toBe(false);
    expect(fastOf({ enum: [{ a: 1 }, 'x'] })('x')).toBe(true);
    expect(fastOf({ $ref: '#/definitions/Nowhere' })('x')).toBe(false);
    // A property named as one of Object.prototype's: ajv reads `x.toString`, inherited when absent.
    expect(fastOf({ type: 'object', properties: { toString: { type: 'string' } } })({})).toBe(false);
  });
});

describe('the precompiled modules', () => {
  it('give each kind\'s validator its pre-check, true on a valid object and false on an invalid one; ajv\'s module is loaded for the latter', () => {
    const validators = new SchemaValidators(bundle, true, bundleHash(version));
    validators.expect(new Set(['apps/v1 Deployment', 'batch/v1 CronJob']));
    const deployment = validators.forKind('apps/v1 Deployment') as KindValidator;
    const configMap = validators.forKind('v1 ConfigMap') as KindValidator;
    expect(validators.modulesLoaded).toEqual(['g_workloads.fast', 'k_v1_ConfigMap.fast']);
    const object = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { app: 'd' } }, spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } } } };
    expect(deployment.fast).toBeTypeOf('function');
    expect(deployment.fast!(object)).toBe(true);
    expect(deployment.fast!({ ...object, spec: { ...object.spec, replicas: 'two' } })).toBe(false);
    expect(configMap.fast!({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } })).toBe(true);
    expect(configMap.fast!({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 1 } })).toBe(false);
    // ajv's code is read only for an object to explain: the kind's own module, once.
    expect(validators.modulesLoaded).toEqual(['g_workloads.fast', 'k_v1_ConfigMap.fast']);
    expect(deployment({ ...object, spec: { ...object.spec, replicas: 'two' } })).toBe(false);
    expect(deployment.errors).toEqual(expect.arrayContaining([expect.objectContaining({ instancePath: '/spec/replicas', keyword: 'type' })]));
    expect(deployment(object)).toBe(true);
    expect(deployment.errors).toBeNull();
    expect(validators.modulesLoaded).toEqual(['g_workloads.fast', 'k_v1_ConfigMap.fast', 'k_apps_v1_Deployment']);
  });
});
