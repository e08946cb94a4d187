// The options a rule takes, from schemas/rule-options.schema.json (one JSON schema per rule).
import { existsSync, readFileSync } from 'node:fs';
import { packagePath } from '../config/paths.js';

export interface RuleOption {
  name: string;
  type: string;
  default?: unknown;
  description: string;
}

interface PropertySchema {
  type?: string | string[];
  items?: { type?: string };
  default?: unknown;
  description?: string;
  enum?: unknown[];
}

let schemas: Record<string, { properties?: Record<string, PropertySchema> }> | undefined;

function typeOf(p: PropertySchema): string {
  if (p.enum) return p.enum.map((v) => JSON.stringify(v)).join(' | ');
  const type = Array.isArray(p.type) ? p.type.join(' | ') : p.type ?? 'any';
  return type === 'array' && p.items?.type ? `${p.items.type}[]` : type;
}

export function ruleOptions(id: string): RuleOption[] {
  if (!schemas) {
    const file = packagePath('schemas', 'rule-options.schema.json');
    schemas = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as typeof schemas) : {};
  }
  return Object.entries(schemas![id]?.properties ?? {}).map(([name, p]) => ({
    name,
    type: typeOf(p),
    ...(p.default !== undefined ? { default: p.default } : {}),
    description: p.description ?? '',
  }));
}
