// Compiling a custom-resource schema with ajv leaves megabytes of garbage, and with the young
// generation capped (cli/young-generation.ts) most of it is promoted: 24 CRDs on a first run
// grew the old space by ~150 MB before V8 chose to collect it (crd 10,000: 320 MiB peak). So a
// full collection once the heap has grown GARBAGE_BYTES over compiles (16-24 MB: 190 MiB peak,
// 32: 195, 48: 205), and one when the batch's compiles are done. Only the CLI's disk-cached compiles report here (schema-disk-cache.ts).
import v8 from 'node:v8';
import { collectGarbage } from '../shared/v8-flags.js';

export const GARBAGE_BYTES = 24 * 1024 * 1024;

export interface CompileGarbage {
  /** After each run-time compile. */
  compiled(): void;
  /** When a batch's compiles are done: collects if any compile came after the last collection. */
  done(): void;
}

/** `collect` and `used` (heap bytes in use) are V8's; tests pass their own. */
export function compileGarbage(collect: () => void = collectGarbage, used: () => number = () => v8.getHeapStatistics().used_heap_size): CompileGarbage {
  let baseline: number | undefined;
  let pending = false;
  const collectNow = (): void => {
    collect();
    pending = false;
    baseline = used();
  };
  return {
    compiled() {
      pending = true;
      const now = used();
      baseline ??= now;
      if (now - baseline >= GARBAGE_BYTES) collectNow();
    },
    done() {
      if (pending) collectNow();
    },
  };
}

/** The process's (the CLI's) record. */
export const compileGarbageOfProcess = compileGarbage();
