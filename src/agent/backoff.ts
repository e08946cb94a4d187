// Retry timing: exponential backoff with full jitter, and the server's Retry-After header.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * "Full jitter": a uniformly random delay in [0, min(max, base·2^attempt)). Spreading retries
 * over the whole window keeps many village agents from hammering a recovering API in lockstep.
 * `attempt` counts consecutive failures, starting at 0.
 */
export function fullJitterDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 0), 30); // 2^30 already exceeds any sane cap
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Returns milliseconds
 * from `now`, or undefined when the header is absent or unparseable (then normal backoff applies).
 */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only accept something that looks like a date, not any string Date.parse happens to take.
  if (!/[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}:\d{2}\s+GMT/.test(text)
    && !/^[A-Za-z]+,\s+\d{2}-[A-Za-z]{3}-\d{2}\s/.test(text)
    && !/^[A-Za-z]{3}\s+[A-Za-z]{3}\s+\d{1,2}\s/.test(text)) {
    return undefined;
  }
  const at = Date.parse(text);
  if (!Number.isFinite(at)) return undefined;
  return Math.max(0, at - now);
}

/** Sleeps for `ms`, resolving early (with false) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
