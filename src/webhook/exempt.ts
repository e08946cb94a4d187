// Namespaces the webhook never evaluates: the configured ones plus its own, so a broken policy
// can never block the webhook's own rollout.
import { readFileSync } from 'node:fs';

export const SERVICE_ACCOUNT_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** POD_NAMESPACE (downward API) first, then the service account's namespace file. */
export function ownNamespace(env: Record<string, string | undefined>, namespaceFile = SERVICE_ACCOUNT_NAMESPACE_FILE): string | undefined {
  const fromEnv = env.POD_NAMESPACE?.trim();
  if (fromEnv) return fromEnv;
  try {
    const fromFile = readFileSync(namespaceFile, 'utf8').trim();
    return fromFile || undefined;
  } catch {
    return undefined; // not running in a pod
  }
}

export function exemptNamespaces(configured: readonly string[], own: string | undefined): Set<string> {
  const set = new Set(configured);
  if (own) set.add(own);
  return set;
}
