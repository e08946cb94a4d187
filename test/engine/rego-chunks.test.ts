// A large batch is evaluated a few namespaces at a time (rego.ts namespaceChunks), and a large
// namespace in pieces (rego-chunks.ts evaluationUnits). Cross-resource rules only look inside a
// namespace, so the findings must be exactly those of one evaluation.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { packagePath } from '../../src/config/paths.js';
import type { RuleInfo } from '../../src/engine/check.js';
import { createRegoCheck, namespaceChunks, ruleCatalogue } from '../../src/engine/rego.js';
import { crossGroups, evaluationUnits, groupKinds, isCrossResource } from '../../src/engine/rego-chunks.js';
import { WasmEvaluator } from '../../src/policy/wasm-evaluator.js';
import type { Resource } from '../../src/types.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';
import { namespacedRuleFixtures } from '../helpers/namespaced-fixtures.js';

function named(namespace: string | undefined, name: string): Resource {
  const metadata = namespace === undefined ? { name } : { name, namespace };
  return { apiVersion: 'v1', kind: 'ConfigMap', name, namespace, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata }, basePath: [] };
}

describe('namespaceChunks', () => {
  const batch = [named('a', '1'), named(undefined, '2'), named('b', '3'), named('a', '4'), named('', '5'), named('c', '6'), named('default', '7')];

  it('keeps a small batch whole', () => {
    expect([...namespaceChunks(batch, 'default', { from: 8, size: 2 })]).toEqual([undefined]);
  });

  it('keeps each namespace together (unset and empty mean the default namespace) and packs namespaces up to the size', () => {
    // a: 0,3 · default: 1,4,6 · b: 2 · c: 5
    expect([...namespaceChunks(batch, 'default', { from: 0, size: 3 })]).toEqual([[0, 3], [1, 4, 6], [2, 5]]);
    expect([...namespaceChunks(batch, 'default', { from: 0, size: 1 })]).toEqual([[0, 3], [1, 4, 6], [2], [5]]);
    expect([...namespaceChunks(batch, 'other', { from: 0, size: 100 })]).toEqual([[0, 3, 1, 4, 2, 5, 6]]);
  });
});

describe('chunked Rego evaluation', () => {
  let resources: Resource[];
  beforeAll(async () => {
    ensurePoliciesBuilt();
    resources = await namespacedRuleFixtures();
  });

  it('finds exactly what one evaluation of the whole batch finds, in the same order', async () => {
    const config = defaultConfig(packagePath());
    const whole = (await createRegoCheck({ from: Infinity, size: 0 })).run(resources, { config });
    const oneNamespaceEach = (await createRegoCheck({ from: 0, size: 1 })).run(resources, { config });
    const namespaces = new Set(resources.map((r) => r.namespace ?? 'default'));
    expect(namespaces.size).toBeGreaterThan(5);
    expect(whole.filter((v) => v.ruleId === 'pdb-required' || v.ruleId === 'selector-dangling').length).toBeGreaterThan(5);
    expect(oneNamespaceEach).toEqual(whole);
  });
});

