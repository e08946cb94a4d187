// API lifecycle for a target Kubernetes version: removed and deprecated apiVersion/kinds, with
// the replacement to use. Removals between bundled versions are derived from the bundles
// (lifecycle.json); older removals come from the small table below.
import type { SchemaBundle } from '../schemas/bundle.js';
import type { LifecycleIndex } from '../schemas/lifecycle-index.js';
import { compareVersions } from '../schemas/store.js';

export type ApiStatus =
  | { state: 'served' }
  | { state: 'deprecated'; message: string }
  | { state: 'removed'; message: string }
  | { state: 'not-yet-served'; firstServed: string }
  | { state: 'unknown' };

interface OldRemoval {
  apiVersion: string;
  kinds: string[];
  removedIn: string;
  /** Group of the replacement when it moved (extensions → apps); default: the same group. */
  replacementGroup?: string;
  /** When nothing replaces it. */
  advice?: string;
}

// Removals before the oldest bundled version (Kubernetes deprecation guide).
const OLD_REMOVALS: OldRemoval[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], removedIn: '1.16', replacementGroup: 'apps' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], removedIn: '1.16', replacementGroup: 'networking.k8s.io' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removedIn: '1.22', replacementGroup: 'networking.k8s.io' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.16', advice: 'use Pod Security Admission' },
  { apiVersion: 'apps/v1beta1', kinds: ['Deployment', 'StatefulSet', 'ReplicaSet', 'ControllerRevision'], removedIn: '1.16' },
  { apiVersion: 'apps/v1beta2', kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'], removedIn: '1.16' },
  { apiVersion: 'settings.k8s.io/v1alpha1', kinds: ['PodPreset'], removedIn: '1.20', advice: 'nothing replaces it; use a mutating admission webhook' },
  { apiVersion: 'batch/v2alpha1', kinds: ['CronJob'], removedIn: '1.21' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], removedIn: '1.22' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], removedIn: '1.22' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], removedIn: '1.22' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], removedIn: '1.22' },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['TokenReview'], removedIn: '1.22' },
  { apiVersion: 'authorization.k8s.io/v1beta1', kinds: ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview'], removedIn: '1.22' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], removedIn: '1.22' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], removedIn: '1.22' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], removedIn: '1.22' },
  { apiVersion: 'rbac.authorization.k8s.io/v1alpha1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], removedIn: '1.22' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], removedIn: '1.22' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], removedIn: '1.22' },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removedIn: '1.25' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removedIn: '1.25' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.25' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], removedIn: '1.25' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.25', advice: 'use Pod Security Admission' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removedIn: '1.25' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.26' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: '1.26' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], removedIn: '1.27' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: '1.29' },
];

// Deprecated kinds whose upstream notice names no machine-readable replacement.
const DEPRECATED_REPLACEMENTS: Record<string, string> = {
  'v1 Endpoints': 'discovery.k8s.io/v1 EndpointSlice',
  'v1 EndpointsList': 'discovery.k8s.io/v1 EndpointSliceList',
};

const memo = new WeakMap<SchemaBundle, Map<string, ApiStatus>>();

/** The status of apiVersion/kind in the target version (memoised per target bundle). */
export function apiStatus(apiVersion: string, kind: string, target: SchemaBundle, index: LifecycleIndex): ApiStatus {
  let byKey = memo.get(target);
  if (!byKey) memo.set(target, (byKey = new Map()));
  const key = `${apiVersion} ${kind}`;
  let status = byKey.get(key);
  if (!status) byKey.set(key, (status = computeStatus(apiVersion, kind, target, index)));
  return status;
}

