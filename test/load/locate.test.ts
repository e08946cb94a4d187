import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../../src/load/yaml.js';
import { identifyResources } from '../../src/load/resources.js';
import type { JsonPath, Manifest } from '../../src/types.js';

const source = { kind: 'file' as const, name: 'test.yaml' };

function only(text: string): Manifest[] {
  const parsed = parseManifestText(text, source);
  expect(parsed.problems).toEqual([]);
  return parsed.manifests;
}

function at(m: Manifest, path: JsonPath) {
  return m.locate(path).range;
}

const deployment = [
  'apiVersion: apps/v1', //                     1
  'kind: Deployment', //                        2
  'metadata:', //                               3
  '  name: web', //                             4
  'spec:', //                                   5
  '  template:', //                             6
  '    spec:', //                               7
  '      containers:', //                       8
  '        - name: app', //                     9
  '          image: nginx:1.27', //             10
  '          ports: [{containerPort: 80}]', //  11
  '        - name: sidecar', //                 12
  '          image: "busybox"', //              13
  '',
].join('\n');

describe('locate', () => {
  const [m] = only(deployment);

  it('points at a scalar with its key, end column exclusive', () => {
    expect(at(m!, ['metadata', 'name'])).toEqual({ line: 4, column: 3, endLine: 4, endColumn: 12 });
    expect(at(m!, ['spec', 'template', 'spec', 'containers', 1, 'image'])).toEqual({ line: 13, column: 11, endLine: 13, endColumn: 27 });
  });

  it('points at the key only for a block collection', () => {
    expect(at(m!, ['spec', 'template'])).toEqual({ line: 6, column: 3, endLine: 6, endColumn: 11 });
  });

  it('points at the first line of a sequence item', () => {
    expect(at(m!, ['spec', 'template', 'spec', 'containers', 1])).toEqual({ line: 12, column: 11, endLine: 12, endColumn: 24 });
  });

  it('walks into flow collections', () => {
    expect(at(m!, ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'])).toEqual({
      line: 11, column: 20, endLine: 11, endColumn: 37,
    });
  });

  it('falls back to the closest existing ancestor for a missing field', () => {
    expect(at(m!, ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'runAsNonRoot'])).toEqual({
      line: 9, column: 11, endLine: 9, endColumn: 20,
    });
    expect(at(m!, ['spec', 'template', 'spec', 'containers', 7])).toEqual({ line: 8, column: 7, endLine: 8, endColumn: 17 });
  });

  it('locates in later documents of a multi-document file', () => {
    const [, second] = only('kind: A\n---\n# comment\nkind: B\nmetadata:\n  name: b\n');
    expect(at(second!, ['metadata', 'name'])).toEqual({ line: 6, column: 3, endLine: 6, endColumn: 10 });
    // A document's lines start at its `---` marker.
    expect(second!.lines).toEqual({ start: 2, end: 6 });
  });

  it('follows aliases to their anchors and merge keys to their sources', () => {
    const [doc] = only(['base: &labels', '  app: web', '  tier: api', 'spec:', '  labels: *labels', '  merged:', '    <<: *labels', '    extra: x', ''].join('\n'));
    expect(at(doc!, ['spec', 'labels', 'tier'])).toEqual({ line: 3, column: 3, endLine: 3, endColumn: 12 });
    expect(at(doc!, ['spec', 'merged', 'app'])).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 11 });
    expect(at(doc!, ['spec', 'merged', 'extra'])).toEqual({ line: 8, column: 5, endLine: 8, endColumn: 13 });
  });

  it('counts columns correctly in CRLF files', () => {
    const [doc] = only('kind: Pod\r\nmetadata:\r\n  name: web\r\n');
    expect(at(doc!, ['metadata', 'name'])).toEqual({ line: 3, column: 3, endLine: 3, endColumn: 12 });
    expect(at(doc!, ['metadata'])).toEqual({ line: 2, column: 1, endLine: 2, endColumn: 9 });
  });

  it('ignores a byte order mark', () => {
    const [doc] = only('\uFEFFkind: Pod\nmetadata:\n  name: web\n');
    expect(at(doc!, ['kind'])).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 10 });
  });

  it('keeps each List item at its own location', () => {
    const text = ['apiVersion: v1', 'kind: List', 'items:', '  - apiVersion: v1', '    kind: ConfigMap', '    metadata: {name: a}', '  - apiVersion: v1', '    kind: ConfigMap', '    metadata:', '      name: b', ''].join('\n');
    const { resources } = identifyResources(only(text));
    expect(resources.map((r) => r.name)).toEqual(['a', 'b']);
    const b = resources[1]!;
    expect(b.basePath).toEqual(['items', 1]);
    expect(b.manifest!.locate([...b.basePath, 'metadata', 'name']).range).toEqual({ line: 10, column: 7, endLine: 10, endColumn: 14 });
    const a = resources[0]!;
    expect(a.manifest!.locate([...a.basePath, 'metadata', 'name']).range).toEqual({ line: 6, column: 16, endLine: 6, endColumn: 23 });
  });
});
