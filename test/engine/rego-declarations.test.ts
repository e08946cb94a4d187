// Every batch rule's METADATA says which kinds it reports on (`kinds`) and reads (`reads`), and
// which fields (`fields`); a namespace of more than 1,000 objects gives each group of
// cross-resource rules only those kinds, cut down to those fields (rego-chunks.ts, rego-project.ts),
// --changed gives the rules of a changed object's kind only the context objects of those kinds
// (cross-pass.ts), and every run cuts objects of kinds no enabled rule names (rego-prune.ts). A rule
// that reads more than it declares loses findings there and nowhere else (pdb-allows-eviction and
// ReplicationControllers, e6e1cad). The rule fixtures show a relation only where someone thought of
// it; here seeded namespaces (test/support/related-namespaces.ts) put every workload kind, two
// custom ones included, beside every kind of object the rules relate them to, and each rule ALONE
// (so no other rule's declarations cover for it) must find the same:
//   1. with the objects of every kind it does not declare removed (the declarations themselves);
//   2. on a namespace split as a large one is, its kinds grouped and its objects projected (the
//      other rules, at once, in its position pieces);
//   3. on objects pruned as every run prunes them;
//   4. under --changed, with the subjects changed and the rest context, and a random half changed;
// and every rule, all on at once, finds the same in namespaces padded past 1,000 objects with the
// CLI's own chunking. A last check shows the namespaces exercise every declared relation: a kind
// dropped from any cross-resource rule's `kinds` or `reads` then fails check 1 (and 2, 4).
// To try a declaration without rebuilding the policies, edit build/policies/rules.json (only the
// TypeScript side reads the declarations) and run this file.
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { packagePath } from '../../src/config/paths.js';
import type { Check, CheckContext, RuleInfo } from '../../src/engine/check.js';
import type { Linter } from '../../src/engine/engine.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import { createRegoCheck, ruleCatalogue } from '../../src/engine/rego.js';
import { isCrossResource } from '../../src/engine/rego-chunks.js';
import type { Finding, Resource } from '../../src/types.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';
import { asResource, CUSTOM_WORKLOAD, CUSTOM_WORKLOADS, relatedNamespaces, seeded, WORKLOAD_KINDS } from '../support/related-namespaces.js';

const SEED = 20261207;
const NAMESPACES = 200;

/** What a Violation and a Finding share. */
interface Reported {
  ruleId: string;
  message: string;
  path?: unknown;
  missing?: unknown;
  severity?: string;
  atMost?: string;
  resource?: Pick<Resource, 'kind' | 'name' | 'namespace'>;
}
const key = (v: Reported) => JSON.stringify([v.ruleId, v.resource?.kind, v.resource?.namespace, v.resource?.name, v.path, v.message, v.severity, v.atMost, v.missing]);
const keys = (found: readonly Reported[]) => found.map(key).sort();

/** Kinds whose objects a rule may read: what it reports on and reads, and the custom workload kinds (lib.workloads lists them). Undefined: any. */
function declaredKinds(rule: RuleInfo): Set<string> | undefined {
  if (!rule.kinds || rule.kinds.length === 0 || !rule.reads || rule.reads.includes('*')) return undefined;
  return new Set([...rule.kinds, ...rule.reads, ...CUSTOM_WORKLOADS.map((k) => k.kind)]);
}

/**
 * Kinds whose objects may change a rule's verdict: what it reads (workloads, for a rule that reads
 * any kind but judges by workloads), and the custom kind with replicas where it reads workloads
 * (the other one, without replicas and run to completion, need not change anything).
 */
function relatedKinds(rule: RuleInfo): string[] {
  const reads = rule.reads?.includes('*') ? (rule.wholeKinds ?? []) : (rule.reads ?? []);
  const kinds = reads.filter((k) => k !== 'Namespace');
  return kinds.some((k) => (WORKLOAD_KINDS as readonly string[]).includes(k)) ? [...new Set([...kinds, CUSTOM_WORKLOAD.kind])] : kinds;
}

/**
 * Kinds whose removal is tried for a rule: what it reads, and every workload kind when it reports on
 * or reads one (so a workload kind it reads without declaring it shows in the padded check too).
 */
function probedKinds(rule: RuleInfo): string[] {
  const workloads = [...(rule.kinds ?? []), ...relatedKinds(rule)].some((k) => (WORKLOAD_KINDS as readonly string[]).includes(k));
  return [...new Set([...relatedKinds(rule), ...(workloads ? WORKLOAD_KINDS : [])])];
}

