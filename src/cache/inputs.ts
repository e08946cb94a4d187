// Every file a run's result can depend on, for the cache key: whole input trees (so Helm values,
// templates and Kustomize patches count), the config's Helm values files, and the local bases a
// kustomization pulls in from outside its own tree.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { parse } from 'yaml';
import type { ResolvedConfig } from '../config/types.js';

const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];
const KUSTOMIZATION = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

function referencedDirs(kustomizationFile: string): string[] {
  let doc: unknown;
  try {
    doc = parse(readFileSync(kustomizationFile, 'utf8'));
  } catch {
    return []; // the renderer reports it; the file's own content is in the key anyway
  }
  if (!doc || typeof doc !== 'object') return [];
  const record = doc as Record<string, unknown>;
  const refs = ['resources', 'bases', 'components'].flatMap((k) => (Array.isArray(record[k]) ? (record[k] as unknown[]) : []));
  return refs
    .filter((r): r is string => typeof r === 'string' && !r.includes('://') && !/^[\w.-]+\.[a-z]+\/.+\?ref=/.test(r))
    .map((r) => path.resolve(path.dirname(kustomizationFile), r));
}

/** Files the loader reads in a plain directory (see src/load/index.ts). */
const MANIFEST_GLOB = '**/*.{yaml,yml,json}';
const MARKERS = ['**/Chart.yaml', '**/kustomization.yaml', '**/kustomization.yml', '**/Kustomization'];

/** What a directory input can depend on: its manifests, and every file of its charts and overlays. */
async function directoryFiles(dir: string, ignore: string[]): Promise<string[]> {
  const options = { cwd: dir, absolute: true, ignore, followSymbolicLinks: false };
  const [manifests, markers] = await Promise.all([fg(MANIFEST_GLOB, options), fg(MARKERS, { ...options, dot: true })]);
  const trees = [...new Set(markers.map((m) => path.dirname(m)))];
  const treeFiles = await Promise.all(trees.map((t) => fg('**/*', { ...options, cwd: t, dot: true })));
  return [...manifests, ...treeFiles.flat()];
}

/**
 * Absolute paths of every file the inputs depend on (sorted, unique). `ignored` files (the cache
 * itself, output and baseline files) never count, so writing them does not invalidate the cache.
 */
export async function inputFiles(inputs: readonly string[], config: ResolvedConfig, cwd: string, ignored: ReadonlySet<string> = new Set()): Promise<string[]> {
  const ignore = [...ALWAYS_EXCLUDED, ...config.exclude];
  const files = new Set<string>();
  const walked = new Set<string>();
  const pending = inputs.map((i) => ({ input: i, base: cwd }));
  for (const render of config.helm.renders) {
    for (const values of render.values ?? []) pending.push({ input: values, base: config.root });
  }
  while (pending.length > 0) {
    const { input, base } = pending.shift()!;
    const abs = path.resolve(base, input);
    const stat = existsSync(abs) ? statSync(abs, { throwIfNoEntry: false }) : undefined;
    let found: string[];
    if (stat?.isDirectory()) {
      if ([...walked].some((w) => abs === w || abs.startsWith(w + path.sep))) continue;
      walked.add(abs);
      found = await directoryFiles(abs, ignore);
    } else if (stat || !fg.isDynamicPattern(input)) {
      found = [abs]; // a missing file still counts: its absence is part of the key
    } else {
      found = await fg(input, { cwd: base, absolute: true, ignore, followSymbolicLinks: false });
    }
    for (const file of found) {
      if (files.has(file) || ignored.has(file)) continue;
      files.add(file);
      if (KUSTOMIZATION.test(file)) for (const dir of referencedDirs(file)) pending.push({ input: dir, base: cwd });
    }
  }
  return [...files].sort();
}
