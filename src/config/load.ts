// Finds, validates and resolves configuration: defaults ← config file ← command-line overrides.
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import type { Loaders } from 'cosmiconfig';
import { defaultConfig } from './defaults.js';
import { checkPresetNames } from './presets.js';
import type { ResolvedConfig, RuleLevel, RuleSetting } from './types.js';
import { executableConfigMessage, executableMetaConfig, isDataLoader, trustedByEnv, untrustedPaths, untrustedSettings, UntrustedConfigError } from './trust.js';
import { configValidators } from './validators.js';
import { configCannotBeFound } from './search-absent.js';
import { readRulesFile } from '../engine/rego-files.js';
import { BUILTIN_RULES } from '../engine/builtin.js';
import { normaliseWorkloadKinds, type WorkloadKindConfig } from '../workloads/kinds.js';
import { commonJs } from '../shared/commonjs.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The config file as written by users (every key optional; some accept a string or a list). */
export type ConfigFile = Partial<Omit<ResolvedConfig, 'root' | 'configFile' | 'rules' | 'format' | 'outputFile' | 'schema' | 'helm' | 'webhook' | 'podSecurity' | 'conftest' | 'inputs' | 'workloadKinds'>> & {
  podSecurity?: Partial<ResolvedConfig['podSecurity']>;
  conftest?: Partial<ResolvedConfig['conftest']>;
  inputs?: Partial<ResolvedConfig['inputs']>;
  workloadKinds?: WorkloadKindConfig[];
  rules?: Record<string, RuleLevel | RuleSetting>;
  format?: string | string[];
  outputFile?: string | string[];
  schema?: Partial<ResolvedConfig['schema']>;
  helm?: Partial<ResolvedConfig['helm']>;
  webhook?: Partial<ResolvedConfig['webhook']>;
};

const MODULE = 'kubelint';
/** Config files kubelint looks for in each directory (and `package.json#kubelint`). */
export const CONFIG_FILE_NAMES = [
  '.kubelint.json',
  '.kubelintrc',
  '.kubelintrc.json',
  '.kubelintrc.yaml',
  '.kubelintrc.yml',
  '.kubelintrc.js',
  '.kubelintrc.cjs',
  '.kubelintrc.mjs',
  'kubelint.config.js',
  'kubelint.config.cjs',
  'kubelint.config.mjs',
  'kubelint.config.json',
];
const SEARCH_PLACES = ['package.json', ...CONFIG_FILE_NAMES];

function validateConfig(value: unknown): ErrorObject[] {
  const { config } = configValidators();
  return config(value) ? [] : [...(config.errors ?? [])];
}

/** Rule options are checked against each rule's own options schema, when the rule declares one. */
function validateRuleOptions(config: ConfigFile, file: string): void {
  const { options } = configValidators();
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    if (typeof setting !== 'object' || !setting.options) continue;
    const validate = options[id];
    if (!validate) {
      // Users' rules declare their options in their own METADATA: checked once they are loaded.
      if (!isBuiltinRule(id)) continue;
      throw new ConfigError(`${file}: rules.${id}.options: rule "${id}" takes no options`);
    }
    if (!validate(setting.options)) throw new ConfigError(`${file}: ${describeError(validate.errors![0]!, `rules.${id}.options`)}`);
  }
}

function isBuiltinRule(id: string): boolean {
  return BUILTIN_RULES.some((r) => r.id === id) || readRulesFile().rules.some((r) => r.id === id);
}

function describeError(error: ErrorObject, prefix = ''): string {
  const where = [prefix, ...error.instancePath.split('/').filter(Boolean)].filter(Boolean).join('.') || '(top level)';
  if (error.keyword === 'additionalProperties') return `${where}: unknown key "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  if (error.keyword === 'enum') return `${where}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where}: ${error.message}`;
}

/** The most useful error: unknown keys first, then the deepest path (oneOf branches add noise). */
function bestError(errors: ErrorObject[]): ErrorObject {
  const unknown = errors.find((e) => e.keyword === 'additionalProperties');
  if (unknown) return unknown;
  return [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]!;
}

export function checkConfigFile(value: unknown, file: string): ConfigFile {
  const errors = validateConfig(value);
  if (errors.length > 0) throw new ConfigError(`${file}: ${describeError(bestError(errors))}`);
  validateRuleOptions(value as ConfigFile, file);
  const badPreset = checkPresetNames((value as ConfigFile).presets ?? [], `${file}: presets`);
  if (badPreset) throw new ConfigError(badPreset);
  try {
    normaliseWorkloadKinds((value as ConfigFile).workloadKinds ?? []);
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message}`);
  }
  return value as ConfigFile;
}

function asList(value: string | string[] | undefined): string[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}

