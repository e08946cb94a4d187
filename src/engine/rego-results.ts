// What the policy's entrypoint returns, made into violations one chunk at a time. A chunk's results
// are decoded as soon as it is back (rego.ts: in the waits for the helper thread, or right after the
// main thread's own evaluation): its result objects, path arrays and strings then die young, instead
// of being held, promoted and copied until the batch's last chunk (legacy 10,000: 54,000 results).
// The batch's order and the Pod Security de-duplication are applied over all chunks at the end.
import type { JsonPath, Resource, Severity, Violation } from '../types.js';
import { compareText } from './order.js';
import type { SharedPaths } from './shared-parts.js';

/**
 * What the entrypoint returns: each enabled rule's violations under its id, as the rule's own
 * violation set (build/policies/main.rego). Not one list of findings each naming its rule: building
 * and hashing a finding object per violation into one more set cost legacy 1,000 a third of its
 * evaluation.
 */
export type RegoResults = Readonly<Record<string, readonly RegoViolation[]>>;

/** One violation as a rule reports it. */
export interface RegoViolation {
  index: number;
  msg: string;
  path: Array<string | number>;
  /** Pod Security rules: "" or the severity a namespace label asks for. */
  severity?: string;
  podSecurity?: { level: 'baseline' | 'restricted'; version: string; control: string; mode: string; container: string; image: string; values: string[] };
  /** A severity this finding never exceeds (absent or "" for none), e.g. an informational note of the rule. */
  atMost?: string;
}

/** What a batch's violations share: their paths and their rule ids (the catalogue's strings). */
export interface Sharing {
  paths: SharedPaths;
  ruleIds: ReadonlyMap<string, string>;
}

/** One chunk's results as violations, each with its resource's batch index. */
export class DecodedChunk {
  constructor(
    readonly violations: readonly Violation[],
    readonly at: readonly number[],
    /** A result on a resource outside the batch (a policy bug): thrown when the batch is put together. */
    readonly error?: Error,
  ) {}

  /** Each violation's batch index and whole path (where it is located), for prelocate.ts. */
  located(): Array<{ index: number; path: JsonPath }> {
    return this.violations.map((v, k) => ({ index: this.at[k]!, path: wholePath(v) }));
  }
}

/** The path a rule named: the missing field's when it does not exist. */
const wholePath = (v: Violation): JsonPath => v.missing ?? v.path ?? [];

/**
 * A chunk's results as violations. `members` maps a position in the chunk to a batch index
 * (undefined: the chunk is the whole batch); a result past the members is on a context object,
 * reported by the unit holding it.
 */
export function decodeChunk(results: RegoResults, members: readonly number[] | undefined, batch: readonly Resource[], { paths, ruleIds }: Sharing): DecodedChunk {
  const violations: Violation[] = [];
  const at: number[] = [];
  for (const rule in results) {
    const ruleId = ruleIds.get(rule) ?? rule;
    for (const r of results[rule]!) {
      if (members && r.index >= members.length) continue;
      const index = members ? members[r.index]! : r.index;
      const resource = batch[index];
      if (!resource) return new DecodedChunk([], [], new Error(`Rego rule ${rule} reported resource #${index}, outside the batch of ${batch.length}`));
      const { kept, whole } = paths.existing(resource.object, r.path);
      const v: Violation = { ruleId, message: r.msg, resource, path: kept };
      // The missing field itself is kept for locating: an overlay that removed it is where to point.
      if (kept !== whole) v.missing = whole;
      if (r.podSecurity) {
        const { mode, container, image, ...ref } = r.podSecurity;
        v.podSecurity = { ...ref, ...(mode ? { mode: mode as 'enforce' | 'warn' | 'audit' } : {}), ...(container ? { container } : {}), ...(image ? { image } : {}) };
        if (r.severity) v.severity = r.severity as Severity;
      }
      if (r.atMost === 'error' || r.atMost === 'warning' || r.atMost === 'info') v.atMost = r.atMost;
      violations.push(v);
      at.push(index);
    }
  }
  return new DecodedChunk(violations, at);
}

