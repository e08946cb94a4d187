// What kubelint knows about a kustomization without building it: whether a `kustomization.yaml`
// really is one (a Flux `kustomize.toolkit.fluxcd.io` Kustomization is a plain manifest), the local
// folders and files it reads, and the remote bases or charts a build would fetch.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isRecord } from '../shared/records.js';
import { remoteSchemaRefs } from './chart-schema.js';
import { QUIET_YAML } from './yaml.js';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface Kustomization {
  dir: string;
  file: string;
  value: Record<string, unknown>;
  /** Components cannot be built on their own. */
  component: boolean;
  /** Local folders holding a kustomization (resources, bases, components, generators, transformers, validators). */
  dirs: string[];
  /** Local files listed under `resources` (what a failed build would have consumed as manifests). */
  resourceFiles: string[];
  /** Every other local file or folder it reads: patches, generator inputs, replacements, charts. */
  reads: string[];
  /** Entries a build would fetch over the network (remote bases and files, helm charts from a repo, remote schema refs). */
  remote: string[];
  /** Whether it inflates Helm charts (`helmCharts`), which needs `--enable-helm`. */
  helm: boolean;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).filter((s): s is string => typeof s === 'string');

/** Kustomize's own apiVersion, or none (the common unversioned file). */
function isKustomizeContent(value: unknown): value is Record<string, unknown> {
  if (value === null || value === undefined) return true; // an empty kustomization is still one
  if (!isRecord(value)) return false;
  const api = value.apiVersion;
  const kind = value.kind;
  if (api !== undefined && !(typeof api === 'string' && api.startsWith('kustomize.config.k8s.io/'))) return false;
  return kind === undefined || kind === 'Kustomization' || kind === 'Component';
}

const cache = new Map<string, { mtime: number; value: Record<string, unknown> | undefined }>();

/** The parsed kustomization in a file, or undefined when the file holds something else. */
function readContent(file: string): Record<string, unknown> | undefined {
  const mtime = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  if (mtime === undefined) return undefined;
  const hit = cache.get(file);
  if (hit?.mtime === mtime) return hit.value;
  let value: Record<string, unknown> | undefined;
  try {
    const parsed = parseYaml(readFileSync(file, 'utf8'), QUIET_YAML) as unknown;
    value = isKustomizeContent(parsed) ? (isRecord(parsed) ? parsed : {}) : undefined;
  } catch {
    value = {}; // unparsable: still a kustomization, whose build reports the YAML error
  }
  cache.set(file, { mtime, value });
  return value;
}

/** Whether a file named like a kustomization holds one (not, say, a Flux Kustomization). */
export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_FILES.includes(path.basename(file)) && readContent(file) !== undefined;
}

/** The kustomization file of a folder, if the folder has one that really is a kustomization. */
export function kustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((f) => path.join(dir, f)).find((f) => existsSync(f) && readContent(f) !== undefined);
}

/**
 * Whether kustomize would try to fetch an entry: it is not on disk and reads as a URL, a git
 * address or `host.tld/path` (kustomize's remote forms; `?ref=` pins a git ref).
 */
export function isRemoteEntry(dir: string, entry: string): boolean {
  if (existsSync(path.resolve(dir, entry))) return false;
  return /^[a-z][a-z0-9+.-]*:/i.test(entry) || entry.startsWith('git@') || entry.includes('?ref=') || entry.includes('//') || /^[^./][^/]*\.[a-z]{2,}\/./i.test(entry);
}

/** A generator's `files`/`envs` entry: `path`, or `key=path`. */
const generatorFile = (entry: string) => entry.slice(entry.indexOf('=') + 1);

/** Files a kustomization reads besides resources and folders of other kustomizations. */
function readsOf(dir: string, k: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const p of list(k.patches)) if (isRecord(p) && typeof p.path === 'string') out.push(p.path);
  for (const p of strings(k.patchesStrategicMerge)) if (!p.includes('\n')) out.push(p);
  for (const p of list(k.patchesJson6902)) if (isRecord(p) && typeof p.path === 'string') out.push(p.path);
  for (const g of [...list(k.configMapGenerator), ...list(k.secretGenerator)]) {
    if (!isRecord(g)) continue;
    out.push(...strings(g.files).map(generatorFile), ...strings(g.envs));
    if (typeof g.env === 'string') out.push(g.env);
  }
  for (const r of list(k.replacements)) if (isRecord(r) && typeof r.path === 'string') out.push(r.path);
  out.push(...strings(k.crds), ...strings(k.configurations), ...pluginEntries(k));
  if (isRecord(k.openapi) && typeof k.openapi.path === 'string') out.push(k.openapi.path);
  for (const h of list(k.helmCharts)) {
    if (!isRecord(h)) continue;
    if (typeof h.valuesFile === 'string') out.push(h.valuesFile);
    out.push(...strings(h.additionalValuesFiles));
  }
  if (list(k.helmCharts).length > 0) out.push(chartHome(k));
  return out;
}

