// A large namespace's cross-resource rules read objects cut down to the fields they declare
// (src/engine/rego-project.ts). The proof that nothing they read is cut: every such rule, evaluated
// ALONE (so only its own fields are kept) with every namespace split, finds exactly what one
// evaluation of whole objects finds, on every fixture.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { packagePath } from '../../src/config/paths.js';
import type { Check, RuleInfo } from '../../src/engine/check.js';
import { createRegoCheck, ruleCatalogue } from '../../src/engine/rego.js';
import { isCrossResource } from '../../src/engine/rego-chunks.js';
import { Projector } from '../../src/engine/rego-project.js';
import type { Resource } from '../../src/types.js';
import type { WorkloadKind } from '../../src/workloads/kinds.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';
import { namespacedRuleFixtures, ruleFixtures } from '../helpers/namespaced-fixtures.js';

const rule = (fields: string[] | undefined): RuleInfo => ({ id: 'r', title: 't', description: 'd', severity: 'warning', origin: 'rego', scope: 'batch', reads: ['Service'], ...(fields ? { fields } : {}) });

describe('Projector', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' }, annotations: { a: 'b' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' }, annotations: { c: 'd' } },
        spec: {
          serviceAccountName: 'web',
          containers: [
            { name: 'web', image: 'web:1', ports: [{ name: 'http', containerPort: 80 }], env: [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } }] },
            { name: 'side', image: 'side:1' },
          ],
        },
      },
    },
  };

  it('keeps kind, apiVersion, name and namespace, the declared paths, and podspec./podmeta. where the kind keeps them', () => {
    const p = Projector.for([rule(['podspec.containers.*.ports', 'podmeta.labels', 'spec.replicas'])], [])!;
    expect(p.project(deployment)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { replicas: 3, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ ports: [{ name: 'http', containerPort: 80 }] }, {}] } } },
    });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'web' }, annotations: { x: 'y' } }, spec: { containers: [{ name: 'c', ports: [] }] } };
    expect(p.project(pod)).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'web' } }, spec: { containers: [{ ports: [] }] } });
    const cronJob = { kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { metadata: { labels: { a: 'b' } }, spec: { restartPolicy: 'Never' } } } } } };
    expect(p.project(cronJob)).toEqual({ kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { metadata: { labels: { a: 'b' } }, spec: {} } } } } });
  });

  it('keeps a workload\'s pod spec as an object even when no field of it is declared (lib.workloads lists only those)', () => {
    const p = Projector.for([rule(['spec.replicas'])], [])!;
    expect((p.project(deployment).spec as { template: unknown }).template).toEqual({ spec: {} });
    // Not a workload kind: no pod spec is made up.
    expect(p.project({ kind: 'Service', metadata: { name: 's' }, spec: { template: { spec: { a: 1 } } } })).toEqual({ kind: 'Service', metadata: { name: 's' }, spec: {} });
  });

  it('keeps array elements in place (paths into them stay right) and values of an unexpected type whole', () => {
    const p = Projector.for([rule(['podspec.containers.*.env.*.valueFrom'])], [])!;
    const containers = (p.project(deployment) as any).spec.template.spec.containers;
    expect(containers).toEqual([{ env: [{}, { valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } }] }, {}]);
    const odd = { kind: 'Deployment', metadata: { name: 'x' }, spec: { template: { spec: { containers: 'not a list' } } } };
    expect(p.project(odd)).toEqual(odd);
  });

  it('merges what several rules read, a whole path winning over its parts, a named key also keeping what * keeps', () => {
    const p = Projector.for([rule(['spec.a.*.x', 'spec.a.k.y']), rule(['spec.b.c', 'spec.b'])], [])!;
    const object = { kind: 'Thing', metadata: { name: 't' }, spec: { a: { k: { x: 1, y: 2, z: 3 }, l: { x: 4, y: 5 } }, b: { c: 1, d: 2 } } };
    expect(p.project(object)).toEqual({ kind: 'Thing', metadata: { name: 't' }, spec: { a: { k: { x: 1, y: 2 }, l: { x: 4 } }, b: { c: 1, d: 2 } } });
  });

  it('leaves custom workload kinds whole, and is not made when a rule declares no fields', () => {
    const custom = [{ apiVersion: 'example.com/v1', kind: 'Rollout', podSpecPath: ['spec', 'template', 'spec'], podLabelsPath: ['spec', 'template', 'metadata', 'labels'], longRunning: true, resource: 'rollouts' }] as WorkloadKind[];
    const rollout = { apiVersion: 'example.com/v1', kind: 'Rollout', metadata: { name: 'r' }, spec: { strategy: { canary: {} } } };
    expect(Projector.for([rule(['spec.replicas'])], custom)!.project(rollout)).toBe(rollout);
    expect(Projector.for([rule(['spec.replicas']), rule(undefined)], [])).toBeUndefined();
  });

  it('every bundled rule that compares objects across a namespace declares its fields', () => {
    ensurePoliciesBuilt();
    const cross = ruleCatalogue().filter(isCrossResource);
    expect(cross.length).toBeGreaterThan(10);
    expect(cross.filter((r) => !r.fields).map((r) => r.id)).toEqual([]);
  });
});

