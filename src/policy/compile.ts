// Users' Rego → WebAssembly with the pinned opa, on demand, cached by content. The cache key is
// the policies' and data's content, kubelint's Rego helpers and the opa binary's identity (path,
// size, mtime), so a hit reads one file and runs nothing; the entry records opa's version.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fastGlob } from '../load/glob-sync.js';
import { defaultCacheDir, packagePath } from '../config/paths.js';
import { readRulesFile } from '../engine/rego-files.js';
import { findTool } from '../load/tools.js';
import { BUNDLE_FORMAT, PLAN_KEY, compiledFrom, readTarGz, type CompiledPolicies, type PlanDocument } from './bundle.js';
import { missingBuiltins } from './host-builtins.js';
import { findOpa, missingOpaMessage, PolicyError, type Opa } from './opa.js';
import { entryModule, entrypoints, planPolicies, type NamespaceSelection, type ParsedModule } from './plan.js';
import type { RegoFile } from './sources.js';
import { makeDirs } from '../shared/make-dirs.js';
import { writeFileAtomic } from '../shared/write-atomic.js';

export interface CompileOptions {
  selection: NamespaceSelection;
  /** opa named in the config (`opa.binary`), resolved against `root`. */
  opaBinary?: string;
  root?: string;
  /** Where compiled bundles are kept (default: defaultCacheDir()). */
  cacheDir?: string;
  /** Relative paths in messages are relative to this directory. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface CompileInput {
  modules: readonly RegoFile[];
  data: Record<string, unknown>;
  /** Content hash of modules and data (sources.ts). */
  hash: string;
}

export { defaultCacheDir };

/** kubelint's Rego helpers (`import data.kubelint.lib`), compiled with every user policy. */
export function libFiles(): string[] {
  return fastGlob().sync('*.rego', { cwd: packagePath('policies', 'lib'), absolute: true, ignore: ['*_test.rego'] }).sort();
}

function binaryIdentity(opaBinary: string | undefined, root: string | undefined, env: NodeJS.ProcessEnv): string {
  const lookup = findTool('opa', { configured: opaBinary, root, env });
  if ('error' in lookup) throw new PolicyError(missingOpaMessage(lookup.error.replace(/;.*$/, '')));
  const info = statSync(lookup.command.binary);
  return `${lookup.command.binary}\0${info.size}\0${info.mtimeMs}`;
}

export function cacheKey(input: CompileInput, options: CompileOptions, identity: string): string {
  const hash = createHash('sha256').update(JSON.stringify([BUNDLE_FORMAT, input.hash, options.selection, identity]));
  for (const file of libFiles()) hash.update(readFileSync(file));
  return hash.digest('hex');
}

/** The compiled bundle of these modules: from the cache, else built with opa and stored. */
export async function compilePolicies(input: CompileInput, options: CompileOptions): Promise<{ compiled: CompiledPolicies; bundle: Buffer; cached: boolean }> {
  const env = options.env ?? process.env;
  const key = cacheKey(input, options, binaryIdentity(options.opaBinary, options.root, env));
  const dir = path.join(options.cacheDir ?? defaultCacheDir(env), 'policies');
  const file = path.join(dir, `${key}.tar.gz`);
  if (existsSync(file)) {
    const bundle = readFileSync(file);
    const compiled = compiledFrom(await readTarGz(bundle), file);
    if (compiled) return { compiled, bundle, cached: true };
  }
  const opa = await findOpa(options.opaBinary, options.root, env);
  const bundle = await build(opa, input, options, dir);
  writeFileAtomic(file, bundle);
  const compiled = compiledFrom(await readTarGz(bundle), file)!;
  return { compiled, bundle, cached: false };
}

interface OpaError {
  message: string;
  code: string;
  location?: { file: string; row: number; col: number };
}

/** opa's errors as `file:line:column: code: message`, paths relative to the cwd. */
export function formatOpaErrors(errors: readonly OpaError[], cwd: string): string {
  return errors
    .map((e) => {
      const at = e.location ? `${path.relative(cwd, e.location.file) || e.location.file}:${e.location.row}:${e.location.col}: ` : '';
      return `${at}${e.code}: ${e.message}`;
    })
    .join('\n');
}

