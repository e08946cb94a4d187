// Custom workload kinds (config `workloadKinds`) get every pod rule, count in the cross-resource
// rules (a Service or PDB selecting their pods is not dangling) and are watched by the webhook.
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';
import { ConfigError, resolveConfig } from '../../src/config/load.js';
import { lint } from '../../src/index.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import { inventoryKinds, staticInventory } from '../../src/webhook/inventory.js';
import { createAdmissionPolicy } from '../../src/webhook/policy.js';
import { parseReview } from '../../src/webhook/review.js';
import { createReview, resource } from '../webhook/helpers.js';
import { ensurePoliciesBuilt } from './policy-build.js';

const FILE = packagePath('fixtures', 'workload-kinds', 'rollout.yaml');
const workloadKinds = [
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', podSpecPath: 'spec.template.spec', replicasPath: 'spec.replicas' },
  { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'CloneSet', podSpecPath: 'spec.template.spec', replicasPath: 'spec.replicas' },
];

async function findings(overrides: Record<string, unknown>) {
  ensurePoliciesBuilt();
  const report = await lint([FILE], { configFile: false, cwd: packagePath(), overrides });
  return report.findings.filter((f) => !f.fatal && f.ruleId !== 'no-schema');
}

const at = (f: { ruleId: string; range?: { line: number; column: number } }) => `${f.ruleId}@${f.range?.line}:${f.range?.column}`;

describe('config workloadKinds', () => {
  it('pod rules and cross-resource rules see the declared kinds, at exact positions', async () => {
    const found = (await findings({ workloadKinds })).map(at);
    expect(found).toContain('no-privileged@18:13');
    expect(found).toContain('image-tag-pinned@34:11');
    // Three replicas and no PDB selects the Rollout's pods; the CloneSet has one.
    expect(found).toContain('pdb-required@7:3');
    expect(found.filter((f) => f.startsWith('pdb-required'))).toHaveLength(1);
    expect(found.filter((f) => f.startsWith('selector-dangling'))).toEqual([]);
  });

  it('without the declaration the kinds are invisible to the pod rules and their Service dangles', async () => {
    const found = (await findings({})).map(at);
    expect(found.filter((f) => f.startsWith('no-privileged') || f.startsWith('image-tag-pinned'))).toEqual([]);
    expect(found).toContain('selector-dangling@41:3');
  });

  it('the webhook watches them', async () => {
    const config = await resolveConfig({ cwd: packagePath(), configFile: false, overrides: { workloadKinds } });
    expect(inventoryKinds(config).slice(-2)).toEqual([
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', resource: 'rollouts' },
      { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'CloneSet', resource: 'clonesets' },
    ]);
  });

  it('admission reviews of a declared kind get the pod rules', async () => {
    ensurePoliciesBuilt();
    const config = await resolveConfig({ cwd: packagePath(), configFile: false, overrides: { workloadKinds } });
    const linter = await getLinter();
    const rollout = resource({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'canary', namespace: 'shop' },
      spec: { replicas: 1, template: { metadata: { labels: { app: 'canary' } }, spec: { containers: [{ name: 'app', image: 'r.example/a:1', securityContext: { privileged: true } }] } } },
    });
    const policy = createAdmissionPolicy({ linter, config, inventory: staticInventory([]), exemptNamespaces: new Set() });
    const decision = policy.decide(parseReview(createReview(rollout, 'u1')));
    expect(decision.violations.map((v) => v.ruleId)).toContain('no-privileged');
    const undeclared = createAdmissionPolicy({ linter, config: { ...config, workloadKinds: [] }, inventory: staticInventory([]), exemptNamespaces: new Set() });
    expect(undeclared.decide(parseReview(createReview(rollout, 'u2'))).violations.map((v) => v.ruleId)).not.toContain('no-privileged');
  });

  it('refuses redeclaring a built-in kind, and a malformed path', async () => {
    await expect(resolveConfig({ configFile: false, overrides: { workloadKinds: [{ apiVersion: 'apps/v1', kind: 'Deployment', podSpecPath: 'spec.template.spec' }] } })).rejects.toThrow(
      new ConfigError('command line: workloadKinds[0]: Deployment is a built-in workload kind; declare only custom ones'),
    );
    await expect(resolveConfig({ configFile: false, overrides: { workloadKinds: [{ apiVersion: 'x/v1', kind: 'X', podSpecPath: 'spec..spec' }] } })).rejects.toThrow(/workloadKinds\/0\/podSpecPath|workloadKinds\.0\.podSpecPath/);
  });
});
