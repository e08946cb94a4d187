// Object metadata as ValidateObjectMeta checks it: the name (by kind), the namespace, annotation
// keys and their total size (256 KiB). Label keys and values: checkLabels, used for selectors here
// (an object's own labels and its pod template's are the label-syntax rule's).
import type { JsonPath } from '../../types.js';
import { bytes, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPathSegmentName } from './names.js';
import { each, invalid, isRecord, type Problem } from './problem.js';

/** ValidateAnnotations' TotalAnnotationSizeLimitB. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

type NameRule = (name: string) => string[];

/**
 * The name rule of each kind, from the API server's Validate<Kind>Name: most kinds are DNS-1123
 * subdomains; Services are DNS-1035 labels; Namespaces and StatefulSets (whose pods' hostnames
 * are `<name>-<ordinal>`) DNS-1123 labels; RBAC objects only need to be a URL path segment.
 */
const NAME_RULES: ReadonlyMap<string, NameRule> = new Map([
  ['Service', isDNS1035Label],
  ['Namespace', isDNS1123Label],
  ['StatefulSet', isDNS1123Label],
  ['Role', isValidPathSegmentName],
  ['ClusterRole', isValidPathSegmentName],
  ['RoleBinding', isValidPathSegmentName],
  ['ClusterRoleBinding', isValidPathSegmentName],
]);

export function nameRule(kind: string): NameRule {
  return NAME_RULES.get(kind) ?? isDNS1123Subdomain;
}

export function checkLabels(labels: unknown, path: JsonPath, field: string): Problem[] {
  if (!isRecord(labels)) return [];
  const out: Problem[] = [];
  for (const [key, value] of Object.entries(labels)) {
    out.push(...each([...path, key], `${field} key`, key, isQualifiedName(key)));
    if (typeof value === 'string') out.push(...each([...path, key], `${field}[${JSON.stringify(key)}] value`, value, isValidLabelValue(value)));
  }
  return out;
}

export function checkAnnotations(annotations: unknown, path: JsonPath, field: string): Problem[] {
  if (!isRecord(annotations)) return [];
  const out: Problem[] = [];
  let total = 0;
  for (const [key, value] of Object.entries(annotations)) {
    // Annotation keys are qualified names in any case.
    out.push(...each([...path, key], `${field} key`, key, isQualifiedName(key.toLowerCase())));
    total += bytes(key) + (typeof value === 'string' ? bytes(value) : 0);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    out.push({ path, message: `${field} total ${total} bytes (keys and values) is refused by the API server: Too long: may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  }
  return out;
}

/** metadata of an object: its name by its kind's rule, its namespace, labels and annotations. */
export function checkObjectMeta(object: Record<string, unknown>, kind: string): Problem[] {
  const meta = object.metadata;
  if (!isRecord(meta)) return [];
  const out: Problem[] = [];
  if (typeof meta.name === 'string' && meta.name !== '') out.push(...each(['metadata', 'name'], 'metadata.name', meta.name, nameRule(kind)(meta.name)));
  if (typeof meta.namespace === 'string' && meta.namespace !== '') out.push(...each(['metadata', 'namespace'], 'metadata.namespace', meta.namespace, isDNS1123Label(meta.namespace)));
  // metadata.labels are the label-syntax rule's (one finding per cause).
  out.push(...checkAnnotations(meta.annotations, ['metadata', 'annotations'], 'metadata.annotations'));
  return out;
}

/** Names a controller builds pods' labels from: CronJob (Job names get an 11-byte suffix) and Job (the job-name label). */
export function checkControllerNames(object: Record<string, unknown>, kind: string): Problem[] {
  const meta = object.metadata;
  if (!isRecord(meta) || typeof meta.name !== 'string') return [];
  const name = meta.name;
  if (kind === 'CronJob' && bytes(name) > 52) {
    return [invalid(['metadata', 'name'], 'metadata.name', name, 'must be no more than 52 characters (the Jobs it creates append an 11-character suffix to a 63-character limit)')];
  }
  const spec = isRecord(object.spec) ? object.spec : {};
  if (kind === 'Job' && spec.manualSelector !== true && bytes(name) > 63) {
    return [invalid(['metadata', 'name'], 'metadata.name', name, 'must be no more than 63 bytes: the API server adds it as the value of the pod template label batch.kubernetes.io/job-name')];
  }
  return [];
}
