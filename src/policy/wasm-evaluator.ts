// One compiled policy module, one wasm instance for every evaluation. OPA's opa_eval starts each
// evaluation by resetting its heap pointer, free lists and builtin cache to the point after the
// data (wasm/src/malloc.c opa_heap_ptr_set), so nothing of one input survives into the next; the
// instance is only replaced after a failed evaluation, whose state is not trusted.
//
// Memory: a new instance per larger input (as before) kept each old wasm memory resident until a
// GC found it: 3-4 memories of ~28 MiB at once in a 10,000-resource run. Here the one memory grows
// in place (V8 reserves the address space up front: nothing is copied, untouched pages cost no RSS).
// It must grow before the evaluation, in one step: OPA's allocator grows a page at a time when its
// heap runs out, and one 3,000-resource evaluation grown that way took 26 s of CPU instead of 1.6 s.
//
// Bound: the memory is made with a maximum, since what OPA grows on its own past ~64 MB is slow
// (V8 answers nearly every page grow with a full GC: 300 Deployments of 20 containers with every
// rule took the heap to 538 MiB in 18 s). An input's limit is 64 MiB, or when more is grown ahead
// for it, that rounded up to 16 MiB (few distinct maxima: an instance is replaced when its limit
// changes). At it OPA's malloc fails (opa_abort "opa_malloc: failed") and evaluate throws
// HeapLimitError, for the caller to cut the input.
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { loadPolicySync } from './opa-sdk.js';

/** A compiled policy, or how to compile it when first needed (engine/rego.ts compiledPolicy: a run that evaluates nothing compiles nothing). */
export type PolicyModule = WebAssembly.Module | (() => WebAssembly.Module);

/** The module of a PolicyModule, compiled now if it was not. */
export const compiledNow = (module: PolicyModule): WebAssembly.Module => (typeof module === 'function' ? module() : module);

const PAGE = 65536;
/** Observed peak heap of an evaluation: 17-70x its input JSON (86 rules, bench/corpus shapes). */
const HEAP_PER_INPUT_BYTE = 72;
/** 5 MiB: what a small input (one admission review) needs. */
const INITIAL_PAGES = 80;
/** Grown ahead of an evaluation at most (2 GiB); OPA may still grow beyond it on its own. */
const MAX_PAGES = 32768;
/** A wasm32 memory's largest size (4 GiB). */
const WASM_PAGES = 65536;
/** The least limit of an evaluation's memory by default: where OPA's own page grows turn slow. */
export const DEFAULT_HEAP_LIMIT = 64 * 1024 * 1024;
/** What OPA's malloc aborts with when the memory cannot grow. */
const OUT_OF_MEMORY = 'opa_malloc: failed';
const HEAP_LIMIT_PREFIX = 'the evaluation needs more than ';

/** An evaluation that would take the memory past its limit; nothing of it is kept. */
export class HeapLimitError extends Error {
  override name = 'HeapLimitError';
  constructor(readonly limitBytes: number) {
    super(`${HEAP_LIMIT_PREFIX}${Math.round(limitBytes / (1024 * 1024))} MiB of wasm memory`);
  }
}

/** A HeapLimitError's message, as the helper thread passes it back (a message, not the error). */
export function isHeapLimitMessage(message: string): boolean {
  return message.startsWith(HEAP_LIMIT_PREFIX);
}

/** The exports of OPA's wasm ABI this module calls besides the SDK. */
interface OpaExports {
  opa_heap_ptr_set(ptr: number): void;
  opa_malloc(bytes: number): number;
  /** (input address, length) -> the parsed value's address. */
  opa_value_parse(input: number, length: number): number;
  opa_eval_ctx_new(): number;
  opa_eval_ctx_set_input(ctx: number, value: number): void;
  opa_eval_ctx_set_data(ctx: number, value: number): void;
  opa_eval_ctx_set_entrypoint(ctx: number, entrypoint: number): void;
  /** 0 when the evaluation ran (a failure aborts through the SDK's opa_abort import, which throws). */
  eval(ctx: number): number;
  opa_eval_ctx_get_result(ctx: number): number;
  /** A value's address -> the address of its JSON text (NUL-terminated). */
  opa_json_dump(value: number): number;
}

