// The programmatic API the CLI is built on: inputs + options → Report. One straight line:
// config → inputs → load → identify → lint → report.
import { ConfigError, resolveConfig, type ResolveOptions } from './config/load.js';
import type { ResolvedConfig } from './config/types.js';
import { linterFor } from './engine/linter-factory.js';
import { buildReport } from './engine/engine.js';
import type { ResourceFindingsCache } from './engine/judged.js';
import { loadPlan, type LoadOptions } from './load/index.js';
import { planInputs, type InputPlan } from './load/plan.js';
import { identifyResources } from './load/resources.js';
import { resolveBundledVersion } from './schemas/store.js';
import type { Finding, Report, Resource } from './types.js';
import { effectiveInputs } from './shared/inputs.js';
import { Threads, threadMode, withThreads } from './parallel/threads.js';
import { compiledPolicy } from './engine/rego.js';

export interface LintOptions extends ResolveOptions {
  /** Reads standard input for the input `-`. */
  readStdin?: LoadOptions['readStdin'];
  /** The date suppressions' expiry is compared with (default: now). */
  today?: Date;
  /** Environment for finding opa and the policy cache (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** The input plan of exactly these inputs, when the caller made it already (`--changed`). */
  planned?: InputPlan;
  /** Narrows what is read (`--changed` reads only what the changed files' findings depend on). */
  narrowPlan?: (plan: InputPlan) => Promise<InputPlan>;
  /** Per-resource findings by object content (`--changed`, cache/resource-findings.ts); built-in checks only. */
  findingsCache?: ResourceFindingsCache;
  /** Called when the checks gave memory back before locating the findings (Check.release). */
  onRelease?: () => void;
  /** Called with the plan before anything is read (the CLI sizes V8's young generation by it). */
  onPlan?: (plan: InputPlan) => void;
  /** Called with the number of resources once everything is read, before any check runs. */
  onLoaded?: (resources: number) => void;
}

export async function lintWithConfig(inputs: readonly string[], config: ResolvedConfig, options: LintOptions = {}): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  try {
    resolveBundledVersion(config.kubernetesVersion);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const linter = await linterFor(config, { cwd, env: options.env });
  for (const id of Object.keys(config.rules)) {
    if (!linter.rules.has(id)) throw new ConfigError(`${config.configFile ?? 'config'}: rules: unknown rule "${id}" (see \`kubelint rules\`)`);
  }
  const planned = options.planned ?? (await planInputs(effectiveInputs(inputs, config, cwd), config, cwd));
  const plan = options.narrowPlan ? await options.narrowPlan(planned) : planned;
  options.onPlan?.(plan);
  const threads = await threadsFor(plan, options.env, options.narrowPlan !== undefined);
  const loaded = await loadPlan(plan, config, { cwd, readStdin: options.readStdin }).catch((error: unknown) => {
    threads.close();
    throw error;
  });
  // Each render and build is a batch of its own; plain files and stdin form one.
  const batches = loaded.batches.map((b) => {
    const identified = identifyResources(b.manifests);
    return { variant: b.variant, resources: identified.resources, problems: [...b.problems, ...identified.problems] };
  });
  options.onLoaded?.(batches.reduce((sum, b) => sum + b.resources.length, 0));
  // A render's or stdin's batch is sized only now: its helper starts here, not inside the (synchronous) checks.
  if (threads.mode !== 'one') await threads.prepare(compiledPolicy, batches.map((b) => b.resources.length));
  const { context: contextOnly } = plan;
  const context = contextOnly ? (r: Resource) => r.manifest !== undefined && contextOnly.has(r.manifest) : undefined;
  const findingsCache = config.policies.length === 0 ? options.findingsCache : undefined;
  const findings = withThreads(threads, () => linter.lintBatches(batches, { config, today: options.today, context, findingsCache, onRelease: options.onRelease }));
  const report = toReport(findings, batches.flatMap((b) => b.resources), loaded.sources);
  if (loaded.skipped.length > 0) report.skipped = loaded.skipped;
  return report;
}

/**
 * A second thread for large inputs' Rego evaluation (src/parallel/threads.ts), started early. Not
 * in auto for a `--changed` run: it evaluates parts of the batch (no early hand-over), and on a
 * changed CRD of 10,000 resources the helper gave no wall for +9-14 MiB (BENCHMARKS.md r6wall).
 */
async function threadsFor(plan: InputPlan, env: NodeJS.ProcessEnv = process.env, narrowed = false): Promise<Threads> {
  let threads: Threads;
  try {
    const mode = threadMode(env);
    threads = new Threads(narrowed && mode === 'auto' ? 'one' : mode);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  if (threads.mode !== 'one') await threads.prestart(compiledPolicy, plan.files);
  return threads;
}

function toReport(findings: Finding[], resources: readonly Resource[], sources: string[]): Report {
  const report = buildReport(findings, resources.length, sources);
  report.inventory = resources.map((r) => ({
    resource: { apiVersion: r.apiVersion, kind: r.kind, name: r.name, namespace: r.namespace },
    file: r.manifest?.locate(r.basePath).file,
  }));
  return report;
}

/** Lints files, directories, globs or `-` (stdin) and returns the report. Throws ConfigError on bad config. */
export async function lint(inputs: readonly string[], options: LintOptions = {}): Promise<Report> {
  const config = await resolveConfig(options);
  return lintWithConfig(inputs, config, options);
}
