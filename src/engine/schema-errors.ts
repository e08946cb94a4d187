// ajv errors → one readable violation per meaningful problem. ajv reports every failed branch of
// an anyOf (int-or-string, Quantity, "or null" wrappers); those are merged or dropped here.
import type { ErrorObject } from 'ajv';
import type { JsonPath } from '../types.js';

export interface SchemaProblem {
  path: JsonPath;
  message: string;
}

interface Located {
  error: ErrorObject;
  path: JsonPath;
  key: string;
}

export function explainErrors(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  const located: Located[] = errors
    .filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if')
    .map((error) => {
      const path = toPath(error.instancePath, data);
      return { error, path, key: path.join('\u0000') };
    });

  // A type mismatch at a path where another branch matched the type and failed deeper (or on
  // another keyword) is noise from the branch that did not apply.
  const deeper = new Set<string>();
  for (const { error, path } of located) {
    if (error.keyword !== 'type') deeper.add(path.join('\u0000'));
    for (let i = 0; i < path.length; i++) deeper.add(path.slice(0, i).join('\u0000'));
  }

  const problems: SchemaProblem[] = [];
  const typesAt = new Map<string, { path: JsonPath; types: Set<string> }>();
  const alternativesAt = new Map<string, { path: JsonPath; fields: string[] }>();
  for (const item of located) {
    const { error, path, key } = item;
    if (error.keyword === 'type') {
      if (deeper.has(key)) continue;
      const entry = typesAt.get(key) ?? { path, types: new Set<string>() };
      for (const t of [error.params.type].flat() as string[]) entry.types.add(t);
      typesAt.set(key, entry);
      continue;
    }
    if (error.keyword === 'required' && /\/anyOf\/\d+\/required$/.test(error.schemaPath)) {
      // anyOf: [{required: [a]}, {required: [b]}] means "one of a, b".
      const entry = alternativesAt.get(key) ?? { path, fields: [] };
      entry.fields.push(String(error.params.missingProperty));
      alternativesAt.set(key, entry);
      continue;
    }
    problems.push(describe(item, data));
  }
  for (const { path, types } of typesAt.values()) {
    types.delete('null'); // "or null" is implied for optional fields; naming it only adds noise
    const expected = [...types].sort((a, b) => (a === 'integer' ? -1 : b === 'integer' ? 1 : a.localeCompare(b)));
    const value = valueAt(data, path);
    // YAML 1.1 turns unquoted on/off/yes/no and digits into booleans and numbers.
    const hint = expected.length === 1 && expected[0] === 'string' && (typeof value === 'boolean' || typeof value === 'number') ? ' (quote it to keep it a string)' : '';
    problems.push({ path, message: `${display(path)}expected ${expected.join(' or ') || 'null'}, got ${describeValue(value)}${hint}` });
  }
  for (const { path, fields } of alternativesAt.values()) {
    const message = fields.length === 1 ? `missing required field "${fields[0]}"` : `missing one of the fields ${fields.map((f) => `"${f}"`).join(', ')}`;
    problems.push({ path, message: `${display(path)}${message}` });
  }
  return dedupe(problems).sort((a, b) => comparePaths(a.path, b.path));
}

function describe({ error, path }: Located, data: unknown): SchemaProblem {
  const params = error.params as Record<string, unknown>;
  const value = valueAt(data, path);
  switch (error.keyword) {
    case 'required':
      return { path, message: `${display(path)}missing required field "${String(params.missingProperty)}"` };
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const fieldPath = [...path, field];
      return { path: fieldPath, message: `${display(fieldPath)}unknown field "${field}"` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).filter((v) => v !== null).map((v) => JSON.stringify(v));
      return { path, message: `${display(path)}${describeValue(value)} is not one of ${allowed.join(', ')}` };
    }
    case 'format':
      return { path, message: `${display(path)}${describeValue(value)} ${FORMAT_PROBLEMS[String(params.format)] ?? `is not a valid ${String(params.format)}`}` };
    case 'pattern':
      return {
        path,
        message: isQuantityPattern(String(params.pattern))
          ? `${display(path)}${describeValue(value)} is not a valid quantity (e.g. 500m, 1.5, 128Mi, 1Gi)`
          : `${display(path)}${describeValue(value)} does not match ${String(params.pattern)}`,
      };
    case 'not':
      return { path, message: `${display(path)}${describeValue(value)} is not allowed here` };
    default:
      return { path, message: `${display(path)}${error.message ?? error.keyword}` };
  }
}

const FORMAT_PROBLEMS: Record<string, string> = {
  byte: 'is not valid base64',
  'date-time': 'is not an RFC 3339 date-time',
  int32: 'is outside the 32-bit integer range',
};

function isQuantityPattern(pattern: string): boolean {
  return pattern.includes('[KMGTPE]i');
}

/** JSON pointer → path, with array indexes as numbers (object keys that look numeric stay strings). */
function toPath(pointer: string, data: unknown): JsonPath {
  if (pointer === '') return [];
  const path: Array<string | number> = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      path.push(Number(segment));
      current = current[Number(segment)];
    } else {
      path.push(segment);
      current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

function valueAt(data: unknown, path: JsonPath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** "spec.template.spec.containers[0]: " (empty at the root). */
export function display(path: JsonPath): string {
  return path.length === 0 ? '' : `${formatPath(path)}: `;
}

export function formatPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return `timestamp ${value.toISOString()}`; // a YAML parser that resolves timestamps
  if (typeof value === 'object') return 'object';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  if (typeof value === 'number') return `${Number.isInteger(value) ? 'integer' : 'number'} ${value}`;
  return `${typeof value} ${String(value)}`;
}

function dedupe(problems: SchemaProblem[]): SchemaProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path.join('\u0000')}\u0001${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function comparePaths(a: JsonPath, b: JsonPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x).localeCompare(String(y));
  }
  return a.length - b.length;
}
