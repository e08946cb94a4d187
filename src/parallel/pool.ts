// A fixed set of parse workers. Files are handed out as workers free up (two in flight each, so a
// worker never waits on the main thread); each worker keeps what it parsed, so later requests about
// a file go to the worker that owns it. A worker that fails or dies fails the whole run with a
// clear error: every pending and later request rejects, nothing waits forever.
import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/types.js';
import type { FromWorker, LocateRequest, ToWorker, WireFile } from './protocol.js';
import type { SourceRange } from '../types.js';

type Reply = FromWorker;

interface Slot {
  worker: Worker;
  /** Resolvers for this worker's replies, in the order the requests were sent. */
  pending: Array<{ resolve: (reply: Reply) => void; reject: (error: Error) => void }>;
}

/** Where the worker entry is: beside the bundle, beside dist/parallel, or (from src, in tests) in dist/. */
export function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.mjs')) return new URL('./kubelint-worker.mjs', here);
  if (here.endsWith('.ts')) return new URL('../../dist/parallel/worker.js', here);
  return new URL('./worker.js', here);
}

export class WorkerPool {
  private readonly slots: Slot[];
  private failure: Error | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Which worker parsed each file (by file index). */
  private readonly owners: number[] = [];

  constructor(size: number, workerUrl: URL = defaultWorkerUrl()) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`worker pool: size must be a positive integer, got ${size}`);
    this.slots = Array.from({ length: size }, (_, i) => this.start(i, workerUrl));
  }

  get size(): number {
    return this.slots.length;
  }

  private start(index: number, url: URL): Slot {
    const worker = new Worker(url);
    const slot: Slot = { worker, pending: [] };
    worker.on('message', (reply: Reply) => {
      if (reply.t === 'fail') return this.fail(new Error(`parse worker ${index + 1}: ${reply.message}`));
      slot.pending.shift()?.resolve(reply);
    });
    worker.on('error', (error) => this.fail(new Error(`parse worker ${index + 1} crashed: ${error.message}`)));
    worker.on('exit', (code) => {
      // Any exit before close() is a failure, even code 0 while idle: the worker holds parsed files
      // later requests need, and a message posted to a dead worker is never answered.
      if (this.closed && slot.pending.length === 0) return;
      const when = slot.pending.length > 0 ? 'before it answered' : 'while the run still needed it';
      this.fail(new Error(`parse worker ${index + 1} exited (code ${code}) ${when}`));
    });
    return slot;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const slot of this.slots) {
      for (const p of slot.pending.splice(0)) p.reject(this.failure);
    }
    void this.close();
  }

  private request(slot: Slot, message: ToWorker): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      slot.pending.push({ resolve, reject });
      slot.worker.postMessage(message);
    });
  }

  /** Sends each worker its settings; the first parse waits for them anyway (messages are ordered). */
  init(cwd: string, config: ResolvedConfig): void {
    for (const slot of this.slots) {
      this.request(slot, { t: 'init', cwd, config }).catch(() => undefined); // failures reach every later request
    }
  }

  /** Parses every file; results come back in the order of `files`. */
  async parse(files: readonly string[]): Promise<WireFile[]> {
    const results: WireFile[] = new Array(files.length);
    let next = 0;
    const feed = async (slotIndex: number): Promise<void> => {
      while (next < files.length) {
        const file = next++;
        this.owners[file] = slotIndex;
        const reply = await this.request(this.slots[slotIndex]!, { t: 'parse', file, path: files[file]! });
        if (reply.t !== 'parsed' || reply.file !== file) throw new Error(`parse worker ${slotIndex + 1}: unexpected reply ${reply.t}`);
        results[file] = reply.result;
      }
    };
    // Two feeders per worker: one file parses while the next one's request is already queued.
    await Promise.all(this.slots.flatMap((_, i) => [feed(i), feed(i)]));
    return results;
  }

  /** Each worker locates the violations it found (call after parse; runs while this thread checks). */
  async ownRanges(): Promise<Array<LocateRequest & { range: SourceRange | null }>> {
    const replies = await Promise.all(this.slots.map((slot) => this.request(slot, { t: 'own-ranges' })));
    return replies.flatMap((reply) => {
      if (reply.t !== 'own-ranges') throw new Error(`parse worker: unexpected reply ${reply.t} to own-ranges`);
      return reply.located;
    });
  }

  /** Ranges for paths inside parsed files, asked of each file's owner; null where nothing was found. */
  async locate(requests: readonly LocateRequest[]): Promise<Array<SourceRange | null>> {
    const bySlot = this.slots.map(() => [] as number[]);
    requests.forEach((r, i) => bySlot[this.owners[r.file] ?? 0]!.push(i));
    const out: Array<SourceRange | null> = new Array(requests.length).fill(null);
    await Promise.all(
      bySlot.map(async (indexes, s) => {
        if (indexes.length === 0) return;
        const reply = await this.request(this.slots[s]!, { t: 'locate', requests: indexes.map((i) => requests[i]!) });
        if (reply.t !== 'located') throw new Error(`parse worker ${s + 1}: unexpected reply ${reply.t} to locate`);
        indexes.forEach((i, k) => (out[i] = reply.ranges[k] ?? null));
      }),
    );
    return out;
  }

  /** Stops every worker; callable any number of times, each call waits for the termination. */
  close(): Promise<void> {
    this.closed = true;
    // Shared, so a close() after fail() (which already started closing) still waits for it.
    this.closing ??= Promise.all(this.slots.map((s) => s.worker.terminate())).then(() => undefined);
    return this.closing;
  }
}
