import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { batchKey, classifyStatus, sendBatch } from '../../src/agent/sender.js';
import { API_ORIGIN, API_PATH, reading } from './helpers.js';

afterEach(() => {
  nock.cleanAll();
});

describe('classifyStatus', () => {
  it.each([
    [200, 'delivered'], [202, 'delivered'], [409, 'delivered'],
    [408, 'retry'], [425, 'retry'], [429, 'retry'], [500, 'retry'], [503, 'retry'], [599, 'retry'],
    [301, 'blocked'], [401, 'blocked'], [403, 'blocked'], [404, 'blocked'],
    [400, 'rejected'], [413, 'rejected'], [415, 'rejected'], [422, 'rejected'],
  ] as const)('%i → %s', (status, expected) => {
    expect(classifyStatus(status)).toBe(expected);
  });
});

describe('sendBatch', () => {
  it('does not follow a redirect (a POST would turn into a GET)', async () => {
    nock(API_ORIGIN).post(API_PATH).reply(302, '', { location: `${API_ORIGIN}/elsewhere` });
    const outcome = await sendBatch([reading(1)], { apiUrl: new URL(API_PATH, API_ORIGIN), timeoutMs: 500 });
    expect(outcome).toMatchObject({ kind: 'blocked', status: 302 });
  });

  it('ignores Retry-After on statuses other than 429/503', async () => {
    nock(API_ORIGIN).post(API_PATH).reply(500, 'x', { 'Retry-After': '30' });
    const outcome = await sendBatch([reading(1)], { apiUrl: new URL(API_PATH, API_ORIGIN), timeoutMs: 500 });
    expect(outcome).toMatchObject({ kind: 'retry', reason: 'http', status: 500, retryAfterMs: undefined });
  });

  it('names the socket error code of a real refused connection', async () => {
    // Take a free port, then close it so nothing listens there.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    const outcome = await sendBatch([reading(1)], { apiUrl: new URL(`http://127.0.0.1:${port}/x`), timeoutMs: 2000 });
    expect(outcome.kind).toBe('retry');
    expect(outcome.kind === 'retry' && outcome.reason).toBe('network');
    expect(outcome.kind === 'retry' && outcome.detail).toMatch(/^ECONNREFUSED/);
  });

  it('reports its own shutdown as aborted, not as a failure', async () => {
    nock(API_ORIGIN).post(API_PATH).delay(2000).reply(200);
    const shutdown = new AbortController();
    setTimeout(() => shutdown.abort(), 20);
    const outcome = await sendBatch([reading(1)], { apiUrl: new URL(API_PATH, API_ORIGIN), timeoutMs: 5000, signal: shutdown.signal });
    expect(outcome).toEqual({ kind: 'aborted' });
  });

  it('derives the batch key from the reading keys only', () => {
    expect(batchKey([reading(1), reading(2)])).toBe(batchKey([{ ...reading(1), power_kw: 9 }, reading(2)]));
    expect(batchKey([reading(1), reading(2)])).not.toBe(batchKey([reading(2), reading(1)]));
  });
});
