// Hostile input, round 2 (#21 item 1): one review must never stall the webhook. A Pod of 10,000
// containers (~418 KB) held the event loop for 28–66 s, 40,000 overflowed the stack and failed
// open, deep nesting had no guard and a lone UTF-16 surrogate made Rego throw (failing open).
// Objects over the review limits are answered without evaluation, by mode; evaluations take
// turns so /healthz and the deadline answer between them.
import { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLinter } from '../../src/engine/linter-factory.js';
import type { Check } from '../../src/engine/check.js';
import { createLinter } from '../../src/engine/engine.js';
import { DEFAULT_REVIEW_LIMITS } from '../../src/webhook/bounds.js';
import type { RunningWebhook } from '../../src/webhook/webhook.js';
import { call, makeCertificate, postReview, startTestWebhook, tempDir, type CapturedLogs, type HttpResult } from '../webhook/helpers.js';

const tls = makeCertificate(tempDir());

function podReview(uid: string, spec: string, operation = 'CREATE', labels = '{"app":"big"}'): string {
  const object = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"big","namespace":"shop","labels":${labels}},"spec":${spec}}`;
  return `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"${uid}","kind":{"group":"","version":"v1","kind":"Pod"},"operation":"${operation}","namespace":"shop","name":"big",${operation === 'DELETE' ? '"oldObject"' : '"object"'}:${object}}}`;
}

/** n containers of ~42 bytes each, as in the report (10,000 make ~418 KB). */
function containers(n: number): string {
  return `{"containers":[${Array.from({ length: n }, (_, i) => `{"name":"c${i}","image":"busybox:1.36.1"}`).join(',')}]}`;
}

function post(port: number, body: string, path = '/validate', agent?: Agent): Promise<HttpResult> {
  return call(port, tls.pem, { path, headers: { 'Content-Type': 'application/json' }, body, agent });
}

describe('reviews over the limits, with the real rules', () => {
  let webhook: RunningWebhook;
  let logs: CapturedLogs;
  let port: number;
  beforeAll(async () => {
    // failurePolicy allow: an over-limit object must still be denied, not waved through.
    ({ webhook, logs, port } = await startTestWebhook(tls, { linter: await getLinter(), webhook: { failurePolicy: 'allow' } }));
  });
  afterAll(() => webhook.shutdown(1000));

  it('denies a Pod of 10,000 containers (~418 KB) without evaluating it, naming the limit', async () => {
    const body = podReview('u-10k', containers(10_000));
    expect(body.length).toBeGreaterThan(400_000);
    const res = await post(port, body);
    expect(res.json().response).toEqual({
      uid: 'u-10k',
      allowed: false,
      status: {
        code: 403,
        reason: 'Forbidden',
        message: 'kubelint: Pod "big" in namespace "shop" is not evaluated: spec has 10000 containers, over the limit of 100 per pod (a webhook review limit: webhook.limits.maxContainers in the webhook config)',
      },
    });
    expect(webhook.metrics.overLimit.get({ limit: 'containers' })).toBe(1);
    expect(logs.entries().find((e) => e.uid === 'u-10k')).toMatchObject({ decision: 'denied', skipReason: 'over-limit', limit: 'containers' });
  }, 120_000);

  it('denies a Pod of 40,000 containers (it overflowed the stack and failed open)', async () => {
    const res = await post(port, podReview('u-40k', containers(40_000)));
    expect(res.json().response.allowed).toBe(false);
    expect(res.json().response.status.message).toContain('spec has 40000 containers, over the limit of 100 per pod');
  }, 120_000);

  it('denies an object nested 100,000 levels deep (no stack overflow, no fail-open)', async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const res = await post(port, podReview('u-deep', `{"containers":[{"name":"c","image":"busybox:1.36"}],"affinity":${deep}}`));
    expect(res.json().response.allowed).toBe(false);
    expect(res.json().response.status.message).toContain(`spec.affinity${'.a'.repeat(198)} is nested deeper than the limit of 200 levels`);
  });

  it('denies an array of 5,000 env entries (rules compare list items pairwise)', async () => {
    const env = Array.from({ length: 5_000 }, (_, i) => `{"name":"E${i}","value":"v"}`).join(',');
    const res = await post(port, podReview('u-env', `{"containers":[{"name":"c","image":"busybox:1.36","env":[${env}]}]}`));
    expect(res.json().response.status.message).toContain('spec.containers[0].env has 5000 items, over the limit of 1000');
  });

  it('evaluates a lone UTF-16 surrogate as the API server stores it (U+FFFD) instead of failing open', async () => {
    const spec = '{"containers":[{"name":"c","image":"busybox:1.36","securityContext":{"privileged":true}}]}';
    const lone = (await post(port, podReview('u-lone', spec, 'CREATE', '{"app":"\\ud800x","\\udfff":"k"}'))).json().response;
    const replaced = (await post(port, podReview('u-lone', spec, 'CREATE', '{"app":"\\ufffdx","\\ufffd":"k"}'))).json().response;
    expect(lone.allowed).toBe(false);
    expect(lone.status.message).toContain('[no-privileged]');
    expect(lone).toEqual(replaced);
  });

  it('still evaluates a Pod of 100 containers, the limit', async () => {
    const res = await post(port, podReview('u-100', containers(DEFAULT_REVIEW_LIMITS.maxContainers)));
    expect(res.json().response.allowed).toBe(false);
    expect(res.json().response.status.message).toMatch(/^kubelint: Pod "big" in namespace "shop" has \d+ policy violations:\n- \[/);
  });

  it('lets a Pod over the limits be deleted', async () => {
    const res = await post(port, podReview('u-delete', containers(10_000), 'DELETE'));
    expect(res.json().response).toEqual({ uid: 'u-delete', allowed: true });
  });
});

describe('over-limit answers follow the mode', () => {
  it('warn mode admits with a warning naming the limit', async () => {
    const { webhook, port } = await startTestWebhook(tls, { webhook: { mode: 'warn' } });
    try {
      const res = (await post(port, podReview('u-warn', containers(101)))).json().response;
      expect(res).toEqual({
        uid: 'u-warn',
        allowed: true,
        warnings: ['kubelint: Pod "big" in namespace "shop" is not evaluated: spec has 101 containers, over the limit of 100 per pod (a webhook review limit: webhook.limits.maxContainers in the webhook config)'],
      });
    } finally {
      await webhook.shutdown(1000);
    }
  });
});

describe('evaluations take turns', () => {
  // Each evaluation holds the event loop for 300 ms, like a large review with the real rules.
  let evaluations = 0;
  const slowCheck: Check = {
    rules: [{ id: 'slow', title: 'Slow', description: 'Busy.', severity: 'error', kinds: ['Pod'], scope: 'resource', origin: 'rego' }],
    run() {
      evaluations++;
      const until = performance.now() + 300;
      while (performance.now() < until);
      return [];
    },
  };

  it('answers /healthz between evaluations, and per the failure policy once the deadline passed in the queue', async () => {
    const { webhook, port } = await startTestWebhook(tls, { linter: createLinter([slowCheck]) });
    try {
      const order: string[] = [];
      const spec = '{"containers":[{"name":"c","image":"busybox:1.36"}]}';
      // Connections open before the reviews, so all five arrive together (and the probe's handshake is not timed).
      const agent = new Agent({ keepAlive: true, maxSockets: 5, ca: tls.pem });
      const probe = new Agent({ keepAlive: true, maxSockets: 1, ca: tls.pem });
      await Promise.all([probe, ...Array(5).fill(agent)].map((a) => call(port, tls.pem, { method: 'GET', path: '/healthz', agent: a })));
      // ?timeout=1s: answers due after 750 ms; five reviews need 1.5 s of evaluation one after the other.
      const reviews = Array.from({ length: 5 }, (_, i) =>
        post(port, podReview(`u-turn-${i}`, spec), '/validate?timeout=1s', agent).then((res) => {
          order.push(`review ${i}`);
          return res.json().response;
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      const health = call(port, tls.pem, { method: 'GET', path: '/healthz', agent: probe }).then((res) => order.push(`healthz ${res.status}`));
      const answers = await Promise.all(reviews);
      await health;
      // Answered by the deadline without being evaluated: the failure policy (allow) says so.
      const late = answers.filter((a) => a.warnings?.[0] === 'kubelint: not evaluated (deadline exceeded); allowed by failure policy');
      expect(late.length).toBeGreaterThan(0);
      expect(evaluations).toBe(answers.length - late.length);
      expect(order.indexOf('healthz 200')).toBeLessThan(order.indexOf('review 4'));
      agent.destroy();
      probe.destroy();
    } finally {
      await webhook.shutdown(1000);
    }
  });
});
