// End to end through the public API: findings on Helm charts land at the template (or values)
// file and line a person would edit.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { lint, lintWithConfig, type Finding } from '../../src/index.js';
import { loadInputs } from '../../src/load/index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const T = 60_000;
const where = (f: Finding) => `${f.file}:${f.range?.line}:${f.range?.column}`;
const only = (findings: Finding[], rule: string) => findings.filter((f) => f.ruleId === rule);

describe('lint() on Helm charts', () => {
  it('reports duplicates and non-objects at the template lines', async () => {
    const report = await lint(['fixtures/helm/dup'], { cwd: ROOT, configFile: false });
    const duplicates = only(report.findings, 'duplicate-resource');
    expect(duplicates).toHaveLength(1);
    // settings-copy.yaml renders first (helm sorts by file name); the later one is the duplicate.
    expect(where(duplicates[0]!)).toBe('fixtures/helm/dup/templates/settings.yaml:4:3');
    const notObjects = only(report.findings, 'not-k8s-object');
    expect(notObjects.map(where)).toEqual(['fixtures/helm/dup/templates/unnamed.yaml:1:1']);
    expect(notObjects[0]!.message).toContain('metadata.name');
    expect(report.sources).toEqual(['fixtures/helm/dup']);
  }, T);

  it('a values override is reported in the values file that sets it', async () => {
    const config = defaultConfig(ROOT);
    config.helm.renders = [{ chart: 'fixtures/helm/app', name: 'insecure', values: ['fixtures/helm/app/values-insecure.yaml'] }];
    const report = await lintWithConfig(['fixtures/helm/app'], config, { cwd: ROOT });
    const web = only(report.findings, 'run-as-non-root').filter((f) => f.message.includes('"web"'));
    expect(web.map(where)).toEqual(['fixtures/helm/app/values-insecure.yaml:3:3']);
    expect(web[0]!.note).toContain('.Values.securityContext.runAsNonRoot');
    // The default render of the same chart does not have that finding.
    const clean = await lint(['fixtures/helm/app'], { cwd: ROOT, configFile: false });
    expect(only(clean.findings, 'run-as-non-root').filter((f) => f.message.includes('"web"'))).toEqual([]);
  }, T);

  it('findings and disable comments meet in the template file (what comment suppression matches on)', async () => {
    const report = await lint(['fixtures/helm/app'], { cwd: ROOT, configFile: false });
    const sidecarProbes = report.findings.filter((f) => f.ruleId === 'liveness-probe' && /"(log-shipper|metrics)"/.test(f.message));
    expect(sidecarProbes.map(where)).toEqual(['fixtures/helm/app/templates/deployment.yaml:38:11', 'fixtures/helm/app/templates/deployment.yaml:38:11']);
    const web = report.findings.find((f) => f.ruleId === 'liveness-probe' && f.message.includes('"web"'))!;
    expect(where(web)).toBe('fixtures/helm/app/templates/deployment.yaml:22:11');
    // The suppressor keys a document's comments by the file of locate([]) and matches the next line.
    const { manifests } = await loadInputs(['fixtures/helm/app'], defaultConfig(ROOT), { cwd: ROOT });
    const deployment = manifests.find((m) => (m.value as { kind: string }).kind === 'Deployment')!;
    expect(deployment.locate([]).file).toBe('fixtures/helm/app/templates/deployment.yaml');
    expect(deployment.comments.get(37)).toBe('kubelint-disable-next-line liveness-probe,readiness-probe -- sidecars are probed by the platform');
    expect(deployment.comments.has(21)).toBe(false);
  }, T);

  it('a broken chart is fatal while the other charts are still linted', async () => {
    const report = await lint(['fixtures/helm/broken', 'fixtures/helm/dup'], { cwd: ROOT, configFile: false });
    const fatal = report.findings.filter((f) => f.fatal);
    expect(fatal.map((f) => [f.ruleId, f.file])).toEqual([['render-error', 'fixtures/helm/broken/templates/configmap.yaml']]);
    expect(report.counts.fatal).toBe(1);
    expect(only(report.findings, 'duplicate-resource')).toHaveLength(1);
  }, T);
});
