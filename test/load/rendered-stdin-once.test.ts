// Piped input (`… | kubelint -`) is parsed once, is searched for its charts and kustomizations
// only when it was rendered, and its documents are located only where a range is read. Each was
// a copy of the input's values or work on every document that raised a 10,000-resource run's
// peak memory (BENCHMARKS.md, round 8, r8stdin); what is counted here is the work itself.
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { renderRootsBelow } from '../../src/load/plan.js';
import { quickLocate } from '../../src/load/quick-locate.js';
import { STDIN_NOTE } from '../../src/load/rendered.js';
import { parseRenderedStdin } from '../../src/load/rendered-stdin.js';
import { parseManifestText } from '../../src/load/yaml.js';

vi.mock('../../src/load/yaml.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/load/yaml.js')>();
  return { ...actual, parseManifestText: vi.fn(actual.parseManifestText) };
});
vi.mock('../../src/load/plan.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/load/plan.js')>();
  return { ...actual, renderRootsBelow: vi.fn(actual.renderRootsBelow) };
});
vi.mock('../../src/load/quick-locate.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/load/quick-locate.js')>();
  return { ...actual, quickLocate: vi.fn(actual.quickLocate) };
});

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const config = defaultConfig(ROOT);
const configMap = (name: string) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: b\n`;
const PLAIN = configMap('one') + configMap('two') + configMap('three');
const HELM = ['one', 'two'].map((n) => `---\n# Source: gone-chart/templates/${n}.yaml\n${configMap(n).slice(4)}`).join('');
const KUSTOMIZED = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n  annotations:\n    config.kubernetes.io/origin: |\n      path: ../gone/one.yaml\ndata:\n  a: b\n';

beforeEach(() => vi.clearAllMocks());

describe('piped input is parsed once', () => {
  it('plain YAML: one parse, and no folder is searched for a chart or kustomization', async () => {
    const parsed = await parseRenderedStdin(PLAIN, config, ROOT);
    expect(parsed.manifests.map((m) => (m.value as { metadata: { name: string } }).metadata.name)).toEqual(['one', 'two', 'three']);
    expect(vi.mocked(parseManifestText)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(renderRootsBelow)).not.toHaveBeenCalled();
    expect(parsed.manifests[1]!.locate(['data', 'a'])).toEqual({ file: '<stdin>', range: { line: 14, column: 3, endLine: 14, endColumn: 7 }, note: STDIN_NOTE });
  });

  it('helm template output: one parse, the folders searched once', async () => {
    const parsed = await parseRenderedStdin(HELM, config, ROOT);
    expect(vi.mocked(parseManifestText)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(renderRootsBelow)).toHaveBeenCalledTimes(1);
    // No chart of that name below the cwd: stdin positions, naming the template.
    expect(parsed.manifests[1]!.locate(['metadata', 'name'])).toEqual({
      file: '<stdin>',
      range: { line: 14, column: 3, endLine: 14, endColumn: 12 },
      note: 'rendered from gone-chart/templates/two.yaml',
    });
  });

  it('kustomize build output with origin annotations: one parse, the annotation taken off', async () => {
    const parsed = await parseRenderedStdin(KUSTOMIZED, config, ROOT);
    expect(vi.mocked(parseManifestText)).toHaveBeenCalledTimes(1);
    expect(parsed.manifests[0]!.value).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' }, data: { a: 'b' } });
    expect(parsed.manifests[0]!.locate(['data']).note).toBe('rendered from ../gone/one.yaml');
  });
});

describe('a piped document is located only where its range is read', () => {
  it('asking every document for its file (suppressions, the inventory) locates none', async () => {
    const parsed = await parseRenderedStdin(PLAIN, config, ROOT);
    const locations = parsed.manifests.map((m) => m.locate([]));
    expect(locations.map((l) => [l.file, l.note])).toEqual(Array(3).fill(['<stdin>', STDIN_NOTE]));
    expect(vi.mocked(quickLocate)).not.toHaveBeenCalled();
    expect(locations[2]!.range).toEqual({ line: 16, column: 1, endLine: 16, endColumn: 15 });
    expect(vi.mocked(quickLocate)).toHaveBeenCalledTimes(1);
  });
});
