// Issue #14 item 4: Helm locations on real chart shapes (fixtures/repos/helm-shapes).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { lint } from '../../src/lint.js';
import { renderChart } from '../../src/load/helm.js';
import type { Manifest } from '../../src/types.js';
import { FIXTURES, T, at, of } from './helpers.js';

const CWD = path.join(FIXTURES, 'helm-shapes');

async function rendered(kind: string, name: string): Promise<Manifest> {
  const [render] = await renderChart(path.join(CWD, 'app'), defaultConfig(CWD), CWD);
  expect(render!.problems).toEqual([]);
  const doc = render!.manifests.find((m) => (m.value as { kind: string; metadata: { name: string } }).kind === kind && (m.value as { metadata: { name: string } }).metadata.name === name)!;
  expect(doc.source.origin).toBe('app');
  return doc;
}

const where = (l: { file: string; range?: { line: number; column: number }; note?: string }) => [`${l.file}:${l.range?.line}:${l.range?.column}`, l.note];

describe('Helm locations on real chart shapes (item 4)', () => {
  it('(a) two Deployments in one template map to their own lines; a suppression reaches only its document', async () => {
    const report = await lint(['app'], { cwd: CWD, configFile: false });
    const tags = of(report, 'image-tag-pinned');
    expect(tags.map((f) => [at(f), f.resource?.name, f.suppressed?.kind ?? null, f.variants])).toEqual([
      ['app/templates/deployments.yaml:17:11', 'release-name-api', 'comment', ['app']],
      ['app/templates/deployments.yaml:38:11', 'release-name-worker', null, ['app']],
    ]);
    const names = report.findings.filter((f) => f.ruleId === 'readiness-probe').map((f) => [at(f), f.resource?.name]);
    expect(names).toEqual([
      ['app/templates/deployments.yaml:16:11', 'release-name-api'],
      ['app/templates/deployments.yaml:37:11', 'release-name-worker'],
    ]);
  }, T);

  it('(b) `metadata:` opened in if/else branches is found in the branch that rendered, with no action note', async () => {
    const svc = await rendered('Service', 'release-name-metrics');
    expect(where(svc.locate(['metadata', 'labels', 'app.kubernetes.io/name']))).toEqual(['app/templates/service.yaml:11:5', undefined]);
    expect(where(svc.locate(['metadata', 'name']))).toEqual(['app/templates/service.yaml:9:3', undefined]);
  }, T);

  it('(c) a container whose list starts with an item behind a disabled `if` lands on its own item', async () => {
    const worker = await rendered('Deployment', 'release-name-worker');
    expect(where(worker.locate(['spec', 'template', 'spec', 'containers', 0, 'image']))).toEqual(['app/templates/deployments.yaml:38:11', undefined]);
  }, T);

  it('(f) values reached through include → define → toYaml point at the values file line', async () => {
    const worker = await rendered('Deployment', 'release-name-worker');
    const [file, note] = where(worker.locate(['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'cpu']));
    expect(file).toBe('app/values.yaml:7:5');
    expect(note).toBe(
      'value of .Values.resources.limits.cpu, inserted by `{{ toYaml .Values.resources }}` at app/templates/_helpers.tpl:2, included by `{{ include "shapes.resources" . | nindent 12 }}` at app/templates/deployments.yaml:40',
    );
  }, T);

  it('(d) `required` errors carry the template file:line:column helm reports', async () => {
    const report = await lint(['failing'], { cwd: CWD, configFile: false });
    const [error] = of(report, 'render-error');
    expect(at(error!)).toBe('failing/templates/pod.yaml:8:33');
    expect(error!.message).toContain('image.tag is required: set it in your values');
  }, T);

  it('(e) a library chart is skipped with an info line; a chart depending on it renders', async () => {
    const report = await lint(['library', 'uses-library'], { cwd: CWD, configFile: false });
    expect(of(report, 'render-error')).toEqual([]);
    expect(of(report, 'skipped-input').map((f) => [f.file, f.severity, f.message])).toEqual([
      ['library', 'info', 'Helm library chart: not rendered on its own (charts that depend on it render it)'],
    ]);
    expect(report.skipped).toEqual([{ file: 'library', reason: 'Helm library chart' }]);
    expect(report.inventory!.map((i) => [i.resource.name, i.file])).toEqual([['release-name-uses-library', 'uses-library/templates/configmap.yaml']]);
  }, T);
});
