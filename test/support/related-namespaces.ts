// A seeded generator of namespaces whose objects refer to each other the way the cross-resource
// rules compare them: every workload kind (the built-in ones and a custom kind from config) beside
// the Services, PodDisruptionBudgets, HPAs, NetworkPolicies, ConfigMaps, Secrets, ServiceAccounts
// and Ingresses that select, scale, route to or are referred to by them, plus kinds no rule reads.
// Names and labels come from small pools, so a reference or selector hits in some namespaces and
// misses in others: a rule's finding then depends on a related object. Used by
// test/engine/rego-declarations.test.ts. Our own objects; the same seed gives the same namespaces.
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';
import type { Resource } from '../../src/types.js';
import type { WorkloadKind } from '../../src/workloads/kinds.js';

type Obj = Record<string, unknown>;

/** A custom workload kind (config `workloadKinds`) with a replica count, as an Argo Rollout has. */
export const CUSTOM_WORKLOAD: WorkloadKind = {
  apiVersion: 'example.com/v1',
  kind: 'Rollout',
  podSpecPath: ['spec', 'template', 'spec'],
  podLabelsPath: ['spec', 'template', 'metadata', 'labels'],
  replicasPath: ['spec', 'replicas'],
  longRunning: true,
  resource: 'rollouts',
};

/** One with its pod elsewhere, no replica count, and run to completion. */
export const CUSTOM_BATCH_WORKLOAD: WorkloadKind = {
  apiVersion: 'example.com/v1',
  kind: 'Worker',
  podSpecPath: ['spec', 'pod', 'spec'],
  podLabelsPath: ['spec', 'pod', 'metadata', 'labels'],
  longRunning: false,
  resource: 'workers',
};

/** What config `workloadKinds` declares for these namespaces. */
export const CUSTOM_WORKLOADS = [CUSTOM_WORKLOAD, CUSTOM_BATCH_WORKLOAD];

/** Every kind that has a pod spec, the custom ones last. */
export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController', CUSTOM_WORKLOAD.kind, CUSTOM_BATCH_WORKLOAD.kind] as const;

const API_VERSIONS: Record<string, string> = {
  Pod: 'v1',
  ReplicationController: 'v1',
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  [CUSTOM_WORKLOAD.kind]: CUSTOM_WORKLOAD.apiVersion,
  [CUSTOM_BATCH_WORKLOAD.kind]: CUSTOM_BATCH_WORKLOAD.apiVersion,
};

/** Names every kind draws from: a reference by name finds its object in some namespaces only. */
const NAMES = ['a', 'b', 'c', 'd'];
const APPS = ['a', 'b', 'c', 'd'];

/** bench/corpus-gen/random.mjs: the benchmark corpus's seeded generator (mulberry32). */
interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick(items: readonly unknown[]): unknown;
  chance(probability: number): boolean;
  sample(items: readonly unknown[], count: number): unknown[];
}

/** Numbers in [0, 1) from a seed: the same seed, the same numbers. */
export function seeded(seed: number): () => number {
  return (createRandom(seed) as Random).next;
}

/** The seeded numbers, with what these namespaces draw besides. */
class Dice {
  /** The pod label apps of the namespace being made: selectors mostly name one of them. */
  used: string[] = [];
  /** Whether the namespace being made holds a Job or CronJob: selectors then often name a label their controller sets. */
  jobs = false;
  private readonly random: Random;
  constructor(seed: number) {
    this.random = createRandom(seed) as Random;
  }
  chance(p: number): boolean {
    return this.random.chance(p);
  }
  int(from: number, to: number): number {
    return this.random.int(from, to);
  }
  pick<T>(items: readonly T[]): T {
    return this.random.pick(items) as T;
  }
  /** Up to `most` distinct items. */
  some<T>(items: readonly T[], most: number): T[] {
    return this.random.sample(items, Math.min(this.int(0, most), items.length)) as T[];
  }
  app(): string {
    return this.used.length > 0 && this.chance(0.8) ? this.pick(this.used) : this.pick(APPS);
  }
}

/**
 * `count` namespaces (gen-0, gen-1, ...) from `seed`. Each holds one workload, or up to three
 * workload kinds (one or two objects of each), and a random set of the objects they relate to.
 */
