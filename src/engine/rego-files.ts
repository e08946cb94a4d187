// Reading the compiled policy bundle (build/policies) and the rule options schema from disk.
import { existsSync, readFileSync } from 'node:fs';
import { packagePath } from '../config/paths.js';
import type { RuleInfo } from './check.js';

export const POLICY_DIR = packagePath('build', 'policies');

export class PolicyBundleError extends Error {
  override name = 'PolicyBundleError';
}

interface RulesFile {
  entrypoint: string;
  rules: Array<Omit<RuleInfo, 'origin'>>;
}

function readBundleFile(name: string): Buffer {
  const file = `${POLICY_DIR}/${name}`;
  if (!existsSync(file)) {
    throw new PolicyBundleError(`compiled policies not found (${file}); run \`npm run build\` (or \`npm run build:policies\`) first`);
  }
  return readFileSync(file);
}

export function readPolicyWasm(): Buffer {
  return readBundleFile('policy.wasm');
}

export function readRulesFile(): { entrypoint: string; rules: RuleInfo[] } {
  let parsed: RulesFile;
  try {
    parsed = JSON.parse(readBundleFile('rules.json').toString('utf8')) as RulesFile;
  } catch (error) {
    if (error instanceof PolicyBundleError) throw error;
    throw new PolicyBundleError(`${POLICY_DIR}/rules.json is not valid JSON; rebuild with \`npm run build:policies\``);
  }
  if (typeof parsed.entrypoint !== 'string' || !Array.isArray(parsed.rules)) {
    throw new PolicyBundleError(`${POLICY_DIR}/rules.json has an unexpected shape; rebuild with \`npm run build:policies\``);
  }
  return { entrypoint: parsed.entrypoint, rules: parsed.rules.map((r) => ({ ...r, origin: 'rego' as const })) };
}

type OptionsSchema = { properties?: Record<string, { default?: unknown }> };

/** Default options of every rule that takes options, from schemas/rule-options.schema.json. */
export function readOptionDefaults(): Record<string, Record<string, unknown>> {
  const file = packagePath('schemas', 'rule-options.schema.json');
  const schemas = JSON.parse(readFileSync(file, 'utf8')) as Record<string, OptionsSchema>;
  const defaults: Record<string, Record<string, unknown>> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const values: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      if (property.default !== undefined) values[key] = property.default;
    }
    defaults[id] = values;
  }
  return defaults;
}
