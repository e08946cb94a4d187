// Issue #14 items 1, 2 and 6 on real-world repository shapes (fixtures/repos): what a walk reads,
// one batch per render/build, and nothing skipped in silence.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { planInputs } from '../../src/load/plan.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { runJson } from '../helpers/cli.js';
import { FIXTURES, T, at, of } from './helpers.js';

describe('nothing skipped in silence (item 6)', () => {
  it('walks dot-folders and upper-case extensions; non-Kubernetes YAML/JSON is an info finding, counted in the summary', async () => {
    const report = await lint(['.'], { cwd: path.join(FIXTURES, 'walk'), configFile: false });
    expect(of(report, 'image-tag-pinned').map(at)).toEqual(['.hidden/worker.yaml:9:7', 'deploy/web.YAML:9:7']);
    expect(of(report, 'skipped-input').map((f) => [f.file, f.severity, f.message])).toEqual([
      ['.github/workflows/ci.yml', 'info', 'not a Kubernetes manifest (no document has apiVersion or kind): skipped'],
      ['docker-compose.yml', 'info', 'not a Kubernetes manifest (no document has apiVersion or kind): skipped'],
      ['renovate.json', 'info', 'not a Kubernetes manifest (no document has apiVersion or kind): skipped'],
    ]);
    expect(of(report, 'not-k8s-object')).toEqual([]);
    const foreign = ['.github/workflows/ci.yml', 'docker-compose.yml', 'renovate.json'];
    expect(report.findings.filter((f) => foreign.includes(f.file!)).every((f) => f.ruleId === 'skipped-input')).toBe(true);
    expect(report.skipped).toEqual([
      { file: '.github/workflows/ci.yml', reason: 'not a Kubernetes manifest' },
      { file: 'docker-compose.yml', reason: 'not a Kubernetes manifest' },
      { file: 'renovate.json', reason: 'not a Kubernetes manifest' },
    ]);
  }, T);

  it('inputs.nonKubernetes: "error" restores the strict behaviour', async () => {
    const report = await lint(['docker-compose.yml'], { cwd: path.join(FIXTURES, 'walk'), configFile: false, overrides: { inputs: { nonKubernetes: 'error' } } });
    expect(of(report, 'not-k8s-object').map((f) => [at(f), f.severity])).toEqual([['docker-compose.yml:1:1', 'error']]);
  }, T);

  it('an explicit path that matches nothing is exit 2; a walked folder with no manifests says so', async () => {
    const missing = await runJson(['fixtures/repos/walk/nope.yaml']);
    expect(missing.code).toBe(2);
    const empty = await runJson(['fixtures/repos/empty-folder']);
    expect(empty.code).toBe(0);
    expect(empty.report!.summary).toMatchObject({ resources: 0, skipped: 1 });
    expect(empty.report!.skipped).toEqual([{ file: 'fixtures/repos/empty-folder', reason: 'folder with no manifests' }]);
  }, T);
});

describe('one input plan (item 1)', () => {
  it('lists plain files, each render and build, and reads no kustomization file that is not one', async () => {
    const cwd = path.join(FIXTURES, 'overlays-tree');
    const plan = await planInputs(['.'], defaultConfig(cwd), cwd);
    expect(plan.variants.map((v) => v.name)).toEqual(['overlays/release', 'overlays/test-all', 'overlays/test-base', 'overlays/test-ha', 'overlays/test-tls']);
    // Files the kustomizations consume are linted through the builds; the rest are plain files.
    expect(plan.files.map((f) => path.relative(cwd, f))).toEqual(['base/unlisted-configmap.yaml', 'clusters/prod/kustomization.yaml']);
  });
});

describe('one batch per variant (item 2)', () => {
  it('a base + components + five overlays tree: no duplicate-resource, one finding naming every overlay', async () => {
    const report = await lint(['.'], { cwd: path.join(FIXTURES, 'overlays-tree'), configFile: false });
    expect(of(report, 'duplicate-resource')).toEqual([]);
    expect(of(report, 'render-error')).toEqual([]);
    const [tag, ...more] = of(report, 'image-tag-pinned');
    expect(more).toEqual([]);
    expect(at(tag!)).toBe('base/deployment.yaml:17:11');
    // test-base pins the tag with `images`: only four overlays have the finding.
    expect(tag!.variants).toEqual(['overlays/release', 'overlays/test-all', 'overlays/test-ha', 'overlays/test-tls']);
    // The unlisted base file and the Flux Kustomization are plain manifests, linted once, without a variant.
    const files = new Set(report.inventory!.map((i) => i.file));
    expect(files).toContain('base/unlisted-configmap.yaml');
    expect(files).toContain('clusters/prod/kustomization.yaml');
    expect(report.findings.filter((f) => f.file === 'base/unlisted-configmap.yaml' || f.file === 'clusters/prod/kustomization.yaml').every((f) => !f.variants)).toBe(true);
  }, T);

  it('three renders of a chart in three namespaces: no collision on a cluster-scoped object; findings name the renders', async () => {
    const report = await lint(['.'], { cwd: path.join(FIXTURES, 'chart-renders') });
    expect(of(report, 'duplicate-resource')).toEqual([]);
    expect(of(report, 'render-error')).toEqual([]);
    const tags = of(report, 'image-tag-pinned');
    expect(tags.map(at)).toEqual(['charts/app/templates/pod.yaml:9:7']);
    expect(tags[0]!.variants).toEqual(['charts/app[dev]', 'charts/app[staging]', 'charts/app[production]']);
    expect(report.findings.every((f) => f.variants && f.variants.length > 0)).toBe(true);
  }, T);

  it('a suppression used by one variant is used: no unused-suppression from the variant that does not need it', async () => {
    const report = await lint(['.'], { cwd: path.join(FIXTURES, 'suppress-variants'), configFile: false });
    expect(of(report, 'unused-suppression')).toEqual([]);
    const [tag, ...more] = of(report, 'image-tag-pinned');
    expect(more).toEqual([]);
    expect([at(tag!), tag!.suppressed?.kind, tag!.variants]).toEqual(['base/pod.yaml:9:7', 'comment', ['overlays/canary']]);
  }, T);
});
