import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';
import { defaultConfig } from '../../src/config/defaults.js';
import type { ResolvedConfig, RuleSetting } from '../../src/config/types.js';
import type { Check } from '../../src/engine/check.js';
import { existingPrefix, loadRegoCheck, ruleCatalogue } from '../../src/engine/rego.js';
import type { Resource } from '../../src/types.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';

function resource(object: Record<string, unknown>): Resource {
  const metadata = object.metadata as { name: string; namespace?: string };
  return {
    apiVersion: String(object.apiVersion ?? 'v1'),
    kind: String(object.kind),
    name: metadata.name,
    ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
    object,
    basePath: [],
  };
}

function config(rules: Record<string, RuleSetting> = {}, defaultNamespace = 'default'): ResolvedConfig {
  return { ...defaultConfig('/tmp'), rules, defaultNamespace };
}

const goodContainer = {
  name: 'app',
  image: 'registry.example:5000/app:1.2.3',
  ports: [{ name: 'http', containerPort: 8080 }],
  securityContext: {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } },
  livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
  readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
};

function deployment(name: string, replicas: number, container: Record<string, unknown>, namespace?: string): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: namespace ? { name, namespace } : { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { automountServiceAccountToken: false, containers: [container] } },
    },
  };
}

const denyAll = (namespace?: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: namespace ? { name: 'default-deny', namespace } : { name: 'default-deny' },
  spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] },
});

let check: Check;
beforeAll(async () => {
  ensurePoliciesBuilt();
  check = await loadRegoCheck();
});

