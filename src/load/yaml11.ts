// A js-yaml schema that resolves plain scalars the way Kubernetes (go-yaml v2, YAML 1.1) does and,
// test for test, the way the `yaml` package does with `version: '1.1'` minus timestamps — so the
// fast parse path yields the same values as the full one. Quoted and block scalars stay strings
// (js-yaml only resolves plain scalars). Merge keys are resolved only by YAML11_MERGE_SCHEMA, for the
// documents yaml-anchors.ts lets the fast path read with them; the `yaml` path's merges are the reference.
import jsYaml from 'js-yaml';

/** Integer in a radix after a prefix of `offset` characters (past an optional sign); `_` ignored. */
function radixInt(text: string, offset: number, radix: number): number {
  const sign = text[0];
  const start = sign === '-' || sign === '+' ? offset + 1 : offset;
  const n = parseInt(text.substring(start).replace(/_/g, ''), radix);
  return sign === '-' ? -1 * n : n;
}

/** `1:20` → 80, `1:20:30.5` → 4830.5 (base 60, the YAML 1.1 "sexagesimal" forms). */
function sexagesimal(text: string): number {
  const sign = text[0];
  const digits = sign === '-' || sign === '+' ? text.substring(1) : text;
  const value = digits
    .replace(/_/g, '')
    .split(':')
    .reduce((sum, part) => sum * 60 + Number(part), 0);
  return sign === '-' ? -1 * value : value;
}

/**
 * YAML 1.1 floats as Kubernetes reads them (go-yaml: a digit before the exponent or around the
 * point). The `yaml` package's own 1.1 patterns also take a mantissa with no digit, so `.`, `-.`,
 * `e5` and `.e5` became NaN there, where the API server reads the strings (`path: .`). Both parse
 * paths use these (yaml.ts kubernetesTags).
 */
export const FLOAT_WITH_EXPONENT = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]*[0-9][0-9_]*)[eE][-+]?[0-9]+$/;
export const FLOAT_WITH_POINT = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]*[0-9][0-9_]*)$/;

// Same tests, same order as yaml/dist/schema/yaml-1.1 (null, bool, int, float — the floats as
// Kubernetes reads them, above — then the sexagesimal int/float forms); the first match wins
// there, so it must here too. Each test names what its match resolves to (resolved below): one
// call for every kind, where a function per test made the call see a new function at the first
// boolean (or octal, or float) after V8 had optimised the parse, which threw that code away.
const NULL = 0;
const TRUE = 1;
const FALSE = 2;
const BINARY = 3;
const OCTAL = 4;
const DECIMAL = 5;
const HEX = 6;
const INFINITY_OR_NAN = 7;
const FLOAT = 8;
const SEXAGESIMAL = 9;

const IN_ORDER: ReadonlyArray<{ test: RegExp; kind: number }> = [
  { test: /^(?:~|[Nn]ull|NULL)?$/, kind: NULL },
  { test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, kind: TRUE },
  { test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/, kind: FALSE },
  { test: /^[-+]?0b[0-1_]+$/, kind: BINARY },
  { test: /^[-+]?0[0-7_]+$/, kind: OCTAL },
  { test: /^[-+]?[0-9][0-9_]*$/, kind: DECIMAL },
  { test: /^[-+]?0x[0-9a-fA-F_]+$/, kind: HEX },
  { test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, kind: INFINITY_OR_NAN },
  { test: FLOAT_WITH_EXPONENT, kind: FLOAT },
  { test: FLOAT_WITH_POINT, kind: FLOAT },
  { test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/, kind: SEXAGESIMAL },
  { test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/, kind: SEXAGESIMAL },
];

