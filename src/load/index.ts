// Loads what the input plan (plan.ts) lists: plain files and standard input as one batch, each
// Helm render and Kustomize build as a batch of its own (its variant).
import type { ResolvedConfig } from '../config/types.js';
import type { Manifest, Violation } from '../types.js';
import { displayName, parseFiles } from './file.js';
import { renderHelm } from './helm.js';
import { buildKustomize } from './kustomize.js';
import { planInputs, type InputPlan, type Skipped } from './plan.js';
import { checkManifestText, type ReadResult } from './read.js';
import { parseRenderedStdin } from './rendered-stdin.js';
import type { ParsedText } from './yaml.js';

/** What the engine lints together: cross-resource rules and duplicates look inside one batch only. */
export interface Batch {
  /** The render or build (`charts/app[prod]`, `overlays/prod`); none for plain files and stdin. */
  variant?: string;
  manifests: Manifest[];
  problems: Violation[];
}

export interface Loaded {
  batches: Batch[];
  /** Every batch's manifests and problems, flattened. */
  manifests: Manifest[];
  problems: Violation[];
  /** Display names of everything read, in order. */
  sources: string[];
  /** Inputs read past on purpose, and why. */
  skipped: Skipped[];
}

export interface LoadOptions {
  /**
   * Reads standard input when an input is `-`: a read result (src/load/read.ts: capped, checked)
   * or, from embedders and tests, a string (checked here).
   */
  readStdin?: () => Promise<string | ReadResult>;
  /** Inputs and display names are relative to this directory (default: process.cwd()). */
  cwd?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A YAML/JSON file none of whose documents names an apiVersion or kind (docker-compose, CI workflows). */
function isForeign(parsed: ParsedText): boolean {
  return parsed.manifests.length > 0 && !parsed.manifests.some((m) => isRecord(m.value) && ('apiVersion' in m.value || 'kind' in m.value));
}

/** Plain files: a foreign file is skipped with an info finding unless `inputs.nonKubernetes` is "error". */
function plainFile(parsed: ParsedText, name: string, config: ResolvedConfig, skipped: Skipped[]): ParsedText {
  if (config.inputs.nonKubernetes === 'error' || !isForeign(parsed)) return parsed;
  skipped.push({ file: name, reason: 'not a Kubernetes manifest' });
  const message = 'not a Kubernetes manifest (no document has apiVersion or kind): skipped';
  return { manifests: [], problems: [...parsed.problems, { ruleId: 'skipped-input', message, file: name }] };
}

/** Loads a plan; the plain batch comes first, then the variants in plan order. */
export async function loadPlan(plan: InputPlan, config: ResolvedConfig, options: LoadOptions = {}): Promise<Loaded> {
  const { cwd } = plan;
  const skipped = [...plan.skipped];
  const plain: ParsedText[] = [{ manifests: [], problems: plan.problems }];
  const sources: string[] = [];
  if (plan.stdin) {
    if (!options.readStdin) throw new Error('stdin input (-) is not available here');
    const input = await options.readStdin();
    const read = typeof input === 'string' ? checkManifestText(input) : input;
    if ('error' in read) plain.push({ manifests: [], problems: [{ ruleId: 'parse-error', message: read.error, file: '<stdin>', line: read.line, column: read.column }] });
    else plain.push(await parseRenderedStdin(read.text, config, cwd));
    sources.push('<stdin>');
  }
  // Files are read a few dozen at a time; renders are bounded by the tools' shared semaphore.
  const rendering = Promise.all(plan.variants.map((v) => (v.kind === 'helm' ? renderHelm(v, config, cwd) : buildKustomize(v, config, cwd))));
  const preparsed = plan.preparsed ?? new Map<string, ParsedText>();
  const parsedFiles = await parseFiles(plan.files.filter((f) => !preparsed.has(f)), cwd);
  let next = 0;
  const files = plan.files.map((f) => preparsed.get(f) ?? parsedFiles[next++]!);
  for (const [i, parsed] of files.entries()) {
    const name = displayName(plan.files[i]!, cwd);
    plain.push(plainFile(parsed, name, config, skipped));
    sources.push(name);
  }
  const batches: Batch[] = [{ manifests: plain.flatMap((p) => p.manifests), problems: plain.flatMap((p) => p.problems) }];
  for (const [i, rendered] of (await rendering).entries()) {
    const variant = plan.variants[i]!.name;
    batches.push({ variant, manifests: rendered.manifests, problems: rendered.problems });
    sources.push(variant);
  }
  return {
    batches,
    manifests: batches.flatMap((b) => b.manifests),
    problems: batches.flatMap((b) => b.problems),
    sources,
    skipped,
  };
}

export async function loadInputs(inputs: readonly string[], config: ResolvedConfig, options: LoadOptions = {}): Promise<Loaded> {
  const cwd = options.cwd ?? process.cwd();
  return loadPlan(await planInputs(inputs, config, cwd), config, options);
}
