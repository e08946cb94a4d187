// Pins where rendered Helm paths land in the templates of fixtures/helm/app (real helm render).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { renderChart } from '../../src/load/helm.js';
import { mapToTemplate } from '../../src/load/template-map.js';
import type { JsonPath, Manifest } from '../../src/types.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CHART = path.join(ROOT, 'fixtures/helm/app');
const DEPLOYMENT = 'fixtures/helm/app/templates/deployment.yaml';
const HELPERS = 'fixtures/helm/app/templates/_helpers.tpl';
const VALUES = 'fixtures/helm/app/values.yaml';
const POD = ['spec', 'template', 'spec'];

let manifests: Manifest[];
const byKind = (kind: string) => manifests.find((m) => (m.value as { kind: string }).kind === kind)!;
const at = (m: Manifest, p: JsonPath) => {
  const loc = m.locate(p);
  return { file: loc.file, line: loc.range?.line, column: loc.range?.column };
};

beforeAll(async () => {
  const [render] = await renderChart(CHART, defaultConfig(ROOT), ROOT);
  expect(render!.problems).toEqual([]);
  manifests = render!.manifests;
});

describe('rendered paths map to the template a person edits', () => {
  it('a literal key with a templated value: the key in the template', () => {
    expect(at(byKind('Deployment'), ['spec', 'replicas'])).toEqual({ file: DEPLOYMENT, line: 8, column: 3 });
  });

  it('a key inside a list item matched by its literal name', () => {
    const d = byKind('Deployment');
    expect(at(d, [...POD, 'containers', 0, 'imagePullPolicy'])).toEqual({ file: DEPLOYMENT, line: 24, column: 11 });
    expect(at(d, [...POD, 'containers', 0, 'ports', 0, 'containerPort'])).toEqual({ file: DEPLOYMENT, line: 27, column: 15 });
  });

  it('values inserted by toYaml of a with-scoped value point at the values.yaml key', () => {
    const loc = byKind('Deployment').locate([...POD, 'containers', 0, 'securityContext', 'runAsNonRoot']);
    expect({ file: loc.file, line: loc.range?.line, column: loc.range?.column }).toEqual({ file: VALUES, line: 14, column: 3 });
    expect(loc.note).toContain('.Values.securityContext.runAsNonRoot');
    expect(loc.note).toContain(`${DEPLOYMENT}:30`);
  });

  it('values inserted by toYaml .Values.x point at the values.yaml key', () => {
    expect(at(byKind('Deployment'), [...POD, 'containers', 0, 'resources', 'limits', 'memory'])).toEqual({ file: VALUES, line: 23, column: 5 });
    expect(at(byKind('Deployment'), [...POD, 'securityContext', 'seccompProfile', 'type'])).toEqual({ file: VALUES, line: 11, column: 5 });
  });

  it('labels written by an include land in the define of _helpers.tpl', () => {
    const d = byKind('Deployment');
    expect(at(d, ['metadata', 'labels', 'helm.sh/chart'])).toEqual({ file: HELPERS, line: 16, column: 1 });
    // Nested include: app.labels includes app.selectorLabels.
    expect(at(d, ['metadata', 'labels', 'app.kubernetes.io/instance'])).toEqual({ file: HELPERS, line: 12, column: 1 });
    expect(d.locate(['metadata', 'labels', 'helm.sh/chart']).note).toContain('include "app.labels"');
  });

  it('items produced by range map to the loop item, with a note', () => {
    const loc = byKind('Deployment').locate([...POD, 'containers', 2, 'imagePullPolicy']);
    expect(loc.range).toMatchObject({ line: 40, column: 11 });
    expect(loc.note).toMatch(/loop/);
  });

  it('a missing field falls back to its closest rendered parent in the template', () => {
    expect(at(byKind('Deployment'), [...POD, 'containers', 0, 'livenessProbe', 'httpGet'])).toEqual({ file: DEPLOYMENT, line: 22, column: 11 });
    expect(at(byKind('Service'), ['spec', 'sessionAffinity'])).toEqual({ file: 'fixtures/helm/app/templates/service.yaml', line: 7, column: 1 });
  });

  it('documents of one template rendered by range each map into it', () => {
    const configMaps = manifests.filter((m) => (m.value as { kind: string }).kind === 'ConfigMap');
    expect(configMaps).toHaveLength(2);
    for (const m of configMaps) expect(at(m, ['data', 'settings'])).toEqual({ file: 'fixtures/helm/app/templates/configmaps.yaml', line: 8, column: 3 });
  });

  it('comments come from the template, so disable comments written there apply', () => {
    expect(byKind('Deployment').comments.get(37)).toMatch(/^kubelint-disable-next-line liveness-probe,readiness-probe/);
  });
});

function* paths(value: unknown, prefix: Array<string | number> = []): Generator<JsonPath> {
  yield prefix;
  if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* paths(v, [...prefix, i]);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* paths(v, [...prefix, k]);
}

describe('every rendered path locates', () => {

  it('to a line of a chart file, never outside the chart, for every node of every document', () => {
    let count = 0;
    for (const m of manifests) {
      for (const p of paths(m.value)) {
        const loc = m.locate(p);
        expect(loc.file.startsWith('fixtures/helm/app/')).toBe(true);
        expect(loc.range?.line).toBeGreaterThan(0);
        count++;
      }
    }
    expect(count).toBe(91);
  });
});

