// Precompiled (ajv standalone) validators must behave exactly like run-time compiled ones.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { KUBERNETES_FORMATS, createKubernetesAjv, exportName, kindRef } from '../../src/schemas/ajv-setup.js';
import { precompiledSource } from '../../src/schemas/precompile.js';
import { bundleHash, loadBundle } from '../../src/schemas/store.js';
import { deriveStrict } from '../../src/schemas/variants.js';

const samples = [
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: null }, spec: { replicas: '2', extra: 1, selector: {}, template: { spec: { containers: [{ image: 'x', resources: { limits: { cpu: 0.5, memory: '1GB' } } }] } } } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'bad!' } },
];

describe('precompiledSource', () => {
  it('produces validators with the same verdicts and errors as run-time compilation', () => {
    const bundle = loadBundle('1.36');
    const kinds = ['apps/v1 Deployment', 'v1 Secret'];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-precompiled-'));
    const file = path.join(dir, 'v.cjs');
    writeFileSync(file, precompiledSource(bundle, bundleHash('1.36'), true, kinds));
    const mod = createRequire(import.meta.url)(file) as { bundleHash: string; strict: boolean; kinds: string[]; load: (f: unknown) => Record<string, ValidateFunction> };
    expect(mod.bundleHash).toBe(bundleHash('1.36'));
    expect(mod.strict).toBe(true);
    expect(mod.kinds).toEqual(kinds.map(exportName));
    const precompiled = mod.load(KUBERNETES_FORMATS);
    const ajv = createKubernetesAjv(deriveStrict(bundle.definitions));
    for (const sample of samples) {
      const key = `${sample.apiVersion} ${sample.kind}`;
      const runtime = ajv.compile(kindRef(bundle.kinds[key]!));
      const standalone = precompiled[exportName(key)]!;
      expect(standalone(sample)).toBe(runtime(sample));
      expect(standalone.errors).toEqual(runtime.errors);
      expect(standalone.errors!.length).toBeGreaterThan(0);
    }
  });
});
