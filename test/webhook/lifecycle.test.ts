import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import path from 'node:path';
import { connect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { staticInventory } from '../../src/webhook/inventory.js';
import { startWebhook } from '../../src/webhook/webhook.js';
import { call, captureLogs, fixture, makeCertificate, postReview, tempDir, testConfig, testLinter, until } from './helpers.js';

async function start(certFile: string, keyFile: string) {
  const logs = captureLogs();
  const webhook = await startWebhook({
    config: testConfig({ port: 0, tlsCert: certFile, tlsKey: keyFile }),
    linter: testLinter(),
    logger: logs,
    inventory: { view: staticInventory([]) },
    host: '127.0.0.1',
    certificate: { debounceMs: 50, pollMs: 0 },
  });
  return { webhook, logs, port: webhook.address.port };
}

/** The common name of the certificate a fresh TLS connection is served. */
function servedCommonName(port: number, ca: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      const cn = socket.getPeerCertificate().subject.CN;
      socket.end();
      resolve(Array.isArray(cn) ? cn.join(',') : String(cn));
    });
    socket.on('error', reject);
  });
}

/** Replaces a file the way a Secret volume update does: write aside, then rename over. */
function swap(from: string, to: string): void {
  const staging = `${to}.new`;
  copyFileSync(from, staging);
  renameSync(staging, to);
}

describe('certificate rotation', () => {
  it('serves the new certificate after the files change, with no failed request during traffic', async () => {
    const dir = tempDir();
    const live = path.join(dir, 'live');
    const oldPair = makeCertificate(dir, 'old', 'kubelint-old');
    const newPair = makeCertificate(dir, 'new', 'kubelint-new');
    mkdirSync(live);
    const certFile = path.join(live, 'tls.crt');
    const keyFile = path.join(live, 'tls.key');
    copyFileSync(oldPair.cert, certFile);
    copyFileSync(oldPair.key, keyFile);
    const { webhook, port } = await start(certFile, keyFile);
    const ca = [oldPair.pem, newPair.pem];
    try {
      expect(await servedCommonName(port, ca)).toBe('kubelint-old');
      let stop = false;
      const statuses: number[] = [];
      const errors: unknown[] = [];
      // Traffic on fresh connections (every request handshakes) and on a kept-alive one.
      const keepAlive = new Agent({ keepAlive: true, maxSockets: 1, ca });
      const traffic = (async () => {
        while (!stop) {
          const results = await Promise.allSettled([
            postReview(port, ca, fixture('create-pdb.json'), false),
            postReview(port, ca, fixture('create-pdb.json'), keepAlive),
          ]);
          for (const r of results) r.status === 'fulfilled' ? statuses.push(r.value.status) : errors.push(r.reason);
        }
      })();
      // Counted in responses, not milliseconds: a loaded machine answers fewer per 100 ms.
      await until(() => statuses.length + errors.length >= 6, 'traffic before the swap', 30_000);
      swap(newPair.key, keyFile);
      swap(newPair.cert, certFile);
      await until(async () => (await servedCommonName(port, ca)) === 'kubelint-new', 'the new certificate');
      const swapped = statuses.length + errors.length;
      await until(() => statuses.length + errors.length >= swapped + 6, 'traffic after the swap', 30_000);
      stop = true;
      await traffic;
      keepAlive.destroy();
      expect(errors).toEqual([]);
      expect(statuses.length).toBeGreaterThan(10);
      expect(new Set(statuses)).toEqual(new Set([200]));
      expect(webhook.metrics.certReloads.get({ result: 'ok' })).toBe(1);
    } finally {
      await webhook.shutdown(1000);
    }
  });

  it('keeps the current certificate when the new pair does not match, and logs why', async () => {
    const dir = tempDir();
    const a = makeCertificate(dir, 'a', 'kubelint-a');
    const b = makeCertificate(dir, 'b', 'kubelint-b');
    const { webhook, port, logs } = await start(a.cert, a.key);
    try {
      swap(b.cert, a.cert); // new certificate, old key: a mismatched pair
      await until(() => webhook.metrics.certReloads.get({ result: 'error' }) >= 1, 'the rejected reload');
      expect(await servedCommonName(port, [a.pem, b.pem])).toBe('kubelint-a');
      const entry = logs.entries().find((e) => e.msg === 'new serving certificate rejected; keeping the current one');
      expect(entry?.error).toBe(`${a.key} does not match the certificate in ${a.cert}`);
      expect((await postReview(port, a.pem, fixture('create-pdb.json'))).status).toBe(200);
    } finally {
      await webhook.shutdown(1000);
    }
  });
});

/**
 * A review whose body arrives in two parts, `gapMs` apart: it is in flight meanwhile. It carries
 * the API server's `?timeout=30s`, so the webhook's answer deadline does not cut the gap short.
 */
function slowReview(port: number, ca: string, gapMs: number): Promise<number> {
  const body = Buffer.from(JSON.stringify(fixture('create-deployment-violations.json')));
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, method: 'POST', path: '/validate?timeout=30s', ca, agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => (res.statusCode === 200 && JSON.parse(text).response.allowed === false ? resolve(200) : reject(new Error(`status ${res.statusCode}: ${text}`))));
    });
    req.on('error', reject);
    req.write(body.subarray(0, 100));
    setTimeout(() => req.end(body.subarray(100)), gapMs);
  });
}

describe('graceful shutdown', () => {
  it('stops accepting, completes in-flight reviews, then resolves', async () => {
    const dir = tempDir();
    const pair = makeCertificate(dir);
    const { webhook, port } = await start(pair.cert, pair.key);
    // A gap long enough for all 20 TLS handshakes on a loaded machine before the first completes.
    const inFlight = Array.from({ length: 20 }, () => slowReview(port, pair.pem, 1500));
    await until(() => webhook.server.inFlight() === 20, '20 reviews in flight');
    const started = Date.now();
    const shutdown = webhook.shutdown(5000);
    await new Promise((r) => setTimeout(r, 50));
    await expect(postReview(port, pair.pem, fixture('create-pdb.json'), false)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await Promise.all(inFlight)).toEqual(new Array(20).fill(200));
    await shutdown;
    expect(Date.now() - started).toBeLessThan(4500); // drained: well before the 5 s grace period
    expect(webhook.server.server.listening).toBe(false);
  });

  it('gives up on reviews that never finish once the grace period is over', async () => {
    const dir = tempDir();
    const pair = makeCertificate(dir);
    const { webhook, port } = await start(pair.cert, pair.key);
    const stuck = slowReview(port, pair.pem, 60_000).catch((error: Error) => error);
    await until(() => webhook.server.inFlight() === 1, 'the stuck review');
    const started = Date.now();
    await webhook.shutdown(300);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
    expect(await stuck).toBeInstanceOf(Error);
  });

  it('reports not-ready but keeps serving during the shutdown delay', async () => {
    const dir = tempDir();
    const pair = makeCertificate(dir);
    const { webhook, port } = await start(pair.cert, pair.key);
    const done = webhook.drainAndShutdown(400, 1000);
    await new Promise((r) => setTimeout(r, 50));
    const ready = await call(port, pair.pem, { method: 'GET', path: '/readyz' });
    expect([ready.status, ready.body, ready.headers.connection]).toEqual([503, 'shutting down\n', 'close']);
    const review = await postReview(port, pair.pem, fixture('create-pdb.json'), false);
    expect(review.status).toBe(200);
    await done;
    await expect(postReview(port, pair.pem, fixture('create-pdb.json'), false)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
