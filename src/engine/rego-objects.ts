// A whole evaluation unit ('all', rego-chunks.ts) whose input changed since an earlier run,
// evaluated piece by piece: the rules that read no other object than Namespaces ("local") only on
// the objects whose results are not kept, and each group of cross-resource rules (crossGroups) only
// when its input — the namespace's objects of its kinds, projected (rego-project.ts) — changed. One
// edited object then costs its own local evaluation and the groups whose projection it changes, not
// its namespace's whole unit (plain 1,000: ~330 objects, 35-42 ms of a warm run). The results are
// the unit's, put together: the cut is the one rego-chunks.ts splitUnit makes for large namespaces.
//
// Kept per namespace, one signed file in `rego/pieces/` (bounded as the unit entries are, rego-memo.ts), named
// by the policy, its entrypoint, everything in the input besides the objects (rule options, enabled
// rules, Pod Security policy and the batch's Namespace labels, default namespace, known and
// workload kinds) and the namespace's name. It holds each object's local results by the SHA-256 of
// its JSON and of the namespace's Namespace objects, with the SHA-256 of its projection for each
// group, and each group's results by the SHA-256 of its members' projections in order.
//
// A first run pays nothing for this: a namespace without a file gets an empty one. The next run
// that misses its unit evaluates the unit whole, as before, and keeps its results by object and by
// group; runs after that evaluate in pieces.
import { createHash, hash } from 'node:crypto';
import path from 'node:path';
import { pruneFolderOnce } from '../cache/prune.js';
import { nameBound, readSignedSerializedArray, rewriteSignedSerialized } from '../cache/signed-file.js';
import { isRecord } from '../shared/records.js';
import { PRUNE_REGO_RESULTS, regoResultsHome } from './rego-memo.js';
import type { RegoResults, RegoViolation } from './rego-results.js';

const FORMAT = 1;
const DIGEST = 16; // bytes of SHA-256 kept per projection

/** Results of one evaluation: the batch indexes its positions stand for (context objects past them). */
export interface Evaluated {
  members: readonly number[];
  results: RegoResults;
}

/** One group of cross-resource rules. */
export interface CrossGroup {
  /** Its rule ids. */
  rules: ReadonlySet<string>;
  /** Its members among a namespace's (the kinds it needs; none: it is not evaluated). */
  members(namespace: readonly number[]): number[];
  /** The object as the group's rules are given it, as JSON. */
  projectedText(index: number): string;
}

/** What UnitPieces needs of the unit and its batch; indexes are batch indexes. */
export interface Pieces {
  /** The unit's members, in its order (a whole evaluation's positions). */
  members: readonly number[];
  /** The members by namespace: its name, its members, the Namespace objects among them. */
  namespaces: ReadonlyArray<{ name: string; members: readonly number[]; namespaceObjects: readonly number[] }>;
  /** Everything in the unit's input besides its objects, as text. */
  config: string;
  /** The local rules' ids (empty: none is on). */
  localRules: ReadonlySet<string>;
  /** The object's JSON as the rules are given it. */
  objectText(index: number): string;
  /** The local rules on `members`, `context` read beside them. */
  evaluateLocal(members: number[], context: number[]): Evaluated[];
  crossGroups: readonly CrossGroup[];
  /**
   * The rules of the groups `groups` (indexes in crossGroups) together, in one evaluation, on
   * `members` (every object of a kind one of them needs) cut down to what any of them reads.
   */
  evaluateGroups(groups: readonly number[], members: readonly number[]): Evaluated[];
}

/** One object's entry: its local results (positions 0) and its projection's digest per group (all zero: not known). */
interface ObjectEntry {
  results: RegoResults;
  /** DIGEST bytes per group, in a buffer shared by the namespace's entries. */
  projections: Uint8Array;
}

/** One group's entry: the digest of its members' projections and its results (positions in its members). */
interface GroupEntry {
  digest: Uint8Array;
  results: RegoResults;
}

/** A namespace's file, read: its objects' entries by key, and its groups' entries. */
interface Kept {
  objects: Map<string, ObjectEntry>;
  groups: Array<GroupEntry | undefined>;
}

/** The file's body: an object's projections are its slice of one buffer (one value to serialize, not one per object). */
interface KeptBody {
  keys: string[];
  results: RegoResults[];
  projections: Uint8Array;
  groups: Array<GroupEntry | null>;
}

