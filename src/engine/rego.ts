// The Rego check: the rule catalogue compiled to WebAssembly, evaluated in-process, one
// evaluation per batch through the aggregating entrypoint kubelint/main.
import type { JsonPath, Resource, Violation } from '../types.js';
import type { Check, CheckContext, RuleInfo } from './check.js';
import { POLICY_DIR, PolicyBundleError, readOptionDefaults, readPolicyWasm, readRulesFile } from './rego-files.js';
import { crossResourcePass } from './cross-pass.js';
import { buildInput, InputParts, type RegoInput } from './rego-input.js';
import { crossGroups, evaluationUnits, groupKinds, isCrossResource, splitUnit, unitNamespaces, type Chunking, type Unit } from './rego-chunks.js';
import { Projector } from './rego-project.js';
import { DEFAULT_HEAP_LIMIT, HeapLimitError, isHeapLimitMessage, WasmEvaluator } from '../policy/wasm-evaluator.js';
import { currentThreads } from '../parallel/threads.js';
import type { ChunkStore, Outcome, RegoHelper } from '../parallel/rego-helper.js';
import { chunkLocator } from '../parallel/prelocate.js';
import { existingDepth, SharedPaths } from './shared-parts.js';
import { batchViolations, decodeChunk, DecodedChunk, type RegoResults, type Sharing } from './rego-results.js';
import { compileWasm } from '../policy/wasm-compile.js';
import { regoResultAt, regoResultEntry, regoResultPlace, regoResultsHome, storedOrEvaluated, type RegoResultEntry } from './rego-memo.js';
import { UnitPieces, type Evaluated } from './rego-objects.js';
import { sha256, stampedDigest } from '../cache/stamped-digest.js';

let catalogue: { entrypoint: string; wasmSha256?: string; rules: RuleInfo[] } | undefined;
let loaded: Promise<Check> | undefined;
/** policy.wasm's bytes as read, until compiled, and their SHA-256 (hex). */
let policyBytes: { wasm: Buffer; digest: string } | undefined;
/** The SHA-256 (hex) this process's stored results are named by (rego-memo.ts), once known. */
let namedBy: string | undefined;
let compiled: WebAssembly.Module | undefined;

const POLICY_WASM = `${POLICY_DIR}/policy.wasm`;

function policyWasm(): { wasm: Buffer; digest: string } {
  if (!policyBytes) {
    const wasm = readPolicyWasm();
    policyBytes = { wasm, digest: sha256(wasm) };
  }
  return policyBytes;
}

/**
 * policy.wasm's SHA-256, what its stored results are kept by: with the store on, by the file's
 * stamp when an earlier run read it (cache/stamped-digest.ts), so a warm run whose results are all
 * stored neither reads nor hashes the 650 KB it never compiles.
 */
function policyDigest(): string {
  if (namedBy === undefined && policyBytes) namedBy = policyBytes.digest;
  if (namedBy === undefined) {
    const { digest, bytes } = stampedDigest(POLICY_WASM, regoResultsHome(), readPolicyWasm);
    if (bytes) policyBytes = { wasm: bytes, digest };
    namedBy = digest;
  }
  return namedBy;
}

/**
 * build/policies/policy.wasm compiled, once per process, when something is first evaluated (or a
 * helper thread starts): a warm run whose results are all stored compiles nothing (~2 ms). It is
 * validated lazily in a short run only when its bytes are the ones the build recorded in
 * rules.json (and compiled whole, scripts/build-policies.mjs): V8 stops the process with a fatal
 * check on a body that fails lazy validation after the flag is put back. Any other bytes are
 * validated whole, and a damaged file is a clear error (PolicyBundleError; read again next call).
 */
export function compiledPolicy(): WebAssembly.Module {
  if (compiled) return compiled;
  const { wasm, digest } = policyWasm();
  if (namedBy !== undefined && digest !== namedBy) {
    policyBytes = namedBy = undefined;
    // Its results would be kept under the name of the bytes this run started with.
    throw new PolicyBundleError(`${POLICY_WASM} changed while kubelint was linting; run kubelint again`);
  }
  const { wasmSha256 } = (catalogue ??= readRulesFile());
  try {
    compiled = compileWasm(wasm, { ownBuild: wasmSha256 !== undefined && digest === wasmSha256 });
    namedBy ??= digest;
    policyBytes = undefined; // V8 keeps its own copy: 650 KB less held through the run
    return compiled;
  } catch (error) {
    policyBytes = namedBy = undefined; // a later call (after `npm run build`) reads the file again
    if (!(error instanceof WebAssembly.CompileError)) throw error;
    throw new PolicyBundleError(`${POLICY_WASM} is damaged (${error.message}); reinstall kubelint or rebuild it with \`npm run build:policies\``);
  }
}