export class WasmEvaluator {
  private policy: LoadedPolicy | undefined;
  /** The current instance's memory maximum in pages (undefined: none). */
  private policyMaxPages: number | undefined;
  /** How many instances were made (a test's view of reuse). */
  instances = 0;

  private readonly minLimitPages: number | undefined;
  /** The least maximum of the next instances (reserve), until release(). */
  private reservedPages = 0;

  /**
   * `module`: the compiled policy, or how to get it when the first instance is made (a run that
   * evaluates nothing compiles nothing). `setup` runs on every new instance (e.g. loading the
   * policy's data). `heapLimit`: the least limit of an evaluation's memory in bytes (whole pages),
   * or null for none but wasm's own 4 GiB.
   */
  constructor(
    private readonly module: PolicyModule,
    private readonly setup?: (policy: LoadedPolicy) => void,
    { heapLimit = DEFAULT_HEAP_LIMIT as number | null } = {},
  ) {
    if (heapLimit !== null && !(heapLimit >= INITIAL_PAGES * PAGE)) throw new RangeError(`a wasm heap limit must be at least ${INITIAL_PAGES * PAGE} bytes, not ${heapLimit}`);
    this.minLimitPages = heapLimit === null ? undefined : Math.ceil(heapLimit / PAGE);
  }

  /** Bytes of the current instance's memory (0 before the first evaluation). */
  get memoryBytes(): number {
    return this.policy?.mem.buffer.byteLength ?? 0;
  }

  /**
   * Drops an instance whose memory grew past the initial size: a wasm memory never shrinks, and a
   * 10,000-resource run's (~30 MiB, touched) would stay resident through the report. The next
   * evaluation starts a fresh instance. A small memory is kept: reusing it is what saves time.
   * True when an instance was dropped.
   */
  release(): boolean {
    this.reservedPages = 0;
    if (this.memoryBytes <= INITIAL_PAGES * PAGE) return false;
    this.policy = undefined;
    return true;
  }

  /**
   * Makes the instance take inputs whose limit is up to `limitBytes` (limitFor) without a new
   * memory, until release(): evaluations known to come (a large namespace's cross groups) then
   * leave no smaller memory behind, resident until a GC. The limit of every evaluation till then
   * is at least this.
   */
  reserve(limitBytes: number): void {
    if (this.minLimitPages === undefined) return;
    this.reservedPages = Math.min(WASM_PAGES, Math.max(this.reservedPages, Math.ceil(limitBytes / PAGE)));
    if (this.policy && this.policyMaxPages! < this.reservedPages) this.policy = undefined;
  }

  /**
   * The memory limit in bytes of an evaluation of `inputBytes` of input (at least `heapAtLeast`
   * bytes); undefined when the evaluator has none.
   */
  limitFor(inputBytes: number, heapAtLeast = 0): number | undefined {
    const pages = this.limitPages(inputBytes, heapAtLeast);
    return pages === undefined ? undefined : pages * PAGE;
  }

  /**
   * The SDK's result set for this input (JSON bytes); throws what the policy throws, and
   * HeapLimitError when the memory would pass limitFor's limit. `heapAtLeast`: bytes the memory
   * is grown to ahead and the limit is above, for an input known to need more than the estimate.
   */
  evaluate(input: Uint8Array, entrypoint: string, { heapAtLeast = 0 } = {}): unknown {
    const policy = this.ready(input.byteLength, heapAtLeast, this.limitPages(input.byteLength, heapAtLeast));
    const maxPages = this.policyMaxPages;
    try {
      return evaluateOnce(policy, input, entrypoint);
    } catch (error) {
      this.policy = undefined; // a failed evaluation may leave the instance in any state
      // OPA's malloc could not grow the memory (by as many pages as one block needs), or the SDK
      // could not for an ABI 1.1 policy's input.
      const grow = error === OUT_OF_MEMORY || (error instanceof RangeError && /grow|memory/i.test(error.message));
      if (maxPages !== undefined && grow) throw new HeapLimitError(maxPages * PAGE);
      throw error;
    }
  }

