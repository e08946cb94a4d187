// InputParts keeps what an input derives from the config and the rule filter: an input built
// with it must equal one built afresh, whichever configs, filters and batches come in between.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import type { RuleInfo } from '../../src/engine/check.js';
import { buildInput, InputParts } from '../../src/engine/rego-input.js';
import type { Resource } from '../../src/types.js';

const rule = (over: Partial<RuleInfo>): RuleInfo => ({ id: 'x', title: 't', description: 'd', severity: 'warning', origin: 'rego', ...over });
const RULES = [
  rule({ id: 'pdb-required', presets: { recommended: { severity: 'error' }, strictish: { severity: 'error', options: { minReplicas: 3 } } } }),
  rule({ id: 'label-syntax' }),
  rule({ id: 'pss-privileged', podSecurity: { control: 'privileged', level: 'baseline' }, presets: { 'pss-baseline': { severity: 'error' } } }),
];
const DEFAULTS = { 'pdb-required': { minReplicas: 2 } };

function resource(object: Record<string, any>): Resource {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, object, basePath: [] };
}
const POD = resource({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'apps' } });
const LABELLED = resource({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } });

describe('InputParts', () => {
  it('gives the inputs buildInput computes afresh, per config object and rule filter', () => {
    const parts = new InputParts(RULES, DEFAULTS);
    const base = defaultConfig('/');
    const configs = [base, { ...base, presets: ['strictish'] }, { ...base, rules: { 'label-syntax': { severity: 'off' as const } } }];
    const filters = [undefined, (r: RuleInfo) => r.id !== 'pdb-required', (r: RuleInfo) => r.id === 'pss-privileged'];
    const batches = [[POD], [POD, LABELLED], []];
    // Twice over, so the second round reads what the first one kept.
    for (let round = 0; round < 2; round++) {
      for (const config of configs) {
        for (const ruleFilter of filters) {
          for (const batch of batches) {
            const ctx = { config, ...(ruleFilter ? { ruleFilter } : {}) };
            expect(buildInput(batch, RULES, DEFAULTS, ctx, parts)).toEqual(buildInput(batch, RULES, DEFAULTS, ctx));
          }
        }
      }
    }
  });

  it('turns the Pod Security controls on only for a batch with a labelled Namespace', () => {
    const parts = new InputParts(RULES, DEFAULTS);
    const config = defaultConfig('/');
    expect(buildInput([POD], RULES, DEFAULTS, { config }, parts).enabled).not.toContain('pss-privileged');
    expect(buildInput([POD, LABELLED], RULES, DEFAULTS, { config }, parts).enabled).toContain('pss-privileged');
    expect(buildInput([POD], RULES, DEFAULTS, { config }, parts).enabled).not.toContain('pss-privileged');
  });
});