function computeStatus(apiVersion: string, kind: string, target: SchemaBundle, index: LifecycleIndex): ApiStatus {
  const key = `${apiVersion} ${kind}`;
  const version = target.kubernetesVersion;
  const served = index.kinds[key] ?? [];
  const { group } = splitApiVersion(apiVersion);

  if (key in target.kinds) {
    const reasons: string[] = [];
    const later = index.versions.filter((v) => compareVersions(v, version) > 0);
    const removedIn = later.find((v) => !served.includes(v));
    if (removedIn) reasons.push(`removed in ${removedIn}`);
    const replacement = DEPRECATED_REPLACEMENTS[key] ?? moreStable(apiVersion, kind, target);
    const note = target.deprecated[key];
    if (!note && !removedIn && !(replacement && isPrerelease(apiVersion))) return { state: 'served' };
    const advice = replacement ? `; use ${replacement}` : '';
    const detail = reasons.length > 0 ? ` (${reasons.join(', ')})` : note ? ` (${note.replace(/^Deprecated:?\s*/, '').replace(/\.$/, '')})` : '';
    return { state: 'deprecated', message: `${key} is deprecated in Kubernetes ${version}${detail}${advice}` };
  }

  const earlier = served.filter((v) => compareVersions(v, version) < 0);
  if (earlier.length > 0) {
    const last = earlier[earlier.length - 1]!;
    const removedIn = index.versions.find((v) => compareVersions(v, last) > 0 && !served.includes(v)) ?? version;
    const replacement = mostStable(group, kind, target);
    return { state: 'removed', message: removedMessage(key, version, removedIn, replacement ? `use ${replacement}` : undefined) };
  }
  if (served.length > 0) return { state: 'not-yet-served', firstServed: served[0]! };

  const old = OLD_REMOVALS.find((r) => r.apiVersion === apiVersion && r.kinds.includes(kind));
  if (old && compareVersions(old.removedIn, version) <= 0) {
    const replacement = old.advice ? undefined : mostStable(old.replacementGroup ?? group, kind, target);
    return { state: 'removed', message: removedMessage(key, version, old.removedIn, old.advice ?? (replacement ? `use ${replacement}` : undefined)) };
  }
  return { state: 'unknown' };
}

function removedMessage(key: string, version: string, removedIn: string, advice: string | undefined): string {
  return `${key} is not served by Kubernetes ${version} (removed in ${removedIn})${advice ? `; ${advice}` : ''}`;
}

/** The most stable apiVersion of `group` serving `kind` in the target, as "group/version Kind". */
function mostStable(group: string, kind: string, target: SchemaBundle): string | undefined {
  let best: string | undefined;
  for (const key of Object.keys(target.kinds)) {
    const space = key.indexOf(' ');
    if (key.slice(space + 1) !== kind) continue;
    const apiVersion = key.slice(0, space);
    if (splitApiVersion(apiVersion).group !== group) continue;
    if (best === undefined || compareApiVersions(apiVersion, best) > 0) best = apiVersion;
  }
  return best === undefined ? undefined : `${best} ${kind}`;
}

/** A more stable apiVersion of the same group and kind than `apiVersion`, if the target has one. */
function moreStable(apiVersion: string, kind: string, target: SchemaBundle): string | undefined {
  const best = mostStable(splitApiVersion(apiVersion).group, kind, target);
  return best && compareApiVersions(best.slice(0, best.indexOf(' ')), apiVersion) > 0 ? best : undefined;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function isPrerelease(apiVersion: string): boolean {
  return /(alpha|beta)\d*$/.test(splitApiVersion(apiVersion).version);
}

/** Kubernetes version priority: GA > beta > alpha, then higher numbers first. */
export function compareApiVersions(a: string, b: string): number {
  return compareRanks(rank(splitApiVersion(a).version), rank(splitApiVersion(b).version));
}

/** A kube-aware version name's stage (GA 2, beta 1, alpha 0), major and minor, or undefined for other names. */
type Rank = readonly [stage: number, major: number, minor: number];

function rank(version: string): Rank | undefined {
  const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!match) return undefined;
  const stage = match[2] === undefined ? 2 : match[2] === 'beta' ? 1 : 0;
  return [stage, Number(match[1]), match[3] === undefined ? 0 : Number(match[3])];
}

/** Field by field, so that no number can spill into the next (v1beta1000 is still below v2beta1). */
function compareRanks(a: Rank | undefined, b: Rank | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Kubernetes' order of version names (apimachinery's kube-aware compare), > 0 when `a` comes
 * first: GA > beta > alpha, higher numbers first; names of another form after those, in
 * alphabetical order ("foo1" before "foo10").
 */
export function compareKubeAwareVersions(a: string, b: string): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== undefined || rb !== undefined) return compareRanks(ra, rb);
  return a < b ? 1 : a > b ? -1 : 0;
}
