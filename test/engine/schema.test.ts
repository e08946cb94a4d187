// The schema check on Resource objects built in the test (no source text, so no positions).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { createSchemaCheck, SCHEMA_RULES } from '../../src/engine/schema.js';
import type { Resource, Violation } from '../../src/types.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/schema');

function config(schema: Partial<ResolvedConfig['schema']> = {}, kubernetesVersion = '1.36'): ResolvedConfig {
  const base = defaultConfig(ROOT);
  return { ...base, kubernetesVersion, schema: { ...base.schema, ...schema } };
}

function resource(object: Record<string, unknown>): Resource {
  const metadata = (object.metadata ?? {}) as { name?: string };
  return { apiVersion: String(object.apiVersion), kind: String(object.kind), name: metadata.name ?? 'x', object, basePath: [] };
}

function run(objects: Array<Record<string, unknown>>, cfg: ResolvedConfig = config()) {
  const check = createSchemaCheck(cfg);
  return check.run(objects.map(resource), { config: cfg }).map((v: Violation) => ({ ruleId: v.ruleId, path: v.path, message: v.message, severity: v.severity }));
}

function deployment(spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'web' }) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      ...spec,
    },
  };
}

describe('rules', () => {
  it('declares the four schema rules with their default severities', () => {
    expect(SCHEMA_RULES.map((r) => [r.id, r.severity, r.origin])).toEqual([
      ['schema', 'error', 'schema'],
      ['no-schema', 'warning', 'schema'],
      ['api-removed', 'error', 'schema'],
      ['api-deprecated', 'warning', 'schema'],
    ]);
  });
});

describe('schema violations', () => {
  it('accepts a valid Deployment', () => {
    expect(run([deployment({ replicas: 2 })])).toEqual([]);
  });

  it('reports a wrong type with the value', () => {
    expect(run([deployment({ replicas: '2' })])).toEqual([
      { ruleId: 'schema', path: ['spec', 'replicas'], message: 'spec.replicas: expected integer, got string "2"', severity: undefined },
    ]);
  });

  it('points a missing required field at its parent', () => {
    const d = deployment({});
    (d.spec.template.spec as { containers: unknown[] }).containers = [{ image: 'nginx' }];
    expect(run([d])).toEqual([
      {
        ruleId: 'schema',
        path: ['spec', 'template', 'spec', 'containers', 0],
        message: 'spec.template.spec.containers[0]: missing required field "name"',
        severity: undefined,
      },
    ]);
  });

  it('rejects unknown fields when strict and accepts them when relaxed', () => {
    const d = deployment({ foo: 1 });
    expect(run([d]).map((v) => [v.path, v.message])).toEqual([[['spec', 'foo'], 'spec.foo: unknown field "foo"']]);
    expect(run([d], config({ strict: false }))).toEqual([]);
  });

  it('reports one violation for an int-or-string of the wrong type (no anyOf noise)', () => {
    const d = deployment({ strategy: { rollingUpdate: { maxSurge: true, maxUnavailable: '25%' } } });
    expect(run([d]).map((v) => v.message)).toEqual([
      'spec.strategy.rollingUpdate.maxSurge: expected integer or string, got boolean true',
    ]);
  });

  it('accepts explicit null on optional fields but not on required ones', () => {
    const d = deployment({ replicas: null, strategy: null, paused: null }, { name: 'web', labels: null });
    expect(run([d])).toEqual([]);
    expect(run([deployment({ selector: null })]).map((v) => v.message)).toEqual(['spec.selector: expected object, got null']);
  });

  it('checks quantities: numbers and unit strings pass, bad units fail', () => {
    const pod = (limits: Record<string, unknown>) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', image: 'x', resources: { limits } }] },
    });
    expect(run([pod({ cpu: 1, memory: '128Mi' }), pod({ cpu: 0.5, memory: '1e9' }), pod({ cpu: '250m' })])).toEqual([]);
    expect(run([pod({ memory: '1GB' })]).map((v) => v.message)).toEqual([
      'spec.containers[0].resources.limits.memory: string "1GB" is not a valid quantity (e.g. 500m, 1.5, 128Mi, 1Gi)',
    ]);
  });

  it('quotes keys that are not identifiers and hints at quoting numbers meant as strings', () => {
    const d = deployment({}, { name: 'web', labels: { 'app.kubernetes.io/version': 1.2 } });
    expect(run([d]).map((v) => [v.path, v.message])).toEqual([
      [
        ['metadata', 'labels', 'app.kubernetes.io/version'],
        'metadata.labels["app.kubernetes.io/version"]: expected string, got number 1.2 (quote it to keep it a string)',
      ],
    ]);
  });

  it('validates formats: base64 Secret data and int32 ranges', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { ok: 'aGVsbG8=', bad: 'not base64!' } };
    expect(run([secret]).map((v) => v.message)).toEqual(['data.bad: string "not base64!" is not valid base64']);
    expect(run([deployment({ replicas: 2 ** 40 })]).map((v) => v.message)).toEqual([
      'spec.replicas: integer 1099511627776 is outside the 32-bit integer range',
    ]);
  });

  it('validates the CustomResourceDefinition kind itself (recursive schema)', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'things.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { kind: 'Thing', plural: 'things' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { deep: { type: 'object', properties: { leaf: { type: 7 } } } } } } } } }],
      },
    };
    expect(run([crd]).map((v) => v.message)).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.deep.properties.leaf.type: expected string, got integer 7 (quote it to keep it a string)',
    ]);
  });
});