export function relatedNamespaces(seed: number, count: number): Resource[] {
  const dice = new Dice(seed);
  const out: Resource[] = [];
  // The first namespace's objects name none: they are in the default namespace.
  for (let n = 0; n < count; n++) for (const object of namespace(dice, n === 0 ? 'default' : `gen-${n}`)) out.push(asResource(object));
  return out;
}

export function asResource(object: Obj): Resource {
  const metadata = object.metadata as { name: string; namespace?: string };
  return { apiVersion: object.apiVersion as string, kind: object.kind as string, name: metadata.name, namespace: metadata.namespace, object, basePath: [] };
}

function namespace(dice: Dice, ns: string): Obj[] {
  // In the default namespace, half the objects name it and half name none (the same to the rules).
  const meta = (name: string, extra: Obj = {}) => ({ name, ...(ns === 'default' && dice.chance(0.5) ? {} : { namespace: ns }), ...extra });
  const objects: Obj[] = [];
  dice.used = [];
  if (dice.chance(0.5)) {
    const level = dice.pick(['privileged', 'baseline', 'restricted']);
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': level } } });
  }
  // One workload (half the namespaces, a Job or CronJob in a fifth: whether a selector naming a
  // label their controller sets selects them depends on more of their fields) or a few kinds of
  // them: a selector or reference then often hits one kind only, so the findings depend on
  // objects of that kind.
  const workloads: Obj[] = [];
  const single = dice.chance(0.2) ? dice.pick(['Job', 'CronJob']) : dice.chance(0.4) ? dice.pick(WORKLOAD_KINDS) : undefined;
  if (single) workloads.push(workload(dice, single, meta(dice.pick(NAMES), labelsOrNot(dice))));
  else {
    for (const kind of dice.some(WORKLOAD_KINDS, 3)) {
      for (const name of dice.some(NAMES, 2)) workloads.push(workload(dice, kind, meta(name, labelsOrNot(dice))));
    }
  }
  objects.push(...workloads);
  dice.jobs = workloads.some((w) => w.kind === 'Job' || w.kind === 'CronJob');
  for (const name of dice.some(NAMES, 3)) objects.push(service(dice, meta(name)));
  for (const name of dice.some(NAMES, 3)) objects.push(pdb(dice, meta(name)));
  for (const name of dice.some(NAMES, 4)) objects.push(hpa(dice, meta(name), workloads));
  for (const name of dice.some(NAMES, 3)) objects.push(networkPolicy(dice, meta(name)));
  for (const name of dice.some(NAMES, 2)) objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(name), data: { key: `value ${name}` }, ...(dice.chance(0.2) ? { binaryData: { blob: 'AAE=' } } : {}) });
  for (const name of dice.some(NAMES, 2)) objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: meta(name), type: 'Opaque', stringData: { key: 'x' } });
  // The account a pod spec naming none runs as is "default": often in the batch.
  for (const name of new Set([...dice.some(NAMES, 2), ...(dice.chance(0.6) ? ['default'] : [])])) {
    objects.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name), ...(dice.chance(0.8) ? { automountServiceAccountToken: dice.chance(0.8) ? false : true } : {}) });
  }
  for (const name of dice.some(NAMES, 2)) {
    const snippet = dice.chance(0.2) ? { annotations: { 'nginx.ingress.kubernetes.io/server-snippet': 'return 200;' } } : {};
    objects.push(ingress(dice, meta(name, { ...snippet, ...labelsOrNot(dice) })));
  }
  // Kinds no cross-resource rule reads: a rule that reads one without declaring it shows.
  for (const name of dice.some(NAMES, 1)) {
    objects.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta(name), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  }
  for (const name of dice.some(NAMES, 1)) {
    objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(name), rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] });
    objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta(name), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects: [{ kind: 'ServiceAccount', name: dice.pick(NAMES) }] });
  }
  if (dice.chance(0.3)) objects.push({ apiVersion: 'v1', kind: 'LimitRange', metadata: meta('limits'), spec: { limits: [{ type: 'Container', default: { cpu: '100m' } }] } });
  // What a cluster dump adds and every run cuts (rego-prune.ts): no rule may read it.
  for (const object of objects) {
    if (dice.chance(0.2)) object.status = { observedGeneration: 1, replicas: dice.int(0, 3), conditions: [{ type: 'Ready', status: 'True' }] };
    if (dice.chance(0.1)) (object.metadata as Obj).managedFields = [{ manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }];
  }
  // Batch order is the files' order, which no rule may depend on.
  for (let i = objects.length - 1; i > 0; i--) {
    const j = dice.int(0, i);
    [objects[i], objects[j]] = [objects[j]!, objects[i]!];
  }
  return objects;
}