/** Entries kustomize may build as kustomizations of their own (folders, or remote bases). */
const pluginEntries = (k: Record<string, unknown>) => [...strings(k.generators), ...strings(k.transformers), ...strings(k.validators)];

function chartHome(k: Record<string, unknown>): string {
  const globals = isRecord(k.helmGlobals) ? k.helmGlobals : {};
  return typeof globals.chartHome === 'string' ? globals.chartHome : 'charts';
}

/** Where kustomize looks for a helmCharts entry: with `repo` and `version`, <chartHome>/<name>-<version>/<name>; else <chartHome>/<name>. */
function chartFolder(home: string, h: Record<string, unknown> & { name: string }): { dir: string; repo?: string } {
  const repo = typeof h.repo === 'string' && h.repo !== '' ? h.repo : undefined;
  const version = typeof h.version === 'string' && h.version !== '' ? h.version : undefined;
  return { dir: repo && version ? path.join(home, `${h.name}-${version}`, h.name) : path.join(home, h.name), repo };
}

const namedCharts = (k: Record<string, unknown>) => list(k.helmCharts).filter((h): h is Record<string, unknown> & { name: string } => isRecord(h) && typeof h.name === 'string');
const isDir = (p: string) => statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;

/** The local chart folders a kustomization's helmCharts render. */
export function helmChartDirs(k: Kustomization): string[] {
  const home = path.resolve(k.dir, chartHome(k.value));
  return namedCharts(k.value).map((h) => chartFolder(home, h).dir).filter(isDir);
}

/**
 * What helmCharts would fetch: a chart kustomize does not find where it looks (chartFolder) and
 * would pull, and the remote references in a local chart's values schema (chart-schema.ts;
 * packaged subcharts are checked before the build, in kustomize.ts).
 */
function remoteCharts(dir: string, k: Record<string, unknown>): string[] {
  const home = path.resolve(dir, chartHome(k));
  return namedCharts(k).flatMap((h) => {
    const chart = chartFolder(home, h);
    if (!isDir(chart.dir)) return chart.repo ? [`helm chart ${h.name} from ${chart.repo}`] : [];
    return remoteSchemaRefs(chart.dir).map((r) => `${r.url} (in ${path.relative(dir, r.file).split(path.sep).join('/')})`);
  });
}

/** Reads a folder's kustomization, or undefined when it has none. */
export function readKustomization(dir: string): Kustomization | undefined {
  const file = kustomizationFile(dir);
  const value = file ? readContent(file) : undefined;
  if (!file || !value) return undefined;
  const dirs: string[] = [];
  const resourceFiles: string[] = [];
  const remote: string[] = [];
  for (const key of ['resources', 'bases', 'components']) {
    for (const entry of strings(value[key])) {
      if (isRemoteEntry(dir, entry)) {
        remote.push(entry);
        continue;
      }
      const target = path.resolve(dir, entry);
      if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) dirs.push(target);
      else resourceFiles.push(target);
    }
  }
  // Any file kustomize loads may be an http(s) URL, which it fetches (and a plugin entry a git URL).
  const reads: string[] = [];
  for (const entry of readsOf(dir, value)) {
    if (isRemoteEntry(dir, entry)) remote.push(entry);
    else reads.push(path.resolve(dir, entry));
  }
  // A generator/transformer/validator folder is a kustomization built with this one.
  for (const entry of pluginEntries(value)) {
    const target = path.resolve(dir, entry);
    if (!isRemoteEntry(dir, entry) && kustomizationFile(target) !== undefined) dirs.push(target);
  }
  remote.push(...remoteCharts(dir, value));
  return { dir, file, value, component: value.kind === 'Component', dirs, resourceFiles, reads, remote, helm: list(value.helmCharts).length > 0 };
}

/** Local kustomization folders a kustomization builds on. */
export function referencedDirs(dir: string): string[] {
  return (readKustomization(dir)?.dirs ?? []).filter((d) => kustomizationFile(d) !== undefined);
}

/** A kustomization and every local one it reaches (itself first), each once. */
export function kustomizationTree(dir: string): Kustomization[] {
  const seen = new Set<string>();
  const out: Kustomization[] = [];
  const visit = (d: string) => {
    if (seen.has(d)) return;
    seen.add(d);
    const k = readKustomization(d);
    if (!k) return;
    out.push(k);
    k.dirs.forEach(visit);
  };
  visit(dir);
  return out;
}
