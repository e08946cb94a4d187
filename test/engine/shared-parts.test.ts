// Many findings share their display paths and resource references (engine/shared-parts.ts): one
// copy per lint call instead of one per finding, with every report unchanged.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import type { Check } from '../../src/engine/check.js';
import { createLinter } from '../../src/engine/engine.js';
import { SharedParts } from '../../src/engine/shared-parts.js';
import { identifyResources } from '../../src/load/resources.js';
import { parseManifestText } from '../../src/load/yaml.js';
import type { Violation } from '../../src/types.js';

const deployments = (n: number) =>
  Array.from({ length: n }, (_, i) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: shop
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: nginx
`).join('---\n');

/** Three findings per Deployment, each with its own path array, as a Rego result gives them. */
function threeFindings(): Check {
  return {
    rules: ['t-image', 't-limits', 't-odd'].map((id) => ({ id, title: 't', description: 'd', severity: 'warning' as const, origin: 'builtin' as const })),
    run(batch) {
      const out: Violation[] = batch.flatMap((resource) => [
        { ruleId: 't-image', message: `${resource.name} image`, resource, path: ['spec', 'template', 'spec', 'containers', 0, 'image'] },
        { ruleId: 't-limits', message: `${resource.name} limits`, resource, path: ['spec', 'template', 'spec', 'containers', 0], missing: ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits'] },
        // Look-alike paths that must stay apart: a key "0" is not the item 0, a key "a.b" is not a then b.
        { ruleId: 't-odd', message: `${resource.name} odd`, resource, path: resource.name.endsWith('0') ? ['metadata', 'a.b'] : ['metadata', 'a', 'b'] },
      ]);
      return out;
    },
  };
}

function lint(n: number) {
  const parsed = parseManifestText(deployments(n), { kind: 'file', name: 'in.yaml' });
  const findings = createLinter([threeFindings()]).lintBatches([{ resources: identifyResources(parsed.manifests).resources, problems: [] }], { config: defaultConfig('/') });
  return { findings };
}

describe('shared parts of findings', () => {
  it('gives the findings of one resource one reference to it', () => {
    const { findings } = lint(12);
    expect(findings).toHaveLength(36);
    const ofFirst = findings.filter((f) => f.resource?.name === 'app-0');
    expect(ofFirst).toHaveLength(3);
    expect(ofFirst[1]!.resource).toBe(ofFirst[0]!.resource);
    expect(ofFirst[0]!.resource).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'app-0', namespace: 'shop' });
    expect(findings.filter((f) => f.resource?.name === 'app-1')[0]!.resource).not.toBe(ofFirst[0]!.resource);
  });

  it('keeps every finding where and what it was', () => {
    const { findings } = lint(12);
    const first = findings.filter((f) => f.resource?.name === 'app-0' || f.resource?.name === 'app-1');
    expect(first.map((f) => [f.ruleId, f.path, f.range?.line, f.range?.column])).toEqual([
      // Missing, metadata.a.b and metadata["a.b"] fall back to metadata, each shown as written.
      ['t-odd', 'metadata["a.b"]', 3, 1],
      ['t-limits', 'spec.template.spec.containers[0]', 11, 11],
      ['t-image', 'spec.template.spec.containers[0].image', 12, 11],
      ['t-odd', 'metadata.a.b', 16, 1],
      ['t-limits', 'spec.template.spec.containers[0]', 24, 11],
      ['t-image', 'spec.template.spec.containers[0].image', 25, 11],
    ]);
  });

  it('keeps look-alike paths apart', () => {
    const parts = new SharedParts();
    expect(parts.shownPath(['spec', 0])).toBe('spec[0]');
    expect(parts.shownPath(['spec', '0'])).toBe('spec["0"]');
    expect(parts.shownPath(['a.b'])).toBe('["a.b"]');
    expect(parts.shownPath(['a', 'b'])).toBe('a.b');
    expect(parts.shownPath(['spec', 0])).toBe('spec[0]');
  });
});
