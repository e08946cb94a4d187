// A large lint run keeps V8's young generation at the size start-up left it (1-2 MiB per
// semi-space) instead of letting it double up to 16: the two semi-spaces then take 2-4 MiB of RSS
// instead of 32 (issue #22: 10,000 resources <= 200 MiB peak RSS; BENCHMARKS.md round 4, r4mem).
// The cap costs scavenges (GC time), so it is set only where that memory target needs it: plain
// input of SMALL_YOUNG_GENERATION_BYTES or more, or input whose size is unknown before it is read
// (renders, stdin). 1,000 resources (1.2-3 MB) peak near 100 MiB without it (round 5, r5cpu).
// `--max-semi-space-size` is read only when the heap is set up, so it cannot be set from inside
// the process; the growth factor is read at every growth, so it can, once the plan is known.
// V8 hashes every flag into its code caches: shared/v8-flags.ts puts the default back around them,
// which is why a growth factor the user gave Node is left alone (the default put back would then
// not be the start's, and every code cache would be refused).
import { statSync } from 'node:fs';
import type { InputPlan } from '../load/plan.js';
import { setRunFlag } from '../shared/v8-flags.js';

/** V8's default --semi-space-growth-factor (flag-definitions.h; test/cli/young-generation checks the running Node's). */
export const V8_DEFAULT_SEMI_SPACE_GROWTH_FACTOR = 2;

/** Plain input bytes from which the young generation is kept small (10,000 resources are 12-17 MB). */
export const SMALL_YOUNG_GENERATION_BYTES = 6 * 1024 * 1024;

/** Whether Node was started with its own growth factor (then it is the user's to keep). */
export function growthFactorGiven(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  return /semi[-_]space[-_]growth[-_]factor/.test(`${execArgv.join(' ')} ${nodeOptions}`);
}

/** Whether a run of `plan` needs the small young generation for its peak memory. */
export function needsSmallYoungGeneration(plan: Pick<InputPlan, 'files' | 'variants' | 'stdin'>): boolean {
  if (plan.variants.length > 0 || plan.stdin) return true; // a render's or stdin's size is known only once read
  let total = 0;
  for (const file of plan.files) {
    try {
      total += statSync(file).size;
    } catch {
      // unreadable: reading reports it
    }
    if (total >= SMALL_YOUNG_GENERATION_BYTES) return true;
  }
  return false;
}

/** Stops the young generation from growing for the rest of this process when `plan` needs it. */
export function sizeYoungGeneration(plan: Pick<InputPlan, 'files' | 'variants' | 'stdin'>): void {
  if (growthFactorGiven() || !needsSmallYoungGeneration(plan)) return;
  setRunFlag('semi-space-growth-factor', 1, V8_DEFAULT_SEMI_SPACE_GROWTH_FACTOR);
}
