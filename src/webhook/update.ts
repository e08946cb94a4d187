// What an UPDATE changes, so the webhook judges the change rather than the whole object: an
// object being deleted, or whose content outside metadata and status is unchanged, is maintained
// (finalizers removed, labels or status set) and always admitted; a violation the old object had
// already is reported, not enforced. Otherwise an object admitted before the webhook was installed
// (or while it failed open) could never lose its finalizers, nor be maintained at all.
import { isDeepStrictEqual } from 'node:util';
import { isRecord } from '../shared/records.js';
import type { AdmissionRequest } from './review.js';

export type MaintenanceReason = 'deleting' | 'unchanged-spec';

/** Everything rules judge except metadata (names, labels, finalizers, …) and status. */
function content(object: Record<string, unknown>): Record<string, unknown> {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return rest;
}

/** Why this UPDATE is admitted without evaluation, or undefined when it must be evaluated. */
export function maintenanceUpdate(request: AdmissionRequest): MaintenanceReason | undefined {
  if (request.operation !== 'UPDATE' || !request.object) return undefined;
  const metadata = request.object.metadata;
  if (isRecord(metadata) && metadata.deletionTimestamp) return 'deleting';
  if (request.oldObject && isDeepStrictEqual(content(request.object), content(request.oldObject))) return 'unchanged-spec';
  return undefined;
}

/** A violation's identity across two versions of an object: the rule and the field it points at. */
interface Located {
  ruleId: string;
  path?: string;
}

function keyOf(v: Located): string {
  return `${v.ruleId}\u0000${v.path ?? ''}`;
}

/**
 * Marks which of the new object's violations the old object had already (same rule, same field),
 * counting duplicates, so two identical new violations are not both excused by one old one.
 */
export function preexisting(current: readonly Located[], old: readonly Located[]): boolean[] {
  const remaining = new Map<string, number>();
  for (const v of old) remaining.set(keyOf(v), (remaining.get(keyOf(v)) ?? 0) + 1);
  return current.map((v) => {
    const left = remaining.get(keyOf(v)) ?? 0;
    if (left === 0) return false;
    remaining.set(keyOf(v), left - 1);
    return true;
  });
}
