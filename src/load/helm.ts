// Renders Helm charts with `helm template` (offline: vendored charts/ only, never a dependency
// update) and maps every rendered document back to its template through `# Source:` comments.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fastGlob } from './glob-sync.js';
import type { HelmRender, ResolvedConfig } from '../config/types.js';
import type { Location, Source, Violation } from '../types.js';
import { parseRendered, templateComments, type DocumentMapper } from './rendered.js';
import { helmVariants, type HelmVariant } from './plan.js';
import { documentLines, mapToTemplate, type ChartContext, type TemplateFile, type ValuesFile } from './template-map.js';
import { chartRemoteRefs } from './chart-schema.js';
import { chartBound, linkOutOf } from './chart-links.js';
import { renderEnv } from './tool-env.js';
import { findTool, runTool, scheduleRender, summariseStderr } from './tools.js';
import { parseManifestText, type ParsedText } from './yaml.js';

export const DEFAULT_RELEASE_NAME = 'release-name';

/** A file as shown in messages: relative to cwd with / separators, or absolute when outside it. */
export function cwdRelativePath(file: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/') || '.';
}

export function renderError(file: string, message: string): Violation {
  return { ruleId: 'render-error', message, file };
}

/** `helm template` arguments for one render; relative values files resolve against the config root. */
export function helmArgs(chartDir: string, render: HelmRender, config: ResolvedConfig): string[] {
  const args = ['template', render.releaseName ?? DEFAULT_RELEASE_NAME, chartDir, '--namespace', render.namespace ?? config.defaultNamespace];
  // "1.36" → "v1.36.0": templates' semverCompare and .Capabilities.KubeVersion see a full version.
  const kube = /^v?\d+\.\d+$/.test(config.kubernetesVersion) ? `v${config.kubernetesVersion.replace(/^v/, '')}.0` : config.kubernetesVersion;
  args.push('--kube-version', kube, '--include-crds');
  for (const values of render.values ?? []) args.push('--values', path.resolve(config.root, values));
  for (const set of render.set ?? []) args.push('--set', set);
  for (const set of render.setString ?? []) args.push('--set-string', set);
  return args;
}

function readValues(file: string, cwd: string, prefix: string[] = []): ValuesFile | undefined {
  if (!existsSync(file)) return undefined;
  const name = cwdRelativePath(file, cwd);
  const manifest = parseManifestText(readFileSync(file, 'utf8'), { kind: 'file', name }).manifests[0];
  return manifest && { file: name, value: manifest.value, locate: manifest.locate, prefix };
}

/** The top chart of a (sub)chart directory, and the keys its values sit under there (charts/a/charts/b → [a, b]). */
function topChart(chartDir: string): { top: string; prefix: string[] } {
  const prefix: string[] = [];
  let dir = chartDir;
  while (path.basename(path.dirname(dir)) === 'charts' && existsSync(path.join(path.dirname(path.dirname(dir)), 'Chart.yaml'))) {
    prefix.unshift(path.basename(dir));
    dir = path.dirname(path.dirname(dir));
  }
  return { top: dir, prefix };
}

/** Templates and values a template's chart offers for following includes and values. */
function chartContext(chartDir: string, valuesFiles: string[], set: string[], cwd: string): ChartContext {
  const templates = fastGlob()
    .sync(['templates/**/*.{yaml,yml,tpl,txt}', 'charts/*/templates/**/*.{yaml,yml,tpl}'], { cwd: chartDir, absolute: true })
    .sort()
    .map((file): TemplateFile => ({ file: cwdRelativePath(file, cwd), text: readFileSync(file, 'utf8') }));
  // A subchart's values come first from the parent's files (under the subchart's name), then its own.
  const { top, prefix } = topChart(chartDir);
  const parentFiles = [...valuesFiles].reverse().concat(path.join(top, 'values.yaml'));
  const values = [...parentFiles.map((f) => readValues(f, cwd, prefix)), prefix.length > 0 ? readValues(path.join(chartDir, 'values.yaml'), cwd) : undefined].filter(
    (v): v is ValuesFile => !!v,
  );
  return { templates, values, set };
}

/** The chart directory owning a template file: the parent of its `templates/` or `crds/` folder. */
function owningChart(file: string): string {
  const parts = file.split(path.sep);
  const at = Math.max(parts.lastIndexOf('templates'), parts.lastIndexOf('crds'));
  return at > 0 ? parts.slice(0, at).join(path.sep) : path.dirname(file);
}

export interface HelmMapOptions {
  /** Turns a `# Source:` path into a file on disk, if it is one. */
  resolve(sourcePath: string): string | undefined;
  /** Values files of the render (for the top-level chart), in command-line order. */
  values?: string[];
  set?: string[];
  /** Location for documents whose template is not on disk (packaged .tgz dependencies). */
  fallback?(sourcePath: string): Location;
  /** What display paths are relative to. */
  cwd?: string;
}

/** Maps rendered documents into their templates; see template-map.ts for what locate() reports. */
export function helmMapper(options: HelmMapOptions): DocumentMapper {
  const templates = new Map<string, TemplateFile>();
  const contexts = new Map<string, ChartContext>();
  const cwd = options.cwd ?? process.cwd();
  // How many documents of each kind a template has rendered so far: the n-th maps to its n-th section.
  const seen = new Map<string, number>();
  return (doc) => {
    if (!doc.helmSource) return undefined;
    const file = options.resolve(doc.helmSource);
    if (!file) {
      const fallback = options.fallback?.(doc.helmSource);
      return fallback && { locate: () => fallback };
    }
    let template = templates.get(file);
    if (!template) templates.set(file, (template = { file: cwdRelativePath(file, cwd), text: readFileSync(file, 'utf8') }));
    const chartDir = owningChart(file);
    let context = contexts.get(chartDir);
    if (!context) contexts.set(chartDir, (context = chartContext(chartDir, options.values ?? [], options.set ?? [], cwd)));
    const found = template;
    const value = doc.manifest.value;
    const kind = (value as { kind?: unknown } | null)?.kind;
    const key = `${file}\0${String(kind)}`;
    const ordinal = seen.get(key) ?? 0;
    seen.set(key, ordinal + 1);
    // Comments and suppressions reach only the document's own part of the template.
    const lines = documentLines(found, value, ordinal);
    const comments = new Map([...templateComments(found.text)].filter(([line]) => line >= lines.start && line <= lines.end));
    return { locate: (jsonPath) => mapToTemplate(found, value, jsonPath, context, ordinal), comments, lines };
  };
}

