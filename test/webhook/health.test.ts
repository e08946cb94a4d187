// Inventory failures stay local: a kind the webhook may not list (RBAC) or whose watch has been
// down too long disables only the rules that read it, named in /readyz, /metrics and the warning.
import { PassThrough } from 'node:stream';
import { KubeConfig } from '@kubernetes/client-node';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Check } from '../../src/engine/check.js';
import { createLinter } from '../../src/engine/engine.js';
import { readiness } from '../../src/webhook/health.js';
import { Inventory, type WatchedKind } from '../../src/webhook/inventory.js';
import { kubeTransport } from '../../src/webhook/kube.js';
import { WebhookMetrics } from '../../src/webhook/metrics.js';
import { createAdmissionPolicy } from '../../src/webhook/policy.js';
import { startReflectors } from '../../src/webhook/reflector.js';
import { parseReview } from '../../src/webhook/review.js';
import { captureLogs, fixture, needsPdbCheck, testConfig, until } from './helpers.js';

const API = 'https://kube.test:6443';
const PDB: WatchedKind = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets' };
const SVC: WatchedKind = { apiVersion: 'v1', kind: 'Service', resource: 'services' };

// needs-pdb reads only PDBs; needs-service (a Deployment must have a Service in its namespace)
// reads only Services: an unlistable PDB kind must leave the second one working.
const needsPdb: Check = { ...needsPdbCheck, rules: [{ ...needsPdbCheck.rules[0]!, reads: ['PodDisruptionBudget'] }] };
const needsService: Check = {
  rules: [{ id: 'needs-service', title: 'Service', description: 'Exposed.', severity: 'error', kinds: ['Deployment'], scope: 'batch', reads: ['Service'], origin: 'rego' }],
  run(batch) {
    const services = batch.filter((r) => r.kind === 'Service');
    return batch
      .filter((r) => r.kind === 'Deployment' && !services.some((s) => s.namespace === r.namespace))
      .map((r) => ({ ruleId: 'needs-service', message: `no Service in namespace "${r.namespace}"`, resource: r, path: ['metadata', 'name'] }));
  },
};

function policyOver(inventory: Inventory) {
  return createAdmissionPolicy({ linter: createLinter([needsPdb, needsService]), config: testConfig(), inventory, exemptNamespaces: new Set() });
}

const FORBIDDEN = {
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  reason: 'Forbidden',
  code: 403,
  message: 'poddisruptionbudgets.policy is forbidden: User "system:serviceaccount:kubelint-system:kubelint-webhook" cannot list resource "poddisruptionbudgets" in API group "policy" at the cluster scope',
};

