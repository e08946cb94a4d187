// The cluster inventory cross-resource rules need, kept per kind and namespace. Reflectors fill
// it from list+watch; the admission handler reads one namespace at a time.
import type { ResolvedConfig } from '../config/types.js';
import type { Resource } from '../types.js';
import { isRecord } from '../shared/records.js';

/** How far one watched kind can be trusted, for /readyz, metrics and the admission decision. */
export interface KindHealth {
  /** e.g. "policy/v1 PodDisruptionBudget". */
  label: string;
  /** e.g. "PodDisruptionBudget", as rules name the kinds they read. */
  kind: string;
  /**
   * synced: listed, and its watch open or closed for less than the staleness bound.
   * pending: not listed yet (still trying). failed: the API server refuses to list it (401, 403,
   * 404: RBAC or a missing API; retried, but needs an operator). stale: its watch has been down
   * longer than the bound (API server unreachable).
   */
  state: 'synced' | 'pending' | 'failed' | 'stale';
  /** The last list/watch error while not synced. */
  reason?: string;
  /** Seconds since the kind was last known current (0 while its watch is open); undefined before the first list. */
  ageSeconds?: number;
}

/** What the admission handler needs from an inventory. */
export interface InventoryView {
  /** True once every watched kind has been listed at least once. */
  synced(): boolean;
  /** Per watched kind, whether rules may rely on it now; empty for a fixed inventory. */
  health(): readonly KindHealth[];
  /** Inventory objects of one namespace ("" for cluster-scoped ones). */
  objectsIn(namespace: string): readonly Resource[];
  /**
   * objectsIn(namespace) of these kinds only, in the same order, without the whole namespace's
   * list (rebuilt after every change there: a busy namespace changes with every create).
   */
  objectsOfKindsIn?(namespace: string, kinds: ReadonlySet<string>): Resource[];
  /** The only kinds it can hold (a watched inventory); undefined when it may hold any. */
  readonly kinds?: readonly WatchedKind[];
}

/** One watched API resource: where to list/watch it and what its objects are. */
export interface WatchedKind {
  /** e.g. "apps/v1" or "v1". */
  apiVersion: string;
  kind: string;
  /** Plural resource name in the URL, e.g. "deployments". */
  resource: string;
}

export function kindLabel(kind: WatchedKind): string {
  return `${kind.apiVersion} ${kind.kind}`;
}

