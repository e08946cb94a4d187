// When to parse in worker threads. Off unless asked for: on the 2-core machine the project is
// measured on, workers broke even on wall time at 10,000 resources and cost 30% more CPU, once the
// fast path made parsing and locating cheap (BENCHMARKS.md, "Worker threads"). `auto` keeps small
// inputs (a pre-commit hook on a few files) on one thread whatever the machine.
import { promises as fs } from 'node:fs';
import os from 'node:os';

/** Under `auto`, smaller inputs stay on one thread: starting workers costs about 0.1 s of wall time. */
export const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
/** More workers than this buys nothing measurable: the main thread's share becomes the limit. */
export const MAX_WORKERS = 4;

/** What the caller asked for: a fixed worker count (0: never), or `auto` (threshold and cores). */
export type WorkerRequest = number | 'auto';

/** KUBELINT_WORKERS: unset → 0 (one thread); `auto` → above the threshold on several cores; N → N workers. */
export function workerRequestFrom(value: string | undefined): WorkerRequest {
  if (value === undefined || value === '') return 0;
  if (value === 'auto') return 'auto';
  if (!/^\d+$/.test(value) || Number(value) > 64) throw new Error(`KUBELINT_WORKERS must be "auto" or a whole number from 0 to 64, got "${value}"`);
  return Number(value);
}

async function totalBytes(files: readonly string[], atLeast: number): Promise<number> {
  let total = 0;
  for (const file of files) {
    total += (await fs.stat(file).catch(() => undefined))?.size ?? 0;
    if (total >= atLeast) break; // enough to decide
  }
  return total;
}

/** How many workers to parse these files with; 0 means here, on this thread. */
export async function workersFor(files: readonly string[], request: WorkerRequest): Promise<number> {
  if (files.length === 0) return 0;
  if (request !== 'auto') return Math.min(request, files.length);
  const cores = os.availableParallelism();
  if (cores < 2 || files.length < 2) return 0;
  if ((await totalBytes(files, PARALLEL_MIN_BYTES)) < PARALLEL_MIN_BYTES) return 0;
  return Math.min(cores, MAX_WORKERS, files.length);
}
