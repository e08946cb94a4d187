// The answer deadline follows the API server's own `?timeout=` instead of a fixed 2 s.
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerDeadlineMs, parseGoDuration } from '../../src/webhook/deadline.js';
import type { RunningWebhook } from '../../src/webhook/webhook.js';
import { fixture, makeCertificate, startTestWebhook, tempDir, type CapturedLogs } from './helpers.js';

describe('the timeout the API server sends', () => {
  it('reads Go durations as client-go writes them', () => {
    expect(['5s', '1m0s', '1.5s', '300ms', '1h0m0s', '10s'].map(parseGoDuration)).toEqual([5000, 60000, 1500, 300, 3_600_000, 10000]);
    expect(['1500\u00b5s', '2500\u03bcs'].map(parseGoDuration)).toEqual([1.5, 2.5]); // micro sign and Greek mu
    expect(['', '5', 's', '-5s', '5 s', 'five'].map(parseGoDuration)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('answers a margin before it expires (a quarter, 250 ms to 1 s), or after the fallback without one', () => {
    expect(['1s', '2s', '5s', '10s', '30s'].map((t) => answerDeadlineMs(t, 2000))).toEqual([750, 1500, 4000, 9000, 29000]);
    expect([null, undefined, 'garbage', '0s'].map((t) => answerDeadlineMs(t, 2000))).toEqual([2000, 2000, 2000, 2000]);
  });
});

/** POSTs a review in two parts, the second after `pauseMs` (a slow network path). */
function slowPost(port: number, ca: string, path: string, body: string, pauseMs: number): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, method: 'POST', path, ca, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    setTimeout(() => req.end(body.slice(half)), pauseMs);
  });
}

describe('webhook server deadline', () => {
  const tls = makeCertificate(tempDir());
  let webhook: RunningWebhook;
  let logs: CapturedLogs;
  beforeAll(async () => {
    ({ webhook, logs } = await startTestWebhook(tls));
  });
  afterAll(() => webhook.shutdown(1000));

  it('waits for a body that arrives after 2 s when the API server allows 10 s, and evaluates it', async () => {
    const review = JSON.stringify(fixture('create-deployment-violations.json'));
    const res = await slowPost(webhook.address.port, tls.pem, '/validate?timeout=10s', review, 2500);
    expect(res.status).toBe(200);
    expect(res.json.response.allowed).toBe(false); // judged, not answered by the failure policy
    expect(logs.entries().find((e) => e.msg === 'admission review')?.deadlineMs).toBe(9000);
  });

  it('gives up before a 1 s timeout expires instead of after its own 2 s', async () => {
    const review = JSON.stringify(fixture('create-pdb.json'));
    const res = await slowPost(webhook.address.port, tls.pem, '/validate?timeout=1s', review, 1500);
    expect(res.status).toBe(408);
    expect(logs.entries().filter((e) => e.msg === 'review deadline exceeded').map((e) => e.deadlineMs)).toEqual([750]);
  });
});
