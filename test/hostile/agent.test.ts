// Hostile input, round 2 (#21 items 14–19): the Solar Sync agent against a central API that
// streams, lies with 2xx or says "Retry-After: 0", a clock far in the future, a full disk, and
// clients that send absurd timestamps or endless chunked bodies. nock plays the central API only.
import { readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAgent, type Agent } from '../../src/agent/agent.js';
import { memoryLogger } from '../../src/agent/log.js';
import { AgentMetrics } from '../../src/agent/metrics.js';
import { Outbox } from '../../src/agent/outbox.js';
import { MAX_RESPONSE_BYTES, sendBatch, type SendOutcome } from '../../src/agent/sender.js';
import { Syncer } from '../../src/agent/syncer.js';
import { API_ORIGIN, API_PATH, fakeCentral, reading, tempDataDir, testConfig, waitFor } from '../agent/helpers.js';

let data: { dir: string; cleanup: () => Promise<void> };
const agents: Agent[] = [];

async function agentOver(env: Record<string, string> = {}, deps: Parameters<typeof startAgent>[1] = {}) {
  const agent = await startAgent(testConfig(data.dir, env), { logger: memoryLogger(), ...deps });
  agents.push(agent);
  return { agent, base: `http://127.0.0.1:${agent.port}` };
}

beforeEach(async () => {
  data = await tempDataDir();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const agent of agents.splice(0)) await agent.stop();
  nock.cleanAll();
  nock.enableNetConnect();
  await data.cleanup();
});

const apiUrl = new URL(`${API_ORIGIN}${API_PATH}`);