/** Everything the built-in cross-resource rules read: workloads, Services, PDBs, NetworkPolicies, HPAs, Namespaces. */
export const INVENTORY_KINDS: readonly WatchedKind[] = [
  { apiVersion: 'v1', kind: 'Pod', resource: 'pods' },
  { apiVersion: 'v1', kind: 'Service', resource: 'services' },
  { apiVersion: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts' },
  { apiVersion: 'apps/v1', kind: 'Deployment', resource: 'deployments' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', resource: 'statefulsets' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', resource: 'daemonsets' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', resource: 'replicasets' },
  { apiVersion: 'v1', kind: 'ReplicationController', resource: 'replicationcontrollers' },
  { apiVersion: 'batch/v1', kind: 'Job', resource: 'jobs' },
  { apiVersion: 'batch/v1', kind: 'CronJob', resource: 'cronjobs' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', resource: 'networkpolicies' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers' },
  // Cluster-scoped: their pod-security.kubernetes.io labels set the level the pss-* rules apply.
  { apiVersion: 'v1', kind: 'Namespace', resource: 'namespaces' },
];

const WORKLOAD_OWNERS: ReadonlySet<string> = new Set(['ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController']);
const DERIVED_KINDS = new Set(['Pod', 'ReplicaSet', 'Job']);

/** The built-in kinds plus the config's custom workload kinds (an Argo Rollout, a CloneSet). */
export function inventoryKinds(config: Pick<ResolvedConfig, 'workloadKinds'>): WatchedKind[] {
  return [...INVENTORY_KINDS, ...config.workloadKinds.map(({ apiVersion, kind, resource }) => ({ apiVersion, kind, resource }))];
}


/**
 * Pods, ReplicaSets and Jobs made by a workload controller are represented by that controller,
 * as in the manifests the CLI lints; keeping them would only repeat its labels and cost time.
 */
function isDerived(kind: string, metadata: Record<string, unknown>, owners: ReadonlySet<string>): boolean {
  if (!DERIVED_KINDS.has(kind) || !Array.isArray(metadata.ownerReferences)) return false;
  return metadata.ownerReferences.some((ref) => isRecord(ref) && ref.controller === true && owners.has(String(ref.kind)));
}

/** kubectl apply's copy of the whole object as applied: as big as the rest of it. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The annotations without LAST_APPLIED (the same object when it has none). */
function withoutLastApplied(annotations: unknown): unknown {
  if (!isRecord(annotations) || !(LAST_APPLIED in annotations)) return annotations;
  const { [LAST_APPLIED]: _applied, ...rest } = annotations;
  return rest;
}

/**
 * Turns an API object into an inventory Resource, or undefined when it is not kept. Lists omit
 * apiVersion/kind on items, so the watched kind supplies them. Status, managedFields and kubectl's
 * last-applied-configuration annotation are dropped: no cross-resource rule reads them of another
 * object, and they are most of an object's size (each review serialises its namespace's objects
 * into the policy's input).
 */
export function toInventoryResource(kind: WatchedKind, raw: unknown, owners: ReadonlySet<string> = WORKLOAD_OWNERS): Resource | undefined {
  if (!isRecord(raw) || !isRecord(raw.metadata) || typeof raw.metadata.name !== 'string') return undefined;
  if (isDerived(kind.kind, raw.metadata, owners)) return undefined;
  const { status: _status, ...rest } = raw;
  const { managedFields: _managed, ...metadata } = raw.metadata;
  if ('annotations' in metadata) metadata.annotations = withoutLastApplied(metadata.annotations);
  const object = { ...rest, apiVersion: kind.apiVersion, kind: kind.kind, metadata };
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  return { apiVersion: kind.apiVersion, kind: kind.kind, name: metadata.name as string, namespace, object, basePath: [] };
}

type NamespaceMap = Map<string, Map<string, Resource>>;

/** A failure that retrying will not fix by itself: unauthenticated, forbidden (RBAC), no such API. */
export function needsOperator(status: number | undefined): boolean {
  return status === 401 || status === 403 || status === 404;
}

/** Default for webhook.inventoryMaxStaleSeconds: longer than the reflector's 30 s retry ceiling. */
export const DEFAULT_MAX_STALE_SECONDS = 120;

interface KindState {
  listed: boolean;
  watching: boolean;
  /** When the kind was last known current (list done, watch event, watch closed). */
  currentAt?: number;
  error?: { message: string; status?: number };
}

export interface InventoryOptions {
  /** Past this, a kind whose watch is down is stale and its rules are not evaluated. */
  maxStaleSeconds?: number;
  now?: () => number;
}

/** The inventory itself: reflectors write, the handler reads. */
export class Inventory implements InventoryView {
  private readonly byKind = new Map<string, NamespaceMap>();
  private readonly states = new Map<string, KindState>();
  private readonly cache = new Map<string, readonly Resource[]>();
  /** Kind name by label ("policy/v1 PodDisruptionBudget" → "PodDisruptionBudget"). */
  private readonly kindOf = new Map<string, string>();
  /** Kinds whose pods/ReplicaSets/Jobs are represented by the owner: the built-in ones and any watched custom workload. */
  private readonly owners: ReadonlySet<string>;
  private readonly maxStaleMs: number;
  private readonly now: () => number;

  constructor(readonly kinds: readonly WatchedKind[], options: InventoryOptions = {}) {
    for (const kind of kinds) {
      this.byKind.set(kindLabel(kind), new Map());
      this.kindOf.set(kindLabel(kind), kind.kind);
      this.states.set(kindLabel(kind), { listed: false, watching: false });
    }
    this.maxStaleMs = (options.maxStaleSeconds ?? DEFAULT_MAX_STALE_SECONDS) * 1000;
    this.now = options.now ?? Date.now;
    const builtin = new Set(INVENTORY_KINDS.map(kindLabel));
    this.owners = new Set([...WORKLOAD_OWNERS, ...kinds.filter((k) => !builtin.has(kindLabel(k))).map((k) => k.kind)]);
  }

  synced(): boolean {
    return [...this.states.values()].every((s) => s.listed);
  }

  health(): KindHealth[] {
    const now = this.now();
    return this.kinds.map((kind) => {
      const label = kindLabel(kind);
      const s = this.stateOf(kind);
      const ageSeconds = s.watching ? 0 : s.currentAt === undefined ? undefined : Math.max(0, (now - s.currentAt) / 1000);
      const reason = s.error?.message;
      let state: KindHealth['state'];
      if (s.error && needsOperator(s.error.status)) state = 'failed';
      else if (!s.listed) state = 'pending';
      else if (ageSeconds !== undefined && ageSeconds * 1000 > this.maxStaleMs) state = 'stale';
      else state = 'synced';
      return { label, kind: kind.kind, state, ...(state !== 'synced' && reason ? { reason } : {}), ...(ageSeconds !== undefined ? { ageSeconds } : {}) };
    });
  }

  /** The watch of a kind is open: its inventory is current until it closes. */
  watchOpened(kind: WatchedKind): void {
    const s = this.stateOf(kind);
    s.watching = true;
    s.currentAt = this.now();
    delete s.error;
  }

  watchClosed(kind: WatchedKind): void {
    const s = this.stateOf(kind);
    if (s.watching) s.currentAt = this.now();
    s.watching = false;
  }

  /** A list or watch of a kind failed; what it holds ages from its last current moment. */
  failed(kind: WatchedKind, error: { message: string; status?: number }): void {
    this.watchClosed(kind);
    this.stateOf(kind).error = error;
  }

  isListed(kind: WatchedKind): boolean {
    return this.stateOf(kind).listed;
  }

  objectsIn(namespace: string): readonly Resource[] {
    let objects = this.cache.get(namespace);
    if (!objects) {
      const collected: Resource[] = [];
      for (const namespaces of this.byKind.values()) {
        const names = namespaces.get(namespace);
        if (names) collected.push(...names.values());
      }
      objects = collected;
      this.cache.set(namespace, objects);
    }
    return objects;
  }

  objectsOfKindsIn(namespace: string, kinds: ReadonlySet<string>): Resource[] {
    const out: Resource[] = [];
    for (const [label, namespaces] of this.byKind) {
      if (!kinds.has(this.kindOf.get(label)!)) continue;
      const names = namespaces.get(namespace);
      if (names) out.push(...names.values());
    }
    return out;
  }

  count(kind: WatchedKind): number {
    let n = 0;
    for (const names of this.namespacesOf(kind).values()) n += names.size;
    return n;
  }

  /** A fresh list of one kind replaces everything known about it (objects deleted meanwhile vanish). */
  replace(kind: WatchedKind, items: readonly unknown[]): void {
    const namespaces = this.namespacesOf(kind);
    for (const ns of namespaces.keys()) this.cache.delete(ns);
    namespaces.clear();
    for (const item of items) this.put(kind, namespaces, toInventoryResource(kind, item, this.owners));
    const s = this.stateOf(kind);
    s.listed = true;
    s.currentAt = this.now();
    delete s.error;
  }

  /** A fresh list of one kind in one namespace replaces what is known about it there. */
  replaceNamespace(kind: WatchedKind, namespace: string, items: readonly unknown[]): void {
    const namespaces = this.namespacesOf(kind);
    namespaces.delete(namespace);
    this.cache.delete(namespace);
    for (const item of items) this.put(kind, namespaces, toInventoryResource(kind, item, this.owners));
  }

  upsert(kind: WatchedKind, raw: unknown): void {
    this.stateOf(kind).currentAt = this.now();
    const resource = toInventoryResource(kind, raw, this.owners);
    if (resource) this.put(kind, this.namespacesOf(kind), resource);
    // An object that became derived (adopted by a controller) must leave the inventory.
    else this.remove(kind, raw);
  }

  remove(kind: WatchedKind, raw: unknown): void {
    this.stateOf(kind).currentAt = this.now();
    if (!isRecord(raw) || !isRecord(raw.metadata)) return;
    const ns = typeof raw.metadata.namespace === 'string' ? raw.metadata.namespace : '';
    const names = this.namespacesOf(kind).get(ns);
    if (names?.delete(String(raw.metadata.name))) this.cache.delete(ns);
  }

  private stateOf(kind: WatchedKind): KindState {
    const state = this.states.get(kindLabel(kind));
    if (!state) throw new Error(`inventory does not watch ${kindLabel(kind)}`);
    return state;
  }

  private namespacesOf(kind: WatchedKind): NamespaceMap {
    const namespaces = this.byKind.get(kindLabel(kind));
    if (!namespaces) throw new Error(`inventory does not watch ${kindLabel(kind)}`);
    return namespaces;
  }

  private put(_kind: WatchedKind, namespaces: NamespaceMap, resource: Resource | undefined): void {
    if (!resource) return;
    const ns = resource.namespace ?? '';
    let names = namespaces.get(ns);
    if (!names) namespaces.set(ns, (names = new Map()));
    names.set(resource.name, resource);
    this.cache.delete(ns);
  }
}

/** A fixed inventory (tests, benchmarks, and clusters where it is given rather than watched). */
export function staticInventory(resources: readonly Resource[]): InventoryView {
  const byNamespace = new Map<string, Resource[]>();
  for (const r of resources) {
    const ns = r.namespace ?? '';
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), r]);
  }
  return { synced: () => true, health: () => [], objectsIn: (ns) => byNamespace.get(ns) ?? [] };
}
