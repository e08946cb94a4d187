import { describe, expect, it } from 'vitest';
import { parseStoredReading, validateReading } from '../../src/agent/reading.js';

const now = new Date('2026-01-28T12:00:00Z');

describe('validateReading', () => {
  it('normalises a valid reading and mints a key when the client gave none', () => {
    const result = validateReading({ village: ' Bamenda ', power_kw: 120, timestamp: '2026-01-28T11:00:00+01:00' }, now);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.reading.village).toBe('Bamenda');
    expect(result.reading.timestamp).toBe('2026-01-28T10:00:00.000Z');
    expect(result.reading.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the client id as the idempotency key and defaults the timestamp to now', () => {
    const result = validateReading({ id: 'site-1.42', village: 'Kumbo', power_kw: 0 }, now);
    expect(result).toEqual({ ok: true, reading: { idempotency_key: 'site-1.42', village: 'Kumbo', power_kw: 0, timestamp: now.toISOString() } });
  });

  it('lists every problem', () => {
    const result = validateReading({ village: 7, power_kw: 'lots', timestamp: 'yesterday', id: '../etc', extra: 1 }, now);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(5);
    expect(result.errors.join('\n')).toMatch(/unknown field "extra"[\s\S]*village[\s\S]*power_kw[\s\S]*timestamp[\s\S]*id:/);
  });

  it('rejects non-objects, negative or non-finite power and future timestamps', () => {
    expect(validateReading([1], now).ok).toBe(false);
    expect(validateReading({ village: 'x', power_kw: -1 }, now).ok).toBe(false);
    expect(validateReading({ village: 'x', power_kw: 1, timestamp: '2026-01-29T00:00:00Z' }, now).ok).toBe(false);
  });
});

describe('parseStoredReading', () => {
  it('returns undefined for corrupt records instead of throwing', () => {
    expect(parseStoredReading('{"village":')).toBeUndefined();
    expect(parseStoredReading('{"idempotency_key":"a/b","village":"x","power_kw":1,"timestamp":"t"}')).toBeUndefined();
    expect(parseStoredReading('{"idempotency_key":"a","village":"x","power_kw":1,"timestamp":"t"}')?.village).toBe('x');
  });
});
