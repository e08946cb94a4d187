// Builders for the benchmark corpus: realistic application bundles (workload + Service, ConfigMap,
// PDB, HPA, NetworkPolicy) whose objects are valid against the Kubernetes schema. Non-compliance
// is injected as named defects so the generator can count what it planted.

/** Pod-level and container-level policy defects; every one keeps the object schema-valid. */
export const WORKLOAD_DEFECTS = [
  'latest-tag', 'no-limits', 'no-requests', 'privileged', 'no-probes', 'run-as-root', 'host-path',
  'host-network', 'added-capabilities', 'no-seccomp', 'privilege-escalation', 'token-mounted',
  'writable-root', 'probe-wrong-port',
];
/** Defects that break a cross-resource relation (PDB, NetworkPolicy, selectors). */
export const BUNDLE_DEFECTS = ['no-pdb', 'pdb-blocks-eviction', 'service-selector-typo', 'open-egress'];
/**
 * Deliberate schema errors: an unknown (misspelt) field, which strict schema validation rejects
 * while lenient Go decoders in peer tools ignore it — so no peer aborts on the corpus.
 */
export const SCHEMA_ERRORS = ['container-field-typo', 'spec-field-typo'];

const TEAMS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'billing', 'ledger', 'notify', 'media', 'geo'];
const ROLES = ['api', 'worker', 'gateway', 'indexer', 'scheduler', 'web', 'sync', 'export', 'auth', 'cache'];
const REGISTRY = 'registry.example.com';
const ENV_NAMES = ['LOG_LEVEL', 'HTTP_PORT', 'METRICS_PORT', 'DB_POOL_SIZE', 'CACHE_TTL', 'FEATURE_FLAGS',
  'TRACING_ENDPOINT', 'REGION', 'SHUTDOWN_GRACE', 'MAX_INFLIGHT', 'RETRY_LIMIT', 'TIMEOUT_MS'];

function labels(app, team, extra = {}) {
  return {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/part-of': team,
    'app.kubernetes.io/managed-by': 'kustomize',
    ...extra,
  };
}

function cpu(rng) { return `${rng.pick([50, 100, 200, 250, 500])}m`; }
function memory(rng) { return `${rng.pick([64, 128, 256, 512])}Mi`; }

function container(rng, name, image, defects, { longRunning = true } = {}) {
  const port = rng.pick([8080, 8000, 9000, 3000]);
  const requests = { cpu: cpu(rng), memory: memory(rng) };
  const c = {
    name,
    image: defects.has('latest-tag') ? `${REGISTRY}/${image}:latest` : `${REGISTRY}/${image}:${rng.int(1, 4)}.${rng.int(0, 20)}.${rng.int(0, 9)}`,
    imagePullPolicy: 'IfNotPresent',
    args: ['--config=/etc/app/config.yaml', `--port=${port}`],
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }],
    env: rng.sample(ENV_NAMES, rng.int(3, 8)).map((n) => ({ name: n, value: String(rng.int(1, 500)) })),
    resources: {
      requests: defects.has('no-requests') ? undefined : requests,
      limits: defects.has('no-limits') ? undefined : { cpu: `${Number.parseInt(requests.cpu) * 2}m`, memory: requests.memory },
    },
    securityContext: {
      allowPrivilegeEscalation: defects.has('privilege-escalation'),
      privileged: defects.has('privileged') ? true : undefined,
      readOnlyRootFilesystem: !defects.has('writable-root'),
      runAsNonRoot: defects.has('run-as-root') ? undefined : true,
      runAsUser: defects.has('run-as-root') ? 0 : 10001,
      capabilities: defects.has('added-capabilities') ? { add: ['NET_ADMIN', 'SYS_TIME'], drop: ['ALL'] } : { drop: ['ALL'] },
    },
    volumeMounts: [{ name: 'config', mountPath: '/etc/app', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
  };
  if (longRunning && !defects.has('no-probes')) {
    const probePort = defects.has('probe-wrong-port') ? 'admin' : 'http';
    c.readinessProbe = { httpGet: { path: '/readyz', port: probePort }, periodSeconds: 10, failureThreshold: 3 };
    c.livenessProbe = { httpGet: { path: '/healthz', port: probePort }, initialDelaySeconds: 10, periodSeconds: 20 };
  }
  if (defects.has('container-field-typo')) c.imagePullPolice = 'Always';
  if (c.resources.requests === undefined) delete c.resources.requests;
  if (c.resources.limits === undefined) delete c.resources.limits;
  for (const k of Object.keys(c.securityContext)) if (c.securityContext[k] === undefined) delete c.securityContext[k];
  return c;
}

