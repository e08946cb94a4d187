// A second thread for the Rego evaluation of large batches. The built-in policy is evaluated one
// namespace chunk at a time (engine/rego.ts namespaceChunks), and chunks are independent, so the
// main thread hands half of a batch's chunks to the helper (begin), may do other work (the other
// checks, engine.ts Check.start), then joins (finish): it takes back chunks the helper has not
// started, from the last one down, while the helper goes on from the first (or, for a large batch,
// feeds it the rest and waits). The API stays
// synchronous (checks are): results come back on a MessagePort read with receiveMessageOnPort, and
// the main thread blocks with Atomics.wait only for chunks in the helper's hands. Each chunk has a
// state cell both threads claim with compareExchange, and a helper that exits (crash, terminate)
// leaves its chunks to the main thread, which encodes them again. A helper can also end without a
// word (out of heap: Node runs none of its exit handlers) or hang: the main thread, blocked where
// the Worker's events cannot reach it, gives a helper that owes it a chunk as long as the chunks'
// pace so far says that chunk needs (STALL_FACTOR times, STALL_FLOOR_MS at least), then stops it
// and does the rest itself. Outcomes are deterministic, so the one that did a chunk does not
// matter, and the outcome of every chunk is the one thread's, whatever the helper does.
//
// Inputs cross as their JSON bytes, moved (a few hundred KB per chunk), results as the SDK's result
// set (small): no large object graph is structured-cloned (what sank issue #9's workers).
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { restoreRunFlags, runFlags } from '../shared/v8-flags.js';
import { CHUNK, FLAG, type ChunkMessage, type HelperData, type ResultMessage } from './rego-protocol.js';

export type Outcome = { resultSet: unknown } | { error: string };

/**
 * Results kept between runs (engine/rego-memo.ts), for `begin`: a chunk an earlier run evaluated is
 * neither handed over nor evaluated again. Without it, a run with the helper (10,000 resources)
 * evaluated every chunk even when each one's results were stored, and stored none.
 */
export interface ChunkStore {
  /** The result set stored for chunk `index`, whose input is `input`, or undefined (then it is evaluated). */
  stored(index: number, input: Uint8Array): unknown;
  /** Chunk `index` was evaluated, on either thread, to `resultSet` (not called for a failed evaluation). */
  keep(index: number, resultSet: unknown): void;
}

/** One batch's chunks, handed to the helper by `begin` and `finish`. */
export interface HelperRun {
  readonly run: number;
  readonly stateBuffer: SharedArrayBuffer;
  /** One cell per chunk (CHUNK): whoever claims a queued chunk first evaluates it. */
  readonly state: Int32Array;
  readonly encode: (index: number) => Uint8Array;
  /** Chunks never handed over: the main thread evaluates them last, after stopping the helper (finish). */
  readonly alone: (index: number) => boolean;
  /** Where the chunks' stored results are looked up and new ones kept; none: every chunk is evaluated. */
  readonly store: ChunkStore | undefined;
  readonly entrypoint: string;
  readonly outcomes: Array<Outcome | undefined>;
  /** Each chunk's input bytes, once encoded (the helper's time for it is judged by them). */
  readonly sizes: number[];
  /** Chunks below this index were handed over (or done by the main thread before). */
  posted: number;
}

/** How long the main thread sleeps between looks at a dead helper while waiting for its chunk. */
const WAIT_MS = 100;

/**
 * A helper that owes the main thread a chunk and shows no progress (no reply, no chunk claimed)
 * for STALL_FACTOR times what that chunk should take at the slowest pace seen (ms per input byte,
 * either thread's chunks), and at least STALL_FLOOR_MS, is taken for dead. Chunks of 400
 * resources take ~40-100 ms; a wrong guess (a machine far busier than the chunks before showed)
 * costs the chunk done twice, never a different report.
 */
export const STALL_FACTOR = 10;
export const STALL_FLOOR_MS = 1000;
/**
 * The pace assumed before any chunk was timed, ms per byte: at 10,000 resources (load 3-4) chunks
 * of ~400 KB took 30-325 ns a byte, a first small one ~600 (the helper's first, warming up).
 */
const FIRST_PACE = 0.0005;

