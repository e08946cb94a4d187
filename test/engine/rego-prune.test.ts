// The bundled rules get objects cut down to what they can read (src/engine/rego-prune.ts). The
// proof that nothing they read is cut: every rule, evaluated ALONE (so only its own declared kinds
// are kept whole), finds exactly the same on every fixture and on a cluster dump full of what is cut
// (status, managedFields, payloads, CRDs, custom resources), with and without pruning.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { packagePath } from '../../src/config/paths.js';
import type { Check, RuleInfo } from '../../src/engine/check.js';
import { createRegoCheck, ruleCatalogue } from '../../src/engine/rego.js';
import { buildInput, InputParts } from '../../src/engine/rego-input.js';
import { Pruner } from '../../src/engine/rego-prune.js';
import type { Resource } from '../../src/types.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';
import { ruleFixtures } from '../helpers/namespaced-fixtures.js';

function resource(object: Record<string, any>): Resource {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace, object, basePath: [] };
}

const managedFields = [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } }];

/** What `kubectl get -o yaml` of a namespace gives: status, managedFields, payloads, a CRD and its objects. */
const DUMP: Resource[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' }, managedFields },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web', 'bad key/x/y': 'v' } },
        spec: { containers: [{ name: 'web', image: 'web:latest', envFrom: [{ configMapRef: { name: 'web-config' } }, { secretRef: { name: 'gone' } }] }] },
      },
    },
    status: { replicas: 1, readyReplicas: 1, conditions: [{ type: 'Available', status: 'True' }] },
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'shop', managedFields }, data: { 'app.properties': 'password=hunter2\n' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-tls', namespace: 'shop' }, type: 'kubernetes.io/tls', stringData: { 'tls.key': 'x' }, data: { 'tls.crt': 'eA==' } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'nothing' }, ports: [{ port: 80, targetPort: 'http' }] }, status: { loadBalancer: {} } },
  {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com', labels: { 'Bad Label': 'x' } },
    spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] },
    status: { acceptedNames: { kind: 'Widget' } },
  },
  { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'shop', annotations: { owner: 'x' } }, spec: { size: 3 }, status: { phase: 'Ready' } },
  {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'w', namespace: 'shop' },
    spec: { scaleTargetRef: { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' }, minReplicas: 1, maxReplicas: 2 },
  },
].map(resource);

describe('Pruner', () => {
  const rules = [
    { id: 'a', kinds: ['Deployment'], scope: 'resource' },
    { id: 'b', kinds: ['Service'], scope: 'batch', reads: ['ConfigMap', 'Secret'] },
    { id: 'off', kinds: ['CustomResourceDefinition'], scope: 'resource' },
  ] as RuleInfo[];
  const kinds = [{ apiVersion: 'example.com/v1', kind: 'Widget', podSpecPath: ['spec', 'template', 'spec'], podLabelsPath: ['spec', 'template', 'metadata', 'labels'] }];
  const pruner = new Pruner(rules, ['a', 'b'], kinds as never);
  const byKind = (kind: string) => DUMP.find((r) => r.kind === kind)!.object;

  it('keeps apiVersion, kind and metadata of a kind no enabled rule names', () => {
    expect(pruner.prune(byKind('CustomResourceDefinition'))).toEqual({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: byKind('CustomResourceDefinition').metadata });
    expect(pruner.prune(byKind('HorizontalPodAutoscaler'))).toEqual({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'w', namespace: 'shop' } });
  });

  it('cuts status, managedFields and ConfigMap/Secret payloads from the kinds it keeps, and leaves the object itself alone', () => {
    const deployment = byKind('Deployment');
    const cut = pruner.prune(deployment);
    expect(cut).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } }, spec: deployment.spec });
    expect(deployment.status).toBeDefined();
    expect((deployment.metadata as Record<string, unknown>).managedFields).toBe(managedFields);
    expect(pruner.prune(byKind('ConfigMap'))).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'shop' } });
    expect(pruner.prune(byKind('Secret'))).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-tls', namespace: 'shop' }, type: 'kubernetes.io/tls' });
  });

  it('hands over the same object when nothing is cut, and custom workload kinds whole', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {} };
    expect(pruner.prune(service)).toBe(service);
    expect(pruner.prune(byKind('Widget'))).toBe(byKind('Widget'));
  });

  it('is off unless asked for: users\' rules (contract-check) get whole objects', () => {
    const config = defaultConfig('/');
    const user = [{ id: 'u', title: 't', description: 'd', severity: 'warning', origin: 'user', kinds: ['Service'] }] as RuleInfo[];
    expect(buildInput(DUMP, user, {}, { config }).resources.map((r) => r.object)).toEqual(DUMP.map((r) => r.object));
    expect(buildInput(DUMP, user, {}, { config }, new InputParts(user, {}, true)).resources.map((r) => r.object)).not.toEqual(DUMP.map((r) => r.object));
  });
});

describe('every rule alone finds the same on pruned input', () => {
  let fixtures: Resource[];
  let pruned: Check;
  let whole: Check;
  beforeAll(async () => {
    ensurePoliciesBuilt();
    fixtures = await ruleFixtures();
    pruned = await createRegoCheck();
    whole = await createRegoCheck(undefined, { prune: false });
  });

  it.each(ruleCatalogue().map((r) => r.id))('%s', (id) => {
    const config = { ...defaultConfig(packagePath()), presets: ['all'] };
    const ctx = { config, ruleFilter: (r: RuleInfo) => r.id === id };
    for (const batch of [fixtures, DUMP]) {
      const expected = whole.run(batch, ctx);
      expect(pruned.run(batch, ctx)).toEqual(expected);
    }
  });

  it('the dump exercises what is cut: findings on objects that lose fields', () => {
    const config = { ...defaultConfig(packagePath()), presets: ['all'] };
    const found = new Set(pruned.run(DUMP, { config }).map((v) => `${v.ruleId} ${v.resource?.kind}`));
    for (const expected of ['label-syntax CustomResourceDefinition', 'label-syntax Deployment', 'config-reference-missing Deployment', 'selector-dangling Service']) {
      expect(found).toContain(expected);
    }
  });
});
