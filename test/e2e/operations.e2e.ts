// Operating the webhook behind a real API server: certificate rotation and SIGTERM under load,
// the webhook down (failurePolicy Fail and Ignore), an API server restart, an inventory kind the
// webhook may not list, and the API server's own request timeout.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kubectl, mustKubectl } from './harness/kubectl.js';
import { deployment, solarSync, yaml } from './harness/objects.js';
import { freePort } from './harness/processes.js';
import { slowProxy } from './harness/slow-proxy.js';
import { startSuite, type Suite } from './harness/suite.js';
import { UNDER_TEST, Webhook } from './harness/webhook.js';

describe('operating kubelint serve behind kube-apiserver', () => {
  let suite: Suite;
  const started: Array<{ stop(): Promise<unknown> }> = [];
  beforeAll(async () => {
    suite = await startSuite('operations');
  });
  afterEach(async () => {
    await suite.unregisterAll();
    for (const s of started.splice(0).reverse()) await s.stop();
  });
  afterAll(async () => {
    await suite?.cluster.stop();
  });

  const ca = () => suite.cluster.ca.pem();
  async function webhook(name: string, args: string[] = [], options: Partial<Parameters<typeof Webhook.start>[2]> = {}, api = suite.cluster.apiServer) {
    const w = await Webhook.start(suite.cluster, api, { name, args, ...options });
    started.push(w);
    return w;
  }

  it('rotates its certificate and drains on SIGTERM under a steady kubectl apply loop with zero failed requests', async () => {
    const ns = await suite.namespace('e2e-rotation');
    const hook = await webhook('kubelint-rotation', ['--shutdown-delay', '6000', '--shutdown-grace', '5000']);
    await suite.register({ name: 'e2e-rotation', url: hook.url, caPem: ca(), namespaces: [ns], failurePolicy: 'Fail' });
    await mustKubectl(suite.admin, ['apply', '-f', '-'], yaml(...solarSync(ns, ['ServiceAccount', 'ConfigMap', 'NetworkPolicy', 'PodDisruptionBudget'])));
    const results: Array<{ phase: string; code: number; stderr: string }> = [];
    let phase = 'before rotation';
    let running = true;
    let i = 0;
    const loop = (async () => {
      while (running) {
        const res = await suite.apply(yaml(deployment(ns, (d) => d.spec.template.spec.containers[0].env.push({ name: 'E2E_REVISION', value: String(i++) }))));
        results.push({ phase, code: res.code, stderr: res.stderr });
      }
    })();
    const waitFor = async (n: number) => {
      const target = results.length + n;
      while (results.length < target) await new Promise((r) => setTimeout(r, 50));
    };
    const oldSerial = (await hook.get('/healthz')).serial;
    await waitFor(3);
    phase = 'rotation';
    hook.rotateCertificate();
    let served = oldSerial;
    for (let t = 0; t < 100 && served === oldSerial; t++) {
      await new Promise((r) => setTimeout(r, 100));
      served = (await hook.get('/healthz')).serial;
    }
    expect(served).not.toBe(oldSerial);
    await waitFor(3);
    phase = 'SIGTERM';
    hook.proc.signal('SIGTERM');
    await new Promise((r) => setTimeout(r, 3000)); // within --shutdown-delay: still serving
    running = false;
    await loop;
    expect(await hook.proc.exited).toBe(0);

    expect(results.filter((r) => r.code !== 0)).toEqual([]);
    expect(new Set(results.map((r) => r.phase))).toEqual(new Set(['before rotation', 'rotation', 'SIGTERM']));
    const messages = hook.logs().map((l) => l.msg);
    expect(messages).toContain('serving certificate reloaded');
    expect(messages).toContain('draining: not ready, still serving');
    expect(messages.at(-1)).toBe('shutdown complete');
  });

  it('webhook down: failurePolicy Fail refuses the request, Ignore admits it', async () => {
    const ns = await suite.namespace('e2e-down');
    const nobody = `https://127.0.0.1:${await freePort()}/validate`;
    const object = yaml(deployment(ns));
    await suite.register({ name: 'e2e-down', url: nobody, caPem: ca(), namespaces: [ns], failurePolicy: 'Fail' });
    const refused = await suite.apply(object);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/failed calling webhook "validate\.kubelint\.io".*connection refused/);
    await suite.register({ name: 'e2e-down', url: nobody, caPem: ca(), namespaces: [ns], failurePolicy: 'Ignore' });
    const ignored = await suite.apply(object);
    expect([ignored.code, ignored.stdout.trim()]).toEqual([0, 'deployment.apps/solar-sync created']);
  });

  it('keeps working across a restart of the API server it watches', async () => {
    const api = await suite.cluster.addApiServer(); // this test's own API server, on the same etcd
    started.push({ stop: () => api.proc.stop() });
    const admin = api.kubeconfig('admin-restart', suite.cluster.admin);
    const ns = await suite.namespace('e2e-restart');
    const hook = await webhook('kubelint-restart', [], {}, api);
    await suite.register({ name: 'e2e-restart', url: hook.url, caPem: ca(), namespaces: [ns] });
    await mustKubectl(admin, ['apply', '-f', '-'], yaml(...solarSync(ns, ['ServiceAccount', 'ConfigMap', 'NetworkPolicy', 'PodDisruptionBudget', 'Deployment'])));

    await api.restart(2000);
    expect((await hook.get('/readyz')).status).toBe(200); // stale for seconds, well within the bound
    // A change after the restart reaches the webhook through its resumed watch.
    await mustKubectl(admin, ['delete', 'pdb', 'solar-sync', '-n', ns]);
    let n = 0;
    let warned = false;
    while (!warned && n < 120) {
      const res = await kubectl(admin, ['apply', '-f', '-'], yaml(deployment(ns, (d) => d.spec.template.spec.containers[0].env.push({ name: 'E2E_REVISION', value: String(n++) }))));
      expect(res.code).toBe(0);
      warned = res.warnings.some((w) => w.startsWith('[pdb-required]'));
      if (!warned) await new Promise((r) => setTimeout(r, 500));
    }
    expect(warned).toBe(true);
    const restarts = (await hook.get('/metrics')).body.split('\n').filter((l) => l.startsWith('kubelint_webhook_watch_restarts_total{') && !l.endsWith(' 0'));
    expect(restarts.length).toBeGreaterThan(0);
  });

  it('an inventory kind it may not list (RBAC) disables only the rules reading it: /readyz, /metrics, kubectl warning', async () => {
    // The shipped ClusterRole without poddisruptionbudgets, bound to another identity.
    const shipped = parseAllDocuments(readFileSync(`${UNDER_TEST}/manifests/kubelint-webhook/rbac.yaml`, 'utf8')).map((d) => d.toJS());
    const role = shipped.find((d) => d.kind === 'ClusterRole');
    role.metadata.name = 'e2e-limited-inventory';
    role.rules = role.rules.filter((r: { apiGroups: string[] }) => !r.apiGroups.includes('policy'));
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'e2e-limited-inventory' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'e2e-limited-webhook' }] };
    await mustKubectl(suite.admin, ['apply', '-f', '-'], yaml(role, binding));
    const identity = suite.cluster.ca.issue('e2e-limited-webhook', 'client', { cn: 'e2e-limited-webhook' });
    const hook = await webhook('kubelint-limited', [], { identity });

    const ready = await hook.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatch(/^ok \(degraded: some rules not evaluated\)\n/);
    expect(ready.body).toMatch(/\[-\]inventory policy\/v1 PodDisruptionBudget failed: HTTP 403: poddisruptionbudgets\.policy is forbidden: .*; rules not evaluated: .*pdb-required/);
    expect(ready.body).toMatch(/\[\+\]inventory apps\/v1 Deployment synced/);
    const metrics = (await hook.get('/metrics')).body;
    expect(metrics).toContain('kubelint_webhook_rules_disabled{rule="pdb-required",kind="policy/v1 PodDisruptionBudget"} 1');
    expect(metrics).toContain('kubelint_webhook_inventory_usable{kind="policy/v1 PodDisruptionBudget",state="failed"} 0');
    expect(metrics).toMatch(/kubelint_webhook_inventory_sync_age_seconds\{kind="apps\/v1 Deployment"\} 0\n/);

    const ns = await suite.namespace('e2e-rbac');
    await suite.register({ name: 'e2e-rbac', url: hook.url, caPem: ca(), namespaces: [ns], failurePolicy: 'Fail' });
    const res = await suite.apply(yaml(deployment(ns, (d) => (d.spec.template.spec.hostPID = true))));
    expect(res.code).toBe(1); // per-resource rules still enforce
    expect(res.stderr).toMatch(/^- \[no-host-namespaces\] /m);
    expect(res.warnings.find((w) => w.includes('not evaluated'))).toMatch(/^kubelint: cross-resource rules not evaluated: policy\/v1 PodDisruptionBudget cannot be listed \(forbidden, HTTP 403\): .*pdb-required/);
    // networkpolicy-egress reads NetworkPolicies, which it can list: still evaluated.
    expect(res.warnings.some((w) => w.startsWith('[networkpolicy-egress]'))).toBe(true);
  });

  it('honours the API server\'s timeout: a review slowed past 2 s on the way is still judged when timeoutSeconds allows 10 s', async () => {
    const ns = await suite.namespace('e2e-timeout');
    const hook = await webhook('kubelint-timeout');
    const proxy = await slowProxy(hook.tls, ca(), hook.port, 2500);
    started.push({ stop: () => proxy.close() });
    await suite.register({ name: 'e2e-timeout', url: proxy.url, caPem: ca(), namespaces: [ns], failurePolicy: 'Fail', timeoutSeconds: 10 });
    const bad = await suite.apply(yaml(deployment(ns, (d) => (d.spec.template.spec.hostPID = true))));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/denied the request: kubelint: Deployment "solar-sync" in namespace "e2e-timeout" has 1 policy violation/);
    const review = hook.logs().find((l) => l.msg === 'admission review' && l.namespace === ns);
    expect(review?.deadlineMs).toBe(9000);
  });
});
