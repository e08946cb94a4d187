// Quantities and percentages the compiled policy reads as numbers (policies/lib/quantity.rego,
// pdb_allows_eviction.rego). The wasm to_number takes text such as "1e", "e5", "." or "E" for a
// number that aborts the whole evaluation once compared ("opa_number_to_bf: invalid number"),
// which `opa test` (topdown: such text is no number) cannot show: a typo in one manifest stopped
// the run with an internal error. Such text is no quantity; every other finding stays.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import type { Resource } from '../../src/types.js';
import { ensurePoliciesBuilt } from './policy-build.js';

const MALFORMED = ['1e', 'E', 'e5', '1.5e', '1e+', '1e-', '.', '-.', '-', '1eMi', '-E', '-m', '.e5'];

function resource(object: Record<string, any>): Resource {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: 'default', object, basePath: [] };
}

function deployment(name: string, replicas: number, containers: unknown[]): Resource {
  return resource({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers } } },
  });
}

const container = (name: string, limit: unknown, request: unknown) => ({ name, image: 'x:1', resources: { limits: { cpu: limit, memory: '1Gi' }, requests: { cpu: request } } });

describe('malformed numbers in the compiled policy', () => {
  it('resource-limits compares well-formed quantities and passes over malformed ones', async () => {
    ensurePoliciesBuilt();
    const linter = await getLinter();
    const config = defaultConfig(process.cwd());
    const containers = MALFORMED.flatMap((q, i) => [container(`a${i}`, q, '1'), container(`b${i}`, '1', q)]);
    // Well-formed ones still compared, the odd-looking but decimal ones included.
    containers.push(container('low', '500m', '1'), container('dot', '.5', '1'), container('zeros', '010m', '1'), container('exp', '1e-1', '200m'), container('ok', '2', '1'));
    const findings = linter.lint([deployment('web', 1, containers)], { config, ruleFilter: (r) => r.id === 'resource-limits' });
    const below = findings.filter((f) => f.message.includes('below resources.requests')).map((f) => f.path).sort();
    expect(below).toEqual(['spec.template.spec.containers[26].resources.limits.cpu', 'spec.template.spec.containers[27].resources.limits.cpu', 'spec.template.spec.containers[28].resources.limits.cpu', 'spec.template.spec.containers[29].resources.limits.cpu']);
  });

  it('pdb-allows-eviction passes over a malformed percentage', async () => {
    ensurePoliciesBuilt();
    const linter = await getLinter();
    const config = defaultConfig(process.cwd());
    const pdb = (name: string, minAvailable: string) =>
      resource({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec: { minAvailable, selector: { matchLabels: { app: 'web' } } } });
    const batch = [deployment('web', 2, [container('c', '1', '1')]), pdb('typo', '1e%'), pdb('dot', '.%'), pdb('high', '90%')];
    const findings = linter.lint(batch, { config, ruleFilter: (r) => r.id === 'pdb-allows-eviction' });
    expect(findings.map((f) => f.resource?.name)).toEqual(['high']);
  });
});
