// The Helm renderer against the real pinned helm: render options, several renders, dependencies,
// CRDs, and errors that become fatal render-error findings.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import type { HelmRender, ResolvedConfig } from '../../src/config/types.js';
import { helmArgs, renderChart } from '../../src/load/helm.js';
import { loadInputs } from '../../src/load/index.js';
import type { Manifest } from '../../src/types.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const chart = (name: string) => path.join(ROOT, 'fixtures/helm', name);
const T = 30_000;

function config(renders: HelmRender[] = [], patch: Partial<ResolvedConfig> = {}): ResolvedConfig {
  const c = defaultConfig(ROOT);
  return { ...c, ...patch, helm: { ...c.helm, renders, ...patch.helm } };
}
const find = (ms: Manifest[], kind: string) => ms.find((m) => (m.value as { kind: string }).kind === kind)!;
const get = (m: Manifest, ...p: Array<string | number>) => p.reduce<any>((v, k) => v?.[k], m.value);
const POD = ['spec', 'template', 'spec'] as const;

describe('helm template arguments', () => {
  it('passes release, namespace, values in order, --set, --set-string, kube version and CRDs', () => {
    const args = helmArgs(chart('app'), { chart: 'fixtures/helm/app', releaseName: 'web', namespace: 'shop', values: ['a.yaml', 'b.yaml'], set: ['x=1'], setString: ['y=2'] }, config());
    expect(args).toEqual([
      'template', 'web', chart('app'), '--namespace', 'shop', '--kube-version', 'v1.36.0', '--include-crds',
      '--values', path.join(ROOT, 'a.yaml'), '--values', path.join(ROOT, 'b.yaml'), '--set', 'x=1', '--set-string', 'y=2',
    ]);
  });
});

describe('rendering charts', () => {
  it('renders the default render with release-name in the default namespace', async () => {
    const [render] = await renderChart(chart('app'), config(), ROOT);
    expect(render!.manifests.map((m) => get(m, 'kind'))).toEqual(['ConfigMap', 'ConfigMap', 'Service', 'Deployment']);
    expect(render!.manifests[0]!.source).toEqual({ kind: 'helm', name: 'fixtures/helm/app', origin: 'fixtures/helm/app' });
    expect(get(find(render!.manifests, 'Deployment'), 'metadata', 'name')).toBe('release-name-app');
  }, T);

  it('several configured renders are rendered separately, each under its own name', async () => {
    const renders: HelmRender[] = [
      { chart: 'fixtures/helm/app', name: 'production', releaseName: 'prod', values: ['fixtures/helm/app/values-production.yaml'] },
      { chart: 'fixtures/helm/app', releaseName: 'insecure', values: ['fixtures/helm/app/values-insecure.yaml'], set: ['replicaCount=1'], setString: ['image.tag=20240101'] },
    ];
    const [prod, insecure] = await renderChart(chart('app'), config(renders), ROOT);
    expect(prod!.manifests[0]!.source.origin).toBe('fixtures/helm/app[production]');
    expect(insecure!.manifests[0]!.source.origin).toBe('fixtures/helm/app[values-insecure]');
    const p = find(prod!.manifests, 'Deployment');
    expect(get(p, 'metadata', 'name')).toBe('prod-app');
    expect(get(p, 'spec', 'replicas')).toBe(4);
    expect(get(p, ...POD, 'containers', 0, 'image')).toBe('ghcr.io/example/web:1.4.2-prod');
    const i = find(insecure!.manifests, 'Deployment');
    expect(get(i, 'spec', 'replicas')).toBe(1);
    expect(get(i, ...POD, 'containers', 0, 'image')).toBe('ghcr.io/example/web:20240101');
    expect(get(i, ...POD, 'containers', 0, 'resources')).toBeUndefined();
    // The overriding values file is where the insecure value is reported.
    const loc = i.locate([...POD, 'containers', 0, 'securityContext', 'runAsNonRoot']);
    expect([loc.file, loc.range?.line, loc.range?.column]).toEqual(['fixtures/helm/app/values-insecure.yaml', 3, 3]);
    // Keys the override does not touch still come from the chart's values.yaml.
    const kept = i.locate([...POD, 'containers', 0, 'securityContext', 'readOnlyRootFilesystem']);
    expect([kept.file, kept.range?.line]).toEqual(['fixtures/helm/app/values.yaml', 16]);
  }, T);

  it('a value given with --set is shown at the template action that inserts it, naming the --set', async () => {
    const [render] = await renderChart(chart('app'), config([{ chart: 'fixtures/helm/app', set: ['resources.limits.memory=1Gi'] }]), ROOT);
    const loc = find(render!.manifests, 'Deployment').locate([...POD, 'containers', 0, 'resources', 'limits', 'memory']);
    expect([loc.file, loc.range?.line, loc.range?.column]).toEqual(['fixtures/helm/app/templates/deployment.yaml', 34, 13]);
    expect(loc.note).toBe('spec.template.spec.containers[0].resources.limits.memory is produced by this template action from --set resources.limits.memory=1Gi');
  }, T);

  it('passes the configured Kubernetes version and includes CRDs, mapped into crds/', async () => {
    const [render] = await renderChart(chart('crd'), config([], { kubernetesVersion: '1.33' }), ROOT);
    const cr = find(render!.manifests, 'Backup');
    expect(get(cr, 'spec', 'renderedFor')).toBe('v1.33.0');
    const crd = find(render!.manifests, 'CustomResourceDefinition');
    const loc = crd.locate(['spec', 'names', 'kind']);
    expect([loc.file, loc.range?.line, loc.range?.column]).toEqual(['fixtures/helm/crd/crds/backup.yaml', 8, 5]);
    expect(cr.locate(['spec', 'schedule']).range).toMatchObject({ line: 6, column: 3 });
  }, T);

  it('renders vendored dependencies offline: unpacked ones map into charts/, packaged ones to the .tgz', async () => {
    const [render] = await renderChart(chart('with-deps'), config(), ROOT);
    expect(render!.problems).toEqual([]);
    const sts = find(render!.manifests, 'StatefulSet');
    expect(get(sts, 'spec', 'replicas')).toBe(2); // parent values override the subchart's
    const loc = sts.locate([...POD, 'containers', 0, 'image']);
    expect([loc.file, loc.range?.line, loc.range?.column]).toEqual(['fixtures/helm/with-deps/charts/cache/templates/statefulset.yaml', 18, 11]);
    // Values inserted into a subchart template come from the parent's values under the subchart's key.
    const memory = sts.locate([...POD, 'containers', 0, 'resources', 'requests', 'memory']);
    expect([memory.file, memory.range?.line, memory.range?.column]).toEqual(['fixtures/helm/with-deps/values.yaml', 6, 7]);
    expect(memory.note).toContain('.Values.resources.requests.memory');
    const svc = find(render!.manifests, 'Service');
    const packaged = svc.locate(['spec', 'ports', 0]);
    expect(packaged.file).toBe('fixtures/helm/with-deps/charts/dbproxy-1.0.0.tgz');
    expect(packaged.note).toContain('with-deps/charts/dbproxy/templates/service.yaml');
  }, T);
});