/** What this process's piece-by-piece evaluations did (tests, and the benchmarks' view). */
export const pieceUse = { filesRead: 0, filesWritten: 0, objectsRead: 0, objectsEvaluated: 0, groupsRead: 0, groupsEvaluated: 0, wholeKept: 0 };

/**
 * When more of a unit's objects than this share miss, the unit is evaluated whole (one evaluation
 * of everything costs less than the local rules on most objects plus every group).
 */
const PIECES_UP_TO = 0.25;

export class UnitPieces {
  private readonly files: Array<string | undefined>;
  private kept: Array<Kept | undefined> = [];
  private keys: string[][] = [];

  constructor(
    private readonly policy: string,
    private readonly entrypoint: string,
    private readonly p: Pieces,
  ) {
    this.files = p.namespaces.map((namespace) => namespaceFile(policy, entrypoint, p.config, namespace.name));
  }

  /**
   * The unit's results from its pieces, positions as in a whole evaluation of its members; undefined
   * when it is better evaluated whole (then `keepWhole`). Throws what an evaluation throws.
   */
  results(): RegoResults | undefined {
    if (this.files.some((file) => file === undefined)) return undefined;
    const groupCount = this.p.crossGroups.length;
    this.kept = this.files.map((file) => readKept(file!, groupCount));
    if (this.kept.some((kept) => kept === undefined)) return undefined;
    this.keys = this.p.namespaces.map((namespace) => this.objectKeys(namespace));
    let missing = 0;
    this.keys.forEach((keys, n) => keys.forEach((key) => this.kept[n]!.objects.has(key) || missing++));
    if (missing > PIECES_UP_TO * this.p.members.length) return undefined;
    const position = new Map<number, number>();
    this.p.members.forEach((index, at) => position.set(index, at));
    const out: Record<string, RegoViolation[]> = {};
    const take = (members: readonly number[], results: RegoResults) => {
      for (const rule in results) {
        const list = (out[rule] ??= []);
        for (const v of results[rule]!) if (v.index < members.length) list.push(moved(v, position.get(members[v.index]!)!));
      }
    };
    this.p.namespaces.forEach((namespace, n) => {
      const kept = this.kept[n]!;
      const keys = this.keys[n]!;
      const { entries, evaluated } = this.objectEntries(n);
      if (this.p.localRules.size > 0) namespace.members.forEach((index, k) => take([index], entries[k]!.results));
      let changed = evaluated || kept.objects.size !== new Set(keys).size;
      const groups = this.groupResults(n, entries);
      groups.forEach((entry, g) => {
        if (entry !== kept.groups[g]) changed = true;
        if (entry) take(this.p.crossGroups[g]!.members(namespace.members), entry.results);
      });
      if (changed) writeKept(this.files[n]!, keys, entries, groups, groupCount);
    });
    return out;
  }

  /**
   * After a whole evaluation of the unit: a namespace without a file gets an empty one (a first run
   * pays nothing more); when every namespace had one, the results are kept by object and group.
   */
  keepWhole(results: RegoResults): void {
    if (this.files.some((file) => file === undefined)) return;
    const groupCount = this.p.crossGroups.length;
    if (this.kept.length === 0 || this.kept.some((kept) => kept === undefined)) {
      this.files.forEach((file, n) => this.kept[n] === undefined && writeKept(file!, [], [], [], groupCount));
      return;
    }
    pieceUse.wholeKept++;
    this.p.namespaces.forEach((namespace, n) => {
      const keys = (this.keys[n] ??= this.objectKeys(namespace));
      const projections = new Uint8Array(namespace.members.length * groupCount * DIGEST);
      const entries = namespace.members.map((index, k): ObjectEntry => ({ results: {}, projections: projections.subarray(k * groupCount * DIGEST, (k + 1) * groupCount * DIGEST) }));
      const entryOf = new Map(namespace.members.map((index, k) => [index, entries[k]!]));
      // Each local rule's violations on the object they are on, at position 0.
      for (const rule of this.p.localRules) {
        for (const v of results[rule] ?? []) {
          const own = entryOf.get(this.p.members[v.index]!)?.results as Record<string, RegoViolation[]> | undefined;
          if (own) (own[rule] ??= []).push(moved(v, 0));
        }
      }
      const groups = this.p.crossGroups.map((group, g): GroupEntry | undefined => {
        const members = group.members(namespace.members);
        if (members.length === 0) return undefined;
        const at = new Map(members.map((index, k) => [index, k]));
        const own: Record<string, RegoViolation[]> = {};
        for (const rule of group.rules) {
          for (const v of results[rule] ?? []) {
            const k = at.get(this.p.members[v.index]!);
            if (k !== undefined) (own[rule] ??= []).push(moved(v, k));
          }
        }
        return { digest: groupDigest(members, g, (index) => entryOf.get(index)!, group), results: own };
      });
      writeKept(this.files[n]!, keys, entries, groups, groupCount);
    });
  }

