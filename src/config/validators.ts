// Validators for the config file and for rule options. Compiled by ajv at build time
// (dist/config-validators.cjs, `npm run build`) so a cold run does not pay ajv's compile; compiled
// on the spot when that file is missing or was built from other schemas.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, Options } from 'ajv';
import { readOptionSchemas } from '../engine/rego-files.js';
import { packagePath } from './paths.js';

export interface Validate {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export interface ConfigValidators {
  config: Validate;
  /** Rule id → validator of its options; rules without options are absent. */
  options: Record<string, Validate>;
}

export const CONFIG_SCHEMA_FILE = packagePath('schemas', 'config.schema.json');
export const PRECOMPILED_FILE = packagePath('dist', 'config-validators.cjs');

const require = createRequire(import.meta.url);

export interface SchemaSources {
  config: object;
  options: Record<string, object>;
  hash: string;
}

export function readSchemaSources(): SchemaSources {
  const configText = readFileSync(CONFIG_SCHEMA_FILE, 'utf8');
  // Rule options are declared in each rule's METADATA and compiled into build/policies/rules.json.
  const options = readOptionSchemas();
  const hash = createHash('sha256').update(configText).update('\0').update(JSON.stringify(options)).digest('hex');
  return { config: JSON.parse(configText), options, hash };
}

export const CONFIG_EXPORT = 'config';
export const optionsExport = (id: string) => `options_${id.replace(/\W/g, '_')}`;

/** One ajv instance holding every schema, each under the name its validator is exported as. */
export function schemaAjv(sources: SchemaSources, extra: Options = {}): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  const ajv = new AjvClass({ allErrors: true, strict: false, validateSchema: false, ...extra });
  ajv.addSchema({ ...sources.config, $id: CONFIG_EXPORT }, CONFIG_EXPORT);
  for (const [id, schema] of Object.entries(sources.options)) ajv.addSchema({ ...schema, $id: optionsExport(id) }, optionsExport(id));
  return ajv;
}

function fromPrecompiled(sources: SchemaSources): ConfigValidators | undefined {
  if (!existsSync(PRECOMPILED_FILE)) return undefined;
  const mod = require(PRECOMPILED_FILE) as { sourceHash: string } & Record<string, Validate>;
  if (mod.sourceHash !== sources.hash) return undefined; // built from other schemas
  const options = Object.fromEntries(Object.keys(sources.options).map((id) => [id, mod[optionsExport(id)]!]));
  return { config: mod[CONFIG_EXPORT]!, options };
}

function compileNow(sources: SchemaSources): ConfigValidators {
  const ajv = schemaAjv(sources);
  const options = Object.fromEntries(Object.keys(sources.options).map((id) => [id, ajv.getSchema(optionsExport(id))! as Validate]));
  return { config: ajv.getSchema(CONFIG_EXPORT)! as Validate, options };
}

let cached: ConfigValidators | undefined;

export function configValidators(): ConfigValidators {
  if (!cached) {
    const sources = readSchemaSources();
    cached = fromPrecompiled(sources) ?? compileNow(sources);
  }
  return cached;
}
