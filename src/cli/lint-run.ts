// The CI/pre-commit layers around one lint run: --changed scoping, the --cache, and the baseline.
// Order matters: the cache stores the raw report; scoping and baseline apply to every run, hit or miss.
import path from 'node:path';
import { applyBaseline, createBaseline, describeBaseline, readBaselineFile, writeBaselineFile } from '../baseline/baseline.js';
import { buildIdentity } from '../cache/build-id.js';
import { useLocatedRanges } from '../cache/located-ranges.js';
import { cacheKey } from '../cache/key.js';
import { cacheKeyFile, userKey } from '../cache/auth.js';
import { useParsedDocumentCache } from '../cache/parsed-documents.js';
import { useRegoResultStore } from '../engine/rego-memo.js';
import { DEFAULT_CACHE_LOCATION, lookup, readCache, store } from '../cache/store.js';
import type { ResolvedConfig } from '../config/types.js';
import { defaultCacheDir } from '../config/paths.js';
import type { RuleInfo } from '../engine/check.js';
import type { Linter } from '../engine/engine.js';
import type { Report } from '../types.js';
import type { LoadOptions } from '../load/index.js';
import { VERSION } from '../version.js';
import { changedContext } from './changed-context.js';
import { runState } from './run-state.js';
import { peakMemory } from './young-generation.js';
import { dropNonManifests, onlyChanged, planChanged, type ChangedPlan } from './changed-files.js';
import type { InputPlan } from '../load/plan.js';
import type { CliIO } from './io.js';
import { effectiveInputs } from '../shared/inputs.js';
import { preferShortRun } from '../policy/wasm-compile.js';

export interface RunOptions {
  inputs: string[];
  changed: boolean;
  cache: boolean;
  cacheLocation?: string;
  baseline?: string;
  writeBaseline?: string;
  readStdin: NonNullable<LoadOptions['readStdin']>;
  today?: Date;
  /** Files this run writes (outputs); they never count as inputs of the cache key. */
  outputFiles: string[];
}

export interface RunResult {
  report: Report;
  rules: ReadonlyMap<string, RuleInfo>;
}

/** The engine is imported on demand: a cache hit never loads policies or schemas. */
async function engine(config: ResolvedConfig, io: CliIO): Promise<{ lintWithConfig: typeof import('../lint.js').lintWithConfig; linter: () => Promise<Linter>; secret: Buffer | undefined; openFindingsCache: typeof import('../cache/resource-findings.js').openFindingsCache }> {
  const [{ lintWithConfig }, { linterFor }, { useValidatorDiskCache }, { openFindingsCache }] = await Promise.all([
    import('../lint.js'),
    import('../engine/linter-factory.js'),
    import('../engine/schema-disk-cache.js'),
    import('../cache/resource-findings.js'),
  ]);
  runState.engineLoaded = true;
  preferShortRun(); // one lint, then exit: the policies' wasm compiles for a quick start
  // The CLI keeps compiled custom-resource validators on disk (a big CRD compiles once per user).
  const secret = userKey(io.env);
  useValidatorDiskCache(secret ? { dir: defaultCacheDir(io.env), secret, version: buildIdentity() } : undefined);
  useParsedDocumentCache(secret ? { dir: defaultCacheDir(io.env), secret, version: buildIdentity() } : undefined);
  useRegoResultStore(secret ? { dir: defaultCacheDir(io.env), secret, version: buildIdentity() } : undefined);
  useLocatedRanges(secret ? { dir: defaultCacheDir(io.env), secret, version: buildIdentity() } : undefined);
  return { lintWithConfig, linter: () => linterFor(config, { cwd: io.cwd, env: io.env }), secret, openFindingsCache };
}

