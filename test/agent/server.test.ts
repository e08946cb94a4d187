// The agent's HTTP surface, and what happens when its disk stops accepting writes.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAgent, type Agent } from '../../src/agent/agent.js';
import { memoryLogger } from '../../src/agent/log.js';
import { OutboxError } from '../../src/agent/outbox.js';
import { fakeCentral, tempDataDir, testConfig, waitFor } from './helpers.js';

let data: { dir: string; cleanup: () => Promise<void> };
let agent: Agent | undefined;

async function start(deps: Parameters<typeof startAgent>[1] = {}, env: Record<string, string> = {}) {
  const logger = memoryLogger();
  agent = await startAgent(testConfig(data.dir, env), { logger, ...deps });
  return { agent, logger, base: `http://127.0.0.1:${agent.port}` };
}

function post(base: string, body: unknown, type = 'application/json') {
  return fetch(`${base}/readings`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

beforeEach(async () => {
  data = await tempDataDir();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

afterEach(async () => {
  await agent?.stop();
  agent = undefined;
  nock.cleanAll();
  nock.enableNetConnect();
  await data.cleanup();
});

describe('POST /readings', () => {
  it('persists a single reading before answering 202 and reports its key', async () => {
    const { agent, base } = await start({ autoSync: false });
    const res = await post(base, { village: 'Bamenda', power_kw: 120, timestamp: '2026-01-28T10:00:00Z' });
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body.accepted).toBe(1);
    const files = await readdir(agent.outbox.outboxDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toContain(body.ids[0]);
  });

  it('accepts an array, and a client id makes a resent POST idempotent', async () => {
    const { agent, base } = await start({ autoSync: false });
    const batch = [
      { id: 'site-7-0001', village: 'Bali', power_kw: 3.5 },
      { id: 'site-7-0002', village: 'Bali', power_kw: 4 },
    ];
    expect((await post(base, batch)).status).toBe(202);
    expect((await post(base, batch)).status).toBe(202);
    expect(agent.outbox.depth).toBe(2);
  });

  it('rejects the whole request, storing nothing, when one reading is invalid', async () => {
    const { agent, base } = await start({ autoSync: false });
    const res = await post(base, [{ village: 'Bali', power_kw: 1 }, { village: '', power_kw: -2 }]);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.problems).toEqual([{ index: 1, errors: expect.arrayContaining([expect.stringContaining('village'), expect.stringContaining('power_kw')]) }]);
    expect(agent.outbox.depth).toBe(0);
  });

  it('answers 400 for bad JSON, 415 for other content types, 413 for oversized bodies', async () => {
    const { base } = await start({ autoSync: false }, { MAX_BODY_BYTES: '1024' });
    expect((await post(base, '{"village":')).status).toBe(400);
    expect((await post(base, 'village=x', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await post(base, JSON.stringify([{ village: 'x'.repeat(2000), power_kw: 1 }]))).status).toBe(413);
    const wrongMethod = await fetch(`${base}/readings`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});

describe('health, readiness, metrics', () => {
  it('serves /healthz, /readyz and Prometheus metrics', async () => {
    fakeCentral();
    const { agent, base } = await start();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    await post(base, [{ village: 'Bamenda', power_kw: 1 }, { village: 'Kumbo', power_kw: 2 }]);
    await waitFor(() => agent.outbox.depth === 0, 3000, 'delivery');
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE solar_sync_outbox_depth gauge');
    expect(text).toMatch(/^solar_sync_outbox_depth 0$/m);
    expect(text).toMatch(/^solar_sync_readings_accepted_total 2$/m);
    expect(text).toMatch(/^solar_sync_readings_delivered_total 2$/m);
    expect(text).toMatch(/^solar_sync_send_attempts_total 1$/m);
    expect(text).toMatch(/^solar_sync_send_failures_total\{reason="timeout"\} 0$/m);
    expect(text).toMatch(/^solar_sync_dead_lettered_total 0$/m);
    expect(text).toMatch(/^solar_sync_last_success_timestamp_seconds [1-9]\d{9}$/m);
  });
});

describe('a disk that stops accepting writes', () => {
  // Tests run as root, where chmod does not stop writes. Two real failures instead: the temp
  // folder replaced by a regular file (every write below it fails with ENOTDIR), and an
  // injected ENOSPC at the file-system boundary of the outbox.
  it('turns not ready, refuses new readings with a clear error, and keeps what it has', async () => {
    const central = fakeCentral(() => [503, 'down']);
    const { agent, base } = await start({}, { BACKOFF_MAX_MS: '20' });
    expect((await post(base, { id: 'kept-1', village: 'Bamenda', power_kw: 5 })).status).toBe(202);

    const tmp = join(data.dir, 'tmp');
    await rm(tmp, { recursive: true });
    await writeFile(tmp, 'not a directory');

    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).error).toMatch(/outbox not writable.*ENOTDIR/);
    const refused = await post(base, { id: 'late-1', village: 'Bamenda', power_kw: 6 });
    expect(refused.status).toBe(503);
    expect((await refused.json()).error).toMatch(/cannot persist readings.*ENOTDIR/);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/^solar_sync_ready 0$/m);

    // Nothing lost: the acknowledged reading is still pending, and goes out once the API is back.
    expect(agent.outbox.has('kept-1')).toBe(true);
    central.scope.persist(false);
    nock.cleanAll();
    const healthy = fakeCentral();
    await waitFor(() => agent.outbox.depth === 0, 3000, 'delivery of the kept reading');
    expect(healthy.stored.get('kept-1')).toBe(1);
    expect(healthy.stored.has('late-1')).toBe(false);

    await rm(tmp);
    await mkdir(tmp);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('reports ENOSPC from the disk as not ready and 503, without a partial outbox entry', async () => {
    const fsp = await import('node:fs/promises');
    let diskFull = false;
    const fs = {
      ...fsp,
      open: ((path: string, flags?: string, mode?: number) => {
        if (diskFull && flags === 'w') return Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
        return fsp.open(path, flags, mode);
      }) as typeof fsp.open,
    };
    const { agent, base } = await start({ fs, autoSync: false });
    diskFull = true;
    const res = await post(base, { village: 'Bamenda', power_kw: 1 });
    expect(res.status).toBe(503);
    expect((await res.json()).error).toContain('ENOSPC');
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect(agent.outbox.depth).toBe(0);
    expect(await readdir(agent.outbox.outboxDir)).toEqual([]);
    diskFull = false;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('fails at start with the data dir named when DATA_DIR cannot be a directory', async () => {
    const file = join(data.dir, 'a-file');
    await writeFile(file, 'x');
    const error = await startAgent(testConfig(join(file, 'data')), { logger: memoryLogger() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxError);
    expect((error as Error).message).toMatch(/cannot open outbox in DATA_DIR=.*a-file\/data: ENOTDIR/);
  });
});

describe('graceful shutdown', () => {
  it('stops accepting, aborts a hanging send after the grace period, and keeps the reading', async () => {
    nock('http://central.test').post('/api/solar').delay(5000).reply(200, 'never in time');
    const { agent, base } = await start({}, { REQUEST_TIMEOUT_MS: '10000', SHUTDOWN_GRACE_MS: '100' });
    await post(base, { id: 'in-flight', village: 'Bamenda', power_kw: 1 });
    await waitFor(() => agent.metrics.sendAttempts === 1, 2000, 'send to start');
    const started = Date.now();
    await agent.stop();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(agent.outbox.has('in-flight')).toBe(true);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
