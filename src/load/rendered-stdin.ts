// Rendered output piped to stdin (`helm template … | kubelint -`, `kustomize build … | kubelint -`):
// documents map into their templates or resource files when those exist relative to the cwd;
// otherwise they keep their stdin position, with the file they were rendered from in the note.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { parse as parseYaml } from 'yaml';
import type { ResolvedConfig } from '../config/types.js';
import type { Source } from '../types.js';
import { helmMapper } from './helm.js';
import { collectPatches, mapKustomizeDocument } from './kustomize-map.js';
import { parseRendered, type DocumentMapper, type KustomizeOrigin } from './rendered.js';
import type { ParsedText } from './yaml.js';

/** How deep below the cwd to look for the chart or kustomization a stream was rendered from. */
const SEARCH_DEPTH = 6;
const IGNORE = ['**/node_modules/**', '**/.git/**'];

function chartName(dir: string): string | undefined {
  try {
    const chart = parseYaml(readFileSync(path.join(dir, 'Chart.yaml'), 'utf8')) as { name?: unknown } | null;
    return typeof chart?.name === 'string' ? chart.name : undefined;
  } catch {
    return undefined;
  }
}

/** Chart directories that may have produced `<name>/…`: configured charts, the cwd, charts below it. */
function chartDirsNamed(name: string, config: ResolvedConfig, cwd: string, found: () => string[]): string[] {
  const configured = config.helm.renders.map((r) => path.resolve(config.root, r.chart));
  const candidates = [path.join(cwd, name), ...configured, cwd];
  const direct = candidates.filter((d) => existsSync(path.join(d, 'Chart.yaml')) && chartName(d) === name);
  return direct.length > 0 ? direct : found().filter((d) => chartName(d) === name);
}

function helmStdinMapper(config: ResolvedConfig, cwd: string): DocumentMapper {
  let below: string[] | undefined;
  const chartsBelow = () => (below ??= fg.sync('**/Chart.yaml', { cwd, absolute: true, deep: SEARCH_DEPTH, ignore: IGNORE }).map(path.dirname).sort());
  const resolved = new Map<string, string | undefined>();
  return helmMapper({
    cwd,
    resolve(sourcePath) {
      if (!resolved.has(sourcePath)) {
        const [name, ...rest] = sourcePath.split('/');
        const file = chartDirsNamed(name!, config, cwd, chartsBelow)
          .map((d) => path.join(d, ...rest))
          .find((f) => existsSync(f));
        resolved.set(sourcePath, file);
      }
      return resolved.get(sourcePath);
    },
  });
}

/** The kustomization the stream was built from: the cwd, or the first one below it from which every origin resolves. */
function kustomizeBuildDir(origins: KustomizeOrigin[], cwd: string): string | undefined {
  const paths = origins.flatMap((o) => (o.path && !o.repo ? [o.path] : []));
  if (paths.length === 0) return undefined;
  const resolvesFrom = (dir: string) => paths.every((p) => existsSync(path.resolve(dir, p)));
  if (resolvesFrom(cwd)) return cwd;
  const dirs = fg.sync('**/{kustomization.yaml,kustomization.yml,Kustomization}', { cwd, absolute: true, deep: SEARCH_DEPTH, ignore: IGNORE }).map(path.dirname).sort();
  return dirs.find(resolvesFrom);
}

export function parseRenderedStdin(text: string, config: ResolvedConfig, cwd = process.cwd()): ParsedText {
  const source: Source = { kind: 'stdin', name: '<stdin>' };
  const helm = helmStdinMapper(config, cwd);
  // The kustomization a stream was built from is found from all its origins: a first pass collects them.
  const origins: KustomizeOrigin[] = [];
  const first = parseRendered(text, source, (doc) => void (doc.kustomizeOrigin && origins.push(doc.kustomizeOrigin)));
  if (origins.length === 0 && !first.manifests.some((m) => m.locate([]).note)) return first;
  const dir = kustomizeBuildDir(origins, cwd);
  const patches = dir ? collectPatches(dir).patches : [];
  return parseRendered(text, source, (doc) => {
    if (doc.helmSource) return helm(doc);
    if (doc.kustomizeOrigin && dir) return mapKustomizeDocument(dir, doc.kustomizeOrigin, doc.manifest.value, patches, cwd);
    return undefined;
  });
}
