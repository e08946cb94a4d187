// The programmatic API the CLI is built on: inputs + options → Report.
import path from 'node:path';
import { ConfigError, resolveConfig, type ResolveOptions } from './config/load.js';
import type { ResolvedConfig } from './config/types.js';
import { getLinter } from './engine/checks.js';
import { buildReport } from './engine/engine.js';
import { loadInputs } from './load/index.js';
import { resolveBundledVersion } from './schemas/store.js';
import { identifyResources } from './load/resources.js';
import type { Finding, Report, Resource } from './types.js';
import { parseFile } from './load/file.js';
import type { ParsedText } from './load/yaml.js';
import { workerRequestFrom, workersFor, type WorkerRequest } from './parallel/plan.js';
import { ParallelSession } from './parallel/session.js';

export interface LintOptions extends ResolveOptions {
  /** Reads standard input for the input `-`. */
  readStdin?: () => Promise<string>;
  /** The date suppressions' expiry is compared with (default: now). */
  today?: Date;
  /**
   * Parse worker threads: a count (0: never; N: always, whatever the input size) or `auto`
   * (workers only for large inputs on several cores). Default: KUBELINT_WORKERS, else 0.
   */
  workers?: WorkerRequest;
}

/** Inputs given, else the config's `include` (relative to the config file), else the cwd. */
function effectiveInputs(inputs: readonly string[], config: ResolvedConfig, cwd: string): string[] {
  if (inputs.length > 0) return [...inputs];
  if (config.include.length > 0) return config.include.map((p) => path.relative(cwd, path.resolve(config.root, p)) || '.');
  return ['.'];
}

export async function lintWithConfig(inputs: readonly string[], config: ResolvedConfig, options: LintOptions = {}): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  try {
    resolveBundledVersion(config.kubernetesVersion);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const linter = await getLinter();
  for (const id of Object.keys(config.rules)) {
    if (!linter.rules.has(id)) throw new ConfigError(`${config.configFile ?? 'config'}: rules: unknown rule "${id}" (see \`kubelint rules\`)`);
  }
  let request: WorkerRequest;
  try {
    request = options.workers ?? workerRequestFrom(process.env.KUBELINT_WORKERS);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  let session: ParallelSession | undefined;
  // The decision needs the expanded file list, so it is made inside loadInputs, on the plain files.
  const parseFiles = async (files: readonly string[], dir: string): Promise<ParsedText[]> => {
    const workers = await workersFor(files, request);
    if (workers === 0) return Promise.all(files.map((f) => parseFile(f, dir)));
    session = new ParallelSession(workers, linter, config);
    return session.parseFiles(files, dir);
  };
  try {
    const loaded = await loadInputs(effectiveInputs(inputs, config, cwd), config, { cwd, readStdin: options.readStdin, parseFiles });
    const identified = identifyResources(loaded.manifests);
    const problems = [...loaded.problems, ...identified.problems];
    const violations = session
      ? await session.collect(identified.resources, problems)
      : linter.collect(identified.resources, problems, config);
    return toReport(linter.finish(identified.resources, violations, config, options.today), identified.resources, loaded.sources);
  } finally {
    await session?.close();
  }
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
