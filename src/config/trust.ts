// What a config file may do when kubelint does not trust it. A config file usually comes from the
// repository being linted (a pull request, a clone), so by default it is data only: it may not be
// code (.js/.cjs/.mjs/.ts, cosmiconfig's `.config/config.js` meta config), may not name programs
// for kubelint to run (a bare `sh` runs the repository's ./build as `sh build <dir>`), and may not
// open the network (`kustomize.allowRemote`). `--trust-config` or KUBELINT_TRUST_CONFIG=1 lifts all
// three; the environment and the command line are the operator's and always trusted.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import type { Loaders } from 'cosmiconfig';
import path from 'node:path';

export const TRUST_ENV = 'KUBELINT_TRUST_CONFIG';
const OPT_IN = `pass --trust-config or set ${TRUST_ENV}=1 (only for a repository you trust)`;

export function trustedByEnv(env: Record<string, string | undefined>): boolean {
  return /^(1|true|yes)$/i.test(env[TRUST_ENV] ?? '');
}

/** Thrown from inside cosmiconfig's loaders, before any of the file's code runs. */
export class UntrustedConfigError extends Error {
  override name = 'UntrustedConfigError';
}

/** cosmiconfig loaders that read data: JSON, YAML, and extension-less rc files (read as YAML). */
const DATA_LOADERS = new Set(['.json', '.yaml', '.yml', 'noExt']);

export function isDataLoader(extension: string): boolean {
  return DATA_LOADERS.has(extension);
}

export function executableConfigMessage(file: string): string {
  return `${file}: executable config files run code from the repository being linted; kubelint loads one only when trusted: ${OPT_IN}, or write the config as .kubelint.json or .kubelintrc.yaml`;
}

/**
 * cosmiconfig 9 reads a "meta config" from the process's working directory with its default
 * loaders, executable ones included, whenever an explorer is created (before any search). A data
 * meta config runs code too when it `$import`s a JS file, so one that imports anything is refused.
 */
const META_CODE_FILES = ['.config/config.js', '.config/config.ts', '.config/config.cjs', '.config/config.mjs'];
/** Data meta configs; in package.* the meta config is the "cosmiconfig" key (cosmiconfig's packageProp). */
const META_DATA_FILES: Array<[string, 'json' | 'yaml', boolean]> = [
  ['package.json', 'json', true],
  ['package.yaml', 'yaml', true],
  ['.config/config.json', 'json', false],
  ['.config/config.yaml', 'yaml', false],
  ['.config/config.yml', 'yaml', false],
];

/** `loaders`: cosmiconfig's defaultLoaders (load.ts imports cosmiconfig only when it searches). */
export function executableMetaConfig(dir: string, loaders: Loaders): string | undefined {
  const code = META_CODE_FILES.find((f) => existsSync(path.join(dir, f)));
  if (code) return code;
  return META_DATA_FILES.find(([file, format, inPackage]) => importsInMetaConfig(path.join(dir, file), format, inPackage, loaders))?.[0];
}

/** Parsed with cosmiconfig's own data loaders, so the check sees what its meta explorer will. */
function importsInMetaConfig(file: string, format: 'json' | 'yaml', inPackage: boolean, loaders: Loaders): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  if (text.trim() === '') return false;
  let value: unknown;
  try {
    value = (format === 'json' ? loaders['.json'] : loaders['.yaml'])!(file, text);
  } catch {
    return false; // cosmiconfig fails on it the same way, before loading anything
  }
  const meta = inPackage && isObject(value) ? value['cosmiconfig'] : value;
  return isObject(meta) && Object.hasOwn(meta, '$import');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

interface TrustSensitive {
  helm?: { binary?: string };
  kustomize?: { binary?: string; allowRemote?: boolean };
  opa?: { binary?: string };
}

const PROGRAM_KEYS = [
  ['helm', 'KUBELINT_HELM'],
  ['kustomize', 'KUBELINT_KUSTOMIZE'],
  ['opa', 'KUBELINT_OPA'],
] as const;

/** Why an untrusted config file cannot be used as written, or undefined when it can. */
export function untrustedSettings(config: TrustSensitive, file: string): string | undefined {
  for (const [tool, env] of PROGRAM_KEYS) {
    if (config[tool]?.binary === undefined) continue;
    return `${file}: ${tool}.binary names a program for kubelint to run, which a config file may choose only when trusted (a repository's config could name its own script, or an interpreter that runs one): ${OPT_IN}, or name the program in ${env}`;
  }
  if (config.kustomize?.allowRemote) {
    return `${file}: kustomize.allowRemote lets builds fetch from the network, which a config file may turn on only when trusted: ${OPT_IN}`;
  }
  return undefined;
}

interface ConfigPaths {
  policies?: string[];
  policyData?: string[];
  schema?: { schemaDirs?: string[] };
  helm?: { renders?: Array<{ chart?: string; values?: string[] }> };
}

/**
 * The first path an untrusted config file names outside its own folder. Policies and their data,
 * schema folders, charts and values files are read and can surface in the output (a Rego message,
 * a values file's code frame): `policyData: ["/home/runner/.docker/config.json"]` would print it.
 */
export function untrustedPaths(config: ConfigPaths, root: string, file: string): string | undefined {
  const named: Array<[string, string]> = [
    ...(config.policies ?? []).map((p): [string, string] => ['policies', p]),
    ...(config.policyData ?? []).map((p): [string, string] => ['policyData', p]),
    ...(config.schema?.schemaDirs ?? []).map((p): [string, string] => ['schema.schemaDirs', p]),
    ...(config.helm?.renders ?? []).flatMap((r) => [
      ...(r.chart === undefined ? [] : [['helm.renders.chart', r.chart] as [string, string]]),
      ...(r.values ?? []).map((v): [string, string] => ['helm.renders.values', v]),
    ]),
  ];
  const home = real(root);
  const outside = named.find(([, p]) => !within(home, real(path.resolve(root, p))));
  if (!outside) return undefined;
  return `${file}: ${outside[0]} names ${outside[1]}, outside the config file's folder; a config file may read files outside its own folder only when trusted: ${OPT_IN}`;
}

/** The real path (symlinks resolved) of a path or of its nearest existing parent. */
function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    const parent = path.dirname(p);
    return parent === p ? p : path.join(real(parent), path.basename(p));
  }
}

function within(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
