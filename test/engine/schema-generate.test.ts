// A first run compiles custom-resource validators against only the bundle definitions a schema
// reaches (src/engine/schema-definitions.ts, schema-generate.ts), and validates with the generated
// code it stores (schema-disk-cache.ts). Neither may change an error: compared here with ajv's
// own validator compiled with every definition.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { customResourceSchema } from '../../src/engine/schema-crd.js';
import { bundleRefs, reachableSubset } from '../../src/engine/schema-definitions.js';
import { useValidatorDiskCache } from '../../src/engine/schema-disk-cache.js';
import { EXPORT, generateValidatorCode } from '../../src/engine/schema-generate.js';
import { splitObjectLevels } from '../../src/engine/schema-split.js';
import { SchemaValidators } from '../../src/engine/schema-validator.js';
import { KUBERNETES_FORMATS, createKubernetesAjv } from '../../src/schemas/ajv-setup.js';
import type { JsonSchema } from '../../src/schemas/normalize.js';
import { bundleHash, loadBundle } from '../../src/schemas/store.js';
import { deriveStrict } from '../../src/schemas/variants.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const require = createRequire(import.meta.url);
const bundle = loadBundle('1.36');
const allStrict = deriveStrict(bundle.definitions);
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

let seed = 11;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

function object(depth: number): JsonSchema {
  const properties: JsonSchema = {};
  for (let i = 0; i < 2 + Math.floor(rand() * 4); i++) {
    if (depth < 3 && rand() < 0.35) properties[`o${i}`] = object(depth + 1);
    else properties[`f${i}`] = pick<JsonSchema>([{ type: 'string', maxLength: 4 }, { type: 'integer', format: 'int32', minimum: 0 }, { type: 'string', enum: ['A', 'B'] }, { type: 'boolean', nullable: true }]);
  }
  return { type: 'object', properties, required: [Object.keys(properties)[0]] };
}

function value(schema: JsonSchema): unknown {
  if (rand() < 0.1) return pick([7, 'x', true, null, []]);
  if (schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(schema.properties as Record<string, JsonSchema>)) if (rand() < 0.8) out[name] = value(child);
    if (rand() < 0.15) out.unknown = 1;
    return out;
  }
  return pick([-1, 3, 2 ** 40, 'A', 'long text', true, null]);
}

function evaluate(code: string): ValidateFunction {
  const load = new Function('require', 'formats', `const module = { exports: {} };\nconst exports = module.exports;\n${code}\nreturn module.exports;`);
  return (load(require, KUBERNETES_FORMATS) as Record<string, ValidateFunction>)[EXPORT]!;
}

const errorsOf = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => [e.instancePath, e.schemaPath, e.keyword, JSON.stringify(e.params), e.message]);

afterEach(() => {
  useValidatorDiskCache(undefined);
});

describe('run-time compiles of custom-resource schemas', () => {
  it('give the errors of ajv\'s own validator compiled with every definition, on 20 generated schemas', () => {
    let failing = 0;
    for (let n = 0; n < 20; n++) {
      const raw = customResourceSchema({ type: 'object', properties: { spec: object(0) } });
      const schema = splitObjectLevels(deriveStrict({ root: raw }).root!);
      const names = bundleRefs(raw)!;
      expect(names).toEqual([OBJECT_META]);
      const generated = evaluate(generateValidatorCode(schema, deriveStrict(reachableSubset(bundle.definitions, names)!)));
      const fresh = createKubernetesAjv(allStrict).compile(schema);
      for (let i = 0; i < 20; i++) {
        const resource = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: rand() < 0.2 ? { name: 'w', labels: 3 } : { name: 'w' }, ...(value(schema) as object) };
        expect(generated(resource)).toBe(fresh(resource));
        expect(errorsOf(generated.errors)).toEqual(errorsOf(fresh.errors));
        if (fresh.errors) failing++;
      }
    }
    expect(failing).toBeGreaterThan(100); // the values really break the schemas
  });

  it('fail with ajv\'s message (it names the id "custom")', () => {
    const broken = { type: 'object', properties: { a: { $ref: '#/definitions/missing' } } };
    let expected = '';
    try {
      const ajv = createKubernetesAjv(allStrict);
      ajv.addSchema({ ...broken, $id: 'custom' }, 'custom', undefined, false);
      ajv.getSchema('custom');
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).toContain('custom');
    expect(() => generateValidatorCode(broken, allStrict)).toThrow(expected);
  });

  it('reach only the bundle definitions a schema refers to', () => {
    const raw = customResourceSchema({ type: 'object' });
    const subset = reachableSubset(bundle.definitions, bundleRefs(raw)!)!;
    expect(Object.keys(subset)).toContain(OBJECT_META);
    expect(Object.keys(subset).length).toBeLessThan(Object.keys(bundle.definitions).length / 10);
    expect(bundleRefs({ properties: { a: { $ref: `k8s#/definitions/${OBJECT_META}/properties/name` } } })).toBeUndefined();
    expect(bundleRefs({ properties: { a: { $ref: '#/definitions/level0' } } })).toEqual([]);
    expect(reachableSubset(bundle.definitions, ['no.such.Definition'])).toBeUndefined();
  });

  it('validate a first run with the code stored for the next (not with ajv\'s own functions)', () => {
    const dir = temp('kubelint-validators-');
    useValidatorDiskCache({ dir, secret: randomBytes(32), version: 'test' });
    const validators = new SchemaValidators(bundle, true, bundleHash('1.36'));
    const validate = validators.forSchema(customResourceSchema({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', minimum: 3 } } } } }));
    expect('schemaEnv' in validate).toBe(false); // ajv's compiled functions carry their schema environment
    const [file] = readdirSync(path.join(dir, 'validators'));
    expect(readFileSync(path.join(dir, 'validators', file!), 'utf8')).toContain(validate.toString());
    expect(validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } })).toBe(false);
  });
});
