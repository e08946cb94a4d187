// Admission latency through a real kube-apiserver: 2,000 Deployment creates with the kubelint
// webhook registered and 2,000 without, interleaved one for one (each namespace in turn) so both
// see the same machine. Latency is the client's: the time of one
// `POST /apis/apps/v1/namespaces/<ns>/deployments` (what kubectl waits for, without its process
// start). The API server's own histogram of the webhook call is printed beside it.
//
//   bash test/e2e/build-cluster.sh && npm run build
//   npx vite-node bench/webhook/webhook-apiserver.ts -- [--amount 2000] [--warmup 200] [--compare <checkout>] [--floor] [--cpu-prof-dir dir] [--shapes-out file]
// --compare: also the webhook of another built checkout, registered for a third namespace that
// takes its turn in the same rotation: a before/after under the very same load.
// --floor: also a webhook that exempts its namespace (parses, logs and answers, evaluates
// nothing): what calling any webhook costs, to tell from what kubelint's evaluation adds.
// --cpu-prof-dir: each webhook process writes a V8 CPU profile under dir/<name> when it stops.
// --shapes-out: see writeShapes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { mustKubectl } from '../../test/e2e/harness/kubectl.js';
import { deployment, solarSync, yaml } from '../../test/e2e/harness/objects.js';
import { startSuite } from '../../test/e2e/harness/suite.js';
import { Webhook } from '../../test/e2e/harness/webhook.js';

const { values } = parseArgs({ options: { amount: { type: 'string', default: '2000' }, warmup: { type: 'string', default: '200' }, 'cpu-prof-dir': { type: 'string' }, 'shapes-out': { type: 'string' }, compare: { type: 'string' }, floor: { type: 'boolean', default: false } } });
const amount = Number(values.amount);
const warmup = Number(values.warmup);

const built = execFileSync('bash', [path.join(import.meta.dirname, '../../test/e2e/build-cluster.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n');
process.env.KUBELINT_E2E_ETCD = built.find((l) => l.includes('/etcd-'));
process.env.KUBELINT_E2E_KUBE_APISERVER = built.find((l) => l.includes('/kube-apiserver-'));

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function summary(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(2);
  return `p50 ${f(quantile(s, 0.5))} ms  p90 ${f(quantile(s, 0.9))}  p99 ${f(quantile(s, 0.99))}  max ${f(s.at(-1)!)}  (n=${s.length})`;
}

/**
 * The review the webhook gets for one create (the Deployment as the API server would store it:
 * defaults and managedFields) and the namespace's objects as the API server lists them, for
 * webhook-decide.ts --shapes (the in-process cost of exactly these reviews).
 */
async function writeShapes(file: string, ns: string): Promise<void> {
  const d = deployment(ns);
  const object = JSON.parse((await mustKubectl(suite.admin, ['create', '--dry-run=server', '--show-managed-fields', '-o', 'json', '-f', '-'], yaml({ ...d, metadata: { ...d.metadata, name: 'load-0' } }))).stdout);
  const listed = JSON.parse((await mustKubectl(suite.admin, ['get', '-n', ns, 'all,serviceaccounts,networkpolicies,poddisruptionbudgets', '--show-managed-fields', '-o', 'json'])).stdout).items;
  const namespace = JSON.parse((await mustKubectl(suite.admin, ['get', 'namespace', ns, '--show-managed-fields', '-o', 'json'])).stdout);
  const group = { group: 'apps', version: 'v1' };
  const review = {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '00000000-0000-4000-8000-000000000000',
      kind: { ...group, kind: 'Deployment' },
      resource: { ...group, resource: 'deployments' },
      requestKind: { ...group, kind: 'Deployment' },
      requestResource: { ...group, resource: 'deployments' },
      name: object.metadata.name,
      namespace: ns,
      operation: 'CREATE',
      userInfo: { username: 'admin', groups: ['system:masters', 'system:authenticated'] },
      object,
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ review, objects: [...listed, namespace] }, null, 1));
}

