// Generates a repository of compliant-ish manifests for CLI benchmarks:
//   node bench/cli/cli-corpus.mjs <dir> <apps>
// Each app is one file with a Deployment, Service, PodDisruptionBudget and NetworkPolicy
// (4 resources), so <apps>=250 gives 1,000 resources. A .kubelint.json includes k8s/.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [dir, appsArg] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench/cli/cli-corpus.mjs <dir> [apps=250]');
  process.exit(2);
}
const apps = Number(appsArg ?? 250);
mkdirSync(path.join(dir, 'k8s'), { recursive: true });
writeFileSync(path.join(dir, '.kubelint.json'), JSON.stringify({ include: ['k8s'] }, null, 2) + '\n');

function app(i) {
  const name = `app-${String(i).padStart(4, '0')}`;
  const ns = `team-${i % 10}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  replicas: 2
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        seccompProfile: { type: RuntimeDefault }
      containers:
        - name: app
          image: registry.example.com/${name}:1.${i}.0
          ports: [{ containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /ready, port: 8080 } }
          livenessProbe: { httpGet: { path: /live, port: 8080 } }
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: 500m, memory: 256Mi }
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: { drop: [ALL] }
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector: { app: ${name} }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  maxUnavailable: 1
  selector:
    matchLabels: { app: ${name} }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels: { app: ${name} }
  policyTypes: [Ingress, Egress]
  ingress:
    - ports: [{ port: 8080 }]
  egress:
    - to:
        - namespaceSelector: {}
          podSelector:
            matchLabels: { k8s-app: kube-dns }
      ports: [{ port: 53, protocol: UDP }, { port: 53, protocol: TCP }]
`;
}

for (let i = 0; i < apps; i++) writeFileSync(path.join(dir, 'k8s', `app-${String(i).padStart(4, '0')}.yaml`), app(i));
console.log(`${dir}: ${apps} files, ${apps * 4} resources`);
