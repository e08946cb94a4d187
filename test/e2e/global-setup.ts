// Builds (or reuses from the cache) etcd and kube-apiserver before any e2e file runs, and hands
// their paths to the test workers through the environment.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const script = path.join(import.meta.dirname, 'build-cluster.sh');
  const out = execFileSync('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' }).trim().split('\n');
  const etcd = out.find((l) => /\/etcd-v[^/]*$/.test(l));
  const apiserver = out.find((l) => /\/kube-apiserver-v[^/]*$/.test(l));
  if (!etcd || !apiserver) throw new Error(`build-cluster.sh printed no binary paths: ${out.join(' | ')}`);
  process.env.KUBELINT_E2E_ETCD = etcd;
  process.env.KUBELINT_E2E_KUBE_APISERVER = apiserver;
}
