import { PassThrough } from 'node:stream';
import { KubeConfig } from '@kubernetes/client-node';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Inventory, type WatchedKind } from '../../src/webhook/inventory.js';
import { kubeTransport } from '../../src/webhook/kube.js';
import { WebhookMetrics } from '../../src/webhook/metrics.js';
import { createAdmissionPolicy } from '../../src/webhook/policy.js';
import { startReflectors } from '../../src/webhook/reflector.js';
import { parseReview } from '../../src/webhook/review.js';
import { captureLogs, fixture, testConfig, testLinter } from './helpers.js';

const API = 'https://kube.test:6443';
const PDB: WatchedKind = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets' };
const DEPLOY: WatchedKind = { apiVersion: 'apps/v1', kind: 'Deployment', resource: 'deployments' };
const PDB_PATH = '/apis/policy/v1/poddisruptionbudgets';
const DEPLOY_PATH = '/apis/apps/v1/deployments';

function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser({ name: 'test', server: API, skipTLSVerify: false }, { name: 'test', token: 'test-token' });
  return kc;
}

// List items come without apiVersion/kind, as the API server sends them.
function pdbItem(name: string, rv: string, app = name) {
  return { metadata: { name, namespace: 'shop', resourceVersion: rv, managedFields: [{ manager: 'kubectl' }] }, spec: { maxUnavailable: 1, selector: { matchLabels: { app } } }, status: { currentHealthy: 3 } };
}

function list(items: unknown[], resourceVersion: string, continueToken?: string) {
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion, ...(continueToken ? { continue: continueToken } : {}) }, items };
}

function event(type: string, object: unknown): string {
  return `${JSON.stringify({ type, object })}\n`;
}

/** A watch stream the test writes events into; it stays open until ended or dropped. */
function watchStream(): PassThrough {
  return new PassThrough();
}

type Query = Record<string, string | string[] | undefined>;
const isList = (q: Query) => q.watch === undefined;
const isWatch = (rv: string) => (q: Query) => q.watch === '1' && q.resourceVersion === rv && q.allowWatchBookmarks === 'true';

