// Compiling the policies' WebAssembly for a short run. V8 compiles a wasm function with Liftoff
// when it is first called (lazy compilation, Node 20's default), and recompiles it with TurboFan
// once it has run for a "tiering budget" (about 1.8 MB of executed code). A run of up to a few
// thousand resources ends before TurboFan pays back: with V8's budget, one Deployment's
// evaluation sends dozens of functions through TurboFan that never run again. The CLI (short runs)
// compiles with a 100x budget: compile + evaluation of plain 100 ~49 -> ~30 ms CPU, plain 1,000
// ~126 -> ~113 ms, 10,000 unchanged (BENCHMARKS.md #22 round 6, r6cold; round 4 had 10x). The
// webhook (long-running) keeps V8's default.
//
// kubelint's own policy.wasm is also validated lazily (a function body when it is first
// compiled): a run calls ~330 of its 1,100 functions, and validating all of them was ~2.8 of the
// ~4.5 ms compile. The bytes ship with kubelint, as its JavaScript does, and the test suite
// validates them whole (test/policy/wasm-compile.test.ts). A user's policy is validated whole.
//
// The flags are set around the compile only (V8 reads them when it creates the module) and put
// back at once: V8 stamps every code cache with a hash of all flags, so while one differs Node's
// own built-in modules compile from source, and a CLI code cache written then would be refused by
// the next run (cache/code-cache.ts).
import { withFlag } from '../shared/v8-flags.js';

/** V8's default --wasm-tiering-budget (flag-definitions.h; test/policy/wasm-compile.test.ts checks the running Node's). */
export const V8_DEFAULT_TIERING_BUDGET = 1_800_000;
const SHORT_RUN_BUDGET = V8_DEFAULT_TIERING_BUDGET * 100;

let shortRun = false;

/** Called by the CLI: this process lints once and exits, so compile for a quick start. */
export function preferShortRun(on = true): void {
  shortRun = on;
}

export interface CompileOptions {
  /** The bytes are kubelint's own build/policies/policy.wasm: with preferShortRun, validated lazily. */
  ownBuild?: boolean;
}

/** Whether the user left a flag matching `pattern` alone (NODE_OPTIONS, execArgv): then it is ours to change and put back. */
function flagIsDefault(pattern: RegExp): boolean {
  return !pattern.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`);
}

/** The compiled module; with preferShortRun, compiled for a short run. Takes the bytes as read (a copy of 600 KB is ~150 page faults). */
export function compileWasm(wasm: Uint8Array, { ownBuild = false }: CompileOptions = {}): WebAssembly.Module {
  const bytes = wasm as Uint8Array<ArrayBuffer>; // V8 reads the view's bytes wherever its buffer lives
  let compile = () => new WebAssembly.Module(bytes);
  if (!shortRun) return compile();
  if (flagIsDefault(/wasm[-_]tiering[-_]budget|wasm[-_]dynamic[-_]tiering|liftoff/)) {
    const plain = compile;
    compile = () => withFlag(`--wasm-tiering-budget=${SHORT_RUN_BUDGET}`, `--wasm-tiering-budget=${V8_DEFAULT_TIERING_BUDGET}`, plain);
  }
  if (ownBuild && flagIsDefault(/wasm[-_]lazy[-_](validation|compilation)/)) {
    const eager = compile;
    compile = () => withFlag('--wasm-lazy-validation', '--no-wasm-lazy-validation', eager);
  }
  return compile();
}