/** build/policies/policy.wasm compiled once per process (the helper thread shares it, parallel/). */
export function policyModule(): Promise<WebAssembly.Module> {
  return new Promise<WebAssembly.Module>((resolve) => resolve(compiledPolicy()));
}

/** The rules the compiled policies provide (for `kubelint rules` and the engine's registry). */
export function ruleCatalogue(): RuleInfo[] {
  catalogue ??= readRulesFile();
  return catalogue.rules.map((r) => ({ ...r }));
}

/** Loads build/policies/policy.wasm once per process. */
export function loadRegoCheck(): Promise<Check> {
  loaded ??= createRegoCheck().catch((error: unknown) => {
    loaded = undefined; // a later call (after `npm run build`) may succeed
    throw error;
  });
  return loaded;
}

export { namespaceChunks, type Chunking } from './rego-chunks.js';

/**
 * Measured at 10,000 resources in 25 namespaces: 2.7 s as one evaluation, 0.9 s in chunks
 * (bench/REGO.md). With 86 rules the per-resource cost grows with the input from a few hundred
 * resources: 1,000 resources in 3 namespaces took 0.67-0.93 s as one evaluation and 0.36-0.45 s
 * per namespace, 10,000 in 24 namespaces 2.8 s in chunks of 1,000 and 2.3 s per namespace, with
 * 66 MiB less peak RSS (smaller wasm memories; BENCHMARKS.md, issue #22). A namespace of more
 * than `split` resources is evaluated in pieces (rego-chunks.ts evaluationUnits). `split` was 1,000:
 * 999 bare Deployments with `--preset all` made one evaluation whose findings took the wasm heap to
 * ~123 MB (360 bytes a byte of input), grown by OPA a page at a time, and past ~64 MB V8 answered
 * nearly every grow with a full GC: 5.8 s, in pieces 1.0 s. Whole, such a namespace stays clear of
 * that up to ~600 Deployments (650: 1.4x the CPU); every corpus shape's namespaces (up to 511) stay
 * whole, as splitting 428 costs plain 10,000 ~1.1x the CPU (more evaluations).
 */
const DEFAULT_CHUNKING: Chunking = { from: 400, size: 400, split: 600 };

/**
 * The memory of an evaluation that cannot be cut (a cross group on its namespace, one resource's
 * local rules) at most: what WasmEvaluator grew ahead at most before there was a bound.
 */
const MAX_HEAP = 2 * 1024 * 1024 * 1024;

/**
 * `prune: false` hands the rules whole objects (the tests' reference for rego-prune.ts and
 * rego-project.ts): neither the cut by kind nor the projection of a large namespace. `heapLimit`:
 * the least limit of one evaluation's wasm memory (WasmEvaluator; null: none); one past its limit is evaluated
 * in smaller units (rego-chunks.ts splitUnit), one that cannot be cut with twice the limit, and so
 * on up to `maxHeap`, past which it is an error naming what it evaluated.
 */
