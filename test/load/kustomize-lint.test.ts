// End to end through the public API: findings on Kustomize overlays land in the base, patch or
// kustomization a person would edit.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { lint, type Finding } from '../../src/index.js';
import { loadInputs } from '../../src/load/index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const T = 60_000;
const where = (f: Finding) => `${f.file}:${f.range?.line}:${f.range?.column}`;

describe('lint() on Kustomize overlays', () => {
  it('points at the overlay patch that makes the resource non-compliant', async () => {
    const report = await lint(['fixtures/kustomize/app/overlays/staging'], { cwd: ROOT, configFile: false });
    const runAsRoot = report.findings.filter((f) => f.ruleId === 'run-as-non-root');
    expect(runAsRoot.length).toBeGreaterThan(0);
    expect(new Set(runAsRoot.map(where))).toEqual(new Set(['fixtures/kustomize/app/overlays/staging/debug-patch.yaml:9:9']));
    // Replicas come from the inline JSON patch in the overlay's kustomization.
    const pdb = report.findings.filter((f) => f.ruleId === 'pdb-required');
    expect(pdb.map(where)).toEqual(['fixtures/kustomize/app/overlays/staging/kustomization.yaml:15:9']);
    expect(report.findings.every((f) => !f.message.includes('config.kubernetes.io/origin'))).toBe(true);
  }, T);

  it('findings and disable comments of a base meet in the base file, whatever the overlay', async () => {
    const report = await lint(['fixtures/kustomize/app/overlays/staging'], { cwd: ROOT, configFile: false });
    const pinned = report.findings.filter((f) => f.ruleId === 'image-tag-pinned');
    expect(pinned.map(where)).toEqual(['fixtures/kustomize/app/base/deployment.yaml:23:11']);
    const { manifests } = await loadInputs(['fixtures/kustomize/app/overlays/staging'], defaultConfig(ROOT), { cwd: ROOT });
    const deployment = manifests.find((m) => (m.value as { kind: string }).kind === 'Deployment')!;
    expect(deployment.locate([]).file).toBe('fixtures/kustomize/app/base/deployment.yaml');
    expect(deployment.comments.get(22)).toBe('kubelint-disable-next-line image-tag-pinned -- pinned by digest in production');
  }, T);

  it('walking the tree builds the overlays, not the base alone; a broken overlay is fatal', async () => {
    const report = await lint(['fixtures/kustomize'], { cwd: ROOT, configFile: false });
    expect(report.sources).toEqual([
      'fixtures/kustomize/app/overlays/dev',
      'fixtures/kustomize/app/overlays/production',
      'fixtures/kustomize/app/overlays/staging',
      'fixtures/kustomize/broken',
    ]);
    expect(report.findings.filter((f) => f.fatal).map((f) => [f.ruleId, f.file])).toEqual([['render-error', 'fixtures/kustomize/broken']]);
    // The same base object linted through three overlays: each finding names the base file.
    expect(report.resources).toBe(10);
    expect(report.findings.filter((f) => f.ruleId === 'duplicate-resource')).toEqual([]);
  }, T);
});