function resource(object: Record<string, any>): Resource {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace, object, basePath: [] };
}

const job = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'jobs' }, spec: { ...spec, template: { metadata: { labels: { app: name } }, spec: { restartPolicy: 'Never', containers: [{ name, image: 'x:1' }] } } } });
const service = (name: string, selector: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'jobs' }, spec: { selector, ports: [{ port: 80 }] } });

/** Selectors that name labels a Job's controller sets: whether they select depends on fields the fixtures never set. */
const CONTROLLER_LABELS: Resource[] = [
  job('indexed', { completionMode: 'Indexed' }),
  service('indexed', { app: 'indexed', 'batch.kubernetes.io/job-completion-index': '0' }),
  job('manual', { manualSelector: true, selector: { matchLabels: { app: 'manual' } } }),
  service('manual', { app: 'manual', 'controller-uid': 'abc' }),
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'jobs' },
    spec: { schedule: '0 0 * * *', jobTemplate: { spec: { completionMode: 'Indexed', template: { metadata: { labels: { app: 'nightly' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'n', image: 'x:1' }] } } } } },
  },
  service('nightly', { app: 'nightly', 'batch.kubernetes.io/job-completion-index': '1' }),
].map(resource);

describe('every cross-resource rule alone finds the same on projected objects', () => {
  let batches: Resource[][];
  let split: Check;
  let whole: Check;
  beforeAll(async () => {
    ensurePoliciesBuilt();
    // As the files say (many relations across files in "default"), and one namespace per file.
    batches = [await ruleFixtures(), await namespacedRuleFixtures(), CONTROLLER_LABELS];
    // split 0: every namespace is a large one, so every cross rule reads projected objects only.
    split = await createRegoCheck({ from: 0, size: 5, split: 0 });
    whole = await createRegoCheck({ from: Infinity, size: 0 }, { prune: false });
  });

  it.each(ruleCatalogue().filter(isCrossResource).map((r) => r.id))('%s', (id) => {
    const config = { ...defaultConfig(packagePath()), presets: ['all'] };
    const ctx = { config, ruleFilter: (r: RuleInfo) => r.id === id };
    for (const batch of batches) expect(split.run(batch, ctx)).toEqual(whole.run(batch, ctx));
  });

  it('the controller-label batch tells the Job fields apart: only the manual selector dangles', () => {
    const config = { ...defaultConfig(packagePath()), presets: ['all'] };
    const dangling = split.run(CONTROLLER_LABELS, { config, ruleFilter: (r) => r.id === 'selector-dangling' });
    expect(dangling.map((v) => v.resource?.name)).toEqual(['manual']);
  });

  it('the fixtures exercise the rules: each finds something', () => {
    const config = { ...defaultConfig(packagePath()), presets: ['all'] };
    const found = new Set(split.run(batches[0]!, { config }).map((v) => v.ruleId));
    const silent = ruleCatalogue().filter((r) => isCrossResource(r) && !found.has(r.id)).map((r) => r.id);
    expect(silent).toEqual([]);
  });
});
