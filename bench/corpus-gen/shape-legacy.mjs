// The `legacy` corpus shape: a repository linted for the first time. Application bundles as
// teams wrote them before any policy existed — Deployments, StatefulSets and CronJobs without
// securityContext, resources or probes, images on `:latest` or untagged, plain Services and
// ConfigMaps, no PodDisruptionBudget or NetworkPolicy — so nearly every workload has 10–15
// findings. The objects stay schema-valid (kubeconform validates it like plain); what it
// stresses is the number of findings, not the number of objects.
import { createRandom } from './random.mjs';

const TEAMS = ['billing', 'catalog', 'checkout', 'search', 'identity', 'reporting', 'notify', 'media', 'ops', 'data'];
const ROLES = ['api', 'web', 'worker', 'gateway', 'sync', 'indexer', 'export', 'cache', 'admin', 'feed'];
const IMAGES = ['nginx', 'redis', 'node', 'python', 'openjdk', 'busybox', 'registry.example.com/apps/server', 'postgres'];

/** An image as legacy manifests pin it: `:latest`, no tag at all, or now and then a real tag. */
function legacyImage(rng, role) {
  const base = rng.pick(IMAGES);
  const pick = rng.next();
  if (pick < 0.5) return `${base}:latest`;
  if (pick < 0.85) return base;
  return `${base}:${role}-1.${rng.int(0, 9)}`;
}

function container(rng, app, config) {
  const c = { name: app, image: legacyImage(rng, app.split('-')[0]) };
  if (rng.chance(0.6)) c.ports = [{ containerPort: rng.pick([80, 8080, 3000, 5000]) }];
  if (rng.chance(0.7)) {
    c.env = [
      { name: 'APP_ENV', value: 'production' },
      { name: 'LOG_LEVEL', value: rng.pick(['info', 'debug']) },
    ];
    // Credentials written straight into the manifest, as first drafts do.
    if (rng.chance(0.3)) c.env.push({ name: 'DB_PASSWORD', value: 'changeme' });
  }
  // Requests copied from a neighbour now and then; limits and probes never.
  if (rng.chance(0.5)) c.resources = { requests: { cpu: rng.pick(['100m', '250m', '500m']), memory: rng.pick(['128Mi', '256Mi', '512Mi']) } };
  if (rng.chance(0.5)) c.envFrom = [{ configMapRef: { name: config } }];
  if (rng.chance(0.1)) c.securityContext = { privileged: true };
  return c;
}

function podSpec(rng, app, config) {
  const spec = { containers: [container(rng, app, config)] };
  if (rng.chance(0.15)) spec.containers.push({ name: 'sidecar', image: rng.pick(['busybox', 'fluentd:latest', 'envoyproxy/envoy']) });
  if (rng.chance(0.1)) spec.hostNetwork = true;
  if (rng.chance(0.1)) spec.volumes = [{ name: 'host-logs', hostPath: { path: '/var/log' } }];
  return spec;
}

const meta = (name, ns, app, team) => ({ name, namespace: ns, labels: { app, team } });

/** One application: its workload, a ConfigMap and (for long-running workloads) a Service. */
function legacyBundle(rng, app, ns, team) {
  const config = `${app}-config`;
  const labels = { app };
  const cm = {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(config, ns, app, team),
    data: { 'app.properties': `server.port=8080\nlog.level=info\nfeature.${app}=true\n` },
  };
  const pod = { metadata: { labels }, spec: podSpec(rng, app, config) };
  const shape = rng.next();
  let workload;
  if (shape < 0.7) {
    workload = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(app, ns, app, team), spec: { replicas: rng.pick([1, 1, 2, 3]), selector: { matchLabels: labels }, template: pod } };
  } else if (shape < 0.85) {
    workload = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta(app, ns, app, team), spec: { serviceName: app, replicas: 1, selector: { matchLabels: labels }, template: pod } };
  } else {
    pod.spec.restartPolicy = 'OnFailure';
    workload = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta(app, ns, app, team),
      spec: { schedule: `${rng.int(0, 59)} ${rng.int(0, 23)} * * *`, jobTemplate: { spec: { template: pod } } },
    };
    return [cm, workload];
  }
  const service = {
    apiVersion: 'v1', kind: 'Service', metadata: meta(app, ns, app, team),
    spec: { selector: labels, ports: [{ port: 80, targetPort: pod.spec.containers[0].ports?.[0]?.containerPort ?? 8080 }] },
  };
  if (rng.chance(0.1)) service.spec.type = rng.pick(['NodePort', 'LoadBalancer']);
  return [cm, workload, service];
}

/**
 * `size` resources of legacy bundles, ~20 per file, one namespace per file (10 namespaces, and one
 * more per 500 resources past 5,000). Returns `[{ name, resources }]`; deterministic for a seed.
 */
export function legacyResources(size, seed) {
  const rng = createRandom(seed + 5);
  const count = Math.min(20, Math.max(1, Math.ceil(size / 500)));
  const spaces = Array.from({ length: count }, (_, i) => ({ ns: `${TEAMS[i % TEAMS.length]}${i < TEAMS.length ? '' : `-${Math.floor(i / TEAMS.length) + 1}`}`, team: TEAMS[i % TEAMS.length], files: [], current: [], apps: 0 }));
  const flush = (s) => {
    if (s.current.length === 0) return;
    s.files.push({ name: `${s.ns}-${String(s.files.length + 1).padStart(3, '0')}.yaml`, resources: s.current });
    s.current = [];
  };
  let total = 0;
  for (let turn = 0; total < size; turn++) {
    const s = spaces[turn % spaces.length];
    const bundle = legacyBundle(rng, `${rng.pick(ROLES)}-${s.apps++}`, s.ns, s.team).slice(0, size - total);
    s.current.push(...bundle);
    total += bundle.length;
    if (s.current.length >= 20) flush(s);
  }
  for (const s of spaces) flush(s);
  return spaces.flatMap((s) => s.files);
}