  /** Pages the memory is grown to ahead: the data, the input and the heap estimated for it. */
  private wantedPages(dataBytes: number, inputBytes: number, heapAtLeast: number): number {
    return Math.min(MAX_PAGES, Math.ceil(Math.max(heapAtLeast, dataBytes + inputBytes * (1 + HEAP_PER_INPUT_BYTE)) / PAGE));
  }

  private limitPages(inputBytes: number, heapAtLeast: number): number | undefined {
    if (this.minLimitPages === undefined) return undefined;
    const wanted = this.wantedPages(this.policy?.dataHeapPtr ?? 0, inputBytes, heapAtLeast + PAGE);
    if (wanted <= this.minLimitPages) return this.minLimitPages;
    const step = Math.ceil(this.minLimitPages / 4);
    return Math.min(WASM_PAGES, Math.ceil(wanted / step) * step);
  }

  /**
   * The instance, made anew when its maximum is below the input's limit: with twice the old
   * maximum at least, as each new memory leaves the old one resident until a GC (plain-onens
   * 10,000's cross groups need 80-160 MiB each: one memory per limit took 218 MiB of RSS, not 191).
   * An instance kept for a smaller input bounds it by its larger maximum: loose until release().
   */
  private ready(inputBytes: number, heapAtLeast: number, limitPages: number | undefined): LoadedPolicy {
    let maxPages = limitPages === undefined ? undefined : Math.max(limitPages, this.reservedPages);
    if (this.policy && limitPages !== undefined && this.policyMaxPages! < limitPages) {
      maxPages = Math.min(WASM_PAGES, Math.max(limitPages, 2 * this.policyMaxPages!));
      this.policy = undefined;
    }
    if (!this.policy) {
      this.policy = loadPolicySync(compiledNow(this.module), maxPages === undefined ? { initial: INITIAL_PAGES } : { initial: INITIAL_PAGES, maximum: maxPages });
      this.policyMaxPages = maxPages;
      this.instances++;
      this.setup?.(this.policy);
    }
    const policy = this.policy;
    // The input is written after the data, the evaluation's heap follows it.
    const wanted = Math.min(this.policyMaxPages ?? MAX_PAGES, this.wantedPages(policy.dataHeapPtr, inputBytes, heapAtLeast));
    const pages = policy.mem.buffer.byteLength / PAGE;
    if (pages < wanted) growHeap(policy, wanted - pages);
    return policy;
  }
}

/**
 * The SDK's evaluation (ABI 1.2's opa_eval: parse the input, evaluate, dump the result set as JSON)
 * in its steps, so that the JSON written is the one result's, not the result set's: dumping a set
 * steps from an element to the next by hashing it, and the one element is the whole result (every
 * violation's message, path and fields: legacy 10,000 hashed ~60 ms in the helper for it). The
 * input is copied from the view as it is, and the JSON's end found by resultJson: the SDK looks for
 * it a byte at a time in JavaScript, still unoptimised in a short run.
 */
function evaluateOnce(policy: LoadedPolicy, input: Uint8Array, entrypoint: string): unknown {
  const id = (policy.entrypoints as Record<string, number>)[entrypoint];
  if (policy.minorVersion < 2 || id === undefined || input.byteLength === 0) {
    return policy.evaluate(input.buffer.byteLength === input.byteLength ? input.buffer : input.slice().buffer, entrypoint);
  }
  const at = policy.dataHeapPtr as number;
  const end = at + input.byteLength;
  // ready() grew the memory for the input and more; as the SDK, grow it should it not have.
  if (end > policy.mem.buffer.byteLength) policy.mem.grow(Math.ceil((end - policy.mem.buffer.byteLength) / PAGE));
  new Uint8Array(policy.mem.buffer).set(input, at);
  const exports = (policy.wasmInstance as WebAssembly.Instance).exports as unknown as OpaExports;
  // What opa_eval does: the heap starts after the input (its free lists emptied), then a context.
  exports.opa_heap_ptr_set(end);
  const ctx = exports.opa_eval_ctx_new();
  exports.opa_eval_ctx_set_input(ctx, exports.opa_value_parse(at, input.byteLength));
  exports.opa_eval_ctx_set_data(ctx, policy.dataAddr as number);
  exports.opa_eval_ctx_set_entrypoint(ctx, id);
  if (exports.eval(ctx) !== 0) throw new Error('eval failed');
  const resultSet = exports.opa_eval_ctx_get_result(ctx);
  const only = onlyResult(policy.mem, resultSet);
  if (only === EMPTY) return [];
  if (only === OTHER) return resultJson(policy.mem, exports.opa_json_dump(resultSet));
  return [{ result: resultJson(policy.mem, exports.opa_json_dump(only)) }];
}