describe('render errors are findings, not crashes', () => {
  it('a broken template reports helm\'s own error against the chart', async () => {
    const [render] = await renderChart(chart('broken'), config(), ROOT);
    expect(render!.manifests).toEqual([]);
    expect(render!.problems).toHaveLength(1);
    expect(render!.problems[0]).toMatchObject({ ruleId: 'render-error', file: 'fixtures/helm/broken/templates/configmap.yaml', line: 4 });
    expect(render!.problems[0]!.message).toMatch(/^helm template failed for fixtures\/helm\/broken: Error: parse error at \(broken\/templates\/configmap\.yaml:4\)/);
    expect(render!.problems[0]!.message).not.toContain('--debug');
  }, T);

  it('a dependency that is not vendored is a render error (nothing is downloaded)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-nodeps-'));
    writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: lonely\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n    repository: https://charts.example.invalid\n');
    const [render] = await renderChart(dir, config(), dir);
    expect(render!.problems).toHaveLength(1);
    expect(render!.problems[0]!.message).toMatch(/^helm template failed for \.: .*missing in charts\/ directory: redis/);
  }, T);

  it('a missing helm binary says how to install it', async () => {
    const [render] = await renderChart(chart('app'), config([], { helm: { binary: '/nonexistent/helm', renders: [] } }), ROOT);
    expect(render!.problems[0]!.ruleId).toBe('render-error');
    expect(render!.problems[0]!.message).toContain('"helm.binary" in the config names "/nonexistent/helm"');
    expect(render!.problems[0]!.message).toContain('bash scripts/setup-tools.sh');
  });

  it('a missing values file is named', async () => {
    const [render] = await renderChart(chart('app'), config([{ chart: 'fixtures/helm/app', name: 'x', values: ['nope.yaml'] }]), ROOT);
    expect(render!.problems[0]!.message).toBe('cannot render fixtures/helm/app[x]: values file not found: nope.yaml');
  });
});

describe('walking a folder of charts', () => {
  it('renders every chart once (subcharts through their parent) and keeps linting past a broken one', async () => {
    const loaded = await loadInputs(['fixtures/helm'], config(), { cwd: ROOT });
    expect(loaded.sources).toEqual(['fixtures/helm/app', 'fixtures/helm/broken', 'fixtures/helm/crd', 'fixtures/helm/dup', 'fixtures/helm/with-deps']);
    expect(loaded.problems.map((p) => [p.ruleId, p.file])).toEqual([['render-error', 'fixtures/helm/broken/templates/configmap.yaml']]);
    expect(loaded.manifests.filter((m) => get(m, 'kind') === 'StatefulSet')).toHaveLength(1);
    // values files of the chart are not linted as manifests
    expect(loaded.manifests.every((m) => m.source.kind === 'helm')).toBe(true);
  }, T);

  it('renders the configured renders of a walked chart instead of the default', async () => {
    const renders: HelmRender[] = [
      { chart: 'fixtures/helm/app', name: 'a', releaseName: 'a' },
      { chart: 'fixtures/helm/app', name: 'b', releaseName: 'b' },
    ];
    const loaded = await loadInputs(['fixtures/helm/app'], config(renders), { cwd: ROOT });
    const names = loaded.manifests.filter((m) => get(m, 'kind') === 'Deployment').map((m) => [m.source.origin, get(m, 'metadata', 'name')]);
    expect(names).toEqual([['fixtures/helm/app[a]', 'a-app'], ['fixtures/helm/app[b]', 'b-app']]);
  }, T);
});
