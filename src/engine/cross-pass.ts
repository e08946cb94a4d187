// What the cross-resource rules need when a run reports on some objects only (--changed): the
// rules that can report on a reported object's kind (METADATA `kinds`), and of the other objects
// only those of the kinds these rules read (`reads`). The webhook answers the same question for
// one reviewed object (webhook/policy.ts); test/webhook/reads.test.ts holds every rule to its
// declarations, test/engine/judged.test.ts holds this pass to the full lint.
import type { Resource } from '../types.js';
import type { CheckContext, RuleInfo } from './check.js';
import { ruleLevel } from '../config/presets.js';

type RuleFilter = NonNullable<CheckContext['ruleFilter']>;

/** Whether a rule can report on objects of this kind; a custom workload kind gets every rule of pods or Deployments. */
export function reportsOn(rule: RuleInfo, kind: string, customWorkloads: ReadonlySet<string>): boolean {
  const { kinds } = rule;
  return !kinds || kinds.length === 0 || kinds.includes(kind) || (customWorkloads.has(kind) && (kinds.includes('Pod') || kinds.includes('Deployment')));
}

export interface CrossPass {
  /** The reported objects and the other objects the rules read, in batch order. */
  batch: Resource[];
  ruleFilter: RuleFilter;
}

export function crossResourcePass(batch: readonly Resource[], reported: (r: Resource) => boolean, rules: readonly RuleInfo[], ctx: CheckContext): CrossPass {
  const { config } = ctx;
  const base = ctx.ruleFilter;
  const customWorkloads = new Set(config.workloadKinds.map((k) => k.kind));
  const kinds = new Set(batch.filter(reported).map((r) => r.kind));
  const applies = new Set(
    rules.filter((r) => r.scope === 'batch' && (!base || base(r)) && [...kinds].some((k) => reportsOn(r, k, customWorkloads))).map((r) => r.id),
  );
  // What the rules that may run read: Pod Security controls run when a Namespace's labels ask, whatever their level.
  const reads = rules.filter((r) => applies.has(r.id) && (ruleLevel(r, config) !== 'off' || r.podSecurity)).flatMap((r) => r.reads ?? ['*']);
  const ruleFilter = filterFor(rules, applies);
  if (applies.size === 0) return { batch: [], ruleFilter };
  if (reads.includes('*')) return { batch: [...batch], ruleFilter };
  // lib.workloads holds the custom workload kinds too: whoever reads workloads reads them.
  const read = new Set([...reads, ...customWorkloads]);
  return { batch: batch.filter((r) => reported(r) || read.has(r.kind)), ruleFilter };
}

const filters = new WeakMap<readonly RuleInfo[], Map<string, RuleFilter>>();

/**
 * One filter object per set of rules: the Rego input keeps its enabled rules and its pruner per
 * filter object (rego-input.ts InputParts), so a new filter for each batch recomputed both.
 */
function filterFor(rules: readonly RuleInfo[], applies: ReadonlySet<string>): RuleFilter {
  let known = filters.get(rules);
  if (!known) filters.set(rules, (known = new Map()));
  const key = [...applies].join('\0'); // in catalogue order: the same set, the same key
  let filter = known.get(key);
  if (!filter) known.set(key, (filter = (r) => applies.has(r.id)));
  return filter;
}
