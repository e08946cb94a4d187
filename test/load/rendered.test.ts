// Rendered streams on stdin (`helm template … | kubelint -`, `kustomize build … | kubelint -`) and
// the pieces of rendered-stream parsing: origin annotations and template comments.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { parseRendered, takeKustomizeOrigin, templateComments } from '../../src/load/rendered.js';
import { STDIN_NOTE } from '../../src/load/rendered.js';
import { parseRenderedStdin as parseStdin } from '../../src/load/rendered-stdin.js';
import type { Manifest } from '../../src/types.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const HELM = path.join(ROOT, '.tools/bin/helm');
const KUSTOMIZE = path.join(ROOT, '.tools/bin/kustomize');
const config = defaultConfig(ROOT);
const kind = (ms: Manifest[], k: string) => ms.find((m) => (m.value as { kind: string }).kind === k)!;
const helmTemplate = () => execFileSync(HELM, ['template', 'web', path.join(ROOT, 'fixtures/helm/app')], { encoding: 'utf8' });

describe('helm template | kubelint -', () => {
  it('maps documents into the chart templates found below the cwd', async () => {
    const parsed = await parseStdin(helmTemplate(), config, ROOT);
    const d = kind(parsed.manifests, 'Deployment');
    expect(d.source).toEqual({ kind: 'stdin', name: '<stdin>' });
    expect(d.locate(['spec', 'replicas'])).toEqual({ file: 'fixtures/helm/app/templates/deployment.yaml', range: { line: 8, column: 3, endLine: 8, endColumn: 39 } });
    expect(d.locate(['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'cpu']).file).toBe('fixtures/helm/app/values.yaml');
    expect(d.comments.get(37)).toMatch(/^kubelint-disable-next-line liveness-probe/);
  });

  it('maps relative to a cwd that holds the chart folder', async () => {
    const d = kind((await parseStdin(helmTemplate(), config, path.join(ROOT, 'fixtures/helm'))).manifests, 'Service');
    expect(d.locate(['spec', 'type'])).toMatchObject({ file: 'app/templates/service.yaml', range: { line: 8, column: 3 } });
  });

  it('finds the chart where the input plan walks: in a dot-folder below the cwd', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'kubelint-stdin-'));
    cpSync(path.join(ROOT, 'fixtures/helm/app'), path.join(cwd, '.deploy/app'), { recursive: true });
    const d = kind((await parseStdin(helmTemplate(), config, cwd)).manifests, 'Deployment');
    expect(d.locate(['spec', 'replicas'])).toMatchObject({ file: '.deploy/app/templates/deployment.yaml', range: { line: 8, column: 3 } });
  });

  it('keeps the stdin position, naming the template, when the chart is not on disk', async () => {
    const text = helmTemplate().replaceAll('# Source: app/', '# Source: elsewhere/');
    const parsed = await parseStdin(text, config, ROOT);
    const d = kind(parsed.manifests, 'Deployment');
    const loc = d.locate(['spec', 'replicas']);
    expect(loc.file).toBe('<stdin>');
    expect(loc.note).toBe('rendered from elsewhere/templates/deployment.yaml');
    const line = text.split('\n')[loc.range!.line - 1];
    expect(line).toBe('  replicas: 2');
  });

  it('plain YAML on stdin is parsed as before', async () => {
    const parsed = await parseStdin('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n', config, ROOT);
    expect(parsed.manifests[0]!.locate(['metadata', 'name'])).toEqual({ file: '<stdin>', range: { line: 4, column: 3, endLine: 4, endColumn: 10 }, note: STDIN_NOTE });
  });
});

describe('kustomize build | kubelint -', () => {
  // The dev overlay turns origin annotations on in its own file.
  const built = () => execFileSync(KUSTOMIZE, ['build', path.join(ROOT, 'fixtures/kustomize/app/overlays/dev')], { encoding: 'utf8' });

  it('finds the kustomization the origins resolve from and maps into the base', async () => {
    const text = built();
    expect(text).toContain('config.kubernetes.io/origin');
    const d = kind((await parseStdin(text, config, ROOT)).manifests, 'Deployment');
    expect((d.value as { metadata: Record<string, unknown> }).metadata.annotations).toBeUndefined();
    expect(d.locate(['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicy'])).toMatchObject({
      file: 'fixtures/kustomize/app/base/deployment.yaml',
      range: { line: 12, column: 11 },
    });
    expect(d.locate(['spec', 'template', 'spec', 'containers', 0, 'image'])).toMatchObject({
      file: 'fixtures/kustomize/app/overlays/dev/kustomization.yaml',
      range: { line: 9, column: 5 },
    });
  });

  it('keeps the stdin position when the origin files are not found from the cwd', async () => {
    const text = built().replaceAll('path: ../../base/', 'path: ../../gone/');
    const d = kind((await parseStdin(text, config, ROOT)).manifests, 'Deployment');
    const loc = d.locate(['metadata', 'name']);
    expect(loc.file).toBe('<stdin>');
    expect(loc.note).toBe('rendered from ../../gone/deployment.yaml');
    expect(text.split('\n')[loc.range!.line - 1]).toBe('  name: dev-web');
  });
});

describe('rendered stream pieces', () => {
  it('a rendered document with no file to map to names the render, with the rendered line in the note', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    config.kubernetes.io/origin: |\n      repo: https://github.com/example/base\n';
    const parsed = parseRendered(text, { kind: 'kustomize', name: 'overlays/prod' }, () => undefined);
    expect(parsed.manifests[0]!.locate(['metadata', 'name'])).toEqual({
      file: 'overlays/prod',
      note: 'rendered from https://github.com/example/base, line 4 of the rendered output',
    });
    expect(parsed.manifests[0]!.value).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
  });

  it('takes the origin annotation off the object, dropping annotations left empty', () => {
    const value = { metadata: { name: 'a', annotations: { 'config.kubernetes.io/origin': 'path: base/a.yaml\n' } } };
    expect(takeKustomizeOrigin(value)).toEqual({ path: 'base/a.yaml' });
    expect(value.metadata).toEqual({ name: 'a' });
    const kept = { metadata: { annotations: { 'config.kubernetes.io/origin': 'path: x.yaml\n', team: 'a' } } };
    takeKustomizeOrigin(kept);
    expect(kept.metadata.annotations).toEqual({ team: 'a' });
    expect(takeKustomizeOrigin({ metadata: { name: 'b' } })).toBeUndefined();
  });

  it('reads YAML and template comments of a template, but not block scalar content or quoted #', () => {
    const text = [
      '# kubelint-disable-file image-tag-pinned -- vendored', // 1
      'metadata:', // 2
      '  {{- /* kubelint-disable-next-line run-as-non-root -- init needs root */}}', // 3
      '  name: x # trailing note', // 4
      '  value: "a # b"', // 5
      '  script: |', // 6
      '    # not a comment', // 7
    ].join('\n');
    expect([...templateComments(text)]).toEqual([
      [1, 'kubelint-disable-file image-tag-pinned -- vendored'],
      [3, 'kubelint-disable-next-line run-as-non-root -- init needs root'],
      [4, 'trailing note'],
    ]);
  });
});