/** `<chart>/templates/x.yaml` → `<chartDir>/templates/x.yaml`; subcharts under charts/ likewise. */
function resolveInChart(chartDir: string, sourcePath: string): string | undefined {
  const rest = sourcePath.split('/').slice(1);
  const file = path.join(chartDir, ...rest);
  return rest.length > 0 && existsSync(file) ? file : undefined;
}

/** A template inside a packaged dependency: point at the .tgz, which is what a person would replace. */
function packagedFallback(chartDir: string, sourcePath: string, cwd: string): Location {
  const sub = /\/charts\/([^/]+)\//.exec(sourcePath)?.[1];
  const chartsDir = path.join(chartDir, 'charts');
  const archive = sub && existsSync(chartsDir) ? readdirSync(chartsDir).find((f) => f.startsWith(`${sub}-`) && f.endsWith('.tgz')) : undefined;
  const file = archive ? path.join(chartsDir, archive) : chartDir;
  return { file: cwdRelativePath(file, cwd), note: `rendered from ${sourcePath}, which is not a file on disk (packaged dependency)` };
}

/**
 * Where helm says a template failed (`fail`, `required`, a parse error): `execution error at
 * (app/templates/x.yaml:12:14)`, `parse error at (app/templates/x.yaml:5)`, `template: app/templates/x.yaml:12:14:`.
 */
export function templatePosition(stderr: string, chartDir: string, cwd: string): { file: string; line: number; column?: number } | {} {
  const match = /error at \(([^()\s]+?):(\d+)(?::(\d+))?\)/.exec(stderr) ?? /template: ([^\s:]+):(\d+):(\d+):/.exec(stderr);
  const file = match && resolveInChart(chartDir, match[1]!);
  if (!file) return {};
  return { file: cwdRelativePath(file, cwd), line: Number(match[2]), ...(match[3] ? { column: Number(match[3]) } : {}) };
}

/** Renders one variant of a chart with `helm template`. */
export async function renderHelm(variant: HelmVariant, config: ResolvedConfig, cwd = process.cwd()): Promise<ParsedText> {
  const { dir: chartDir, render } = variant;
  const chartName = cwdRelativePath(chartDir, cwd);
  const source: Source = { kind: 'helm', name: chartName, origin: variant.name };
  const fail = (message: string): ParsedText => ({ manifests: [], problems: [renderError(chartName, message)] });
  const tool = findTool('helm', { configured: config.helm.binary, root: config.root });
  if ('error' in tool) return fail(`cannot render chart: ${tool.error}`);
  const missing = (render.values ?? []).map((v) => path.resolve(config.root, v)).filter((v) => !existsSync(v));
  if (missing.length > 0) return fail(`cannot render ${source.origin}: values file not found: ${missing.map((m) => cwdRelativePath(m, cwd)).join(', ')}`);
  const link = linkOutOf(chartDir, chartBound(chartDir, cwd));
  if (link) return fail(`cannot render ${source.origin}: ${cwdRelativePath(link, cwd)} is a symlink to a file outside the linted folder, which helm would read: copy the file into the chart, or lint rendered output (helm template ${chartName} | kubelint -)`);
  const [remote] = await chartRemoteRefs(chartDir);
  if (remote) {
    const file = cwdRelativePath(remote.file, cwd);
    return fail(`cannot render ${source.origin}: ${file} refers to ${remote.url}, which helm would fetch while validating values; kubelint does not reach the network: inline the definitions in ${file}, or lint rendered output (helm template ${chartName} | kubelint -)`);
  }
  // `helm template` of a local chart needs no network and no plugin (tool-env.ts).
  const result = await scheduleRender(chartName, () => runTool(tool.command, helmArgs(chartDir, render, config), undefined, renderEnv(false)));
  if (result.failure || result.code !== 0) {
    const problem = renderError(chartName, `helm template failed for ${source.origin}: ${result.failure ?? summariseStderr(result.stderr)}`);
    return { manifests: [], problems: [{ ...problem, ...templatePosition(result.stderr, chartDir, cwd) }] };
  }
  const values = (render.values ?? []).map((v) => path.resolve(config.root, v));
  const mapper = helmMapper({
    resolve: (p) => resolveInChart(chartDir, p),
    values,
    set: [...(render.set ?? []), ...(render.setString ?? [])],
    fallback: (p) => packagedFallback(chartDir, p, cwd),
    cwd,
  });
  const parsed = parseRendered(result.stdout, source, mapper);
  if (parsed.manifests.length === 0 && parsed.problems.length === 0) {
    parsed.problems.push({ ruleId: 'empty-input', message: `${source.origin} renders no Kubernetes documents`, file: chartName });
  }
  return parsed;
}

/** Every render of a chart folder (its configured renders, or the default one). */
export function renderChart(chartDir: string, config: ResolvedConfig, cwd = process.cwd()): Promise<ParsedText[]> {
  return Promise.all(helmVariants(chartDir, config, cwd).map((v) => renderHelm(v, config, cwd)));
}
