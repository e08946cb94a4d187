// kubelint's sprintf against OPA's own (`opa eval`), case by case: the wasm SDK's C-style sprintf
// got most of these wrong (%v of objects, %d of strings, %!s(int64=1), %q, padding).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { goSprintf } from '../../src/policy/builtins/sprintf.js';
import { OPA } from './helpers.js';

const CASES: Array<[string, unknown[]]> = [
  ['%s', ['abc']],
  ['%v', ['abc']],
  ['%d', [42]],
  ['%d', [-7]],
  ['%v', [42]],
  ['%s', [42]],
  ['%d', ['abc']],
  ['%v', [1.5]],
  ['%v', [0.1]],
  ['%v', [1e21]],
  ['%v', [123456789.5]],
  ['%v', [0.00001234]],
  ['%f', [1.5]],
  ['%.2f', [3.14159]],
  ['%.1f%%', [50.5]],
  ['%f', [50]],
  ['%e', [123456.789]],
  ['%g', [0.000012345]],
  ['%.3g', [1234.5678]],
  ['%q', ['he said "hi"\n']],
  ['%x', [255]],
  ['%X', ['hi']],
  ['%#x', [255]],
  ['%o', [8]],
  ['%b', [5]],
  ['%5d|%-5d|%05d', [42, 42, 42]],
  ['%+d % d', [5, 5]],
  ['%8s|%-8s|%.2s', ['abc', 'abc', 'abc']],
  ['%v', [{ b: [1, 'x'], a: true, c: null }]],
  ['%s', [['a', 'b']]],
  ['%v', [true]],
  ['%t', [true]],
  ['%v %v', ['only one']],
  ['%v', ['a', 'b']],
  ['%T %T %T', ['s', 1, 1.5]],
  ['%[2]s %[1]s', ['a', 'b']],
  ['%*d', [5, 42]],
  ['100%%', []],
  ['%z', [1]],
  ['trailing %', []],
  ['%c', [65]],
  ['%U', [0x1f600]],
  ['%s is %d years', ['Ann', 30]],
  ['%v', [{}]],
  ['%v', [[]]],
  ['%6.2f|%-8.3e|', [3.14159, 1234.5]],
  ['%x', [-255]],
  ['%05s', ['ab']],
  ['%v %v %v', [123456.5, 1234567.5, 0.0001]],
  ['%.0f %.0f %.1f', [0.5, 1.5, 0.25]],
  ['%g %G', [1e-7, 2.5e10]],
  ['%.2e', [0]],
  ['%8.3f|%-10.1f|%+.2f', [-3.14159, 2.25, 1]],
  ['%s', [{ 'a-b': { c: [1, { d: 'e' }] } }]],
  ['%d items', [1e15]],
];

describe('sprintf (host builtin for user policies)', () => {
  it('matches opa eval on every case', () => {
    const out = execFileSync(OPA, ['eval', '--format', 'json', '--stdin-input', '[sprintf(c[0], c[1]) | some c in input]'], { input: JSON.stringify(CASES), encoding: 'utf8' });
    const expected = (JSON.parse(out) as { result: Array<{ expressions: Array<{ value: string[] }> }> }).result[0]!.expressions[0]!.value;
    const actual = CASES.map(([format, args]) => goSprintf(format, args));
    const table = CASES.map((c, i) => ({ case: JSON.stringify(c), opa: expected[i], kubelint: actual[i] }));
    expect(table.filter((row) => row.opa !== row.kubelint)).toEqual([]);
  });
});
