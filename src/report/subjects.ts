// A finding's subject as the CI formats write it: `Kind namespace/name`. engine/shared-parts.ts
// shares one resource reference among a resource's findings (a legacy workload has ~5), so the
// text is made once per reference rather than once per finding.
import type { Finding, ResourceRef } from '../types.js';

/** `Kind namespace/name` (`Kind name` without a namespace): how every format names a finding's resource. */
export function subjectOf(resource: ResourceRef): string {
  return `${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.name}`;
}

export class Subjects {
  private readonly made = new Map<ResourceRef, string>();

  of(resource: ResourceRef): string {
    let subject = this.made.get(resource);
    if (subject === undefined) {
      subject = subjectOf(resource);
      this.made.set(resource, subject);
    }
    return subject;
  }
}

/** `subject path`, either alone, or '' when there is neither. */
export function whereOf(f: Finding, subjects: Subjects): string {
  const subject = f.resource ? subjects.of(f.resource) : '';
  if (subject && f.path) return `${subject} ${f.path}`;
  return subject || f.path || '';
}