describe('evaluationUnits', () => {
  const ns = (name: string): Resource => ({ apiVersion: 'v1', kind: 'Namespace', name, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, basePath: [] });
  // big: 0,1,3,4,5 (its Namespace object at 3) · small: 2,6
  const batch = [named('big', '1'), named('big', '2'), named('small', '3'), ns('big'), named('big', '4'), named('big', '5'), named('small', '6')];
  const both = { local: true, crossGroups: [undefined, undefined] };

  it('splits a namespace larger than `split`: position pieces carrying its Namespace objects, one projected unit per cross-resource group', () => {
    expect([...evaluationUnits(batch, 'default', { from: 0, size: 2, split: 4 }, both)]).toEqual([
      { members: [0, 1], context: [3], rules: 'local' },
      { members: [3, 4], rules: 'local' },
      { members: [5], context: [3], rules: 'local' },
      { members: [0, 1, 3, 4, 5], rules: 'cross', group: 0 },
      { members: [0, 1, 3, 4, 5], rules: 'cross', group: 1 },
      { members: [2, 6], rules: 'all' },
    ]);
  });

  it('leaves out the pieces of a set of rules with none enabled, and keeps namespaces up to `split` (or without one) whole', () => {
    expect([...evaluationUnits(batch, 'default', { from: 0, size: 2, split: 4 }, { local: false, crossGroups: [undefined] })].map((u) => u.rules)).toEqual(['cross', 'all']);
    expect([...evaluationUnits(batch, 'default', { from: 0, size: 2, split: 4 }, { local: true, crossGroups: [] })].map((u) => u.rules)).toEqual(['local', 'local', 'local', 'all']);
    expect([...evaluationUnits(batch, 'default', { from: 0, size: 10, split: 5 }, both)]).toEqual([{ members: [0, 1, 3, 4, 5, 2, 6], rules: 'all' }]);
    expect([...evaluationUnits(batch, 'default', { from: 0, size: 3 }, both)]).toEqual([{ members: [0, 1, 3, 4, 5], rules: 'all' }, { members: [2, 6], rules: 'all' }]);
    expect([...evaluationUnits(batch, 'default', { from: 8, size: 1, split: 1 }, both)]).toEqual([{ rules: 'all' }]);
  });

  it('gives a cross group only the objects of its kinds, and no evaluation when the namespace has none', () => {
    const kinds = { local: false, crossGroups: [new Set(['Namespace']), new Set(['Service']), new Set(['ConfigMap', 'Secret'])] };
    expect([...evaluationUnits(batch, 'default', { from: 0, size: 2, split: 4 }, kinds)]).toEqual([
      { members: [3], rules: 'cross', group: 0 },
      { members: [0, 1, 4, 5], rules: 'cross', group: 2 },
      { members: [2, 6], rules: 'all' },
    ]);
  });
});

describe('crossGroups', () => {
  it('gives rules that need the same input (kinds and fields) one evaluation, the others one each, in catalogue order', () => {
    ensurePoliciesBuilt();
    const cross = ruleCatalogue().filter(isCrossResource);
    const groups = crossGroups(cross).map((group) => group.map((r) => r.id));
    expect(groups).toContainEqual(['networkpolicy-dns', 'networkpolicy-egress']); // the same kinds and fields
    expect(groups).toContainEqual(['networkpolicy-peer-dangling']); // the same kinds, other fields
    expect(groups).toContainEqual(['selector-dangling']);
    expect(groups.flat().sort()).toEqual(cross.map((r) => r.id).sort());
    expect(groups.map((g) => g[0])).toEqual(cross.map((r) => r.id).filter((id) => groups.some((g) => g[0] === id)));
  });
});

describe('groupKinds', () => {
  const rule = (kinds: string[] | undefined, reads: string[] | undefined): RuleInfo => ({ id: 'r', title: 't', description: 'd', severity: 'warning', origin: 'rego', scope: 'batch', ...(kinds ? { kinds } : {}), ...(reads ? { reads } : {}) });

  it('is what the rules report on or read, with the custom workload kinds; undefined when a rule may touch any kind', () => {
    expect(groupKinds([rule(['Ingress'], ['Service']), rule(['Service'], ['Pod'])], ['Rollout'])).toEqual(new Set(['Rollout', 'Ingress', 'Service', 'Pod']));
    expect(groupKinds([rule(['Service'], ['*'])], [])).toBeUndefined();
    expect(groupKinds([rule([], ['Service'])], [])).toBeUndefined(); // kinds [] reports on any kind
    expect(groupKinds([rule(['Service'], undefined)], [])).toBeUndefined(); // no reads: any
  });
});