const batchRules = () => ruleCatalogue().filter((r) => r.scope === 'batch');
const crossRules = () => ruleCatalogue().filter(isCrossResource);

/** A finding whose presence depends on the objects of a related kind: found with them and not without, or the reverse. */
interface Dependence {
  rule: string;
  /** The related kind removed. */
  read: string;
  /** The kind of the object the finding is on, and its namespace. */
  on: string;
  namespace: string;
}

describe('rule declarations, on seeded namespaces', () => {
  let batch: Resource[];
  let config: ResolvedConfig;
  let whole: Check;
  let split: Check;
  let pruned: Check;
  let linter: Linter;
  /** The full run with every rule on: no rule's pruned input hangs on its own declarations. */
  let everyRule: Finding[];
  let dependences: Dependence[];
  const today = new Date('2026-01-01');
  const alone = (id: string): CheckContext => ({ config, ruleFilter: (r: RuleInfo) => r.id === id });
  /** What a rule alone finds in one evaluation of whole objects: the reference of every comparison. */
  const reference = new Map<string, string[]>();
  const expected = (id: string) => reference.get(id) ?? reference.set(id, keys(whole.run(batch, alone(id)))).get(id)!;
  const without = (kinds: ReadonlySet<string>, keep: boolean) => batch.filter((r) => kinds.has(r.kind) === keep);

  beforeAll(async () => {
    ensurePoliciesBuilt();
    batch = relatedNamespaces(SEED, NAMESPACES);
    const base = await resolveConfig({ cwd: packagePath(), configFile: false, overrides: { presets: ['all'] } });
    // Rules of every kind that find nothing without options are given some.
    const rules = { ...base.rules, 'required-labels': { options: { labels: [{ key: 'team', kinds: ['Deployment', 'Service', 'Ingress'] }] } }, 'required-annotations': { options: { annotations: [{ key: 'owner', kinds: ['ConfigMap', 'Ingress'] }] } } };
    config = { ...base, rules, workloadKinds: CUSTOM_WORKLOADS };
    whole = await createRegoCheck({ from: Infinity, size: 0 }, { prune: false });
    // split 0: every namespace is a large one, so every cross-resource rule reads its kinds only, projected.
    split = await createRegoCheck({ from: 0, size: 400, split: 0 });
    pruned = await createRegoCheck({ from: Infinity, size: 0 });
    linter = await getLinter();
    everyRule = linter.lint(batch, { config, today });
    dependences = [];
    for (const rule of crossRules()) {
      const found = whole.run(batch, alone(rule.id));
      for (const read of probedKinds(rule)) {
        const before = new Set(keys(found.filter((v) => v.resource?.kind !== read)));
        const after = new Set(keys(whole.run(without(new Set([read]), false), alone(rule.id))));
        for (const k of [...before].filter((x) => !after.has(x)).concat([...after].filter((x) => !before.has(x)))) {
          const [, on, namespace] = JSON.parse(k) as Array<string | null>;
          dependences.push({ rule: rule.id, read, on: on!, namespace: namespace ?? 'default' });
        }
      }
    }
  });

  it('the namespaces exercise every declared relation: each related kind changes some finding, and each kind reported on has a finding that depends on a related object', () => {
    const gaps: string[] = [];
    for (const rule of crossRules()) {
      const mine = dependences.filter((d) => d.rule === rule.id);
      for (const read of relatedKinds(rule)) if (!mine.some((d) => d.read === read)) gaps.push(`${rule.id}: no finding depends on a ${read}`);
      // Kinds it reports on (the custom kind where the rule judges it like its built-in kinds).
      const subjects = new Set([...(rule.kinds ?? []), ...everyRule.filter((f) => f.ruleId === rule.id).map((f) => f.resource!.kind)]);
      for (const kind of subjects) if (!mine.some((d) => d.on === kind)) gaps.push(`${rule.id}: no finding on a ${kind} depends on a related object`);
    }
    expect(gaps).toEqual([]);
  });

  it.each(batchRules().filter((r) => declaredKinds(r)).map((r) => r.id))('%s: finds the same without the kinds it does not declare', (id) => {
    const rule = ruleCatalogue().find((r) => r.id === id)!;
    const declared = declaredKinds(rule)!;
    const want = expected(id);
    const got = keys(whole.run(without(declared, true), alone(id)));
    if (got.join('\n') === want.join('\n')) return;
    // Name the kinds whose objects change the findings: what the rule reads without declaring it.
    const undeclared = [...new Set(batch.map((r) => r.kind))].filter((kind) => !declared.has(kind));
    const culprits = undeclared.filter((kind) => keys(whole.run(without(new Set([kind]), false), alone(id))).join('\n') !== want.join('\n'));
    expect({ rule: id, readsUndeclared: culprits, lost: want.filter((k) => !got.includes(k)), gained: got.filter((k) => !want.includes(k)) }).toEqual({ rule: id, readsUndeclared: [], lost: [], gained: [] });
  });

  it.each(crossRules().map((r) => r.id))('%s: finds the same on a namespace split as a large one (its kinds only, projected to its fields)', (id) => {
    expect(keys(split.run(batch, alone(id)))).toEqual(expected(id));
  });

  it('the other rules, at once, find the same in position pieces of a namespace split as a large one (each with its Namespace objects)', () => {
    const local = (r: RuleInfo) => !isCrossResource(r);
    expect(keys(split.run(batch, { config, ruleFilter: local }))).toEqual(keys(whole.run(batch, { config, ruleFilter: local })));
  });

  // A per-resource rule of named kinds gets its own objects whole whatever is pruned: the others
  // (batch rules, rules of every kind) are the ones a cut could hide something from.
  const prunable = ruleCatalogue().filter((r) => r.scope === 'batch' || !r.kinds || r.kinds.length === 0);
  it.each(prunable.map((r) => r.id))('%s: finds the same on pruned objects', (id) => {
    expect(keys(pruned.run(batch, alone(id)))).toEqual(expected(id));
  });

  it.each(crossRules().map((r) => r.id))('%s: under --changed, the subjects changed, then a random half: the full run\'s findings on them', (id) => {
    const rule = ruleCatalogue().find((r) => r.id === id)!;
    const ruleFilter = (r: RuleInfo) => r.id === id;
    const full = everyRule.filter((f) => f.ruleId === id);
    expect(full.length).toBeGreaterThan(0);
    const subjects = new Set([...(rule.kinds ?? []), ...full.map((f) => f.resource!.kind)]);
    const random = seeded(SEED + id.length);
    const on = (found: readonly Finding[], reported: ReadonlySet<Resource>) => {
      const ids = new Set([...reported].map(identity));
      return keys(found.filter((f) => f.resource && ids.has(identity(f.resource))));
    };
    // The subjects changed beside unchanged related objects; then a random half, which changes
    // related objects beside unchanged subjects too.
    for (const reported of [new Set(batch.filter((r) => subjects.has(r.kind))), new Set(batch.filter(() => random() < 0.5))]) {
      const narrowed = linter.lintBatches([{ resources: batch, problems: [] }], { config, ruleFilter, today, context: (r) => !reported.has(r) });
      expect(on(narrowed, reported)).toEqual(on(full, reported));
    }
  });

  it('every rule on, with the CLI\'s own chunking, in namespaces padded past 1,000 objects: what one evaluation of whole objects finds', async () => {
    // The fewest namespaces (greedy) that hold a finding of every cross-resource rule depending on
    // each kind it reads (or a workload kind it does not declare), each padded with LimitRanges (a
    // kind no cross-resource rule reads).
    const wanted = new Set(dependences.map((d) => `${d.rule} ${d.read}`));
    const chosen: string[] = [];
    while (wanted.size > 0) {
      const gain = (ns: string) => new Set(dependences.filter((d) => d.namespace === ns && wanted.has(`${d.rule} ${d.read}`)).map((d) => `${d.rule} ${d.read}`));
      const best = [...new Set(dependences.map((d) => d.namespace))].map((ns) => [ns, gain(ns)] as const).sort(([, a], [, b]) => b.size - a.size)[0]!;
      chosen.push(best[0]);
      for (const pair of best[1]) wanted.delete(pair);
    }
    const padded = batch.filter((r) => chosen.includes(r.namespace ?? 'default'));
    for (const ns of chosen) {
      for (let i = 0; i < 1000; i++) padded.push(asResource({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: `pad-${i}`, namespace: ns }, spec: { limits: [] } }));
    }
    const found = (await createRegoCheck()).run(padded, { config });
    expect(keys(found)).toEqual(keys(whole.run(padded, { config })));
    expect(crossRules().filter((r) => !found.some((v) => v.ruleId === r.id)).map((r) => r.id)).toEqual([]);
  });
});

/** kind, namespace and name: one object of the generated namespaces. */
function identity(r: Pick<Resource, 'kind' | 'name' | 'namespace'>): string {
  return JSON.stringify([r.kind, r.namespace, r.name]);
}
