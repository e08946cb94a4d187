// The input plan: the one place that decides what a run reads. Inputs (files, folders, globs, `-`)
// become plain files, Helm renders and Kustomize builds (each a variant, linted as its own batch),
// and the files each of them depends on. Linting, the cache key and `--changed` all ask it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { QUIET_YAML, type ParsedText } from './yaml.js';
import type { HelmRender, ResolvedConfig } from '../config/types.js';
import type { Manifest, Violation } from '../types.js';
import { displayName } from './file.js';
import { KUSTOMIZATION_FILES, isKustomizationFile, kustomizationTree, readKustomization, type Kustomization } from './kustomization-file.js';
import { explicitOutside, readableEntries, realRoot, type Unread, type WalkedEntry } from './walk-entries.js';
import { walkFolder } from './folder-walk.js';
import { appendAll } from '../shared/append-all.js';

export interface HelmVariant {
  kind: 'helm';
  /** What findings name: `charts/app`, or `charts/app[production]` for a named or one of several renders. */
  name: string;
  dir: string;
  render: HelmRender;
}

export interface KustomizeVariant {
  kind: 'kustomize';
  name: string;
  dir: string;
  /** Remote bases and charts the build would fetch (refused unless `kustomize.allowRemote`). */
  remote: string[];
  /** The build inflates Helm charts (`--enable-helm`). */
  helm: boolean;
  /** Local resource files of the whole tree: linted as plain files when the build fails. */
  resourceFiles: string[];
}

export type Variant = HelmVariant | KustomizeVariant;

/** An input read past on purpose, and why (shown in the summary). */
export interface Skipped {
  file: string;
  reason: string;
}

export interface InputPlan {
  cwd: string;
  /** Plain manifest files (absolute, sorted within each input), linted together as one batch. */
  files: string[];
  variants: Variant[];
  stdin: boolean;
  /** Inputs that cannot be linted as given (exit 2) and skipped inputs (info). */
  problems: Violation[];
  skipped: Skipped[];
  /**
   * Plain files already read and parsed by whoever narrowed the plan (--changed's context files,
   * cli/changed-context.ts): loading takes these documents as they are.
   */
  preparsed?: ReadonlyMap<string, ParsedText>;
  /**
   * Documents read only as context for cross-resource rules (--changed's unchanged files): their
   * own findings are never reported, so per-resource rules skip them (engine LintCall.context).
   */
  context?: ReadonlySet<Manifest>;
}

export const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];
// onlyFiles would silently drop entries that cannot be stat'ed (a symlink loop, a dangling link):
// list everything with its type, keep what may be read (walk-entries.ts), and let reading report
// the rest. Dot-files are walked.
const LISTING = { followSymbolicLinks: false, onlyFiles: false, objectMode: true, dot: true } as const;

/** Names a walk would read, so a FIFO or an outside symlink by such a name is worth a warning. */
const looksRead = (file: string) => MANIFEST_FILE.test(file) || KUSTOMIZATION_FILES.includes(path.basename(file));

/** Lists a folder or a pattern: the files that may be read, and the entries skipped with a warning. */
async function list(pattern: string, cwd: string, root: string, ignore: string[], relevant: (file: string) => boolean) {
  const fg = await globber();
  const listed = (await fg(pattern, { ...LISTING, cwd, absolute: true, ignore })) as unknown as WalkedEntry[];
  return readableEntries(listed, root, relevant);
}

function unreadFindings(unread: readonly Unread[], cwd: string): { skipped: Skipped[]; problems: Violation[] } {
  const named = unread.map((u) => ({ ...u, file: displayName(u.path, cwd) }));
  return {
    skipped: named.map(({ file, reason }) => ({ file, reason })),
    problems: named.map(({ file, message }) => ({ ruleId: 'skipped-input', severity: 'warning' as const, message, file })),
  };
}

/** The folder an explicit file's symlinks must stay inside: the cwd, or the file's own folder when it lies outside the cwd. */
function explicitRoot(abs: string, cwd: string): string {
  return realRoot(inside(abs, cwd) ? cwd : path.dirname(abs));
}