describe('no-schema', () => {
  const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };

  it('warns by default and follows schema.missingSchema', () => {
    expect(run([widget])).toEqual([{ ruleId: 'no-schema', path: ['kind'], message: 'no schema for example.com/v1 Widget', severity: 'warning' }]);
    expect(run([widget], config({ missingSchema: 'error' }))[0]?.severity).toBe('error');
    expect(run([widget], config({ missingSchema: 'off' }))).toEqual([]);
  });

  it('says when a built-in kind only arrives in a later version', () => {
    const vac = { apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttributesClass', metadata: { name: 'v' }, driverName: 'd' };
    expect(run([vac], config({}, '1.30')).map((v) => v.message)).toEqual([
      'no schema for storage.k8s.io/v1 VolumeAttributesClass (not served by Kubernetes 1.30; first served in 1.34)',
    ]);
    expect(run([vac], config({}, '1.36'))).toEqual([]);
  });
});

describe('API lifecycle', () => {
  const named = (apiVersion: string, kind: string, extra: Record<string, unknown> = {}) => ({ apiVersion, kind, metadata: { name: 'n' }, ...extra });

  it.each([
    ['policy/v1beta1', 'PodDisruptionBudget', 'policy/v1beta1 PodDisruptionBudget is not served by Kubernetes 1.36 (removed in 1.25); use policy/v1 PodDisruptionBudget'],
    ['extensions/v1beta1', 'Ingress', 'extensions/v1beta1 Ingress is not served by Kubernetes 1.36 (removed in 1.22); use networking.k8s.io/v1 Ingress'],
    ['extensions/v1beta1', 'Deployment', 'extensions/v1beta1 Deployment is not served by Kubernetes 1.36 (removed in 1.16); use apps/v1 Deployment'],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'autoscaling/v2beta2 HorizontalPodAutoscaler is not served by Kubernetes 1.36 (removed in 1.26); use autoscaling/v2 HorizontalPodAutoscaler'],
    ['batch/v1beta1', 'CronJob', 'batch/v1beta1 CronJob is not served by Kubernetes 1.36 (removed in 1.25); use batch/v1 CronJob'],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is not served by Kubernetes 1.36 (removed in 1.32); use flowcontrol.apiserver.k8s.io/v1 FlowSchema'],
    ['admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicy is not served by Kubernetes 1.36 (removed in 1.34); use admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy'],
    ['policy/v1beta1', 'PodSecurityPolicy', 'policy/v1beta1 PodSecurityPolicy is not served by Kubernetes 1.36 (removed in 1.25); use Pod Security Admission'],
    ['batch/v2alpha1', 'CronJob', 'batch/v2alpha1 CronJob is not served by Kubernetes 1.36 (removed in 1.21); use batch/v1 CronJob'],
    ['resource.k8s.io/v1alpha2', 'ResourceClaim', 'resource.k8s.io/v1alpha2 ResourceClaim is not served by Kubernetes 1.36 (removed in 1.31); use resource.k8s.io/v1 ResourceClaim'],
  ])('%s %s is removed', (apiVersion, kind, message) => {
    expect(run([named(apiVersion, kind)])).toEqual([{ ruleId: 'api-removed', path: ['apiVersion'], message, severity: undefined }]);
  });

  it('warns about APIs deprecated in the target version, naming the removal and replacement', () => {
    expect(run([named('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', { spec: { priorityLevelConfiguration: { name: 'x' } } })], config({}, '1.30')).map((v) => [v.ruleId, v.message])).toEqual([
      ['api-deprecated', 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is deprecated in Kubernetes 1.30 (removed in 1.32); use flowcontrol.apiserver.k8s.io/v1 FlowSchema'],
    ]);
    expect(run([named('v1', 'Endpoints')], config({}, '1.33')).map((v) => v.ruleId)).toEqual(['api-deprecated']);
    expect(run([named('v1', 'Endpoints')], config({}, '1.32'))).toEqual([]);
  });

  it('treats a pre-release API superseded by a more stable one in the target as deprecated', () => {
    const claim = named('resource.k8s.io/v1beta1', 'DeviceClass', { spec: {} });
    expect(run([claim], config({}, '1.36')).map((v) => v.message)).toEqual([
      'resource.k8s.io/v1beta1 DeviceClass is deprecated in Kubernetes 1.36; use resource.k8s.io/v1 DeviceClass',
    ]);
  });
});