/**
 * The worker's first code, before the helper's own file loads: it marks the helper dead in the
 * shared flags on any exit, a file that cannot load included. The main thread may be blocked in
 * Atomics.wait (waitReady, evaluate), where the Worker's 'error' and 'exit' events cannot reach it:
 * without this a helper whose file failed to load was waited for until waitReady's deadline.
 * `import (` has a space: the CLI bundle routes every `import(` of its text through boot.cjs
 * (scripts/bundle.mjs routeDynamicImports), this string included, and the worker has no such hook:
 * written `import(`, the bundled CLI's helper died at once with a ReferenceError (a run on one thread).
 * Its first line sets the main thread's run flags again: V8 sets --semi-space-growth-factor back to
 * at least 2, process-wide, as the worker's heap is set up, and the main thread's young generation
 * (kept at 1-2 MiB per semi-space for large runs, cli/young-generation.ts) then grew to 2 x 16 MiB.
 * A run with such flags waits for this line (whenBooted, waitBooted) before it goes on allocating.
 * A worker can die before this line (a --require preload that throws in workers): then the main
 * thread sets its flags again itself, as soon as it learns of the death (restoreRunFlags).
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
const flags = new Int32Array(workerData.flags);
const dead = () => { Atomics.store(flags, ${FLAG.dead}, 1); Atomics.notify(flags, ${FLAG.ready}); Atomics.notify(flags, ${FLAG.booted}); };
process.on('exit', dead);
for (const flag of workerData.v8Flags) require('node:v8').setFlagsFromString(flag);
Atomics.store(flags, ${FLAG.booted}, 1);
Atomics.notify(flags, ${FLAG.booted});
import (workerData.file).catch((error) => { dead(); throw error; });
`;

export class RegoHelper {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flags = new Int32Array(new SharedArrayBuffer(12));
  private runs = 0;
  private closed = false;
  /** The slowest evaluation pace seen, ms per input byte (0: none timed yet). */
  private pace = 0;
  /** Settled by the Worker's 'exit' event (seen only while the main thread's event loop turns). */
  private readonly exited: Promise<void>;
  /** Chunks the helper evaluated, over all runs (for tests and benchmarks). */
  helped = 0;

  /** `stallFloorMs`: STALL_FLOOR_MS (tests give a shorter one). */
  constructor(
    readonly module: WebAssembly.Module,
    workerFile: string,
    private readonly stallFloorMs = STALL_FLOOR_MS,
  ) {
    const { port1, port2 } = new MessageChannel();
    const data: HelperData = { module, results: port2, flags: this.flags.buffer as SharedArrayBuffer, file: pathToFileURL(workerFile).href, v8Flags: runFlags() };
    this.worker = new Worker(BOOT, { eval: true, workerData: data, transferList: [port2], stdout: true, stderr: true });
    // A worker that fails to load or throws is only a helper lost; the main thread does its share.
    let exit = () => {};
    this.exited = new Promise((resolve) => (exit = resolve));
    this.worker.on('error', () => this.markDead());
    this.worker.on('exit', () => {
      this.markDead();
      exit();
    });
    this.worker.unref();
    this.port = port1;
    this.port.unref();
  }

  get alive(): boolean {
    return !this.closed && Atomics.load(this.flags, FLAG.dead) === 0;
  }

  /** Alive and evaluating chunks (its start-up done). */
  get ready(): boolean {
    return this.alive && Atomics.load(this.flags, FLAG.ready) === 1;
  }

  /**
   * Blocks until the helper can take chunks, at most `ms` (false if it cannot by then). Only for
   * runs that want the helper whatever it costs (KUBELINT_THREADS=2: tests, output-diff).
   */
  waitReady(ms: number): boolean {
    const until = Date.now() + ms;
    while (this.alive && Atomics.load(this.flags, FLAG.ready) === 0 && Date.now() < until) Atomics.wait(this.flags, FLAG.ready, 0, WAIT_MS);
    return this.ready;
  }

  /**
   * Blocks until the worker has set the main thread's run flags again (BOOT), at most `ms`: V8
   * resets one as the worker's heap is set up, and the main thread's young generation grows while
   * it is reset. The worker's isolate and Node's start-up come first (~20-40 ms of its own thread).
   * Blocked, the main thread cannot see a worker that died before BOOT: it waits `ms`, then sets
   * the flags itself. Runs that can wait without blocking use whenBooted.
   */
  waitBooted(ms: number): boolean {
    const until = Date.now() + ms;
    while (this.alive && !this.booted && Date.now() < until) Atomics.wait(this.flags, FLAG.booted, 0, WAIT_MS);
    if (!this.booted) restoreRunFlags();
    return this.booted;
  }

  /** waitBooted without blocking: the Worker's 'exit' event comes through, so a death before BOOT ends the wait at once. */
  async whenBooted(ms: number): Promise<boolean> {
    if (this.alive && !this.booted) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))); // keeps the event loop turning
      await Promise.race([waitAsync(this.flags, FLAG.booted, 0, ms), this.exited, timeout]);
      clearTimeout(timer);
    }
    if (!this.booted) restoreRunFlags();
    return this.booted;
  }

  private get booted(): boolean {
    return Atomics.load(this.flags, FLAG.booted) === 1;
  }

  /**
   * Hands the first half of the chunks to the helper (it takes them from the first; the rest follow
   * in `finish`, so that not every chunk's input is held at once). `encode(i)` must give a new
   * array each time: it is moved to the helper, and called again for a chunk taken back. The main
   * thread may do other work before `finish`. Chunks `alone` says are never handed over (see finish).
   * A chunk `store` holds is taken from it as it would be handed over or evaluated, and is neither.
   */
  begin(count: number, encode: (index: number) => Uint8Array, entrypoint: string, alone: (index: number) => boolean = () => false, store?: ChunkStore): HelperRun {
    const stateBuffer = new SharedArrayBuffer(4 * count);
    const begun: HelperRun = { run: ++this.runs, stateBuffer, state: new Int32Array(stateBuffer).fill(CHUNK.main), encode, alone, store, entrypoint, outcomes: new Array(count), sizes: new Array(count).fill(0), posted: 0 };
    this.post(begun, Math.ceil(count / 2));
    return begun;
  }

  /**
   * The outcome of every chunk of `begun`, in chunk order; `local` is the main thread's evaluation
   * (it may throw: its message is the outcome). With `takeBack` the main thread evaluates the chunks
   * the helper has not started, from the last one down, while the helper goes on from the first;
   * without it (large batches: a second grown wasm memory, ~30 MiB, is what the memory target cannot
   * afford) it feeds a ready helper the rest a few at a time and waits, evaluating only what a
   * helper that is not ready or dies leaves. `idle` is work for the waits for the helper (the
   * findings of chunks back so far located, prelocate.ts): called before each wait, it does a
   * little and says whether it did any (then the chunk is looked at again before waiting); the
   * time it takes is not counted against the helper's patience (it is the main thread's time).
   * The `alone` chunks (begin) come last: once every other chunk is back the helper is stopped, its
   * isolate and wasm memory freed, and the main thread evaluates them. A large namespace's
   * cross-resource evaluations grow a wasm memory by up to ~47 MiB (plain-onens 10,000): on the
   * helper, that memory came on top of the helper's isolate and of the main thread's heap, which
   * nothing collected while it waited (BENCHMARKS.md, round 10, r10ns). The helper is not restarted.
   */
  finish(begun: HelperRun, local: (input: Uint8Array) => unknown, takeBack: boolean, idle?: () => boolean): Outcome[] {
    const { state, outcomes, alone } = begun;
    const here = (index: number) => {
      const input = begun.encode(index);
      if (this.fromStore(begun, index, input)) return;
      const start = performance.now();
      let resultSet: unknown;
      try {
        resultSet = local(input);
      } catch (error) {
        outcomes[index] = { error: error instanceof Error ? error.message : String(error) };
        return;
      } finally {
        this.timed(performance.now() - start, input.length);
      }
      outcomes[index] = { resultSet };
      begun.store?.keep(index, resultSet);
    };
    const claim = (index: number) => Atomics.compareExchange(state, index, CHUNK.queued, CHUNK.main) === CHUNK.queued;
    if (takeBack || !this.ready) {
      for (let index = outcomes.length - 1; index >= 0; index--) {
        this.collect(begun);
        if (outcomes[index] !== undefined || alone(index)) continue;
        if (Atomics.load(state, index) === CHUNK.main || claim(index)) here(index);
        else break; // the helper has reached this chunk: it took every one before it
      }
    }
    for (let index = 0; index < outcomes.length; index++) {
      if (alone(index)) continue;
      let seen: number = CHUNK.main;
      let progress = performance.now();
      for (;;) {
        if (this.collect(begun) > 0) progress = performance.now();
        if (this.ready) this.post(begun, index + 3); // this one, and two queued behind it
        const cell = Atomics.load(state, index);
        if (outcomes[index] !== undefined || cell === CHUNK.main || !this.alive) break;
        if (cell === CHUNK.queued && !this.ready && claim(index)) break;
        if (cell !== seen) [seen, progress] = [cell, performance.now()];
        if (performance.now() - progress > this.patience(begun.sizes[index]!)) {
          this.close(); // stopped: a hung helper's thread, and any late reply, go with it
          break;
        }
        if (idle) {
          const before = performance.now();
          const did = idle();
          progress += performance.now() - before; // the main thread's own time, not the helper's
          if (did) continue;
        }
        Atomics.wait(state, index, cell, WAIT_MS);
      }
      // Never handed over, taken back, or the helper died (or stalled) before or while evaluating it.
      if (outcomes[index] === undefined && (Atomics.load(state, index) !== CHUNK.queued || claim(index) || !this.alive)) here(index);
    }
    for (let index = 0; index < outcomes.length; index++) {
      if (!alone(index)) continue;
      this.close();
      here(index);
    }
    return outcomes as Outcome[];
  }

  /** begin and finish at once, the main thread taking back chunks (tests). */
  evaluate(count: number, encode: (index: number) => Uint8Array, entrypoint: string, local: (input: Uint8Array) => unknown): Outcome[] {
    return this.finish(this.begin(count, encode, entrypoint), local, true);
  }

  /** Hands over the chunks from `begun.posted` up to `upTo` (not included) that have no outcome yet. */
  private post(begun: HelperRun, upTo: number): void {
    const { run, stateBuffer, state, outcomes, entrypoint } = begun;
    for (; begun.posted < Math.min(upTo, outcomes.length) && this.alive; begun.posted++) {
      const index = begun.posted;
      if (outcomes[index] !== undefined || begun.alone(index)) continue;
      const input = begun.encode(index);
      if (this.fromStore(begun, index, input)) continue;
      begun.sizes[index] = input.length;
      Atomics.store(state, index, CHUNK.queued);
      const message: ChunkMessage = { run, index, state: stateBuffer, input, entrypoint };
      // Moved, not copied: the main thread encodes a chunk again if it has to take it back.
      this.worker.postMessage(message, [input.buffer as ArrayBuffer]);
    }
  }

  /** Whether chunk `index` (its input `input`) was stored: then its outcome is the stored result set. */
  private fromStore(begun: HelperRun, index: number, input: Uint8Array): boolean {
    const resultSet = begun.store?.stored(index, input);
    if (resultSet === undefined) return false;
    begun.outcomes[index] = { resultSet };
    return true;
  }

  /** Stops the helper thread (its chunks of a later run would be taken back anyway). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }

  private markDead(): void {
    Atomics.store(this.flags, FLAG.dead, 1);
    if (!this.booted) restoreRunFlags(); // its heap's set-up may have reset them, and its BOOT line never ran
  }

  /** How long a chunk of `bytes` may go without a sign of progress before its helper is taken for dead. */
  private patience(bytes: number): number {
    return Math.max(this.stallFloorMs, STALL_FACTOR * bytes * (this.pace || FIRST_PACE));
  }

  private timed(ms: number, bytes: number): void {
    if (bytes > 0) this.pace = Math.max(this.pace, ms / bytes);
  }

  /** Reads every result the helper has sent so far, without waiting; how many were this run's. */
  private collect(begun: HelperRun): number {
    let count = 0;
    if (this.closed) return count; // a stopped helper's late replies are not waited for, nor read
    for (let received = receiveMessageOnPort(this.port); received; received = receiveMessageOnPort(this.port)) {
      const reply = received.message as ResultMessage;
      if (reply.run !== begun.run) continue; // a late reply of an earlier run the main thread finished alone
      begun.outcomes[reply.index] = reply.error === undefined ? { resultSet: reply.resultSet } : { error: reply.error };
      if (reply.error === undefined) begun.store?.keep(reply.index, reply.resultSet);
      this.timed(reply.ms, begun.sizes[reply.index]!);
      this.helped++;
      count++;
    }
    return count;
  }
}

type WaitAsync = (cells: Int32Array, index: number, value: number, ms: number) => { value: unknown };
/** Atomics.waitAsync (Node 16+; TypeScript's ES2022 library does not declare it): settles when the cell is notified or at `ms`. */
function waitAsync(cells: Int32Array, index: number, value: number, ms: number): unknown {
  return (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(cells, index, value, ms).value;
}