function podSpec(rng, app, team, defects, opts = {}) {
  const containers = [container(rng, app, `${team}/${app}`, defects, opts)];
  if (rng.chance(0.25)) {
    // A log-shipping sidecar: a second container with its own config and resources.
    containers.push(container(rng, `${app}-logs`, 'platform/log-shipper', new Set(), opts));
  }
  // Every container reads the app's ConfigMap, so envFrom names one object per bundle.
  for (const c of containers) c.envFrom = [{ configMapRef: { name: `${app}-config` } }];
  const spec = {
    serviceAccountName: app,
    automountServiceAccountToken: defects.has('token-mounted') ? undefined : false,
    securityContext: {
      fsGroup: 10001,
      seccompProfile: defects.has('no-seccomp') ? undefined : { type: 'RuntimeDefault' },
    },
    containers,
    volumes: [
      { name: 'config', configMap: { name: `${app}-config` } },
      { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
    ],
  };
  if (defects.has('host-path')) spec.volumes.push({ name: 'host-logs', hostPath: { path: '/var/log', type: 'Directory' } });
  if (defects.has('host-network')) spec.hostNetwork = true;
  if (spec.automountServiceAccountToken === undefined) delete spec.automountServiceAccountToken;
  if (spec.securityContext.seccompProfile === undefined) delete spec.securityContext.seccompProfile;
  if (opts.longRunning !== false) {
    spec.affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100,
          podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': app } } },
        }],
      },
    };
    spec.topologySpreadConstraints = [{
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': app } },
    }];
  }
  if (rng.chance(0.3)) spec.tolerations = [{ key: 'workload', operator: 'Equal', value: team, effect: 'NoSchedule' }];
  return spec;
}

function meta(name, namespace, team, extraLabels) {
  return { name, namespace, labels: labels(name.replace(/-(svc|config|pdb|hpa|netpol|headless)$/, ''), team, extraLabels) };
}

