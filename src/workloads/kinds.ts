// Workload kinds: where each keeps its pod spec, pod labels and replica count. The built-in kinds
// mirror policies/lib/workloads.rego; users add their own in config (`workloadKinds`), and the
// Rego rules, the TypeScript checks and the webhook's inventory all read them from here.
import type { JsonPath } from '../types.js';

/** A workload kind as config declares it (dotted paths). */
export interface WorkloadKindConfig {
  apiVersion: string;
  kind: string;
  podSpecPath: string;
  podLabelsPath?: string;
  replicasPath?: string;
  longRunning?: boolean;
  resource?: string;
}

/** A custom workload kind with its paths as segments and its defaults filled in (what Rego reads). */
export interface WorkloadKind {
  apiVersion: string;
  kind: string;
  podSpecPath: string[];
  podLabelsPath: string[];
  replicasPath?: string[];
  longRunning: boolean;
  /** The plural API resource, for list/watch. */
  resource: string;
}

const TEMPLATE = ['spec', 'template', 'spec'];

/** Built-in kinds and the path of their pod spec (policies/lib/workloads.rego keeps the same table). */
export const BUILTIN_POD_SPEC_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Pod', ['spec']],
  ['Deployment', TEMPLATE],
  ['ReplicaSet', TEMPLATE],
  ['StatefulSet', TEMPLATE],
  ['DaemonSet', TEMPLATE],
  ['Job', TEMPLATE],
  ['ReplicationController', TEMPLATE],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
]);

/** Fills in a declared kind's defaults; throws (with the index) on a kind that cannot be used. */
export function normaliseWorkloadKinds(declared: readonly WorkloadKindConfig[]): WorkloadKind[] {
  const seen = new Set<string>();
  return declared.map((k, i) => {
    const where = `workloadKinds[${i}]`;
    if (BUILTIN_POD_SPEC_PATHS.has(k.kind)) throw new Error(`${where}: ${k.kind} is a built-in workload kind; declare only custom ones`);
    const key = `${k.apiVersion}/${k.kind}`;
    if (seen.has(key)) throw new Error(`${where}: ${k.apiVersion} ${k.kind} is declared twice`);
    seen.add(key);
    const podSpecPath = k.podSpecPath.split('.');
    // metadata.labels beside the pod spec: spec.template.spec -> spec.template.metadata.labels.
    const podLabelsPath = k.podLabelsPath ? k.podLabelsPath.split('.') : [...podSpecPath.slice(0, -1), 'metadata', 'labels'];
    if (podSpecPath.length < 2 && !k.podLabelsPath) throw new Error(`${where}: podLabelsPath is required when the pod spec is ${k.podSpecPath}`);
    return {
      apiVersion: k.apiVersion,
      kind: k.kind,
      podSpecPath,
      podLabelsPath,
      ...(k.replicasPath ? { replicasPath: k.replicasPath.split('.') } : {}),
      longRunning: k.longRunning ?? true,
      resource: k.resource ?? `${k.kind.toLowerCase()}s`,
    };
  });
}

/** Where an object keeps its pod spec, if it is a workload (built-in, or custom by apiVersion and kind). */
export function podSpecPathOf(object: Record<string, unknown>, custom: readonly WorkloadKind[]): JsonPath | undefined {
  const kind = object.kind;
  if (typeof kind !== 'string') return undefined;
  const builtin = BUILTIN_POD_SPEC_PATHS.get(kind);
  if (builtin) return builtin;
  return custom.find((k) => k.kind === kind && k.apiVersion === object.apiVersion)?.podSpecPath;
}

/** The value at a path, if every step exists. */
export function valueAt(object: unknown, path: JsonPath): unknown {
  let node = object;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