/** Layers a partial config over a resolved one; nested sections merge key by key. */
export function mergeConfig(base: ResolvedConfig, over: ConfigFile): ResolvedConfig {
  const version = over.kubernetesVersion?.replace(/^v/, '').split('.').slice(0, 2).join('.');
  return {
    ...base,
    ...(over as object),
    kubernetesVersion: version ?? base.kubernetesVersion,
    format: asList(over.format) ?? base.format,
    outputFile: asList(over.outputFile) ?? base.outputFile,
    presets: over.presets ?? base.presets,
    rules: { ...base.rules, ...normaliseRules(over.rules) },
    podSecurity: { ...base.podSecurity, ...over.podSecurity },
    workloadKinds: over.workloadKinds ? normaliseWorkloadKinds(over.workloadKinds) : base.workloadKinds,
    schema: { ...base.schema, ...over.schema },
    helm: { ...base.helm, ...over.helm },
    kustomize: { ...base.kustomize, ...over.kustomize },
    conftest: { ...base.conftest, ...over.conftest },
    opa: { ...base.opa, ...over.opa },
    inputs: { ...base.inputs, ...over.inputs },
    webhook: { ...base.webhook, ...over.webhook, limits: { ...base.webhook.limits, ...over.webhook?.limits } },
    root: base.root,
    configFile: base.configFile,
  };
}

function normaliseRules(rules: ConfigFile['rules']): ResolvedConfig['rules'] {
  const out: ResolvedConfig['rules'] = {};
  for (const [id, setting] of Object.entries(rules ?? {})) {
    out[id] = typeof setting === 'string' ? { severity: setting } : setting;
  }
  return out;
}

export interface ResolveOptions {
  cwd?: string;
  /** An explicit config file; `false` ignores config files. */
  configFile?: string | false;
  /** Overrides from the command line or the API (already validated). */
  overrides?: ConfigFile;
  /**
   * Whether the config file may run code, choose programs and open the network (see trust.ts).
   * Default: KUBELINT_TRUST_CONFIG in the process environment.
   */
  trustConfig?: boolean;
}

/** cosmiconfig's loaders, with every executable format refused before its code runs. */
function loaders(defaultLoaders: Loaders, trusted: boolean): Loaders {
  if (trusted) return { ...defaultLoaders };
  const refuse = (file: string) => {
    throw new UntrustedConfigError(file);
  };
  return Object.fromEntries(Object.entries(defaultLoaders).map(([ext, load]) => [ext, isDataLoader(ext) ? load : refuse]));
}

function loadError(error: unknown, cwd: string, configFile: string | undefined): ConfigError {
  if (error instanceof UntrustedConfigError) return new ConfigError(executableConfigMessage(path.relative(cwd, error.message) || error.message));
  const reason = (error as Error).message.split('\n')[0];
  return new ConfigError(configFile ? `${configFile}: ${reason}` : `cannot read config: ${reason}`);
}

export async function resolveConfig(options: ResolveOptions = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  let resolved = defaultConfig(cwd);
  const trusted = options.trustConfig ?? trustedByEnv(process.env);
  const configFile = options.configFile || undefined;
  // A search that cannot find a file (search-absent.ts) is skipped, and cosmiconfig never loads.
  if (options.configFile !== false && (configFile || !configCannotBeFound(cwd, process.cwd(), { files: CONFIG_FILE_NAMES, packageProp: MODULE }))) {
    const { cosmiconfig, defaultLoaders } = commonJs(await import('cosmiconfig'));
    // Creating an explorer already loads cosmiconfig's meta config from the process's directory.
    const meta = trusted ? undefined : executableMetaConfig(process.cwd(), defaultLoaders);
    if (meta) throw new ConfigError(executableConfigMessage(path.relative(cwd, path.resolve(meta)) || meta));
    const explorer = cosmiconfig(MODULE, { searchPlaces: SEARCH_PLACES, searchStrategy: 'project', cache: false, loaders: loaders(defaultLoaders, trusted) });
    let found: { config: unknown; filepath: string; isEmpty?: boolean } | null;
    try {
      found = configFile ? await explorer.load(path.resolve(cwd, configFile)) : await explorer.search(cwd);
    } catch (error) {
      throw loadError(error, cwd, configFile);
    }
    if (found && !found.isEmpty) {
      const file = path.relative(cwd, found.filepath) || found.filepath;
      const config = checkConfigFile(found.config, file);
      const root = path.dirname(found.filepath);
      const untrusted = trusted ? undefined : (untrustedSettings(config, file) ?? untrustedPaths(config, root, file));
      if (untrusted) throw new ConfigError(untrusted);
      resolved = mergeConfig({ ...resolved, root, configFile: found.filepath }, config);
      // Policy and data paths are the config file's, wherever kubelint runs from.
      resolved.policies = resolved.policies.map((p) => path.resolve(root, p));
      resolved.policyData = resolved.policyData.map((p) => path.resolve(root, p));
    }
  }
  if (options.overrides && Object.keys(options.overrides).length > 0) {
    resolved = mergeConfig(resolved, checkConfigFile(options.overrides, 'command line'));
  }
  return resolved;
}