/** The batch's violations from its chunks (in chunk order), in a total order that does not depend on the chunking. */
export function batchViolations(chunks: readonly DecodedChunk[]): Violation[] {
  const all: Violation[] = [];
  const at: number[] = [];
  for (const chunk of chunks) {
    if (chunk.error) throw chunk.error;
    for (let k = 0; k < chunk.violations.length; k++) {
      all.push(chunk.violations[k]!);
      at.push(chunk.at[k]!);
    }
  }
  const order = all.map((_, i) => i);
  const compare = (x: number, y: number) => {
    const a = all[x]!;
    const b = all[y]!;
    return at[x]! - at[y]! || compareText(a.ruleId, b.ruleId) || compareText(a.message, b.message) || compareText(wholePath(a).join('\0'), wholePath(b).join('\0'));
  };
  order.sort(compare);
  return onePerCause(onceEach(order, all, at), all, at).map((i) => all[i]!);
}

/**
 * `order` without a violation a rule reported twice on its resource: a rule's violations are an
 * array in the wasm (scripts/policy-lists.mjs), the set of the rule's source, which held each once.
 * Duplicates sort next to each other, among the violations the order finds equal (`tied`).
 */
function onceEach(order: readonly number[], all: readonly Violation[], at: readonly number[]): number[] {
  const out: number[] = [];
  let run = 0; // where in `out` the run of violations tied with the last one starts
  for (const i of order) {
    const last = out.length > 0 ? out[out.length - 1]! : undefined;
    if (last === undefined || !tied(all[last]!, at[last]!, all[i]!, at[i]!)) run = out.length;
    else if (out.slice(run).some((k) => sameViolation(all[k]!, all[i]!))) continue;
    out.push(i);
  }
  return out;
}

/** Equal by batchViolations' order: resource, rule, message and path (equality alone: messages of one resource share long beginnings). */
function tied(a: Violation, atA: number, b: Violation, atB: number): boolean {
  if (atA !== atB || a.ruleId !== b.ruleId || a.message !== b.message) return false;
  const [x, y] = [wholePath(a), wholePath(b)];
  return x === y || x.join('\0') === y.join('\0');
}

/** Of two violations tied in the order: whether the rest of what the rule returned is the same too (a key "1" is not the item 1). */
function sameViolation(a: Violation, b: Violation): boolean {
  const [x, y] = [wholePath(a), wholePath(b)];
  if (x !== y && !x.every((segment, k) => segment === y[k])) return false;
  return a.severity === b.severity && a.atMost === b.atMost && JSON.stringify(a.podSecurity) === JSON.stringify(b.podSecurity);
}

const MODE_RANK: Record<string, number> = { enforce: 3, '': 2, warn: 1, audit: 0 };

/**
 * A Pod Security control evaluated in several contexts (the run's own, a namespace's enforce and
 * warn labels) reports one finding per rule, resource and field: the enforced one first. Takes and
 * gives positions in `all`, in order; `at` holds each one's batch index.
 */
function onePerCause(order: readonly number[], all: readonly Violation[], at: readonly number[]): number[] {
  const kept = new Map<string, number>();
  const out: number[] = [];
  const rank = (v: Violation) => MODE_RANK[v.podSecurity!.mode ?? '']!;
  for (const i of order) {
    const v = all[i]!;
    if (!v.podSecurity) {
      out.push(i);
      continue;
    }
    const key = JSON.stringify([v.ruleId, at[i], wholePath(v)]);
    const other = kept.get(key);
    if (other === undefined || rank(v) > rank(all[other]!)) kept.set(key, i);
  }
  if (kept.size === 0) return out; // in order already
  return [...out, ...kept.values()].sort((x, y) => at[x]! - at[y]!);
}
