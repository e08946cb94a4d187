// The sync loop against a fake central API (nock): retries, timeouts, resets, Retry-After,
// permanent rejections, and restarts over the same data dir.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAgent, type Agent } from '../../src/agent/agent.js';
import { memoryLogger } from '../../src/agent/log.js';
import { API_ORIGIN, API_PATH, fakeCentral, reading, tempDataDir, testConfig, waitFor } from './helpers.js';

let data: { dir: string; cleanup: () => Promise<void> };
const agents: Agent[] = [];

async function agentOver(dir: string, env: Record<string, string> = {}, deps: Parameters<typeof startAgent>[1] = {}) {
  const logger = memoryLogger();
  const agent = await startAgent(testConfig(dir, env), { logger, ...deps });
  agents.push(agent);
  return { agent, logger };
}

beforeEach(async () => {
  data = await tempDataDir();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.stop();
  nock.cleanAll();
  nock.enableNetConnect();
  await data.cleanup();
});

describe('sync loop', () => {
  it('retries after 5xx answers and delivers once the API recovers', async () => {
    const central = fakeCentral((call) => (call <= 2 ? [503, 'overloaded'] : call === 3 ? [500, 'boom'] : undefined));
    const { agent } = await agentOver(data.dir);
    await agent.outbox.append([reading(1), reading(2)]);
    agent.syncer.wake();
    await waitFor(() => agent.outbox.depth === 0, 3000, 'outbox to drain');
    expect(central.requests.length).toBe(4);
    expect([...central.stored.keys()].sort()).toEqual(['r-1', 'r-2']);
    expect(agent.metrics.sendFailures.http).toBe(3);
    expect(agent.metrics.readingsDelivered).toBe(2);
    expect(agent.metrics.lastSuccessSeconds).toBeGreaterThan(0);
  });

  it('treats a request with no answer within REQUEST_TIMEOUT_MS as a timeout and resends', async () => {
    nock(API_ORIGIN).post(API_PATH).delay(1000).reply(200, 'too late');
    const central = fakeCentral();
    const { agent, logger } = await agentOver(data.dir, { REQUEST_TIMEOUT_MS: '50' });
    await agent.outbox.append([reading(1)]);
    agent.syncer.wake();
    await waitFor(() => agent.outbox.depth === 0, 3000, 'delivery after timeout');
    expect(agent.metrics.sendFailures.timeout).toBe(1);
    expect(central.stored.get('r-1')).toBe(1);
    expect(logger.records.some((r) => r.reason === 'timeout')).toBe(true);
  });

  it('survives connection resets', async () => {
    nock(API_ORIGIN).post(API_PATH).times(2).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const central = fakeCentral();
    const { agent, logger } = await agentOver(data.dir);
    await agent.outbox.append([reading(1), reading(2), reading(3)]);
    agent.syncer.wake();
    await waitFor(() => agent.outbox.depth === 0, 3000, 'delivery after resets');
    expect(agent.metrics.sendFailures.network).toBe(2);
    expect(central.stored.size).toBe(3);
    expect(logger.records.some((r) => String(r.detail).includes('ECONNRESET'))).toBe(true);
  });

  it('waits Retry-After (seconds) on 429 instead of its own tiny backoff', async () => {
    const times: number[] = [];
    const central = fakeCentral((call) => {
      times.push(Date.now());
      return call === 1 ? [429, 'slow down', { 'Retry-After': '1' }] : undefined;
    });
    const { agent } = await agentOver(data.dir, { RETRY_AFTER_MAX_MS: '5000' });
    await agent.outbox.append([reading(1)]);
    agent.syncer.wake();
    await waitFor(() => agent.outbox.depth === 0, 4000, 'delivery after Retry-After');
    expect(central.requests.length).toBe(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it('waits Retry-After (HTTP-date) on 503, capped by RETRY_AFTER_MAX_MS', async () => {
    const times: number[] = [];
    fakeCentral((call) => {
      times.push(Date.now());
      const date = new Date(Date.now() + 60_000).toUTCString();
      return call === 1 ? [503, 'maintenance', { 'Retry-After': date }] : undefined;
    });
    const { agent } = await agentOver(data.dir, { RETRY_AFTER_MAX_MS: '300' });
    await agent.outbox.append([reading(1)]);
    agent.syncer.wake();
    await waitFor(() => agent.outbox.depth === 0, 3000, 'delivery after capped Retry-After');
    const gap = times[1]! - times[0]!;
    expect(gap).toBeGreaterThanOrEqual(290);
    expect(gap).toBeLessThan(2000);
  });

  it('dead-letters only the reading a 422 is about, after splitting the batch', async () => {
    const central = fakeCentral((_call, keys) => (keys.includes('r-3') ? [422, { error: 'power_kw implausible' }] : undefined));
    const { agent } = await agentOver(data.dir);
    await agent.outbox.append([1, 2, 3, 4, 5].map((n) => reading(n)));
    agent.syncer.wake();
    await waitFor(() => agent.outbox.depth === 0, 3000, 'outbox to settle');
    expect([...central.stored.keys()].sort()).toEqual(['r-1', 'r-2', 'r-4', 'r-5']);
    expect(agent.metrics.deadLettered).toBe(1);
    const dead = await readdir(agent.outbox.deadDir);
    expect(dead).toHaveLength(1);
    const record = JSON.parse(await readFile(join(agent.outbox.deadDir, dead[0]!), 'utf8'));
    expect(record.reading.idempotency_key).toBe('r-3');
    expect(record.status).toBe(422);
    expect(record.detail).toContain('implausible');
  });

  it('does not retry a 400 for a single reading, and treats 409 as already stored', async () => {
    const central = fakeCentral((_call, keys) => (keys[0] === 'r-1' ? [400, 'bad'] : keys[0] === 'r-2' ? [409, 'duplicate'] : undefined));
    const { agent } = await agentOver(data.dir, { BATCH_SIZE: '1' });
    await agent.outbox.append([reading(1), reading(2)]);
    agent.syncer.wake();
    await waitFor(() => agent.outbox.depth === 0, 3000, 'outbox to settle');
    expect(central.requests.map((r) => r.keys[0])).toEqual(['r-1', 'r-2']);
    expect(agent.metrics.deadLettered).toBe(1);
    expect(agent.metrics.readingsDelivered).toBe(1);
  });

  it('keeps readings when the API refuses the agent itself (401)', async () => {
    fakeCentral(() => [401, 'bad token']);
    const { agent, logger } = await agentOver(data.dir, { BACKOFF_MAX_MS: '20' });
    await agent.outbox.append([reading(1)]);
    agent.syncer.wake();
    await waitFor(() => agent.metrics.sendFailures.blocked >= 2, 3000, 'repeated 401s');
    expect(agent.outbox.depth).toBe(1);
    expect(agent.metrics.deadLettered).toBe(0);
    expect(logger.records.some((r) => r.level === 'error' && String(r.msg).includes('API_TOKEN'))).toBe(true);
  });

  it('sends the idempotency key per reading and a stable batch Idempotency-Key header', async () => {
    const central = fakeCentral((call) => (call === 1 ? [502, 'gateway'] : undefined));
    const { agent } = await agentOver(data.dir, { API_TOKEN: 's3cret' });
    await agent.outbox.append([reading(1), reading(2)]);
    agent.syncer.wake();
    await waitFor(() => agent.outbox.depth === 0, 3000, 'delivery');
    const [first, second] = central.requests;
    expect(first!.keys).toEqual(['r-1', 'r-2']);
    expect(first!.headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    expect(first!.headers.authorization).toBe('Bearer s3cret');
  });
});

describe('crash safety', () => {
  it('delivers readings persisted by an agent that died before sending', async () => {
    // First agent: persists, never syncs (it "crashes" before the first send).
    const first = await agentOver(data.dir, {}, { autoSync: false });
    await first.agent.outbox.append([1, 2, 3, 4, 5, 6, 7].map((n) => reading(n)));
    await first.agent.stop();
    const central = fakeCentral();
    const second = await agentOver(data.dir);
    expect(second.agent.outbox.depth).toBe(7);
    await waitFor(() => second.agent.outbox.depth === 0, 3000, 'restart to deliver');
    expect([...central.stored.values()].every((n) => n === 1)).toBe(true);
    expect(central.stored.size).toBe(7);
  });

  it('resends (deduplicated by key) a batch the API stored before the agent could remove it', async () => {
    const central = fakeCentral();
    // The removal after the ack fails, as if the process died right after the API answered.
    const fsp = await import('node:fs/promises');
    let failUnlink = true;
    const faultyFs = {
      ...fsp,
      unlink: async (path: import('node:fs').PathLike) => {
        if (failUnlink && String(path).includes('/outbox/')) throw Object.assign(new Error('simulated crash'), { code: 'EIO' });
        return fsp.unlink(path);
      },
    };
    const first = await agentOver(data.dir, {}, { fs: faultyFs });
    await first.agent.outbox.append([reading(1), reading(2)]);
    first.agent.syncer.wake();
    await waitFor(() => central.requests.length >= 1, 3000, 'first delivery');
    await first.agent.stop();
    failUnlink = false;
    const second = await agentOver(data.dir);
    await waitFor(() => second.agent.outbox.depth === 0, 3000, 'restart to resend');
    // Both readings were resent after the "crash" with the very same key and body, so the API
    // stored each once and recognised every later arrival as a duplicate.
    expect([...central.stored.keys()].sort()).toEqual(['r-1', 'r-2']);
    expect(central.stored.get('r-1')).toBeGreaterThanOrEqual(2);
    expect(central.mismatches).toEqual([]);
    expect(central.firstSeen.size).toBe(2);
  });
});
