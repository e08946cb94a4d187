// The cross-resource pass of a run that reports on some objects only (src/engine/cross-pass.ts):
// the rules that can report on a reported object's kind, and of the other objects those they read.
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { packagePath } from '../../src/config/paths.js';
import type { RuleInfo } from '../../src/engine/check.js';
import { crossResourcePass } from '../../src/engine/cross-pass.js';
import { ruleCatalogue } from '../../src/engine/rego.js';
import type { Resource } from '../../src/types.js';

const object = (apiVersion: string, kind: string, name: string): Resource => ({
  apiVersion,
  kind,
  name,
  namespace: kind === 'Namespace' || kind === 'ClusterRole' ? undefined : 'shop',
  object: { apiVersion, kind, metadata: { name } },
  basePath: [],
});
const deployment = object('apps/v1', 'Deployment', 'web');
const configMap = object('v1', 'ConfigMap', 'cfg');
const service = object('v1', 'Service', 'web');
const namespace = object('v1', 'Namespace', 'shop');
const clusterRole = object('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader');
const rollout = object('argoproj.io/v1alpha1', 'Rollout', 'canary');
const batch = [deployment, configMap, service, namespace, clusterRole, rollout];

describe('crossResourcePass', () => {
  let config: ResolvedConfig;
  let rules: RuleInfo[];
  beforeAll(async () => {
    config = await resolveConfig({ cwd: packagePath(), configFile: false });
    rules = ruleCatalogue();
  });
  const names = (resources: readonly Resource[]) => resources.map((r) => r.name);
  const onlyReported = (...reported: Resource[]) => (r: Resource) => reported.includes(r);

  it('runs nothing when no cross-resource rule reports on the reported kinds', () => {
    const pass = crossResourcePass(batch, onlyReported(configMap), rules, { config });
    expect(pass.batch).toEqual([]);
    expect(rules.filter(pass.ruleFilter)).toEqual([]);
  });

  it('gives the rules reporting on a Deployment the kinds they read, not the others', () => {
    const pass = crossResourcePass(batch, onlyReported(deployment), rules, { config });
    expect(names(pass.batch)).toEqual(['web', 'cfg', 'web', 'shop']);
    const on = rules.filter(pass.ruleFilter).map((r) => r.id);
    expect(on).toContain('config-reference-missing');
    expect(on).not.toContain('service-target-port'); // reports on Services
    expect(on.every((id) => rules.find((r) => r.id === id)!.scope === 'batch')).toBe(true);
  });

  it('gives the same filter object for the same rules, batch after batch (the Rego input keeps its enabled rules per filter)', () => {
    const first = crossResourcePass(batch, onlyReported(deployment), rules, { config });
    const again = crossResourcePass([deployment, configMap], onlyReported(deployment), rules, { config });
    expect(again.ruleFilter).toBe(first.ruleFilter);
    const other = crossResourcePass(batch, onlyReported(service), rules, { config });
    expect(other.ruleFilter).not.toBe(first.ruleFilter);
    expect(rules.filter(other.ruleFilter)).not.toEqual(rules.filter(first.ruleFilter));
  });

  it('gives a rule that reads any kind the whole batch', () => {
    const all = { ...config, rules: { ...config.rules, 'selector-dangling': { severity: 'warning' as const } } };
    expect(names(crossResourcePass(batch, onlyReported(service), rules, { config: all }).batch)).toEqual(names(batch));
  });

  it('treats a custom workload kind as pods and Deployments are treated, reading and reported', () => {
    const custom = {
      ...config,
      workloadKinds: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', podSpecPath: ['spec', 'template', 'spec'], podLabelsPath: ['spec', 'template', 'metadata', 'labels'], longRunning: true, resource: 'rollouts' }],
    };
    const reportedRollout = crossResourcePass(batch, onlyReported(rollout), rules, { config: custom });
    expect(rules.filter(reportedRollout.ruleFilter).map((r) => r.id)).toContain('config-reference-missing');
    expect(names(crossResourcePass(batch, onlyReported(service), rules, { config: custom }).batch)).toContain('canary');
  });
});
