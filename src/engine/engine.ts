// The engine: a batch of resources (plus loading problems) and a resolved config in, findings out.
// Pure: no file system, no processes, no printing.
import type { ResolvedConfig } from '../config/types.js';
import type { Counts, Finding, JsonPath, Report, Resource, Severity, Violation } from '../types.js';
import { BUILTIN_RULES, FATAL_RULES } from './builtin.js';
import type { CallScope, Check, CheckContext, RuleInfo } from './check.js';
import { SUPPRESSION_RULES, type Suppressor } from './suppress.js';
import { compareText } from './order.js';
import { ruleLevel } from '../config/presets.js';
import type { RuleLevel } from '../config/types.js';
import { oneFindingPerCause, type CauseView } from './pod-security.js';
import { mergeVariants } from './variants.js';
import { planJudging, type ResourceFindingsCache } from './judged.js';
import { SharedParts } from './shared-parts.js';
import { prelocated } from '../parallel/prelocate.js';
import { appendAll } from '../shared/append-all.js';

/** Applies in-source and config suppressions (suppress.ts). */
export type SuppressorFactory = (batch: readonly Resource[], config: ResolvedConfig, today: Date) => Suppressor;

/** One lint call: the user's config as resolved, plus what this caller wants of it. */
export interface LintCall extends CallScope {
  config: ResolvedConfig;
  /** Problems found while loading (parse errors...), reported with the findings. */
  problems?: readonly Violation[];
  /** The date suppressions' expiry is compared with (default: now). */
  today?: Date;
  /** Resources read only for cross-resource rules (--changed's context): per-resource rules skip them. */
  context?: (resource: Resource) => boolean;
  /** Per-resource findings by object content (engine/judged.ts); only for the built-in checks. */
  findingsCache?: ResourceFindingsCache;
  /** lintBatches: called when checks gave memory back after the last batch (the CLI collects it at once). */
  onRelease?: () => void;
}

/** One batch of a run: a Helm render or Kustomize build (its variant), or the plain files. */
export interface VariantBatch {
  variant?: string;
  resources: readonly Resource[];
  problems: readonly Violation[];
}

export interface Linter {
  readonly rules: ReadonlyMap<string, RuleInfo>;
  lint(batch: readonly Resource[], call: LintCall): Finding[];
  /**
   * Lints each batch on its own (cross-resource rules and duplicates stay inside a batch), then
   * suppresses over all of them at once (a suppression used by one variant is used) and reports
   * a finding that several variants share at one position once, with their names.
   */
  lintBatches(batches: readonly VariantBatch[], call: Omit<LintCall, 'problems'>): Finding[];
}

/** The path a violation is located at inside its manifest. */
function locationPathOf(v: Violation): JsonPath {
  // Locators fall back to the closest existing ancestor; given the missing field, a Kustomize
  // mapper can tell that an overlay's `op: remove` took it away.
  const path = v.missing ?? v.path ?? [];
  // At a manifest's root, the violation's own (shared) path: prelocated finds it by identity.
  return v.resource && v.resource.basePath.length > 0 ? [...v.resource.basePath, ...path] : path;
}

function toFinding(v: Violation, severity: Severity, shared: SharedParts): Finding {
  const finding: Finding = { ruleId: v.ruleId, severity, message: v.message };
  if (v.resource) finding.resource = shared.ref(v.resource);
  if (v.path && v.path.length > 0) finding.path = shared.shownPath(v.path);
  if (v.podSecurity) finding.podSecurity = { level: v.podSecurity.level, version: v.podSecurity.version, control: v.podSecurity.control };
  const manifest = v.resource?.manifest ?? v.manifest;
  if (manifest) {
    const path = locationPathOf(v);
    const location = prelocated(manifest, path) ?? manifest.locate(path);
    finding.file = location.file;
    if (location.range) finding.range = location.range;
    if (location.note) finding.note = location.note;
  } else if (v.file !== undefined) {
    finding.file = v.file;
    if (v.line !== undefined) {
      const column = v.column ?? 1;
      finding.range = { line: v.line, column, endLine: v.line, endColumn: column };
    }
  }
  if (v.variant !== undefined) finding.variants = [v.variant];
  if (FATAL_RULES.has(v.ruleId)) finding.fatal = true;
  return finding;
}

