// The JSON report makes each resource's object once for all its findings (one reference per
// resource, engine/shared-parts.ts): a legacy workload's ~15 findings each made a copy. The text is unchanged.
import { describe, expect, it } from 'vitest';
import { formatJson, toJsonFinding } from '../../src/report/json.js';
import type { Finding } from '../../src/types.js';
import { context, finding, report } from './helpers.js';

/** A resource reference whose namespace is counted each time it is read. */
function countedResource(namespace: string | undefined) {
  let reads = 0;
  const resource = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } as NonNullable<Finding['resource']>;
  Object.defineProperty(resource, 'namespace', { enumerable: true, get: () => (reads++, namespace) });
  return { resource, reads: () => reads };
}

describe('json report costs', () => {
  it("writes a resource shared by many findings from one object, each finding's text as before", () => {
    const shop = countedResource('shop');
    const bare = countedResource(undefined);
    const findings = Array.from({ length: 30 }, (_, i) => finding({ resource: i % 2 ? bare.resource : shop.resource, message: `problem ${i}` }));
    const json = JSON.parse(formatJson(report(findings), context(process.cwd(), { defaultNamespace: 'team' })));
    expect(json.findings[0].resource).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' });
    // The config's default namespace for a namespaced kind that names none.
    expect(json.findings[1].resource).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'team', name: 'web' });
    expect(json.findings.map((f: { resource: { namespace: string } }) => f.resource.namespace)).toEqual(Array.from({ length: 30 }, (_, i) => (i % 2 ? 'team' : 'shop')));
    // Read twice (is one named, which) per resource; per finding it was twice each.
    expect(shop.reads()).toBe(2);
    expect(bare.reads()).toBe(1);
  });

  it('gives a finding alone the same object as the report writes', () => {
    const f = finding({ resource: { apiVersion: 'v1', kind: 'Namespace', name: 'ops' }, range: undefined, path: undefined });
    expect(toJsonFinding(f, 'team')).toEqual({
      ruleId: 'no-privileged', severity: 'error', message: 'container "app" is privileged', file: 'deploy/web.yaml',
      line: null, column: null, endLine: null, endColumn: null,
      resource: { apiVersion: 'v1', kind: 'Namespace', namespace: null, name: 'ops' }, path: null,
    });
    expect(JSON.parse(formatJson(report([f]), context(process.cwd(), { defaultNamespace: 'team' }))).findings[0]).toEqual(toJsonFinding(f, 'team'));
  });
});