// Loaded on first use: a run on plain files (a pre-commit hook) never needs the glob engine.
type FastGlob = typeof import('fast-glob');
let fastGlob: Promise<FastGlob> | undefined;
export const globber = (): Promise<FastGlob> => (fastGlob ??= import('fast-glob').then((m) => m.default));

const inside = (file: string, dir: string) => file === dir || file.startsWith(dir + path.sep);

function problem(file: string, message: string, ruleId = 'parse-error'): Violation {
  return { ruleId, message, file };
}

function chartType(dir: string): string | undefined {
  try {
    const chart = parseYaml(readFileSync(path.join(dir, 'Chart.yaml'), 'utf8'), QUIET_YAML) as { type?: unknown } | null;
    return typeof chart?.type === 'string' ? chart.type : undefined;
  } catch {
    return undefined; // helm reports a broken Chart.yaml itself
  }
}

function renderLabel(render: HelmRender, index: number): string {
  const lastValues = render.values?.at(-1);
  return render.name ?? (lastValues ? path.basename(lastValues).replace(/\.ya?ml$/, '') : undefined) ?? render.releaseName ?? `render-${index + 1}`;
}

/** The renders configured for a chart folder (each its own variant), or the chart's default render. */
export function helmVariants(dir: string, config: ResolvedConfig, cwd: string): HelmVariant[] {
  const configured = config.helm.renders.filter((r) => path.resolve(config.root, r.chart) === dir);
  const renders = configured.length > 0 ? configured : [{ chart: dir }];
  const chart = displayName(dir, cwd) || '.';
  return renders.map((render, i) => ({
    kind: 'helm',
    name: renders.length > 1 || render.name ? `${chart}[${renderLabel(render, i)}]` : chart,
    dir,
    render,
  }));
}

/** The build of a kustomization folder, or undefined when the folder has none. */
export function kustomizeVariantOf(dir: string, cwd: string): KustomizeVariant | undefined {
  const k = readKustomization(dir);
  return k && kustomizeVariant(k, cwd);
}

function kustomizeVariant(k: Kustomization, cwd: string): KustomizeVariant {
  const tree = kustomizationTree(k.dir);
  return {
    kind: 'kustomize',
    name: displayName(k.dir, cwd) || '.',
    dir: k.dir,
    remote: tree.flatMap((t) => t.remote.map((r) => (t.dir === k.dir ? r : `${r} (in ${displayName(t.file, cwd)})`))),
    helm: tree.some((t) => t.helm),
    resourceFiles: [...new Set(tree.flatMap((t) => t.resourceFiles))].filter((f) => MANIFEST_FILE.test(f) && existsSync(f)),
  };
}

interface Walked {
  files: string[];
  variants: Variant[];
  skipped: Skipped[];
  problems: Violation[];
}

/**
 * Walks a folder. Charts are rendered (a chart inside a chart is its parent's dependency); every
 * kustomization is built unless another one of the walk uses it (a base, a component); files a
 * kustomization reads are linted through its builds, the other files as plain manifests.
 */
