// From the config's policies and data to the checks that run them: sources compiled (or read from
// the cache), prebuilt bundles read as they are, and plain opa bundles compiled from their Rego.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/types.js';
import type { Check, RuleInfo } from '../engine/check.js';
import { readBundleFile, type CompiledPolicies } from './bundle.js';
import { compilePolicies, defaultCacheDir } from './compile.js';
import { conftestRules, createConftestCheck } from './conftest-check.js';
import { createContractCheck, ruleInfoOf } from './contract-check.js';
import { PolicyError } from './opa.js';
import type { UserRule } from './plan.js';
import { readPolicySources, type RegoFile } from './sources.js';
import { makeDirs } from '../shared/make-dirs.js';
import { compileWasm } from './wasm-compile.js';

export interface UserPolicies {
  checks: Check[];
  rules: RuleInfo[];
  /** Contract rules with their files and option schemas. */
  contract: UserRule[];
  /** Content hash of everything loaded (the webhook compares it on reload). */
  hash: string;
}

export interface LoadOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

async function sourcesFromBundle(file: string, files: ReadonlyMap<string, Buffer>, cacheDir: string): Promise<RegoFile[]> {
  // A plain opa bundle: its Rego is compiled like a folder, from a copy under the cache folder.
  const hash = createHash('sha256').update(file);
  for (const [name, bytes] of files) hash.update(name).update(bytes);
  const dir = path.join(cacheDir, 'bundle-sources', hash.digest('hex').slice(0, 16));
  const modules: RegoFile[] = [];
  for (const [name, bytes] of files) {
    if (!name.endsWith('.rego') || name.endsWith('_test.rego')) continue;
    const target = path.join(dir, name);
    if (!target.startsWith(dir + path.sep)) throw new PolicyError(`--policy ${file}: entry ${name} points outside the bundle`);
    makeDirs(path.dirname(target));
    writeFileSync(target, bytes);
    modules.push({ file: target, text: bytes.toString('utf8') });
  }
  if (modules.length === 0) throw new PolicyError(`--policy ${file}: the bundle has neither a kubelint build (policy.wasm and its plan) nor .rego files`);
  return modules;
}

/**
 * The cache folder user policies are compiled into, made now: one that cannot be made (a path below
 * a file, a read-only place) is the user's to fix, not an internal error at the first write.
 */
function usableCacheDir(dir: string): string {
  try {
    makeDirs(dir);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new PolicyError(`--policy: user policies are compiled in the cache folder ${dir}, which cannot be made (${reason}); set KUBELINT_CACHE_DIR to a writable folder`);
  }
  return dir;
}

function checksOf(compiled: CompiledPolicies, cwd: string): Check[] {
  const module = compileWasm(compiled.wasm);
  const checks: Check[] = [];
  if (compiled.plan.rules.length > 0) checks.push(createContractCheck(module, compiled.data, compiled.plan.rules, cwd));
  if (compiled.plan.namespaces.length > 0) checks.push(createConftestCheck(module, compiled.data, compiled.plan.namespaces, cwd));
  return checks;
}

/** Loads the users' policies named by the config; PolicyError for anything the user must fix. */
export async function loadUserPolicies(config: ResolvedConfig, options: LoadOptions = {}): Promise<UserPolicies> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const sources = readPolicySources(config.policies, config.policyData);
  const selection = { namespaces: config.conftest.namespaces, all: config.conftest.allNamespaces };
  // Made only when something is compiled: a bundle built by kubelint needs no cache folder.
  let dir: string | undefined;
  const cacheDir = () => (dir ??= usableCacheDir(defaultCacheDir(env)));
  const compileOptions = { selection, opaBinary: config.opa.binary, root: config.root, cwd, env };
  const units: CompiledPolicies[] = [];
  const hash = createHash('sha256').update(sources.hash).update(JSON.stringify(selection));
  const loose: RegoFile[] = [...sources.modules];
  for (const file of sources.bundles) {
    const { files, compiled } = await readBundleFile(file);
    for (const [name, bytes] of files) hash.update(name).update(bytes);
    if (compiled) units.push({ ...compiled, data: { ...compiled.data, ...sources.data } });
    else loose.push(...(await sourcesFromBundle(file, files, cacheDir())));
  }
  if (loose.length > 0) {
    // The same key as `kubelint policy build` of these sources, so its compile serves lint runs too.
    let key = sources.hash;
    if (loose.length > sources.modules.length) {
      const extraHash = createHash('sha256').update(sources.hash);
      for (const m of loose) extraHash.update(m.file).update(m.text);
      key = extraHash.digest('hex');
    }
    const { compiled } = await compilePolicies({ modules: loose, data: sources.data, hash: key }, { ...compileOptions, cacheDir: cacheDir() });
    units.push(compiled);
  }
  const contract = units.flatMap((u) => u.plan.rules);
  const rules = units.flatMap((u) => [...u.plan.rules.map(ruleInfoOf), ...conftestRules(u.plan.namespaces)]);
  const seen = new Map<string, string>();
  for (const unit of units) {
    for (const rule of [...unit.plan.rules.map((r) => ({ id: r.id, where: `${path.relative(cwd, r.file)}:${r.line}` })), ...conftestRules(unit.plan.namespaces).map((r) => ({ id: r.id, where: 'a conftest package' }))]) {
      const other = seen.get(rule.id);
      if (other) throw new PolicyError(`${rule.where}: rule id "${rule.id}" is also defined at ${other}`);
      seen.set(rule.id, rule.where);
    }
  }
  return { checks: units.flatMap((u) => checksOf(u, cwd)), rules, contract, hash: hash.digest('hex') };
}