describe('item 14: response bodies are capped', () => {
  it('stops reading an endless 200 body after MAX_RESPONSE_BYTES and does not count it as delivered', async () => {
    // A real socket (not nock, which buffers a reply stream whole) so backpressure shows what the agent pulls.
    let pushed = 0;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const pump = (): void => {
        while (!res.destroyed && pushed < 512 * 1024 * 1024) {
          pushed += 65_536;
          if (!res.write(Buffer.alloc(65_536, 0x61))) return void res.once('drain', pump);
        }
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/solar`);
      const outcome = await sendBatch([reading(1)], { apiUrl: url, timeoutMs: 20_000 });
      expect(outcome).toMatchObject({ kind: 'retry', reason: 'unacknowledged', status: 200 });
      expect((outcome as { detail: string }).detail).toContain(`over ${MAX_RESPONSE_BYTES} bytes`);
      // Socket and stream buffers hold a few MiB at most; reading it all would be 512 MiB.
      expect(pushed).toBeLessThan(32 * 1024 * 1024);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('item 15: delivery needs the acknowledgement shape', () => {
  it.each([
    ['an HTML captive portal', '<html><body>Welcome to VillageNet</body></html>', { 'content-type': 'text/html' }],
    ['an empty body', '', {}],
    ['an acknowledgement for fewer readings', JSON.stringify({ stored: 1, duplicates: [] }), { 'content-type': 'application/json' }],
    ['a JSON array', '[]', { 'content-type': 'application/json' }],
  ])('a 200 with %s keeps the readings for a retry', async (_name, body, headers) => {
    nock(API_ORIGIN).post(API_PATH).reply(200, body, headers);
    const outcome: SendOutcome = await sendBatch([reading(1), reading(2)], { apiUrl, timeoutMs: 5000 });
    expect(outcome).toMatchObject({ kind: 'retry', reason: 'unacknowledged', status: 200 });
  });

  it('accepts stored + duplicates covering the batch', async () => {
    nock(API_ORIGIN).post(API_PATH).reply(200, { stored: 1, duplicates: ['r-2'] });
    expect(await sendBatch([reading(1), reading(2)], { apiUrl, timeoutMs: 5000 })).toEqual({ kind: 'delivered', status: 200 });
  });

  it('keeps, resends and counts unacknowledged 200s until the real API acknowledges', async () => {
    const central = fakeCentral((call) => (call <= 2 ? [200, '<html>login</html>'] : undefined));
    const { agent, base } = await agentOver();
    await agent.outbox.append([reading(1), reading(2)]);
    agent.syncer.wake();
    await waitFor(() => agent.outbox.depth === 0, 5000, 'delivery after the portal goes away');
    expect(central.requests.length).toBe(3);
    expect(central.stored.get('r-1')).toBe(1);
    expect(agent.metrics.readingsDelivered).toBe(2);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^solar_sync_send_failures_total\{reason="unacknowledged"\} 2$/m);
  });
});

describe('item 16: Retry-After never removes the backoff', () => {
  async function sendsWithin(ms: number, random: () => number): Promise<number> {
    vi.useFakeTimers();
    let sends = 0;
    const outbox = { depth: 1, peek: async () => [{ name: 'x', reading: reading(1) }], remove: async () => undefined } as unknown as Outbox;
    const syncer = new Syncer(
      { apiUrl, batchSize: 10, requestTimeoutMs: 1000, backoff: { baseMs: 100, maxMs: 1000 }, retryAfterMaxMs: 60_000, idlePollMs: 1000 },
      {
        outbox, metrics: new AgentMetrics(), logger: memoryLogger(), random,
        send: async () => {
          sends += 1;
          return { kind: 'retry', reason: 'http', status: 429, retryAfterMs: 0, detail: 'slow down' };
        },
      },
    );
    syncer.start();
    await vi.advanceTimersByTimeAsync(ms);
    const counted = sends;
    const stopped = syncer.stop(0);
    await vi.advanceTimersByTimeAsync(2000);
    await stopped;
    return counted;
  }

  it('keeps BACKOFF_BASE_MS as a floor even when the jitter draws 0', async () => {
    expect(await sendsWithin(1000, () => 0)).toBeLessThanOrEqual(11);
  });

  it('keeps the growing jittered backoff under Retry-After: 0', async () => {
    // Delays ≈ 100, 200, 400, 800 ms: at most 4 sends in the first second.
    expect(await sendsWithin(1000, () => 0.999)).toBeLessThanOrEqual(4);
  });
});

describe('item 17: sequence numbers do not depend on the clock', () => {
  it('names stay 17 digits and indexed after a restart with a clock past year 5138', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(5139, 0, 1));
    const outbox = await Outbox.open(data.dir);
    await outbox.append([reading(1), reading(2)]);
    const names = (await readdir(outbox.outboxDir)).sort();
    expect(names).toEqual(['00000000000000001-r-1.json', '00000000000000002-r-2.json']);
    const reopened = await Outbox.open(data.dir);
    expect(reopened.depth).toBe(2);
    await reopened.append([reading(3)]);
    expect((await readdir(outbox.outboxDir)).sort()[2]).toBe('00000000000000003-r-3.json');
  });
});

describe('item 18: a full disk leaves no temp files and the agent not ready', () => {
  it('removes the probe file after a failed write; /readyz stays 503 until writes work again', async () => {
    const fsp = await import('node:fs/promises');
    let diskFull = false;
    const fs = {
      ...fsp,
      // open() succeeds (an inode is free) but writing the data fails, as on a full ext4/tmpfs.
      open: (async (path: string, flags?: string, mode?: number) => {
        const handle = await fsp.open(path, flags, mode);
        if (!diskFull || flags !== 'w') return handle;
        return Object.assign(Object.create(handle), {
          writeFile: () => Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })),
          close: () => handle.close(),
        });
      }) as unknown as typeof fsp.open,
    };
    const { agent, base } = await agentOver({}, { fs, autoSync: false });
    diskFull = true;
    for (let i = 0; i < 5; i++) expect((await fetch(`${base}/readyz`)).status).toBe(503);
    const post = await fetch(`${base}/readings`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ village: 'Bamenda', power_kw: 1 }),
    });
    expect(post.status).toBe(503);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/^solar_sync_ready 0$/m);
    expect(await readdir(agent.outbox.tmpDir)).toEqual([]);
    diskFull = false;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await readdir(agent.outbox.tmpDir)).toEqual([]);
  });
});

describe('item 19: hostile client input gets 4xx, not 500 or a reset', () => {
  it('answers 400 to timestamp -1e13 (outside the Date range)', async () => {
    const { base } = await agentOver({}, { autoSync: false });
    const res = await fetch(`${base}/readings`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ village: 'Bamenda', power_kw: 1, timestamp: -1e13 }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('timestamp: before 1970');
  });

  it('answers 413 to a chunked body over MAX_BODY_BYTES instead of resetting the connection', async () => {
    const { agent } = await agentOver({ MAX_BODY_BYTES: '1024' }, { autoSync: false });
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(agent.port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk) => { text += chunk.toString('latin1'); });
      socket.on('close', () => resolve(text));
      socket.on('error', (err) => (text ? resolve(text) : reject(err)));
      socket.write('POST /readings HTTP/1.1\r\nHost: agent\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
      const chunk = `[${'1,'.repeat(255)}1]`;
      for (let i = 0; i < 8; i++) socket.write(`${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`);
      socket.write('0\r\n\r\n');
    });
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toContain('body larger than 1024 bytes');
    expect(agent.outbox.depth).toBe(0);
  });
});
