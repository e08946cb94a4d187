// Small statistics helpers for the webhook benchmarks (exact percentiles over all samples;
// 100,000 doubles sort in a few milliseconds, so no histogram approximation is needed).

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Nearest-rank percentiles of the finite values, rounded to 0.01. */
export function percentiles(values: ArrayLike<number>): Percentiles | undefined {
  const sorted = Float64Array.from(Array.prototype.filter.call(values, Number.isFinite) as number[]).sort();
  if (sorted.length === 0) return undefined;
  const at = (q: number) => round2(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: round2(sorted[sorted.length - 1]!) };
}

/** Largest finite value (Math.max(...xs) overflows the stack beyond ~100,000 arguments). */
export function maxOf(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

export function percentChange(from: number, to: number): string {
  return `${(((to - from) / from) * 100).toFixed(1)}%`;
}

/** Increments a named counter in a plain record (for error codes and status codes). */
export function countInto(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