async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('inventory list+watch against the API server (nock)', () => {
  let stop: (() => Promise<void>) | undefined;
  const streams: PassThrough[] = [];
  beforeEach(() => nock.disableNetConnect());
  afterEach(async () => {
    await stop?.();
    stop = undefined;
    for (const s of streams.splice(0)) s.end();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  function run(kinds: WatchedKind[]) {
    const inventory = new Inventory(kinds);
    const metrics = new WebhookMetrics();
    const logs = captureLogs();
    const reflectors = startReflectors({ transport: kubeTransport(kubeConfig()), inventory, logger: logs, metrics, backoff: { initialMs: 5, maxMs: 20 }, watchTimeoutSeconds: 60 });
    stop = reflectors.stop;
    return { inventory, metrics, logs };
  }

  it('lists in pages with the token, then applies watch events; not synced until every kind is listed', async () => {
    const pdbWatch = watchStream();
    streams.push(pdbWatch);
    nock(API)
      .get(PDB_PATH).query((q) => isList(q) && q.limit === '500' && q.continue === undefined)
      .matchHeader('authorization', 'Bearer test-token')
      .reply(200, list([pdbItem('checkout', '90')], '', 'page-2'))
      .get(PDB_PATH).query((q) => isList(q) && q.continue === 'page-2')
      .reply(200, list([pdbItem('cart', '95')], '100'))
      .get(PDB_PATH).query(isWatch('100'))
      .reply(200, () => pdbWatch);
    // Deployments answer only later: the inventory must not claim to be synced before.
    let releaseDeployments!: () => void;
    const deploymentsListed = new Promise<void>((r) => (releaseDeployments = r));
    nock(API)
      .get(DEPLOY_PATH).query(isList)
      .reply(200, async () => (await deploymentsListed, list([], '7')))
      .get(DEPLOY_PATH).query(isWatch('7'))
      .reply(200, () => streams[streams.push(watchStream()) - 1]);

    const { inventory, metrics } = run([PDB, DEPLOY]);
    await until(() => inventory.isListed(PDB), 'PDB list');
    expect(inventory.synced()).toBe(false);
    expect(inventory.health().filter((h) => h.state === 'pending').map((h) => h.label)).toEqual(['apps/v1 Deployment']);
    releaseDeployments();
    await until(() => inventory.synced(), 'sync');

    const stored = inventory.objectsIn('shop').map((r) => r.object);
    expect(stored).toEqual([
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'checkout', namespace: 'shop', resourceVersion: '90' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'checkout' } } } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'cart', namespace: 'shop', resourceVersion: '95' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'cart' } } } },
    ]);

    pdbWatch.write(event('DELETED', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', ...pdbItem('cart', '101') }));
    pdbWatch.write(event('ADDED', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', ...pdbItem('search', '102') }));
    pdbWatch.write(event('BOOKMARK', { kind: 'PodDisruptionBudget', metadata: { resourceVersion: '110' } }));
    await until(() => inventory.objectsIn('shop').some((r) => r.name === 'search'), 'ADDED event');
    expect(inventory.objectsIn('shop').map((r) => r.name).sort()).toEqual(['checkout', 'search']);
    expect(metrics.inventorySynced.get({ kind: 'policy/v1 PodDisruptionBudget' })).toBe(1);
    expect(metrics.inventoryObjects.get({ kind: 'policy/v1 PodDisruptionBudget' })).toBe(2);
  });

  it('resumes a dropped watch from the last resourceVersion without relisting', async () => {
    const first = watchStream();
    const second = watchStream();
    streams.push(first, second);
    const listed = nock(API).get(PDB_PATH).query(isList).once().reply(200, list([pdbItem('checkout', '90')], '100'));
    nock(API)
      .get(PDB_PATH).query(isWatch('100')).reply(200, () => first)
      .get(PDB_PATH).query(isWatch('105')).reply(200, () => second);
    const { inventory, metrics, logs } = run([PDB]);
    await until(() => inventory.synced(), 'sync');
    first.write(event('MODIFIED', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', ...pdbItem('checkout', '105', 'checkout-v2') }));
    await until(() => (inventory.objectsIn('shop')[0]?.object as any)?.spec.selector.matchLabels.app === 'checkout-v2', 'MODIFIED event');
    first.destroy(new Error('socket hang up')); // the connection drops mid-stream
    await until(() => metrics.watchRestarts.get({ kind: 'policy/v1 PodDisruptionBudget', reason: 'error' }) === 1, 'the failed watch to be counted');
    second.write(event('ADDED', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', ...pdbItem('search', '106') }));
    await until(() => inventory.objectsIn('shop').length === 2, 'event after reconnect');
    expect(listed.isDone()).toBe(true);
    expect(logs.entries().filter((e) => e.msg === 'watching').map((e) => e.resourceVersion)).toEqual(['100', '105']);
    expect(inventory.synced()).toBe(true);
  });

  it('keeps retrying an API server that keeps failing without piling listeners on its abort signal', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      nock(API).get(PDB_PATH).query(isList).times(25).reply(500, { kind: 'Status', code: 500, message: 'etcd unavailable' });
      nock(API).get(PDB_PATH).query(isList).reply(200, list([pdbItem('web', '7')], '7'));
      nock(API).get(PDB_PATH).query(isWatch('7')).reply(200, () => streams[streams.push(watchStream()) - 1]);
      const { inventory, logs } = run([PDB]);
      await until(() => inventory.synced(), 'the list after 25 failures', 10_000);
      expect(logs.entries().filter((l) => l.msg === 'list/watch failed; retrying')).toHaveLength(25);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('relists after 410 Gone, as a watch ERROR event and as an HTTP status', async () => {
    const first = watchStream();
    const last = watchStream();
    streams.push(first, last);
    nock(API)
      .get(PDB_PATH).query(isList).reply(200, list([pdbItem('checkout', '90'), pdbItem('cart', '91')], '100'))
      .get(PDB_PATH).query(isWatch('100')).reply(200, () => first)
      // Relist #1: cart was deleted while we were away; no DELETED event will ever tell us.
      .get(PDB_PATH).query(isList).reply(200, list([pdbItem('checkout', '90')], '200'))
      .get(PDB_PATH).query(isWatch('200')).reply(410, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version: 200 (300)' })
      .get(PDB_PATH).query(isList).reply(200, list([pdbItem('checkout', '90'), pdbItem('search', '301')], '310'))
      .get(PDB_PATH).query(isWatch('310')).reply(200, () => last);
    const { inventory, metrics } = run([PDB]);
    await until(() => inventory.synced(), 'sync');
    expect(inventory.objectsIn('shop').map((r) => r.name).sort()).toEqual(['cart', 'checkout']);
    first.write(event('ERROR', { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version' }));
    first.end();
    await until(() => metrics.watchRestarts.get({ kind: 'policy/v1 PodDisruptionBudget', reason: 'gone' }) === 2, 'two relists');
    await until(() => inventory.objectsIn('shop').some((r) => r.name === 'search'), 'third list');
    expect(inventory.objectsIn('shop').map((r) => r.name).sort()).toEqual(['checkout', 'search']);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('feeds cross-resource verdicts at admission: the PDB from the cluster satisfies needs-pdb until it is deleted', async () => {
    const pdbWatch = watchStream();
    streams.push(pdbWatch);
    nock(API)
      .get(PDB_PATH).query(isList).reply(200, list([pdbItem('checkout', '90')], '100'))
      .get(PDB_PATH).query(isWatch('100')).reply(200, () => pdbWatch);
    const { inventory } = run([PDB]);
    const policy = createAdmissionPolicy({ linter: testLinter(), config: testConfig(), inventory, exemptNamespaces: new Set() });
    const review = () => parseReview(fixture('create-deployment-compliant.json'));

    expect(policy.decide(review()).response.warnings).toEqual(['kubelint: cross-resource rules not evaluated: policy/v1 PodDisruptionBudget not listed yet: needs-pdb']);
    await until(() => inventory.synced(), 'sync');
    expect(policy.decide(review()).response).toEqual({ uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000001', allowed: true });

    pdbWatch.write(event('DELETED', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', ...pdbItem('checkout', '101') }));
    await until(() => inventory.objectsIn('shop').length === 0, 'DELETED event');
    expect(policy.decide(review()).response.warnings).toEqual(['[needs-pdb] spec.replicas: Deployment "checkout" has no PodDisruptionBudget']);
  });
});

describe('inventory contents', () => {
  it('leaves out pods and replicasets a workload controller made, keeps bare ones', () => {
    const pods: WatchedKind = { apiVersion: 'v1', kind: 'Pod', resource: 'pods' };
    const inventory = new Inventory([pods]);
    inventory.replace(pods, [
      { metadata: { name: 'web-7d9f8-abcde', namespace: 'shop', ownerReferences: [{ kind: 'ReplicaSet', name: 'web-7d9f8', controller: true }] }, spec: {} },
      { metadata: { name: 'debug', namespace: 'shop' }, spec: {} },
      { metadata: { name: 'operator-made', namespace: 'shop', ownerReferences: [{ kind: 'Widget', name: 'w', controller: true }] }, spec: {} },
    ]);
    expect(inventory.objectsIn('shop').map((r) => r.name)).toEqual(['debug', 'operator-made']);
    inventory.upsert(pods, { metadata: { name: 'debug', namespace: 'shop', ownerReferences: [{ kind: 'Job', name: 'j', controller: true }] } });
    expect(inventory.objectsIn('shop').map((r) => r.name)).toEqual(['operator-made']);
  });

  it('gives the objects of some kinds in a namespace as objectsIn does, in its order', () => {
    const inventory = new Inventory([PDB, DEPLOY]);
    inventory.replace(DEPLOY, [{ metadata: { name: 'web', namespace: 'shop' }, spec: {} }, { metadata: { name: 'api', namespace: 'other' }, spec: {} }]);
    inventory.replace(PDB, [pdbItem('web', '1'), pdbItem('api', '1')]);
    inventory.upsert(DEPLOY, { metadata: { name: 'cart', namespace: 'shop' }, spec: {} });
    for (const kinds of [['PodDisruptionBudget'], ['Deployment'], ['Deployment', 'PodDisruptionBudget'], ['Service'], []]) {
      for (const ns of ['shop', 'other', '']) {
        expect(inventory.objectsOfKindsIn(ns, new Set(kinds))).toEqual(inventory.objectsIn(ns).filter((r) => kinds.includes(r.kind)));
      }
    }
    expect(inventory.objectsOfKindsIn('shop', new Set(['Deployment', 'PodDisruptionBudget'])).map((r) => `${r.kind}/${r.name}`)).toEqual(['PodDisruptionBudget/web', 'PodDisruptionBudget/api', 'Deployment/web', 'Deployment/cart']);
  });

  it('keeps neither status, managedFields nor kubectl\'s last-applied copy (each review serialises them), other annotations stay', () => {
    const inventory = new Inventory([PDB]);
    const annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"policy/v1"}', 'team.example.com/owner': 'shop' };
    const web = pdbItem('web', '1');
    inventory.replace(PDB, [{ ...web, metadata: { ...web.metadata, annotations } }, pdbItem('api', '1')]);
    const [kept, api] = inventory.objectsIn('shop');
    expect(kept!.object).toEqual({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'shop', resourceVersion: '1', annotations: { 'team.example.com/owner': 'shop' } }, spec: web.spec });
    expect(api!.object.metadata).toEqual({ name: 'api', namespace: 'shop', resourceVersion: '1' });
  });
});