/** Object labels, sometimes one the API server refuses (label-syntax judges every kind's). */
function labelsOrNot(dice: Dice): Obj {
  if (dice.chance(0.1)) return { labels: { [dice.pick(['-bad', 'a/b/c', 'Example.com/x'])]: 'x' } };
  return dice.chance(0.3) ? { labels: { app: dice.pick(APPS), ...(dice.chance(0.3) ? { team: 'shop' } : {}) } } : {};
}

/** Pod labels: usually an app from the pool, sometimes a tier too, rarely none. */
function podLabels(dice: Dice): Obj | undefined {
  if (dice.chance(0.08)) return undefined;
  const app = dice.pick(APPS);
  dice.used.push(app);
  return { app, ...(dice.chance(0.4) ? { tier: dice.pick(['web', 'db', 'bad value!']) } : {}) };
}

function reference(dice: Dice): Obj {
  return { name: dice.pick([...NAMES, 'kube-root-ca.crt']), ...(dice.chance(0.15) ? { optional: dice.chance(0.5) } : {}) };
}

function container(dice: Dice, name: string, longRunning: boolean): Obj {
  const c: Obj = { name, image: `registry.example.com/${name}:1.${dice.int(0, 3)}` };
  if (dice.chance(0.7)) c.ports = dice.some(['http', 'metrics', 'grpc'], 2).map((port, i) => ({ name: port, containerPort: 8080 + i }));
  if (longRunning && dice.chance(0.5)) c.readinessProbe = { httpGet: { path: '/ready', port: 8080 } };
  if (dice.chance(0.5)) {
    c.env = [
      { name: 'PLAIN', value: 'x' },
      ...(dice.chance(0.6) ? [{ name: 'FROM_CM', valueFrom: { configMapKeyRef: { ...reference(dice), key: 'key' } } }] : []),
      ...(dice.chance(0.6) ? [{ name: 'FROM_SECRET', valueFrom: { secretKeyRef: { ...reference(dice), key: 'key' } } }] : []),
    ];
  }
  if (dice.chance(0.4)) c.envFrom = [dice.chance(0.5) ? { configMapRef: reference(dice) } : { secretRef: reference(dice) }];
  // What no cross-resource rule reads, and the projection cuts.
  if (dice.chance(0.5)) c.resources = { requests: { cpu: '100m' }, limits: { memory: '128Mi' } };
  if (dice.chance(0.5)) c.securityContext = { runAsNonRoot: dice.chance(0.5), allowPrivilegeEscalation: false, ...(dice.chance(0.2) ? { privileged: true } : {}), ...(dice.chance(0.2) ? { runAsUser: 0 } : {}) };
  return c;
}

