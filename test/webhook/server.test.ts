import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticInventory, type InventoryView } from '../../src/webhook/inventory.js';
import { startWebhook, type RunningWebhook } from '../../src/webhook/webhook.js';
import type { WebhookConfig } from '../../src/config/types.js';
import type { ServerLimits } from '../../src/webhook/server.js';
import { call, captureLogs, CART_DENIAL, fixture, makeCertificate, pdb, postReview, resource, tempDir, testConfig, testLinter, type CapturedLogs } from './helpers.js';

const dir = tempDir();
const tls = makeCertificate(dir);

async function start(options: { webhook?: Partial<WebhookConfig>; view?: InventoryView; limits?: Partial<ServerLimits> } = {}) {
  const logs = captureLogs();
  const webhook = await startWebhook({
    config: testConfig({ port: 0, tlsCert: tls.cert, tlsKey: tls.key, ...options.webhook }),
    linter: testLinter(),
    logger: logs,
    inventory: { view: options.view ?? staticInventory([resource(pdb('checkout', 'shop', { app: 'checkout' }))]) },
    ownNamespace: 'kubelint',
    host: '127.0.0.1',
    limits: options.limits,
    certificate: { pollMs: 0 },
  });
  return { webhook, logs, port: webhook.address.port };
}

/** Sends headers and part of a body, then waits for whatever the server answers. */
function partialPost(port: number, headers: Record<string, string | number>, chunk: Buffer, chunked = false): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const req = httpsRequest({ host: '127.0.0.1', port, method: 'POST', path: '/validate', ca: tls.pem, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server closes the connection after refusing; writing more may fail, which is fine.
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    const pump = () => {
      // Chunked: keep sending until refused; otherwise send one chunk of the declared length.
      while (req.write(chunk)) {
        sent += chunk.length;
        if (!chunked) return;
        if (sent > 16 * 1024 * 1024) return req.end();
      }
      sent += chunk.length;
      if (chunked) req.once('drain', pump);
    };
    pump();
  });
}

