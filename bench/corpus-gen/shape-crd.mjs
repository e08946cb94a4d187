// The CRD-heavy shape: operators' install files (large generated CustomResourceDefinitions with
// big openAPIV3Schemas, two served versions each, as controller-gen writes them, plus the
// operator's RBAC and Deployment) and custom resources of those CRDs, valid against their schema
// except for a few planted errors. Also the standalone JSON schemas kubeconform needs for them.

const WORDS = ['the', 'controller', 'reconciles', 'field', 'value', 'when', 'set', 'defaults', 'to', 'cluster',
  'policy', 'applies', 'only', 'if', 'enabled', 'is', 'true', 'otherwise', 'ignored', 'maximum', 'number',
  'of', 'seconds', 'before', 'retry', 'selector', 'matches', 'objects', 'in', 'namespace', 'status',
  'reflects', 'observed', 'state', 'resource', 'reference', 'name', 'must', 'be', 'a', 'valid', 'DNS',
  'label', 'see', 'documentation', 'for', 'details', 'deprecated', 'use', 'instead', 'replicas', 'storage'];
const OPERATORS = ['backup', 'cache', 'queue', 'search', 'certs', 'mesh', 'ingress', 'secrets'];
const NOUNS = ['Policy', 'Schedule', 'Pool', 'Route', 'Target', 'Profile', 'Binding', 'Snapshot'];
const NAME_PATTERN = '^[a-z][a-z0-9-]*$';

function sentence(rng, words) {
  const out = Array.from({ length: words }, () => rng.pick(WORDS));
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return `${out.join(' ')}.`;
}
function description(rng) {
  return Array.from({ length: rng.int(1, 4) }, () => sentence(rng, rng.int(6, 18))).join(' ');
}
function propName(rng, taken) {
  for (;;) {
    const a = rng.pick(WORDS);
    const b = rng.pick(WORDS);
    const name = `${a}${b[0].toUpperCase()}${b.slice(1)}`;
    if (!taken.has(name) && /^[a-z][A-Za-z]*$/.test(name)) { taken.add(name); return name; }
  }
}

/** A leaf property schema. */
function leaf(rng) {
  const d = description(rng);
  const r = rng.next();
  if (r < 0.3) return { description: d, type: 'string', ...(rng.chance(0.3) ? { maxLength: 63, pattern: NAME_PATTERN } : {}) };
  if (r < 0.45) return { description: d, type: 'string', enum: rng.sample(['Always', 'Never', 'IfNeeded', 'Retain', 'Delete', 'Orphan'], rng.int(2, 4)) };
  if (r < 0.65) return { description: d, type: 'integer', format: 'int32', minimum: 0, maximum: rng.pick([10, 100, 3600, 65535]) };
  if (r < 0.8) return { description: d, type: 'boolean' };
  if (r < 0.88) return { description: d, 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
  if (r < 0.94) return { description: d, type: 'array', items: { type: 'string' } };
  return { description: d, type: 'object', additionalProperties: { type: 'string' } };
}

/** An object schema with `count` properties, nesting down to `depth`. */
function objectSchema(rng, depth, count) {
  const properties = {};
  const taken = new Set();
  for (let i = 0; i < count; i++) {
    const name = propName(rng, taken);
    const r = rng.next();
    if (depth > 0 && r < 0.2) properties[name] = objectSchema(rng, depth - 1, rng.int(3, 9));
    else if (depth > 0 && r < 0.3) {
      const items = objectSchema(rng, depth - 1, rng.int(3, 7));
      items.properties.name = { description: description(rng), type: 'string', maxLength: 63, pattern: NAME_PATTERN };
      items.required = ['name'];
      properties[name] = { description: description(rng), type: 'array', items, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] };
    } else if (r < 0.33) properties[name] = { description: description(rng), type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    else properties[name] = leaf(rng);
  }
  const required = Object.keys(properties).filter((k) => properties[k].type === 'string' && !properties[k].enum).slice(0, 1);
  return { description: description(rng), type: 'object', properties, ...(required.length ? { required } : {}) };
}

/** A value valid against `schema` (required fields always, others often). */
export function valueFor(rng, schema, name = 'x') {
  if (schema['x-kubernetes-int-or-string']) return rng.chance(0.5) ? rng.int(1, 10) : `${rng.int(1, 99)}%`;
  if (schema['x-kubernetes-preserve-unknown-fields']) return { note: 'free-form', level: rng.int(1, 3) };
  switch (schema.type) {
    case 'string': return schema.enum ? rng.pick(schema.enum) : `${name.toLowerCase()}-${rng.int(1, 999)}`;
    case 'integer': return rng.int(schema.minimum ?? 0, schema.maximum ?? 100);
    case 'boolean': return rng.chance(0.5);
    case 'array':
      return Array.from({ length: rng.int(1, 3) }, (_, i) => (schema.items.type === 'object'
        ? { ...valueFor(rng, schema.items, name), name: `${name.toLowerCase()}-${i}` } : valueFor(rng, schema.items, name)));
    case 'object': {
      if (schema.additionalProperties) return Object.fromEntries(Array.from({ length: rng.int(1, 3) }, (_, i) => [`key${i}`, `value-${rng.int(1, 99)}`]));
      const out = {};
      for (const [k, s] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(k) || rng.chance(0.35)) out[k] = valueFor(rng, s, k);
      }
      return out;
    }
    default: return null;
  }
}

