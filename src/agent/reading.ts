// A solar reading as the agent stores and forwards it, and the validation of untrusted input.
import { randomUUID } from 'node:crypto';

export interface Reading {
  /** Idempotency key: the central API drops a reading whose key it has already stored. */
  idempotency_key: string;
  village: string;
  power_kw: number;
  /** ISO 8601 UTC, as measured at the site (not when it was synced). */
  timestamp: string;
}

export type Validated = { ok: true; reading: Reading } | { ok: false; errors: string[] };

/** Keys become file names, so they are restricted to a safe alphabet. */
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** Upper bound on power per reading: a village installation, not a national grid. */
const MAX_POWER_KW = 1_000_000;
/** Readings may not claim to come from further in the future than this (clock skew allowance). */
const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates one reading from a client. `id` (optional) lets a client retry its POST safely:
 * the same id becomes the same idempotency key. Without it the agent mints a UUID.
 */
export function validateReading(input: unknown, now: Date = new Date()): Validated {
  if (!isRecord(input)) return { ok: false, errors: ['a reading must be a JSON object'] };
  const errors: string[] = [];
  const known = new Set(['id', 'idempotency_key', 'village', 'power_kw', 'timestamp']);
  for (const key of Object.keys(input)) if (!known.has(key)) errors.push(`unknown field "${key}"`);

  const village = input.village;
  if (typeof village !== 'string' || village.trim() === '') errors.push('village: required, a non-empty string');
  else if (village.length > 200) errors.push('village: at most 200 characters');

  const power = input.power_kw;
  if (typeof power !== 'number' || !Number.isFinite(power)) errors.push('power_kw: required, a finite number');
  else if (power < 0 || power > MAX_POWER_KW) errors.push(`power_kw: must be between 0 and ${MAX_POWER_KW}`);

  let timestamp = now.toISOString();
  if (input.timestamp !== undefined) {
    const raw = input.timestamp;
    const parsed = typeof raw === 'string' ? Date.parse(raw) : typeof raw === 'number' ? raw * 1000 : NaN;
    if (typeof raw === 'string' && !/^\d{4}-\d{2}-\d{2}T/.test(raw)) {
      errors.push('timestamp: expected an ISO 8601 date-time (e.g. 2026-01-28T10:00:00Z) or unix seconds');
    } else if (!Number.isFinite(parsed)) {
      errors.push('timestamp: expected an ISO 8601 date-time (e.g. 2026-01-28T10:00:00Z) or unix seconds');
    } else if (parsed > now.getTime() + MAX_FUTURE_SKEW_MS) {
      errors.push('timestamp: lies in the future');
    } else if (parsed < 0) {
      // Also keeps `new Date(parsed)` inside the representable range (-1e13 s used to throw → 500).
      errors.push('timestamp: before 1970-01-01T00:00:00Z');
    } else {
      timestamp = new Date(parsed).toISOString();
    }
  }

  const rawKey = input.idempotency_key ?? input.id;
  let key: string = randomUUID();
  if (rawKey !== undefined) {
    if (typeof rawKey !== 'string' || !KEY_PATTERN.test(rawKey)) {
      errors.push('id: 1-128 characters of A-Z a-z 0-9 . _ - (starting with a letter or digit)');
    } else {
      key = rawKey;
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    reading: { idempotency_key: key, village: (village as string).trim(), power_kw: power as number, timestamp },
  };
}

/** Parses a stored outbox record; a corrupt file must be reported, not crash the loop. */
export function parseStoredReading(text: string): Reading | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value)) return undefined;
    const { idempotency_key, village, power_kw, timestamp } = value;
    if (typeof idempotency_key !== 'string' || !KEY_PATTERN.test(idempotency_key)) return undefined;
    if (typeof village !== 'string' || typeof power_kw !== 'number' || typeof timestamp !== 'string') return undefined;
    return { idempotency_key, village, power_kw, timestamp };
  } catch {
    return undefined;
  }
}
