import { describe, expect, it } from 'vitest';
import { fullJitterDelay, parseRetryAfter } from '../../src/agent/backoff.js';

describe('fullJitterDelay', () => {
  const policy = { baseMs: 100, maxMs: 1000 };
  it('spans [0, base·2^attempt) and is capped by maxMs', () => {
    expect(fullJitterDelay(0, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(0, policy, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, policy, () => 0.5)).toBe(400);
    expect(fullJitterDelay(4, policy, () => 0.999)).toBe(999);
    expect(fullJitterDelay(500, policy, () => 0.999)).toBe(999);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-28T10:00:00Z');
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an IMF-fixdate relative to now, and a past date as 0', () => {
    expect(parseRetryAfter('Wed, 28 Jan 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 28 Jan 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or meaningless values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
  });
});