async function check(opa: Opa, files: readonly string[], cwd: string, extra: string[] = []): Promise<void> {
  const result = await opa.run(['check', '--format', 'json', ...extra, ...files]);
  if (result.code === 0) return;
  let errors: OpaError[];
  try {
    errors = (JSON.parse(result.stdout || result.stderr) as { errors: OpaError[] }).errors;
  } catch {
    throw new PolicyError(`opa check failed: ${result.stderr.trim() || result.stdout.trim()}`);
  }
  throw new PolicyError(formatOpaErrors(errors, cwd));
}

async function parseModule(opa: Opa, file: string): Promise<ParsedModule> {
  const result = await opa.run(['parse', '--format', 'json', '--json-include', 'locations,-comments', file]);
  if (result.code !== 0) throw new PolicyError(`opa parse ${file}: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout) as ParsedModule;
}

async function build(opa: Opa, input: CompileInput, options: CompileOptions, cacheDir: string): Promise<Buffer> {
  const cwd = options.cwd ?? process.cwd();
  const files = input.modules.map((m) => m.file);
  if (files.length === 0) throw new PolicyError('no .rego policies found in the given --policy paths');
  await check(opa, [...libFiles(), ...files], cwd);
  const parsed = [];
  for (const file of files) parsed.push({ file, parsed: await parseModule(opa, file) });
  let plan;
  try {
    plan = planPolicies(parsed, options.selection, readRulesFile().kindGroups);
  } catch (error) {
    // Messages name the user's files relative to where kubelint runs.
    throw error instanceof PolicyError ? new PolicyError(error.message.split(cwd + path.sep).join('')) : error;
  }
  if (plan.rules.length === 0 && plan.namespaces.length === 0) {
    const where = options.selection.all ? 'any package' : `package ${options.selection.namespaces.join(', ')}`;
    throw new PolicyError(`no rules found: no package with METADATA custom.id and a \`violation\` rule, and no deny/warn/violation rules in ${where}`);
  }
  makeDirs(cacheDir);
  const staging = mkdtempSync(path.join(cacheDir, 'build-'));
  try {
    const entry = path.join(staging, 'entry.rego');
    writeFileSync(entry, entryModule(plan));
    const doc: PlanDocument = { format: BUNDLE_FORMAT, opaVersion: opa.version, plan };
    const dataFile = path.join(staging, 'data.json');
    writeFileSync(dataFile, JSON.stringify({ ...input.data, [PLAN_KEY]: doc }));
    const out = path.join(staging, 'bundle.tar.gz');
    const args = ['build', '-t', 'wasm', ...entrypoints(plan).flatMap((e) => ['-e', e]), '-o', out, ...libFiles(), ...files, entry, dataFile];
    const result = await opa.run(args);
    if (result.code !== 0) throw new PolicyError(`opa build failed:\n${result.stderr.trim()}`);
    const bundle = readFileSync(out);
    const compiled = compiledFrom(await readTarGz(bundle), out);
    if (!compiled) throw new PolicyError('opa build wrote no policy.wasm');
    const missing = await missingBuiltins(compiled.wasm);
    if (missing.length > 0) await reportMissing(opa, missing, [...libFiles(), ...files], staging, cwd);
    return bundle;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Builtins the wasm imports from its host that kubelint does not provide: opa itself names their
 * call sites when checked against capabilities without them.
 */
async function reportMissing(opa: Opa, missing: readonly string[], files: readonly string[], staging: string, cwd: string): Promise<never> {
  const current = JSON.parse((await opa.run(['capabilities', '--current'])).stdout) as { builtins: Array<{ name: string }> };
  const capabilities = { ...current, builtins: current.builtins.filter((b) => !missing.includes(b.name)) };
  const file = path.join(staging, 'capabilities.json');
  writeFileSync(file, JSON.stringify(capabilities));
  const why = "not available in kubelint's WebAssembly sandbox (the wasm target lacks it and kubelint does not provide it)";
  try {
    await check(opa, files, cwd, ['--capabilities', file]);
  } catch (error) {
    const lines = (error as Error).message
      .split('\n')
      .filter((l) => !l.includes('error limit reached'))
      .map((l) => l.replace(/rego_type_error: undefined function (\S+)/, `builtin $1 is ${why}`));
    throw new PolicyError(lines.join('\n'));
  }
  throw new PolicyError(`builtins ${missing.join(', ')}: ${why}`);
}
