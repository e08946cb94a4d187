// AdmissionReview v1 in and out: validating the shape of a request and building the response.
// Pure functions; nothing here touches the network.
import { isRecord } from '../shared/records.js';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** The fields of `request` kubelint reads (the API server sends more). */
export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource?: GroupVersionResource;
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: Operation;
  object?: Record<string, unknown> | null;
  oldObject?: Record<string, unknown> | null;
  dryRun?: boolean;
  /** Set when `object` exceeds a review limit (bounds.ts): answered without evaluation. */
  exceeds?: Exceeded;
}

/** The first review limit an object exceeds: which one (a metric label) and a sentence naming the field. */
export interface Exceeded {
  limit: 'depth' | 'array-items' | 'containers' | 'values';
  message: string;
}

export interface AdmissionStatus {
  code: number;
  reason: string;
  message: string;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: AdmissionStatus;
  warnings?: string[];
}

export interface AdmissionReviewResponse {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}

/** A request that cannot be answered as an AdmissionReview: the server replies 400 with this message. */
export class BadReviewError extends Error {
  override name = 'BadReviewError';
}

const OPERATIONS = new Set<string>(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new BadReviewError(`request.${field} must be a non-empty string`);
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new BadReviewError(`request.${field} must be a string`);
  return value;
}

function optionalObject(value: unknown, field: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new BadReviewError(`request.${field} must be an object`);
  return value;
}

/** Checks a decoded body is an admission.k8s.io/v1 AdmissionReview with a usable request. */
export function parseReview(body: unknown): AdmissionRequest {
  if (!isRecord(body)) throw new BadReviewError('body must be a JSON object (an AdmissionReview)');
  // Messages name the field and what it must be, never what was sent (it is echoed to the client and the log).
  if (body.kind !== 'AdmissionReview') throw new BadReviewError('kind must be "AdmissionReview"');
  if (body.apiVersion !== 'admission.k8s.io/v1') throw new BadReviewError('apiVersion must be "admission.k8s.io/v1"');
  const request = body.request;
  if (!isRecord(request)) throw new BadReviewError('AdmissionReview has no request');
  const uid = requireString(request.uid, 'uid');
  const operation = requireString(request.operation, 'operation');
  if (!OPERATIONS.has(operation)) throw new BadReviewError(`request.operation must be one of CREATE, UPDATE, DELETE, CONNECT`);
  const kind = request.kind;
  if (!isRecord(kind) || typeof kind.kind !== 'string' || typeof kind.version !== 'string') {
    throw new BadReviewError('request.kind must be {group, version, kind}');
  }
  const resource = isRecord(request.resource) ? (request.resource as unknown as GroupVersionResource) : undefined;
  if (request.dryRun !== undefined && request.dryRun !== null && typeof request.dryRun !== 'boolean') {
    throw new BadReviewError('request.dryRun must be a boolean');
  }
  return {
    uid,
    kind: { group: typeof kind.group === 'string' ? kind.group : '', version: kind.version, kind: kind.kind },
    resource,
    subResource: optionalString(request.subResource, 'subResource'),
    name: optionalString(request.name, 'name'),
    namespace: optionalString(request.namespace, 'namespace'),
    operation: operation as Operation,
    object: optionalObject(request.object, 'object'),
    oldObject: optionalObject(request.oldObject, 'oldObject'),
    dryRun: request.dryRun === true,
  };
}

/** Picks the uid out of a body that failed validation, so even an error answer can echo it. */
export function uidOf(body: unknown): string | undefined {
  if (!isRecord(body) || !isRecord(body.request)) return undefined;
  const uid = body.request.uid;
  return typeof uid === 'string' && uid !== '' ? uid : undefined;
}

export function reviewResponse(response: AdmissionResponse): AdmissionReviewResponse {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}

export function allow(uid: string, warnings: string[] = []): AdmissionResponse {
  return warnings.length > 0 ? { uid, allowed: true, warnings } : { uid, allowed: true };
}

export function deny(uid: string, message: string, warnings: string[] = []): AdmissionResponse {
  const response: AdmissionResponse = { uid, allowed: false, status: { code: 403, reason: 'Forbidden', message } };
  if (warnings.length > 0) response.warnings = warnings;
  return response;
}
