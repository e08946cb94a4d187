// The inputs the build lints to train the code caches it ships (scripts/ship-code-caches.mjs): a
// small repository of this file's own objects, one of every precompiled kind, written the way
// real repositories are (block YAML, several documents per file, `# Source:` and trailing
// comments, one suppression directive, some findings), so the functions a usual run calls are
// compiled when the caches are made. A kind precompiled without a template here fails the build:
// its module would ship without a cache. The workload kinds' own modules (a batch of one of them
// loads its kind's) are trained by validating these objects through them (ship-code-caches.mjs).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const NS = 'shop';
const labels = (name) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'shop' });

/** A pod spec with the fields rules and schemas look at: probes, resources, security context, volumes, env. */
function podSpec(name, { pinned = true } = {}) {
  return {
    serviceAccountName: name,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name,
        image: pinned ? `registry.example.com/shop/${name}:1.4.2` : `registry.example.com/shop/${name}:latest`,
        args: ['--listen=:8080'],
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        env: [
          { name: 'MODE', value: 'production' },
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-db', key: 'password' } } },
        ],
        envFrom: [{ configMapRef: { name: 'shop-settings' } }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
        readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        volumeMounts: [{ name: 'settings', mountPath: '/etc/shop' }, { name: 'scratch', mountPath: '/tmp' }],
      },
    ],
    volumes: [
      { name: 'settings', configMap: { name: 'shop-settings' } },
      { name: 'scratch', emptyDir: { sizeLimit: '64Mi' } },
    ],
  };
}

const template = (name, spec) => ({ metadata: { labels: labels(name) }, spec });
const meta = (name, extra = {}) => ({ name, namespace: NS, labels: labels(name), ...extra });

/** One object per precompiled kind, by the kind key the schema bundle uses. */
export const TEMPLATES = {
  'v1 Namespace': () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } }),
  'v1 ServiceAccount': () => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('web'), automountServiceAccountToken: false }),
  'v1 ConfigMap': () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('shop-settings'), data: { 'LOG_LEVEL': 'info', 'start.sh': '#!/bin/sh\n# a comment inside a block scalar\nexec /app/web\n' } }),
  'v1 Secret': () => ({ apiVersion: 'v1', kind: 'Secret', metadata: meta('shop-db'), type: 'Opaque', stringData: { password: 'not-a-real-one' } }),
  'v1 Service': () => ({ apiVersion: 'v1', kind: 'Service', metadata: meta('web'), spec: { selector: labels('web'), ports: [{ name: 'http', port: 80, targetPort: 'http' }] } }),
  'v1 PersistentVolumeClaim': () => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('data'), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }),
  'v1 Pod': () => ({ apiVersion: 'v1', kind: 'Pod', metadata: meta('debug'), spec: podSpec('debug', { pinned: false }) }),
  'apps/v1 Deployment': () => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web'), spec: { replicas: 2, selector: { matchLabels: labels('web') }, template: template('web', podSpec('web')) } }),
  'apps/v1 StatefulSet': () => ({
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('db'),
    spec: { serviceName: 'db', replicas: 1, selector: { matchLabels: labels('db') }, template: template('db', podSpec('db')), volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } }] },
  }),
  'apps/v1 DaemonSet': () => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('agent'), spec: { selector: { matchLabels: labels('agent') }, template: template('agent', { ...podSpec('agent'), hostNetwork: true }) } }),
  'apps/v1 ReplicaSet': () => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('legacy'), spec: { replicas: 1, selector: { matchLabels: labels('legacy') }, template: template('legacy', podSpec('legacy')) } }),
  'batch/v1 Job': () => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: meta('migrate'), spec: { backoffLimit: 2, template: template('migrate', { ...podSpec('migrate'), restartPolicy: 'Never' }) } }),
  'batch/v1 CronJob': () => ({
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('report'),
    spec: { schedule: '0 3 * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template: template('report', { ...podSpec('report'), restartPolicy: 'OnFailure' }) } } },
  }),
  'networking.k8s.io/v1 Ingress': () => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta('web'),
    spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }] },
  }),
  'networking.k8s.io/v1 NetworkPolicy': () => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('web'),
    spec: { podSelector: { matchLabels: labels('web') }, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 8080 }] }], egress: [{}] },
  }),
  'policy/v1 PodDisruptionBudget': () => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('web'), spec: { minAvailable: 1, selector: { matchLabels: labels('web') } } }),
  'autoscaling/v2 HorizontalPodAutoscaler': () => ({
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('web'),
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] },
  }),
  'rbac.authorization.k8s.io/v1 Role': () => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta('web'), rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }] }),
  'rbac.authorization.k8s.io/v1 RoleBinding': () => ({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta('web'),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web' }, subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: NS }],
  }),
  'rbac.authorization.k8s.io/v1 ClusterRole': () => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'shop-reader' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get'] }] }),
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding': () => ({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'shop-reader' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'shop-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: NS }],
  }),
  'apiextensions.k8s.io/v1 CustomResourceDefinition': () => ({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'carts.shop.example.com' },
    spec: {
      group: 'shop.example.com', scope: 'Namespaced', names: { kind: 'Cart', plural: 'carts', singular: 'cart', listKind: 'CartList' },
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 }, owner: { type: 'string', pattern: '^[a-z]+$' } } } } } },
      }],
    },
  }),
};

/** What the kind keys' objects look like as a Helm chart renders them: `# Source:` above each, a trailing comment, one directive. */
function renderFile(keys) {
  return keys
    .map((key) => {
      const object = TEMPLATES[key]();
      let text = yaml.dump(object, { lineWidth: -1, noRefs: true });
      text = text.replace(/^(\s+replicas: \d+)$/m, '$1 # the HPA scales it');
      if (key === 'v1 Pod') text = text.replace(/^(\s+)(- name: debug\n\s+image: )/m, '$1# kubelint-disable-next-line image-tag-pinned\n$1$2');
      return `# Source: shop/templates/${object.kind.toLowerCase()}.yaml\n${text}`;
    })
    .join('---\n');
}

/** One custom resource of the template's CRD, one field off: the CRD walker's path. */
const CUSTOM = 'apiVersion: shop.example.com/v1\nkind: Cart\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  size: 0\n  owner: web\n';

/**
 * Writes the training inputs under `dir`: every kind, in files of a few kinds each, and a custom
 * resource of the CRD; returns the folder. Throws for a kind without a template.
 */
export function writeTrainingSet(dir, kindKeys) {
  const missing = kindKeys.filter((key) => !Object.hasOwn(TEMPLATES, key));
  if (missing.length > 0) throw new Error(`no training object for precompiled kind(s) ${missing.join(', ')}: add one to scripts/code-cache-training.mjs`);
  mkdirSync(dir, { recursive: true });
  const keys = [...kindKeys];
  for (let i = 0; i * 6 < keys.length; i++) writeFileSync(path.join(dir, `part-${i}.yaml`), renderFile(keys.slice(i * 6, i * 6 + 6)));
  writeFileSync(path.join(dir, 'cart.yaml'), CUSTOM);
  return dir;
}
