// The sync loop: takes the oldest readings from the outbox, sends them in batches, and decides
// per outcome — remove, back off and resend, split a rejected batch, or dead-letter one reading.
import { fullJitterDelay, type BackoffPolicy } from './backoff.js';
import type { Logger } from './log.js';
import type { AgentMetrics } from './metrics.js';
import type { Outbox, OutboxEntry } from './outbox.js';
import type { Reading } from './reading.js';
import { sendBatch, type SendOptions, type SendOutcome } from './sender.js';

export interface SyncerOptions {
  apiUrl: URL;
  apiToken?: string;
  batchSize: number;
  requestTimeoutMs: number;
  backoff: BackoffPolicy;
  retryAfterMaxMs: number;
  idlePollMs: number;
}

export interface SyncerDeps {
  outbox: Outbox;
  metrics: AgentMetrics;
  logger: Logger;
  random?: () => number;
  send?: (readings: readonly Reading[], options: SendOptions) => Promise<SendOutcome>;
}

type Failure = Exclude<SendOutcome, { kind: 'delivered' }>;

export class Syncer {
  private stopping = false;
  private readonly shutdown = new AbortController();
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  /** Consecutive failed rounds; drives the backoff window. */
  private failures = 0;

  constructor(private readonly options: SyncerOptions, private readonly deps: SyncerDeps) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** New readings arrived: skip the idle wait (never interrupts a backoff). */
  wake(): void {
    this.wakeUp?.();
  }

  /** Takes no new batch; lets the request in flight finish for up to graceMs, then aborts it. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    if (!this.loop) return;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      this.loop.then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), graceMs); }),
    ]);
    clearTimeout(timer);
    if (!finished) {
      this.deps.logger.warn('aborting in-flight send at shutdown; its readings stay in the outbox', { graceMs });
      this.shutdown.abort();
      await this.loop;
    }
  }

  private async run(): Promise<void> {
    const { outbox, logger } = this.deps;
    while (!this.stopping) {
      let entries: OutboxEntry[];
      try {
        entries = await outbox.peek(this.options.batchSize);
      } catch (err) {
        logger.error('cannot read the outbox', { error: err });
        await this.pause(this.backoffDelay());
        continue;
      }
      if (entries.length === 0) {
        await this.idle(this.options.idlePollMs);
        continue;
      }
      const failure = await this.deliver(entries);
      if (!failure) {
        this.failures = 0;
        continue;
      }
      if (failure.kind === 'aborted') break;
      await this.pause(this.delayAfter(failure));
    }
  }

  /** Sends entries; a rejected batch is halved until the bad readings stand alone. */
  private async deliver(entries: OutboxEntry[]): Promise<Failure | undefined> {
    const { outbox, metrics, logger } = this.deps;
    const send = this.deps.send ?? sendBatch;
    metrics.sendAttempts += 1;
    const outcome = await send(entries.map((e) => e.reading), {
      apiUrl: this.options.apiUrl,
      apiToken: this.options.apiToken,
      timeoutMs: this.options.requestTimeoutMs,
      signal: this.shutdown.signal,
    });
    switch (outcome.kind) {
      case 'delivered':
        try {
          await outbox.remove(entries);
        } catch (err) {
          // Delivered but still on disk: it will be resent, and the API drops it by its key.
          logger.error('delivered readings could not be removed from the outbox', { error: err, count: entries.length });
          return { kind: 'retry', reason: 'http', detail: 'outbox removal failed' };
        }
        metrics.readingsDelivered += entries.length;
        metrics.lastSuccessSeconds = Math.floor(Date.now() / 1000);
        logger.info('batch delivered', { count: entries.length, status: outcome.status, pending: outbox.depth });
        return undefined;
      case 'rejected':
        metrics.sendFailures.rejected += 1;
        if (entries.length > 1) {
          const middle = Math.ceil(entries.length / 2);
          logger.warn('batch rejected; splitting to isolate the bad readings', { status: outcome.status, count: entries.length });
          return (await this.deliver(entries.slice(0, middle))) ?? (await this.deliver(entries.slice(middle)));
        }
        try {
          await outbox.deadLetter(entries, { reason: 'rejected by central API', status: outcome.status, detail: outcome.detail });
        } catch (err) {
          logger.error('cannot move a rejected reading to the dead-letter folder', { error: err });
          return { kind: 'retry', reason: 'http', detail: 'dead-letter write failed' };
        }
        metrics.deadLettered += 1;
        logger.error('reading rejected permanently; moved to dead letters', {
          key: entries[0]?.reading.idempotency_key, status: outcome.status, detail: outcome.detail,
        });
        return undefined;
      case 'blocked':
        metrics.sendFailures.blocked += 1;
        logger.error('central API refuses the agent (check API_URL / API_TOKEN); readings kept', {
          status: outcome.status, detail: outcome.detail, pending: outbox.depth,
        });
        return outcome;
      case 'retry':
        metrics.sendFailures[outcome.reason] += 1;
        logger.warn('send failed; will retry', {
          reason: outcome.reason, status: outcome.status, detail: outcome.detail, pending: outbox.depth,
        });
        return outcome;
      case 'aborted':
        return outcome;
    }
  }

  private delayAfter(failure: Failure): number {
    if (failure.kind === 'retry' && failure.retryAfterMs !== undefined) {
      // Retry-After only lengthens the wait: `0` or a past date must not remove the jittered
      // backoff (it once gave 150+ POSTs in 8 s), and BACKOFF_BASE_MS is the floor.
      const waited = Math.max(failure.retryAfterMs, this.backoffDelay());
      return Math.max(this.options.backoff.baseMs, Math.min(waited, this.options.retryAfterMaxMs));
    }
    // A misconfiguration will not heal in milliseconds: wait the full cap.
    if (failure.kind === 'blocked') return this.options.backoff.maxMs;
    return this.backoffDelay();
  }

  private backoffDelay(): number {
    const delay = fullJitterDelay(this.failures, this.options.backoff, this.deps.random);
    this.failures += 1;
    return delay;
  }

  /** A backoff pause: only shutdown cuts it short. */
  private pause(ms: number): Promise<void> {
    return this.wait(ms, false);
  }

  /** An idle wait: new readings or shutdown cut it short. */
  private idle(ms: number): Promise<void> {
    return this.wait(ms, true);
  }

  private wait(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = wakeable ? done : () => { if (this.stopping) done(); };
    });
  }
}
