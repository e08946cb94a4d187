// A CRD version whose validator this build stored before is not normalised again: its validator is
// named by the version's own schema JSON (schema-crd.ts CustomSchema.source,
// SchemaValidators.hasSource/forCustom), so a warm run serialises the schema and reads nothing else of it.
// Validators are compiled and stored only for schemas the walker (schema-interpret.ts) leaves to
// ajv: CRD carries uniqueItems for that; WALKED does not.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LEVELS_MAX_USES, schemasFromCrds } from '../../src/engine/schema-crd.js';
import { storeCodeCaches, useValidatorDiskCache } from '../../src/engine/schema-disk-cache.js';
import { duplicateListItems } from '../../src/engine/schema-crd-lists.js';
import { SchemaValidators } from '../../src/engine/schema-validator.js';
import { PRUNE_WALKED } from '../../src/engine/schema-walked-store.js';
import { identifyResources } from '../../src/load/resources.js';
import { parseManifestText } from '../../src/load/yaml.js';
import { bundleHash, loadBundle } from '../../src/schemas/store.js';
import type { Resource } from '../../src/types.js';
import { writeOldFiles } from '../helpers/old-files.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const bundle = loadBundle('1.36');

afterEach(() => {
  storeCodeCaches();
  useValidatorDiskCache(undefined);
});

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.tools.example.org}
spec:
  group: tools.example.org
  scope: Cluster
  names: {kind: Gadget, plural: gadgets, listKind: GadgetList}
  versions:
    - {name: v0, served: false, storage: false}
    - name: v2
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          description: a gadget
          type: object
          properties:
            spec:
              required: [size]
              description: what it does
              properties:
                mode: {type: string, enum: [fast, slow]}
                size: {type: integer, minimum: 3, description: how many}
                extra: {x-kubernetes-int-or-string: true}
                tags: {type: array, items: {type: string}, uniqueItems: true}
