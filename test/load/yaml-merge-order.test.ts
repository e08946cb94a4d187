// `<<` merge keys as kubectl reads them (yaml-merge-order.ts): go-yaml v2 (sigs.k8s.io/yaml) applies
// a map's pairs in the order written, so a merge overwrites a key set before it. Every expected
// value below is what sigs.k8s.io/yaml v1.6.0's YAMLToJSON gave for the same text (checked with Go
// on this machine); YAML 1.1's rule (the `yaml` package, js-yaml) kept the explicit key instead.
import { describe, expect, it } from 'vitest';
import { parseManifestText, parseManifestTextFast, parseManifestTextFull } from '../../src/load/yaml.js';
import { source } from './parse-compare.js';

const valueOf = (text: string): unknown => {
  const { manifests, problems } = parseManifestText(text, source);
  expect(problems).toEqual([]);
  expect(parseManifestTextFull(text, source).manifests[0]!.value).toEqual(manifests[0]!.value);
  return manifests[0]!.value;
};

describe('merge keys in the order written, as kubectl sends them', () => {
  it.each([
    ['a merge overwrites the key before it', 'base: &b {a: 1, c: 3}\nm:\n  a: 0\n  <<: *b\n  d: 4\n', { a: 1, c: 3, d: 4 }],
    ['a key after the merge overwrites it', 'base: &b {a: 1, c: 3}\nm:\n  <<: *b\n  a: 7\n', { a: 7, c: 3 }],
    ['in a list of sources the earlier map wins, over a key before too', 'b: &b {a: 1}\nc: &c {a: 2, d: 4}\nm:\n  a: 0\n  <<: [*b, *c]\n', { a: 1, d: 4 }],
    ['a merge is shallow: a map before it is replaced whole', 'b: &b {a: 1, k: {z: 1}}\nm:\n  k: {z: 2, w: 3}\n  <<: *b\n', { a: 1, k: { z: 1 } }],
    ['a key the merge does not hold stays', 'b: &b {a: 1}\nm:\n  x: 0\n  <<: *b\n', { x: 0, a: 1 }],
  ])('%s', (_, text, m) => {
    expect((valueOf(text) as { m: unknown }).m).toEqual(m);
  });

  it('leaves a `<<` after another key to the full path; takes one first in its map', () => {
    expect(parseManifestTextFast('b: &b {a: 1}\nm:\n  a: 0\n  <<: *b\n', source)).toBeUndefined();
    expect(parseManifestTextFast('b: &b {a: 1}\nm:\n  <<: *b\n  a: 0\n', source)).toBeDefined();
    expect(parseManifestTextFast('b: &b {a: 1}\nl:\n- x: 0\n  <<: *b\n', source)).toBeUndefined();
    expect(parseManifestTextFast('b: &b {a: 1}\nl:\n- <<: *b\n  x: 0\n', source)).toBeDefined();
  });

  const configMap = (data: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\n  namespace: default\n  annotations: &shared\n    k: ${data}\ndata:\n  k: "x"\n  <<: *shared\n`;

  it('checks the merged value and locates it in its source', () => {
    for (const parse of [parseManifestText, parseManifestTextFull]) {
      const [doc] = parse(configMap('5'), source).manifests;
      expect((doc!.value as { data: unknown }).data).toEqual({ k: 5 });
      // The source's `k: 5` (line 7), not the overwritten `k: "x"` (line 9).
      expect(doc!.locate(['data', 'k']).range).toEqual({ line: 7, column: 5, endLine: 7, endColumn: 9 });
    }
  });
});
