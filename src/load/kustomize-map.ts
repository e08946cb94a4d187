// Maps a document of `kustomize build` back to the file a person edits: the resource file named by
// its origin annotation, or the overlay patch that sets the field, or the generator entry in a
// kustomization. Patches are found by reading the kustomization tree the build walked.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { JsonPath, Location, Manifest } from '../types.js';
import type { KustomizeOrigin, MappedDocument } from './rendered.js';
import { transformerLocation } from './kustomize-transformers.js';
import { kustomizationFile } from './kustomization-file.js';
import { existingPrefix } from './template-map.js';
import { QUIET_YAML, parseManifestText } from './yaml.js';
import { isRecord } from '../shared/records.js';


function display(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

const parsedFiles = new Map<string, { mtime: number; manifests: Manifest[] }>();
/** Parses a YAML file once while it is unchanged (many documents map into the same base file). */
function manifestsOf(file: string, cwd = process.cwd()): Manifest[] {
  const mtime = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  if (mtime === undefined) return [];
  const key = `${cwd}\0${file}`;
  const cached = parsedFiles.get(key);
  if (cached?.mtime === mtime) return cached.manifests;
  const manifests = parseManifestText(readFileSync(file, 'utf8'), { kind: 'file', name: display(file, cwd) }).manifests;
  parsedFiles.set(key, { mtime, manifests });
  return manifests;
}

interface Patch {
  /** The kustomization declaring it, and the path of the entry inside it. */
  kustomization: string;
  entry: JsonPath;
  file?: string;
  /** Parsed patch: a strategic-merge object, or a JSON 6902 operation list. */
  value: unknown;
  target?: Record<string, unknown>;
  /** Resource files reachable from the declaring kustomization: the patch can only touch these. */
  scope: Set<string>;
  /** The declaring kustomization's namePrefix/nameSuffix: objects it patched carry them. */
  affixes: string[];
}

/** A kustomization of the tree, for its transformers (images, replicas, namespace). */
interface KustomizationNode {
  file: string;
  value: Record<string, unknown>;
  /** Resource files reachable from it: its transformers touch only these. */
  scope: Set<string>;
}

/** What the build read: patches and kustomizations, outermost overlay first (they apply last). */
export interface KustomizeTree {
  patches: Patch[];
  kustomizations: KustomizationNode[];
  files: Set<string>;
}

/** Reads a kustomization tree. A component's patches and transformers apply to its includer's resources. */
export function readKustomizeTree(dir: string, seen = new Map<string, Set<string>>()): KustomizeTree {
  // A base reached twice (overlay → a → base, overlay → b → base) lends its files to both
  // includers' scopes, but its patches are listed once; a cycle (kustomize rejects it) ends here.
  const known = seen.get(dir);
  if (known) return { patches: [], kustomizations: [], files: known };
  const files = new Set<string>();
  seen.set(dir, files);
  const file = kustomizationFile(dir);
  const empty: KustomizeTree = { patches: [], kustomizations: [], files };
  if (!file) return empty;
  const k = manifestsOf(file)[0]?.value;
  if (!isRecord(k)) return empty;
  const inner: Patch[] = [];
  const innerNodes: KustomizationNode[] = [];
  for (const key of ['resources', 'bases', 'components']) {
    for (const entry of Array.isArray(k[key]) ? (k[key] as unknown[]) : []) {
      if (typeof entry !== 'string') continue;
      const target = path.resolve(dir, entry);
      if (kustomizationFile(target)) {
        const sub = readKustomizeTree(target, seen);
        sub.files.forEach((f) => files.add(f));
        if (key === 'components') [...sub.patches, ...sub.kustomizations].forEach((p) => (p.scope = files));
        inner.push(...sub.patches);
        innerNodes.push(...sub.kustomizations);
      } else files.add(target);
    }
  }
  const own: Patch[] = [];
  const add = (entry: JsonPath, spec: unknown, target?: unknown) => {
    const patchPath = typeof spec === 'string' && !spec.includes('\n') ? path.resolve(dir, spec) : undefined;
    let value: unknown;
    try {
      value = patchPath ? manifestsOf(patchPath)[0]?.value : typeof spec === 'string' ? parseYaml(spec, QUIET_YAML) : undefined;
    } catch {
      return; // an unparsable inline patch fails the build itself; nothing to map
    }
    const affixes = [k.namePrefix, k.nameSuffix].filter((a): a is string => typeof a === 'string' && a !== '');
    own.push({ kustomization: file, entry, file: patchPath, value, target: isRecord(target) ? target : undefined, scope: files, affixes });
  };
  (Array.isArray(k.patches) ? k.patches : []).forEach((p: unknown, i) => {
    if (isRecord(p)) add(['patches', i, p.path ? 'path' : 'patch'], p.path ?? p.patch, p.target);
  });
  (Array.isArray(k.patchesStrategicMerge) ? k.patchesStrategicMerge : []).forEach((p: unknown, i) => add(['patchesStrategicMerge', i], p));
  (Array.isArray(k.patchesJson6902) ? k.patchesJson6902 : []).forEach((p: unknown, i) => {
    if (isRecord(p)) add(['patchesJson6902', i, 'path'], p.path, p.target);
  });
  return { patches: [...own, ...inner], kustomizations: [{ file, value: k, scope: files }, ...innerNodes], files };
}

function anchored(pattern: unknown, value: unknown): boolean {
  if (pattern === undefined) return true;
  try {
    return new RegExp(`^(?:${String(pattern)})$`).test(String(value ?? ''));
  } catch {
    return String(pattern) === String(value);
  }
}

function patchTargets(patch: Patch, resource: Record<string, unknown>, originalName: string): boolean {
  const meta = isRecord(resource.metadata) ? resource.metadata : {};
  const renderedName = String(meta.name ?? '');
  // Two overlays of one base in one build: only the copy that went through this kustomization.
  if (!patch.affixes.every((a) => renderedName.includes(a))) return false;
  const nameMatches = (name: unknown) =>
    name === undefined || anchored(name, originalName) || anchored(name, renderedName) || (typeof name === 'string' && renderedName.includes(name));
  const [group, version] = String(resource.apiVersion ?? '').includes('/') ? String(resource.apiVersion).split('/') : ['', String(resource.apiVersion ?? '')];
  if (patch.target) {
    const t = patch.target;
    return anchored(t.kind, resource.kind) && anchored(t.group, group) && anchored(t.version, version) && nameMatches(t.name) && (t.namespace === undefined || anchored(t.namespace, meta.namespace));
  }
  if (!isRecord(patch.value)) return false;
  const pm = isRecord(patch.value.metadata) ? patch.value.metadata : {};
  return patch.value.kind === resource.kind && nameMatches(pm.name);
}

/** Translates a rendered path into another document: list items are matched by `name` when they have one. */
function translate(rendered: unknown, target: unknown, jsonPath: JsonPath): { path: JsonPath; depth: number } {
  const out: Array<string | number> = [];
  let r = rendered;
  let t = target;
  for (const seg of jsonPath) {
    if (typeof seg === 'number' && Array.isArray(t) && Array.isArray(r)) {
      const item = r[seg];
      const name = isRecord(item) ? item.name : undefined;
      const at = name !== undefined ? t.findIndex((x) => isRecord(x) && x.name === name) : seg < t.length ? seg : -1;
      if (at < 0) break;
      out.push(at);
      t = t[at];
      r = item;
    } else if (typeof seg === 'string' && isRecord(t) && Object.hasOwn(t, seg)) {
      out.push(seg);
      t = t[seg];
      r = isRecord(r) ? r[seg] : undefined;
    } else break;
  }
  return { path: out, depth: out.length };
}

function decodePointer(pointer: string): string[] {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * An inline patch (`patch: |` in a kustomization) as a document whose ranges are shifted to where
 * its text sits in the kustomization file, so findings get that exact line and column.
 */
function inlinePatchDocument(patch: Patch, cwd: string): Pick<Manifest, 'locate'> | undefined {
  const kustomization = manifestsOf(patch.kustomization, cwd)[0];
  const at = kustomization?.locate(patch.entry).range;
  if (!at || typeof valueAt(kustomization!.value, patch.entry) !== 'string') return undefined;
  const lines = readFileSync(patch.kustomization, 'utf8').split('\n');
  if (!/:\s*\|[0-9+-]*\s*(#.*)?$/.test(lines[at.line - 1] ?? '')) return undefined; // only literal block scalars keep lines
  const body = lines.slice(at.line);
  const indent = /^ */.exec(body.find((l) => l.trim() !== '') ?? '')![0].length;
  const text = body.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n');
  const doc = parseManifestText(text, { kind: 'file', name: display(patch.kustomization, cwd) }).manifests[0];
  if (!doc) return undefined;
  return {
    locate(p) {
      const loc = doc.locate(p);
      const r = loc.range;
      if (!r) return loc;
      return { ...loc, range: { line: r.line + at.line, column: r.column + indent, endLine: r.endLine + at.line, endColumn: r.endColumn + indent } };
    },
  };
}

/** Where a patch sets the path, and how many segments of it the patch covers. */
function locateInPatch(patch: Patch, rendered: unknown, jsonPath: JsonPath, cwd: string): { location: Location; depth: number } | undefined {
  const inFile = patch.file ? manifestsOf(patch.file, cwd)[0] : inlinePatchDocument(patch, cwd);
  const entryLocation = (note: string): Location => ({ ...manifestsOf(patch.kustomization, cwd)[0]!.locate(patch.entry), note });
  if (Array.isArray(patch.value)) {
    // JSON 6902: the operation whose pointer is a prefix of the path.
    for (const [i, op] of patch.value.entries()) {
      if (!isRecord(op) || typeof op.path !== 'string') continue;
      const pointer = decodePointer(op.path);
      if (pointer.length > jsonPath.length || pointer.some((s, j) => String(jsonPath[j]) !== s)) continue;
      const rest = translate(valueAt(rendered, jsonPath.slice(0, pointer.length)), op.value, jsonPath.slice(pointer.length));
      const where: JsonPath = op.value === undefined ? [i, 'path'] : [i, 'value', ...rest.path];
      const location = inFile ? inFile.locate(where) : entryLocation(`set by operation ${i} of an inline JSON patch`);
      return { location, depth: pointer.length + rest.depth };
    }
    return undefined;
  }
  const hit = translate(rendered, patch.value, jsonPath);
  // A strategic-merge patch names its target with apiVersion, kind and metadata.name: those it does not set.
  const identifies = hit.depth === 0 || ['apiVersion', 'kind', 'metadata'].includes(String(hit.path[0])) && (hit.depth === 1 || ['name', 'namespace'].includes(String(hit.path[1])));
  if (identifies) return undefined;
  return { location: inFile ? inFile.locate(hit.path) : entryLocation('set by an inline patch in this kustomization'), depth: hit.depth };
}

/**
 * The JSON-patch `remove` operation that took away the path (or one of its parents), located at the
 * operation, with a note naming where the base still has it.
 */
function locateRemoval(patch: Patch, jsonPath: JsonPath, inBase: () => Location, cwd: string): Location | undefined {
  if (!Array.isArray(patch.value)) return undefined;
  for (const [i, op] of patch.value.entries()) {
    if (!isRecord(op) || op.op !== 'remove' || typeof op.path !== 'string') continue;
    const pointer = decodePointer(op.path);
    if (pointer.length > jsonPath.length || pointer.some((s, j) => String(jsonPath[j]) !== s)) continue;
    const inFile = patch.file ? manifestsOf(patch.file, cwd)[0] : inlinePatchDocument(patch, cwd);
    const location = inFile ? inFile.locate([i]) : manifestsOf(patch.kustomization, cwd)[0]!.locate(patch.entry);
    const base = inBase();
    const there = base.range ? `${base.file}:${base.range.line}` : base.file;
    return { ...location, note: `removed by this patch operation (op: remove ${op.path}); ${there} still has it` };
  }
  return undefined;
}

function valueAt(value: unknown, jsonPath: JsonPath): unknown {
  let current = value;
  for (const seg of jsonPath) current = (current as Record<string | number, unknown> | undefined)?.[seg];
  return current;
}

/** The document of a resource file that a rendered object came from (same kind, name within). */
function sourceDocument(file: string, resource: Record<string, unknown>, cwd: string): Manifest | undefined {
  const docs = manifestsOf(file, cwd);
  const name = isRecord(resource.metadata) ? String(resource.metadata.name ?? '') : '';
  const sameKind = docs.filter((d) => isRecord(d.value) && d.value.kind === resource.kind);
  const nameOf = (d: Manifest) => String((d.value as { metadata?: { name?: unknown } }).metadata?.name ?? '');
  return sameKind.find((d) => nameOf(d) === name) ?? sameKind.find((d) => nameOf(d) !== '' && name.includes(nameOf(d))) ?? sameKind[0] ?? docs[0];
}

/** Where a generated object was declared: its configMapGenerator/secretGenerator item, or its helmCharts entry. */
function generatorLocation(kustomization: string, origin: KustomizeOrigin, resource: Record<string, unknown>, cwd: string): Location | undefined {
  const k = manifestsOf(kustomization, cwd)[0];
  if (!k || !isRecord(k.value)) return undefined;
  const by = origin.configuredBy?.kind;
  const name = isRecord(resource.metadata) ? String(resource.metadata.name ?? '') : '';
  if (by === 'HelmChartInflationGenerator') {
    const charts = Array.isArray(k.value.helmCharts) ? (k.value.helmCharts as unknown[]) : [];
    // Which chart rendered it is not recorded: the only one, or the one whose release name it carries.
    const at = charts.length === 1 ? 0 : charts.findIndex((c) => isRecord(c) && typeof c.releaseName === 'string' && name.includes(c.releaseName));
    const chart = charts[at];
    const label = isRecord(chart) && typeof chart.name === 'string' ? `Helm chart ${chart.name}` : 'a Helm chart';
    return { ...k.locate(at >= 0 ? ['helmCharts', at] : ['helmCharts']), note: `rendered by ${label} (helmCharts in this kustomization); kustomize keeps no template positions` };
  }
  const key = by === 'SecretGenerator' ? 'secretGenerator' : 'configMapGenerator';
  const list = Array.isArray(k.value[key]) ? (k.value[key] as unknown[]) : [];
  const at = list.findIndex((g) => isRecord(g) && typeof g.name === 'string' && name.includes(g.name));
  return { ...k.locate(at >= 0 ? [key, at] : [key]), note: `generated by ${by ?? 'a generator'} in this kustomization` };
}

/** Builds locate() for one built document, or undefined when its origin is not a local file. */
export function mapKustomizeDocument(builtDir: string, origin: KustomizeOrigin, resource: unknown, tree: KustomizeTree, cwd = process.cwd()): MappedDocument | undefined {
  if (!isRecord(resource) || origin.repo) return undefined;
  if (!origin.path && origin.configuredIn) {
    const kustomization = path.resolve(builtDir, origin.configuredIn);
    const location = existsSync(kustomization) ? generatorLocation(kustomization, origin, resource, cwd) : undefined;
    return location && { locate: () => location };
  }
  if (!origin.path) return undefined;
  const file = path.resolve(builtDir, origin.path);
  const doc = existsSync(file) ? sourceDocument(file, resource, cwd) : undefined;
  if (!doc) return undefined;
  const originalName = String((doc.value as { metadata?: { name?: unknown } }).metadata?.name ?? '');
  const applicable = tree.patches.filter((p) => p.scope.has(file) && patchTargets(p, resource, originalName));
  const names = [originalName, String(isRecord(resource.metadata) ? resource.metadata.name : '')];
  const locateIn = (f: string, p: JsonPath) => manifestsOf(f, cwd)[0]?.locate(p) ?? { file: display(f, cwd) };
  return {
    comments: doc.comments,
    lines: doc.lines,
    locate(requested) {
      // A field an overlay removed is missing because of that operation, not because of the base.
      if (existingPrefix(resource, requested).length < requested.length) {
        for (const patch of applicable) {
          const removal = locateRemoval(patch, requested, () => doc.locate(translate(resource, doc.value, requested).path), cwd);
          if (removal) return removal;
        }
      }
      const jsonPath = existingPrefix(resource, requested);
      const byTransformer = transformerLocation(tree.kustomizations, resource, names, file, jsonPath, locateIn);
      if (byTransformer) return byTransformer;
      const base = translate(resource, doc.value, jsonPath);
      let best: { location: Location; depth: number } = { location: doc.locate(base.path), depth: base.depth };
      // A map or list the resource file already has is shown there (a patch merely passes through it);
      // a value is shown in the outermost patch that sets it (it applies last), else in the resource file.
      const target = valueAt(resource, jsonPath);
      if (best.depth === jsonPath.length && typeof target === 'object' && target !== null) return best.location;
      for (const patch of applicable) {
        const hit = locateInPatch(patch, resource, jsonPath, cwd);
        if (hit && hit.depth === jsonPath.length) return hit.location;
      }
      if (best.depth === jsonPath.length) return best.location;
      for (const patch of applicable) {
        const hit = locateInPatch(patch, resource, jsonPath, cwd);
        if (hit && hit.depth > best.depth) best = hit;
      }
      return best.location;
    },
  };
}