`;
const WALKED = CRD.replace('                tags: {type: array, items: {type: string}, uniqueItems: true}\n', '');
// Walked, but not level by level (schema-crd-levels.ts takes no \`not\`): normalised whole and stored on the first run.
const WHOLE = WALKED.replace('              description: what it does\n', '              description: what it does\n              not: {required: [forbidden]}\n');
const GADGETS = `---
apiVersion: tools.example.org/v2
kind: Gadget
metadata: {name: a}
spec: {size: 1, mode: other, unknown: 2}
---
apiVersion: tools.example.org/v2
kind: Gadget
metadata: {name: b}
spec: {size: 5, extra: 10%}
`;

function batchOf(text: string): Resource[] {
  return identifyResources(parseManifestText(text, { kind: 'file', name: 'all.yaml' }).manifests).resources;
}

/** Counts reads of keys an object does not have: normalising probes for many (allOf, $ref, nullable...), serialising for none. */
function watch(resource: Resource): () => number {
  let probes = 0;
  const wrap = (o: object): object =>
    new Proxy(o, {
      get(target, key, receiver) {
        if (typeof key === 'string' && key !== 'toJSON' && !Object.hasOwn(target, key)) probes++;
        const value = Reflect.get(target, key, receiver) as unknown;
        return value !== null && typeof value === 'object' ? wrap(value) : value;
      },
    });
  const version = ((resource.object.spec as { versions: Array<{ schema: { openAPIV3Schema: object } }> }).versions[1]!.schema);
  version.openAPIV3Schema = wrap(version.openAPIV3Schema);
  return () => probes;
}

/** One run of the schema check's CRD part: a new SchemaValidators holds nothing in memory, as a new process. */
function run(text: string, watched = false, schemas = bundle) {
  const batch = batchOf(text);
  const probes = watched ? watch(batch[0]!) : () => 0;
  const validators = new SchemaValidators(schemas, true, bundleHash('1.36'));
  const crds = schemasFromCrds(batch, (source) => validators.hasSource(source));
  const custom = crds.schemas.get('tools.example.org/v2 Gadget');
  const results = !custom ? [] : batch.slice(1).map((r) => {
    const validate = validators.forCustom(custom);
    return [validate(r.object), validate.errors?.map((e) => [e.instancePath, e.keyword, e.message])];
  });
  // The list-type check (schema.ts checkResource), after the validator as there.
  const lists = custom && validators.listTypes(custom);
  const duplicates = !lists ? [] : batch.slice(1).map((r) => duplicateListItems(r.object, lists).map((d) => d.message));
  return { results, duplicates, probes: probes(), problems: crds.problems.map((p) => p.message) };
}

/** A first run normalises the CRD's schema (the watch sees it), the next does not; both give the same results, the first a failure. */
function normalisedOnlyOnce(text: string): ReturnType<typeof run> {
  const first = run(text, true);
  expect(first.probes).toBeGreaterThan(0);
  expect(first.results[0]![0]).toBe(false);
  const second = run(text, true);
  expect(second.probes).toBe(0);
  expect(second.results).toEqual(first.results);
  return first;
}

describe('a CRD version whose validator is stored', () => {
  it('is not normalised on the next run, and validates alike', () => {
    const dir = temp('kubelint-crd-source-');
    useValidatorDiskCache({ dir, secret: randomBytes(32), version: 'test' });
    const first = normalisedOnlyOnce(CRD + GADGETS);
    expect(first.results[1]).toEqual([true, undefined]);
    expect(readdirSync(path.join(dir, 'validators'))).toHaveLength(1);
  });

  it('is normalised again when its stored validator does not verify', () => {
    const dir = temp('kubelint-crd-source-');
    useValidatorDiskCache({ dir, secret: randomBytes(32), version: 'test' });
    const first = run(CRD + GADGETS);
    const [file] = readdirSync(path.join(dir, 'validators'));
    writeFileSync(path.join(dir, 'validators', file!), '// mac 00\nexports.custom = () => true;\n');
    const again = run(CRD + GADGETS, true);
    expect(again.probes).toBeGreaterThan(0);
    expect(again.results).toEqual(first.results);
  });

  it('is not compiled when the walker takes the schema: the same errors as ajv compiled in memory', () => {
    expect(WALKED).not.toBe(CRD);
    const dir = temp('kubelint-crd-source-');
    useValidatorDiskCache({ dir, secret: randomBytes(32), version: 'test' });
    const walked = run(WALKED + GADGETS);
    expect(existsSync(path.join(dir, 'validators'))).toBe(false);
    useValidatorDiskCache(undefined); // no disk cache (the webhook): ajv compiles
    const compiled = run(WALKED + GADGETS);
    expect(walked.results[0]![0]).toBe(false);
    expect(walked.results).toEqual(compiled.results);
  });

  it('is not normalised on the next run when it was walked: the walked schema is stored, and refused when it does not verify', () => {
    expect(WHOLE).not.toBe(WALKED);
    const dir = temp('kubelint-crd-source-');
    useValidatorDiskCache({ dir, secret: randomBytes(32), version: 'test' });
    const first = normalisedOnlyOnce(WHOLE + GADGETS);
    const stored = readdirSync(path.join(dir, 'walked'));
    expect(stored).toHaveLength(1);
    writeFileSync(path.join(dir, 'walked', stored[0]!), Buffer.alloc(80, 48));
    const third = run(WHOLE + GADGETS, true);
    expect(third.probes).toBeGreaterThan(0);
    expect(third.results).toEqual(first.results);
  });

  it('carries its lists of type map or set: the next run does not read the schema for them, and finds the same duplicates', () => {
    const zones = '                zones: {type: array, x-kubernetes-list-type: set, items: {type: string}}\n';
    const withSets = WHOLE.replace('                size: {type: integer', `${zones}                size: {type: integer`);
    expect(withSets).not.toBe(WHOLE);
    const text = `${withSets}${GADGETS}---\napiVersion: tools.example.org/v2\nkind: Gadget\nmetadata: {name: c}\nspec: {size: 4, zones: [a, b, a, b, a]}\n`;
    const dir = temp('kubelint-crd-source-');
    useValidatorDiskCache({ dir, secret: randomBytes(32), version: 'test' });
    const first = normalisedOnlyOnce(text);
    expect(first.duplicates).toEqual([[], [], ['spec.zones[2]: duplicate value "a": the list is x-kubernetes-list-type set; the API server refuses it', 'spec.zones[3]: duplicate value "b": the list is x-kubernetes-list-type set; the API server refuses it']]);
    expect(run(text, true)).toMatchObject({ probes: 0, duplicates: first.duplicates });
    // A schema with none carries that too (null): nothing read, nothing found.
    normalisedOnlyOnce(WHOLE + GADGETS);
    expect(run(WHOLE + GADGETS, true)).toMatchObject({ probes: 0, duplicates: [] });
  });

  it('does not take the lists another version stored when its JSON holds a null: a key default of .nan and of null are both null in it', () => {
    const slots = (fill: string) => `                slots:\n                  type: array\n                  x-kubernetes-list-type: map\n                  x-kubernetes-list-map-keys: [slot]\n                  items: {type: object, properties: {slot: {type: number, default: ${fill}}, v: {type: string}}}\n`;
    const gadget = '---\napiVersion: tools.example.org/v2\nkind: Gadget\nmetadata: {name: c}\nspec: {size: 4, slots: [{v: a}, {v: b}]}\n';
    const withSlots = (fill: string) => `${WHOLE.replace('                size: {type: integer', `${slots(fill)}                size: {type: integer`)}${GADGETS}${gadget}`;
    const [nan, nul] = [withSlots('.nan'), withSlots('null')];
    expect(nan).not.toBe(WHOLE + GADGETS + gadget);
    const dir = temp('kubelint-crd-source-');
    useValidatorDiskCache({ dir, secret: randomBytes(32), version: 'test' });
    // Cold, each its own: NaN equals nothing (no duplicate); null equals null.
    const unset = 'spec.slots[1]: duplicate key {"slot":null}: the list is x-kubernetes-list-type map keyed by slot; the API server refuses it';
    expect(run(nan).duplicates).toEqual([[], [], []]);
    expect(run(nan).duplicates).toEqual([[], [], []]);
    // The walker stored by the .nan version is named by the same JSON: the null version's duplicates are its own.
    expect(run(nul).duplicates).toEqual([[], [], [unset]]);
    expect(run(nul).duplicates).toEqual([[], [], [unset]]);
    expect(run(nan).duplicates).toEqual([[], [], []]);
  });

  it('carries the bundle definitions it reaches: the next run does not read the bundle\'s, and validates alike', () => {
    let reads = 0;
    const counted = Object.defineProperty({ ...bundle }, 'definitions', { get: () => (reads++, bundle.definitions) });
    const dir = temp('kubelint-crd-source-');
    useValidatorDiskCache({ dir, secret: randomBytes(32), version: 'test' });
    // GADGETS' ObjectMeta errors come from the definitions: a wrong subset would change them.
    const text = `${WHOLE}${GADGETS}---\napiVersion: tools.example.org/v2\nkind: Gadget\nmetadata: {name: d, labels: {a: 1}, ownerReferences: [{}]}\nspec: {size: 4}\n`;
    const first = run(text, false, counted);
    expect(reads).toBeGreaterThan(0);
    expect((first.results[2]![1] as unknown[]).length).toBeGreaterThan(1);
    reads = 0;
    expect(run(text, false, counted).results).toEqual(first.results);
    expect(reads).toBe(0);
  });

  it('is stored in a bounded folder: storing one drops the oldest past PRUNE_WALKED.keep, and keeps the one stored', () => {
    const dir = temp('kubelint-crd-source-');
    useValidatorDiskCache({ dir, secret: randomBytes(32), version: 'test' });
    writeOldFiles(path.join(dir, 'walked'), PRUNE_WALKED.keep + 5, '.v8');
    run(WHOLE + GADGETS);
    const names = readdirSync(path.join(dir, 'walked'));
    expect(names).toHaveLength(PRUNE_WALKED.keep);
    expect(names.filter((name) => !name.startsWith('old'))).toHaveLength(1);
  });

  it('used by few resources and plain, is walked level by level on its first run and only marked; the next run stores it, the one after reads it; all alike', () => {
    const dir = temp('kubelint-crd-source-');
    useValidatorDiskCache({ dir, secret: randomBytes(32), version: 'test' });
    const walkedSize = () => readdirSync(path.join(dir, 'walked')).map((name) => statSync(path.join(dir, 'walked', name)).size);
    const first = run(WALKED + GADGETS, true);
    expect(first.results[0]![0]).toBe(false);
    const [marker] = walkedSize();
    expect(walkedSize()).toHaveLength(1);
    expect(marker).toBeLessThan(100);
    const second = run(WALKED + GADGETS, true);
    expect(second.probes).toBeGreaterThan(0);
    expect(walkedSize()).toHaveLength(1);
    expect(walkedSize()[0]).toBeGreaterThan(marker! * 5);
    const third = run(WALKED + GADGETS, true);
    expect(third.probes).toBe(0);
    expect([second.results, third.results]).toEqual([first.results, first.results]);
    expect(existsSync(path.join(dir, 'validators'))).toBe(false);
    useValidatorDiskCache(undefined); // the webhook: compiled by ajv
    expect(run(WALKED + GADGETS).results).toEqual(first.results);
  });

  it('used by more resources than LEVELS_MAX_USES, is normalised whole and stored on the first run', () => {
    const dir = temp('kubelint-crd-source-');
    useValidatorDiskCache({ dir, secret: randomBytes(32), version: 'test' });
    const many = Array.from({ length: LEVELS_MAX_USES }, (_, i) => `---\napiVersion: tools.example.org/v2\nkind: Gadget\nmetadata: {name: g${i}}\nspec: {size: ${i}}\n`).join('');
    const first = run(WALKED + GADGETS + many);
    expect(first.results).toHaveLength(LEVELS_MAX_USES + 2);
    expect(run(WALKED + GADGETS + many, true).probes).toBe(0);
  });

  it('is never an unusable schema: that one is reported on every run', () => {
    useValidatorDiskCache({ dir: temp('kubelint-crd-source-'), secret: randomBytes(32), version: 'test' });
    const broken = CRD.replace('mode: {type: string, enum: [fast, slow]}', 'mode: {$ref: "http://elsewhere/x"}');
    for (let i = 0; i < 2; i++) {
      const { problems, results } = run(broken + GADGETS);
      expect([problems, results]).toEqual([[expect.stringContaining('version v2 has an unusable schema')], []]);
    }
  });
});
