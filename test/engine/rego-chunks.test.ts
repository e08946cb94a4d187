// A large batch is evaluated a few namespaces at a time (rego.ts namespaceChunks). Cross-resource
// rules only look inside a namespace, so the findings must be exactly those of one evaluation.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { packagePath } from '../../src/config/paths.js';
import { createRegoCheck, namespaceChunks } from '../../src/engine/rego.js';
import type { Resource } from '../../src/types.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';
import { namespacedRuleFixtures } from '../helpers/namespaced-fixtures.js';

function named(namespace: string | undefined, name: string): Resource {
  const metadata = namespace === undefined ? { name } : { name, namespace };
  return { apiVersion: 'v1', kind: 'ConfigMap', name, namespace, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata }, basePath: [] };
}

describe('namespaceChunks', () => {
  const batch = [named('a', '1'), named(undefined, '2'), named('b', '3'), named('a', '4'), named('', '5'), named('c', '6'), named('default', '7')];

  it('keeps a small batch whole', () => {
    expect([...namespaceChunks(batch, 'default', { from: 8, size: 2 })]).toEqual([undefined]);
  });

  it('keeps each namespace together (unset and empty mean the default namespace) and packs namespaces up to the size', () => {
    // a: 0,3 · default: 1,4,6 · b: 2 · c: 5
    expect([...namespaceChunks(batch, 'default', { from: 0, size: 3 })]).toEqual([[0, 3], [1, 4, 6], [2, 5]]);
    expect([...namespaceChunks(batch, 'default', { from: 0, size: 1 })]).toEqual([[0, 3], [1, 4, 6], [2], [5]]);
    expect([...namespaceChunks(batch, 'other', { from: 0, size: 100 })]).toEqual([[0, 3, 1, 4, 2, 5, 6]]);
  });
});

describe('chunked Rego evaluation', () => {
  let resources: Resource[];
  beforeAll(async () => {
    ensurePoliciesBuilt();
    resources = await namespacedRuleFixtures();
  });

  it('finds exactly what one evaluation of the whole batch finds, in the same order', async () => {
    const config = defaultConfig(packagePath());
    const whole = (await createRegoCheck({ from: Infinity, size: 0 })).run(resources, { config });
    const oneNamespaceEach = (await createRegoCheck({ from: 0, size: 1 })).run(resources, { config });
    const namespaces = new Set(resources.map((r) => r.namespace ?? 'default'));
    expect(namespaces.size).toBeGreaterThan(5);
    expect(whole.filter((v) => v.ruleId === 'pdb-required' || v.ruleId === 'selector-dangling').length).toBeGreaterThan(5);
    expect(oneNamespaceEach).toEqual(whole);
  });
});
