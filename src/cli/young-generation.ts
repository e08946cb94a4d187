// What a lint run spends CPU on for its peak memory, only where the memory target needs it
// (issue #22: 10,000 resources <= 200 MiB peak RSS; a 2 MB CRD <= 100 MB): plain input of
// LARGE_INPUT_BYTES or more, one file of LARGE_FILE_BYTES or more (a 2.4 MB CRD file peaked at
// 105 MiB without the cap, 91 with it), or input whose size is unknown before it is read (renders,
// stdin). 1,000 resources (1.2-3 MB in files under 0.7 MB) peak near 100 MiB without either
// (BENCHMARKS.md round 5, r5cpu).
// - The young generation is kept at the size start-up left it (1-2 MiB per semi-space) instead of
//   doubling up to 16: 2-4 MiB of RSS instead of 32 (round 4, r4mem), for more scavenges.
//   `--max-semi-space-size` is read only when the heap is set up, so it cannot be set from inside
//   the process; the growth factor is read at every growth, so it can, once the plan is known.
//   V8 hashes every flag into its code caches: shared/v8-flags.ts puts the default back around
//   them, which is why a growth factor the user gave Node is left alone (the default put back
//   would then not be the start's, and every code cache would be refused).
// - The Rego wasm memory a run gave back is collected at once (one full GC, collectGarbage)
//   rather than by a GC that may come after the peak.
// And what a small run need not spend: V8 starts incremental marking once the old generation
// nears its first limit (~9 of 17 MB), which a run of 100 resources reaches near its end, for
// garbage the process is about to drop anyway. The marking and its finishing collection ran
// concurrently with the report and, when late, delayed the exit (Node drains V8's background
// tasks first). So a run that is not large lints with --no-incremental-marking: its heap is
// collected only if it outgrows the limit, then at once (the full GC V8 does without
// incremental marking). Plain 100 ~8 ms CPU less, helm 100 ~12, 1,000 resources 0-7% (BENCHMARKS.md
// round 8, r8cold); 4,700 resources (5.9 MB) no more memory.
// A small run (SMALL_INPUT_BYTES) also lints without TurboFan: it ends before optimised code
// pays back the compiles (Sparkplug's baseline code and the interpreter are enough). Unless it
// turns out to hold many resources (SMALL_RUN_RESOURCES): TurboFan is back once they are read, and
// incremental marking too (without it, 3,000 one-line Deployments in 1 MB peaked at 332 MiB
// against 284, for no CPU gained: r8review).
// Every run tiers up later than V8 would (RUN_INTERRUPT_BUDGET): a lint ends within seconds, and
// TurboFan, on V8's background thread, spent much of its ~60 ms at 1,000 resources on functions
// warm enough for V8's default budget whose optimised code never paid back before the exit.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { InputPlan } from '../load/plan.js';
import { clearRunFlag, collectGarbage, setRunFlag } from '../shared/v8-flags.js';

/** V8's default --semi-space-growth-factor (flag-definitions.h; test/cli/young-generation checks the running Node's). */
export const V8_DEFAULT_SEMI_SPACE_GROWTH_FACTOR = 2;

/** V8's default --interrupt-budget (Node 20's V8 11.3, flag-definitions.h; test/cli/young-generation checks the running Node's). */
export const V8_DEFAULT_INTERRUPT_BUDGET = 67584;

/** The V8 whose default V8_DEFAULT_INTERRUPT_BUDGET is: under another, the default put back around code caches could be wrong (every cache refused), so the budget is left alone. */
const BUDGET_V8 = /^11\.3\./;

/**
 * A run's interrupt budget: the bytecode a function runs between V8's looks at it for tier-up, 3
 * of which (--ticks-before-optimization) make it a TurboFan candidate. Twice V8's, paired first runs
 * (fresh cache folders, load 5-9) against V8's: 1,000 resources CPU plain -11 to -18 ms, inline -17,
 * helm -23, kustomize -16, crd -43 (5-8%), the main thread within 2 ms; warm plain/helm 1,000 -12 ms;
 * plain 10,000 first -66 ms (4%), warm -66 (7%); 100 unchanged (no TurboFan: SMALL_INPUT_BYTES).
 * Four times V8's, paired against twice: CPU +2 to -9 ms (crd -39), the main thread -2 to
 * +4.5 ms: not taken (a CPU gain within the noise but for crd, for more of the main thread).
 */