describe('webhook server over HTTPS', () => {
  let running: { webhook: RunningWebhook; logs: CapturedLogs; port: number };
  beforeAll(async () => {
    running = await start();
  });
  afterAll(async () => {
    await running.webhook.shutdown(1000);
  });

  it('denies a Deployment with violations with exact AdmissionReview fields', async () => {
    const res = await postReview(running.port, tls.pem, fixture('create-deployment-violations.json'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json()).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: CART_DENIAL,
    });
  });

  it('answers every golden review with the expected decision', async () => {
    const expected: Record<string, unknown> = {
      'create-deployment-compliant.json': { uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000001', allowed: true },
      'delete-deployment.json': { uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000004', allowed: true },
      'connect-pod-exec.json': { uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000005', allowed: true },
      // A replica change whose Deployment the (empty) inventory does not hold: the failure policy answers.
      'update-deployment-scale.json': {
        uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000007',
        allowed: true,
        warnings: ['kubelint: not evaluated (replica change: Deployment "cart" is not in the inventory); allowed by failure policy'],
      },
      'create-namespace.json': { uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000008', allowed: true },
      'create-crd-instance.json': { uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000010', allowed: true },
      'create-pdb.json': { uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000011', allowed: true },
      'create-secret.json': { uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000009', allowed: true, warnings: ['[secret-strength] data.password: fails the rule "Secret values are strong" (details are not shown for Secrets)'] },
      'update-deployment.json': {
        uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000003',
        allowed: false,
        status: {
          code: 403,
          reason: 'Forbidden',
          message:
            'kubelint: Deployment "checkout" in namespace "shop" has 1 policy violation:\n' +
            '- [no-latest] spec.template.spec.containers[0].image: image "registry.example.com/checkout:latest" uses the latest tag',
        },
      },
    };
    for (const [name, response] of Object.entries(expected)) {
      const res = await postReview(running.port, tls.pem, fixture(name));
      expect({ name, status: res.status, body: res.json() }).toEqual({ name, status: 200, body: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response } });
    }
  });

  it('decides a dry-run exactly like the real request', async () => {
    const real = (await postReview(running.port, tls.pem, fixture('create-deployment-violations.json'))).json().response;
    const dry = (await postReview(running.port, tls.pem, fixture('dry-run-create-deployment.json'))).json().response;
    expect(dry).toEqual({ ...real, uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000006' });
  });

  it('never lets a Secret\'s data or annotations into responses or logs', async () => {
    const res = await postReview(running.port, tls.pem, fixture('create-secret.json'));
    const everything = res.body + running.logs.lines.join('\n');
    expect(running.logs.entries().some((e) => e.uid === '0b6c1c9a-1d1e-4b7a-9a51-000000000009' && e.kind === 'Secret')).toBe(true);
    for (const secret of ['aHVudGVyMi1TRUNSRVQtdmFsdWU=', 'hunter2-SECRET-value', 'STRINGDATA-SECRET-91b2', 'ANNOTATION-SECRET-7f3a9c', 'recovery-code']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('refuses a body that is not JSON with 415 before reading it', async () => {
    for (const type of ['text/plain', 'application/yaml', undefined]) {
      const headers: Record<string, string> = type ? { 'Content-Type': type } : {};
      const res = await call(running.port, tls.pem, { headers, body: JSON.stringify(fixture('create-pdb.json')) });
      expect(res.status).toBe(415);
      expect(res.json().error).toMatch(/^Content-Type must be application\/json/);
    }
    const withCharset = await call(running.port, tls.pem, { headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(fixture('create-pdb.json')) });
    expect(withCharset.status).toBe(200);
  });

  it('answers 413 to a declared 8 MiB body after receiving only the first MiB', async () => {
    const res = await partialPost(running.port, { 'Content-Type': 'application/json', 'Content-Length': 8 * 1024 * 1024 }, Buffer.alloc(1024 * 1024, 0x20));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toBe('body of 8388608 bytes exceeds the limit of 7340032 bytes');
    expect(res.sent).toBeLessThanOrEqual(1024 * 1024);
  });

  it('answers 413 to a chunked body once it passes 7 MiB, without reading the rest', async () => {
    const res = await partialPost(running.port, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, Buffer.alloc(256 * 1024, 0x20), true);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toBe('body exceeds the limit of 7340032 bytes');
    expect(res.sent).toBeLessThan(16 * 1024 * 1024);
  });

  it('answers 400 to malformed JSON and to reviews without request or uid', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{"apiVersion": "admission.k8s.io/v1", "kind": "Admiss', /^body is not valid JSON/],
      [JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }), /^AdmissionReview has no request$/],
      [JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { operation: 'CREATE' } }), /^request.uid must be a non-empty string$/],
      [JSON.stringify({ ...fixture('create-pdb.json'), apiVersion: 'admission.k8s.io/v1beta1' }), /^apiVersion must be "admission.k8s.io\/v1"/],
      [JSON.stringify([1, 2]), /^body must be a JSON object/],
    ];
    for (const [body, error] of cases) {
      const res = await call(running.port, tls.pem, { headers: { 'Content-Type': 'application/json' }, body });
      expect(res.status).toBe(400);
      expect(res.json().error).toMatch(error);
    }
    const noObject = fixture('create-pdb.json');
    noObject.request.object = null;
    const res = await postReview(running.port, tls.pem, noObject);
    expect(res.status).toBe(400);
    expect(res.json().error).toBe('request.object is required for CREATE');
  });

  it('rejects other methods and paths', async () => {
    expect((await call(running.port, tls.pem, { method: 'GET' })).status).toBe(405);
    expect((await call(running.port, tls.pem, { method: 'GET', path: '/nope' })).status).toBe(404);
  });

  it('serves /healthz, /readyz and Prometheus /metrics', async () => {
    expect((await call(running.port, tls.pem, { method: 'GET', path: '/healthz' })).body).toBe('ok\n');
    expect((await call(running.port, tls.pem, { method: 'GET', path: '/readyz' })).status).toBe(200);
    const metrics = await call(running.port, tls.pem, { method: 'GET', path: '/metrics' });
    expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metrics.body).toMatch(/^kubelint_webhook_reviews_total\{decision="denied"\} [1-9]\d*$/m);
    expect(metrics.body).toMatch(/^kubelint_webhook_reviews_total\{decision="skipped"\} [1-9]\d*$/m);
    expect(metrics.body).toMatch(/^kubelint_webhook_rejected_requests_total\{code="415",reason="unsupported-media-type"\} [1-9]\d*$/m);
    expect(metrics.body).toMatch(/^kubelint_webhook_review_duration_seconds_bucket\{le="\+Inf"\} [1-9]\d*$/m);
    expect(metrics.body).toMatch(/^kubelint_webhook_in_flight_requests 0$/m);
  });
});

describe('webhook failure handling', () => {
  const configMapReview = () => {
    const review = fixture('create-crd-instance.json');
    review.request.kind = { group: '', version: 'v1', kind: 'ConfigMap' };
    review.request.object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' } };
    return review;
  };

  it('answers an internal error per failurePolicy allow, and counts it', async () => {
    const { webhook, port, logs } = await start({ webhook: { failurePolicy: 'allow' } });
    try {
      const res = await postReview(port, tls.pem, configMapReview());
      expect(res.json().response).toEqual({ uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000010', allowed: true, warnings: ['kubelint: not evaluated (internal error); allowed by failure policy'] });
      expect(webhook.metrics.policyErrors.get({ cause: 'exception' })).toBe(1);
      expect(webhook.metrics.reviews.get({ decision: 'failed-open' })).toBe(1);
      expect(logs.entries().find((e) => e.msg.startsWith('policy evaluation failed'))?.error).toBe('policy bundle corrupted');
    } finally {
      await webhook.shutdown(1000);
    }
  });

  it('answers an internal error per failurePolicy deny', async () => {
    const { webhook, port } = await start({ webhook: { failurePolicy: 'deny' } });
    try {
      const res = await postReview(port, tls.pem, configMapReview());
      expect(res.json().response).toEqual({
        uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000010',
        allowed: false,
        status: { code: 403, reason: 'Forbidden', message: 'kubelint could not evaluate this request (internal error); failure policy is deny' },
      });
    } finally {
      await webhook.shutdown(1000);
    }
  });

  it('is not ready until the inventory has synced', async () => {
    let synced = false;
    const view: InventoryView = {
      synced: () => synced,
      health: () => [{ label: 'policy/v1 PodDisruptionBudget', kind: 'PodDisruptionBudget', state: synced ? 'synced' : 'pending' }],
      objectsIn: () => [],
    };
    const { webhook, port } = await start({ view });
    try {
      const before = await call(port, tls.pem, { method: 'GET', path: '/readyz' });
      expect([before.status, before.body]).toEqual([503, 'inventory not synced: policy/v1 PodDisruptionBudget\n[-]inventory policy/v1 PodDisruptionBudget pending; rules not evaluated: needs-pdb\n']);
      synced = true;
      expect((await call(port, tls.pem, { method: 'GET', path: '/readyz' })).status).toBe(200);
    } finally {
      await webhook.shutdown(1000);
    }
  });

  it('evaluates beside a stalled body (it holds no evaluation slot) and answers that one 408 at the deadline', async () => {
    const { webhook, port } = await start({ limits: { maxInFlight: 1, deadlineMs: 300 } });
    try {
      // Declares a body and never sends it: it is being received, not evaluated, until the deadline.
      const stalled = partialPost(port, { 'Content-Type': 'application/json', 'Content-Length': 1000 }, Buffer.from('{"apiVersion":'));
      await new Promise((r) => setTimeout(r, 50));
      expect((await postReview(port, tls.pem, fixture('create-pdb.json'))).status).toBe(200);
      const late = await stalled;
      expect([late.status, JSON.parse(late.body).error]).toEqual([408, 'request body not received within the deadline']);
      expect((await postReview(port, tls.pem, fixture('create-pdb.json'))).status).toBe(200);
    } finally {
      await webhook.shutdown(1000);
    }
  });

  it('sets Node\'s header and request timeouts', async () => {
    const { webhook } = await start();
    try {
      expect([webhook.server.server.headersTimeout, webhook.server.server.requestTimeout]).toEqual([10_000, 15_000]);
    } finally {
      await webhook.shutdown(1000);
    }
  });
});
