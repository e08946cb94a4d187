// Rendered output piped to stdin (`helm template … | kubelint -`, `kustomize build … | kubelint -`):
// documents map into their templates or resource files when those exist relative to the cwd;
// otherwise they keep their stdin position, with the file they were rendered from in the note.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ResolvedConfig } from '../config/types.js';
import type { Source } from '../types.js';
import { helmMapper } from './helm.js';
import { mapKustomizeDocument, readKustomizeTree } from './kustomize-map.js';
import { kustomizationFile } from './kustomization-file.js';
import { renderRootsBelow, type RenderRoots } from './plan.js';
import { mapRendered, renderedDocuments, type DocumentMapper, type KustomizeOrigin, type RenderedDocument } from './rendered.js';
import { QUIET_YAML, type ParsedText } from './yaml.js';

/** How deep below the cwd to look for the chart or kustomization a stream was rendered from. */
const SEARCH_DEPTH = 6;

function chartName(dir: string): string | undefined {
  try {
    const chart = parseYaml(readFileSync(path.join(dir, 'Chart.yaml'), 'utf8'), QUIET_YAML) as { name?: unknown } | null;
    return typeof chart?.name === 'string' ? chart.name : undefined;
  } catch {
    return undefined;
  }
}

/** Chart directories that may have produced `<name>/…`: configured charts, the cwd, charts below it. */
function chartDirsNamed(name: string, config: ResolvedConfig, cwd: string, below: readonly string[]): string[] {
  const configured = config.helm.renders.map((r) => path.resolve(config.root, r.chart));
  const candidates = [path.join(cwd, name), ...configured, cwd];
  const direct = candidates.filter((d) => existsSync(path.join(d, 'Chart.yaml')) && chartName(d) === name);
  return direct.length > 0 ? direct : below.filter((d) => chartName(d) === name);
}

function helmStdinMapper(config: ResolvedConfig, cwd: string, roots: RenderRoots): DocumentMapper {
  const resolved = new Map<string, string | undefined>();
  return helmMapper({
    cwd,
    resolve(sourcePath) {
      if (!resolved.has(sourcePath)) {
        const [name, ...rest] = sourcePath.split('/');
        const file = chartDirsNamed(name!, config, cwd, roots.charts)
          .map((d) => path.join(d, ...rest))
          .find((f) => existsSync(f));
        resolved.set(sourcePath, file);
      }
      return resolved.get(sourcePath);
    },
  });
}

interface StreamFacts {
  origins: KustomizeOrigin[];
  namespaces: Set<string>;
  names: string[];
}

/** How well a kustomization explains a stream: its namespace and name prefix/suffix match the objects. */
function score(dir: string, facts: StreamFacts): number {
  const file = kustomizationFile(dir);
  let k: Record<string, unknown> = {};
  try {
    const parsed = file ? (parseYaml(readFileSync(file, 'utf8'), QUIET_YAML) as unknown) : undefined;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) k = parsed as Record<string, unknown>;
  } catch {
    return -1;
  }
  if (k.kind === 'Component') return -1; // never built on its own
  let points = 0;
  if (typeof k.namespace === 'string' && facts.namespaces.size === 1 && facts.namespaces.has(k.namespace)) points += 2;
  if (typeof k.namePrefix === 'string' && facts.names.every((n) => n.startsWith(k.namePrefix as string))) points += 1;
  if (typeof k.nameSuffix === 'string' && facts.names.every((n) => n.endsWith(k.nameSuffix as string))) points += 1;
  return points;
}

/**
 * The kustomization a stream was built from: the cwd, or the kustomization below it from which
 * every origin resolves and whose namespace and name prefix best match the objects.
 */
function kustomizeBuildDir(facts: StreamFacts, cwd: string, roots: RenderRoots): string | undefined {
  const paths = facts.origins.flatMap((o) => (o.path && !o.repo ? [o.path] : []));
  if (paths.length === 0) return undefined;
  const resolvesFrom = (dir: string) => paths.every((p) => existsSync(path.resolve(dir, p)));
  if (resolvesFrom(cwd)) return cwd;
  const candidates = roots.kustomizations.filter(resolvesFrom).map((dir) => ({ dir, points: score(dir, facts) })).filter((c) => c.points >= 0);
  return candidates.sort((a, b) => b.points - a.points)[0]?.dir;
}

/** What the documents say about the build they came from (kustomize origins, namespaces, names). */
function streamFacts(documents: readonly RenderedDocument[]): StreamFacts {
  const facts: StreamFacts = { origins: [], namespaces: new Set(), names: [] };
  for (const doc of documents) {
    if (!doc.kustomizeOrigin) continue;
    facts.origins.push(doc.kustomizeOrigin);
    const metadata = (doc.manifest.value as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
    if (typeof metadata?.namespace === 'string') facts.namespaces.add(metadata.namespace);
    if (typeof metadata?.name === 'string') facts.names.push(metadata.name);
  }
  return facts;
}

/**
 * Parses piped input once. The kustomization a stream was built from is found from all its
 * origins, so every document is read before any is mapped; a stream with neither `# Source:`
 * comments nor origin annotations (plain YAML) maps nothing, and no folder is searched for it.
 */
export async function parseRenderedStdin(text: string, config: ResolvedConfig, cwd = process.cwd()): Promise<ParsedText> {
  const source: Source = { kind: 'stdin', name: '<stdin>' };
  const rendered = renderedDocuments(text, source);
  if (!rendered.documents.some((doc) => doc.helmSource !== undefined || doc.kustomizeOrigin !== undefined)) return mapRendered(rendered, source, () => undefined);
  const facts = streamFacts(rendered.documents);
  // The folders below the cwd are asked of the input plan, which walks as every other run does.
  const roots = await renderRootsBelow(cwd, SEARCH_DEPTH);
  const helm = helmStdinMapper(config, cwd, roots);
  const dir = kustomizeBuildDir(facts, cwd, roots);
  const tree = dir ? readKustomizeTree(dir) : undefined;
  return mapRendered(rendered, source, (doc) => {
    if (doc.helmSource) return helm(doc);
    if (doc.kustomizeOrigin && dir && tree) return mapKustomizeDocument(dir, doc.kustomizeOrigin, doc.manifest.value, tree, cwd);
    return undefined;
  });
}