const suite = await startSuite('bench');
const { cluster } = suite;
/** The namespaces creates go to, in turn: one without a webhook, one per webhook under test. */
const targets: Array<{ ns: string; label: string; hook?: Webhook; ms: number[] }> = [{ ns: 'bench-without', label: 'without webhook', ms: [] }];
try {
  const profile = (name: string) => (values['cpu-prof-dir'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['cpu-prof-dir'], name)}`] : []);
  const checkouts: Array<{ name: string; ns: string; label: string; checkout?: string; args?: string[] }> = [{ name: 'kubelint-bench', ns: 'bench-with', label: 'with webhook' }];
  if (values.compare) checkouts.push({ name: 'kubelint-compare', ns: 'bench-compare', label: `with webhook of ${values.compare}`, checkout: path.resolve(values.compare) });
  if (values.floor) {
    // kubelint exempting the namespace it reviews: an answer without any evaluation.
    const config = path.join(cluster.dir, 'floor.kubelint.json');
    writeFileSync(config, JSON.stringify({ webhook: { exemptNamespaces: ['bench-floor'] } }));
    checkouts.push({ name: 'kubelint-floor', ns: 'bench-floor', label: 'with webhook, namespace exempt (floor)', args: ['--config', config] });
  }
  for (const c of checkouts) {
    const hook = await Webhook.start(cluster, cluster.apiServer, { name: c.name, nodeArgs: profile(c.name), ...(c.checkout ? { checkout: c.checkout } : {}), ...(c.args ? { args: c.args } : {}) });
    targets.push({ ns: c.ns, label: c.label, ms: [], hook });
  }
  for (const { ns } of targets) {
    await suite.namespace(ns);
    // The namespace as a real one: its PDB and NetworkPolicies, so creates are compliant and every
    // cross-resource rule runs against an inventory.
    await mustKubectl(suite.admin, ['apply', '-f', '-'], yaml(...solarSync(ns, ['ServiceAccount', 'ConfigMap', 'NetworkPolicy', 'PodDisruptionBudget'])));
  }
  if (values['shapes-out']) await writeShapes(values['shapes-out'], 'bench-with');
  for (const [i, c] of checkouts.entries()) {
    await suite.register({ name: c.name, url: targets[i + 1]!.hook!.url, caPem: cluster.ca.pem(), namespaces: [c.ns], failurePolicy: 'Fail' });
  }

  const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: readFileSync(cluster.ca.cert), cert: readFileSync(cluster.admin.cert), key: readFileSync(cluster.admin.key) });
  const template = deployment('x');
  async function create(ns: string, name: string): Promise<number> {
    const body = JSON.stringify({ ...template, metadata: { ...template.metadata, name, namespace: ns } });
    const started = performance.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${cluster.apiServer.url}/apis/apps/v1/namespaces/${ns}/deployments`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
    const ms = performance.now() - started;
    if (status !== 201) throw new Error(`create ${ns}/${name}: HTTP ${status}`);
    return ms;
  }
  for (let i = 0; i < targets.length * (warmup + amount); i++) {
    const n = Math.floor(i / targets.length);
    const target = targets[i % targets.length]!;
    const ms = await create(target.ns, `load-${n}`);
    if (n >= warmup) target.ms.push(ms);
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`kube-apiserver ${path.basename(process.env.KUBELINT_E2E_KUBE_APISERVER!)}, ${amount} creates each (after ${warmup} warm-up), load average ${load}`);
  const sorted = targets.map((t) => [...t.ms].sort((a, b) => a - b));
  for (const t of targets) console.log(`${t.label}: ${summary(t.ms)}`);
  for (let k = 1; k < targets.length; k++) {
    const added = (q: number) => (quantile(sorted[k]!, q) - quantile(sorted[0]!, q)).toFixed(2);
    console.log(`added ${targets[k]!.label}: p50 ${added(0.5)} ms, p90 ${added(0.9)} ms, p99 ${added(0.99)} ms`);
  }
  const metrics = (await mustKubectl(suite.admin, ['get', '--raw', '/metrics'])).stdout;
  console.log('kube-apiserver apiserver_admission_webhook_admission_duration_seconds (validate.kubelint.io):');
  for (const line of metrics.split('\n')) if (line.startsWith('apiserver_admission_webhook_admission_duration_seconds') && line.includes('validate.kubelint.io')) console.log(`  ${line}`);
  for (const t of targets.slice(1)) {
    const reviews = t.hook!.logs().filter((l) => l.msg === 'admission review').map((l) => l.durationMs as number);
    // Skipped reviews (the floor's exempt namespace) are not logged at the info level.
    if (reviews.length > 0) console.log(`${t.label}, its own review durations: ${summary(reviews)}`);
  }
  agent.destroy();
} finally {
  for (const t of targets) await t.hook?.stop();
  await suite.unregisterAll();
  await cluster.stop();
}
