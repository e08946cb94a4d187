// resolveYaml11Scalar (the fast path's plain scalars) against the `yaml` package's own YAML 1.1
// resolution, minus timestamps, on every plain scalar of up to 3 characters from an alphabet of the
// characters that start or shape the 1.1 forms, and on longer words. The resolver skips its
// regexes for scalars that can only be strings: this holds that shortcut to the reference.
import { isScalar, parseDocument, Scalar } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { resolveYaml11Scalar } from '../../src/load/yaml11.js';
import { kubernetesTags } from '../../src/load/yaml.js';

const ALPHABET = ['e', 'E', 'n', 'N', 'o', 'O', 'y', 'Y', 't', 'f', 'a', '0', '1', '7', '9', '.', '+', '-', ':', 'x', 'b', '_', '~', 'i'];
const WORDS = [
  'false', 'FALSE', 'False', 'fAlse', 'falsey', 'null', 'NULL', 'nulls', 'yes', 'YES', 'yess', 'true', 'TRUE', 'trues',
  'off', 'OFF', 'offf', 'on', 'ON', 'nginx', 'example', 'e12345678', 'E-5', 'e+10', '1e5', '.inf', '-.inf', '.NaN',
  '0o17', '0x1F', '0b101', '1:20:30.5', '190:20:30', '0644', '1_000_000', '2024-01-01T00:00:00Z', 'infinity', 'Yes.',
  // Mixed cases of the null and boolean words, and the keys and numbers of every manifest.
  'nUll', 'NUll', 'yEs', 'yES', 'tRUE', 'TRue', 'oN', 'oFF', 'OFf', 'nO', 'fALSE', 'FAlse', 'Y', 'y', 'N', 'n',
  'name', 'type', 'on', 'tag', 'ports', 'tier', 'nodes', 'yaml', 'no-op', 'off-1', 'true1', 'onion',
  '8080', '10', '0', '00', '08', '0755', '9007199254740993', '12345678901234567890123', '1234567890',
];

function* strings(length: number): Generator<string> {
  if (length === 0) {
    yield '';
    return;
  }
  for (const head of strings(length - 1)) for (const c of ALPHABET) yield head + c;
}

/** What the `yaml` package reads `k: <text>` as (1.1, no timestamps), or undefined when not one plain scalar. */
function reference(text: string): { value: unknown } | undefined {
  const doc = parseDocument(`k: ${text}\n`, {
    version: '1.1',
    customTags: kubernetesTags,
  });
  if (doc.errors.length > 0) return undefined;
  const node = doc.get('k', true);
  if (node === null || node === undefined) return { value: null };
  if (!isScalar(node) || node.type !== Scalar.PLAIN || node.source !== text) return undefined;
  return { value: node.value };
}

describe('resolveYaml11Scalar', () => {
  it('resolves every short plain scalar and the longer words as the yaml package does', () => {
    let compared = 0;
    const differ: string[] = [];
    const texts = [...[0, 1, 2, 3].flatMap((n) => [...strings(n)]), ...WORDS];
    for (const text of texts) {
      const want = reference(text);
      if (!want) continue;
      const resolved = resolveYaml11Scalar(text);
      const got = resolved === undefined ? text : resolved;
      compared++;
      if (!Object.is(got, want.value)) differ.push(`${JSON.stringify(text)}: ${String(got)} instead of ${String(want.value)}`);
    }
    expect(differ).toEqual([]);
    expect(compared).toBeGreaterThan(10_000);
  });

  it('resolves keys such as name and type, the null and boolean words and decimal integers without a regular expression', () => {
    // These are most of a manifest's plain scalars that are not surely strings by their first
    // character (plain 1,000: 13,000 of 17,400 went through the regexes, up to twelve each).
    const test = vi.spyOn(RegExp.prototype, 'test');
    try {
      const values = ['name', 'type', 'tier', 'ports', 'on', 'true', 'False', 'NULL', 'no', '8080', '3', '0'].map(resolveYaml11Scalar);
      expect(values).toEqual([undefined, undefined, undefined, undefined, true, true, false, null, false, 8080, 3, 0]);
      expect(test).not.toHaveBeenCalled();
    } finally {
      test.mockRestore();
    }
    // Texts the shortcuts do not take still go to the regexes: octal, signed, underscored, floats.
    expect(['010', '-5', '1_000', '1.5', '0x10'].map(resolveYaml11Scalar)).toEqual([8, -5, 1000, 1.5, 16]);
  });
});