/**
 * Findings in source order. Ties on position and rule are broken by message and path: the Rego
 * engine's own order for them changes with the rest of the batch (and with namespace chunking),
 * and a report must not.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file ?? '', b.file ?? '') ||
    (a.range?.line ?? 0) - (b.range?.line ?? 0) ||
    (a.range?.column ?? 0) - (b.range?.column ?? 0) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message) ||
    compareText(a.path ?? '', b.path ?? '')
  );
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * A violation as one-finding-per-cause sees it. `where` (a string built from the path) is made only
 * when asked for: only Pod Security controls and the rules they overlap need it, and building it
 * for every violation cost legacy 10,000 ~16 ms after the last evaluation.
 */
class ViolationCause implements CauseView {
  readonly ruleId: string;
  readonly control: string | undefined;

  constructor(
    private readonly v: Violation,
    readonly level: Severity,
    /** A number per resource, given in the order asked for: `where` only compares them. */
    private readonly resourceIds: Map<Resource | undefined, number>,
  ) {
    this.ruleId = v.ruleId;
    this.control = v.podSecurity?.control;
  }

  get where(): string {
    let id = this.resourceIds.get(this.v.resource);
    if (id === undefined) this.resourceIds.set(this.v.resource, (id = this.resourceIds.size));
    return `${id} ${JSON.stringify(this.v.path ?? [])}`;
  }
}

/** A violation's `atMost` lowers its level (a rule's informational note); it never raises one. */
function cappedLevel(v: Violation, level: Severity | 'off'): Severity | 'off' {
  return level !== 'off' && v.atMost && SEVERITY_RANK[v.atMost] < SEVERITY_RANK[level] ? v.atMost : level;
}

