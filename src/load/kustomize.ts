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
import { cwdRelativePath, renderError } from './helm.js';
import { parseFiles } from './file.js';
import { mapKustomizeDocument, readKustomizeTree } from './kustomize-map.js';
import { helmChartDirs, kustomizationFile, kustomizationTree } from './kustomization-file.js';
import { packagedSchemaRefs } from './chart-schema.js';
import { chartBound, linkOutOf } from './chart-links.js';
import { kustomizeVariantOf, type KustomizeVariant } from './plan.js';
import { parseRendered, type DocumentMapper } from './rendered.js';
import { renderEnv } from './tool-env.js';
import { findTool, runTool, scheduleRender, summariseStderr, type ToolCommand } from './tools.js';
import { QUIET_YAML, type ParsedText } from './yaml.js';
import { isRecord } from '../shared/records.js';


function readKustomization(dir: string): { value: Record<string, unknown>; ok: boolean } {
  const file = kustomizationFile(dir);
  try {
    const doc = parseDocument(readFileSync(file!, 'utf8'), QUIET_YAML);
    const value = doc.toJS() as unknown;
    return { value: isRecord(value) ? value : {}, ok: doc.errors.length === 0 };
  } catch {
    return { value: {}, ok: false };
  }
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

/** Kustomize's arguments: `build <dir>`, plus helm inflation with kubelint's own helm when asked. */
function buildArgs(command: ToolCommand, buildDir: string, variant: KustomizeVariant, config: ResolvedConfig): string[] | { error: string } {
  const args = command.prefix.length > 0 ? [buildDir] : ['build', buildDir];
  if (!variant.helm) return args;
  const helm = findTool('helm', { configured: config.helm.binary, root: config.root });
  if ('error' in helm) return { error: `its helmCharts need helm: ${helm.error}` };
  return [...args, '--enable-helm', '--helm-command', helm.command.binary];
}

/** When a build fails, the resource files it would have read are still linted as plain files. */
async function fallback(variant: KustomizeVariant, cwd: string): Promise<ParsedText> {
  const parsed = await parseFiles(variant.resourceFiles, cwd);
  return { manifests: parsed.flatMap((p) => p.manifests), problems: parsed.flatMap((p) => p.problems) };
}

/** Remote schema references in the packaged subcharts of the charts a build inflates (chart-schema.ts). */
async function packagedRemoteRefs(dir: string, cwd: string): Promise<string[]> {
  const charts = kustomizationTree(dir).flatMap(helmChartDirs);
  const refs = (await Promise.all(charts.map(packagedSchemaRefs))).flat();
  return refs.map((r) => `${r.url} (in ${cwdRelativePath(r.file, cwd)})`);
}

/** Builds one kustomization; a remote base is refused unless `kustomize.allowRemote` is set. */
export async function buildKustomize(variant: KustomizeVariant, config: ResolvedConfig, cwd = process.cwd()): Promise<ParsedText> {
  const { dir } = variant;
  const name = cwdRelativePath(dir, cwd);
  const source: Source = { kind: 'kustomize', name, origin: variant.name };
  const fail = async (message: string): Promise<ParsedText> => {
    const plain = await fallback(variant, cwd);
    return { manifests: plain.manifests, problems: [renderError(name, message), ...plain.problems] };
  };
  const remote = config.kustomize.allowRemote ? [] : [...variant.remote, ...(variant.helm ? await packagedRemoteRefs(dir, cwd) : [])];
  if (remote.length > 0) {
    const what = remote.length === 1 ? `remote base ${remote[0]}` : `remote bases ${remote.join(', ')}`;
    return fail(`${name} uses ${what}, which kubelint does not fetch: vendor it into the repository, lint rendered output (kustomize build ${name} | kubelint -), or set kustomize.allowRemote`);
  }
  // helm follows symlinks in the charts helmCharts inflates (chart-links.ts).
  const link = variant.helm ? kustomizationTree(dir).flatMap(helmChartDirs).map((c) => linkOutOf(c, chartBound(c, cwd))).find((l) => l) : undefined;
  if (link) return fail(`cannot build ${name}: ${cwdRelativePath(link, cwd)} is a symlink to a file outside the linted folder, which helm would read: copy the file into the chart`);
  const tool = findTool('kustomize', { configured: config.kustomize.binary, root: config.root });
  if ('error' in tool) return fail(`cannot build kustomization: ${tool.error}`);
  return scheduleRender(name, async () => {
    let prepared: Awaited<ReturnType<typeof prepareBuildDir>> | undefined;
    try {
      prepared = await prepareBuildDir(dir);
      const args = buildArgs(tool.command, prepared.buildDir, variant, config);
      if ('error' in args) return await fail(`cannot build ${name}: ${args.error}`);
      const result = await runTool(tool.command, args, undefined, renderEnv(config.kustomize.allowRemote === true));
      if (result.failure || result.code !== 0) {
        const stderr = prepared.wrapper ? unwrapError(result.stderr, prepared.wrapper, dir) : result.stderr;
        // Kustomize nests its cause at the end of one long line: keep all of it.
        return await fail(`kustomize build failed for ${name}: ${result.failure ?? summariseStderr(stderr, 20, 4000)}`);
      }
      const tree = readKustomizeTree(dir);
      // Origin paths are relative to the folder kustomize built (the wrapper, when there is one).
      const builtDir = prepared.buildDir;
      const mapper: DocumentMapper = (doc) => doc.kustomizeOrigin && mapKustomizeDocument(builtDir, doc.kustomizeOrigin, doc.manifest.value, tree, cwd);
      const parsed = parseRendered(result.stdout, source, mapper);
      if (parsed.manifests.length === 0 && parsed.problems.length === 0) {
        parsed.problems.push({ ruleId: 'empty-input', message: `${name} builds no Kubernetes documents`, file: name });
      }
      return parsed;
    } catch (error) {
      return fail(`cannot build ${name}: ${(error as Error).message}`);
    } finally {
      if (prepared?.wrapper) await fs.rm(prepared.wrapper, { recursive: true, force: true });
    }
  });
}

/** Builds the kustomization in a folder (as a walk would, when it is the folder given). */
export async function buildKustomization(dir: string, config: ResolvedConfig, cwd = process.cwd()): Promise<ParsedText[]> {
  const variant = kustomizeVariantOf(dir, cwd);
  return variant ? [await buildKustomize(variant, config, cwd)] : [{ manifests: [], problems: [renderError(cwdRelativePath(dir, cwd), 'no kustomization in this folder')] }];
}
