// Whether a lint run gets a second thread for its Rego evaluation (rego-helper.ts), and that
// thread's life: started while the files are read when the plain input is large, else on the
// first batch large enough, closed when the run ends. KUBELINT_THREADS: `auto` (the default) only
// for large inputs, `1` never, `2` for any batch (tests, output-diff). Measured in BENCHMARKS.md
// (issue #22, round 6, r6wall): at 10,000 resources the helper gives 0.82-0.95x the wall for
// 0.88-1.06x the CPU and stays under the 200 MiB target (159-183 MiB); at 1,000 it cost 6-18% more
// CPU for no clear wall gain, so auto leaves such inputs on one thread. (Rounds 4 and 5 kept it
// opt-in; their bundled CLI's helper turned out dead since 47f84ad, and its start lifted the young
// generation cap, which is where its extra 25-37 MiB came from.)
import { existsSync, statSync } from 'node:fs';
import { lintedBefore } from '../cache/linted-inputs.js';
import { packagePath } from '../config/paths.js';
import { regoResultsHome } from '../engine/rego-memo.js';
import { compiledNow, type PolicyModule } from '../policy/wasm-evaluator.js';
import { runFlags } from '../shared/v8-flags.js';
import { RegoHelper } from './rego-helper.js';

export type ThreadMode = 'one' | 'two' | 'auto';

/** The mode when KUBELINT_THREADS is unset. */
export const DEFAULT_MODE: ThreadMode = 'auto';
/** auto: plain input bytes from which the helper starts while the files are read. */
export const AUTO_BYTES = 6 * 1024 * 1024;
/** auto: resources in one batch from which the helper starts (a render's batch, say). */
export const AUTO_RESOURCES = 5000;
/**
 * From this many resources in a batch, the main thread leaves the chunks it handed over early to a
 * working helper instead of taking some back: both threads' wasm memories grown at once (~30 MiB
 * each at 10,000) would break the 10,000-resource memory target.
 */
export const TAKE_BACK_BELOW = 5000;

/** KUBELINT_THREADS=2: how long a run waits for its helper to start before going on without it. */
const READY_WAIT_MS = 10_000;
/** How long a run with changed V8 flags waits for its helper to set them again (rego-helper.ts waitBooted). */
const BOOT_WAIT_MS = 2_000;

const WORKER_FILE = packagePath('dist', 'parallel', 'rego-worker.js');

export function threadMode(env: NodeJS.ProcessEnv = process.env): ThreadMode {
  const value = env.KUBELINT_THREADS?.trim().toLowerCase();
  if (value === undefined || value === '') return DEFAULT_MODE;
  if (value === '1') return 'one';
  if (value === '2') return 'two';
  if (value === 'auto') return 'auto';
  throw new Error(`KUBELINT_THREADS must be 1, 2 or auto (got "${env.KUBELINT_THREADS}")`);
}

/** One run's thread plan. */
export class Threads {
  private helper: RegoHelper | undefined;
  /** auto, large plain input linted before: the helper waits until a batch's chunks are looked up (startsLate). */
  private late = false;
  /** Chunks the helpers of this run evaluated (tests, benchmarks). */
  helped = 0;

  /** `workerFile`: the helper's code (tests give one that cannot load or dies); `takeBackBelow`: see TAKE_BACK_BELOW. */
  constructor(
    readonly mode: ThreadMode,
    private readonly workerFile = WORKER_FILE,
    private readonly takeBackBelow = TAKE_BACK_BELOW,
  ) {}

  /**
   * Starts the helper early (its start overlaps the reading) when the plain files are large, and
   * waits for its first line without blocking (a helper that dies first is known at once).
   */
  async prestart(module: PolicyModule, files: readonly string[]): Promise<void> {
    if (this.mode === 'one' || files.length === 0) return;
    if (this.mode === 'two') return this.startEarly(module);
    if (plainBytes(files) < AUTO_BYTES) return;
    const home = regoResultsHome();
    // Linted before, its Rego results are most likely stored (cache/linted-inputs.ts): no helper until some miss.
    if (home && lintedBefore(home, files)) this.late = true;
    else await this.startEarly(module);
  }