function configMap(rng, app, ns, team) {
  const lines = [`service: ${app}`, `team: ${team}`, `logLevel: ${rng.pick(['info', 'debug', 'warn'])}`];
  for (let i = 0; i < rng.int(2, 6); i++) lines.push(`limit${i}: ${rng.int(1, 1000)}`);
  return {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${app}-config`, ns, team),
    data: { 'config.yaml': `${lines.join('\n')}\n`, REGION: rng.pick(['eu-west-1', 'us-east-1', 'ap-south-1']) },
  };
}

function service(app, ns, team, defects, headless = false) {
  const selectorApp = defects.has('service-selector-typo') ? `${app}-v2` : app;
  const spec = {
    selector: { 'app.kubernetes.io/name': selectorApp },
    ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }, { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' }],
  };
  if (headless) spec.clusterIP = 'None';
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(headless ? `${app}-headless` : `${app}-svc`, ns, team), spec };
}

function pdb(app, ns, team, defects) {
  const spec = defects.has('pdb-blocks-eviction') ? { maxUnavailable: 0 } : { maxUnavailable: 1 };
  spec.selector = { matchLabels: { 'app.kubernetes.io/name': app } };
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(`${app}-pdb`, ns, team), spec };
}

function hpa(rng, app, ns, team, kind) {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta(`${app}-hpa`, ns, team),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind, name: app },
      minReplicas: rng.int(2, 3), maxReplicas: rng.int(4, 12),
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: rng.pick([60, 70, 80]) } } }],
    },
  };
}

/** Per-app policy: ingress from the namespace's gateway, egress to DNS and its database. */
function appNetworkPolicy(app, ns, team, defects) {
  const egress = defects.has('open-egress')
    ? [{}]
    : [
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
      { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': team } } }], ports: [{ protocol: 'TCP', port: 5432 }] },
    ];
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(`${app}-netpol`, ns, team),
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': app } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['gateway', 'ingress'] }] } }], ports: [{ protocol: 'TCP', port: 'http' }] }],
      egress,
    },
  };
}

/** Namespace baseline: default-deny for both directions. */
export function namespaceBaseline(ns, team) {
  return [{
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('default-deny', ns, team),
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  }];
}

function workloadMeta(app, ns, team, rng) {
  const m = meta(app, ns, team, { 'app.kubernetes.io/version': `${rng.int(1, 4)}.${rng.int(0, 20)}` });
  m.annotations = { 'kubelint.example.com/owner': `${team}@example.com`, 'deployment.kubernetes.io/revision': String(rng.int(1, 40)) };
  return m;
}

function podTemplate(rng, app, team, defects, opts) {
  return {
    metadata: { labels: labels(app, team), annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090' } },
    spec: podSpec(rng, app, team, defects, opts),
  };
}

/** Deployment + ConfigMap + Service (+ PDB, HPA) + NetworkPolicy. The workload comes first. */
export function deploymentBundle(rng, app, ns, team, defects) {
  const replicas = rng.pick([1, 2, 2, 3, 3, 4]);
  const deployment = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: workloadMeta(app, ns, team, rng),
    spec: {
      replicas, revisionHistoryLimit: 5,
      selector: { matchLabels: { 'app.kubernetes.io/name': app } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: podTemplate(rng, app, team, defects),
    },
  };
  if (defects.has('spec-field-typo')) deployment.spec.minReadySecond = 10;
  const out = [deployment, configMap(rng, app, ns, team), service(app, ns, team, defects)];
  const scaled = rng.chance(0.3);
  if (scaled) out.push(hpa(rng, app, ns, team, 'Deployment'));
  if ((replicas >= 2 || scaled) && !defects.has('no-pdb')) out.push(pdb(app, ns, team, defects));
  out.push(appNetworkPolicy(app, ns, team, defects));
  return out;
}

/** StatefulSet + headless Service + ConfigMap + PDB + NetworkPolicy. */
export function statefulSetBundle(rng, app, ns, team, defects) {
  const sts = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: workloadMeta(app, ns, team, rng),
    spec: {
      serviceName: `${app}-headless`, replicas: 3, podManagementPolicy: 'Parallel',
      selector: { matchLabels: { 'app.kubernetes.io/name': app } },
      template: podTemplate(rng, app, team, defects),
      volumeClaimTemplates: [{
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: `${rng.pick([5, 10, 20, 50])}Gi` } } },
      }],
    },
  };
  sts.spec.template.spec.containers[0].volumeMounts.push({ name: 'data', mountPath: '/var/lib/data' });
  if (defects.has('spec-field-typo')) sts.spec.serviceAcountName = app;
  const out = [sts, configMap(rng, app, ns, team), service(app, ns, team, defects, true)];
  if (!defects.has('no-pdb')) out.push(pdb(app, ns, team, defects));
  out.push(appNetworkPolicy(app, ns, team, defects));
  return out;
}

/** CronJob + ConfigMap + NetworkPolicy (run-to-completion pods: no probes expected). */
export function cronJobBundle(rng, app, ns, team, defects) {
  const template = podTemplate(rng, app, team, defects, { longRunning: false });
  template.spec.restartPolicy = 'OnFailure';
  const cron = {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: workloadMeta(app, ns, team, rng),
    spec: {
      schedule: `${rng.int(0, 59)} ${rng.int(0, 23)} * * *`, concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1,
      jobTemplate: { spec: { backoffLimit: 2, activeDeadlineSeconds: 3600, template } },
    },
  };
  if (defects.has('spec-field-typo')) cron.spec.startingDeadlineSecond = 300;
  return [cron, configMap(rng, app, ns, team), appNetworkPolicy(app, ns, team, defects)];
}

export { TEAMS, ROLES };
