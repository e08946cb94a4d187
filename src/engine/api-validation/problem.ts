// What an API-validation check reports: a path inside the object and the API server's complaint.
import type { JsonPath } from '../../types.js';

export { isRecord } from '../../shared/records.js';

export interface Problem {
  path: JsonPath;
  message: string;
}

export type Record_ = Record<string, unknown>;

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Field-error text as the API server words it: `<field> "<value>": <rule>`, refused. */
export function invalid(path: JsonPath, field: string, value: string, rule: string): Problem {
  return { path, message: `${field} ${JSON.stringify(value)} is refused by the API server: ${rule}` };
}

/**
 * Adds every message of a validator to `out`, at one path. The path is built only then: a valid
 * value (nearly every one) costs no array.
 */
export function each(out: Problem[], path: () => JsonPath, field: string | (() => string), value: string, messages: readonly string[]): void {
  if (messages.length === 0) return;
  const at = path();
  const name = typeof field === 'string' ? field : field();
  for (const m of messages) out.push(invalid(at, name, value, m));
}