/** An application namespace of `apps` apps (Deployment, Service, PDB, NetworkPolicy, ConfigMap each), some references broken. */
function oneNamespace(apps: number): Resource[] {
  const objects: Record<string, any>[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } },
  ];
  for (let i = 0; i < apps; i++) {
    const app = `app-${i}`;
    const meta = (name: string) => ({ name, namespace: 'shop', labels: { app } });
    const container = { name: app, image: `registry.example.com/${app}:1.0.${i}`, ports: [{ name: 'http', containerPort: 8080 }], envFrom: [{ configMapRef: { name: i % 7 === 0 ? `gone-${i}` : app } }], securityContext: { privileged: i % 13 === 0 } };
    objects.push(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(app), spec: { replicas: 1 + (i % 4), selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [container] } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: meta(app), spec: { selector: { app: i % 11 === 0 ? `other-${i}` : app }, ports: [{ port: 80, targetPort: i % 5 === 0 ? 'web' : 'http' }] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(app), data: { 'app.yaml': `port: ${i}` } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(app), spec: { podSelector: { matchLabels: { app } }, policyTypes: ['Egress'], egress: i % 3 === 0 ? [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }] : [{ ports: [{ port: 53, protocol: 'UDP' }] }] } },
    );
    if (i % 2 === 0) objects.push({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(app), spec: { maxUnavailable: 1, selector: { matchLabels: { app: i % 6 === 0 ? 'nobody' : app } } } });
  }
  return objects.map((object) => ({ apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace, object, basePath: [] }));
}

describe('one large namespace', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is evaluated in pieces of at most 400 whole objects, the cross-resource rules on projected objects, with the findings of one evaluation', async () => {
    ensurePoliciesBuilt();
    const batch = oneNamespace(260); // 1,171 resources
    const config = { ...defaultConfig(packagePath()), presets: ['all'] };
    const whole = (await createRegoCheck({ from: Infinity, size: 0 })).run(batch, { config });
    const inputs: Array<{ resources: Array<{ object: any }>; enabled: string[] }> = [];
    const evaluate = WasmEvaluator.prototype.evaluate;
    vi.spyOn(WasmEvaluator.prototype, 'evaluate').mockImplementation(function (this: WasmEvaluator, input: Uint8Array, entrypoint: string) {
      inputs.push(JSON.parse(new TextDecoder().decode(input)));
      return evaluate.call(this, input, entrypoint);
    });
    const pieces = (await createRegoCheck()).run(batch, { config });
    expect(pieces).toEqual(whole);
    const byRule = (id: string) => whole.filter((v) => v.ruleId === id).length;
    for (const id of ['selector-dangling', 'config-reference-missing', 'service-target-port', 'networkpolicy-dns', 'pss-privileged']) expect(byRule(id)).toBeGreaterThan(5);

    const image = (o: any) => o.spec?.template?.spec?.containers?.[0]?.image;
    const projected = inputs.filter((i) => i.resources.every((r) => image(r.object) === undefined));
    const local = inputs.filter((i) => !projected.includes(i));
    // One evaluation per group of cross-resource rules, each of the kinds its rules touch only.
    const groups = crossGroups(ruleCatalogue().filter((r) => isCrossResource(r) && inputs.some((i) => i.enabled.includes(r.id))));
    expect(projected).toHaveLength(groups.length);
    const counts = new Map<string, number>();
    for (const r of batch) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
    for (const input of projected) {
      const kinds = groupKinds(ruleCatalogue().filter((r) => input.enabled.includes(r.id)), []);
      const expected = kinds ? [...counts].filter(([kind]) => kinds.has(kind)).reduce((n, [, c]) => n + c, 0) : batch.length;
      expect(input.resources).toHaveLength(expected);
    }
    const ingress = projected.find((i) => i.enabled.includes('networkpolicy-ingress'))!;
    expect(new Set(ingress.resources.map((r) => r.object.kind))).toEqual(new Set(['Deployment', 'NetworkPolicy']));
    expect(local.length).toBe(3);
    for (const input of local) expect(input.resources.length).toBeLessThanOrEqual(401); // a piece and the Namespace
    // The rules are split: Pod Security and per-resource rules in the pieces, each cross-resource one once.
    const cross = new Set(ruleCatalogue().filter(isCrossResource).map((r: RuleInfo) => r.id));
    const crossOn = projected.flatMap((i) => i.enabled);
    expect(crossOn.every((id) => cross.has(id))).toBe(true);
    expect(new Set(crossOn).size).toBe(crossOn.length);
    expect(local.every((i) => i.enabled.includes('pss-privileged') && !i.enabled.includes('selector-dangling'))).toBe(true);
  });
});
