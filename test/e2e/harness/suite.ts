// What every e2e file shares: a control plane in a fresh temporary folder, an admin kubeconfig,
// the webhook's namespace and shipped RBAC, and per-test webhook registrations removed after it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { Cluster } from './cluster.js';
import { kubectl, mustKubectl } from './kubectl.js';
import { UNDER_TEST, webhookConfiguration, type Registration } from './webhook.js';

export interface Suite {
  cluster: Cluster;
  /** kubeconfig of a system:masters user against the first API server. */
  admin: string;
  apply(yaml: string, args?: string[]): ReturnType<typeof kubectl>;
  register(registration: Registration): Promise<void>;
  /** Removes every registration made since the last call. */
  unregisterAll(): Promise<void>;
  namespace(name: string): Promise<string>;
}

export async function startSuite(name: string): Promise<Suite> {
  const dir = mkdtempSync(path.join(tmpdir(), `kubelint-e2e-${name}-`));
  const cluster = await Cluster.start(dir);
  const admin = cluster.apiServer.kubeconfig('admin', cluster.admin);
  const shipped = (file: string) => readFileSync(path.join(UNDER_TEST, 'manifests/kubelint-webhook', file), 'utf8');
  await mustKubectl(admin, ['apply', '-f', '-'], shipped('namespace.yaml'));
  await mustKubectl(admin, ['apply', '-f', '-'], shipped('rbac.yaml'));
  const registered: string[] = [];
  return {
    cluster,
    admin,
    apply: (yaml, args = []) => kubectl(admin, ['apply', '-f', '-', ...args], yaml),
    async register(registration) {
      await mustKubectl(admin, ['apply', '-f', '-'], stringify(webhookConfiguration(registration)));
      registered.push(registration.name);
    },
    async unregisterAll() {
      for (const n of registered.splice(0)) await kubectl(admin, ['delete', 'validatingwebhookconfiguration', n, '--ignore-not-found']);
    },
    async namespace(ns) {
      await mustKubectl(admin, ['create', 'namespace', ns]);
      return ns;
    },
  };
}
