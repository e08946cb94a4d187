// What the Pod Security controls (the pss-* Rego rules) evaluate against: the run's policy version
// and level, and the pod-security.kubernetes.io labels of the batch's Namespaces, read as the
// PodSecurity admission reads them (k8s.io/pod-security-admission api.PolicyToEvaluate).
import { ruleLevel } from '../config/presets.js';
import type { ResolvedConfig } from '../config/types.js';
import type { Resource, Severity, Violation } from '../types.js';
import type { RuleInfo } from './check.js';

type Level = 'privileged' | 'baseline' | 'restricted';
type Mode = 'enforce' | 'warn' | 'audit';

/** One evaluation a namespace's labels ask for. */
export interface NamespaceContext {
  level: 'baseline' | 'restricted';
  /** Policy minor version (1.35 → 35). */
  version: number;
  mode: Mode;
  severity: Severity;
}

export interface PodSecurityInput {
  version: number;
  level: 'baseline' | 'restricted';
  /** pss-* rules the presets and config turn on. */
  rules: string[];
  namespaces: Record<string, NamespaceContext[]>;
}

const PREFIX = 'pod-security.kubernetes.io/';
const MODE_SEVERITY: Record<Mode, Severity> = { enforce: 'error', warn: 'warning', audit: 'warning' };
const LEVELS: ReadonlySet<string> = new Set(['privileged', 'baseline', 'restricted']);

function minor(version: string): number {
  return Number(version.replace(/^v/, '').split('.')[1]);
}

/**
 * A policy version as a minor number. `latest` (and a version newer than the cluster's) is what the
 * target cluster knows: an API server evaluates `latest` with its own newest checks.
 */
export function policyMinor(version: string | undefined, kubernetesVersion: string): number {
  const cluster = minor(kubernetesVersion);
  if (version === undefined || version === 'latest') return cluster;
  const match = /^v?1\.(\d+)$/.exec(version);
  return match ? Math.min(Number(match[1]), cluster) : cluster;
}

/** The evaluations a Namespace's labels ask for (privileged ones need none). */
export function namespaceContexts(labels: Record<string, unknown>, kubernetesVersion: string): NamespaceContext[] {
  const text = (key: string) => (typeof labels[PREFIX + key] === 'string' ? (labels[PREFIX + key] as string) : undefined);
  const parseLevel = (value: string | undefined, onError: Level): Level | undefined =>
    value === undefined ? undefined : LEVELS.has(value) ? (value as Level) : onError;
  // A bad version reads as latest; a bad enforce level as restricted; bad warn/audit levels fail open.
  const version = (key: string) => policyMinor(text(key) !== undefined && /^v1\.\d+$/.test(text(key)!) ? text(key) : 'latest', kubernetesVersion);
  const policy: Record<Mode, { level: Level; version: number }> = {
    enforce: { level: parseLevel(text('enforce'), 'restricted') ?? 'privileged', version: version('enforce-version') },
    audit: { level: parseLevel(text('audit'), 'privileged') ?? 'privileged', version: version('audit-version') },
    warn: { level: parseLevel(text('warn'), 'privileged') ?? 'privileged', version: version('warn-version') },
  };
  // Warn defaults to a stricter enforce level (and its version) when not labelled itself.
  const rank = (l: Level) => ['privileged', 'baseline', 'restricted'].indexOf(l);
  if (text('warn') === undefined && text('enforce') !== undefined && LEVELS.has(text('enforce')!) && rank(policy.enforce.level) > rank(policy.warn.level)) {
    policy.warn.level = policy.enforce.level;
    if (text('warn-version') === undefined) policy.warn.version = policy.enforce.version;
  }
  const out: NamespaceContext[] = [];
  for (const mode of ['enforce', 'warn', 'audit'] as const) {
    const { level, version: v } = policy[mode];
    if (level !== 'privileged') out.push({ level, version: v, mode, severity: MODE_SEVERITY[mode] });
  }
  return out;
}

/** Namespace name → its label contexts, for the Namespaces of the batch. */
export function batchNamespaceContexts(batch: readonly Resource[], kubernetesVersion: string): Record<string, NamespaceContext[]> {
  const out: Record<string, NamespaceContext[]> = {};
  for (const r of batch) {
    if (r.kind !== 'Namespace' || r.apiVersion !== 'v1') continue;
    const labels = (r.object.metadata as { labels?: Record<string, unknown> } | undefined)?.labels ?? {};
    const contexts = namespaceContexts(labels, kubernetesVersion);
    if (contexts.length > 0) out[r.name] = contexts;
  }
  return out;
}

/** The run's own Pod Security policy: what the config alone decides (no Namespace labels). */
export function runPodSecurity(rules: readonly RuleInfo[], config: ResolvedConfig): Omit<PodSecurityInput, 'namespaces'> {
  const on = rules.filter((r) => r.podSecurity && ruleLevel(r, config) !== 'off');
  return {
    version: policyMinor(config.podSecurity.version, config.kubernetesVersion),
    level: on.some((r) => r.podSecurity!.level === 'restricted') ? 'restricted' : 'baseline',
    rules: on.map((r) => r.id),
  };
}

/**
 * Rules a batch with a Namespace labelled for Pod Security needs on: every control not turned off
 * by name in config `rules` (the labels say what the API server will enforce, whatever the presets).
 */
export function labelledRules(rules: readonly RuleInfo[], config: ResolvedConfig): string[] {
  return rules.filter((r) => r.podSecurity && config.rules[r.id]?.severity !== 'off').map((r) => r.id);
}

/** What one-finding-per-cause needs to know of a violation or a finding. */
export interface CauseView {
  ruleId: string;
  /** The Pod Security control, for a control's own finding. */
  control?: string;
  /** Resource and field, as one comparable string. */
  where: string;
  level: Severity;
}

/**
 * One cause, one finding: where a recommendation (run-as-non-root, no-privileged, ...) and a Pod
 * Security control it overlaps report the same resource and field, the stricter level stays (the
 * control on a tie, as it names the admission's rule).
 */
export function oneFindingPerCause<T>(items: readonly T[], rules: ReadonlyMap<string, RuleInfo>, view: (item: T) => CauseView): T[] {
  const controls = new Map<string, { item: T; level: Severity }>();
  for (const item of items) {
    const c = view(item);
    if (c.control) controls.set(JSON.stringify([c.control, c.where]), { item, level: c.level });
  }
  if (controls.size === 0) return [...items];
  const dropped = new Set<T>();
  for (const item of items) {
    const c = view(item);
    const overlaps = rules.get(c.ruleId)?.podSecurityControls;
    if (!overlaps || c.control) continue;
    const control = overlaps.map((o) => controls.get(JSON.stringify([o, c.where]))).find((x) => x !== undefined);
    if (control) dropped.add(RANK[control.level] >= RANK[c.level] ? item : control.item);
  }
  return items.filter((item) => !dropped.has(item));
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
