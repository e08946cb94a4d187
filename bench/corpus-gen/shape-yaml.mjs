// How the corpus shapes are written: one YAML serializer with the layout knobs real tools differ
// in (indented or compact sequences, sorted keys) and seeded comment injection through the `yaml`
// Document API, so comments land where YAML allows them and never inside block scalars.
import { Document, isScalar, visit } from 'yaml';

/** Root keys in the order kubectl and kustomize print them; everything else sorted. */
const ROOT_ORDER = ['apiVersion', 'kind', 'metadata'];

/** A deep copy with map keys sorted (kustomize/kyaml output order: apiVersion, kind, metadata first). */
export function sortKeys(value, root = true) {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, false));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort((a, b) => {
    const ra = root ? ROOT_ORDER.indexOf(a) : -1;
    const rb = root ? ROOT_ORDER.indexOf(b) : -1;
    if (ra !== -1 || rb !== -1) return (ra === -1 ? 99 : ra) - (rb === -1 ? 99 : rb);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return Object.fromEntries(keys.map((k) => [k, sortKeys(value[k], false)]));
}

/**
 * One document's text (no `---`). `annotate(key, pair, rng)` may return `{ before, trailing }`
 * comment texts for a pair: `before` becomes comment lines above the key, `trailing` a comment
 * after a scalar value on the same line.
 */
export function documentText(value, { compactSeq = false, annotate, rng } = {}) {
  // Tools write shared objects out in full; anchors would send every such file down another parser path.
  const doc = new Document(value, { aliasDuplicateObjects: false });
  if (annotate) {
    visit(doc, {
      Pair(_key, pair) {
        if (!isScalar(pair.key)) return;
        const notes = annotate(String(pair.key.value), pair, rng);
        if (!notes) return;
        if (notes.before) pair.key.commentBefore = notes.before.split('\n').map((l) => ` ${l}`).join('\n');
        if (notes.trailing && isScalar(pair.value)) pair.value.comment = ` ${notes.trailing}`;
      },
    });
  }
  return doc.toString({ lineWidth: 0, indentSeq: !compactSeq });
}

/** Template comments a Helm chart's templates leave in the rendered output. */
const HELM_BEFORE = {
  replicas: ['-- replicas: ignored when autoscaling.enabled is true (values.yaml)'],
  securityContext: ['Security defaults come from .Values.podSecurityContext / .Values.securityContext'],
  resources: ['We usually recommend not to specify default resources and to leave this as a conscious', 'choice for the user. Uncomment to set them:', '  limits:', '    cpu: 100m', '    memory: 128Mi'],
  annotations: ['checksum annotations roll the pods when the rendered ConfigMap changes'],
  ports: ['named ports: the Service and the probes refer to them by name'],
  volumes: ['volumes: config from the chart ConfigMap, scratch space as emptyDir'],
  selector: ['selector labels must stay stable across upgrades (see _helpers.tpl)'],
  env: ['extra environment from .Values.env'],
  tolerations: ['scheduling: .Values.tolerations, .Values.affinity, .Values.topologySpreadConstraints'],
  policyTypes: ['networkPolicy.enabled: default-deny plus the allow rules below'],
};
const HELM_TRAILING = {
  image: 'tag defaults to .Chart.AppVersion',
  maxUnavailable: 'podDisruptionBudget.maxUnavailable',
  minReplicas: 'autoscaling.minReplicas',
  schedule: 'cron syntax, UTC',
};

/** Comments as a chart's templates leave them in `helm template` output. */
export function helmAnnotate(key) {
  const before = HELM_BEFORE[key];
  const trailing = HELM_TRAILING[key];
  return before || trailing ? { before: before?.join('\n'), trailing } : undefined;
}

/** Comments as people write them in hand-kept manifests: notes above keys and after values. */
const INLINE_TRAILING = {
  image: ['pinned by renovate', 'bump together with the chart', 'see RELEASES.md'],
  replicas: ['three zones', 'scaled by the HPA in prod', 'keep >= 2 for the PDB'],
  cpu: ['measured p95 + 20%', 'burstable'],
  memory: ['JVM heap + 25%', 'OOM-killed at 128Mi in March'],
  containerPort: ['must match --port', 'metrics scrape port'],
  periodSeconds: ['seconds'],
  maxUnavailable: ['one pod at a time'],
  schedule: ['UTC'],
  port: ['TCP'],
};
const INLINE_BEFORE = {
  env: 'environment: keep in sync with the ConfigMap keys',
  livenessProbe: 'probes: /healthz is cheap, /readyz checks the database',
  volumes: 'scratch space and config',
  egress: 'egress: DNS and the team database only',
  strategy: 'zero-downtime rollouts',
  selector: 'do not change: selectors are immutable',
  data: 'application config, mounted at /etc/app',
};

export function inlineAnnotate(key, _pair, rng) {
  const trailing = INLINE_TRAILING[key] && rng.chance(0.7) ? rng.pick(INLINE_TRAILING[key]) : undefined;
  const before = INLINE_BEFORE[key] && rng.chance(0.6) ? INLINE_BEFORE[key] : undefined;
  return before || trailing ? { before, trailing } : undefined;
}
