// A yes/no pre-check written beside each precompiled kind validator (scripts/precompile-schemas.mjs):
// most resources are valid, and for them ajv's code does work only an invalid one needs: every
// call of a definition's validator builds its instancePath string and an options object, every
// anyOf branch saves and restores the error count. In a warm 1,000-resource run the validators
// run cold in V8's interpreter, so that work is most of the schema check's time.
//
// The pre-check is sound, not exact: "true" means ajv (this project's options, ajv-setup.ts) finds
// no error; "false" means "ask ajv", which then finds the errors or none. Every check is the same
// as ajv's or stricter (an integer must be Number.isInteger, a number finite, an enum value
// primitive); a keyword or format it does not know makes its schema answer false, never true.
import type { JsonSchema } from './normalize.js';

/** The keywords the pre-check understands; any other makes the schema holding it answer "ask ajv". */
const KNOWN = new Set(['type', '$ref', 'properties', 'additionalProperties', 'required', 'items', 'anyOf', 'enum', 'format', 'pattern']);

/** The formats ajv-setup.ts defines, and the type each applies to (ajv skips a format for values of other types). */
const FORMAT_TYPES: Record<string, string> = { int32: 'number', byte: 'string', 'date-time': 'string' };

/** ajv's type tests, integer and number stricter (ajv without strictNumbers also takes Infinity). */
const TYPE_TESTS: Record<string, (x: string) => string> = {
  object: (x) => `(${x} !== null && typeof ${x} === "object" && !Array.isArray(${x}))`,
  array: (x) => `Array.isArray(${x})`,
  string: (x) => `typeof ${x} === "string"`,
  boolean: (x) => `typeof ${x} === "boolean"`,
  null: (x) => `${x} === null`,
  integer: (x) => `Number.isInteger(${x})`,
  number: (x) => `Number.isFinite(${x})`,
};

const isSchema = (value: unknown): value is JsonSchema => value !== null && typeof value === 'object' && !Array.isArray(value);

const LOCAL_REF = '#/definitions/';

/**
 * The source of the pre-checks of `roots` (export name → definition name in `definitions`): a
 * statement list that declares `const <export> = function (x) {...}` for each, given `formats`
 * (ajv-setup.ts KUBERNETES_FORMATS) in scope. Each definition reached is one function; everything
 * else is inlined.
 */
