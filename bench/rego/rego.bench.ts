// Rego evaluation cost for large batches, through the real check (src/engine/rego.ts): one wasm
// evaluation of kubelint/main over a synthetic corpus of apps (Deployment + Service + PDB +
// NetworkPolicy + HPA each; a third of them non-compliant), spread over namespaces.
// Run after `npm run build:policies`:
//   npx vite-node bench/rego/rego.bench.ts -- [sizes...] [--namespaces=N] [--runs=N] [--whole]
// --whole evaluates every batch at once (no per-namespace chunks): the A/B for chunking.
// Sizes run in ascending order: a bigger batch gets a fresh wasm instance sized for it, so each
// size's first evaluation is what a CLI run pays; then `runs` warm evaluations.
import { defaultConfig } from '../../src/config/defaults.js';
import { createRegoCheck, loadRegoCheck } from '../../src/engine/rego.js';
import type { Resource } from '../../src/types.js';

const args = process.argv.slice(2);
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
const namespaces = Number(args.find((a) => a.startsWith('--namespaces='))?.split('=')[1] ?? 50);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 2);

function app(i: number, namespace: string): Record<string, unknown>[] {
  const name = `app-${i}`;
  const labels = { app: name, tier: i % 2 ? 'web' : 'worker' };
  const compliant = i % 3 !== 0;
  const container = {
    name: 'main',
    image: compliant ? `registry.example:5000/${name}:1.0.${i}` : `${name}:latest`,
    ports: [{ name: 'http', containerPort: 8080 }],
    securityContext: compliant
      ? { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } }
      : { capabilities: { add: ['SYS_ADMIN'] } },
    resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: compliant ? '1' : '100m', memory: '256Mi' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
    readinessProbe: { httpGet: { path: '/readyz', port: compliant ? 8080 : 9999 } },
  };
  const metadata = (n: string) => ({ name: n, namespace });
  const egress = compliant
    ? [{ ports: [{ port: 53, protocol: 'UDP' }] }, { to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432 }] }]
    : [{}];
  return [
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: metadata(name),
      spec: {
        replicas: 2, selector: { matchLabels: { app: name } },
        template: { metadata: { labels }, spec: { automountServiceAccountToken: false, initContainers: [{ ...container, name: 'init' }], containers: [container] } },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: metadata(name), spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 'http' }] } },
    compliant
      ? { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: metadata(name), spec: { maxUnavailable: 1, selector: { matchExpressions: [{ key: 'app', operator: 'In', values: [name] }] } } }
      : { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: metadata(name), spec: { minAvailable: '100%', selector: { matchLabels: { app: `typo-${i}` } } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: metadata(name), spec: { podSelector: { matchLabels: { app: name } }, policyTypes: ['Egress'], egress } },
    {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: metadata(name),
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: 2, maxReplicas: 5 },
    },
  ];
}

function corpus(size: number): Resource[] {
  const objects: Record<string, unknown>[] = [];
  for (let i = 0; objects.length < size; i++) objects.push(...app(i, `ns-${i % namespaces}`));
  return objects.slice(0, size).map((object) => {
    const meta = object.metadata as { name: string; namespace: string };
    return { apiVersion: String(object.apiVersion), kind: String(object.kind), name: meta.name, namespace: meta.namespace, object, basePath: [] };
  });
}


const config = defaultConfig(process.cwd());
console.log(`node ${process.version}, ${namespaces} namespaces, first evaluation then best of ${runs}`);
console.log('| resources | findings | first run (ms) | warm run (ms) | warm per resource (µs) |');
console.log('|---:|---:|---:|---:|---:|');
const check = args.includes('--whole') ? await createRegoCheck({ from: Infinity, size: 0 }) : await loadRegoCheck();
for (const size of (sizes.length ? sizes : [1000, 10000]).sort((a, b) => a - b)) {
  const batch = corpus(size);
  let start = performance.now();
  const findings = check.run(batch, { config }).length;
  const first = performance.now() - start;
  let warm = Infinity;
  for (let r = 0; r < runs; r++) {
    start = performance.now();
    check.run(batch, { config });
    warm = Math.min(warm, performance.now() - start);
  }
  console.log(`| ${size} | ${findings} | ${first.toFixed(0)} | ${warm.toFixed(0)} | ${((warm * 1000) / size).toFixed(0)} |`);
}