describe('loadRegoCheck', () => {
  it('provides the whole catalogue, marked as rego rules', () => {
    const ids = check.rules.map((r) => r.id).sort();
    // One catalogue entry per rule package under policies/rules (the file name with - for _).
    const packages = readdirSync(packagePath('policies', 'rules'))
      .filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'))
      .map((f) => f.slice(0, -'.rego'.length).replaceAll('_', '-'))
      .sort();
    expect(ids).toEqual(packages);
    expect(ids).toEqual(expect.arrayContaining(['pdb-required', 'no-host-path', 'rbac-wildcard']));
    expect(check.rules.every((r) => r.origin === 'rego')).toBe(true);
    expect(check.rules.find((r) => r.id === 'pdb-required')).toMatchObject({ severity: 'error', scope: 'batch' });
    expect(check.rules.find((r) => r.id === 'no-host-path')).toMatchObject({ severity: 'warning', scope: 'resource' });
    expect(ruleCatalogue()).toEqual(check.rules);
  });

  it('loads the policy once per process', async () => {
    expect(await loadRegoCheck()).toBe(check);
  });

  it('reports nothing for a compliant batch', () => {
    const batch = [resource(deployment('web', 1, goodContainer)), resource(denyAll())];
    expect(check.run(batch, { config: config() })).toEqual([]);
  });

  it('maps results to the batch resource and trims paths to the closest existing field', () => {
    const { readOnlyRootFilesystem: _, ...sc } = goodContainer.securityContext;
    const batch = [resource(denyAll()), resource(deployment('web', 1, { ...goodContainer, securityContext: sc }))];
    const violations = check.run(batch, { config: config() });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toEqual({
      ruleId: 'read-only-root-filesystem',
      message:
        'container "app" of Deployment "web" does not set securityContext.readOnlyRootFilesystem: true; set it and mount an emptyDir for paths it writes to',
      resource: batch[1],
      path: ['spec', 'template', 'spec', 'containers', 0, 'securityContext'],
      missing: ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'readOnlyRootFilesystem'],
    });
  });

  it('skips rules set to off, and runs nothing when every rule is off', () => {
    const batch = [resource(deployment('web', 1, { name: 'bare', image: 'nginx' }))];
    const all = check.run(batch, { config: config() }).map((v) => v.ruleId);
    expect(all).toContain('image-tag-pinned');
    const some = check.run(batch, { config: config({ 'image-tag-pinned': { severity: 'off' } }) }).map((v) => v.ruleId);
    expect(some).not.toContain('image-tag-pinned');
    expect(some.length).toBe(all.length - 1);
    const off = Object.fromEntries(check.rules.map((r) => [r.id, { severity: 'off' as const }]));
    expect(check.run(batch, { config: config(off) })).toEqual([]);
  });

  it('passes rule options, with schema defaults where unset', () => {
    const adding = { ...goodContainer, securityContext: { ...goodContainer.securityContext, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'NET_RAW'] } } };
    const batch = [resource(deployment('web', 1, adding)), resource(denyAll())];
    const byDefault = check.run(batch, { config: config() });
    expect(byDefault.map((v) => [v.ruleId, v.path?.at(-1)])).toEqual([['no-added-capabilities', 1]]);
    const configured = check.run(batch, { config: config({ 'no-added-capabilities': { options: { allowed: ['NET_RAW'] } } }) });
    expect(configured.map((v) => [v.ruleId, v.path?.at(-1)])).toEqual([['no-added-capabilities', 0]]);
  });

  it('uses the configured default namespace for resources that name none', () => {
    const batch = [resource(deployment('web', 1, goodContainer, 'team')), resource(denyAll())];
    expect(check.run(batch, { config: config() }).map((v) => v.ruleId)).toEqual(['networkpolicy-egress']);
    expect(check.run(batch, { config: config({}, 'team') })).toEqual([]);
  });

  it('pdb-required counts an HPA and honours the minReplicas option', () => {
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 6 },
    };
    const batch = [resource(deployment('web', 1, goodContainer)), resource(denyAll()), resource(hpa)];
    const found = check.run(batch, { config: config() });
    expect(found.map((v) => [v.ruleId, v.resource?.name, v.path])).toEqual([['pdb-required', 'web', ['metadata', 'name']]]);
    expect(check.run(batch, { config: config({ 'pdb-required': { options: { minReplicas: 4 } } }) })).toEqual([]);
  });

  it('renders numbers in messages as OPA does (wasm-native json.marshal, no host sprintf)', () => {
    const fractional = { ...goodContainer, resources: { requests: { cpu: 0.75, memory: '1Gi' }, limits: { cpu: 0.5, memory: '1Gi' } } };
    const batch = [resource(deployment('web', 1, fractional)), resource(denyAll())];
    const [violation] = check.run(batch, { config: config() });
    expect(violation?.message).toBe(
      'container "app" of Deployment "web" sets resources.limits.cpu (0.5) below resources.requests.cpu (0.75); raise the limit or lower the request',
    );
    expect(violation?.path).toEqual(['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'cpu']);
  });

  it('evaluates a large batch in one go with cross-resource results intact', () => {
    const batch = [resource(denyAll())];
    for (let i = 0; i < 300; i++) batch.push(resource(deployment(`web-${i}`, i % 2 ? 2 : 1, goodContainer)));
    const violations = check.run(batch, { config: config() });
    // Odd ones run 2 replicas without a PDB; nothing else is wrong.
    expect(violations.map((v) => v.ruleId)).toEqual(Array(150).fill('pdb-required'));
    expect(violations.map((v) => v.resource?.name)).toEqual(Array.from({ length: 150 }, (_, k) => `web-${2 * k + 1}`));
  });

  it('returns nothing for an empty batch', () => {
    expect(check.run([], { config: config() })).toEqual([]);
  });
});

describe('existingPrefix', () => {
  const object = { spec: { containers: [{ name: 'a', securityContext: {} }] } };
  it('keeps a path that exists', () => {
    expect(existingPrefix(object, ['spec', 'containers', 0, 'name'])).toEqual(['spec', 'containers', 0, 'name']);
  });
  it('stops at the last existing segment', () => {
    expect(existingPrefix(object, ['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'])).toEqual(['spec', 'containers', 0, 'securityContext']);
    expect(existingPrefix(object, ['spec', 'containers', 3, 'image'])).toEqual(['spec', 'containers']);
    expect(existingPrefix(object, ['status'])).toEqual([]);
  });
});
