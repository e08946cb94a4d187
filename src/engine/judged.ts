// Which resources per-resource rules judge in one batch, and the findings they need not compute.
// A --changed run reads some files only as context for cross-resource rules (their findings are
// never reported), and may hold a cache of per-resource findings keyed by each object's content
// (cache/resource-findings.ts). Per-resource rules then judge only the resources that are neither;
// the others' findings come from the cache. Cross-resource rules always see the whole batch.
import type { Resource, Violation } from '../types.js';
import type { RuleInfo } from './check.js';

/** A per-resource finding as a cache keeps it: everything but the resource and the location. */
export type StoredViolation = Pick<Violation, 'ruleId' | 'message' | 'path' | 'missing' | 'severity' | 'podSecurity' | 'atMost'>;

/** Per-resource findings by object content, for one set of settings (the cache owns the key). */
export interface ResourceFindingsCache {
  /** Whether the resource's per-resource findings depend on its object alone (and the settings). */
  cacheable(resource: Resource): boolean;
  get(resource: Resource): readonly StoredViolation[] | undefined;
  set(resource: Resource, violations: readonly StoredViolation[]): void;
}

export interface JudgingPlan {
  /** Absent when every resource is judged (no context, no cache hit). */
  judged?: (resource: Resource) => boolean;
  /** The cache hits' findings, bound to their resources. */
  cached: Violation[];
  /** Stores the judged cacheable resources' per-resource findings out of the batch's violations. */
  store(violations: readonly Violation[]): void;
}

function toStored(v: Violation): StoredViolation {
  const { ruleId, message, path, missing, severity, podSecurity, atMost } = v;
  return { ruleId, message, ...(path ? { path } : {}), ...(missing ? { missing } : {}), ...(severity ? { severity } : {}), ...(podSecurity ? { podSecurity } : {}), ...(atMost ? { atMost } : {}) };
}

export function planJudging(
  batch: readonly Resource[],
  rules: ReadonlyMap<string, RuleInfo>,
  context?: (resource: Resource) => boolean,
  cache?: ResourceFindingsCache,
): JudgingPlan {
  const none: JudgingPlan = { cached: [], store: () => {} };
  if (!context && !cache) return none;
  const skipped = new Set<Resource>();
  const cached: Violation[] = [];
  const fresh: Resource[] = [];
  for (const resource of batch) {
    if (context?.(resource)) {
      skipped.add(resource);
    } else if (cache?.cacheable(resource)) {
      const hit = cache.get(resource);
      if (hit) {
        skipped.add(resource);
        for (const v of hit) cached.push({ ...v, resource });
      } else fresh.push(resource);
    }
  }
  const perResource = (v: Violation) => v.resource !== undefined && rules.get(v.ruleId)?.scope === 'resource';
  return {
    ...(skipped.size > 0 ? { judged: (r: Resource) => !skipped.has(r) } : {}),
    cached,
    store(violations) {
      if (!cache || fresh.length === 0) return;
      const found = new Map<Resource, StoredViolation[]>(fresh.map((r) => [r, []]));
      for (const v of violations) if (perResource(v)) found.get(v.resource!)?.push(toStored(v));
      for (const [resource, stored] of found) cache.set(resource, stored);
    },
  };
}
