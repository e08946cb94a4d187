// The host builtins kubelint provides to user policies, against OPA's own (`opa eval`) case by
// case: regex.* with Go's match and template rules, time.* to the nanosecond, strings.count.
// Run inside a compiled policy too, so the values cross the wasm boundary as they do in a lint.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HOST_BUILTINS } from '../../src/policy/host-builtins.js';
import { OPA } from './helpers.js';

/** [builtin, args]; each is evaluated by opa and by kubelint. */
const CASES: Array<[string, unknown[]]> = [
  ['regex.replace', ['abc-123-def', '[0-9]+', 'N']],
  ['regex.replace', ['abc', 'b*', '-']],
  ['regex.replace', ['john smith', '(\\w+) (\\w+)', '$2, $1']],
  ['regex.replace', ['john smith', '(\\w+) (\\w+)', '$2x $1']],
  ['regex.replace', ['john smith', '(?P<first>\\w+) (?P<last>\\w+)', '${last}: ${first} $$5']],
  ['regex.replace', ['Hello WORLD', '(?i)world', 'there']],
  ['regex.replace', ['a.b.c', '\\Q.\\E', '/']],
  ['regex.replace', ['tab\there', '[[:space:]]', '_']],
  ['regex.split', ['[,;]\\s*', 'a, b;c,,d']],
  ['regex.split', ['x*', 'axbxxc']],
  ['regex.split', ['', 'abc']],
  ['regex.split', ['a', '']],
  ['regex.split', [',', 'a,b,']],
  ['regex.find_n', ['[0-9]+', 'a1b22c333', -1]],
  ['regex.find_n', ['[0-9]+', 'a1b22c333', 2]],
  ['regex.find_n', ['\\Aa', 'aaa', -1]],
  ['regex.find_n', ['z', 'aaa', -1]],
  ['strings.count', ['cheese', 'e']],
  ['strings.count', ['aaaa', 'aa']],
  ['strings.count', ['five', '']],
  ['time.parse_rfc3339_ns', ['2024-02-29T12:30:45.123456789Z']],
  ['time.parse_rfc3339_ns', ['2024-02-29T12:30:45+02:00']],
  ['time.parse_rfc3339_ns', ['1999-12-31T23:59:59.5-05:30']],
  ['time.parse_rfc3339_ns', ['2023-02-29T00:00:00Z']],
  ['time.parse_rfc3339_ns', ['not a time']],
  ['time.parse_duration_ns', ['1h30m']],
  ['time.parse_duration_ns', ['-1.5s']],
  ['time.parse_duration_ns', ['300ms']],
  ['time.parse_duration_ns', ['3\u00b5s']], // micro sign, both spellings Go reads (the source holds them escaped: the CLI bundle is ASCII)
  ['time.parse_duration_ns', ['4\u03bcs']], // Greek mu
  ['time.parse_duration_ns', ['1.000000001s']],
  ['time.parse_duration_ns', ['2h45m30.5s']],
  ['time.parse_duration_ns', ['0']],
  ['time.parse_duration_ns', ['10']],
  ['time.date', [1709209845123456789]],
  ['time.date', [[1709209845000000000, 'America/New_York']]],
  ['time.clock', [1709209845000000000]],
  ['time.clock', [[1709209845000000000, 'Asia/Kolkata']]],
  ['time.weekday', [1709209845000000000]],
  ['time.weekday', [[1709165000000000000, 'Pacific/Kiritimati']]],
  ['time.add_date', [1709209845000000000, 1, 1, 1]],
  ['time.add_date', [1706745600000000000, 0, 1, 0]],
  ['time.add_date', [1709209845000000000, -1, 0, 0]],
];

/** Integers too long for a JS number, as strings on both sides (compared digit for digit). */
const bigAsText = (json: string) => json.replace(/(?<=[:[,\s])(-?\d{16,})(?=[,\]\s}])/g, '"$1"');

describe('host builtins (user policies)', () => {
  it('match opa eval on every case', () => {
    // One opa eval: each case wrapped in a comprehension, so an error (undefined) is [].
    const query = `[${CASES.map(([name, args], i) => `[v | v := ${name}(${args.map((_, j) => `input[${i}][1][${j}]`).join(', ')})]`).join(', ')}]`;
    const out = execFileSync(OPA, ['eval', '--format', 'json', '--stdin-input', query], { input: JSON.stringify(CASES), encoding: 'utf8' });
    const expected = (JSON.parse(bigAsText(out)) as { result: Array<{ expressions: Array<{ value: unknown[][] }> }> }).result[0]!.expressions[0]!.value;
    const actual = CASES.map(([name, args]) => {
      const value = HOST_BUILTINS[name]!(...args);
      if (value === undefined) return [];
      return [value instanceof ArrayBuffer ? JSON.parse(bigAsText(` ${new TextDecoder().decode(value)} `)) : value];
    });
    const norm = (v: unknown) => JSON.stringify(v);
    const table = CASES.map((c, i) => ({ case: JSON.stringify(c), opa: norm(expected[i]), kubelint: norm(actual[i]) }));
    expect(table.filter((row) => row.opa !== row.kubelint)).toEqual([]);
    expect(expected).toHaveLength(CASES.length);
    // Spot checks that the table is not vacuous: Go's rules, not JavaScript's.
    expect(table[1]!.opa).toBe('["-a-c-"]'); // no empty match right after a match
    expect(table[3]!.opa).toBe('[" john"]'); // $2x is ${2x}, empty
    expect(table[20]!.opa).toBe('["1709209845123456789"]'); // every nanosecond
    expect(table[23]!.opa).toBe('[]'); // Feb 29 2023: an error, so undefined
  });
});
