import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { duplicateCheck } from '../../src/engine/builtin.js';
import type { Check } from '../../src/engine/check.js';
import { createLinter } from '../../src/engine/engine.js';
import { identifyResources } from '../../src/load/resources.js';
import { parseManifestText } from '../../src/load/yaml.js';

function load(text: string) {
  const parsed = parseManifestText(text, { kind: 'file', name: 'in.yaml' });
  const identified = identifyResources(parsed.manifests);
  return { resources: identified.resources, problems: [...parsed.problems, ...identified.problems] };
}

/** A check that flags every container without an image tag, at the image path. */
const imageCheck: Check = {
  rules: [{ id: 'test-image', title: 't', description: 'd', severity: 'warning', origin: 'builtin' }],
  run: (batch) =>
    batch.flatMap((r) =>
      ((r.object.spec as { containers?: Array<{ image?: string }> })?.containers ?? []).flatMap((c, i) =>
        c.image?.includes(':') ? [] : [{ ruleId: 'test-image', message: `container ${i} image untagged`, resource: r, path: ['spec', 'containers', i, 'image'] }],
      ),
    ),
};

const pods = `apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  containers:
    - name: x
      image: nginx
    - name: y
      image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: a
  namespace: default
spec:
  containers:
    - name: z
`;

describe('engine', () => {
  const linter = createLinter([duplicateCheck, imageCheck]);

  it('turns violation paths into located findings, sorted by position', () => {
    const { resources, problems } = load(pods);
    const findings = linter.lint(resources, { config: defaultConfig('/'), problems });
    expect(findings.map((f) => [f.ruleId, f.severity, f.range?.line, f.range?.column, f.path])).toEqual([
      ['test-image', 'warning', 8, 7, 'spec.containers[0].image'],
      // The missing image falls back to its container.
      ['duplicate-resource', 'error', 15, 3, 'metadata.name'],
      ['test-image', 'warning', 19, 7, 'spec.containers[0].image'],
    ]);
  });

  it('honours configured levels, and never silences a lost input', () => {
    const { resources } = load(pods);
    const config = { ...defaultConfig('/'), rules: { 'test-image': { severity: 'off' as const }, 'parse-error': { severity: 'off' as const } } };
    const parseProblem = { ruleId: 'parse-error', message: 'bad', file: 'x.yaml', line: 3, column: 2 };
    const findings = linter.lint(resources, { config, problems: [parseProblem] });
    expect(findings.map((f) => [f.ruleId, f.severity, f.fatal])).toEqual([
      ['duplicate-resource', 'error', undefined],
      ['parse-error', 'error', true],
    ]);
  });

  it('treats a missing namespace as the default one, except for cluster-scoped kinds', () => {
    const text = ['apiVersion: v1', 'kind: Namespace', 'metadata: {name: solar}', '---', 'apiVersion: v1', 'kind: Namespace', 'metadata: {name: solar, namespace: x}',
      '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}', '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c, namespace: other}', ''].join('\n');
    const { resources } = load(text);
    const findings = linter.lint(resources, { config: { ...defaultConfig('/'), defaultNamespace: 'other' } });
    expect(findings.map((f) => [f.ruleId, f.resource?.kind, f.range?.line])).toEqual([
      ['duplicate-resource', 'Namespace', 7],
      ['duplicate-resource', 'ConfigMap', 15],
    ]);
  });

  it('keeps same-named resources of different API groups apart', () => {
    const text = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: d}', '---', 'apiVersion: example.com/v1', 'kind: Deployment', 'metadata: {name: d}', ''].join('\n');
    const { resources } = load(text);
    expect(linter.lint(resources, { config: defaultConfig('/') })).toEqual([]);
  });

  it('lintBatches releases what checks keep for speed once every batch is checked, before locating; lint keeps it', () => {
    const events: string[] = [];
    const recording: Check = {
      rules: imageCheck.rules,
      run: (batch, ctx) => {
        events.push(`run ${batch.length}`);
        return imageCheck.run(batch, ctx);
      },
      release: () => {
        events.push('release');
        return gaveBack;
      },
    };
    let gaveBack = true;
    const batches = [load(pods), { ...load(pods), variant: 'other' }];
    // Locating a finding reads its manifest: the release must come before the first of those.
    const located = batches.map((b) => ({
      ...b,
      resources: b.resources.map((r) => ({ ...r, manifest: r.manifest && { ...r.manifest, locate: (p: Parameters<typeof r.manifest.locate>[0]) => (events.push('locate'), r.manifest!.locate(p)) } })),
    }));
    const onRelease = () => events.push('onRelease');
    const findings = createLinter([recording]).lintBatches(located, { config: defaultConfig('/'), onRelease });
    expect(findings.length).toBeGreaterThan(0);
    expect(events.slice(0, 4)).toEqual(['run 2', 'run 2', 'release', 'onRelease']);
    expect(events.filter((e) => e === 'release')).toHaveLength(1);
    // Nothing given back: the caller is not told (the CLI collects garbage only after a large run).
    events.length = 0;
    gaveBack = false;
    createLinter([recording]).lintBatches(batches, { config: defaultConfig('/'), onRelease });
    expect(events).toEqual(['run 2', 'run 2', 'release']);
    events.length = 0;
    createLinter([recording]).lint(load(pods).resources, { config: defaultConfig('/') });
    expect(events).toEqual(['run 2']); // the webhook's path reuses what it keeps
  });
});
