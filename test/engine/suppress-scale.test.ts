// A repository that answers its first run by annotating its workloads (kubelint.io/ignore on each)
// must not make every finding try every annotation: a finding is matched against its own file's
// comments, its own resource's annotations and the config's exemptions. And an annotation is
// located only when it is reported (unused, or without a reason), not for every annotated object.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { annotationSuppressions } from '../../src/engine/suppress-sources.js';
import { createSuppressor } from '../../src/engine/suppress.js';
import { identifyResources } from '../../src/load/resources.js';
import { parseManifestText } from '../../src/load/yaml.js';
import type { Finding, Location, Resource, Violation } from '../../src/types.js';

const N = 300;

/** N Jobs in flow style, each annotated to ignore one rule with a reason; the last one's annotation has no reason. */
const jobs = Array.from({ length: N }, (_, i) => {
  const reason = i === N - 1 ? '' : `, kubelint.io/ignore-reason: "batch ${i} runs once"`;
  return `{apiVersion: batch/v1, kind: Job, metadata: {name: job-${i}, namespace: batch, annotations: {kubelint.io/ignore: "t-probe"${reason}}}, spec: {template: {spec: {restartPolicy: Never, containers: [{name: run, image: busybox}]}}}}\n`;
}).join('---\n');

function load(): Resource[] {
  return identifyResources(parseManifestText(jobs, { kind: 'file', name: 'jobs.yaml' }).manifests).resources;
}

/** A violation whose resource is counted each time it is read: what matching a record against it costs. */
function counted(resource: Resource, ruleId: string): { v: Violation; reads: () => number } {
  let reads = 0;
  const v = { ruleId, message: `${resource.name} ${ruleId}` } as Violation;
  Object.defineProperty(v, 'resource', { enumerable: true, get: () => (reads++, resource) });
  return { v, reads: () => reads };
}

describe('suppressions at scale', () => {
  it("matches a finding against its own resource's annotations, not every annotation of the batch", () => {
    const batch = load();
    const suppressor = createSuppressor(batch, defaultConfig('/'), new Date('2026-06-15T12:00:00Z'));
    let reads = 0;
    const results = batch.flatMap((resource) =>
      ['t-probe', 't-other'].map((ruleId) => {
        const { v, reads: readsOf } = counted(resource, ruleId);
        const f: Finding = { ruleId, severity: 'warning', message: v.message, file: 'jobs.yaml' };
        const out = suppressor.apply(v, f);
        reads += readsOf();
        return out;
      }),
    );
    // What each finding gets is unchanged: its own annotation with a reason suppresses its rule only.
    expect(results.filter((f) => f.suppressed).map((f) => f.message)).toEqual(batch.slice(0, -1).map((r) => `${r.name} t-probe`));
    expect(results.find((f) => f.suppressed)!.suppressed).toEqual({ kind: 'annotation', reason: 'batch 0 runs once' });
    // Trying every annotation read each finding's resource ~N times (2N findings x N records).
    expect(reads).toBeLessThan(10 * 2 * N);
    const unused = suppressor.unused();
    expect(unused.map((f) => f.ruleId)).toEqual(['suppression-missing-reason']);
    // `kubelint.io/ignore: "t-probe"` on job-299's line (each document's line, then its `---`).
    expect(unused[0]!.range).toEqual({ line: 2 * N - 1, column: 93, endLine: 2 * N - 1, endColumn: 122 });
  });

  it('locates an annotation only when its range is read', () => {
    const [resource] = load();
    let located = 0;
    const manifest = resource!.manifest!;
    const spied: Resource = {
      ...resource!,
      manifest: {
        ...manifest,
        locate(path): Location {
          const location = manifest.locate(path);
          return { file: location.file, get range() { located++; return location.range; } };
        },
      },
    };
    const [record] = annotationSuppressions([spied]);
    expect(record!.file).toBe('jobs.yaml');
    expect(located).toBe(0);
    expect(record!.range).toEqual({ line: 1, column: 91, endLine: 1, endColumn: 120 });
    expect(located).toBe(1);
  });
});
