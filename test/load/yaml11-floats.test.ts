// Plain scalars with no digit in a float's mantissa (`path: .`, `e5`, `.e5`) are strings for
// Kubernetes (go-yaml's YAML 1.1 floats need a digit), not NaN: the `yaml` package's own 1.1
// patterns took them, and the fast path followed it, so `root: .` in a ConfigMap was a schema
// error ("expected string, got number NaN") the API server never gives.
import { describe, expect, it } from 'vitest';
import { kubernetesTags, parseManifestText, parseManifestTextFull } from '../../src/load/yaml.js';
import { FLOAT_WITH_EXPONENT, FLOAT_WITH_POINT } from '../../src/load/yaml11.js';
import { parse, type Tags } from 'yaml';

const source = { kind: 'file', name: 'floats.yaml' } as const;
const STRINGS = ['.', '-.', '+.', '._', '..', 'e5', 'E5', '.e5', '+e5', '-.E5', '_1', '._e5'];
const FLOATS: Array<[string, number]> = [['1.', 1], ['.5', 0.5], ['._5', 0.5], ['1_0.5', 10.5], ['1e5', 100000], ['1.e5', 100000], ['.5e3', 500], ['-1.5E-3', -0.0015], ['+.5', 0.5], ['1_000.0_1', 1000.01]];

function valueOf(text: string, parser: typeof parseManifestText): unknown {
  const manifest = parser(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: ${text}\n`, source).manifests[0]!;
  return (manifest.value as { data: { k: unknown } }).data.k;
}

describe('YAML 1.1 floats, as Kubernetes reads them', () => {
  it.each(STRINGS)('%s stays a string on both parse paths', (text) => {
    expect(valueOf(text, parseManifestText)).toBe(text);
    expect(valueOf(text, parseManifestTextFull)).toBe(text);
  });

  it.each(FLOATS)('%s is the float %d on both parse paths', (text, value) => {
    expect(valueOf(text, parseManifestText)).toBe(value);
    expect(valueOf(text, parseManifestTextFull)).toBe(value);
  });

  it("replaces both of the yaml package's float patterns (a new package version must be looked at)", () => {
    let replaced = 0;
    const tags = (base: Tags) => {
      const ours = kubernetesTags(base);
      replaced = ours.filter((t) => typeof t !== 'string' && 'test' in t && (t.test === FLOAT_WITH_EXPONENT || t.test === FLOAT_WITH_POINT)).length;
      return ours;
    };
    expect(parse('k: .', { version: '1.1', customTags: tags })).toEqual({ k: '.' });
    expect(replaced).toBe(2);
  });
});
