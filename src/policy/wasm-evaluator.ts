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
      return policy.evaluate(input.buffer.byteLength === input.byteLength ? input.buffer : input.slice().buffer, entrypoint);
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