export async function createRegoCheck(
  chunking: Chunking = DEFAULT_CHUNKING,
  { prune = true, heapLimit = DEFAULT_HEAP_LIMIT as number | null, maxHeap = MAX_HEAP } = {},
): Promise<Check> {
  const { entrypoint, rules } = (catalogue ??= readRulesFile());
  const policy = policyDigest();
  const defaults = readOptionDefaults();
  const parts = new InputParts(rules, defaults, prune);
  const evaluator = new WasmEvaluator(compiledPolicy, undefined, { heapLimit });
  const cross = new Set(rules.filter(isCrossResource).map((r) => r.id));
  /** The catalogue's own rule id strings: each result carries a copy of its rule's. */
  const ruleIds = new Map(rules.map((r) => [r.id, r.id]));
  /** The enabled rules of each kind of unit and each cross group's projector, per list of enabled rules. */
  const splits = new WeakMap<string[], Split>();
  const splitOf = (enabled: string[], ctx: CheckContext): Split => {
    let split = splits.get(enabled);
    if (!split) {
      const groups = crossGroups(rules.filter((r) => cross.has(r.id) && enabled.includes(r.id)));
      const custom = ctx.config.workloadKinds.map((k) => k.kind);
      const projected = groups.map((group) => ({
        ids: group.map((r) => r.id),
        projector: prune ? Projector.for(group, ctx.config.workloadKinds) : undefined,
        kinds: prune ? groupKinds(group, custom) : undefined,
      }));
      splits.set(enabled, (split = { local: enabled.filter((id) => !cross.has(id)), cross: projected }));
    }
    return split;
  };
  /** The batch's chunks and how to get their results; the helper thread's share begun, if any. */
  const prepare = (batch: readonly Resource[], ctx: CheckContext, helper: RegoHelper | undefined) => {
    const whole = buildInput(batch, rules, defaults, ctx, parts);
    if (whole.enabled.length === 0 || batch.length === 0) return undefined;
    const split = splitOf(whole.enabled, ctx);
    const enabled = { local: split.local.length > 0, crossGroups: split.cross.map((group) => group.kinds) };
    const chunks = [...evaluationUnits(batch, whole.defaultNamespace, chunking, enabled)];
    const inputOf = (unit: Unit) => UTF8.encode(JSON.stringify(unitInput(whole, unit, split)));
    const threads = currentThreads();
    // A large input linted before (threads.ts startsLate): its chunks are looked up first, and the
    // helper starts only when enough of them miss; else the main thread takes the few that do. Named
    // from the JSON text: no encoded input is made for a stored chunk (each is garbage at once).
    const places = !helper && chunks.length > 1 && regoResultsHome() && threads?.startsLate(batch.length) ? chunks.map((unit) => regoResultPlace(policy, entrypoint, JSON.stringify(unitInput(whole, unit, split)))!) : undefined;
    const misses = places?.filter((place) => !place.present).length;
    const crossInputs = new Map<number, Uint8Array>();
    const encode = (i: number) => {
      const input = crossInputs.get(i);
      crossInputs.delete(i);
      return input ?? inputOf(chunks[i]!);
    };
    if (misses === undefined || misses >= LATE_HELPER_MISSES) helper ??= chunks.length > 1 ? threads?.helperFor(compiledPolicy, batch.length) : undefined;
    // A large namespace's cross-resource units are the main thread's, after the helper is stopped (rego-helper.ts finish).
    const begun = helper?.begin(chunks.length, encode, entrypoint, (i) => chunks[i]!.rules === 'cross', chunkStore(policy, entrypoint));
    // A large namespace's cross units (the main thread's) are encoded now, while the helper starts,
    // and the main thread's memory is made large enough for the largest at once
    // (WasmEvaluator.reserve): a smaller one would stay resident beside it (plain-onens 10,000: +30 MiB).
    // (Not a stored one: it is read, neither evaluated nor given memory.)
    // Looked up by name (places), a cross unit's entry is read now: one that is there but does not
    // verify (a damaged store, or one signed with another key) is evaluated as a miss is, with the
    // memory reserved (else each larger cross unit made a new memory, the last resident: plain-onens
    // 10,000 207 MiB, r15review).
    const storedCross = new Map<number, RegoResults>();
    chunks.forEach((unit, i) => {
      if (unit.rules !== 'cross') return;
      const stored = places?.[i]!.present ? regoResultAt(places[i]!, isResults) : undefined;
      if (stored) storedCross.set(i, stored);
      else crossInputs.set(i, inputOf(unit));
    });
    if (crossInputs.size > 0) evaluator.reserve(Math.max(...[...crossInputs.values()].map((input) => evaluator.limitFor(input.byteLength) ?? 0)));
    // While the main thread waits for the helper, it locates the findings of the chunks back so far;
    // not beside a whole large namespace's wasm heap (cross units): plain-onens 10,000 peaked 16 MiB higher.
    const crossUnits = chunks.some((unit) => unit.rules === 'cross');
    // One array per distinct path and rule id for the batch's findings, the early located ones included.
    const sharing: Sharing = { paths: new SharedPaths(), ruleIds };
    const decode = (i: number, results: RegoResults) => decodeChunk(results, chunks[i]!.members, batch, sharing);
    // The smallest input of each kind of unit found past its limit in this batch: a piece as large
    // is cut without trying (a failed evaluation costs about as much as a good one).
    const tooLarge = { all: Infinity, local: Infinity, cross: Infinity };
    /**
     * A unit's results within its memory limit (WasmEvaluator.limitFor); past it, in smaller units.
     * `take` makes each evaluated piece's results what the caller keeps (decoded at once: the
     * result objects then die young); `store`: through the results store (rego-memo.ts).
     */
    const boundedAs = <T>(take: (unit: Unit, results: RegoResults) => T, store: boolean) => {
      const go = (unit: Unit, input: Uint8Array = inputOf(unit), heapAtLeast = 0, entry?: RegoResultEntry<RegoResults>): T[] => {
        if (heapAtLeast > 0 || input.byteLength < tooLarge[unit.rules]) {
          try {
            const run = () => (unit.rules === 'all' && heapAtLeast === 0 && regoResultsHome() ? inPieces(unit, input) : evaluate(evaluator, entrypoint, input, heapAtLeast));
            return [take(unit, store ? storedOrEvaluated(policy, entrypoint, input, isResults, run, entry) : run())];
          } catch (error) {
            if (!(error instanceof HeapLimitError)) throw error;
          }
        }
        return cut(unit, input, evaluator.limitFor(input.byteLength, heapAtLeast)!);
      };
      /** A unit past its `limit`: in pieces (splitUnit), or when it cannot be cut, again with twice the memory, up to maxHeap. */
      const cut = (unit: Unit, input: Uint8Array, limit: number): T[] => {
        tooLarge[unit.rules] = Math.min(tooLarge[unit.rules], input.byteLength);
        const pieces = splitUnit(unit, batch, whole.defaultNamespace, enabled);
        if (pieces) return pieces.flatMap((piece) => go(piece));
        if (limit >= maxHeap) throw evaluationFailed(`${unitName(unit, batch)}: ${new HeapLimitError(limit).message}`);
        return go(unit, input, Math.min(2 * limit, maxHeap));
      };
      return { go, cut };
    };
    const { go: bounded, cut } = boundedAs((unit, results) => decodeChunk(results, unit.members, batch, sharing), true);
    const asEvaluated = (unit: Unit, results: RegoResults): Evaluated => ({ members: unit.members!, results });
    const { go: raw } = boundedAs(asEvaluated, false);
    let config: string | undefined;
    let localRules: ReadonlySet<string> | undefined;
    /** A whole unit ('all') whose input is not stored: in pieces when an earlier run kept them (rego-objects.ts), else whole. */
    const inPieces = (unit: Unit, input: Uint8Array): RegoResults => {
      const members = unit.members ?? batch.map((_, index) => index);
      // Each object's JSON, made once for the unit's keys and the groups' texts (the units' members do not overlap).
      const texts = new Map<number, string>();
      const objectText = (index: number) => {
        let text = texts.get(index);
        if (text === undefined) texts.set(index, (text = JSON.stringify(whole.resources[index]!.object)));
        return text;
      };
      const pieces = new UnitPieces(policy, entrypoint, {
        members,
        namespaces: unitNamespaces(batch, whole.defaultNamespace, members),
        config: (config ??= JSON.stringify([prune, { ...whole, resources: [] }])),
        localRules: (localRules ??= new Set(split.local)),
        objectText,
        evaluateLocal: (members, context) => raw(context.length > 0 ? { members, context, rules: 'local' } : { members, rules: 'local' }),
        crossGroups: split.cross.map(({ ids, projector, kinds }) => ({
          rules: new Set(ids),
          members: (namespace) => (kinds ? namespace.filter((index) => kinds.has(batch[index]!.kind)) : [...namespace]),
          projectedText: (index) => (projector ? JSON.stringify(projector.project(whole.resources[index]!.object)) : objectText(index)),
        })),
        evaluateGroups: (groups, members) => {
          const ids = groups.flatMap((group) => split.cross[group]!.ids);
          const projector = prune ? Projector.for(rules.filter((rule) => ids.includes(rule.id)), ctx.config.workloadKinds) : undefined;
          const objects = members.map((index) => (projector ? JSON.stringify(projector.project(whole.resources[index]!.object)) : objectText(index)));
          return raw({ members: [...members], rules: 'cross', group: groups[0]! }, UTF8.encode(inputText({ ...whole, enabled: ids }, objects)));
        },
      });
      const results = pieces.results();
      if (results) return results;
      const evaluated = evaluate(evaluator, entrypoint, input);
      pieces.keepWhole(evaluated);
      return evaluated;
    };
    /** A unit the helper (or the main thread for it) found past its limit. */
    const retry = (i: number): DecodedChunk[] => {
      const input = encode(i);
      return cut(chunks[i]!, input, evaluator.limitFor(input.byteLength)!);
    };
    // A chunk back from the helper is decoded at once (rego-results.ts), in the waits; its outcome
    // then holds the decoded chunk, and the result set it replaces can go.
    const decoded = (i: number, outcome: { resultSet: unknown }): DecodedChunk => {
      if (outcome.resultSet instanceof DecodedChunk) return outcome.resultSet;
      const chunk = decode(i, resultsOf(outcome.resultSet, entrypoint));
      begun!.outcomes[i] = { resultSet: chunk };
      return chunk;
    };
    /** A chunk back so far, for locating its findings early; none for a failed or missing one (its evaluation reports it). */
    const back = (i: number): DecodedChunk | undefined => {
      const outcome = begun?.outcomes[i];
      try {
        return outcome && 'resultSet' in outcome ? decoded(i, outcome) : undefined;
      } catch {
        return undefined;
      }
    };
    // A decoded chunk's findings carry batch indexes already (no members to map them through).
    const idle = begun && !crossUnits ? chunkLocator(batch, chunks.length, () => undefined, (i) => back(i)?.located(), sharing.paths) : undefined;
    // With cross units the helper is stopped before them: the main thread's memory is the one that grows, so
    // taking back the per-resource pieces the helper has not started costs no second large memory.
    const found = (takeBack: boolean): DecodedChunk[] =>
      helper && begun
        ? shared(helper.finish(begun, (input) => evaluator.evaluate(input, entrypoint), takeBack || crossUnits, idle), decoded, retry)
        : chunks.flatMap((unit, i) => {
            // Looked up above: read by the name already made (no second encoding); a miss or an entry that does not verify as before.
            const stored = storedCross.get(i) ?? (places?.[i]!.present && unit.rules !== 'cross' ? regoResultAt(places[i]!, isResults) : undefined);
            if (stored) return [decode(i, stored)];
            if (places || crossInputs.has(i)) return bounded(unit, encode(i));
            // Named from its JSON text: a stored unit's input is never encoded (plain 1,000: ~1 MB, ~1 ms, external memory till collected).
            const text = JSON.stringify(unitInput(whole, unit, split));
            const entry = regoResultEntry(policy, entrypoint, text, isResults);
            return entry?.stored ? [decode(i, entry.stored)] : bounded(unit, UTF8.encode(text), 0, entry);
          });
    return { found };
  };
  /** A batch handed to the helper by start(), joined by run(). */
  let early: { batch: readonly Resource[]; ctx: CheckContext; prepared: ReturnType<typeof prepare> } | undefined;
  const evaluateBatch = (batch: readonly Resource[], ctx: CheckContext): Violation[] => {
    const begun = early?.batch === batch && early.ctx === ctx ? early : undefined;
    early = undefined;
    const prepared = begun ? begun.prepared : prepare(batch, ctx, undefined);
    if (!prepared) return [];
    // Begun early, the main thread had other checks to do meanwhile; a large batch's chunks are
    // then left to the helper (threads.ts takeBack): a second grown wasm memory costs ~30 MiB.
    return batchViolations(prepared.found(!begun || currentThreads()?.takeBack(batch.length) !== false));
  };
  return {
    rules,
    start(batch, ctx) {
      early = undefined;
      if (ctx.judged) return; // run() evaluates parts of the batch: nothing to begin
      if (currentThreads()?.startsLate(batch.length)) return; // no helper before its chunks are looked up (prepare)
      const helper = currentThreads()?.helperFor(compiledPolicy, batch.length);
      if (helper) early = { batch, ctx, prepared: prepare(batch, ctx, helper) };
    },
    run(batch, ctx) {
      const { judged } = ctx;
      if (!judged) return evaluateBatch(batch, ctx);
      // Per-resource rules on the judged resources only; cross-resource rules on the whole batch,
      // or, when some objects are context only, on what the rules reporting on the others read.
      const own = batch.filter(judged);
      const perResource = evaluateBatch(own, scoped(ctx, 'resource'));
      if (!ctx.reported) return [...perResource, ...evaluateBatch(batch, scoped(ctx, 'batch'))];
      const pass = crossResourcePass(batch, ctx.reported, rules, ctx);
      return [...perResource, ...evaluateBatch(pass.batch, withRules(ctx, pass.ruleFilter))];
    },
    release: () => {
      const released = evaluator.release();
      // The helper thread's isolate and wasm memory go too; the main thread's garbage from the
      // checks is then worth collecting (onRelease) even when its own wasm memory never grew.
      const closed = currentThreads()?.close() ?? false;
      return released || closed;
    },
  };
}

