// The schema bundle's definitions are parsed on first use when the build's index of that exact
// bundle is there (src/schemas/store.ts): a run whose kinds are all precompiled never parses them.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SchemaBundle } from '../../src/schemas/bundle.js';
import { bundleFileName } from '../../src/schemas/bundle.js';
import { SCHEMA_DIR, bundleHash, bundleIndexFile, bundleIndexOf, loadBundle, newestBundledVersion } from '../../src/schemas/store.js';

describe('schema bundle index', () => {
  const version = newestBundledVersion();
  const full = JSON.parse(readFileSync(SCHEMA_DIR + bundleFileName(version), 'utf8')) as SchemaBundle;

  it('gives the whole bundle, its definitions parsed only when read', () => {
    const index = JSON.parse(readFileSync(bundleIndexFile(version), 'utf8')) as ReturnType<typeof bundleIndexOf>;
    expect(index).toEqual(bundleIndexOf(full, bundleHash(version))); // the build wrote it from this bundle
    const bundle = loadBundle(version);
    expect(typeof Object.getOwnPropertyDescriptor(bundle, 'definitions')?.get).toBe('function');
    expect([bundle.kubernetesVersion, bundle.kinds, bundle.deprecated]).toEqual([full.kubernetesVersion, full.kinds, full.deprecated]);
    expect(bundle.definitions).toEqual(full.definitions);
  });

  it("is not used for another bundle's text (its hash must match)", async () => {
    const file = bundleIndexFile(version);
    const kept = readFileSync(file);
    try {
      writeFileSync(file, JSON.stringify({ ...bundleIndexOf(full, 'another bundle'), kinds: {} }));
      const { vi } = await import('vitest');
      vi.resetModules();
      const fresh = await import('../../src/schemas/store.js');
      const bundle = fresh.loadBundle(version);
      expect(Object.getOwnPropertyDescriptor(bundle, 'definitions')?.get).toBeUndefined();
      expect(bundle.kinds).toEqual(full.kinds);
    } finally {
      writeFileSync(file, kept);
    }
  });
});
