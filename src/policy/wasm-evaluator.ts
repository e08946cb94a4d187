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
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { loadPolicySync } from './opa-sdk.js';

const PAGE = 65536;
/** Observed peak heap of an evaluation: 17-70x its input JSON (86 rules, bench/corpus shapes). */
const HEAP_PER_INPUT_BYTE = 72;
/** 5 MiB: what a small input (one admission review) needs. */
const INITIAL_PAGES = 80;
/** Grown ahead of an evaluation at most (2 GiB); OPA may still grow beyond it on its own. */
const MAX_PAGES = 32768;

/** The exports of OPA's wasm ABI this module calls besides the SDK. */
interface OpaExports {
  opa_heap_ptr_set(ptr: number): void;
  opa_malloc(bytes: number): number;
  /** ABI 1.2: (reserved, entrypoint, data, input address, input length, heap start, format) -> address of the result set's JSON. */
  opa_eval(reserved: number, entrypoint: number, data: number, input: number, length: number, heap: number, format: number): number;
}

export class WasmEvaluator {
  private policy: LoadedPolicy | undefined;
  /** How many instances were made (a test's view of reuse). */
  instances = 0;

  /** `setup` runs on every new instance (e.g. loading the policy's data). */
  constructor(
    private readonly module: WebAssembly.Module,
    private readonly setup?: (policy: LoadedPolicy) => void,
  ) {}

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
    if (this.memoryBytes <= INITIAL_PAGES * PAGE) return false;
    this.policy = undefined;
    return true;
  }

  /** The SDK's result set for this input (JSON bytes); throws what the policy throws. */
  evaluate(input: Uint8Array, entrypoint: string): unknown {
    const policy = this.ready(input.byteLength);
    try {
      return evaluateOnce(policy, input, entrypoint);
    } catch (error) {
      this.policy = undefined; // a failed evaluation may leave the instance in any state
      throw error;
    }
  }

  private ready(inputBytes: number): LoadedPolicy {
    if (!this.policy) {
      this.policy = loadPolicySync(this.module, { initial: INITIAL_PAGES });
      this.instances++;
      this.setup?.(this.policy);
    }
    const policy = this.policy;
    // The input is written after the data, the evaluation's heap follows it.
    const wanted = Math.min(MAX_PAGES, Math.ceil((policy.dataHeapPtr + inputBytes * (1 + HEAP_PER_INPUT_BYTE)) / PAGE));
    const pages = policy.mem.buffer.byteLength / PAGE;
    if (pages < wanted) growHeap(policy, wanted - pages);
    return policy;
  }
}

/**
 * The SDK's evaluation (ABI 1.2: one opa_eval parses the input, evaluates and dumps the result set
 * as JSON), with the input copied from the view as it is and the JSON's end found by resultJson:
 * the SDK looks for it a byte at a time in JavaScript, still unoptimised in a short run (~2 ms for
 * plain 1,000's results, ~8 ms with legacy 1,000's findings).
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
  return resultJson(policy.mem, exports.opa_eval(0, id, policy.dataAddr, at, input.byteLength, end, 0));
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