  /** Each member's key: its JSON and the namespace's Namespace objects. */
  private objectKeys(namespace: Pieces['namespaces'][number]): string[] {
    const context = namespace.namespaceObjects.map((index) => this.p.objectText(index)).join('\n');
    // One call per object (crypto.hash: no Hash object), over the bytes three updates hashed.
    return namespace.members.map((index) => hash('sha256', `${this.p.objectText(index)}\u0000${context}`, 'base64'));
  }

  /** Namespace n's members' entries, in order: kept ones, the others' local results evaluated now. */
  private objectEntries(n: number): { entries: ObjectEntry[]; evaluated: boolean } {
    const namespace = this.p.namespaces[n]!;
    const { objects } = this.kept[n]!;
    const entries = this.keys[n]!.map((key) => objects.get(key));
    const missing = namespace.members.filter((_, k) => entries[k] === undefined);
    pieceUse.objectsRead += namespace.members.length - missing.length;
    pieceUse.objectsEvaluated += missing.length;
    if (missing.length === 0) return { entries: entries as ObjectEntry[], evaluated: false };
    const size = this.p.crossGroups.length * DIGEST;
    const fresh = new Map<number, ObjectEntry>(missing.map((index) => [index, { results: {}, projections: new Uint8Array(size) }]));
    if (this.p.localRules.size > 0) {
      const context = namespace.namespaceObjects.filter((index) => !fresh.has(index));
      for (const { members, results } of this.p.evaluateLocal(missing, context)) {
        for (const rule in results) {
          for (const v of results[rule]!) {
            if (v.index >= members.length) continue; // a context object: its own unit reports it
            const own = fresh.get(members[v.index]!)!.results as Record<string, RegoViolation[]>;
            (own[rule] ??= []).push(moved(v, 0));
          }
        }
      }
    }
    return { entries: namespace.members.map((index, k) => entries[k] ?? fresh.get(index)!), evaluated: true };
  }

  /**
   * Each group on namespace n: kept when its members' projections are the ones it was evaluated
   * on; the others evaluated now, together (one evaluation builds the namespace's inventory once).
   */
  private groupResults(n: number, entries: readonly ObjectEntry[]): Array<GroupEntry | undefined> {
    const namespace = this.p.namespaces[n]!;
    const k = new Map(namespace.members.map((index, at) => [index, at]));
    const kept = this.kept[n]!.groups;
    const out: Array<GroupEntry | undefined> = [];
    const stale: Array<{ g: number; members: number[]; digest: Uint8Array }> = [];
    this.p.crossGroups.forEach((group, g) => {
      const members = group.members(namespace.members);
      if (members.length === 0) return void out.push(undefined);
      const digest = groupDigest(members, g, (index) => entries[k.get(index)!]!, group);
      const entry = kept[g];
      if (entry && Buffer.compare(entry.digest, digest) === 0) {
        pieceUse.groupsRead++;
        out.push(entry);
      } else {
        out.push(undefined);
        stale.push({ g, members, digest });
      }
    });
    if (stale.length === 0) return out;
    pieceUse.groupsEvaluated += stale.length;
    const wanted = new Set(stale.flatMap(({ members }) => members));
    const together = namespace.members.filter((index) => wanted.has(index));
    const pieces = this.p.evaluateGroups(
      stale.map(({ g }) => g),
      together,
    );
    for (const { g, members, digest } of stale) {
      const at = new Map(members.map((index, position) => [index, position]));
      const results: Record<string, RegoViolation[]> = {};
      for (const rule of this.p.crossGroups[g]!.rules) results[rule] = [];
      // A group's rules report on its own members only (the cut rego-chunks.ts makes).
      for (const piece of pieces) {
        for (const rule of this.p.crossGroups[g]!.rules) {
          for (const v of piece.results[rule] ?? []) {
            const position = v.index < piece.members.length ? at.get(piece.members[v.index]!) : undefined;
            if (position !== undefined) results[rule]!.push(moved(v, position));
          }
        }
      }
      out[g] = { digest, results };
    }
    return out;
  }
}