function podSpec(dice: Dice, kind: string): Obj {
  const runsToCompletion = kind === 'Job' || kind === 'CronJob' || kind === CUSTOM_BATCH_WORKLOAD.kind;
  const spec: Obj = { containers: [container(dice, 'main', !runsToCompletion)] };
  if (dice.chance(0.3)) {
    // Half of them native sidecars, which run for the pod's lifetime.
    const sidecar = dice.chance(0.5);
    spec.initContainers = [{ ...container(dice, 'init', sidecar), ...(sidecar ? { restartPolicy: 'Always' } : {}) }];
  }
  if (dice.chance(0.15)) spec.ephemeralContainers = [container(dice, 'debug', false)];
  if (runsToCompletion) spec.restartPolicy = 'Never';
  else if (kind === 'Pod' && dice.chance(0.5)) spec.restartPolicy = dice.pick(['Always', 'Never', 'OnFailure']);
  if (dice.chance(0.5)) spec.serviceAccountName = dice.pick([...NAMES, 'default']);
  else if (dice.chance(0.3)) spec.serviceAccount = dice.pick(NAMES);
  if (dice.chance(0.15)) spec.automountServiceAccountToken = dice.chance(0.5);
  if (dice.chance(0.1)) spec.hostNetwork = true;
  if (dice.chance(0.2)) spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: dice.pick(APPS) } } }];
  else if (dice.chance(0.2)) spec.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] } };
  const volumes: Obj[] = [];
  if (dice.chance(0.3)) volumes.push({ name: 'cm', configMap: reference(dice) });
  if (dice.chance(0.3)) volumes.push({ name: 'secret', secret: { secretName: dice.pick(NAMES), ...(dice.chance(0.2) ? { optional: true } : {}) } });
  if (dice.chance(0.2)) volumes.push({ name: 'projected', projected: { sources: [{ configMap: reference(dice) }, { secret: reference(dice) }] } });
  if (dice.chance(0.2)) volumes.push({ name: 'scratch', emptyDir: {} });
  if (dice.chance(0.1)) volumes.push({ name: 'host', hostPath: { path: '/var/run' } });
  if (volumes.length > 0) spec.volumes = volumes;
  return spec;
}

function workload(dice: Dice, kind: string, metadata: Obj): Obj {
  const labels = podLabels(dice);
  const template = { metadata: { ...(labels ? { labels } : {}), ...(dice.chance(0.1) ? { annotations: { 'kubelint.io/service-account-token': 'required' } } : {}) }, spec: podSpec(dice, kind) };
  if (dice.chance(0.1)) metadata.annotations = { 'kubelint.io/service-account-token': 'required' };
  const object: Obj = { apiVersion: API_VERSIONS[kind], kind, metadata };
  const selector = { matchLabels: labels ?? {} };
  const replicas = dice.chance(0.75) ? { replicas: dice.int(1, 3) } : {};
  switch (kind) {
    case 'Pod':
      return { ...object, metadata: { ...metadata, ...template.metadata }, spec: template.spec };
    case 'Deployment':
    case 'ReplicaSet':
    case CUSTOM_WORKLOAD.kind:
      return { ...object, spec: { ...replicas, selector, template } };
    case 'StatefulSet':
      return { ...object, spec: { ...replicas, serviceName: dice.pick([...NAMES, '']), selector, template } };
    case 'ReplicationController':
      return { ...object, spec: { ...replicas, selector: labels ?? {}, template } };
    case 'DaemonSet':
      return { ...object, spec: { selector, template } };
    case CUSTOM_BATCH_WORKLOAD.kind:
      return { ...object, spec: { pod: template } };
    case 'Job':
      return { ...object, spec: { ...jobFields(dice, selector), template } };
    case 'CronJob':
      return { ...object, spec: { schedule: '0 * * * *', jobTemplate: { spec: { ...(dice.chance(0.5) ? { completionMode: 'Indexed' } : {}), template } } } };
    default:
      throw new Error(`not a workload kind: ${kind}`);
  }
}

function jobFields(dice: Dice, selector: Obj): Obj {
  if (dice.chance(0.35)) return { manualSelector: true, selector };
  return dice.chance(0.5) ? { completionMode: 'Indexed', completions: 3 } : {};
}

/** A selector a Service, PDB or NetworkPolicy might carry: an app, sometimes one a controller sets. */
function selectorLabels(dice: Dice): Record<string, string> {
  const app = dice.app();
  if (dice.jobs && dice.chance(0.6)) {
    const name = dice.pick(NAMES);
    const keys: Array<[string, string]> = [['batch.kubernetes.io/job-completion-index', '1'], ['controller-uid', 'abc'], ['job-name', dice.chance(0.5) ? name : `${name}-29000000`]];
    const [key, value] = dice.pick(keys);
    return { app, [key]: value };
  }
  if (dice.chance(0.08)) return { app, 'statefulset.kubernetes.io/pod-name': `${dice.pick(NAMES)}-0` };
  if (dice.chance(0.08)) return { app, 'batch.kubernetes.io/job-completion-index': '0' };
  if (dice.chance(0.08)) return { app, 'controller-uid': 'abc' };
  return dice.chance(0.2) ? { app, tier: dice.pick(['web', 'db']) } : { app };
}

