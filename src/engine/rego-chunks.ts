// How a batch is cut into Rego evaluations. The wasm evaluation's cost per resource grows with the
// size of its input (hashing and allocation in bigger sets and heaps), and its memory with every
// object it parses, so a large batch is evaluated in pieces that give the same findings.
import type { Resource } from '../types.js';
import type { RuleInfo } from './check.js';
import { policyNamespace } from './scope.js';

/** When a batch is split by namespace, into chunks of about what size, and when a namespace itself is split. */
export interface Chunking {
  from: number;
  size: number;
  /** A namespace with more resources than this is evaluated in pieces (evaluationUnits); absent: never. */
  split?: number;
}

/** One evaluation of the policy. */
export interface Unit {
  /** Batch indexes it reports on; undefined: the whole batch. */
  members?: number[];
  /** Batch indexes it reads only, after the members: their findings are another unit's. */
  context?: number[];
  /** Every enabled rule; the rules that read no other object than Namespaces; or a group of the others (crossGroups), on projected objects. */
  rules: 'all' | 'local' | 'cross';
  /** Which group of cross-resource rules a 'cross' unit evaluates. */
  group?: number;
}

/**
 * Batch rules that compare an object with others of its namespace besides Namespace objects (Pod
 * Security rules read a Namespace's labels only, which every piece of it carries).
 */
export function isCrossResource(rule: RuleInfo): boolean {
  return rule.scope === 'batch' && (rule.reads ?? ['*']).some((kind) => kind !== 'Namespace');
}

/**
 * The enabled cross-resource rules in the groups a large namespace evaluates apart: rules that need
 * the same input (the same kinds of objects, cut down to the same fields) share one evaluation,
 * each group in catalogue order. One evaluation's wasm heap is the input parsed (~11 bytes a byte)
 * plus what its rules build, and OPA frees neither before the evaluation ends: on plain 10,000 in
 * one namespace two groups of all the objects took 93 and 103 MiB, a rule alone on the kinds it
 * touches 5-47 MiB.
 */
export function crossGroups(rules: readonly RuleInfo[]): RuleInfo[][] {
  const groups = new Map<string, RuleInfo[]>();
  for (const rule of rules) {
    const key = JSON.stringify([[...(touchedKinds(rule) ?? ['*'])].sort(), [...(rule.fields ?? ['*'])].sort()]);
    const group = groups.get(key);
    if (group) group.push(rule);
    else groups.set(key, [rule]);
  }
  return [...groups.values()];
}

/** The kinds a rule reports on or reads (METADATA kinds and reads); undefined: any kind. */
function touchedKinds(rule: RuleInfo): Set<string> | undefined {
  const { kinds, reads } = rule;
  if (!kinds || kinds.length === 0 || !reads || reads.includes('*')) return undefined;
  return new Set([...kinds, ...reads]);
}

/**
 * The kinds of objects a group's evaluation needs; undefined: every kind. Custom workload kinds are
 * always kept: lib.workloads lists them, so any rule of workloads reads or reports on them.
 */
export function groupKinds(group: readonly RuleInfo[], customKinds: readonly string[]): ReadonlySet<string> | undefined {
  const kinds = new Set(customKinds);
  for (const rule of group) {
    const touched = touchedKinds(rule);
    if (!touched) return undefined;
    for (const kind of touched) kinds.add(kind);
  }
  return kinds;
}

