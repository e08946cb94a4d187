// Reading the compiled policy bundle (build/policies) from disk: the wasm and the rule catalogue
// (rules.json, with each rule's options schema).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { packagePath } from '../config/paths.js';
import type { RuleInfo, RuleOptionsSchema } from './check.js';

export const POLICY_DIR = packagePath('build', 'policies');

export class PolicyBundleError extends Error {
  override name = 'PolicyBundleError';
}

interface RulesFile {
  entrypoint: string;
  /** SHA-256 (hex) of the policy.wasm built with these rules, which the build compiled whole (scripts/build-policies.mjs). */
  wasmSha256?: string;
  /** policies/lib/kinds.rego's groups, e.g. {workloads: ["Pod", ...]}; rules' kinds are already expanded. */
  kindGroups?: Record<string, string[]>;
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

/**
 * rules.json parsed, kept with the identity (size, mtime, ctime, inode) of the file it was read from: a run
 * asks for it several times (the rule catalogue, the rules' option defaults, a config's rule ids),
 * and 83 KB of JSON was parsed at each. A file rebuilt since is read again.
 */
let parsedRules: { identity: string; file: RulesFile } | undefined;

function parsedRulesFile(): RulesFile {
  const file = `${POLICY_DIR}/rules.json`;
  const stat = statSync(file, { throwIfNoEntry: false });
  const identity = stat ? `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}` : '';
  if (parsedRules?.identity === identity) return parsedRules.file;
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
  parsedRules = { identity, file: parsed };
  return parsed;
}

export function readRulesFile(): { entrypoint: string; wasmSha256?: string; kindGroups: Record<string, string[]>; rules: RuleInfo[] } {
  const parsed = parsedRulesFile();
  const wasmSha256 = typeof parsed.wasmSha256 === 'string' ? { wasmSha256: parsed.wasmSha256 } : {};
  return { entrypoint: parsed.entrypoint, ...wasmSha256, kindGroups: parsed.kindGroups ?? {}, rules: parsed.rules.map((r) => ({ ...r, origin: 'rego' as const })) };
}

/** The options schema of every rule that takes options, by rule id; {} before the policies are built. */
export function readOptionSchemas(): Record<string, RuleOptionsSchema> {
  if (!existsSync(`${POLICY_DIR}/rules.json`)) return {};
  const schemas: Record<string, RuleOptionsSchema> = {};
  for (const rule of readRulesFile().rules) if (rule.optionsSchema) schemas[rule.id] = rule.optionsSchema;
  return schemas;
}

/** Default options of every rule that takes options. */
export function readOptionDefaults(): Record<string, Record<string, unknown>> {
  const defaults: Record<string, Record<string, unknown>> = {};
  for (const [id, schema] of Object.entries(readOptionSchemas())) {
    defaults[id] = Object.fromEntries(Object.entries(schema.properties).map(([key, property]) => [key, property.default]));
  }
  return defaults;
}
