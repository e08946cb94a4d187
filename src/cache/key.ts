// The cache key of a whole run. Cross-resource rules need the whole batch, so the key covers every
// input file's content: any edit anywhere is a miss (simple and always correct).
import { createHash, type Hash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packagePath } from '../config/paths.js';
import type { ResolvedConfig } from '../config/types.js';
import { policyInputFiles } from '../policy/sources.js';
import { settledStamp } from './file-stamps.js';
import { planFiles, planInputs } from '../load/plan.js';

// 2: the file is signed (store.ts, auth.ts).
export const CACHE_FORMAT = 2;

function hashFile(hash: Hash, file: string): void {
  hash.update(file).update('\u0000');
  if (!existsSync(file)) {
    hash.update('<missing>');
    return;
  }
  try {
    hash.update(createHash('sha256').update(readFileSync(file)).digest('hex'));
  } catch (error) {
    hash.update(`<unreadable ${(error as NodeJS.ErrnoException).code ?? ''}>`);
  }
}

/** kubelint's own inputs: the compiled rules (with their option schemas) and the Kubernetes schemas used. */
function bundleFiles(config: ResolvedConfig): string[] {
  return [
    packagePath('build', 'policies', 'policy.wasm'),
    packagePath('build', 'policies', 'rules.json'),
    packagePath('schemas', 'k8s', `v${config.kubernetesVersion}.json`),
    packagePath('schemas', 'k8s', 'lifecycle.json'),
  ];
}

/**
 * Adds kubelint's own inputs to a key. They count by their stamp once settled (file-stamps.ts: a
 * rebuilt file is another stamp), else by content: reading and hashing them (~1 MB) was a tenth of
 * a --changed run's own work.
 */
export function hashBundleFiles(hash: Hash, config: ResolvedConfig): void {
  for (const file of bundleFiles(config)) {
    const stamp = settledStamp(file);
    if (stamp) {
      hash.update(`\u0000stamp ${stamp}`);
      continue;
    }
    try {
      hash.update('\u0000content ').update(readFileSync(file));
    } catch {
      hash.update('\u0000<missing>');
    }
  }
}

/** What the result depends on besides files: settings, not outputs (format, output files). */
export function configIdentity(config: ResolvedConfig): string {
  const { format: _format, outputFile: _outputFile, webhook: _webhook, ...rest } = config;
  return JSON.stringify(rest);
}

export interface CacheKeyParts {
  /** Identifies the invocation (inputs, cwd, settings): one cache slot per scope. */
  scope: string;
  /** Identifies the contents: a stored report is valid only for the same key. */
  key: string;
  files: number;
}

export async function cacheKey(
  inputs: readonly string[],
  config: ResolvedConfig,
  cwd: string,
  version: string,
  today: Date,
  ignored: ReadonlySet<string> = new Set(),
  /** What the slot is for, when more than the inputs (a --changed run's changed files). */
  scopeInputs: readonly string[] = inputs,
): Promise<CacheKeyParts> {
  const scope = createHash('sha256').update(JSON.stringify([CACHE_FORMAT, path.resolve(cwd), scopeInputs, configIdentity(config)])).digest('hex');
  const hash = createHash('sha256');
  // Suppressions and exemptions expire by date, so a report is valid for one day at most.
  hash.update(JSON.stringify([scope, version, today.toISOString().slice(0, 10)]));
  hashBundleFiles(hash, config);
  // The input plan lists every file the lint reads: plain files, and each render's and build's files.
  const schemaDirFiles = await planFiles(await planInputs(config.schema.schemaDirs.map((d) => path.resolve(config.root, d)), config, cwd), config);
  if (config.configFile) hashFile(hash, config.configFile);
  for (const file of policyInputFiles(config.policies, config.policyData)) hashFile(hash, file);
  const files = await planFiles(await planInputs(inputs, config, cwd), config, ignored);
  for (const file of [...schemaDirFiles, ...files]) hashFile(hash, file);
  return { scope, key: hash.digest('hex'), files: files.length };
}
