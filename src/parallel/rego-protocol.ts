// What the main thread and the Rego helper thread say to each other (rego-helper.ts, rego-worker.ts).
import type { MessagePort } from 'node:worker_threads';

/** A chunk's state cell (Int32Array over a SharedArrayBuffer): whoever claims it first evaluates it. */
export const CHUNK = { queued: 0, worker: 1, done: 2, main: 3 } as const;

/** Cells of HelperData.flags. */
export const FLAG = { dead: 0, ready: 1, booted: 2 } as const;

/** Given to the worker once, at start. */
export interface HelperData {
  module: WebAssembly.Module;
  /** Results go back on this port, which the main thread reads synchronously. */
  results: MessagePort;
  /** SharedArrayBuffer of three Int32 flags: FLAG.dead (set as the worker exits), FLAG.ready, FLAG.booted (run flags set again). */
  flags: SharedArrayBuffer;
  /** The helper's own code (a file: URL), imported by rego-helper.ts's start-up code. */
  file: string;
  /** The main thread's run flags (shared/v8-flags.ts runFlags), set again once the worker's heap is up. */
  v8Flags: string[];
}

/** Main → worker: one chunk's input JSON (a copy: the main thread keeps its own, to take it back). */
export interface ChunkMessage {
  run: number;
  index: number;
  /** The run's state cells, one per chunk. */
  state: SharedArrayBuffer;
  input: Uint8Array;
  entrypoint: string;
}

/** Worker → main: the SDK's result set, or the evaluation's error message. */
export interface ResultMessage {
  run: number;
  index: number;
  resultSet?: unknown;
  error?: string;
  /** How long the evaluation took on the helper (its pace sets how long the main thread waits for one). */
  ms: number;
}