/** Batch indexes by namespace, in order; of `indexes` only when given. */
function byNamespace(batch: readonly Resource[], defaultNamespace: string, indexes?: readonly number[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  const add = (index: number) => {
    const ns = policyNamespace(batch[index]!.object, defaultNamespace);
    const members = groups.get(ns);
    if (members) members.push(index);
    else groups.set(ns, [index]);
  };
  if (indexes) indexes.forEach(add);
  else batch.forEach((_, index) => add(index));
  return groups;
}

/** `members` by namespace, in order: each namespace's name, its members and the Namespace objects among them. */
export function unitNamespaces(batch: readonly Resource[], defaultNamespace: string, members: readonly number[]): Array<{ name: string; members: number[]; namespaceObjects: number[] }> {
  return [...byNamespace(batch, defaultNamespace, members)].map(([name, inside]) => ({ name, members: inside, namespaceObjects: inside.filter((index) => batch[index]!.kind === 'Namespace') }));
}

/**
 * Every cross-resource rule looks only inside a resource's namespace, so a large batch can be
 * evaluated a few namespaces at a time with the same findings. Yields batch indexes per chunk
 * (whole namespaces, packed up to about `size` resources), or a single `undefined` for "the whole
 * batch at once".
 */
export function* namespaceChunks(batch: readonly Resource[], defaultNamespace: string, chunking: Chunking): Generator<number[] | undefined> {
  if (batch.length < chunking.from) {
    yield undefined;
    return;
  }
  yield* packed(byNamespace(batch, defaultNamespace).values(), chunking.size);
}

function* packed(groups: Iterable<number[]>, size: number): Generator<number[]> {
  let chunk: number[] = [];
  for (const members of groups) {
    if (chunk.length > 0 && chunk.length + members.length > size) {
      yield chunk;
      chunk = [];
    }
    for (const index of members) chunk.push(index);
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * The evaluations of a batch: namespaces packed as namespaceChunks does, except that a namespace
 * larger than `chunking.split` is evaluated in pieces. Its resources go in position pieces of
 * `size` for the rules that read no other object but Namespaces, each piece carrying the
 * namespace's Namespace objects as context; each group of cross-resource rules (crossGroups) gets
 * the namespace's objects of the kinds it needs (groupKinds; undefined: all) in one evaluation, of
 * objects cut down to what those rules read (rego-project.ts), and none when it has none of them
 * (its rules report on those kinds only). `enabled` says whether local rules are on and gives each
 * cross group's kinds.
 */
export function* evaluationUnits(
  batch: readonly Resource[],
  defaultNamespace: string,
  chunking: Chunking,
  enabled: { local: boolean; crossGroups: ReadonlyArray<ReadonlySet<string> | undefined> },
): Generator<Unit> {
  if (batch.length < chunking.from) {
    yield { rules: 'all' };
    return;
  }
  const small: number[][] = [];
  for (const members of byNamespace(batch, defaultNamespace).values()) {
    if (members.length <= (chunking.split ?? Infinity)) {
      small.push(members);
      continue;
    }
    if (enabled.local) yield* localPieces(batch, members, [], chunking.size);
    yield* crossUnits(batch, members, enabled.crossGroups);
  }
  for (const members of packed(small, chunking.size)) yield { members, rules: 'all' };
}

/** The local rules on `members` in pieces of `size`, each with the Namespace objects the others hold (and `context`'s). */
function* localPieces(batch: readonly Resource[], members: readonly number[], context: readonly number[], size: number): Generator<Unit> {
  const namespaces = [...members, ...context].filter((index) => batch[index]!.kind === 'Namespace');
  for (let from = 0; from < members.length; from += size) {
    const piece = members.slice(from, from + size);
    const read = namespaces.filter((index) => !piece.includes(index));
    yield read.length > 0 ? { members: piece, context: read, rules: 'local' } : { members: piece, rules: 'local' };
  }
}

/** Each cross group on one namespace's objects of the kinds it needs (none when it has none). */
export function* crossUnits(batch: readonly Resource[], members: number[], groups: ReadonlyArray<ReadonlySet<string> | undefined>): Generator<Unit> {
  for (const [group, kinds] of groups.entries()) {
    const read = kinds ? members.filter((index) => kinds.has(batch[index]!.kind)) : members;
    if (read.length > 0) yield { members: read, rules: 'cross', group };
  }
}

/**
 * A unit whose evaluation went past the wasm memory's bound, as smaller units with the same
 * findings: a local unit's members in halves (the Namespace objects still read by each); an 'all'
 * unit (whole namespaces) as a large namespace is cut, the local rules on its halves and each
 * cross group on each of its namespaces at once. Undefined when the unit cannot be cut: a cross
 * group must see its namespace whole, and the local rules of one resource are one evaluation.
 */
export function splitUnit(
  unit: Unit,
  batch: readonly Resource[],
  defaultNamespace: string,
  enabled: { local: boolean; crossGroups: ReadonlyArray<ReadonlySet<string> | undefined> },
): Unit[] | undefined {
  if (unit.rules === 'cross') return undefined;
  const members = unit.members ?? batch.map((_, index) => index);
  const half = Math.ceil(members.length / 2);
  if (unit.rules === 'local') return members.length > 1 ? [...localPieces(batch, members, unit.context ?? [], half)] : undefined;
  const units = enabled.local ? [...localPieces(batch, members, unit.context ?? [], half)] : [];
  for (const namespace of byNamespace(batch, defaultNamespace, members).values()) units.push(...crossUnits(batch, namespace, enabled.crossGroups));
  return units;
}
