// `--changed`: the pre-commit mode. The changed files are linted together with the rest of the
// configured input set (so PDB / NetworkPolicy coverage sees every resource), and only findings in
// the changed files — or in the Helm chart / Kustomize tree a changed file belongs to — are reported.
import { existsSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { ResolvedConfig } from '../config/types.js';
import { countFindings } from '../engine/engine.js';
import type { Report } from '../types.js';

/** Files that make a directory a rendered tree (see src/load/renderers.ts). */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

export const RENDER_MARKERS = ['Chart.yaml', 'kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface ChangedPlan {
  /** What to lint: the whole input set plus changed files it does not already cover. */
  inputs: string[];
  /** Absolute changed files and the rendered trees that contain them. */
  changedFiles: Set<string>;
  changedTrees: string[];
  /** Changed files left out (excluded by config, outside the configured include set, or not manifests). */
  skipped: string[];
}

/** The outermost directory between `file` and `stop` that holds a render marker (charts nest). */
export function renderedTreeOf(file: string, stop: string): string | undefined {
  let found: string | undefined;
  let dir = path.dirname(file);
  while (isInside(dir, stop)) {
    if (RENDER_MARKERS.some((m) => existsSync(path.join(dir, m)))) found = dir;
    const parent = path.dirname(dir);
    if (parent === dir || dir === stop) break;
    dir = parent;
  }
  return found;
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent + path.sep);
}

/** Whether an include entry (directory, file or glob, relative to the config root) covers `file`. */
function covers(entry: string, file: string, root: string): boolean {
  if (picomatch.scan(entry).isGlob) return picomatch(entry, { dot: true })(path.relative(root, file).split(path.sep).join('/'));
  return isInside(file, path.resolve(root, entry));
}

export function planChanged(changed: readonly string[], config: ResolvedConfig, cwd: string): ChangedPlan {
  const include = config.include.length > 0 ? config.include : undefined;
  const root = include ? config.root : cwd;
  const entries = include ?? ['.'];
  const isExcluded = config.exclude.length > 0 ? picomatch(config.exclude, { dot: true }) : () => false;
  const changedFiles = new Set<string>();
  const trees = new Set<string>();
  const extra = new Set<string>();
  const skipped: string[] = [];
  for (const name of changed) {
    const abs = path.resolve(cwd, name);
    const rel = path.relative(config.root, abs).split(path.sep).join('/');
    const covered = entries.some((e) => covers(e, abs, root));
    const tree = renderedTreeOf(abs, path.resolve(config.root));
    // A file of a chart or Kustomize base outside `include` still counts: an included overlay
    // may render it, and its findings then point into this file.
    if (isExcluded(rel) || (include && !covered && !tree)) {
      skipped.push(name);
      continue;
    }
    // Outside a chart or overlay only manifests are linted (a hook may also pass e.g. Helm .tpl files).
    if (!tree && !MANIFEST_FILE.test(abs)) {
      skipped.push(name);
      continue;
    }
    changedFiles.add(abs);
    if (tree) trees.add(tree);
    if (!covered && !include) extra.add(tree ?? abs);
  }
  const inputs = entries.map((e) => path.relative(cwd, path.resolve(root, e)) || '.');
  for (const item of extra) inputs.push(path.relative(cwd, item) || '.');
  return { inputs, changedFiles, changedTrees: [...trees], skipped };
}

/** Keeps findings in changed files or changed trees; counts are recomputed. */
export function onlyChanged(report: Report, plan: ChangedPlan, cwd: string): Report {
  const keep = (file: string | undefined) => {
    if (file === undefined) return false;
    const abs = path.resolve(cwd, file);
    return plan.changedFiles.has(abs) || plan.changedTrees.some((t) => isInside(abs, t));
  };
  const findings = report.findings.filter((f) => keep(f.file));
  const inventory = report.inventory?.filter((i) => keep(i.file));
  return { ...report, findings, counts: countFindings(findings), ...(inventory ? { inventory } : {}) };
}

/**
 * A pre-commit hook passes every changed YAML/JSON file, Kubernetes or not (docker-compose.yml,
 * package.json, CI workflows). A changed file that holds no Kubernetes object at all is not a
 * manifest: its not-k8s-object findings are dropped and the file named as skipped. A file that
 * mixes objects and non-objects keeps them (most likely a broken manifest).
 */
export function dropNonManifests(report: Report, cwd: string): { report: Report; skipped: string[] } {
  if (!report.inventory) return { report, skipped: [] };
  const withObjects = new Set(report.inventory.flatMap((i) => (i.file === undefined ? [] : [path.resolve(cwd, i.file)])));
  const other = new Set(report.findings.filter((f) => f.ruleId !== 'not-k8s-object' && f.file !== undefined).map((f) => path.resolve(cwd, f.file!)));
  const drop = (f: Report['findings'][number]) =>
    f.ruleId === 'not-k8s-object' && f.file !== undefined && !withObjects.has(path.resolve(cwd, f.file)) && !other.has(path.resolve(cwd, f.file));
  const skipped = [...new Set(report.findings.filter(drop).map((f) => f.file!))];
  if (skipped.length === 0) return { report, skipped };
  const findings = report.findings.filter((f) => !drop(f));
  return { report: { ...report, findings, counts: countFindings(findings) }, skipped };
}
