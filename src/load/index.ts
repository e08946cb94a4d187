// Expands inputs (files, directories, globs, `-`) into manifests. Rendered directories (Helm charts,
// Kustomize overlays) go to their renderer; everything else is read and parsed here.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { Manifest, Source, Violation } from '../types.js';
import { displayName, parseFile } from './file.js';
import { parseStdin, renderers, type Renderer } from './renderers.js';
import type { ParsedText } from './yaml.js';

export interface Loaded {
  manifests: Manifest[];
  problems: Violation[];
  /** Display names of everything read, in order. */
  sources: string[];
}

export interface LoadOptions {
  /** Reads standard input when an input is `-`. */
  readStdin?: () => Promise<string>;
  /** Inputs and display names are relative to this directory (default: process.cwd()). */
  cwd?: string;
}

const MANIFEST_GLOB = '**/*.{yaml,yml,json}';
// onlyFiles would silently drop entries that cannot be stat'ed (a symlink loop, a dangling link):
// list everything, drop directories, and let reading report the rest.
const LISTING = { followSymbolicLinks: false, onlyFiles: false, markDirectories: true } as const;
const notDirectory = (entry: string) => !entry.endsWith('/');
const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];

function rendererFor(dir: string): Renderer | undefined {
  return renderers.find((r) => r.markers.some((m) => existsSync(path.join(dir, m))));
}

// Loaded on first use: a run on plain files (a pre-commit hook) never needs the glob engine.
type FastGlob = typeof import('fast-glob');
let fastGlob: Promise<FastGlob> | undefined;
const globber = (): Promise<FastGlob> => (fastGlob ??= import('fast-glob').then((m) => m.default));

function inputError(file: string, message: string): Violation {
  return { ruleId: 'parse-error', message, file };
}

/** Walks a directory: rendered subdirectories are claimed by their renderer, the rest are plain files. */
async function walk(dir: string, config: ResolvedConfig): Promise<{ files: string[]; rendered: Array<[string, Renderer]> }> {
  const rendered: Array<[string, Renderer]> = [];
  const own = rendererFor(dir);
  if (own) return { files: [], rendered: [[dir, own]] };
  const fg = await globber();
  const markers = renderers.flatMap((r) => r.markers.map((m) => `**/${m}`));
  const ignore = [...ALWAYS_EXCLUDED, ...config.exclude];
  const markerFiles = markers.length ? await fg(markers, { cwd: dir, absolute: true, ignore, followSymbolicLinks: false }) : [];
  const claimed = [...new Set(markerFiles.map((f) => path.dirname(f)))].sort();
  // A chart inside a chart (charts/ dependencies) is rendered by its parent; a renderer with
  // `select` (Kustomize: bases used by overlays) decides itself among all it claimed.
  const nested = (d: string, i: number) => claimed.slice(0, i).some((p) => d.startsWith(p + path.sep));
  for (const r of renderers) {
    const mine = claimed.filter((d) => rendererFor(d) === r);
    const chosen = r.select ? r.select(mine) : mine.filter((d) => !nested(d, claimed.indexOf(d)));
    for (const root of chosen) rendered.push([root, r]);
  }
  const roots = claimed.filter((d, i) => !nested(d, i));
  const files = await fg(MANIFEST_GLOB, {
    ...LISTING,
    cwd: dir,
    absolute: true,
    ignore: [...ignore, ...roots.map((r) => `${path.relative(dir, r).split(path.sep).join('/')}/**`)],
  });
  return { files: files.filter(notDirectory).sort(), rendered };
}

/** Expands the inputs into work items, in the order given; unknown paths become input errors. */
async function expand(inputs: string[], config: ResolvedConfig, cwd: string) {
  const files: string[] = [];
  const rendered: Array<[string, Renderer]> = [];
  const problems: Violation[] = [];
  let stdin = false;
  for (const input of inputs) {
    if (input === '-') {
      stdin = true;
      continue;
    }
    const abs = path.resolve(cwd, input);
    const stat = existsSync(abs) ? statSync(abs, { throwIfNoEntry: false }) : undefined;
    if (stat?.isDirectory()) {
      const found = await walk(abs, config);
      files.push(...found.files);
      rendered.push(...found.rendered);
    } else if (stat || !(await globber()).isDynamicPattern(input)) {
      files.push(abs);
    } else {
      const fg = await globber();
      const listed = await fg(input, { ...LISTING, cwd, absolute: true, ignore: [...ALWAYS_EXCLUDED, ...config.exclude] });
      const matches = listed.filter(notDirectory);
      if (matches.length === 0) problems.push(inputError(input, 'no files match this pattern'));
      files.push(...matches.sort());
    }
  }
  return { files: [...new Set(files)], rendered, problems, stdin };
}

export async function loadInputs(inputs: string[], config: ResolvedConfig, options: LoadOptions = {}): Promise<Loaded> {
  const cwd = options.cwd ?? process.cwd();
  const work = await expand(inputs, config, cwd);
  const results: ParsedText[] = [{ manifests: [], problems: work.problems }];
  const sources: string[] = [];
  if (work.stdin) {
    if (!options.readStdin) throw new Error('stdin input (-) is not available here');
    results.push(parseStdin(await options.readStdin(), config, cwd));
    sources.push('<stdin>');
  }
  // Files are read concurrently; renders are bounded by the renderer itself.
  const parsedFiles = await Promise.all(work.files.map((f) => parseFile(f, cwd)));
  results.push(...parsedFiles);
  sources.push(...work.files.map((f) => displayName(f, cwd)));
  const renders = await Promise.all(work.rendered.map(([dir, r]) => r.render(dir, config, cwd)));
  for (const [i, list] of renders.entries()) {
    results.push(...list);
    sources.push(displayName(work.rendered[i]![0], cwd));
  }
  return {
    manifests: results.flatMap((r) => r.manifests),
    problems: results.flatMap((r) => r.problems),
    sources,
  };
}
