// Where users' policies come from: `--policy`/`policies` (a folder of .rego files, one file, or a
// bundle .tar.gz) and `--data`/`policyData` (JSON/YAML merged under data.*). Reads everything
// once and hashes it, so the compile cache is keyed by content, not by names or times.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fastGlob } from '../load/glob-sync.js';
import { parse as parseYaml } from 'yaml';
import { isRecord } from '../shared/records.js';
import { PolicyError } from './opa.js';

export interface RegoFile {
  /** Absolute path, what opa is given (so its messages name the user's file). */
  file: string;
  text: string;
}

export interface PolicySources {
  /** Policy modules, tests excluded. */
  modules: RegoFile[];
  /** `*_test.rego` files (for `kubelint policy test`). */
  tests: RegoFile[];
  /** Bundles given as .tar.gz (prebuilt by `kubelint policy build`, or plain opa bundles). */
  bundles: string[];
  /** Data files, as given. */
  dataFiles: string[];
  /** The data documents merged at the root of `data`. */
  data: Record<string, unknown>;
  /** Content hash of modules and data (bundles are hashed where they are read). */
  hash: string;
}

const IGNORED = ['**/node_modules/**', '**/.git/**'];

function stat(file: string, flag: string) {
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info) throw new PolicyError(`${flag} ${file}: no such file or directory`);
  return info;
}

/** Expands --policy paths into .rego files and bundles; a folder is read recursively. */
function expandPolicyPaths(paths: readonly string[]): { rego: string[]; bundles: string[] } {
  const rego = new Set<string>();
  const bundles: string[] = [];
  for (const given of paths) {
    const abs = path.resolve(given);
    const info = stat(abs, '--policy');
    if (info.isDirectory()) {
      for (const file of fastGlob().sync('**/*.rego', { cwd: abs, absolute: true, ignore: IGNORED, followSymbolicLinks: false })) rego.add(file);
    } else if (abs.endsWith('.tar.gz') || abs.endsWith('.tgz')) {
      bundles.push(abs);
    } else if (abs.endsWith('.rego')) {
      rego.add(abs);
    } else {
      throw new PolicyError(`--policy ${given}: expected a folder, a .rego file or a bundle .tar.gz`);
    }
  }
  return { rego: [...rego].sort(), bundles };
}

function expandDataPaths(paths: readonly string[]): string[] {
  const files = new Set<string>();
  for (const given of paths) {
    const abs = path.resolve(given);
    if (stat(abs, '--data').isDirectory()) {
      for (const file of fastGlob().sync('**/*.{json,yaml,yml}', { cwd: abs, absolute: true, ignore: IGNORED, followSymbolicLinks: false })) files.add(file);
    } else {
      files.add(abs);
    }
  }
  return [...files].sort();
}

/** Merges `doc` into `into` at the root, as opa does for data files; two values for one key are an error. */
export function mergeData(into: Record<string, unknown>, doc: unknown, file: string, at: string[] = []): void {
  if (!isRecord(doc)) throw new PolicyError(`--data ${file}: ${at.length ? `data.${at.join('.')}` : 'the document'} must be an object to merge under data`);
  for (const [key, value] of Object.entries(doc)) {
    const existing = into[key];
    if (existing === undefined) into[key] = value;
    else if (isRecord(existing) && isRecord(value)) mergeData(existing, value, file, [...at, key]);
    else throw new PolicyError(`--data ${file}: data.${[...at, key].join('.')} is already set by another data file`);
  }
}

function readData(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const first = (error as Error).message.split('\n')[0];
    throw new PolicyError(`--data ${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${first}`);
  }
}

export function readPolicySources(policyPaths: readonly string[], dataPaths: readonly string[]): PolicySources {
  const { rego, bundles } = expandPolicyPaths(policyPaths);
  const hash = createHash('sha256');
  const modules: RegoFile[] = [];
  const tests: RegoFile[] = [];
  for (const file of rego) {
    const text = readFileSync(file, 'utf8');
    (file.endsWith('_test.rego') ? tests : modules).push({ file, text });
  }
  // The path is part of the key: opa's messages and the findings' positions name it.
  for (const m of modules) hash.update(`module\0${m.file}\0${m.text}\0`);
  const dataFiles = expandDataPaths(dataPaths);
  const data: Record<string, unknown> = {};
  for (const file of dataFiles) {
    const doc = readData(file);
    hash.update(`data\0${file}\0${JSON.stringify(doc)}\0`);
    mergeData(data, doc, file);
  }
  return { modules, tests, bundles, dataFiles, data, hash: hash.digest('hex') };
}

/** Every file the users' policies are read from (the lint --cache key hashes them). */
export function policyInputFiles(policyPaths: readonly string[], dataPaths: readonly string[]): string[] {
  const { rego, bundles } = expandPolicyPaths(policyPaths);
  return [...rego, ...bundles, ...expandDataPaths(dataPaths)];
}