const scopedFilters = { resource: new WeakMap<object, RuleFilter>(), batch: new WeakMap<object, RuleFilter>() };
const everyRule: RuleFilter = () => true;
type RuleFilter = NonNullable<CheckContext['ruleFilter']>;

/**
 * The context with only the rules of one scope: the same filter object for the same call's filter,
 * since the input's enabled rules are kept per filter (rego-input.ts InputParts).
 */
function scoped(ctx: CheckContext, scope: 'resource' | 'batch'): CheckContext {
  const base = ctx.ruleFilter ?? everyRule;
  let filter = scopedFilters[scope].get(base);
  if (!filter) {
    const inner = base;
    filter = (rule) => (rule.scope === 'batch') === (scope === 'batch') && inner(rule);
    scopedFilters[scope].set(base, filter);
  }
  return withRules(ctx, filter);
}

/** The context of one pass of a judged run: its own rules, without the judging the run was split by. */
function withRules(ctx: CheckContext, ruleFilter: RuleFilter): CheckContext {
  const { judged: _judged, reported: _reported, ...rest } = ctx;
  return { ...rest, ruleFilter };
}

/**
 * A chunk's resources, each indexed by its position in the chunk: an index is a position in
 * input.resources (lib.objects is an array). Results are mapped back through `members`.
 */
