// The lint command keeps V8's young generation at the size start-up left it (1-2 MiB per
// semi-space) instead of letting it double up to 16: the two semi-spaces of a large run then
// take 2-4 MiB of RSS instead of 32 (issue #22: 10,000 resources <= 200 MiB peak RSS; BENCHMARKS.md
// round 4, r4mem). `--max-semi-space-size` is read only when the heap is set up, so it cannot be
// set from inside the process; the growth factor is read at every growth, so it can. V8 hashes
// every flag into its code caches: shared/v8-flags.ts puts the default back around them.
import { setRunFlag } from '../shared/v8-flags.js';

/** V8's default --semi-space-growth-factor (flag-definitions.h; test/cli/young-generation checks the running Node's). */
export const V8_DEFAULT_SEMI_SPACE_GROWTH_FACTOR = 2;

/** Stops the young generation from growing, for this process. */
export function keepYoungGenerationSmall(): void {
  setRunFlag('semi-space-growth-factor', 1, V8_DEFAULT_SEMI_SPACE_GROWTH_FACTOR);
}
