// Shared test helpers: temp data dirs, a config with tiny timings, a recording fake central API
// (nock stands in for the other side only), and polling.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { loadConfig, type AgentConfig } from '../../src/agent/config.js';
import type { Reading } from '../../src/agent/reading.js';

export const API_ORIGIN = 'http://central.test';
export const API_PATH = '/api/solar';

export async function tempDataDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'solar-sync-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function testConfig(dataDir: string, env: Record<string, string> = {}): AgentConfig {
  return loadConfig({
    API_URL: `${API_ORIGIN}${API_PATH}`,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    BATCH_SIZE: '10',
    REQUEST_TIMEOUT_MS: '200',
    BACKOFF_BASE_MS: '1',
    BACKOFF_MAX_MS: '5',
    IDLE_POLL_MS: '20',
    SHUTDOWN_GRACE_MS: '200',
    ...env,
  });
}

export function reading(n: number, village = 'Bamenda'): Reading {
  return { idempotency_key: `r-${n}`, village, power_kw: 100 + n, timestamp: '2026-01-28T10:00:00.000Z' };
}

/**
 * A central API that stores each idempotency key once. `script` decides per request what to
 * answer instead of storing (undefined → store and answer 200). Register one-shot nock
 * interceptors (replyWithError, delay) before calling this: nock uses them first.
 */
export function fakeCentral(script: (call: number, keys: string[]) => nock.ReplyFnResult | undefined = () => undefined) {
  /** Arrival count per key; a count above 1 means the API saw a duplicate and dropped it. */
  const stored = new Map<string, number>();
  /** The first body stored per key: a resend must carry exactly the same reading. */
  const firstSeen = new Map<string, Reading>();
  const mismatches: string[] = [];
  const requests: Array<{ keys: string[]; headers: Record<string, string | string[]> }> = [];
  const scope = nock(API_ORIGIN)
    .persist()
    .post(API_PATH)
    .reply(function (_uri, body) {
      const readings = (body as { readings: Reading[] }).readings ?? [];
      const keys = readings.map((r) => r.idempotency_key);
      requests.push({ keys, headers: this.req.headers });
      const scripted = script(requests.length, keys);
      if (scripted) return scripted;
      const duplicates: string[] = [];
      for (const r of readings) {
        const key = r.idempotency_key;
        if (stored.has(key)) {
          duplicates.push(key);
          if (JSON.stringify(firstSeen.get(key)) !== JSON.stringify(r)) mismatches.push(key);
        } else {
          firstSeen.set(key, r);
        }
        stored.set(key, (stored.get(key) ?? 0) + 1);
      }
      return [200, { stored: keys.length - duplicates.length, duplicates }];
    });
  return { stored, firstSeen, mismatches, requests, scope };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
