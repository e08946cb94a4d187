// Builds Kustomize overlays with `kustomize build` (or `kubectl kustomize`) with origin annotations
// on, so every object names the base, overlay or generator it came from. When the user's
// kustomization lacks `buildMetadata: [originAnnotations]`, the tree it reads is copied to a
// temporary folder (relative bases keep resolving) and the option is added to the copy only.
import { promises as fs, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument, type Document } from 'yaml';
import type { ResolvedConfig } from '../config/types.js';
import type { Source } from '../types.js';
import { displayPath, renderError } from './helm.js';
import { KUSTOMIZATION_FILES, kustomizationFile, mapKustomizeDocument, readKustomizeTree, referencedDirs } from './kustomize-map.js';
import { parseRendered, type DocumentMapper } from './rendered.js';
import type { Renderer } from './renderers.js';
import { findTool, runTool, scheduleRender, summariseStderr } from './tools.js';
import type { ParsedText } from './yaml.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Which of the kustomizations found in one walk to build: all of them, except those another one
 * in the same walk uses as a resource/base/component (a base is linted through its overlays).
 */
export function selectKustomizations(dirs: string[]): string[] {
  const referenced = new Set(dirs.flatMap((d) => referencedDirs(d)));
  // A Component cannot be built alone: it is linted through the kustomizations that include it.
  return dirs.filter((d) => !referenced.has(d) && !isComponent(d));
}

function isComponent(dir: string): boolean {
  const file = kustomizationFile(dir);
  try {
    return file !== undefined && /^kind:\s*Component\s*$/m.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

/** Every local path a kustomization tree reads that lies above its own folder, and its folders. */
function treePaths(dir: string, seen = new Set<string>()): string[] {
  if (seen.has(dir)) return [];
  seen.add(dir);
  const file = kustomizationFile(dir);
  if (!file) return [dir];
  const found = [dir];
  const visit = (v: unknown): void => {
    if (typeof v === 'string' && v.startsWith('..') && !v.includes('\n')) found.push(path.resolve(dir, v));
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isRecord(v)) Object.values(v).forEach(visit);
  };
  try {
    visit(parseDocument(readFileSync(file, 'utf8')).toJS());
  } catch {
    /* an unparsable kustomization fails the build with kustomize's own message */
  }
  for (const sub of referencedDirs(dir)) found.push(...treePaths(sub, seen));
  return found;
}

function commonAncestor(paths: string[]): string {
  const split = paths.map((p) => p.split(path.sep));
  const first = split[0]!;
  let n = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < n && parts[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join(path.sep) || path.sep;
}

/** The `buildMetadata` list of a kustomization, whatever shape the user wrote (absent → []). */
function buildMetadataOf(doc: Document): unknown[] {
  const value = doc.toJS() as unknown;
  const list = isRecord(value) ? value.buildMetadata : undefined;
  return Array.isArray(list) ? list : [];
}

/** Never copied into the build folder: not read by kustomize, and possibly huge. */
const SKIPPED = new Set(['.git', 'node_modules']);

/** A directory to build that has origin annotations on: the user's own, or a prepared copy. */
async function prepareBuildDir(dir: string): Promise<{ buildDir: string; copyRoot?: string; tempRoot?: string }> {
  const file = kustomizationFile(dir)!;
  const doc = parseDocument(await fs.readFile(file, 'utf8'));
  // An unparsable kustomization is built as is: kustomize's own error says what is wrong.
  if (doc.errors.length > 0 || buildMetadataOf(doc).includes('originAnnotations')) return { buildDir: dir };
  const copyRoot = commonAncestor(treePaths(dir).map((p) => (statSync(p, { throwIfNoEntry: false })?.isDirectory() ? p : path.dirname(p))));
  const tempRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'kubelint-kustomize-'));
  await fs.cp(copyRoot, tempRoot, { recursive: true, filter: (src) => !path.relative(copyRoot, src).split(path.sep).some((part) => SKIPPED.has(part)) });
  const buildDir = path.join(tempRoot, path.relative(copyRoot, dir));
  doc.set('buildMetadata', [...buildMetadataOf(doc), 'originAnnotations']);
  await fs.writeFile(path.join(buildDir, path.basename(file)), doc.toString());
  return { buildDir, copyRoot, tempRoot };
}

async function build(dir: string, config: ResolvedConfig, cwd = process.cwd()): Promise<ParsedText[]> {
  const name = displayPath(dir, cwd);
  const source: Source = { kind: 'kustomize', name, origin: name };
  const fail = (message: string): ParsedText[] => [{ manifests: [], problems: [renderError(name, message)] }];
  const tool = findTool('kustomize', { configured: config.kustomize.binary, root: config.root });
  if ('error' in tool) return fail(`cannot build kustomization: ${tool.error}`);
  return scheduleRender(name, async () => {
    let prepared: Awaited<ReturnType<typeof prepareBuildDir>> | undefined;
    try {
      prepared = await prepareBuildDir(dir);
      const args = tool.command.prefix.length > 0 ? [prepared.buildDir] : ['build', prepared.buildDir];
      const result = await runTool(tool.command, args);
      if (result.failure || result.code !== 0) {
        const stderr = prepared.tempRoot ? result.stderr.split(prepared.tempRoot).join(prepared.copyRoot!) : result.stderr;
        return fail(`kustomize build failed for ${name}: ${result.failure ?? summariseStderr(stderr)}`);
      }
      const tree = readKustomizeTree(dir);
      const mapper: DocumentMapper = (doc) => doc.kustomizeOrigin && mapKustomizeDocument(dir, doc.kustomizeOrigin, doc.manifest.value, tree, cwd);
      const parsed = parseRendered(result.stdout, source, mapper);
      if (parsed.manifests.length === 0 && parsed.problems.length === 0) {
        parsed.problems.push({ ruleId: 'empty-input', message: `${name} builds no Kubernetes documents`, file: name });
      }
      return [parsed];
    } catch (error) {
      return fail(`cannot build ${name}: ${(error as Error).message}`);
    } finally {
      if (prepared?.tempRoot) await fs.rm(prepared.tempRoot, { recursive: true, force: true });
    }
  });
}

export const kustomizeRenderer: Renderer = { name: 'kustomize', markers: KUSTOMIZATION_FILES, render: build, select: selectKustomizations };
