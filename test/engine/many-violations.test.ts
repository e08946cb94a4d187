// A check may return more violations than a call can take as arguments: 10,000 bare Deployments
// in one namespace with `--preset all` give the Rego check ~130,000, and spreading them into
// push() ended the run (and so would as many unused suppression comments) with "internal error: Maximum call stack size exceeded".
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import type { Check } from '../../src/engine/check.js';
import { createLinter } from '../../src/engine/engine.js';
import type { Suppressor } from '../../src/engine/suppress.js';
import { identifyResources } from '../../src/load/resources.js';
import { parseManifestText } from '../../src/load/yaml.js';
import type { Finding } from '../../src/types.js';

const COUNT = 300_000;

/** One violation per number, all on the first resource's name. */
const floodCheck: Check = {
  rules: [{ id: 'test-flood', title: 't', description: 'd', severity: 'warning', origin: 'builtin' }],
  run: (batch) => Array.from({ length: COUNT }, (_, i) => ({ ruleId: 'test-flood', message: `violation ${i}`, resource: batch[0]!, path: ['metadata', 'name'] })),
};

describe('a check with hundreds of thousands of violations', () => {
  it('gives every one of them as a finding', () => {
    const parsed = parseManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flood\n', { kind: 'file', name: 'in.yaml' });
    const { resources } = identifyResources(parsed.manifests);
    const findings = createLinter([floodCheck]).lint(resources, { config: defaultConfig('/'), problems: [] });
    expect(findings).toHaveLength(COUNT);
    expect(findings[0]).toMatchObject({ ruleId: 'test-flood', path: 'metadata.name', range: { line: 4, column: 3 } });
    expect(new Set(findings.map((f) => f.message)).size).toBe(COUNT);
  }, 60_000);

  it('gives every unused suppression as a finding', () => {
    const parsed = parseManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: quiet\n', { kind: 'file', name: 'in.yaml' });
    const { resources } = identifyResources(parsed.manifests);
    const unused: Finding[] = Array.from({ length: COUNT }, (_, i) => ({ ruleId: 'unused-suppression', severity: 'warning', message: `unused ${i}`, file: 'in.yaml' }));
    const suppressor = (): Suppressor => ({ apply: (_violation, finding) => finding, unused: () => unused });
    const findings = createLinter([], suppressor).lint(resources, { config: defaultConfig('/'), problems: [] });
    expect(findings.filter((f) => f.ruleId === 'unused-suppression')).toHaveLength(COUNT);
  }, 60_000);
});
