// A finding's stable identity: what it is about, never where it currently sits. Shared by the
// baseline file and SARIF partialFingerprints, so both survive edits above a finding.
import { hash } from 'node:crypto';
import type { Finding, ResourceRef } from '../types.js';
import { groupOf } from '../shared/api-version.js';

/** Version of the fingerprint recipe; bump it when the recipe changes (old baselines then mismatch loudly). */
export const FINGERPRINT_VERSION = 1;

/** group/kind/namespace/name: the API version is left out so a v1beta1 → v1 migration keeps identity. */
export function resourceIdentity(resource: ResourceRef | undefined): string {
  if (!resource) return '';
  let identity = identities.get(resource);
  if (identity === undefined) {
    identity = [groupOf(resource.apiVersion), resource.kind, resource.namespace ?? '', resource.name].join('/');
    identities.set(resource, identity);
  }
  return identity;
}

/** By reference: a run shares one per resource (engine/shared-parts.ts), and a workload has ~15 findings. References are never mutated. */
const identities = new WeakMap<ResourceRef, string>();

/**
 * The fingerprint of a finding. `file` is the caller's stable spelling of the file (relative to the
 * repository or the baseline file), so the same finding gets the same print from any cwd.
 * Findings about no resource (unreadable input) fall back to their message, which carries no line.
 */
export function fingerprintOf(finding: Finding, file: string | undefined): string {
  const parts = [String(FINGERPRINT_VERSION), finding.ruleId, resourceIdentity(finding.resource), finding.path ?? '', file ?? ''];
  if (!finding.resource) parts.push(finding.message.replace(/\d+:\d+/g, ''));
  // One-shot hash: a Hash object per finding cost SARIF's 5,510 prints at legacy 1,000 ~12 ms, this ~5.
  return hash('sha256', parts.join('\u0000')).slice(0, 32);
}