async function walk(dir: string, config: ResolvedConfig, cwd: string): Promise<Walked> {
  // Without exclude patterns nothing needs the glob engine (folder-walk.ts lists what it would,
  // names with a backslash or a line break included, which fast-glob gets wrong).
  const { files: entries, unread } =
    config.exclude.length === 0 ? readableEntries(walkFolder(dir), realRoot(dir), looksRead) : await list('**/*', dir, realRoot(dir), [...ALWAYS_EXCLUDED, ...config.exclude], looksRead);
  const notRead = unreadFindings(unread, cwd);
  const out: Walked = { files: [], variants: [], skipped: notRead.skipped, problems: notRead.problems };
  const chartDirs = entries.filter((f) => path.basename(f) === 'Chart.yaml').map(path.dirname).sort();
  const charts = chartDirs.filter((d, i) => !chartDirs.slice(0, i).some((p) => inside(d, p)));
  const kustomizations = entries
    .filter((f) => KUSTOMIZATION_FILES.includes(path.basename(f)) && !charts.some((c) => inside(f, c)) && isKustomizationFile(f))
    .map((f) => readKustomization(path.dirname(f)))
    .filter((k): k is Kustomization => !!k)
    .sort((a, b) => (a.dir < b.dir ? -1 : 1));
  const used = new Set(kustomizations.flatMap((k) => k.dirs));
  // Files a kustomization reads are linted through its builds; folders it reads (a chart home) likewise.
  const consumed = new Set(kustomizations.flatMap((k) => [k.file, ...k.resourceFiles, ...k.reads]));
  const consumedDirs = [...consumed].filter((c) => statSync(c, { throwIfNoEntry: false })?.isDirectory());
  const isConsumed = (f: string) => consumed.has(f) || consumedDirs.some((c) => inside(f, c));
  // Values files of configured renders are read by the renders; the config file in use is no manifest.
  const helmValues = new Set(config.helm.renders.flatMap((r) => (r.values ?? []).map((v) => path.resolve(config.root, v))));
  if (config.configFile) helmValues.add(path.resolve(config.configFile));
  for (const chart of charts) {
    if (isConsumed(chart)) continue; // vendored under a kustomization's helmCharts home
    if (chartType(chart) === 'library') {
      out.skipped.push({ file: displayName(chart, cwd) || '.', reason: 'Helm library chart' });
      out.problems.push(problem(displayName(chart, cwd) || '.', 'Helm library chart: not rendered on its own (charts that depend on it render it)', 'skipped-input'));
    } else appendAll(out.variants, helmVariants(chart, config, cwd));
  }
  for (const k of kustomizations) if (!used.has(k.dir) && !k.component) out.variants.push(kustomizeVariant(k, cwd));
  out.files = entries
    .filter((f) => MANIFEST_FILE.test(f) && !charts.some((c) => inside(f, c)) && !isConsumed(f) && !helmValues.has(f))
    .filter((f) => !(KUSTOMIZATION_FILES.includes(path.basename(f)) && isKustomizationFile(f)))
    .sort();
  if (out.files.length === 0 && out.variants.length === 0 && out.problems.length === 0) {
    out.skipped.push({ file: displayName(dir, cwd) || '.', reason: 'folder with no manifests' });
  }
  return out;
}

/** An explicit file that only makes sense as a folder (a kustomization, a Chart.yaml). */
function folderOnly(file: string, cwd: string): Violation | undefined {
  const base = path.basename(file);
  const folder = displayName(path.dirname(file), cwd) || '.';
  if (KUSTOMIZATION_FILES.includes(base) && isKustomizationFile(file)) {
    return problem(displayName(file, cwd), `this is a Kustomization: give its folder (kubelint ${folder}) to lint what it builds`);
  }
  if (base === 'Chart.yaml') return problem(displayName(file, cwd), `this is a Helm chart's Chart.yaml: give its folder (kubelint ${folder}) to lint what it renders`);
  return undefined;
}

function addUnread(plan: InputPlan, unread: readonly Unread[]): void {
  const { skipped, problems } = unreadFindings(unread, plan.cwd);
  appendAll(plan.skipped, skipped);
  appendAll(plan.problems, problems);
}