export function positional(resources: RegoInput['resources'], members: readonly number[], project?: (object: Record<string, unknown>) => Record<string, unknown>): RegoInput['resources'] {
  return members.map((index, position) => {
    const { object } = resources[index]!;
    return { index: position, object: project ? project(object) : object };
  });
}

/** A batch's enabled rules by unit: the local ones, and each cross group with its projector (none: whole objects) and kinds (none: all). */
interface Split {
  local: string[];
  cross: Array<{ ids: string[]; projector: Projector | undefined; kinds: ReadonlySet<string> | undefined }>;
}

/** The input of one unit: its members then its context objects, with the unit's rules. */
function unitInput(whole: RegoInput, unit: Unit, split: Split): RegoInput {
  if (!unit.members) return whole;
  const indexes = unit.context ? [...unit.members, ...unit.context] : unit.members;
  if (unit.rules !== 'cross') return { ...whole, enabled: unit.rules === 'all' ? whole.enabled : split.local, resources: positional(whole.resources, indexes) };
  const { ids, projector } = split.cross[unit.group!]!;
  return { ...whole, enabled: ids, resources: positional(whole.resources, indexes, projector && ((object) => projector.project(object))) };
}

/**
 * The input's JSON with `objects` (JSON texts) as its resources, each at its position: what
 * JSON.stringify gives for positional() resources, from texts already made.
 */
