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
  /** Every enabled rule; the rules that read no other object than Namespaces; or only the others, on projected objects. */
  rules: 'all' | 'local' | 'cross';
}

/**
 * Batch rules that compare an object with others of its namespace besides Namespace objects (Pod
 * Security rules read a Namespace's labels only, which every piece of it carries).
 */
export function isCrossResource(rule: RuleInfo): boolean {
  return rule.scope === 'batch' && (rule.reads ?? ['*']).some((kind) => kind !== 'Namespace');
}

function byNamespace(batch: readonly Resource[], defaultNamespace: string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  batch.forEach((resource, index) => {
    const ns = policyNamespace(resource.object, defaultNamespace);
    const members = groups.get(ns);
    if (members) members.push(index);
    else groups.set(ns, [index]);
  });
  return groups;
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
 * namespace's Namespace objects as context; the cross-resource rules get the whole namespace in
 * one evaluation, of objects cut down to what those rules read (rego-project.ts). `enabled` says
 * which of the two sets has rules to run.
 */
export function* evaluationUnits(batch: readonly Resource[], defaultNamespace: string, chunking: Chunking, enabled: { local: boolean; cross: boolean }): Generator<Unit> {
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
    if (enabled.local) {
      const namespaces = members.filter((index) => batch[index]!.kind === 'Namespace');
      for (let from = 0; from < members.length; from += chunking.size) {
        const piece = members.slice(from, from + chunking.size);
        const context = namespaces.filter((index) => !piece.includes(index));
        yield context.length > 0 ? { members: piece, context, rules: 'local' } : { members: piece, rules: 'local' };
      }
    }
    if (enabled.cross) yield { members, rules: 'cross' };
  }
  for (const members of packed(small, chunking.size)) yield { members, rules: 'all' };
}
