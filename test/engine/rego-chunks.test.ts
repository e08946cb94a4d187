// A large batch is evaluated a few namespaces at a time (rego.ts namespaceChunks). Cross-resource
// rules only look inside a namespace, so the findings must be exactly those of one evaluation.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { packagePath } from '../../src/config/paths.js';
import { createRegoCheck, namespaceChunks } from '../../src/engine/rego.js';
import { loadInputs } from '../../src/load/index.js';
import { identifyResources } from '../../src/load/resources.js';
import type { Resource } from '../../src/types.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';

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
    const root = packagePath('fixtures', 'rules');
    const files = readdirSync(root).flatMap((rule) => readdirSync(path.join(root, rule)).map((f) => path.join(root, rule, f)));
    const config = defaultConfig(packagePath());
    const loaded = await loadInputs(files.sort(), config, { cwd: packagePath() });
    // Each fixture file gets namespaces of its own (relations inside a file kept), so there are many.
    const fileIndex = new Map<string, number>();
    resources = identifyResources(loaded.manifests).resources.map((r) => {
      const file = r.manifest!.source.name;
      const n = fileIndex.get(file) ?? fileIndex.set(file, fileIndex.size).get(file)!;
      const metadata = r.object.metadata as Record<string, unknown>;
      const namespace = `f${n}-${typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : 'default'}`;
      return { ...r, namespace, object: { ...r.object, metadata: { ...metadata, namespace } } };
    });
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