function inputText(input: Omit<RegoInput, 'resources'> & { resources?: unknown }, objects: readonly string[]): string {
  const rest = JSON.stringify({ ...input, resources: [] });
  if (!rest.startsWith(EMPTY_RESOURCES)) throw new Error('Rego input: resources must come first');
  return `{"resources":[${objects.map((text, index) => `{"index":${index},"object":${text}}`).join(',')}]${rest.slice(EMPTY_RESOURCES.length)}`;
}

const EMPTY_RESOURCES = '{"resources":[]';

/** The unit's results; HeapLimitError as it is (the caller cuts the unit), any other failure as evaluationFailed. */
function evaluate(evaluator: WasmEvaluator, entrypoint: string, input: Uint8Array, heapAtLeast = 0): RegoResults {
  let resultSet: unknown;
  try {
    resultSet = evaluator.evaluate(input, entrypoint, { heapAtLeast });
  } catch (error) {
    if (error instanceof HeapLimitError || error instanceof PolicyBundleError) throw error; // the latter: policy.wasm compiled now, damaged
    throw evaluationFailed(error instanceof Error ? error.message : String(error));
  }
  return resultsOf(resultSet, entrypoint);
}

/**
 * The results store (rego-memo.ts) for the chunks of a batch on both threads: what the one-thread
 * path's storedOrEvaluated does, by the same names, so either path reads what the other stored.
 * A stored chunk comes back in the SDK's result-set form, decoded like the helper's. Only the
 * entries of chunks to evaluate are held (a stored one's results die once decoded).
 */