describe('custom resources', () => {
  const crd = (openAPIV3Schema: Record<string, unknown>, served = true) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gadgets.example.com' },
    spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Gadget', plural: 'gadgets' }, versions: [{ name: 'v1', served, storage: true, schema: { openAPIV3Schema } }] },
  });
  const gadget = (spec: unknown, metadata: Record<string, unknown> = { name: 'g' }) => ({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata, spec });
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        anyOf: [{ required: ['a'] }, { required: ['b'] }],
        properties: {
          a: { type: 'string' },
          b: { type: 'string', enum: ['x', 'y', 'x'] },
          n: { type: 'integer', nullable: true, minimum: 1 },
          free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    },
  };

  it('validates instances against the CRD in the batch, ObjectMeta included', () => {
    expect(run([crd(schema), gadget({ a: 'ok', n: null, free: { any: [1] } })])).toEqual([]);
    expect(run([crd(schema), gadget({ a: 'ok' }, { name: 'g', labels: { x: 1 } })]).map((v) => v.message)).toEqual([
      'metadata.labels.x: expected string, got integer 1 (quote it to keep it a string)',
    ]);
  });

  it('explains anyOf-of-required, enum, minimum and unknown fields', () => {
    const messages = run([crd(schema), gadget({ b: 'z', n: 0, extra: true })]).map((v) => v.message);
    expect(messages).toEqual(['spec.b: string "z" is not one of "x", "y"', 'spec.extra: unknown field "extra"', 'spec.n: must be >= 1']);
    expect(run([crd(schema), gadget({ n: 2 })]).map((v) => v.message)).toEqual(['spec: missing one of the fields "a", "b"']);
  });

  it('keeps ObjectMeta fields valid when a CRD narrows metadata.name', () => {
    const narrowed = { type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } }, spec: { type: 'object' } } };
    expect(run([crd(narrowed), gadget({}, { name: 'short', labels: { a: 'b' } })])).toEqual([]);
    expect(run([crd(narrowed), gadget({}, { name: 'much-too-long' })]).map((v) => v.message)).toEqual(['metadata.name: must NOT have more than 5 characters']);
  });

  it('reports no-schema for versions that are not served', () => {
    expect(run([crd(schema, false), gadget({ a: 'x' })]).map((v) => v.ruleId)).toEqual(['no-schema']);
  });

  it('reports an unusable CRD schema instead of crashing', () => {
    const bad = { type: 'object', properties: { spec: { type: 'string', pattern: '([' } } };
    const result = run([crd(bad), gadget('x')]);
    expect(result).toHaveLength(1);
    expect(result[0]!.ruleId).toBe('schema');
    expect(result[0]!.message).toMatch(/^cannot use the schema from CustomResourceDefinition gadgets\.example\.com: /);
    // The shared validators still work after a failed compile.
    expect(run([deployment({ replicas: '2' })]).map((v) => v.ruleId)).toEqual(['schema']);
  });

  it('reports a value the validator cannot compare instead of crashing the run', () => {
    // ajv's deep equal (enums of objects) calls a value's own toString/valueOf key: a mapping with
    // such a key (a YAML `toString: 1`) threw, and the whole run ended in an internal error.
    const objects = { type: 'object', properties: { spec: { type: 'object', properties: { e: { enum: [{ a: 1 }, 'x'] } } } } };
    const result = run([crd(objects), gadget({ e: { toString: 1 } }), gadget({ e: { a: 2 } }, { name: 'h' })]);
    expect(result.map((v) => [v.ruleId, v.message])).toEqual([
      ['schema', 'cannot validate against the schema from CustomResourceDefinition gadgets.example.com: a.toString is not a function'],
      ['schema', 'spec.e: object is not one of {"a":1}, "x"'],
    ]);
  });
});