/** The object's projection digest for group g, written at `into`'s `at`: kept, or made from the group's text now and kept in the entry. */
function projection(entry: ObjectEntry, g: number, text: () => string, into: Uint8Array, at: number): void {
  const from = g * DIGEST;
  const kept = entry.projections;
  let known = false;
  for (let i = from; i < from + DIGEST && !known; i++) known = kept[i] !== 0;
  if (!known) kept.set(createHash('sha256').update(text()).digest().subarray(0, DIGEST), from);
  into.set(kept.subarray(from, from + DIGEST), at);
}

/**
 * A group's digest: the SHA-256 of its members' projection digests in order, copied into one
 * buffer and hashed at once (the same bytes as one update per member, which cost ~2,600 calls for
 * plain 1,000's edited namespace).
 */
function groupDigest(members: readonly number[], g: number, entryOf: (index: number) => ObjectEntry, group: CrossGroup): Uint8Array {
  const all = new Uint8Array(members.length * DIGEST);
  members.forEach((index, k) => projection(entryOf(index), g, () => group.projectedText(index), all, k * DIGEST));
  return createHash('sha256').update(all).digest();
}

/** The violation at another position. */
const moved = (v: RegoViolation, index: number): RegoViolation => (v.index === index ? v : { ...v, index });

function namespaceFile(policy: string, entrypoint: string, config: string, namespace: string): string | undefined {
  const at = regoResultsHome();
  if (!at) return undefined;
  const name = createHash('sha256').update(JSON.stringify(['pieces', FORMAT, at.version, policy, entrypoint, namespace])).update('\u0000').update(config).digest('hex');
  return path.join(at.dir, 'rego', 'pieces', `${name}.bin`);
}

/** The namespace's file when it verifies and has the shape written for `groupCount` groups; else undefined. */
function readKept(file: string, groupCount: number): Kept | undefined {
  const at = regoResultsHome()!;
  const body = readSignedSerializedArray<unknown>(file, at.secret, nameBound(file));
  const kept = body?.length === 1 ? (body[0] as Partial<KeptBody>) : undefined;
  if (!kept || !Array.isArray(kept.keys) || !Array.isArray(kept.results) || !Array.isArray(kept.groups) || !(kept.projections instanceof Uint8Array)) return undefined;
  const size = groupCount * DIGEST;
  const { keys, results, projections } = kept;
  if (results.length !== keys.length || projections.length !== keys.length * size || kept.groups.length !== groupCount) return undefined;
  const objects = new Map<string, ObjectEntry>();
  for (const [k, key] of keys.entries()) {
    if (typeof key !== 'string' || !isResults(results[k], true)) return undefined;
    objects.set(key, { results: results[k]!, projections: projections.subarray(k * size, (k + 1) * size) });
  }
  const groups: Array<GroupEntry | undefined> = [];
  for (const entry of kept.groups) {
    if (entry !== null && (typeof entry !== 'object' || !(entry.digest instanceof Uint8Array) || !isResults(entry.results, false))) return undefined;
    groups.push(entry ?? undefined);
  }
  pieceUse.filesRead++;
  return { objects, groups };
}

/** Writes a namespace's file: its members' keys and entries, in order, and its groups' entries. */
function writeKept(file: string, keys: readonly string[], entries: readonly ObjectEntry[], groups: ReadonlyArray<GroupEntry | undefined>, groupCount: number): void {
  const at = regoResultsHome()!;
  const size = groupCount * DIGEST;
  const projections = new Uint8Array(keys.length * size);
  entries.forEach((entry, k) => projections.set(entry.projections, k * size));
  const padded = Array.from({ length: groupCount }, (_, g) => groups[g] ?? null);
  const body: KeptBody = { keys: [...keys], results: entries.map((entry) => entry.results), projections, groups: padded };
  try {
    // Over the old file: every edit rewrites its namespace's file, and a rename over it frees its blocks (rewrite-in-place.ts).
    rewriteSignedSerialized(file, at.secret, [body]);
    pieceUse.filesWritten++;
    pruneFolderOnce(path.dirname(file), PRUNE_REGO_RESULTS);
  } catch {
    // a read-only or full cache folder: evaluated whole again next time
  }
}

/** {rule id: violations}; `alone`: each at position 0 (one object's results). */
function isResults(value: unknown, alone: boolean): value is RegoResults {
  return isRecord(value) && Object.values(value).every((list) => Array.isArray(list) && list.every((v) => isRecord(v) && Number.isInteger(v.index) && (v.index as number) >= 0 && (!alone || v.index === 0)));
}