  /**
   * Whether a batch of `resources` that would get the helper (auto) waits for it until its chunks
   * are looked up in the Rego results store: the helper is started only when enough of them miss
   * (engine/rego.ts). True on a large plain input linted before, while no helper runs.
   */
  startsLate(resources: number): boolean {
    return this.late && this.mode === 'auto' && resources >= AUTO_RESOURCES && !this.helper?.alive;
  }

  /** Starts the helper, if `batches` (their resource counts) will want one, before the checks (as prestart). */
  async prepare(module: PolicyModule, batches: readonly number[]): Promise<void> {
    if ((this.helper && this.helper.module === compiledNow(module)) || this.mode === 'one' || this.late || batches.length === 0) return;
    if (this.mode === 'two' || batches.some((resources) => resources >= AUTO_RESOURCES)) await this.startEarly(module);
  }

  /** The helper for a batch of `resources` evaluated with `module`, if this run uses one. */
  helperFor(module: PolicyModule, resources: number): RegoHelper | undefined {
    const wanted = this.mode === 'two' || (this.mode === 'auto' && resources >= AUTO_RESOURCES);
    if (!this.helper && !wanted) return undefined; // nothing compiled for no helper
    let helper = this.helper?.module === compiledNow(module) ? this.helper : undefined;
    if (!helper && wanted) {
      helper = this.start(compiledNow(module));
      // Started here, where no event can come through: a helper that dies first costs BOOT_WAIT_MS.
      if (helper && runFlags().length > 0) helper.waitBooted(BOOT_WAIT_MS);
    }
    // Forced, the helper is waited for (so it takes part, deterministically); in auto it joins when ready.
    if (helper && this.mode === 'two') helper.waitReady(READY_WAIT_MS);
    return helper?.alive ? helper : undefined;
  }

  /** Whether the main thread takes back chunks handed over early for a batch this large. */
  takeBack(resources: number): boolean {
    return resources < this.takeBackBelow;
  }

  /** Stops the helper; true when there was one (its isolate and wasm memory go). */
  close(): boolean {
    const helper = this.helper;
    this.helped += helper?.helped ?? 0;
    helper?.close();
    this.helper = undefined;
    return helper !== undefined;
  }

  private start(module: WebAssembly.Module): RegoHelper | undefined {
    if (!existsSync(this.workerFile)) return undefined; // source checkout before `npm run build`: one thread
    this.close();
    try {
      this.helper = new RegoHelper(module, this.workerFile);
    } catch {
      return undefined; // no thread to be had (e.g. out of resources): one thread does it all
    }
    return this.helper;
  }

  private async startEarly(module: PolicyModule): Promise<void> {
    const helper = this.start(compiledNow(module));
    // A large run's young generation cap (cli/young-generation.ts) must not lapse while the main thread allocates.
    if (helper && runFlags().length > 0) await helper.whenBooted(BOOT_WAIT_MS);
  }
}

function plainBytes(files: readonly string[]): number {
  let total = 0;
  for (const file of files) {
    try {
      total += statSync(file).size;
    } catch {
      // unreadable: reading reports it
    }
    if (total >= AUTO_BYTES) break;
  }
  return total;
}

let current: Threads | undefined;

/** The running lint's thread plan (checks are synchronous and know nothing of runs). */
export function currentThreads(): Threads | undefined {
  return current;
}

/** Runs `body` with `threads` as the current plan, closing the helper after. */
export function withThreads<T>(threads: Threads, body: () => T): T {
  const outer = current;
  current = threads;
  try {
    return body();
  } finally {
    current = outer;
    threads.close();
  }
}
