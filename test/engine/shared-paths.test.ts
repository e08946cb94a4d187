// Rego's results share their path arrays (engine/shared-parts.ts SharedPaths): one array per
// distinct path for a batch's violations instead of one (plus its segment strings) per violation.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { createRegoCheck, existingPrefix } from '../../src/engine/rego.js';
import { SharedPaths } from '../../src/engine/shared-parts.js';
import type { Resource } from '../../src/types.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';

describe('SharedPaths', () => {
  it('gives equal paths one array, and keeps look-alike paths apart', () => {
    const paths = new SharedPaths();
    const a = paths.whole(['spec', 'containers', 0, 'image']);
    expect(paths.whole(['spec', 'containers', 0, 'image'])).toBe(a);
    expect(a).toEqual(['spec', 'containers', 0, 'image']);
    // The item 0 is not the key "0"; a prefix is not the path.
    expect(paths.whole(['spec', 'containers', '0', 'image'])).toEqual(['spec', 'containers', '0', 'image']);
    expect(paths.whole(['spec', 'containers', '0', 'image'])).not.toBe(a);
    expect(paths.whole(['spec', 'containers', 0])).toEqual(['spec', 'containers', 0]);
    expect(paths.whole([])).toEqual([]);
  });

  it('does not keep the caller array, which the caller may change', () => {
    const paths = new SharedPaths();
    const given = ['metadata', 'labels'];
    const shared = paths.whole(given);
    given.push('app');
    expect(shared).toEqual(['metadata', 'labels']);
  });

  it('finds the existing prefix as existingPrefix does, both paths shared', () => {
    const paths = new SharedPaths();
    const object = { spec: { containers: [{ name: 'a', resources: {} }], '0': { x: 1 } } };
    for (const path of [
      ['spec', 'containers', 0, 'resources', 'limits', 'cpu'],
      ['spec', 'containers', 0, 'name'],
      ['spec', 'containers', 1, 'name'],
      ['spec', '0', 'x'],
      ['spec', 'containers', '0', 'name'], // `in` finds the key "0" of an array, as existingPrefix does
      ['status'],
      [],
    ] as Array<Array<string | number>>) {
      const { kept, whole } = paths.existing(object, path);
      expect(kept).toEqual(existingPrefix(object, path));
      expect(whole).toEqual(path);
      expect(kept === whole).toBe(kept.length === path.length);
      const again = paths.existing(structuredClone(object), [...path]);
      expect(again.kept).toBe(kept);
      expect(again.whole).toBe(whole);
    }
  });
});

describe('Rego violations', () => {
  beforeAll(() => ensurePoliciesBuilt(), 180_000);

  const deployment = (name: string): Resource => {
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'shop' },
      spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:latest' }] } } },
    };
    return { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: 'shop', object, basePath: [] };
  };

  it('share one path array per distinct path, the missing field\'s too', async () => {
    const check = await createRegoCheck();
    const violations = check.run([deployment('a'), deployment('b'), deployment('c')], { config: defaultConfig('/tmp') });
    const probes = violations.filter((v) => v.ruleId === 'liveness-probe');
    expect(probes.map((v) => v.resource!.name)).toEqual(['a', 'b', 'c']);
    // No probe: the finding points at the container, and names the field it asked for.
    expect(probes[0]!.path).toEqual(['spec', 'template', 'spec', 'containers', 0]);
    expect(probes[0]!.missing).toEqual(['spec', 'template', 'spec', 'containers', 0, 'livenessProbe']);
    expect(probes[1]!.path).toBe(probes[0]!.path);
    expect(probes[2]!.missing).toBe(probes[0]!.missing);
    // The container's path is one array for every rule that points at it.
    const atContainer = violations.filter((v) => v.ruleId === 'no-privilege-escalation');
    expect(atContainer[0]!.path).toBe(probes[0]!.path);
    const image = violations.filter((v) => v.ruleId === 'image-tag-pinned');
    expect(image).toHaveLength(3);
    expect(image[0]!.missing).toBeUndefined();
    expect(image[1]!.path).toBe(image[0]!.path);
    // Several rules report on these objects. (That a rule id is the catalogue's own string, not a
    // copy, cannot be observed from JavaScript: strings compare by value.)
    expect(new Set(violations.map((v) => v.ruleId)).size).toBeGreaterThan(3);
  });
});