/** One CRD: kind, group, two served versions with the same large schema. */
export function customResourceDefinition(rng, operator, noun) {
  const kind = `${operator[0].toUpperCase()}${operator.slice(1)}${noun}`;
  const group = `${operator}.example.io`;
  const plural = `${kind.toLowerCase()}s`;
  const spec = objectSchema(rng, 3, rng.int(12, 18));
  const status = objectSchema(rng, 2, rng.int(6, 10));
  const openAPIV3Schema = {
    description: `${kind} is the Schema for the ${plural} API. ${description(rng)}`,
    type: 'object',
    properties: {
      apiVersion: { description: 'APIVersion defines the versioned schema of this representation of an object.', type: 'string' },
      kind: { description: 'Kind is a string value representing the REST resource this object represents.', type: 'string' },
      metadata: { type: 'object' },
      spec,
      status,
    },
  };
  const version = (name, storage) => ({
    name, served: true, storage,
    ...(storage ? {} : { deprecated: true, deprecationWarning: `${group}/${name} ${kind} is deprecated; use v1` }),
    additionalPrinterColumns: [{ jsonPath: '.metadata.creationTimestamp', name: 'Age', type: 'date' }],
    schema: { openAPIV3Schema },
    subresources: { status: {} },
  });
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, annotations: { 'controller-gen.kubebuilder.io/version': 'v0.16.5' } },
    spec: {
      group, scope: 'Namespaced',
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), categories: [operator] },
      versions: [version('v1', true), version('v1beta1', false)],
    },
  };
  return { crd, kind, group, spec };
}

/** The operator's own objects (namespace, RBAC, controller Deployment, webhook Service). */
export function operatorObjects(operator, crds) {
  const ns = `${operator}-system`;
  const labels = { 'app.kubernetes.io/name': `${operator}-operator`, 'app.kubernetes.io/component': 'controller' };
  const port = (name, containerPort) => ({ name, containerPort, protocol: 'TCP' });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: `${operator}-controller`, namespace: ns } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: `${operator}-manager` },
      rules: [
        { apiGroups: [`${operator}.example.io`], resources: crds.map((c) => c.crd.spec.names.plural), verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: [`${operator}.example.io`], resources: crds.map((c) => `${c.crd.spec.names.plural}/status`), verbs: ['get', 'update', 'patch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: `${operator}-manager` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${operator}-manager` },
      subjects: [{ kind: 'ServiceAccount', name: `${operator}-controller`, namespace: ns }],
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name: `${operator}-webhook`, namespace: ns, labels },
      spec: { selector: labels, ports: [{ name: 'webhook', port: 443, targetPort: 'webhook', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `${operator}-controller`, namespace: ns, labels },
      spec: {
        replicas: 2, selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: `${operator}-controller`, automountServiceAccountToken: true,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'manager', image: `registry.example.com/operators/${operator}:v1.4.2`,
              args: ['--leader-elect', '--metrics-bind-address=:8443'],
              ports: [port('webhook', 9443), port('metrics', 8443)],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              livenessProbe: { httpGet: { path: '/healthz', port: 8081 } },
              readinessProbe: { httpGet: { path: '/readyz', port: 8081 } },
            }],
          },
        },
      },
    },
  ];
}

export { OPERATORS, NOUNS };

/** kubeconform's strict standalone schema for one custom resource kind (unknown fields refused). */
export function kubeconformSchema(openAPIV3Schema) {
  const strict = (s) => {
    if (s === null || typeof s !== 'object') return s;
    if (Array.isArray(s)) return s.map(strict);
    const out = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === 'enum' ? v : strict(v)]));
    if (out.type === 'object' && out.properties && !out.additionalProperties && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
    return out;
  };
  return strict(openAPIV3Schema);
}