function chunkStore(policy: string, entrypoint: string): ChunkStore {
  const missing = new Map<number, RegoResultEntry<RegoResults>>();
  return {
    stored(index, input) {
      const entry = missing.get(index) ?? regoResultEntry(policy, entrypoint, input, isResults);
      if (entry?.stored !== undefined) return [{ result: entry.stored }];
      if (entry) missing.set(index, entry); // a chunk taken back after it was handed over is not read again
      return undefined;
    },
    keep(index, resultSet) {
      const entry = missing.get(index);
      missing.delete(index);
      let results: RegoResults;
      try {
        results = resultsOf(resultSet, entrypoint);
      } catch {
        return; // no results: decoding the chunk reports it, and nothing is stored
      }
      entry?.keep(results);
    },
  };
}

/** What a unit that cannot be cut evaluates, for an error: its one resource, or its cross group's namespace. */
function unitName(unit: Unit, batch: readonly Resource[]): string {
  const members = unit.members ?? batch.map((_, index) => index);
  const first = batch[members[0]!]!;
  const where = first.manifest ? ` (${first.manifest.source.name}:${first.manifest.lines.start})` : '';
  if (members.length === 1) return `${first.kind} ${first.namespace ? `${first.namespace}/` : ''}${first.name}${where}`;
  return `the ${members.length} objects of namespace ${first.namespace ?? '(default)'} read by one group of cross-resource rules`;
}

const UTF8 = new TextEncoder();

/**
 * A batch whose helper waits for its chunks to be looked up (threads.ts startsLate) gets it from
 * this many misses: one or two (an edited namespace) cost the main thread less than the helper's
 * start (~40 ms CPU) and take its piece-by-piece store (rego-objects.ts), which the helper has not.
 */
const LATE_HELPER_MISSES = 3;

const evaluationFailed = (message: string) => new Error(`Rego evaluation failed: ${message}`);

/**
 * The chunks evaluated on both threads, decoded (`decoded`: a chunk's outcome decoded, once); the
 * first failed chunk in order throws, as on one thread.
 */
function shared(
  outcomes: readonly Outcome[],
  decoded: (index: number, outcome: { resultSet: unknown }) => DecodedChunk,
  bounded: (index: number) => DecodedChunk[],
): DecodedChunk[] {
  return outcomes.flatMap((outcome, i) => {
    if (!('error' in outcome)) return [decoded(i, outcome)];
    // Past the memory bound (on either thread): the main thread evaluates the unit in pieces.
    if (isHeapLimitMessage(outcome.error)) return bounded(i);
    throw evaluationFailed(outcome.error);
  });
}

/** The entrypoint's {rule id: violations}; an undefined result or another shape is an error. */
function resultsOf(resultSet: unknown, entrypoint: string): RegoResults {
  const first = Array.isArray(resultSet) ? (resultSet[0] as { result?: unknown } | undefined) : undefined;
  // An undefined entrypoint result means a rule errored at run time (wasm drops errors as undefined).
  const result = first?.result;
  if (!isResults(result)) throw new Error(`Rego evaluation of ${entrypoint} returned no result`);
  return result;
}

/** The entrypoint's result shape: {rule id: violations}. */
function isResults(value: unknown): value is RegoResults {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(Array.isArray);
}

/**
 * Rules name the field that should exist; when it does not, the finding points at the closest
 * existing parent (where the field should be added). Messages still name the field.
 */
export function existingPrefix(object: unknown, path: readonly (string | number)[]): JsonPath {
  return path.slice(0, existingDepth(object, path));
}
