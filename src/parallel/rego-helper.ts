// A second thread for the Rego evaluation of large batches. The built-in policy is evaluated one
// namespace chunk at a time (engine/rego.ts namespaceChunks), and chunks are independent, so the
// main thread offers a chunk to the helper whenever the helper has nothing waiting and evaluates
// the rest itself. The API stays synchronous (checks are): results come back on a MessagePort read
// with receiveMessageOnPort, and the main thread blocks with Atomics.wait only for the chunk the
// helper is evaluating at the end. Each chunk has a state cell both threads claim with
// compareExchange: a chunk the helper has not started yet is taken back, and a helper that exits
// (crash, terminate) leaves its chunk to the main thread, which kept the input. So the outcome of
// every chunk is the one thread's, whatever the helper does.
//
// Inputs cross as copies of their JSON bytes (a few hundred KB per chunk), results as the SDK's
// result set (small): no large object graph is structured-cloned (what sank issue #9's workers).
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { CHUNK, FLAG, type ChunkMessage, type HelperData, type ResultMessage } from './rego-protocol.js';

export type Outcome = { resultSet: unknown } | { error: string };

/** How long the main thread sleeps between looks at a dead helper while waiting for its chunk. */
const WAIT_MS = 100;

/**
 * The worker's first code, before the helper's own file loads: it marks the helper dead in the
 * shared flags on any exit, a file that cannot load included. The main thread may be blocked in
 * Atomics.wait (waitReady, evaluate), where the Worker's 'error' and 'exit' events cannot reach it:
 * without this a helper whose file failed to load was waited for until waitReady's deadline.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
const flags = new Int32Array(workerData.flags);
const dead = () => { Atomics.store(flags, ${FLAG.dead}, 1); Atomics.notify(flags, ${FLAG.ready}); };
process.on('exit', dead);
import(workerData.file).catch((error) => { dead(); throw error; });
`;

export class RegoHelper {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flags = new Int32Array(new SharedArrayBuffer(8));
  private runs = 0;
  private closed = false;
  /** Chunks the helper evaluated, over all runs (for tests and benchmarks). */
  helped = 0;

  constructor(
    readonly module: WebAssembly.Module,
    workerFile: string,
  ) {
    const { port1, port2 } = new MessageChannel();
    const data: HelperData = { module, results: port2, flags: this.flags.buffer as SharedArrayBuffer, file: pathToFileURL(workerFile).href };
    this.worker = new Worker(BOOT, { eval: true, workerData: data, transferList: [port2], stdout: true, stderr: true });
    // A worker that fails to load or throws is only a helper lost; the main thread does its share.
    this.worker.on('error', () => this.markDead());
    this.worker.on('exit', () => this.markDead());
    this.worker.unref();
    this.port = port1;
    this.port.unref();
  }

  get alive(): boolean {
    return !this.closed && Atomics.load(this.flags, FLAG.dead) === 0;
  }

  /**
   * Blocks until the helper can take chunks, at most `ms` (false if it cannot by then). Only for
   * runs that want the helper whatever it costs (KUBELINT_THREADS=2: tests, output-diff).
   */
  waitReady(ms: number): boolean {
    const until = Date.now() + ms;
    while (this.alive && Atomics.load(this.flags, FLAG.ready) === 0 && Date.now() < until) Atomics.wait(this.flags, FLAG.ready, 0, WAIT_MS);
    return this.alive && Atomics.load(this.flags, FLAG.ready) === 1;
  }

  /**
   * The outcome of every chunk, in chunk order. `encode(i)` is chunk i's input JSON, `local` the
   * main thread's evaluation (it may throw: its message is the outcome).
   */
  evaluate(count: number, encode: (index: number) => Uint8Array, entrypoint: string, local: (input: Uint8Array) => unknown): Outcome[] {
    const run = ++this.runs;
    const stateBuffer = new SharedArrayBuffer(4 * count);
    const state = new Int32Array(stateBuffer).fill(CHUNK.main);
    const inputs: Array<Uint8Array | undefined> = [];
    const outcomes: Array<Outcome | undefined> = new Array(count);
    const here = (index: number) => {
      try {
        outcomes[index] = { resultSet: local(inputs[index]!) };
      } catch (error) {
        outcomes[index] = { error: error instanceof Error ? error.message : String(error) };
      }
      inputs[index] = undefined;
    };
    let offered = -1;
    for (let index = 0; index < count; index++) {
      inputs[index] = encode(index);
      // Offer a chunk only when the helper has none waiting: it never holds more than one in hand
      // and one queued, so the tail it leaves the main thread to wait for stays short.
      if (this.alive && (offered < 0 || Atomics.load(state, offered) !== CHUNK.queued)) {
        Atomics.store(state, index, CHUNK.queued);
        const message: ChunkMessage = { run, index, state: stateBuffer, input: inputs[index]!, entrypoint };
        this.worker.postMessage(message);
        offered = index;
      } else {
        here(index);
      }
      this.collect(run, outcomes, inputs);
    }
    // The tail: take back what the helper has not started, then wait for what it has.
    for (let index = 0; index < count; index++) {
      if (outcomes[index] === undefined && Atomics.compareExchange(state, index, CHUNK.queued, CHUNK.main) === CHUNK.queued) here(index);
    }
    for (let index = 0; index < count; index++) {
      while (outcomes[index] === undefined && Atomics.load(state, index) === CHUNK.worker && this.alive) Atomics.wait(state, index, CHUNK.worker, WAIT_MS);
      this.collect(run, outcomes, inputs);
      // The helper died with this chunk in hand: its input is still here.
      if (outcomes[index] === undefined) here(index);
    }
    return outcomes as Outcome[];
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
  }

  /** Reads every result the helper has sent so far, without waiting. */
  private collect(run: number, outcomes: Array<Outcome | undefined>, inputs: Array<Uint8Array | undefined>): void {
    for (let received = receiveMessageOnPort(this.port); received; received = receiveMessageOnPort(this.port)) {
      const reply = received.message as ResultMessage;
      if (reply.run !== run) continue; // a late reply of an earlier run the main thread finished alone
      outcomes[reply.index] = reply.error === undefined ? { resultSet: reply.resultSet } : { error: reply.error };
      inputs[reply.index] = undefined;
      this.helped++;
    }
  }
}
