// Builds Kustomize overlays with `kustomize build` (or `kubectl kustomize`) with origin annotations
// on, so every object names the base, overlay or generator it came from. When the user's
// kustomization lacks `buildMetadata: [originAnnotations]`, kubelint builds a one-line wrapper
// kustomization in a temporary folder that lists the user's folder as its only resource and turns
// the option on: the user's tree is built in place (relative bases resolve as usual, load
// restrictions are unchanged) and never written to.
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
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

function readKustomization(dir: string): { value: Record<string, unknown>; ok: boolean } {
  const file = kustomizationFile(dir);
  try {
    const doc = parseDocument(readFileSync(file!, 'utf8'));
    const value = doc.toJS() as unknown;
    return { value: isRecord(value) ? value : {}, ok: doc.errors.length === 0 };
  } catch {
    return { value: {}, ok: false };
  }
}

/**
 * Which of the kustomizations found in one walk to build: all of them, except those another one
 * in the same walk uses as a resource/base/component (a base is linted through its overlays), and
 * Components, which cannot be built alone.
 */
export function selectKustomizations(dirs: string[]): string[] {
  const referenced = new Set(dirs.flatMap((d) => referencedDirs(d)));
  return dirs.filter((d) => !referenced.has(d) && readKustomization(d).value.kind !== 'Component');
}

/** The folder to build: the user's own, or a temporary wrapper around it that turns origins on. */
async function prepareBuildDir(dir: string): Promise<{ buildDir: string; wrapper?: string }> {
  const { value, ok } = readKustomization(dir);
  const buildMetadata = Array.isArray(value.buildMetadata) ? value.buildMetadata : [];
  // Origins already on, or an unparsable kustomization (kustomize's own error says what is wrong).
  if (!ok || buildMetadata.includes('originAnnotations')) return { buildDir: dir };
  const wrapper = await fs.mkdtemp(path.join(os.tmpdir(), 'kubelint-kustomize-'));
  // Kustomize refuses absolute resource paths: name the user's folder relative to the wrapper.
  const resource = path.relative(wrapper, dir).split(path.sep).join('/');
  // Options only the top kustomization's count (buildMetadata, sortOptions) move up to the wrapper.
  const top: Record<string, unknown> = { resources: [resource], buildMetadata: [...buildMetadata, 'originAnnotations'] };
  if (value.sortOptions !== undefined) top.sortOptions = value.sortOptions;
  await fs.writeFile(path.join(wrapper, 'kustomization.yaml'), `# Written by kubelint to build ${dir} with origin annotations.\n${JSON.stringify(top, null, 2)}\n`);
  return { buildDir: wrapper, wrapper };
}

/** Kustomize's error as if the user's folder had been built directly: the wrapper's layer removed. */
export function unwrapError(stderr: string, wrapper: string, dir: string): string {
  const layer = `accumulating resources: accumulation err='accumulating resources from '${dir}': '${dir}' must resolve to a file': recursed accumulation of path '${dir}': `;
  const relative = path.relative(wrapper, dir).split(path.sep).join('/');
  return stderr.split(relative).join(dir).split(wrapper).join(dir).split(layer).join('');
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
        const stderr = prepared.wrapper ? unwrapError(result.stderr, prepared.wrapper, dir) : result.stderr;
        return fail(`kustomize build failed for ${name}: ${result.failure ?? summariseStderr(stderr)}`);
      }
      const tree = readKustomizeTree(dir);
      // Origin paths are relative to the folder kustomize built (the wrapper, when there is one).
      const builtDir = prepared.buildDir;
      const mapper: DocumentMapper = (doc) => doc.kustomizeOrigin && mapKustomizeDocument(builtDir, doc.kustomizeOrigin, doc.manifest.value, tree, cwd);
      const parsed = parseRendered(result.stdout, source, mapper);
      if (parsed.manifests.length === 0 && parsed.problems.length === 0) {
        parsed.problems.push({ ruleId: 'empty-input', message: `${name} builds no Kubernetes documents`, file: name });
      }
      return [parsed];
    } catch (error) {
      return fail(`cannot build ${name}: ${(error as Error).message}`);
    } finally {
      if (prepared?.wrapper) await fs.rm(prepared.wrapper, { recursive: true, force: true });
    }
  });
}

export const kustomizeRenderer: Renderer = { name: 'kustomize', markers: KUSTOMIZATION_FILES, render: build, select: selectKustomizations };
