// The /scale subresource: `kubectl scale` and autoscalers change replicas without sending the
// workload, yet rules such as pdb-required depend on them. The request is turned into an UPDATE
// of the parent as the inventory holds it, with the new replica count, so the ordinary decision
// (new violations deny, pre-existing ones warn) applies.
import type { InventoryView } from './inventory.js';
import type { AdmissionRequest } from './review.js';

/** Scalable resources whose parent the inventory watches (group/resource → kind). */
const PARENT_KINDS = new Map([
  ['apps/deployments', 'Deployment'],
  ['apps/statefulsets', 'StatefulSet'],
  ['apps/replicasets', 'ReplicaSet'],
]);

function replicasOf(scale: Record<string, unknown> | null | undefined): number | undefined {
  const spec = scale?.spec as { replicas?: unknown } | undefined;
  return typeof spec?.replicas === 'number' ? spec.replicas : undefined;
}

export type ScaleTarget =
  | { found: AdmissionRequest }
  /** Not a scale kubelint can judge (another subresource, a custom resource, no replica count). */
  | { skip: true }
  /** The parent is not in the inventory (not listed yet, or cannot be listed). */
  | { missing: string };

export function isScaleRequest(request: AdmissionRequest): boolean {
  return request.subResource === 'scale';
}

/** The UPDATE of the parent workload a scale request amounts to. */
export function scaleTarget(request: AdmissionRequest, inventory: InventoryView): ScaleTarget {
  const resource = request.resource;
  const kind = resource ? PARENT_KINDS.get(`${resource.group}/${resource.resource}`) : undefined;
  const replicas = replicasOf(request.object);
  if (!kind || !resource || replicas === undefined || !request.name || request.operation !== 'UPDATE') return { skip: true };
  const namespace = request.namespace ?? '';
  const parent = inventory.objectsIn(namespace).find((r) => r.kind === kind && r.name === request.name);
  if (!parent) return { missing: `${kind} "${request.name}" is not in the inventory` };
  const spec = (parent.object.spec ?? {}) as Record<string, unknown>;
  const oldReplicas = replicasOf(request.oldObject) ?? (typeof spec.replicas === 'number' ? spec.replicas : undefined);
  const withReplicas = (n: number | undefined) => ({ ...parent.object, spec: { ...spec, ...(n === undefined ? {} : { replicas: n }) } });
  return {
    found: {
      ...request,
      kind: { group: resource.group, version: resource.version, kind },
      subResource: undefined,
      object: withReplicas(replicas),
      oldObject: withReplicas(oldReplicas),
    },
  };
}
