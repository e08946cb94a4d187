// One POST of a batch to the central API, classified into what the sync loop should do next.
import { createHash } from 'node:crypto';
import { parseRetryAfter } from './backoff.js';
import type { Reading } from './reading.js';

export type SendOutcome =
  /** A 2xx carrying the acknowledgement shape, or 409 (the API already holds these keys): remove from the outbox. */
  | { kind: 'delivered'; status: number }
  /** Transient: network error, timeout, 408/425/429/5xx. Back off (or wait Retry-After) and resend. */
  | { kind: 'retry'; reason: 'timeout' | 'network' | 'http' | 'unacknowledged'; status?: number; retryAfterMs?: number; detail: string }
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
/**
 * The most of a response body the agent reads. An acknowledgement is a few bytes; a streamed or
 * huge body (a misrouted download, a hostile server) must not grow the agent past its memory limit.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * The central API's acknowledgement of a batch: `{"stored": n, "duplicates": [keys…]}` where
 * n + duplicates.length is the batch size. Anything else with a 2xx (a captive portal's HTML, a
 * wrong API_URL answering 200) proves nothing was stored, so the readings stay and are resent.
 */
export function isAcknowledgement(text: string, batchSize: number): boolean {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { stored, duplicates } = body as { stored?: unknown; duplicates?: unknown };
  if (!Number.isSafeInteger(stored) || (stored as number) < 0) return false;
  const dupes = duplicates === undefined ? [] : duplicates;
  if (!Array.isArray(dupes) || !dupes.every((k) => typeof k === 'string')) return false;
  return (stored as number) + dupes.length === batchSize;
}

/** Reads at most `limit` bytes of the body, then cancels the stream (the rest is never buffered). */
async function readCapped(response: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = limit - size;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room));
      await reader.cancel().catch(() => undefined);
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}
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
    const { text, truncated } = await readCapped(response, MAX_RESPONSE_BYTES);
    const detail = text.slice(0, 300);
    const status = response.status;
    switch (classifyStatus(status)) {
      case 'delivered':
        if (status === 409 || (!truncated && isAcknowledgement(text, readings.length))) return { kind: 'delivered', status };
        return {
          kind: 'retry', reason: 'unacknowledged', status,
          detail: truncated ? `response body over ${MAX_RESPONSE_BYTES} bytes, not an acknowledgement` : `not an acknowledgement: ${detail}`,
        };
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
