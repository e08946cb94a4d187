// When to answer a review. The API server tells the webhook how long it will wait: client-go
// appends `?timeout=<Go duration>` (the webhook's timeoutSeconds, or less when the request
// itself has less time left, rounded up to a whole second). Answering per the configured
// failure mode before that expires keeps the decision kubelint's rather than the API server's
// failurePolicy's.

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001, 'µs': 0.001, 'μs': 0.001, ns: 0.000001 };

/** Go's time.Duration text ("5s", "1m0s", "1.5s", "300ms"), in milliseconds; undefined if it is not one. */
export function parseGoDuration(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(h|m|s|ms|us|\u00b5s|\u03bcs|ns))+$/.test(text)) return undefined;
  let ms = 0;
  for (const [, value, , unit] of text.matchAll(/(\d+(\.\d+)?)(h|ms|m|s|us|\u00b5s|\u03bcs|ns)/g)) ms += Number(value) * UNIT_MS[unit!]!;
  return ms;
}

/**
 * The answer deadline for a request that arrived with this `timeout` parameter: its timeout
 * minus a margin for the response's way back and for the API server's rounding up (a quarter of
 * it, between 250 ms and 1 s), or `fallbackMs` when the parameter is missing or unreadable.
 */
export function answerDeadlineMs(timeout: string | null | undefined, fallbackMs: number): number {
  const ms = timeout ? parseGoDuration(timeout) : undefined;
  if (ms === undefined || ms <= 0) return fallbackMs;
  const margin = Math.min(1_000, Math.max(250, ms / 4));
  return Math.max(100, Math.round(ms - margin));
}
