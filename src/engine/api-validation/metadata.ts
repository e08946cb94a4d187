// Object metadata as ValidateObjectMeta checks it: the name (by kind), the namespace, annotation
// keys and their total size (256 KiB). Label keys and values: checkLabels, used for selectors here
// (an object's own labels and its pod template's are the label-syntax rule's).
import type { JsonPath } from '../../types.js';
import { bytes, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPathSegmentName } from './names.js';
import { each, invalid, isRecord, type Problem } from './problem.js';

/** ValidateAnnotations' TotalAnnotationSizeLimitB. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

type NameRule = (name: string) => readonly string[];

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

/** Adds the problems of a map of label keys and values to `out`. */
export function checkLabels(out: Problem[], labels: unknown, path: JsonPath, field: string): void {
  if (!isRecord(labels)) return;
  for (const key of Object.keys(labels)) {
    const value = labels[key];
    each(out, () => [...path, key], `${field} key`, key, isQualifiedName(key));
    if (typeof value === 'string') each(out, () => [...path, key], () => `${field}[${JSON.stringify(key)}] value`, value, isValidLabelValue(value));
  }
}

/**
 * Adds the problems of an annotations map to `out`; `path` and `field` are where it is, asked for
 * only when there is a problem.
 */
export function checkAnnotations(out: Problem[], annotations: unknown, path: () => JsonPath, field: () => string): void {
  if (!isRecord(annotations)) return;
  // Characters first: bytes are counted only when the total could pass the limit (at most 3 per UTF-16 unit).
  let chars = 0;
  for (const key of Object.keys(annotations)) {
    const value = annotations[key];
    // Annotation keys are qualified names in any case.
    each(out, () => [...path(), key], () => `${field()} key`, key, isQualifiedName(key.toLowerCase()));
    chars += key.length + (typeof value === 'string' ? value.length : 0);
  }
  if (chars * 3 <= TOTAL_ANNOTATION_SIZE_LIMIT) return;
  let total = 0;
  for (const key of Object.keys(annotations)) {
    const value = annotations[key];
    total += bytes(key) + (typeof value === 'string' ? bytes(value) : 0);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    out.push({ path: path(), message: `${field()} total ${total} bytes (keys and values) is refused by the API server: Too long: may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  }
}

const NAME_PATH = (): JsonPath => ['metadata', 'name'];
const NAMESPACE_PATH = (): JsonPath => ['metadata', 'namespace'];
const ANNOTATIONS_PATH = (): JsonPath => ['metadata', 'annotations'];
const ANNOTATIONS_FIELD = (): string => 'metadata.annotations';

/** Adds the problems of an object's metadata to `out`: its name by its kind's rule, its namespace and annotations. */
export function checkObjectMeta(out: Problem[], object: Record<string, unknown>, kind: string): void {
  const meta = object.metadata;
  if (!isRecord(meta)) return;
  if (typeof meta.name === 'string' && meta.name !== '') each(out, NAME_PATH, 'metadata.name', meta.name, nameRule(kind)(meta.name));
  if (typeof meta.namespace === 'string' && meta.namespace !== '') each(out, NAMESPACE_PATH, 'metadata.namespace', meta.namespace, isDNS1123Label(meta.namespace));
  // metadata.labels are the label-syntax rule's (one finding per cause).
  checkAnnotations(out, meta.annotations, ANNOTATIONS_PATH, ANNOTATIONS_FIELD);
}

/** Names a controller builds pods' labels from: CronJob (Job names get an 11-byte suffix) and Job (the job-name label). */
export function checkControllerNames(out: Problem[], object: Record<string, unknown>, kind: string): void {
  if (kind !== 'CronJob' && kind !== 'Job') return;
  const meta = object.metadata;
  if (!isRecord(meta) || typeof meta.name !== 'string') return;
  const name = meta.name;
  if (kind === 'CronJob' && bytes(name) > 52) {
    out.push(invalid(['metadata', 'name'], 'metadata.name', name, 'must be no more than 52 characters (the Jobs it creates append an 11-character suffix to a 63-character limit)'));
    return;
  }
  const spec = isRecord(object.spec) ? object.spec : {};
  if (kind === 'Job' && spec.manualSelector !== true && bytes(name) > 63) {
    out.push(invalid(['metadata', 'name'], 'metadata.name', name, 'must be no more than 63 bytes: the API server adds it as the value of the pod template label batch.kubernetes.io/job-name'));
  }
}