describe('a chart made by `helm create`', () => {
  it('every node of every document, all features on, locates to a line of the chart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-create-'));
    execFileSync(path.join(ROOT, '.tools/bin/helm'), ['create', 'starter'], { cwd: dir });
    const config = defaultConfig(dir);
    const set = ['ingress.enabled=true', 'autoscaling.enabled=true', 'securityContext.runAsNonRoot=true', 'podAnnotations.team=web'];
    config.helm.renders = [{ chart: 'starter', set }];
    const [render] = await renderChart(path.join(dir, 'starter'), config, dir);
    expect(render!.problems).toEqual([]);
    const kinds = render!.manifests.map((m) => (m.value as { kind: string }).kind).sort();
    expect(kinds).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'Pod', 'Service', 'ServiceAccount']);
    for (const m of render!.manifests) {
      for (const p of paths(m.value)) {
        const loc = m.locate(p);
        expect(loc.file.startsWith('starter/')).toBe(true);
        expect(loc.range?.line).toBeGreaterThan(0);
      }
    }
    const deployment = render!.manifests.find((m) => (m.value as { kind: string }).kind === 'Deployment')!;
    const probe = deployment.locate(['spec', 'template', 'spec', 'containers', 0, 'livenessProbe', 'httpGet', 'path']);
    expect(probe.file).toBe('starter/values.yaml');
    expect(readFileSync(path.join(dir, probe.file), 'utf8').split('\n')[probe.range!.line - 1]!.trim()).toBe('path: /');
  }, 30_000);
});

describe('mapToTemplate on template text', () => {
  const template = {
    file: 't.yaml',
    text: [
      'apiVersion: v1', // 1
      'kind: Pod', // 2
      'metadata:', // 3
      '  name: {{ .Release.Name }}', // 4
      'spec:', // 5
      '  {{- if .Values.debug }}', // 6
      '  hostNetwork: true', // 7
      '  {{- end }}', // 8
      '  containers:', // 9
      '  - name: main', // 10
      '    command:', // 11
      '      - sh', // 12
      '    env:', // 13
      '      {{- range $k, $v := .Values.env }}', // 14
      '      - name: {{ $k }}', // 15
      '        value: {{ $v | quote }}', // 16
      '      {{- end }}', // 17
      '    args: |', // 18
      '      name: not-a-key', // 19
      '  {{- toYaml .Values.extra | nindent 2 }}', // 20
    ].join('\n'),
  };
  const rendered = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'r' },
    spec: { hostNetwork: true, containers: [{ name: 'main', command: ['sh'], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], args: 'name: not-a-key\n' }], dnsPolicy: 'None' },
  };
  const loc = (p: JsonPath) => mapToTemplate(template, rendered, p);

  it('skips control actions between a key and its parent', () => {
    expect(loc(['spec', 'hostNetwork']).range).toEqual({ line: 7, column: 3, endLine: 7, endColumn: 20 });
  });
  it('handles sequences at the same indentation as their key', () => {
    expect(loc(['spec', 'containers', 0, 'command', 0]).range).toMatchObject({ line: 12, column: 7 });
  });
  it('maps ranged items to the loop body', () => {
    const hit = loc(['spec', 'containers', 0, 'env', 1, 'value']);
    expect(hit.range).toMatchObject({ line: 16, column: 9 });
    expect(hit.note).toMatch(/loop/);
  });
  it('a loop inside one item does not make the positions of its siblings approximate', () => {
    const t = {
      file: 'p.yaml',
      text: ['spec:', '  containers:', '    - image: a', '      env:', '        {{- range .Values.env }}', '        - name: {{ .k }}', '        {{- end }}', '    - image: b'].join('\n'),
    };
    const hit = mapToTemplate(t, { spec: { containers: [{ image: 'a', env: [] }, { image: 'b' }] } }, ['spec', 'containers', 1, 'image']);
    expect(hit).toEqual({ file: 'p.yaml', range: { line: 8, column: 7, endLine: 8, endColumn: 15 }, note: undefined });
  });

  it('items behind a condition are matched by their literal values', () => {
    const t = { file: 'q.yaml', text: ['ports:', '  {{- if .Values.metrics }}', '  - port: 9090', '  {{- end }}', '  - port: 80', '    name: http', '  - {{ .Values.extraPort }}'].join('\n') };
    expect(mapToTemplate(t, { ports: [{ port: 80, name: 'http' }] }, ['ports', 0, 'name'])).toEqual({ file: 'q.yaml', range: { line: 6, column: 5, endLine: 6, endColumn: 15 }, note: undefined });
    // Two rendered items, two unguarded template items: the guarded one was left out, so item 1 is
    // the templated one (issue #14 item 4c).
    const hit = mapToTemplate(t, { ports: [{ port: 80, name: 'http' }, { port: 7 }] }, ['ports', 1, 'port']);
    expect(hit.range?.line).toBe(7);

  });

  it('does not mistake block scalar content for keys', () => {
    expect(loc(['spec', 'containers', 0, 'args']).range).toMatchObject({ line: 18, column: 5 });
  });
  it('points at the action that inserted a key it cannot follow', () => {
    const hit = loc(['spec', 'dnsPolicy']);
    expect(hit.range).toMatchObject({ line: 20, column: 3 });
    expect(hit.note).toBe('spec.dnsPolicy is produced by this template action');
  });
});