export const RUN_INTERRUPT_BUDGET = 2 * V8_DEFAULT_INTERRUPT_BUDGET;

/** Plain input bytes from which a run pays for its peak memory (10,000 resources are 12-17 MB). */
export const LARGE_INPUT_BYTES = 6 * 1024 * 1024;

/** One file's bytes from which a run pays for its peak memory (a large CRD's schema is parsed and compiled whole). */
export const LARGE_FILE_BYTES = 1024 * 1024;

/**
 * Plain input bytes below which a run ends before TurboFan's optimised code pays for its compiles.
 * Without it plain 100 used 19% less CPU, helm 100 22% (BENCHMARKS.md round 8, r8cold), and the
 * wall fell too; but TurboFan compiles on another thread, so from ~500 resources the run loses
 * wall for the CPU it saves (the lead's paired runs, plain, 9 each: 252 resources in 0.32 MB wall
 * 0.25 s either way, CPU -19%; 507 in 0.65 MB wall +7%, CPU -11%; 752 in 0.96 MB wall +9%, CPU -5%;
 * 1,000 in 1.4 MB wall +16%, CPU 0%). A pre-commit run is waited for: the bound keeps the wall.
 */
export const SMALL_INPUT_BYTES = 512 * 1024;

/**
 * Resources from which a run that was not large by its bytes gets TurboFan and incremental marking
 * back once read: bytes say little of the work when resources are small. Paired runs (r8review),
 * without TurboFan against d1462ec: 7,412 one-line JSON Deployments in 1.9 MB took 39% more CPU,
 * 1,500 in 0.4 MB 16%, 1,500 pretty-printed .json files 14%, 1,500 block-YAML Deployments and 750
 * one-line ones 1-2% less.
 */
export const SMALL_RUN_RESOURCES = 1000;

/**
 * Resources (estimated from the plain files, estimateDocuments) from which a run is large whatever
 * its bytes: small documents in thousands, as a repository linted for the first time holds (legacy
 * 10,000: 3.6 MB, 54,000 findings), peak like any 10,000 resources. Their young generation grows to
 * 2 x 16 MiB during start-up and the first files, and V8 never shrinks it again: deciding once the
 * resources are counted (onLoaded) was measured to change nothing (BENCHMARKS.md round 10, "Lead").
 * The bytes alone cannot tell: plain 3,000 is 3.7 MB and pays for the cap (+6-8% CPU) for nothing.
 */
export const LARGE_RUN_RESOURCES = 5000;

/** How many plain files estimateDocuments looks into, and how: windows of WINDOW_BYTES spread over each. */
const SAMPLED_FILES = 8;
const WINDOWS = 8;
const WINDOW_BYTES = 2048;

type Plan = Pick<InputPlan, 'files' | 'variants' | 'stdin'>;

/** A `---` line after a line break: where a YAML document ends and the next begins. */
const BOUNDARY = /\n---(?=[ \t\r\n]|$)/g;

/** Documents beginning in `text`, a window of a file: at its `---` lines, and at the file's start if the window holds it. */
export function documentStarts(text: string, atFileStart: boolean): number {
  return (atFileStart && text.length > 0 ? 1 : 0) + (text.match(BOUNDARY)?.length ?? 0);
}

/**
 * The documents `files` (sizes as stat gave them, `total` bytes in all) hold, estimated at plan
 * time, where counting them would mean parsing them: documents beginning per byte in windows spread
 * over up to SAMPLED_FILES files spread over the list (a window count is not biased towards small
 * documents, as counting whole ones would be; windows at a file's start only were: a Kustomize
 * build puts its small kinds first). At most 64 reads of 2 KiB. Unreadable files count for nothing.
 */
