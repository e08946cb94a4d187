// The inventory lags the API server by a watch event's delay (milliseconds, more under load), and
// `kubectl apply -f dir/` sends a Deployment right after the PDB it needs. A cross-resource
// denial is therefore confirmed first: the kinds its rules read are listed afresh in that
// namespace (a consistent read, served from the API server's watch cache since 1.31) and the
// request is decided again. Only denials pay for it.
import type { Inventory, WatchedKind } from './inventory.js';
import type { KubeTransport } from './kube.js';
import { resourcePath } from './reflector.js';

export type Refresh = (namespace: string, kinds: readonly string[] | undefined, signal: AbortSignal) => Promise<void>;

function namespacedPath(kind: WatchedKind, namespace: string): string {
  const all = resourcePath(kind);
  const cut = all.lastIndexOf('/');
  return `${all.slice(0, cut)}/namespaces/${encodeURIComponent(namespace)}${all.slice(cut)}`;
}

/** Re-lists the given kind names (undefined: every watched kind) of one namespace into the inventory. */
export function inventoryRefresh(transport: KubeTransport, inventory: Inventory): Refresh {
  return async (namespace, kinds, signal) => {
    const wanted = inventory.kinds.filter((k) => (!kinds || kinds.includes(k.kind)) && inventory.isListed(k));
    await Promise.all(
      wanted.map(async (kind) => {
        // Cluster-scoped: the namespace's own Namespace object (its Pod Security labels), by a
        // list with a field selector, which the list/watch-only ClusterRole allows (a get would not).
        if (kind.kind === 'Namespace') {
          const query = new URLSearchParams({ fieldSelector: `metadata.name=${namespace}` });
          const found = (await transport.getJson(`${resourcePath(kind)}?${query}`, signal)) as { items?: unknown[] };
          for (const item of found?.items ?? []) inventory.upsert(kind, item);
          return;
        }
        const list = (await transport.getJson(namespacedPath(kind, namespace), signal)) as { items?: unknown[] };
        if (Array.isArray(list?.items)) inventory.replaceNamespace(kind, namespace, list.items);
      }),
    );
  };
}