describe('a kind the webhook may not list (RBAC)', () => {
  let stop: (() => Promise<void>) | undefined;
  const watch = new PassThrough();
  afterEach(async () => {
    await stop?.();
    watch.end();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('disables only the rules reading it, and says so in /readyz, /metrics and the warning', async () => {
    nock.disableNetConnect();
    nock(API).get('/apis/policy/v1/poddisruptionbudgets').query(true).times(1000).reply(403, FORBIDDEN);
    nock(API)
      .get('/api/v1/services').query((q) => q.watch === undefined).reply(200, { metadata: { resourceVersion: '5' }, items: [] })
      .get('/api/v1/services').query((q) => q.watch === '1').reply(200, () => watch);
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser({ name: 'test', server: API, skipTLSVerify: false }, { name: 'test', token: 't' });
    const inventory = new Inventory([PDB, SVC]);
    const metrics = new WebhookMetrics();
    stop = startReflectors({ transport: kubeTransport(kc), inventory, logger: captureLogs(), metrics, backoff: { initialMs: 5, maxMs: 20 } }).stop;
    await until(() => inventory.health().every((h) => h.state !== 'pending'), 'both kinds settled');

    const policy = policyOver(inventory);
    const decision = policy.decide(parseReview(fixture('create-deployment-compliant.json')));
    // needs-service ran (and found no Service); needs-pdb did not, and the warning says why.
    expect(decision.response).toEqual({
      uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000001',
      allowed: true,
      warnings: [
        'kubelint: cross-resource rules not evaluated: policy/v1 PodDisruptionBudget cannot be listed (forbidden, HTTP 403): needs-pdb',
        '[needs-service] metadata.name: no Service in namespace "shop"',
      ],
    });
    expect(decision.inventoryMissing).toBe(true);

    const ready = readiness(inventory, policy.blockedRules());
    expect(ready.ready).toBe(true);
    const lines = ready.text.split('\n');
    expect(lines[0]).toBe('ok (degraded: some rules not evaluated)');
    expect(lines[1]).toMatch(/^\[-\]inventory policy\/v1 PodDisruptionBudget failed: HTTP 403: poddisruptionbudgets.policy is forbidden: .*; rules not evaluated: needs-pdb$/);
    expect(lines[2]).toMatch(/^\[\+\]inventory v1 Service synced, last synced 0 s ago$/);

    metrics.observeInventory(inventory.health(), policy.blockedRules());
    const text = metrics.render();
    expect(text).toContain('kubelint_webhook_rules_disabled{rule="needs-pdb",kind="policy/v1 PodDisruptionBudget"} 1');
    expect(text).toContain('kubelint_webhook_inventory_usable{kind="policy/v1 PodDisruptionBudget",state="failed"} 0');
    expect(text).toContain('kubelint_webhook_inventory_usable{kind="v1 Service",state="synced"} 1');
    expect(text).not.toContain('rule="needs-service"');
  });
});

describe('a stale inventory (API server unreachable)', () => {
  it('keeps rules while the watch is down for less than the bound, then disables those reading the stale kind', () => {
    let now = 1_000_000;
    const inventory = new Inventory([PDB, SVC], { maxStaleSeconds: 120, now: () => now });
    inventory.replace(PDB, []);
    inventory.replace(SVC, [{ metadata: { name: 'checkout', namespace: 'shop' }, spec: {} }]);
    inventory.watchOpened(PDB);
    inventory.watchOpened(SVC);
    now += 600_000; // ten quiet minutes with open watches: current
    expect(inventory.health().map((h) => [h.state, h.ageSeconds])).toEqual([['synced', 0], ['synced', 0]]);

    inventory.failed(PDB, { message: 'connect ECONNREFUSED 127.0.0.1:6443' }); // the API server goes away
    now += 119_000;
    expect(inventory.health()[0]).toEqual({ label: 'policy/v1 PodDisruptionBudget', kind: 'PodDisruptionBudget', state: 'synced', ageSeconds: 119 });
    const policy = policyOver(inventory);
    // The PDB list is empty, so needs-pdb is evaluated and fires: the rule still runs.
    expect(policy.decide(parseReview(fixture('create-deployment-compliant.json'))).response.warnings).toEqual(['[needs-pdb] spec.replicas: Deployment "checkout" has no PodDisruptionBudget']);

    now += 2_000;
    expect(inventory.health()[0]).toEqual({
      label: 'policy/v1 PodDisruptionBudget', kind: 'PodDisruptionBudget', state: 'stale', reason: 'connect ECONNREFUSED 127.0.0.1:6443', ageSeconds: 121,
    });
    const decision = policy.decide(parseReview(fixture('create-deployment-compliant.json')));
    expect(decision.response).toEqual({
      uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000001',
      allowed: true,
      warnings: ['kubelint: cross-resource rules not evaluated: policy/v1 PodDisruptionBudget stale, last synced 121 s ago: needs-pdb'],
    });
    const ready = readiness(inventory, policy.blockedRules());
    expect(ready.ready).toBe(true);
    expect(ready.text).toContain('[-]inventory policy/v1 PodDisruptionBudget stale, last synced 121 s ago: connect ECONNREFUSED 127.0.0.1:6443; rules not evaluated: needs-pdb');

    const metrics = new WebhookMetrics();
    metrics.observeInventory(inventory.health(), policy.blockedRules());
    expect(metrics.render()).toContain('kubelint_webhook_inventory_sync_age_seconds{kind="policy/v1 PodDisruptionBudget"} 121');

    inventory.replace(PDB, []); // the relist after the API server is back
    expect(inventory.health()[0]!.state).toBe('synced');
    expect(policy.blockedRules().size).toBe(0);
  });
});