// OPA's value structs in the wasm's memory (wasm/src/value.h, 32-bit): a type byte first; a set
// or an object then holds its buckets' address, their count and its length, at 4, 8 and 12; a
// set element is (value, next), an object element (key, value, next); a string holds its length
// at 4 and its bytes' address at 8.
const OPA_STRING = 4;
const OPA_OBJECT = 6;
const OPA_SET = 7;
const OPA_STRING_INTERNED = 8;
/** onlyResult's answers besides an address: no result, and a shape it does not read. */
export const EMPTY = 0;
export const OTHER = -1;
const RESULT_KEY = new TextEncoder().encode('result');

/**
 * The value X of a result set holding `{"result": X}` alone, at `address` (its address), EMPTY for an empty
 * set, OTHER for anything else (several results, another layout): the caller dumps the whole set.
 */
export function onlyResult(memory: WebAssembly.Memory, address: number): number {
  const view = new DataView(memory.buffer);
  const bytes = new Uint8Array(memory.buffer);
  if (address <= 0 || address + 16 > bytes.length || bytes[address] !== OPA_SET) return OTHER;
  const members = view.getUint32(address + 12, true);
  if (members === 0) return EMPTY;
  const element = members === 1 ? onlyElement(view, address) : 0;
  if (element === 0) return OTHER;
  const wrapper = view.getUint32(element, true); // the set element's value
  if (bytes[wrapper] !== OPA_OBJECT || view.getUint32(wrapper + 12, true) !== 1) return OTHER;
  const entry = onlyElement(view, wrapper);
  if (entry === 0) return OTHER;
  const key = view.getUint32(entry, true);
  if (bytes[key] !== OPA_STRING && bytes[key] !== OPA_STRING_INTERNED) return OTHER;
  const length = view.getUint32(key + 4, true);
  const text = view.getUint32(key + 8, true);
  if (length !== RESULT_KEY.length || RESULT_KEY.some((b, i) => bytes[text + i] !== b)) return OTHER;
  return view.getUint32(entry + 4, true);
}

/** The first element in the buckets of the set or object at `address` (0 if none): the caller knows it holds one. */
function onlyElement(view: DataView, address: number): number {
  const buckets = view.getUint32(address + 4, true);
  const count = view.getUint32(address + 8, true);
  if (buckets + count * 4 > view.byteLength) return 0;
  for (let i = 0; i < count; i++) {
    const element = view.getUint32(buckets + i * 4, true);
    if (element !== 0) return element;
  }
  return 0;
}

const UTF8 = new TextDecoder();

/** The NUL-terminated JSON text at `address` in the memory, parsed. */
export function resultJson(memory: WebAssembly.Memory, address: number): unknown {
  const bytes = new Uint8Array(memory.buffer);
  const end = bytes.indexOf(0, address);
  if (end === -1) throw new Error(`the policy's result at ${address} has no end`);
  return JSON.parse(UTF8.decode(bytes.subarray(address, end)));
}

/**
 * Grows the memory by `pages` through OPA's allocator, so that OPA's own idea of its heap's end
 * grows with it (the memory grown from outside would stay unused: OPA would still grow a page at a
 * time). One block allocated from the memory's end makes it grow by exactly that many pages; the
 * next opa_eval resets the heap pointer and free lists and keeps the heap's new end.
 */
function growHeap(policy: LoadedPolicy, pages: number): void {
  const exports = (policy.wasmInstance as WebAssembly.Instance).exports as unknown as OpaExports;
  exports.opa_heap_ptr_set(policy.mem.buffer.byteLength);
  exports.opa_malloc(pages * PAGE - 64); // the block's header takes a few bytes of the first page
  exports.opa_heap_ptr_set(policy.dataHeapPtr);
}
