// Open-loop load generator: request i is due at start + i/rate, whatever happened to the earlier
// ones, and its latency is measured from that due time. A slow server (or a late generator)
// therefore shows up as latency instead of silently lowering the offered rate — no coordinated
// omission. Requests travel over a fixed pool of keep-alive HTTPS connections; when all are busy
// the request waits in the agent's queue, and that wait counts too.
import { Agent, request } from 'node:https';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { countInto } from './webhook-stats.js';

export interface OpenLoopOptions {
  url: string;
  ca: Buffer;
  rate: number;
  amount: number;
  connections: number;
  /** A response later than this (from its due time) counts as a timeout, as the API server would cut it off. */
  timeoutMs: number;
  /** The request body for uid i. */
  body(uid: string): string;
  uid(index: number): string;
  /** The expected `response` of the AdmissionReview, without its uid, as JSON. */
  expectedResponse: string;
}

export interface OpenLoopResult {
  /** performance.now() of the first due time; every other time below is relative to it (ms). */
  startedAt: number;
  due(index: number): number;
  /** When the generator actually handed request i to the agent (ms after start). */
  sentAt: Float64Array;
  /** When request i's response had fully arrived (ms after start); NaN if it never did. */
  doneAt: Float64Array;
  ok: number;
  timeouts: number;
  errors: Record<string, number>;
  non2xx: Record<string, number>;
  uidMismatch: number;
  allowedMismatch: number;
  /** Same uid and decision but another message or warnings. */
  otherMismatch: number;
  firstMismatch?: string;
  /** How late the generator's event loop ran a 5 ms sampling timer during the run (ms, beyond the 5 ms). */
  generatorLoopDelayMs: { p50: number; p99: number; max: number };
}

/** The AdmissionResponse of a review body without its uid, so it can be compared across reviews. */
export function responseWithoutUid(review: any): string {
  const { uid: _uid, ...rest } = review?.response ?? {};
  return JSON.stringify(rest);
}

export function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { amount, rate } = options;
  const interval = 1000 / rate;
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections, ca: options.ca, scheduling: 'fifo' });
  const sentAt = new Float64Array(amount).fill(NaN);
  const doneAt = new Float64Array(amount).fill(NaN);
  const inFlight = new Map<number, ReturnType<typeof request>>();
  const result = {
    ok: 0,
    timeouts: 0,
    errors: {} as Record<string, number>,
    non2xx: {} as Record<string, number>,
    uidMismatch: 0,
    allowedMismatch: 0,
    otherMismatch: 0,
    firstMismatch: undefined as string | undefined,
  };
  const expected = JSON.parse(options.expectedResponse) as { allowed: boolean };
  const LOOP_DELAY_RESOLUTION_MS = 5;
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  const start = performance.now() + 20;
  const due = (i: number) => i * interval;
  let next = 0;
  let settled = 0;
  let finish: () => void = () => {};
  let giveUpTimer: NodeJS.Timeout | undefined;

  function settle(i: number): void {
    inFlight.delete(i);
    if (++settled === amount) finish();
  }

  function check(i: number, status: number, text: string): void {
    if (status < 200 || status > 299) return countInto(result.non2xx, String(status));
    if (doneAt[i]! - due(i) > options.timeoutMs) {
      result.timeouts++;
      return;
    }
    let review: any;
    try {
      review = JSON.parse(text);
    } catch {
      return countInto(result.errors, 'bad-json');
    }
    const mismatch = (what: string) => {
      result.firstMismatch ??= `${what}: request ${options.uid(i)} got ${text.slice(0, 500)}`;
    };
    if (review?.response?.uid !== options.uid(i)) {
      result.uidMismatch++;
      return mismatch('uid');
    }
    if (review.response.allowed !== expected.allowed) {
      result.allowedMismatch++;
      return mismatch('allowed');
    }
    if (responseWithoutUid(review) !== options.expectedResponse) {
      result.otherMismatch++;
      return mismatch('response');
    }
    result.ok++;
  }

  function send(i: number): void {
    const uid = options.uid(i);
    const body = options.body(uid);
    const req = request(options.url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        doneAt[i] = performance.now() - start;
        check(i, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
        settle(i);
      });
      res.on('error', (error: NodeJS.ErrnoException) => {
        countInto(result.errors, error.code ?? error.name);
        settle(i);
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!inFlight.has(i)) return; // already settled (e.g. destroyed after its response)
      countInto(result.errors, error.code ?? error.name);
      settle(i);
    });
    inFlight.set(i, req);
    req.end(body);
    sentAt[i] = performance.now() - start;
  }

  // Timers fire at ~1 ms granularity: each tick sends every request that has come due, so the
  // schedule holds on average and the rounding shows up as (counted) latency.
  function tick(): void {
    const now = performance.now() - start;
    while (next < amount && due(next) <= now) send(next++);
    if (next < amount) setTimeout(tick, Math.max(0, due(next) - (performance.now() - start)));
    else giveUpTimer = setTimeout(giveUp, options.timeoutMs + 1000);
  }

  // Whatever is still unanswered well after the last due time is a timeout.
  function giveUp(): void {
    for (const [i, req] of [...inFlight]) {
      result.timeouts++;
      settle(i);
      req.destroy();
    }
  }

  return new Promise((resolve) => {
    finish = () => {
      loopDelay.disable();
      clearTimeout(giveUpTimer);
      agent.destroy();
      // The histogram records whole timer periods; what exceeds the period is the delay.
      const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - LOOP_DELAY_RESOLUTION_MS) * 100) / 100);
      resolve({
        ...result,
        startedAt: start,
        due,
        sentAt,
        doneAt,
        generatorLoopDelayMs: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
      });
    };
    loopDelay.enable();
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
}