function labelSelector(dice: Dice): Obj {
  if (dice.chance(0.1)) return {};
  if (dice.chance(0.25)) return { matchExpressions: [{ key: 'app', operator: dice.pick(['In', 'NotIn']), values: [dice.app(), ...dice.some(APPS, 1)] }] };
  return { matchLabels: selectorLabels(dice) };
}

function service(dice: Dice, metadata: Obj): Obj {
  const type = dice.pick(['ClusterIP', 'ClusterIP', 'NodePort', 'ExternalName']);
  const ports = [{ name: dice.pick(['http', 'web']), port: dice.pick([80, 8080]), ...(dice.chance(0.8) ? { targetPort: dice.pick(['http', 'metrics', 'grpc', 'missing', 8080]) } : {}) }];
  const spec: Obj = { type, ports, ...(dice.chance(0.85) ? { selector: selectorLabels(dice) } : {}) };
  if (type === 'ExternalName') spec.externalName = 'db.example.com';
  else if (dice.chance(0.4)) spec.clusterIP = 'None';
  return { apiVersion: 'v1', kind: 'Service', metadata, spec };
}

function pdb(dice: Dice, metadata: Obj): Obj {
  // Mostly a minAvailable that the selected workloads' replicas decide.
  const budget = dice.pick<Obj>([{ minAvailable: 1 }, { minAvailable: 2 }, { minAvailable: 2 }, { minAvailable: 3 }, { minAvailable: 3 }, { minAvailable: '50%' }, { minAvailable: '90%' }, { minAvailable: '100%' }, { maxUnavailable: 1 }, { maxUnavailable: 0 }]);
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata, spec: { ...budget, selector: labelSelector(dice) } };
}

/** Scales a workload of the namespace, mostly; else any kind and name, found or not. */
function hpa(dice: Dice, metadata: Obj, workloads: readonly Obj[]): Obj {
  const target = workloads.length > 0 && dice.chance(0.8) ? dice.pick(workloads) : undefined;
  const kind = target ? (target.kind as string) : dice.pick([...WORKLOAD_KINDS, 'Widget']);
  const name = target ? (target.metadata as Obj).name : dice.pick(NAMES);
  const apiVersion = API_VERSIONS[kind] ?? 'example.com/v1';
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: { scaleTargetRef: { apiVersion, kind, name }, ...(dice.chance(0.8) ? { minReplicas: dice.int(1, 3) } : {}), maxReplicas: 5 },
  };
}

function peer(dice: Dice): Obj {
  if (dice.chance(0.15)) return { ipBlock: { cidr: dice.pick(['10.0.0.0/8', '203.0.113.0/24']) } };
  if (dice.chance(0.15)) return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } };
  return { podSelector: dice.chance(0.1) ? {} : { matchLabels: selectorLabels(dice) } };
}

function networkPolicy(dice: Dice, metadata: Obj): Obj {
  const spec: Obj = { podSelector: dice.chance(0.3) ? {} : { matchLabels: selectorLabels(dice) } };
  const types = dice.pick([undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
  if (types) spec.policyTypes = types;
  if (dice.chance(0.6)) spec.ingress = [{ from: [peer(dice)] }];
  if (dice.chance(0.6)) {
    spec.egress = [
      dice.chance(0.4) ? { ports: [{ port: dice.pick<unknown>([53, 'dns', 443]), protocol: dice.pick(['UDP', 'TCP']) }] } : { to: [peer(dice)] },
      ...(dice.chance(0.3) ? [{ to: [peer(dice)], ports: [{ port: 5432 }] }] : []),
    ];
  }
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec };
}

function ingress(dice: Dice, metadata: Obj): Obj {
  const backend = () => ({ service: { name: dice.pick(NAMES), port: dice.chance(0.5) ? { number: dice.pick([80, 8080, 9090]) } : { name: dice.pick(['http', 'web', 'grpc']) } } });
  const spec: Obj = { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend() }] } }] };
  if (dice.chance(0.3)) spec.defaultBackend = backend();
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata, spec };
}