/** The value of a plain scalar whose first matching test is of `kind`. */
function resolved(kind: number, s: string): unknown {
  switch (kind) {
    case NULL:
      return null;
    case TRUE:
      return true;
    case FALSE:
      return false;
    case BINARY:
      return radixInt(s, 2, 2);
    case OCTAL:
      return radixInt(s, 1, 8);
    case DECIMAL:
      return radixInt(s, 0, 10);
    case HEX:
      return radixInt(s, 2, 16);
    case INFINITY_OR_NAN:
      return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    case FLOAT:
      return parseFloat(s.replace(/_/g, ''));
    default:
      return sexagesimal(s);
  }
}

/** What NULL and the boolean tests match, with its value: the only matches of a text starting with n, y, t, f or o. */
const WORDS = new Map<string, boolean | null>([
  ...['', '~', 'null', 'Null', 'NULL'].map((w): [string, null] => [w, null]),
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((w): [string, boolean] => [w, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((w): [string, boolean] => [w, false]),
]);

/**
 * True when a plain scalar cannot resolve to anything but a string: checked first, it spares the
 * regexes (keys such as `name` and `type` are asked too, once per key).
 */
function surelyString(text: string): boolean {
  const c = text.charCodeAt(0);
  // Digits, signs and `.` start numbers; `e` starts none (`e5` is a string) but is left to the tests; `~` is null.
  if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x7e || (c | 0x20) === 0x65 || text.length === 0) return false;
  // Other letters start only the null and boolean words, five characters long at most: n y t f o.
  const letter = c | 0x20;
  if (text.length > 5 || !(letter === 0x6e || letter === 0x79 || letter === 0x74 || letter === 0x66 || letter === 0x6f)) return true;
  return !WORDS.has(text);
}

/**
 * Digits only, without a leading zero (`0` alone aside): DECIMAL's texts that no test before it
 * matches (OCTAL takes a leading zero), so their value is parseInt's, as radixInt gives it.
 */
function plainDecimal(text: string): boolean {
  const first = text.charCodeAt(0);
  if (!(first >= 0x31 && first <= 0x39)) return text === '0';
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** The value a plain scalar resolves to, or `undefined` when it stays a string. */
export function resolveYaml11Scalar(text: string): unknown {
  if (surelyString(text)) return undefined;
  const word = WORDS.get(text);
  if (word !== undefined) return word;
  if (plainDecimal(text)) return parseInt(text, 10);
  for (const { test, kind } of IN_ORDER) if (test.test(text)) return resolved(kind, text);
  return undefined;
}

// One implicit type for every plain scalar (js-yaml asks each implicit type in turn, twice per
// scalar: resolve, then construct): the order of the tests above decides, as in the `yaml` package.
// Its tag names no real type; tagged texts take the full path anyway (yaml-fast-guards.ts).
let lastText: string | undefined;
let lastValue: unknown;
const PLAIN = new jsYaml.Type('tag:kubelint,2026:yaml11-plain', {
  kind: 'scalar',
  resolve(data: unknown): boolean {
    const text = typeof data === 'string' ? data : data === null ? '' : undefined;
    if (text === undefined) return false;
    lastValue = resolveYaml11Scalar(text);
    lastText = text;
    return lastValue !== undefined;
  },
  construct(data: unknown): unknown {
    const text = typeof data === 'string' ? data : '';
    return text === lastText ? lastValue : resolveYaml11Scalar(text);
  },
});

/** YAML 1.1 scalars as Kubernetes reads them; timestamps stay strings (creationTimestamp). */
export const YAML11_SCHEMA: jsYaml.Schema = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [PLAIN] });

/**
 * A plain `<<` key as YAML 1.1's merge key (js-yaml merges a mapping pair whose key has this tag),
 * asked before PLAIN, which would read it as the string. Only for the documents the fast path reads
 * with anchors and merge keys (yaml-anchors.ts): the others never hold a `<<` key it may merge.
 */
const MERGE = new jsYaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: string) => data === '<<' });

export const YAML11_MERGE_SCHEMA: jsYaml.Schema = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [MERGE, PLAIN] });