async function lintMaybeCached(inputs: string[], config: ResolvedConfig, options: RunOptions, io: CliIO, changed?: ChangedPlan): Promise<RunResult> {
  const today = options.today ?? new Date();
  const fresh = async (): Promise<RunResult> => {
    const { lintWithConfig, linter, secret, openFindingsCache } = await engine(config, io);
    const narrowPlan = changed ? (plan: InputPlan) => changedContext(plan, changed, config, { cwd: io.cwd, env: io.env, version: buildIdentity(), secret }) : undefined;
    // --changed keeps the changed objects' per-resource findings (a pre-commit run sees most of them again).
    const findingsCache = changed && secret && config.policies.length === 0 ? openFindingsCache({ dir: defaultCacheDir(io.env), secret, version: buildIdentity() }, config) : undefined;
    // A large input's peak memory: a small young generation once the plan is known, and the wasm memory
    // given back before locating and reporting, the peak, collected at once (young-generation.ts).
    // Decided on the plan --changed narrowed: a pre-commit run's is small and pays no full collection
    // (it was a sixth of that run, BENCHMARKS.md round 5, r5changed); a changed CRD's is everything.
    const memory = peakMemory();
    const report = await lintWithConfig(inputs, config, { cwd: io.cwd, readStdin: options.readStdin, today, env: io.env, planned: changed?.planned, narrowPlan, findingsCache, onRelease: memory.onRelease, onPlan: memory.onPlan, onLoaded: memory.onLoaded });
    findingsCache?.save();
    return { report, rules: (await linter()).rules };
  };
  if (!options.cache) return fresh();
  if (inputs.includes('-')) {
    io.stderr.write('kubelint: --cache ignored: standard input cannot be cached\n');
    return fresh();
  }
  const file = path.resolve(io.cwd, options.cacheLocation ?? DEFAULT_CACHE_LOCATION);
  const ignored = new Set([file, ...options.outputFiles, options.baseline, options.writeBaseline].filter((f): f is string => !!f).map((f) => path.resolve(io.cwd, f)));
  const secret = userKey(io.env);
  if (!secret) {
    io.stderr.write(`kubelint: --cache ignored: cannot read or create the cache key ${cacheKeyFile(io.env)}\n`);
    return fresh();
  }
  // A --changed report covers the changed files only (changed-context.ts): one slot per changed set.
  const scoped = changed ? [...inputs, '--changed', ...[...changed.changedFiles].sort()] : inputs;
  const { scope, key } = await cacheKey(inputs, config, io.cwd, buildIdentity(), today, ignored, scoped);
  const state = readCache(file, secret);
  if (state.refused) {
    io.stderr.write(`kubelint: ignoring cache file ${path.relative(io.cwd, file) || file}: not written by this user on this machine, or modified; linting in full\n`);
  }
  const hit = lookup(state, scope, key);
  if (hit) return { report: hit.report, rules: new Map(hit.rules.map((r) => [r.id, r])) };
  const result = await fresh();
  // Reports with lost input (fatal) are not stored: the next run should retry the input.
  if (result.report.counts.fatal === 0) store(file, secret, state, scope, { key, report: result.report, rules: [...result.rules.values()] });
  return result;
}

export async function runLint(config: ResolvedConfig, options: RunOptions, io: CliIO): Promise<RunResult> {
  const plan = options.changed ? await planChanged(options.inputs, config, io.cwd) : undefined;
  if (plan && plan.skipped.length > 0) {
    io.stderr.write(`kubelint: --changed: not linted (excluded, outside the config's include, or not a manifest) — skipped: ${plan.skipped.join(', ')}\n`);
  }
  if (plan && plan.changedFiles.size === 0) {
    return { report: { findings: [], counts: { error: 0, warning: 0, info: 0, suppressed: 0, fatal: 0 }, resources: 0, sources: [] }, rules: (await (await engine(config, io)).linter()).rules };
  }
  const inputs = plan ? plan.inputs : effectiveInputs(options.inputs, config, io.cwd);
  let { report, rules } = await lintMaybeCached(inputs, config, options, io, plan);
  if (plan) {
    const manifests = dropNonManifests(onlyChanged(report, plan, io.cwd), io.cwd);
    report = manifests.report;
    if (manifests.skipped.length > 0) io.stderr.write(`kubelint: --changed: no Kubernetes object, not a manifest — skipped: ${manifests.skipped.join(', ')}\n`);
  }
  if (options.writeBaseline) {
    const baseline = createBaseline(report, options.writeBaseline, io.cwd, VERSION);
    writeBaselineFile(baseline, options.writeBaseline, io.cwd);
    io.stderr.write(`kubelint: wrote ${baseline.findings.length} finding${baseline.findings.length === 1 ? '' : 's'} to baseline ${options.writeBaseline}\n`);
    report = applyBaseline(report, baseline, options.writeBaseline, io.cwd);
  } else if (options.baseline) {
    report = applyBaseline(report, readBaselineFile(options.baseline, io.cwd), options.baseline, io.cwd);
    io.stderr.write(describeBaseline(report.baseline!));
  }
  return { report, rules };
}