/** Plans a run over the inputs, in the order given. */
export async function planInputs(inputs: readonly string[], config: ResolvedConfig, cwd: string): Promise<InputPlan> {
  const plan: InputPlan = { cwd, files: [], variants: [], stdin: false, problems: [], skipped: [] };
  for (const input of inputs) {
    if (input === '-') {
      plan.stdin = true;
      continue;
    }
    const abs = path.resolve(cwd, input);
    const stat = existsSync(abs) ? statSync(abs, { throwIfNoEntry: false }) : undefined;
    if (stat?.isDirectory()) {
      // A named folder that is (or lies under) a symlink out of the cwd would walk a tree the
      // repository does not hold (`k8s -> /home/runner`): refused like a named file.
      if (!inside(realRoot(abs), explicitRoot(abs, cwd))) {
        plan.problems.push(problem(displayName(abs, cwd), 'cannot read: symlink to a folder outside the linted folder: not followed (lint the folder where it lives)'));
        continue;
      }
      const walked = await walk(abs, config, cwd);
      appendAll(plan.files, walked.files);
      appendAll(plan.variants, walked.variants);
      appendAll(plan.skipped, walked.skipped);
      appendAll(plan.problems, walked.problems);
    } else if (stat) {
      const refused = folderOnly(abs, cwd);
      const outside = explicitOutside(abs, explicitRoot(abs, cwd));
      if (refused) plan.problems.push(refused);
      else if (outside) plan.problems.push(problem(displayName(abs, cwd), `cannot read: ${outside.message}`)); // named, so not read is exit 2
      else plan.files.push(abs);
    } else if (!(await globber()).isDynamicPattern(input)) {
      plan.files.push(abs); // reading it reports what is wrong (missing, a dangling symlink): exit 2
    } else {
      const { files: matches, unread } = await list(input, cwd, realRoot(cwd), [...ALWAYS_EXCLUDED, ...config.exclude], () => true);
      addUnread(plan, unread);
      if (matches.length === 0 && unread.length === 0) plan.problems.push(problem(input, 'no files match this pattern'));
      for (const match of matches.sort()) {
        // A pattern that picks kustomizations or Chart.yaml files means their folders' builds/renders.
        if (!folderOnly(match, cwd)) plan.files.push(match);
        else appendAll(plan.variants, (await walk(path.dirname(match), config, cwd)).variants);
      }
    }
  }
  plan.files = [...new Set(plan.files)];
  const seen = new Set<string>();
  plan.variants = plan.variants.filter((v) => !seen.has(v.name) && !!seen.add(v.name));
  return plan;
}

/** Where piped rendered output may come from: the chart and kustomization folders below `dir`. */
export interface RenderRoots {
  charts: string[];
  kustomizations: string[];
}

/** Chart and kustomization folders at most `depth` levels below `dir` (sorted), walked as the plan walks. */
export async function renderRootsBelow(dir: string, depth: number): Promise<RenderRoots> {
  const fg = await globber();
  const markers = ['**/Chart.yaml', ...KUSTOMIZATION_FILES.map((f) => `**/${f}`)];
  const found = (await fg(markers, { cwd: dir, absolute: true, deep: depth, dot: true, followSymbolicLinks: false, ignore: ALWAYS_EXCLUDED })).map((f) => path.normalize(f)).sort();
  return {
    charts: found.filter((f) => path.basename(f) === 'Chart.yaml').map(path.dirname),
    kustomizations: found.filter((f) => KUSTOMIZATION_FILES.includes(path.basename(f)) && isKustomizationFile(f)).map(path.dirname),
  };
}

/** Every file a variant reads: its folder's files, values files, and the local bases it builds on. */
export async function variantFiles(variant: Variant, config: ResolvedConfig): Promise<string[]> {
  const fg = await globber();
  const ignore = [...ALWAYS_EXCLUDED, ...config.exclude];
  const under = (dir: string) => fg('**/*', { cwd: dir, absolute: true, dot: true, ignore, followSymbolicLinks: false });
  if (variant.kind === 'helm') {
    const values = (variant.render.values ?? []).map((v) => path.resolve(config.root, v));
    return [...(await under(variant.dir)).map((f) => path.normalize(f)), ...values];
  }
  const tree = kustomizationTree(variant.dir);
  const dirs = [...new Set(tree.flatMap((k) => [k.dir, ...k.dirs]))];
  const files = await Promise.all(dirs.map(under));
  const extra = tree.flatMap((k) => [...k.resourceFiles, ...k.reads]);
  return [...files.flat().map((f) => path.normalize(f)), ...extra];
}

/**
 * Absolute paths of every file the plan reads (sorted, unique): plain files and each variant's
 * files. `ignored` files (the cache, outputs, baselines) never count.
 */
export async function planFiles(plan: InputPlan, config: ResolvedConfig, ignored: ReadonlySet<string> = new Set()): Promise<string[]> {
  // A missing input file still counts: its appearing changes the result.
  const files = new Set<string>(plan.files);
  for (const variant of plan.variants) for (const f of await variantFiles(variant, config)) files.add(f);
  return [...files].filter((f) => !ignored.has(f)).sort();
}
