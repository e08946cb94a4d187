// A js-yaml schema that resolves plain scalars the way Kubernetes (go-yaml v2, YAML 1.1) does and,
// test for test, the way the `yaml` package does with `version: '1.1'` minus timestamps — so the
// fast parse path yields the same values as the full one. Quoted and block scalars stay strings
// (js-yaml only resolves plain scalars). Merge keys are not resolved here: documents with `<<`
// take the full `yaml` path, whose merge semantics are the reference.
import jsYaml from 'js-yaml';

interface Resolver {
  test: RegExp;
  resolve(text: string): unknown;
}

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

// Same tests, same order as yaml/dist/schema/yaml-1.1 (null, bool, int, float, then the
// sexagesimal int/float forms); the first match wins there, so it must here too.
const NULL: Resolver[] = [{ test: /^(?:~|[Nn]ull|NULL)?$/, resolve: () => null }];
const BOOL: Resolver[] = [
  { test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, resolve: () => true },
  { test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/, resolve: () => false },
];
const INT: Resolver[] = [
  { test: /^[-+]?0b[0-1_]+$/, resolve: (s) => radixInt(s, 2, 2) },
  { test: /^[-+]?0[0-7_]+$/, resolve: (s) => radixInt(s, 1, 8) },
  { test: /^[-+]?[0-9][0-9_]*$/, resolve: (s) => radixInt(s, 0, 10) },
  { test: /^[-+]?0x[0-9a-fA-F_]+$/, resolve: (s) => radixInt(s, 2, 16) },
];
const FLOAT: Resolver[] = [
  {
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY),
  },
  { test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/, resolve: (s) => parseFloat(s.replace(/_/g, '')) },
  { test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/, resolve: (s) => parseFloat(s.replace(/_/g, '')) },
];
const INT_TIME: Resolver = { test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/, resolve: sexagesimal };
const FLOAT_TIME: Resolver = { test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/, resolve: sexagesimal };

/** The value a plain scalar resolves to, or `undefined` when it stays a string. */
export function resolveYaml11Scalar(text: string): unknown {
  for (const group of [NULL, BOOL, INT, FLOAT, [INT_TIME, FLOAT_TIME]]) {
    for (const resolver of group) if (resolver.test.test(text)) return resolver.resolve(text);
  }
  return undefined;
}

// js-yaml keeps one implicit type per tag, so each tag gets one type trying its tests in order.
function scalarType(tag: string, resolvers: Resolver[]): jsYaml.Type {
  const find = (data: unknown): Resolver | undefined =>
    typeof data === 'string' ? resolvers.find((r) => r.test.test(data)) : data === null ? resolvers.find((r) => r.test.test('')) : undefined;
  return new jsYaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (data: unknown) => find(data) !== undefined,
    construct: (data: unknown) => find(data)!.resolve(typeof data === 'string' ? data : ''),
  });
}

/** YAML 1.1 scalars as Kubernetes reads them; timestamps stay strings (creationTimestamp). */
export const YAML11_SCHEMA: jsYaml.Schema = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalarType('null', NULL),
    scalarType('bool', BOOL),
    scalarType('int', [...INT, INT_TIME]),
    scalarType('float', [...FLOAT, FLOAT_TIME]),
  ],
});
