// One user policy WebAssembly module, evaluated on one reused instance (wasm-evaluator.ts) that
// holds the users' data set. Evaluation errors (opa_abort: conflicting rule values and the like)
// are thrown as PolicyRuntimeError for the caller to pin on a policy.
import { installHostBuiltins } from './host-builtins.js';
import { WasmEvaluator } from './wasm-evaluator.js';

export class PolicyRuntimeError extends Error {
  override name = 'PolicyRuntimeError';
}

export class PolicyInstance {
  private readonly evaluator: WasmEvaluator;

  constructor(module: WebAssembly.Module, data: Record<string, unknown>) {
    installHostBuiltins();
    // No limit: a user policy's evaluation cannot be cut into pieces with the same meaning.
    this.evaluator = new WasmEvaluator(module, (policy) => policy.setData(data), { heapLimit: null });
  }

  /** Drops a grown wasm memory (WasmEvaluator.release); the data set is loaded again on next use. */
  release(): boolean {
    return this.evaluator.release();
  }

  /** The entrypoint's value for this input, or undefined when the entrypoint is undefined. */
  evaluate(entrypoint: string, input: unknown): unknown {
    let resultSet: unknown;
    try {
      // A failed evaluation drops the instance: the next one starts afresh.
      resultSet = this.evaluator.evaluate(new TextEncoder().encode(JSON.stringify(input)), entrypoint);
    } catch (error) {
      const message = error instanceof Error ? error.message : typeof error === 'object' && error && 'message' in error ? String((error as { message: unknown }).message) : String(error);
      throw new PolicyRuntimeError(message);
    }
    const first = Array.isArray(resultSet) ? (resultSet[0] as { result?: unknown } | undefined) : undefined;
    return first?.result;
  }
}