export function estimateDocuments(files: readonly string[], sizes: readonly number[], total: number): number {
  const buffer = Buffer.alloc(WINDOW_BYTES * WINDOWS);
  // Spread over the whole list: a whole-number step over 9-15 files was 1, which sampled the first 8 only.
  const sampled = Math.min(SAMPLED_FILES, files.length);
  let starts = 0;
  let bytes = 0;
  for (let k = 0; k < sampled; k++) {
    const i = Math.floor((k * files.length) / sampled);
    const size = sizes[i] ?? 0;
    if (size === 0) continue;
    let fd: number | undefined;
    try {
      fd = openSync(files[i]!, 'r');
      // A small file is read whole; a larger one in WINDOWS windows, the first at its start.
      const windows = size <= buffer.length ? [{ at: 0, length: buffer.length }] : Array.from({ length: WINDOWS }, (_, k) => ({ at: Math.floor((k * size) / WINDOWS), length: WINDOW_BYTES }));
      for (const { at, length } of windows) {
        const read = readSync(fd, buffer, 0, length, at);
        starts += documentStarts(buffer.toString('latin1', 0, read), at === 0);
        bytes += read;
      }
    } catch {
      // unreadable: reading reports it
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  return bytes === 0 ? 0 : Math.round((starts / bytes) * total);
}

/** Whether Node was started with a flag matching `pattern` (then it is the user's to keep). */
function nodeFlagGiven(pattern: RegExp, execArgv: readonly string[], nodeOptions: string): boolean {
  return pattern.test(`${execArgv.join(' ')} ${nodeOptions}`);
}

/** Whether Node was started with its own growth factor (then it is the user's to keep). */
export function growthFactorGiven(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  return nodeFlagGiven(/semi[-_]space[-_]growth[-_]factor/, execArgv, nodeOptions);
}

/** Whether Node was started with its own incremental marking setting (`--incremental-marking`, `--no-incremental-marking`, `--noincremental_marking`…). */
export function incrementalMarkingGiven(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  return nodeFlagGiven(/incremental[-_]marking(?![-_])/, execArgv, nodeOptions);
}

/** Whether Node was started with its own TurboFan setting (`--turbofan`, `--no-opt`…). */
export function turbofanGiven(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  return nodeFlagGiven(/--(no[-_]?)?(turbofan|opt)(?![-_\w])/, execArgv, nodeOptions);
}

/** Whether Node was started with its own --interrupt-budget (then it is the user's to keep; the feedback-allocation budgets are other flags). */
export function interruptBudgetGiven(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  return nodeFlagGiven(/interrupt[-_]budget(?![-_\w])/, execArgv, nodeOptions);
}

/**
 * How much a run of `plan` has to lint: small (under SMALL_INPUT_BYTES of plain files, and no more
 * files than SMALL_RUN_RESOURCES: each holds a resource at least), large (peak memory matters: by
 * bytes, or LARGE_RUN_RESOURCES estimated) or between.
 */
export function inputSize(plan: Plan): 'small' | 'medium' | 'large' {
  if (plan.variants.length > 0 || plan.stdin) return 'large'; // a render's or stdin's size is known only once read
  let total = 0;
  const sizes: number[] = [];
  for (const file of plan.files) {
    let size = 0;
    try {
      size = statSync(file).size;
    } catch {
      // unreadable: reading reports it
    }
    total += size;
    sizes.push(size);
    if (total >= LARGE_INPUT_BYTES || size >= LARGE_FILE_BYTES) return 'large';
  }
  if (total < SMALL_INPUT_BYTES && plan.files.length <= SMALL_RUN_RESOURCES) return 'small';
  return plan.files.length >= LARGE_RUN_RESOURCES || estimateDocuments(plan.files, sizes, total) >= LARGE_RUN_RESOURCES ? 'large' : 'medium';
}

/** One lint run's memory and compiler decisions: LintOptions.onPlan, onLoaded and onRelease. `collect` is the full GC (tests pass their own). */
export function peakMemory(collect: () => void = collectGarbage): { onPlan: (plan: Plan) => void; onLoaded: (resources: number) => void; onRelease: () => void } {
  let large = false;
  return {
    onPlan(plan) {
      const size = inputSize(plan);
      large = size === 'large';
      if (large && !growthFactorGiven()) setRunFlag('semi-space-growth-factor', 1, V8_DEFAULT_SEMI_SPACE_GROWTH_FACTOR);
      if (!large && !incrementalMarkingGiven()) setRunFlag('incremental-marking', false, true);
      if (size === 'small' && !turbofanGiven()) setRunFlag('turbofan', false, true);
      if (BUDGET_V8.test(process.versions.v8) && !interruptBudgetGiven()) setRunFlag('interrupt-budget', RUN_INTERRUPT_BUDGET, V8_DEFAULT_INTERRUPT_BUDGET);
    },
    onLoaded(resources) {
      if (resources <= SMALL_RUN_RESOURCES) return;
      clearRunFlag('turbofan');
      clearRunFlag('incremental-marking');
    },
    onRelease() {
      if (large) collect();
    },
  };
}
