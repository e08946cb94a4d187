// One user policy WebAssembly module, instantiated on demand with memory sized for the input and
// the users' data set. Evaluation errors (opa_abort: conflicting rule values and the like) are
// thrown as PolicyRuntimeError for the caller to pin on a policy.
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { pagesFor } from '../engine/rego.js';
import { installHostBuiltins } from './host-builtins.js';
import { loadPolicySync } from './opa-sdk.js';

export class PolicyRuntimeError extends Error {
  override name = 'PolicyRuntimeError';
}

export class PolicyInstance {
  private policy: LoadedPolicy | undefined;
  private pages = 0;

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly data: Record<string, unknown>,
  ) {
    installHostBuiltins();
  }

  /** The entrypoint's value for this input, or undefined when the entrypoint is undefined. */
  evaluate(entrypoint: string, input: unknown): unknown {
    const json = new TextEncoder().encode(JSON.stringify(input));
    const needed = pagesFor(json.byteLength);
    if (!this.policy || this.pages < needed) {
      this.policy = loadPolicySync(this.module, { initial: needed });
      this.policy.setData(this.data);
      this.pages = needed;
    }
    let resultSet: unknown;
    try {
      resultSet = this.policy.evaluate(json.buffer, entrypoint);
    } catch (error) {
      // A failed evaluation can leave the heap in any state: start the next one afresh.
      this.policy = undefined;
      const message = error instanceof Error ? error.message : typeof error === 'object' && error && 'message' in error ? String((error as { message: unknown }).message) : String(error);
      throw new PolicyRuntimeError(message);
    }
    const first = Array.isArray(resultSet) ? (resultSet[0] as { result?: unknown } | undefined) : undefined;
    return first?.result;
  }
}
