// Custom resources checked as the API server checks them beyond their JSON schema: duplicates in
// lists of x-kubernetes-list-type map or set (src/engine/schema-crd-lists.ts, rule schema), and
// deprecated CRD versions (src/engine/schema-crd-deprecation.ts, rule api-deprecated). The CLI
// reports them alike on a first run (levels), a second (normalised whole, stored) and a third
// (the stored walker): three fresh processes sharing one cache folder.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { crdDeprecationWarning } from '../../src/engine/schema-crd-deprecation.js';
import { duplicateListItems, listTypesOf } from '../../src/engine/schema-crd-lists.js';
import { compareKubeAwareVersions } from '../../src/engine/api-lifecycle.js';
import { createSchemaCheck } from '../../src/engine/schema.js';
import type { JsonSchema } from '../../src/schemas/normalize.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const HERE = path.join(import.meta.dirname, 'schema-crd-checks');
const FILE = 'test/engine/schema-crd-checks/manifests/gizmos.yaml';

const MAP = 'the list is x-kubernetes-list-type map keyed by';
const SET = 'the list is x-kubernetes-list-type set; the API server refuses it';
/** Every finding of the three rules on manifests/, as the CLI reports them (file, line, column). */
const EXPECTED = [
  ['api-validation', 'test/engine/schema-crd-checks/manifests/builtin.yaml', 17, 11, 'container name "app" is refused by the API server: Duplicate value (container names must be unique across init, regular and ephemeral containers of a pod)'],
  ['schema', FILE, 12, 7, `spec.ports[2]: duplicate key {"name":"http"}: ${MAP} name; the API server refuses it`],
  ['schema', FILE, 18, 7, `spec.endpoints[1]: duplicate key {"host":"a.example","protocol":"TCP"}: ${MAP} host, protocol; the API server refuses it`],
  ['schema', FILE, 23, 28, `spec.endpoints[3].rules[2]: duplicate value "allow": ${SET}`],
  ['schema', FILE, 24, 23, `spec.tags[2]: duplicate value "blue": ${SET}`],
  ['schema', FILE, 24, 29, `spec.tags[3]: duplicate value "green": ${SET}`],
  ['schema', FILE, 26, 14, `spec.matrix[0][2]: duplicate value 1: ${SET}`],
  ['schema', FILE, 31, 16, `spec.zones.east[1]: duplicate value "z1": ${SET}`],
  ['schema', FILE, 35, 7, `spec.selectors[1]: duplicate value {"value":"b","key":"a"}: ${SET}`],
  ['schema', FILE, 48, 25, `spec.versions[3]: duplicate value 2: ${SET}`],
  ['api-deprecated', FILE, 53, 1, 'lab.example.net/v1beta2 Gizmo is deprecated; use lab.example.net/v1 Gizmo'],
  ['schema', FILE, 59, 13, `spec.tags[1]: duplicate value "x": ${SET}`],
  ['api-deprecated', FILE, 61, 1, 'lab.example.net/v1alpha1 Gizmo goes away in 2027: move to v1'],
  ['api-deprecated', FILE, 75, 1, 'lab.example.net/v1beta1 Relic is deprecated'],
];

type Finding = { ruleId: string; file: string | null; line: number | null; column: number | null; message: string };