export function createLinter(checks: readonly Check[], suppressor?: SuppressorFactory): Linter {
  const rules = new Map<string, RuleInfo>();
  for (const rule of [...BUILTIN_RULES, ...SUPPRESSION_RULES, ...checks.flatMap((c) => c.rules)]) rules.set(rule.id, rule);

  /**
   * `presetLevels`: the rules' preset levels found so far in this call. ruleLevel builds a rule's
   * preset table on every call, and finish asks once per violation (legacy 10,000: 54,000).
   */
  function levelOf(ruleId: string, ctx: CheckContext, v?: Violation, presetLevels?: Map<RuleInfo, RuleLevel>): Severity | 'off' {
    const { config, ruleFilter } = ctx;
    const configured = config.rules[ruleId]?.severity;
    // Lost input is never silenced: fatal rules cannot be turned off.
    if (FATAL_RULES.has(ruleId)) return configured && configured !== 'off' ? configured : 'error';
    const rule = rules.get(ruleId);
    if (rule && ruleFilter && !ruleFilter(rule)) return 'off';
    if (configured) return configured;
    // A namespace's pod-security labels set the level of what they enforce, whatever the presets.
    if (v?.podSecurity?.mode && v.severity) return v.severity;
    if (!rule) return v?.severity ?? 'error';
    let level = presetLevels?.get(rule);
    if (level === undefined) {
      level = ruleLevel(rule, config);
      presetLevels?.set(rule, level);
    }
    return level === 'off' ? 'off' : v?.severity ?? level;
  }

  const contextOf = ({ config, ruleFilter, knownKinds }: Pick<LintCall, 'config' | 'ruleFilter' | 'knownKinds'>): CheckContext => ({
    config,
    ...(ruleFilter ? { ruleFilter } : {}),
    ...(knownKinds ? { knownKinds } : {}),
  });

  /** Every enabled check's violations, after the loading problems, in check order; then the cached ones. */
  function collect(batch: readonly Resource[], problems: readonly Violation[], ctx: CheckContext, call: Pick<LintCall, 'context' | 'findingsCache'>): Violation[] {
    const { ruleFilter } = ctx;
    // A cache entry holds every per-resource rule's findings: not for calls that run some rules only.
    const cache = ctx.ruleFilter || ctx.knownKinds ? undefined : call.findingsCache;
    const plan = planJudging(batch, rules, call.context, cache);
    const { context } = call;
    const judgedCtx = plan.judged ? { ...ctx, judged: plan.judged, ...(context ? { reported: (r: Resource) => !context(r) } : {}) } : ctx;
    const violations: Violation[] = [...problems];
    const enabled = checks.filter((check) => check.rules.some((r) => levelOf(r.id, ctx) !== 'off' || (r.podSecurity && (!ruleFilter || ruleFilter(r)))));
    for (const check of enabled) check.start?.(batch, judgedCtx);
    // Not push(...): a check's ~130,000 violations (10,000 bare Deployments in one namespace) overflowed the stack.
    for (const check of enabled) appendAll(violations, check.run(batch, judgedCtx));
    plan.store(violations);
    // What cross-resource rules find on context objects is never reported (their files are not
    // the changed ones): dropped here rather than located, leveled and suppressed first.
    const reported = context ? violations.filter((v) => !v.resource || !context(v.resource)) : violations;
    return plan.cached.length > 0 ? [...reported, ...plan.cached] : reported;
  }

  function lint(batch: readonly Resource[], call: LintCall): Finding[] {
    const ctx = contextOf(call);
    return finish(batch, collect(batch, call.problems ?? [], ctx, call), ctx, call.today);
  }

  function lintBatches(batches: readonly VariantBatch[], call: Omit<LintCall, 'problems'>): Finding[] {
    const ctx = contextOf(call);
    const violations = batches.flatMap((b) => {
      const found = collect(b.resources, b.problems, ctx, call);
      return b.variant === undefined ? found : found.map((v) => ({ ...v, variant: b.variant }));
    });
    // Nothing is evaluated past this point: what the checks keep for speed (Rego's grown wasm
    // memory, ~30 MiB at 10,000 resources) can go before locating and reporting, the run's peak.
    const released = checks.map((check) => check.release?.() ?? false);
    if (released.includes(true)) call.onRelease?.();
    // Suppressions are looked for on the reported resources only: a context object's comments and
    // annotations could only suppress its own findings, which collect dropped.
    const { context } = call;
    const resources = batches.flatMap((b) => (context ? b.resources.filter((r) => !context(r)) : b.resources));
    return mergeVariants(finish(resources, violations, ctx, call.today));
  }

  /** Levels, locations, suppressions and order. */
  function finish(batch: readonly Resource[], violations: readonly Violation[], ctx: CheckContext, today = new Date()): Finding[] {
    const { config, ruleFilter } = ctx;
    const shared = new SharedParts();
    const suppress = suppressor?.(batch, config, today);
    const findings: Finding[] = [];
    const presetLevels = new Map<RuleInfo, RuleLevel>();
    const leveled = violations.map((v) => ({ v, level: cappedLevel(v, levelOf(v.ruleId, ctx, v, presetLevels)) })).filter((x): x is { v: Violation; level: Severity } => x.level !== 'off');
    const resourceIds = new Map<Resource | undefined, number>();
    const view = ({ v, level }: { v: Violation; level: Severity }) => new ViolationCause(v, level, resourceIds);
    for (const { v, level } of oneFindingPerCause(leveled, rules, view)) {
      const finding = toFinding(v, level, shared);
      findings.push(suppress ? suppress.apply(v, finding) : finding);
    }
    const unused = suppress?.unused() ?? [];
    appendAll(findings, ruleFilter ? unused.filter((f) => !rules.has(f.ruleId) || ruleFilter(rules.get(f.ruleId)!)) : unused);
    return findings.sort(compareFindings);
  }

  return { rules, lint, lintBatches };
}

export function countFindings(findings: readonly Finding[]): Counts {
  const counts: Counts = { error: 0, warning: 0, info: 0, suppressed: 0, fatal: 0 };
  for (const f of findings) {
    if (f.fatal) counts.fatal++;
    if (f.suppressed) counts.suppressed++;
    else counts[f.severity]++;
  }
  return counts;
}

export function buildReport(findings: Finding[], resources: number, sources: string[]): Report {
  return { findings, counts: countFindings(findings), resources, sources };
}
