// End to end: the built agent (`node dist/agent/main.js`, run `npm run build` first) against a
// real HTTP server on 127.0.0.1, killed with SIGKILL mid-sync and restarted.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir, waitFor } from './helpers.js';

const MAIN = fileURLToPath(new URL('../../dist/agent/main.js', import.meta.url));

interface Central {
  server: Server;
  url: string;
  /** How many times each key arrived; the first arrival is "new", later ones are duplicates. */
  arrivals: Map<string, number>;
  requests: number;
  hung: ServerResponse[];
  /** Request numbers (1-based) to store but never answer, as if the agent died while waiting. */
  hangOn: Set<number>;
}

async function startCentral(): Promise<Central> {
  const central: Central = { server: undefined as unknown as Server, url: '', arrivals: new Map(), requests: 0, hung: [], hangOn: new Set() };
  central.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      central.requests += 1;
      const { readings } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { readings: Array<{ idempotency_key: string }> };
      const duplicates = readings.filter((r) => central.arrivals.has(r.idempotency_key)).map((r) => r.idempotency_key);
      for (const r of readings) central.arrivals.set(r.idempotency_key, (central.arrivals.get(r.idempotency_key) ?? 0) + 1);
      // The acknowledgement shape the agent requires (src/agent/README.md).
      const ack = JSON.stringify({ stored: readings.length - duplicates.length, duplicates });
      if (central.hangOn.has(central.requests)) {
        central.hung.push(res);
        return;
      }
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(ack), 10);
    });
  });
  await new Promise<void>((resolve) => central.server.listen(0, '127.0.0.1', resolve));
  central.url = `http://127.0.0.1:${(central.server.address() as AddressInfo).port}/api/solar`;
  return central;
}

interface Running {
  child: ChildProcess;
  port: Promise<number>;
  exit: Promise<number | null>;
  output: string[];
}

function runAgent(env: Record<string, string>): Running {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  let buffer = '';
  const port = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        output.push(line);
        const record = JSON.parse(line) as { msg: string; port?: number };
        if (record.msg === 'solar-sync agent listening') resolve(record.port!);
      }
    });
    child.once('exit', (code) => reject(new Error(`agent exited (${code}) before listening:\n${output.join('\n')}`)));
  });
  port.catch(() => undefined);
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, port, exit, output };
}

describe('built agent process', () => {
  let central: Central;
  let data: Awaited<ReturnType<typeof tempDataDir>>;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before the tests`);
    central = await startCentral();
    data = await tempDataDir();
  });

  afterAll(async () => {
    for (const res of central.hung) res.destroy();
    await new Promise((resolve) => central.server.close(resolve));
    await data.cleanup();
  });

  it('delivers every acknowledged reading exactly once as new across a SIGKILL mid-sync', async () => {
    const env = {
      API_URL: central.url, DATA_DIR: data.dir, HOST: '127.0.0.1', PORT: '0', BATCH_SIZE: '5',
      REQUEST_TIMEOUT_MS: '5000', BACKOFF_BASE_MS: '5', BACKOFF_MAX_MS: '50', IDLE_POLL_MS: '20',
    };
    central.hangOn.add(3); // the API stores batch 3, the agent dies before the answer
    const first = runAgent(env);
    const port = await first.port;
    const keys: string[] = [];
    for (let batch = 0; batch < 6; batch += 1) {
      const readings = Array.from({ length: 10 }, (_, i) => ({ id: `e2e-${batch}-${i}`, village: 'Bamenda', power_kw: batch * 10 + i }));
      const res = await fetch(`http://127.0.0.1:${port}/readings`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(readings),
      });
      expect(res.status).toBe(202);
      keys.push(...readings.map((r) => r.id));
    }
    await waitFor(() => central.hung.length === 1, 5000, 'the third batch to reach the API');
    first.child.kill('SIGKILL');
    expect(await first.exit).toBeNull();
    const beforeRestart = central.arrivals.size;
    expect(beforeRestart).toBeLessThan(keys.length); // the kill really came mid-sync

    const second = runAgent(env);
    await second.port;
    await waitFor(() => keys.every((k) => central.arrivals.has(k)), 8000, 'all readings after restart');
    // Each key was stored once as new; only the batch the API held when the agent died came
    // again, under the same keys, so the API recognised it as duplicates.
    expect(central.arrivals.size).toBe(keys.length);
    const repeated = [...central.arrivals].filter(([, n]) => n > 1).map(([k]) => k);
    expect(repeated).toHaveLength(5);
    expect([...central.arrivals.keys()].filter((k) => !keys.includes(k))).toEqual([]);

    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
    expect(second.output.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
  }, 20_000);

  it('exits 2 listing every bad variable', async () => {
    const run = runAgent({ API_URL: 'nope', PORT: '99999', BATCH_SIZE: 'many' });
    expect(await run.exit).toBe(2);
    const text = run.output.join('\n');
    expect(text).toContain('API_URL: not a valid URL');
    expect(text).toContain('PORT: 99999 is out of range');
    expect(text).toContain('BATCH_SIZE: expected a whole number');
  });
});
