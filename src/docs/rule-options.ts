// The options a rule takes, for people: from the options schema in its METADATA.
import type { RuleInfo, RuleOptionSchema } from '../engine/check.js';

export interface RuleOption {
  name: string;
  type: string;
  default?: unknown;
  description: string;
}

function typeOf(p: RuleOptionSchema): string {
  if (p.enum) return p.enum.map((v) => JSON.stringify(v)).join(' | ');
  const type = Array.isArray(p.type) ? p.type.join(' | ') : p.type ?? 'any';
  return type === 'array' && p.items?.type ? `${p.items.type}[]` : type;
}

export function ruleOptions(rule: RuleInfo): RuleOption[] {
  return Object.entries(rule.optionsSchema?.properties ?? {}).map(([name, p]) => ({
    name,
    type: typeOf(p),
    ...(p.default !== undefined ? { default: p.default } : {}),
    description: p.description ?? '',
  }));
}

/** schemas/rule-options.schema.json: each rule's options schema by id, for editors and readers. */
export function renderOptionsSchemaFile(rules: readonly RuleInfo[]): string {
  const entries = [...rules].sort((a, b) => a.id.localeCompare(b.id)).flatMap((r) => (r.optionsSchema ? [[r.id, r.optionsSchema] as const] : []));
  return JSON.stringify(Object.fromEntries(entries), null, 2) + '\n';
}