describe('schema folders', () => {
  const dirs = config({ schemaDirs: ['schema-dirs'] });
  const widget = (spec: unknown) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });

  it('finds {group}/{kind}_{version}.json relative to config.root', () => {
    expect(run([widget({ size: 3, mode: 'fast', port: 'http' })], dirs)).toEqual([]);
    expect(run([widget({ mode: 'slow' })], dirs).map((v) => v.message)).toEqual([
      'spec: missing required field "size"',
      'spec.mode: string "slow" is not one of "fast", "safe"',
    ]);
  });

  it('reports an unreadable schema file on the resource', () => {
    const gizmo = { apiVersion: 'broken.example.com/v1', kind: 'Gizmo', metadata: { name: 'g' } };
    const [violation] = run([gizmo], dirs);
    expect(violation?.ruleId).toBe('schema');
    expect(violation?.message).toMatch(/^schema .*broken\.example\.com\/gizmo_v1\.json is not usable: /);
  });
});

describe('kubernetesVersion', () => {
  it('is an error naming the bundled versions when unknown', () => {
    expect(() => createSchemaCheck(config({}, '1.29'))).toThrow(
      'kubernetesVersion "1.29" has no bundled schemas; bundled versions: 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36',
    );
  });
});

describe('schema bundles generated from a cluster (npm run schemas -- --input ... --out dir)', () => {
  const cfg = config({ schemaDirs: ['cluster-bundle'] });
  const cronTab = (spec: unknown) => ({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'c' }, spec });

  it('validates kinds the bundled schemas lack against the folder bundle of the target version', () => {
    expect(run([cronTab({ cronSpec: '* * * * */5', port: 'http', replicas: null })], cfg)).toEqual([]);
    expect(run([cronTab({ replicas: '3', colour: 'red' })], cfg).map((v) => v.message)).toEqual([
      'spec: missing required field "cronSpec"',
      'spec.colour: unknown field "colour"',
      'spec.replicas: expected integer, got string "3"',
    ]);
  });

  it('ignores a folder bundle of another version', () => {
    expect(run([cronTab({ cronSpec: 'x' })], config({ schemaDirs: ['cluster-bundle'] }, '1.35')).map((v) => v.ruleId)).toEqual(['no-schema']);
  });
});
