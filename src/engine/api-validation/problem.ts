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

/** Reports every message of a validator, at one path. */
export function each(path: JsonPath, field: string, value: string, messages: readonly string[]): Problem[] {
  return messages.map((m) => invalid(path, field, value, m));
}
