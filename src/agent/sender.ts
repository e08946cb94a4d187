// One POST of a batch to the central API, classified into what the sync loop should do next.
import { createHash } from 'node:crypto';
import { parseRetryAfter } from './backoff.js';
import type { Reading } from './reading.js';

export type SendOutcome =
  /** 2xx, or 409 (the API already holds these keys): remove from the outbox. */
  | { kind: 'delivered'; status: number }
  /** Transient: network error, timeout, 408/425/429/5xx. Back off (or wait Retry-After) and resend. */
  | { kind: 'retry'; reason: 'timeout' | 'network' | 'http'; status?: number; retryAfterMs?: number; detail: string }
  /** The API refuses us, not the data (401/403/404/405/3xx): keep everything, retry slowly, alert. */
  | { kind: 'blocked'; status: number; detail: string }
  /** The API will never accept this data (400/413/422…): split the batch or dead-letter the reading. */
  | { kind: 'rejected'; status: number; detail: string }
  /** Our own shutdown aborted the request; nothing is known, so the readings stay pending. */
  | { kind: 'aborted' };

export interface SendOptions {
  apiUrl: URL;
  apiToken?: string;
  timeoutMs: number;
  /** Aborted on shutdown. */
  signal?: AbortSignal;
  now?: () => number;
}

const RETRYABLE = new Set([408, 425, 429]);
const BLOCKED = new Set([401, 403, 404, 405, 407, 421]);

/** Same readings → same header, so a resent batch is recognisably the same request. */
export function batchKey(readings: readonly Reading[]): string {
  const hash = createHash('sha256');
  for (const r of readings) hash.update(`${r.idempotency_key}\n`);
  return hash.digest('hex').slice(0, 32);
}

export function classifyStatus(status: number): 'delivered' | 'retry' | 'blocked' | 'rejected' {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 409) return 'delivered';
  if (RETRYABLE.has(status) || status >= 500) return 'retry';
  if (BLOCKED.has(status) || (status >= 300 && status < 400)) return 'blocked';
  if (status >= 400 && status < 500) return 'rejected';
  return 'retry'; // 1xx or nonsense: nothing was accepted, try again later
}

export async function sendBatch(readings: readonly Reading[], options: SendOptions): Promise<SendOutcome> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': batchKey(readings),
    'user-agent': 'solar-sync-agent/1',
  };
  if (options.apiToken) headers.authorization = `Bearer ${options.apiToken}`;
  try {
    const response = await fetch(options.apiUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify({ readings }),
      signal,
      redirect: 'manual', // a redirected POST would silently turn into a GET
    });
    // Read the body inside the timeout too: a server that stalls mid-body is a timeout.
    const text = await response.text();
    const detail = text.slice(0, 300);
    const status = response.status;
    switch (classifyStatus(status)) {
      case 'delivered':
        return { kind: 'delivered', status };
      case 'blocked':
        return { kind: 'blocked', status, detail };
      case 'rejected':
        return { kind: 'rejected', status, detail };
      case 'retry': {
        const retryAfterMs = status === 429 || status === 503
          ? parseRetryAfter(response.headers.get('retry-after'), options.now?.() ?? Date.now())
          : undefined;
        return { kind: 'retry', reason: 'http', status, retryAfterMs, detail };
      }
    }
  } catch (err) {
    if (options.signal?.aborted) return { kind: 'aborted' };
    if (timeout.signal.aborted) return { kind: 'retry', reason: 'timeout', detail: `no response within ${options.timeoutMs} ms` };
    return { kind: 'retry', reason: 'network', detail: networkDetail(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** fetch wraps the socket error in `cause`; the code (ECONNRESET, ENOTFOUND…) is what operators search for. */
function networkDetail(err: unknown): string {
  const cause = (err as { cause?: unknown })?.cause as NodeJS.ErrnoException | undefined;
  const code = cause?.code ?? (err as NodeJS.ErrnoException)?.code;
  const message = cause?.message ?? (err as Error)?.message ?? String(err);
  return code ? `${code}: ${message}` : message;
}
