// `--changed`: the pre-commit mode. The changed files are linted together with the rest of the
// configured input set (so PDB / NetworkPolicy coverage sees every resource), and only findings in
// the changed files — or in the Helm renders / Kustomize builds that read a changed file — are
// reported. Which render or build reads which file is the input plan's answer (src/load/plan.ts).
import path from 'node:path';
import picomatch from 'picomatch';
import type { ResolvedConfig } from '../config/types.js';
import { countFindings } from '../engine/engine.js';
import { MANIFEST_FILE, planInputs, variantFiles, type InputPlan } from '../load/plan.js';
import type { Report } from '../types.js';

export interface ChangedPlan {
  /** What to lint: the whole input set plus changed files it does not already cover. */
  inputs: string[];
  /** Absolute changed files, and every file of the renders/builds that read one of them. */
  changedFiles: Set<string>;
  /** Names of the renders/builds that read a changed file (`charts/app[prod]`, `overlays/prod`). */
  changedVariants: string[];
  /** The folders of those renders/builds: a finding anywhere inside them is theirs. */
  changedDirs: string[];
  /** Changed files left out (excluded by config, outside the configured include set, or not manifests). */
  skipped: string[];
  /** The input plan of `inputs`, when no changed file had to be added to them (the lint need not walk the tree again). */
  planned?: InputPlan;
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent + path.sep);
}

/** Whether an include entry (directory, file or glob, relative to the config root) covers `file`. */
function covers(entry: string, file: string, root: string): boolean {
  if (picomatch.scan(entry).isGlob) return picomatch(entry, { dot: true })(path.relative(root, file).split(path.sep).join('/'));
  return isInside(file, path.resolve(root, entry));
}

export async function planChanged(changed: readonly string[], config: ResolvedConfig, cwd: string): Promise<ChangedPlan> {
  const include = config.include.length > 0 ? config.include : undefined;
  const root = include ? config.root : cwd;
  const entries = include ?? ['.'];
  const inputs = entries.map((e) => path.relative(cwd, path.resolve(root, e)) || '.');
  const isExcluded = config.exclude.length > 0 ? picomatch(config.exclude, { dot: true }) : () => false;
  const plan = await planInputs(inputs, config, cwd);
  const plainFiles = new Set(plan.files);
  const variants = await Promise.all(plan.variants.map(async (v) => ({ variant: v, files: new Set(await variantFiles(v, config)) })));
  const changedFiles = new Set<string>();
  const changedVariants = new Set<string>();
  const skipped: string[] = [];
  for (const name of changed) {
    const abs = path.resolve(cwd, name);
    const rel = path.relative(config.root, abs).split(path.sep).join('/');
    // A file of a chart or Kustomize base outside `include` still counts: an included overlay
    // may build it, and its findings then point into this file.
    const readers = variants.filter((v) => v.files.has(abs) || isInside(abs, v.variant.dir));
    if (isExcluded(rel)) {
      skipped.push(name);
    } else if (plainFiles.has(abs) || readers.length > 0) {
      changedFiles.add(abs);
      for (const r of readers) changedVariants.add(r.variant.name);
    } else if (include || !MANIFEST_FILE.test(abs) || entries.some((e) => covers(e, abs, root))) {
      // Outside the include set, not a manifest (a hook may pass e.g. Helm .tpl files), or walked past.
      skipped.push(name);
    } else {
      changedFiles.add(abs);
      inputs.push(path.relative(cwd, abs));
    }
  }
  // Everything a changed render/build reads is reported with it (its templates, its bases).
  const changedDirs: string[] = [];
  for (const v of variants) {
    if (!changedVariants.has(v.variant.name)) continue;
    v.files.forEach((f) => changedFiles.add(f));
    changedDirs.push(v.variant.dir);
  }
  const added = inputs.length > entries.length;
  return { inputs, changedFiles, changedVariants: [...changedVariants], changedDirs, skipped, ...(added ? {} : { planned: plan }) };
}

/** Keeps findings in changed files or from changed renders/builds; counts are recomputed. */
export function onlyChanged(report: Report, plan: ChangedPlan, cwd: string): Report {
  const changed = (file: string) => plan.changedFiles.has(file) || plan.changedDirs.some((d) => isInside(file, d));
  const keep = (file: string | undefined, variants?: string[]) =>
    (file !== undefined && changed(path.resolve(cwd, file))) || (variants ?? []).some((v) => plan.changedVariants.includes(v));
  const findings = report.findings.filter((f) => keep(f.file, f.variants));
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
