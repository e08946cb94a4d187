// The piece-by-piece store's names (src/engine/rego-objects.ts) at an edit: each object's key is
// one crypto.hash call and each group's digest one SHA-256 over its members' projection digests
// copied into one buffer, not a Hash object per object and an update per member and group (plain
// 1,000's edited namespace: ~330 objects, ~2,600 updates). The bytes hashed are the ones the
// earlier code hashed, so a pieces file written before is read back.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const counts = vi.hoisted(() => ({ hashes: 0, updates: 0 }));
vi.mock('node:crypto', async (original) => {
  const crypto = await original<typeof import('node:crypto')>();
  return {
    ...crypto,
    createHash: (algorithm: string) => {
      counts.hashes++;
      const hash = crypto.createHash(algorithm);
      const update = hash.update.bind(hash);
      hash.update = ((...args: Parameters<typeof update>) => {
        counts.updates++;
        return update(...args);
      }) as typeof hash.update;
      return hash;
    },
  };
});

import { defaultConfig } from '../../src/config/defaults.js';
import type { Check } from '../../src/engine/check.js';
import { createRegoCheck } from '../../src/engine/rego.js';
import { useRegoResultStore } from '../../src/engine/rego-memo.js';
import { pieceUse } from '../../src/engine/rego-objects.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import { asResource } from '../support/related-namespaces.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';

const temp = tempDirs();
const OBJECTS = 120;

/** One namespace: a Deployment, a Service and a PDB selecting it, and ConfigMaps. */
function objects(replicas: number): Array<Record<string, unknown>> {
  const labels = { app: 'web' };
  return [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', labels }, spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'registry.example.com/web:1.0' }] } } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: labels, ports: [{ port: 80 }] } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'shop' }, spec: { minAvailable: 2, selector: { matchLabels: labels } } },
    ...Array.from({ length: OBJECTS - 3 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `settings-${i}`, namespace: 'shop' }, data: { value: `v${i}` } })),
  ];
}

let check: Check;
beforeAll(async () => {
  ensurePoliciesBuilt();
  check = await createRegoCheck({ from: 10, size: 400, split: 600 });
});
afterEach(() => useRegoResultStore(undefined));

describe('names made at an edit evaluated in pieces', () => {
  it('hashes each object once and each group in one call', () => {
    useRegoResultStore({ dir: temp('kubelint-rego-hashing-'), secret: randomBytes(32), version: 'test' });
    const config = defaultConfig('/tmp');
    for (const replicas of [1, 2]) check.run(objects(replicas).map(asResource), { config }); // stored whole, then kept in pieces
    const before = { ...pieceUse };
    counts.hashes = 0;
    counts.updates = 0;
    check.run(objects(3).map(asResource), { config });
    expect(pieceUse.objectsEvaluated - before.objectsEvaluated).toBe(1); // really in pieces
    const groups = pieceUse.groupsRead + pieceUse.groupsEvaluated - before.groupsRead - before.groupsEvaluated;
    expect(groups).toBeGreaterThan(1);
    // Per group its digest and the edited object's projection; besides, a few names (the unit's
    // entry, the namespace's file): not one per object (the old code: 144 Hash objects here).
    expect(counts.hashes).toBeLessThanOrEqual(2 * groups + 6);
    expect(counts.updates).toBeLessThanOrEqual(2 * groups + 12);
  });

});
