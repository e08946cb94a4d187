// The parallel lint: workers parse the files and evaluate the `scope: resource` Rego rules on their
// own files, while the main thread runs everything that needs the whole batch (duplicates, the
// schema check with the batch's CRDs, the `scope: batch` Rego rules, suppressions, and the
// `scope: resource` rules for resources the workers never saw: stdin and Helm/Kustomize renders). The findings
// are the same, in the same order, as lintWithConfig's single-threaded run (test/parallel).
import type { ResolvedConfig } from '../config/types.js';
import type { Check, RuleInfo } from '../engine/check.js';
import { locationPathOf, type Linter } from '../engine/engine.js';
import { loadRegoCheck } from '../engine/rego.js';
import { compareText } from '../engine/order.js';
import { displayName } from '../load/file.js';
import type { ParsedText } from '../load/yaml.js';
import type { Resource, Violation } from '../types.js';
import { WorkerPool } from './pool.js';
import type { LocateRequest, WireViolation } from './protocol.js';
import { RemoteFile, RemoteManifest } from './remote-manifest.js';

/** The config with these rules turned off (the Rego check evaluates only enabled rules). */
function withRulesOff(config: ResolvedConfig, ids: readonly string[]): ResolvedConfig {
  const rules = { ...config.rules };
  for (const id of ids) rules[id] = { ...rules[id], severity: 'off' };
  return { ...config, rules };
}

/** The Rego rules evaluated one resource at a time, which the workers take over. */
function perResourceRules(rules: ReadonlyMap<string, RuleInfo>): { resource: string[]; batch: string[] } {
  const rego = [...rules.values()].filter((r) => r.origin === 'rego');
  return { resource: rego.filter((r) => r.scope === 'resource').map((r) => r.id), batch: rego.filter((r) => r.scope !== 'resource').map((r) => r.id) };
}

export class ParallelSession {
  private readonly pool: WorkerPool;
  private files: RemoteFile[] = [];
  private remoteViolations: WireViolation[] = [];
  private manifests: RemoteManifest[][] = [];
  /** The workers locating their own violations, started as soon as parsing ends. */
  private ownRanges: ReturnType<WorkerPool['ownRanges']> | undefined;
  private readonly split: { resource: string[]; batch: string[] };

  constructor(
    workers: number,
    private readonly linter: Linter,
    private readonly config: ResolvedConfig,
    workerUrl?: URL,
  ) {
    this.pool = new WorkerPool(workers, workerUrl);
    this.split = perResourceRules(linter.rules);
  }

  /** loadInputs' `parseFiles`: the workers read and parse; manifests come back as RemoteManifests. */
  parseFiles = async (paths: readonly string[], cwd: string): Promise<ParsedText[]> => {
    this.pool.init(cwd, withRulesOff(this.config, this.split.batch));
    const wire = await this.pool.parse(paths);
    this.ownRanges = this.pool.ownRanges();
    this.ownRanges.catch(() => undefined); // awaited in prefetch; a failure must not go unhandled meanwhile
    this.files = paths.map((p, id) => new RemoteFile(id, p, { kind: 'file', name: displayName(p, cwd) }));
    this.remoteViolations = wire.flatMap((file) => file.violations);
    this.manifests = wire.map((file, id) => file.manifests.map((m, position) => new RemoteManifest(this.files[id]!, position, m)));
    return wire.map((file, id) => ({ manifests: this.manifests[id]!, problems: file.problems }));
  };

  /** Linter.collect, with the Rego check split between the workers (done by now) and this thread. */
  async collect(batch: readonly Resource[], problems: readonly Violation[]): Promise<Violation[]> {
    const regoCheck = await loadRegoCheck();
    const mainConfig = withRulesOff(this.config, this.split.resource);
    const localConfig = withRulesOff(this.config, this.split.batch);
    const run = (check: Check, b: readonly Resource[], ctx: { config: ResolvedConfig }): Violation[] => {
      if (check !== regoCheck) return check.run(b, ctx);
      // Workers ran the per-resource rules only on the plain files they parsed; resources from
      // stdin and Helm/Kustomize renders never left this thread, so they get those rules here.
      const local = b.filter((r) => !(r.manifest instanceof RemoteManifest));
      const localViolations = local.length > 0 && this.split.resource.length > 0 ? check.run(local, { config: localConfig }) : [];
      return mergeRego([...check.run(b, { config: mainConfig }), ...localViolations], this.toViolations(this.remoteViolations, b), b);
    };
    const violations = this.linter.collect(batch, problems, this.config, run);
    await this.prefetch(violations);
    return violations;
  }

  /** Worker violations onto this thread's resources (their ranges arrive separately, see prefetch). */
  private toViolations(wire: readonly WireViolation[], batch: readonly Resource[]): Violation[] {
    const byFile = new Map<number, Resource[]>();
    for (const resource of batch) {
      const manifest = resource.manifest;
      if (!(manifest instanceof RemoteManifest)) continue;
      const list = byFile.get(manifest.file.id) ?? [];
      list.push(resource);
      byFile.set(manifest.file.id, list);
    }
    return wire.map((w) => {
      const resource = byFile.get(w.file)?.[w.ordinal];
      if (!resource) throw new Error(`parse worker reported resource #${w.ordinal} of file #${w.file}, which this thread does not have`);
      return { ruleId: w.ruleId, message: w.message, resource, path: w.path };
    });
  }

  /** Asks the workers, in one round, for every range the findings will need that is not known yet. */
  private async prefetch(violations: readonly Violation[]): Promise<void> {
    for (const r of (await this.ownRanges) ?? []) this.manifests[r.file]?.[r.manifest]?.setRange(r.path, r.range);
    const requests: LocateRequest[] = [];
    const targets: Array<[RemoteManifest, LocateRequest['path']]> = [];
    for (const v of violations) {
      const manifest = v.resource?.manifest ?? v.manifest;
      const path = locationPathOf(v);
      if (!(manifest instanceof RemoteManifest) || !path || manifest.hasRange(path)) continue;
      manifest.setRange(path, null); // asked once even when several violations share the path
      requests.push({ file: manifest.file.id, manifest: manifest.position, path });
      targets.push([manifest, path]);
    }
    if (requests.length === 0) return;
    const ranges = await this.pool.locate(requests);
    targets.forEach(([manifest, path], i) => manifest.setRange(path, ranges[i] ?? null));
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The Rego check's own order: by resource, then rule id; each rule's violations keep their order. */
function mergeRego(a: readonly Violation[], b: readonly Violation[], batch: readonly Resource[]): Violation[] {
  const position = new Map(batch.map((r, i) => [r, i]));
  return [...a, ...b].sort((x, y) => position.get(x.resource!)! - position.get(y.resource!)! || compareText(x.ruleId, y.ruleId));
}
