// linter.lint(batch, { config, ruleFilter, knownKinds }): what a caller wants of one call is
// passed with it, never written into the user's resolved config.
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { packagePath } from '../../src/config/paths.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import type { Linter } from '../../src/engine/engine.js';
import { resource } from '../webhook/helpers.js';

let linter: Linter;
let config: ResolvedConfig;

beforeAll(async () => {
  linter = await getLinter();
  config = await resolveConfig({ cwd: packagePath(), configFile: false });
});

const privileged = () =>
  resource({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop', annotations: { 'kubelint.io/ignore': 'no-host-path', 'kubelint.io/ignore-reason': 'a reason' } },
    spec: { containers: [{ name: 'app', image: 'app:1.0', securityContext: { privileged: true } }] },
  });

const hpaFor = (kind: string, apiVersion: string) =>
  resource({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { scaleTargetRef: { apiVersion, kind, name: 'web' }, minReplicas: 2, maxReplicas: 4 },
  });

const ids = (findings: Array<{ ruleId: string }>) => [...new Set(findings.map((f) => f.ruleId))].sort();

describe('per-call lint options', () => {
  it('ruleFilter runs only the rules it accepts, as if the others were off, and leaves the config alone', () => {
    const before = structuredClone(config);
    const all = linter.lint([privileged()], { config });
    expect(ids(all)).toContain('run-as-non-root');
    expect(ids(all)).toContain('no-privileged');
    const only = linter.lint([privileged()], { config, ruleFilter: (r) => r.id === 'no-privileged' });
    expect(ids(only)).toEqual(['no-privileged']);
    expect(only).toEqual(all.filter((f) => f.ruleId === 'no-privileged'));
    // The same as turning every other rule off in the config, the way the webhook used to.
    const rules = Object.fromEntries([...linter.rules.keys()].filter((id) => id !== 'no-privileged').map((id) => [id, { severity: 'off' as const }]));
    expect(linter.lint([privileged()], { config: { ...config, rules } })).toEqual(only);
    expect(config).toEqual(before);
  });

  it('ruleFilter also drops the unused suppressions of the rules it leaves out', () => {
    const all = linter.lint([privileged()], { config });
    expect(ids(all)).toContain('unused-suppression');
    expect(ids(linter.lint([privileged()], { config, ruleFilter: (r) => r.id !== 'unused-suppression' }))).not.toContain('unused-suppression');
  });

  it('fatal rules are never filtered out (lost input is always reported)', () => {
    const problems = [{ ruleId: 'parse-error', message: 'bad', file: 'x.yaml' }];
    const findings = linter.lint([], { config, problems, ruleFilter: () => false });
    expect(findings.map((f) => [f.ruleId, f.severity, f.fatal])).toEqual([['parse-error', 'error', true]]);
  });

  it('knownKinds: a reference to a kind the batch can never hold is not judged', () => {
    const dangling = (findings: Array<{ ruleId: string }>) => findings.filter((f) => f.ruleId === 'selector-dangling').length;
    const batch = [hpaFor('Rollout', 'argoproj.io/v1alpha1')];
    expect(dangling(linter.lint(batch, { config }))).toBe(1);
    expect(dangling(linter.lint(batch, { config, knownKinds: ['Deployment', 'HorizontalPodAutoscaler'] }))).toBe(0);
    // A kind that could be there and is not stays dangling.
    expect(dangling(linter.lint([hpaFor('Deployment', 'apps/v1')], { config, knownKinds: ['Deployment', 'HorizontalPodAutoscaler'] }))).toBe(1);
  });
});