/** The built CLI in a fresh process: nothing in memory, what the cache folder holds is all a run reuses. */
function freshRun(cacheDir: string): Array<Array<string | number | null>> {
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubelint.js'), '--no-config', '--format', 'json', 'test/engine/schema-crd-checks/manifests'], {
    cwd: REPO_ROOT,
    env: { ...process.env, KUBELINT_CACHE_DIR: cacheDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const report = JSON.parse(run.stdout) as { findings: Finding[] };
  return report.findings.filter((f) => ['schema', 'api-deprecated', 'api-validation', 'no-schema'].includes(f.ruleId)).map((f) => [f.ruleId, f.file, f.line, f.column, f.message]);
}

describe('the CLI on a CRD with list types and deprecated versions', () => {
  it('reports every duplicate and deprecated version on the first, second and third run alike', () => {
    const cacheDir = temp('kubelint-crd-checks-');
    const first = freshRun(cacheDir);
    expect(first).toEqual(EXPECTED);
    const second = freshRun(cacheDir);
    // The second run normalised Gizmo v1 whole and stored its walker; the third reads it.
    expect(readdirSync(path.join(cacheDir, 'walked')).length).toBeGreaterThan(0);
    expect(second).toEqual(EXPECTED);
    expect(freshRun(cacheDir)).toEqual(EXPECTED);
  });
});

const list = (extra: JsonSchema): JsonSchema => ({ type: 'object', properties: { spec: { type: 'object', properties: { l: { type: 'array', ...extra } } } } });
const problems = (schema: JsonSchema, l: unknown[]) => duplicateListItems({ spec: { l } }, listTypesOf(schema)!).map((p) => [p.path.join('.'), p.message.split(':')[1]]);

describe('lists of type map', () => {
  const keyed = (keys: string[], properties: JsonSchema) => list({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys, items: { type: 'object', properties } });

  it('takes a missing key as its default, and a null one as missing unless the key is nullable', () => {
    const schema = keyed(['name', 'proto'], { name: { type: 'string' }, proto: { type: 'string', default: 'TCP' } });
    expect(problems(schema, [{ name: 'a' }, { name: 'a', proto: 'TCP' }, { name: 'a', proto: null }, { name: 'a', proto: 'UDP' }])).toEqual([['spec.l.1', ' duplicate key {"name"']]);
    const nullable = keyed(['name'], { name: { type: 'string', nullable: true } });
    expect(problems(nullable, [{ name: null }, {}, { name: null }])).toEqual([['spec.l.2', ' duplicate key {"name"']]);
  });

  it('counts items without any key (and null items) as one unset key', () => {
    const schema = keyed(['name'], { name: { type: 'string' } });
    const found = duplicateListItems({ spec: { l: [{ port: 1 }, null, { port: 2 }] } }, listTypesOf(schema)!);
    expect(found.map((p) => [p.path, p.message])).toEqual([[['spec', 'l', 1], 'spec.l[1]: duplicate key {} (no key field set): the list is x-kubernetes-list-type map keyed by name; the API server refuses it']]);
  });

  it('leaves a list holding a non-object item, a map without keys and an atomic list unchecked', () => {
    expect(problems(keyed(['name'], {}), [{ name: 'a' }, 'a', { name: 'a' }])).toEqual([]);
    expect(listTypesOf(keyed([], {}))).toBeUndefined();
    expect(listTypesOf(list({ 'x-kubernetes-list-type': 'atomic', items: { type: 'string' } }))).toBeUndefined();
  });

  it('compares keys by type and value, objects whatever their key order', () => {
    const schema = keyed(['k'], {});
    expect(problems(schema, [{ k: 1 }, { k: '1' }, { k: true }, { k: 'true' }, { k: { a: 1, b: 2 } }, { k: { b: 2, a: 1 } }])).toEqual([['spec.l.5', ' duplicate key {"k"']]);
  });
});

describe('lists of type set', () => {
  const set = list({ 'x-kubernetes-list-type': 'set' });

  it('reports each repeated value once, at its second occurrence', () => {
    expect(problems(set, ['a', 'b', 'a', 'a', 'b', 'c'])).toEqual([
      ['spec.l.2', ' duplicate value "a"'],
      ['spec.l.4', ' duplicate value "b"'],
    ]);
  });

  it('never finds NaN equal to NaN (as Go does not)', () => {
    expect(problems(set, [Number.NaN, Number.NaN, null, null])).toEqual([['spec.l.3', ' duplicate value null']]);
  });

  it('finds the same duplicates in a long list (counted in a Map) as in a short one (compared pairwise)', () => {
    const items = ['a', 1, '1', Number.NaN, { k: 1, j: 2 }, [1], 'b', 'c', 'a', Number.NaN, { j: 2, k: 1 }, '[1]', 'a', 1];
    const long = problems(set, items);
    expect(long).toEqual([
      ['spec.l.8', ' duplicate value "a"'],
      ['spec.l.10', ' duplicate value {"j"'],
      ['spec.l.13', ' duplicate value 1'],
    ]);
    expect(problems(set, ['a', { k: 1 }, '{"k":1}', [1], 'a', { k: 1 }, 1, 1])).toEqual([
      ['spec.l.4', ' duplicate value "a"'],
      ['spec.l.5', ' duplicate value {"k"'],
      ['spec.l.7', ' duplicate value 1'],
    ]);
  });

  it('is read once per schema object, and not at all when there is none', () => {
    const schema = list({ 'x-kubernetes-list-type': 'set' });
    expect(listTypesOf(schema)).toBe(listTypesOf(schema));
    expect(listTypesOf({ type: 'object', properties: { spec: { type: 'object' } } })).toBeUndefined();
  });
});

describe('deprecated CRD versions', () => {
  const spec = (versions: JsonSchema[]) => ({ group: 'g.example', names: { kind: 'K' }, versions });

  it('names the most preferred served, non-deprecated version after the deprecated one', () => {
    const versions = [
      { name: 'v1beta1', served: true, deprecated: true },
      { name: 'v2alpha1', served: true },
      { name: 'v1', served: true },
      { name: 'v2', served: false },
      { name: 'v3', served: true, deprecated: true },
      { name: 'v1beta2', served: true },
    ];
    expect(crdDeprecationWarning(spec(versions), versions[0]!)).toBe('g.example/v1beta1 K is deprecated; use g.example/v1 K');
    const older = [{ name: 'v1', served: true, deprecated: true }, { name: 'v1beta1', served: true }, { name: 'foo', served: true }];
    expect(crdDeprecationWarning(spec(older), older[0]!)).toBe('g.example/v1 K is deprecated');
  });

  it('gives the CRD\'s own text, none when it is empty or the version is not deprecated', () => {
    expect(crdDeprecationWarning(spec([]), { name: 'v1', deprecated: true, deprecationWarning: 'gone soon' })).toBe('gone soon');
    expect(crdDeprecationWarning(spec([]), { name: 'v1', deprecated: true, deprecationWarning: '' })).toBeUndefined();
    expect(crdDeprecationWarning(spec([]), { name: 'v1', deprecated: false })).toBeUndefined();
  });

  it('orders versions as Kubernetes does', () => {
    const names = ['foo10', 'v1alpha1', 'v11alpha2', 'foo1', 'v1', 'v10beta3', 'v2', 'v1beta2', 'v12alpha1', 'v3beta1', 'v11beta2'];
    expect([...names].sort((a, b) => compareKubeAwareVersions(b, a))).toEqual(['v2', 'v1', 'v11beta2', 'v10beta3', 'v3beta1', 'v1beta2', 'v12alpha1', 'v11alpha2', 'v1alpha1', 'foo1', 'foo10']);
  });

  it('orders versions with numbers of any size field by field', () => {
    expect(compareKubeAwareVersions('v2beta1', 'v1beta1000')).toBeGreaterThan(0);
    expect(compareKubeAwareVersions('v1beta1', 'v1alpha2000000')).toBeGreaterThan(0);
    expect(compareKubeAwareVersions('v1', 'v0beta1000000000')).toBeGreaterThan(0);
    expect(compareKubeAwareVersions('v1000', 'v999')).toBeGreaterThan(0);
    expect(compareKubeAwareVersions('v3alpha1', 'v3alpha1')).toBe(0);
  });
});

describe('a schema folder', () => {
  it('reads the list types of its per-kind file', () => {
    const base = defaultConfig(HERE);
    const cfg = { ...base, schema: { ...base.schema, schemaDirs: ['schemas'] } };
    const gadget = { apiVersion: 'lab.example.net/v1', kind: 'Gadget', metadata: { name: 'g', namespace: 'lab' }, spec: { slots: [{ slot: 1 }, { slot: 2 }, { slot: 1, size: 'l' }] } };
    const found = createSchemaCheck(cfg).run([{ apiVersion: gadget.apiVersion, kind: gadget.kind, name: 'g', object: gadget, basePath: [] }], { config: cfg });
    expect(found.map((v) => [v.ruleId, v.path, v.message])).toEqual([
      ['schema', ['spec', 'slots', 2], 'spec.slots[2]: duplicate key {"slot":1}: the list is x-kubernetes-list-type map keyed by slot; the API server refuses it'],
    ]);
  });
});

describe('a CRD version without served: true', () => {
  // apiextensions v1's `served` is a Go bool with no default: left out, the version is not served.
  const schema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { teeth: { type: 'integer' } } } } } };
  const versions = [{ name: 'v1beta1', served: true, storage: false, deprecated: true, schema }, { name: 'v1', storage: true, schema }];
  const names = { kind: 'Sprocket', plural: 'sprockets' };
  const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'sprockets.lab.example.net' }, spec: { group: 'lab.example.net', scope: 'Namespaced', names, versions } };
  const resource = (object: JsonSchema & { apiVersion: string; kind: string }) => ({ apiVersion: object.apiVersion, kind: object.kind, name: 's', object, basePath: [] });

  it('does not validate its objects (no-schema) and is not offered as the replacement', () => {
    const cfg = defaultConfig(HERE);
    const older = { apiVersion: 'lab.example.net/v1beta1', kind: 'Sprocket', metadata: { name: 's', namespace: 'lab' }, spec: { teeth: 'many' } };
    const newer = { apiVersion: 'lab.example.net/v1', kind: 'Sprocket', metadata: { name: 's', namespace: 'lab' }, spec: { teeth: 'many' } };
    const batch = [resource(crd), resource(older), resource(newer)];
    const found = createSchemaCheck(cfg).run(batch, { config: cfg }).filter((v) => v.resource !== batch[0]);
    expect(found.map((v) => [v.resource?.apiVersion, v.ruleId, v.message])).toEqual([
      ['lab.example.net/v1beta1', 'schema', 'spec.teeth: expected integer, got string "many"'],
      ['lab.example.net/v1beta1', 'api-deprecated', 'lab.example.net/v1beta1 Sprocket is deprecated'],
      ['lab.example.net/v1', 'no-schema', 'no schema for lab.example.net/v1 Sprocket'],
    ]);
  });
});
