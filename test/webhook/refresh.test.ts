// A cross-resource denial is confirmed against a fresh list of the namespace: the watch may not
// have delivered the PDB that `kubectl apply -f dir/` created a millisecond before the Deployment.
import { PassThrough } from 'node:stream';
import { KubeConfig } from '@kubernetes/client-node';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Check } from '../../src/engine/check.js';
import { createLinter } from '../../src/engine/engine.js';
import type { WatchedKind } from '../../src/webhook/inventory.js';
import { kubeTransport } from '../../src/webhook/kube.js';
import { startWebhook } from '../../src/webhook/webhook.js';
import { captureLogs, fixture, makeCertificate, pdb, postReview, tempDir, testConfig, testLinter } from './helpers.js';

const API = 'https://kube.test:6443';
const PDB: WatchedKind = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets' };
const NS: WatchedKind = { apiVersion: 'v1', kind: 'Namespace', resource: 'namespaces' };

/** A cross-resource rule on the reviewed object's Namespace, as the pss-* rules read its labels. */
const labelledNamespace: Check = {
  rules: [{ id: 'labelled-namespace', title: 'Namespace labelled', description: 'Owners.', severity: 'error', kinds: ['Deployment'], scope: 'batch', reads: ['Namespace'], origin: 'rego' }],
  run(batch) {
    const owned = new Set(batch.filter((r) => r.kind === 'Namespace' && (r.object.metadata as any)?.labels?.owner).map((r) => r.name));
    return batch.filter((r) => r.kind === 'Deployment' && !owned.has(r.namespace ?? '')).map((r) => ({ ruleId: 'labelled-namespace', message: 'namespace has no owner label', resource: r, path: ['metadata', 'namespace'] }));
  },
};

describe('cross-resource denials are confirmed against a fresh list', () => {
  const watch = new PassThrough();
  afterEach(() => {
    watch.end();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('admits a Deployment whose PDB the API server has but the watch has not delivered yet', async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    nock(API)
      .get('/apis/policy/v1/poddisruptionbudgets').query((q) => q.watch === undefined).reply(200, { metadata: { resourceVersion: '1' }, items: [] })
      .get('/apis/policy/v1/poddisruptionbudgets').query((q) => q.watch === '1').reply(200, () => watch) // silent: the event is late
      .get('/apis/policy/v1/namespaces/shop/poddisruptionbudgets').reply(200, { metadata: { resourceVersion: '2' }, items: [pdb('checkout', 'shop', { app: 'checkout' })] });
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser({ name: 'test', server: API, skipTLSVerify: false }, { name: 'test', token: 't' });
    const tls = makeCertificate(tempDir());
    const webhook = await startWebhook({
      config: testConfig({ port: 0, tlsCert: tls.cert, tlsKey: tls.key, crossResource: 'deny' }),
      linter: testLinter(),
      logger: captureLogs(),
      inventory: { transport: kubeTransport(kc), kinds: [PDB] },
      host: '127.0.0.1',
      certificate: { pollMs: 0 },
    });
    try {
      while (!webhook.inventory.synced()) await new Promise((r) => setTimeout(r, 5));
      const res = await postReview(webhook.address.port, tls.pem, fixture('create-deployment-compliant.json'));
      expect(res.json().response).toEqual({ uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000001', allowed: true });
      expect(webhook.metrics.rechecks.get({ result: 'done' })).toBe(1);
      // Still a denial when the fresh list agrees: nothing selects the pods.
      nock(API).get('/apis/policy/v1/namespaces/shop/poddisruptionbudgets').reply(200, { metadata: { resourceVersion: '3' }, items: [] });
      const review = fixture('create-deployment-compliant.json');
      review.request.object.metadata.labels.app = review.request.object.spec.template.metadata.labels.app = 'other';
      review.request.object.spec.selector = { matchLabels: { app: 'other' } };
      const denied = await postReview(webhook.address.port, tls.pem, review);
      expect(denied.json().response.allowed).toBe(false);
      expect(denied.json().response.status.message).toContain('[needs-pdb]');
      expect(webhook.metrics.rechecks.get({ result: 'done' })).toBe(2);
    } finally {
      await webhook.shutdown(1000);
    }
  });

  it('confirms a denial resting on the Namespace with a field-selected list (list/watch RBAC, no get)', async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    nock(API)
      .get('/api/v1/namespaces').query((q) => q.watch === undefined && q.fieldSelector === undefined).reply(200, { metadata: { resourceVersion: '1' }, items: [{ metadata: { name: 'shop' } }] })
      .get('/api/v1/namespaces').query((q) => q.watch === '1').reply(200, () => watch)
      .get('/api/v1/namespaces').query({ fieldSelector: 'metadata.name=shop' }).reply(200, { metadata: { resourceVersion: '2' }, items: [{ metadata: { name: 'shop', labels: { owner: 'payments' } } }] });
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser({ name: 'test', server: API, skipTLSVerify: false }, { name: 'test', token: 't' });
    const tls = makeCertificate(tempDir());
    const webhook = await startWebhook({
      config: testConfig({ port: 0, tlsCert: tls.cert, tlsKey: tls.key, crossResource: 'deny' }),
      linter: createLinter([labelledNamespace]),
      logger: captureLogs(),
      inventory: { transport: kubeTransport(kc), kinds: [NS] },
      host: '127.0.0.1',
      certificate: { pollMs: 0 },
    });
    try {
      while (!webhook.inventory.synced()) await new Promise((r) => setTimeout(r, 5));
      const res = await postReview(webhook.address.port, tls.pem, fixture('create-deployment-compliant.json'));
      expect(res.json().response).toEqual({ uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000001', allowed: true });
      expect(webhook.metrics.rechecks.get({ result: 'done' })).toBe(1);
    } finally {
      await webhook.shutdown(1000);
    }
  });
});
