// Compiling the policies' WebAssembly for a short run. V8 runs wasm first as Liftoff code and
// recompiles a function with TurboFan once it has run for a "tiering budget" (about 1.8 MB of
// executed code). One evaluation of a small input spends most of its time in that tier-up: the
// policy's JSON parser and rule bodies pass the budget, and TurboFan compiles dozens of functions
// that will never run again (one Deployment: ~10 ms CPU and ~800 page faults, BENCHMARKS.md #22
// round 4). The CLI (short runs) compiles with a 10x budget: hot functions of a large run still
// reach TurboFan, after a little more Liftoff time. The webhook (long-running) keeps V8's default.
//
// The flag is set around the compile only (V8 reads it when it creates the module) and put back
// at once: V8 stamps every code cache with a hash of all flags, so while it differs Node's own
// built-in modules compile from source, and a CLI code cache written then would be refused by the
// next run (cache/code-cache.ts).
import { withFlag } from '../shared/v8-flags.js';

/** V8's default --wasm-tiering-budget (flag-definitions.h; test/policy/wasm-compile.test.ts checks the running Node's). */
export const V8_DEFAULT_TIERING_BUDGET = 1_800_000;
const SHORT_RUN_BUDGET = V8_DEFAULT_TIERING_BUDGET * 10;

let shortRun = false;

/** Called by the CLI: this process lints once and exits, so compile for a quick start. */
export function preferShortRun(on = true): void {
  shortRun = on;
}

/** Whether this Node's flags are V8's defaults as far as the budget goes (a user may set it: then leave it alone). */
function budgetIsDefault(): boolean {
  const given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  return !/wasm[-_]tiering[-_]budget|wasm[-_]dynamic[-_]tiering|liftoff/.test(given);
}

/** The compiled module; with preferShortRun, compiled with the short-run budget. Takes the bytes as read (a copy of 600 KB is ~150 page faults). */
export function compileWasm(wasm: Uint8Array): WebAssembly.Module {
  const bytes = wasm as Uint8Array<ArrayBuffer>; // V8 reads the view's bytes wherever its buffer lives
  if (!shortRun || !budgetIsDefault()) return new WebAssembly.Module(bytes);
  return withFlag(`--wasm-tiering-budget=${SHORT_RUN_BUDGET}`, `--wasm-tiering-budget=${V8_DEFAULT_TIERING_BUDGET}`, () => new WebAssembly.Module(bytes));
}