export function fastValidatorSource(definitions: Record<string, JsonSchema>, roots: Record<string, string>): string {
  const functionOf = new Map<string, string>();
  const pending: string[] = [];
  const hoisted: string[] = [];
  const patterns = new Map<string, string>();
  let temp = 0;

  const definitionFunction = (name: string): string | undefined => {
    if (!isSchema(definitions[name])) return undefined;
    let fn = functionOf.get(name);
    if (fn === undefined) {
      fn = `d${functionOf.size}`;
      functionOf.set(name, fn);
      pending.push(name);
    }
    return fn;
  };

  /** A boolean expression: whether `x` (a variable name) passes `schema`, when it is as short as a call. */
  const shortTest = (schema: unknown, x: string): string | undefined => {
    if (!isSchema(schema)) return schema === true ? 'true' : schema === false ? 'false' : undefined;
    const keys = Object.keys(schema);
    if (keys.length === 0) return 'true';
    if (keys.length === 1 && typeof schema.$ref === 'string') {
      const fn = schema.$ref.startsWith(LOCAL_REF) ? definitionFunction(schema.$ref.slice(LOCAL_REF.length)) : undefined;
      return fn === undefined ? 'false' : `${fn}(${x})`;
    }
    if (keys.length === 1 && schema.type === 'null') return `${x} === null`;
    return undefined;
  };

  /** A boolean expression for any schema: short, or a hoisted function of its own. */
  const test = (schema: unknown, x: string): string => {
    const short = shortTest(schema, x);
    if (short !== undefined) return short;
    const fn = `s${temp++}`;
    hoisted.push(`function ${fn}(x) {\n${statements(schema as JsonSchema, 'x')}return true;\n}`);
    return `${fn}(${x})`;
  };

  /** Statements that `return false` unless `x` passes `schema`. */
  const statements = (schema: unknown, x: string): string => {
    const short = shortTest(schema, x);
    if (short === 'true') return '';
    if (short !== undefined) return `if (!${short}) return false;\n`;
    const s = schema as JsonSchema;
    if (Object.keys(s).some((key) => !KNOWN.has(key))) return 'return false;\n';
    let out = '';
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? s.type : [s.type];
      if (types.some((t) => typeof t !== 'string' || !(t in TYPE_TESTS))) return 'return false;\n';
      out += `if (!(${types.map((t) => TYPE_TESTS[t as string]!(x)).join(' || ')})) return false;\n`;
    }
    if (s.$ref !== undefined) out += statements({ $ref: s.$ref }, x);
    if (s.enum !== undefined) {
      if (!Array.isArray(s.enum)) return 'return false;\n';
      const values = s.enum.filter((v) => v === null || typeof v !== 'object').map((v) => JSON.stringify(v) ?? 'undefined');
      out += `if (!(${values.length === 0 ? 'false' : values.map((v) => `${x} === ${v}`).join(' || ')})) return false;\n`;
    }
    if (s.format !== undefined) {
      const type = typeof s.format === 'string' ? FORMAT_TYPES[s.format] : undefined;
      if (type === undefined) return 'return false;\n';
      out += `if (typeof ${x} === "${type}" && !formats[${JSON.stringify(s.format)}].validate(${x})) return false;\n`;
    }
    if (s.pattern !== undefined) {
      if (typeof s.pattern !== 'string') return 'return false;\n';
      let rx = patterns.get(s.pattern);
      if (rx === undefined) patterns.set(s.pattern, (rx = `p${patterns.size}`));
      out += `if (typeof ${x} === "string" && !${rx}.test(${x})) return false;\n`;
    }
    if (s.anyOf !== undefined) {
      if (!Array.isArray(s.anyOf) || s.anyOf.length === 0) return 'return false;\n';
      out += `if (!(${s.anyOf.map((branch) => test(branch, x)).join(' || ')})) return false;\n`;
    }
    if (s.items !== undefined) {
      if (!isSchema(s.items) && typeof s.items !== 'boolean') return 'return false;\n';
      const [i, e] = [`i${temp}`, `e${temp++}`];
      const body = statements(s.items, e);
      if (body !== '') out += `if (Array.isArray(${x})) for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {\nconst ${e} = ${x}[${i}];\n${body}}\n`;
    }
    out += objectStatements(s, x);
    return out;
  };

  /** properties, additionalProperties and required, for an object `x`: one pass over its own keys. */
  const objectStatements = (s: JsonSchema, x: string): string => {
    const { properties, additionalProperties, required } = s;
    if (properties === undefined && additionalProperties === undefined && required === undefined) return '';
    if ((properties !== undefined && !isSchema(properties)) || (required !== undefined && !Array.isArray(required))) return 'return false;\n';
    if (additionalProperties !== undefined && !isSchema(additionalProperties) && typeof additionalProperties !== 'boolean') return 'return false;\n';
    const names = Object.keys(properties ?? {});
    // ajv reads a property as `x.name !== undefined`: a name Object.prototype also has would be read
    // from there when absent. None is in the bundle; a schema with one is left to ajv.
    if (names.some((name) => name in Object.prototype)) return 'return false;\n';
    let out = `if (${TYPE_TESTS.object!(x)}) {\n`;
    const missing = ((required ?? []) as unknown[]).map((name) => `${x}[${JSON.stringify(String(name))}] === undefined`);
    if (missing.length > 0) out += `if (${missing.join(' || ')}) return false;\n`;
    // One loop over the keys the object has (a handful of the 40 PodSpec allows), a `for...in` like ajv's.
    const v = `v${temp++}`;
    const cases = names.map((name) => `case ${JSON.stringify(name)}: {\n${statements(properties![name], v)}break;\n}\n`).join('');
    const rest = additionalProperties === undefined || additionalProperties === true ? '' : statements(additionalProperties, v);
    if (cases === '' && rest === '') return `${out}}\n`;
    out += `for (const k in ${x}) {\nconst ${v} = ${x}[k];\n`;
    out += `switch (k) {\n${cases}default: {\n${rest}}\n}\n}\n}\n`;
    return out;
  };

  const exported = Object.entries(roots).map(([exportName, definition]) => {
    const fn = definitionFunction(definition);
    return `const ${exportName} = ${fn ?? '() => false'};`;
  });
  const functions: string[] = [];
  for (let i = 0; i < pending.length; i++) {
    const name = pending[i]!;
    functions.push(`function ${functionOf.get(name)}(x) {\n${statements(definitions[name], 'x')}return true;\n}`);
  }
  const regexps = [...patterns].map(([pattern, rx]) => `const ${rx} = new RegExp(${JSON.stringify(pattern)}, "u");`);
  return [...regexps, ...functions, ...hoisted, ...exported].join('\n');
}
