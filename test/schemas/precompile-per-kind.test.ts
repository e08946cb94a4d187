// Per-kind precompiled modules: each holds only its own kind and validates like run-time ajv.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { _ } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { KUBERNETES_FORMATS, createKubernetesAjv, exportName, kindRef } from '../../src/schemas/ajv-setup.js';
import { precompiledSourcesPerKind } from '../../src/schemas/precompile.js';
import { bundleHash, loadBundle } from '../../src/schemas/store.js';

type KindModule = { bundleHash: string; strict: boolean; kinds: string[]; load: (f: unknown) => Record<string, ValidateFunction> };

describe('precompiledSourcesPerKind', () => {
  it('writes one self-contained module per kind, agreeing with run-time compilation', () => {
    const bundle = loadBundle('1.36');
    const kinds = ['apps/v1 Deployment', 'v1 ConfigMap', 'no/v1 Missing'];
    const sources = precompiledSourcesPerKind(bundle, bundleHash('1.36'), false, kinds);
    expect([...sources.keys()]).toEqual(['apps/v1 Deployment', 'v1 ConfigMap']); // unknown kinds left out
    // A ConfigMap module must not carry the Deployment's PodSpec code.
    expect(sources.get('v1 ConfigMap')!.length * 5).toBeLessThan(sources.get('apps/v1 Deployment')!.length);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-per-kind-'));
    const ajv = createKubernetesAjv(bundle.definitions); // relaxed, like the modules above
    const samples: Record<string, unknown> = {
      'apps/v1 Deployment': { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 'two', selector: {}, template: { spec: { containers: [{ name: 1 }] } } } },
      'v1 ConfigMap': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 1 } },
    };
    for (const [key, source] of sources) {
      const file = path.join(dir, `${exportName(key)}.cjs`);
      writeFileSync(file, source);
      const mod = createRequire(import.meta.url)(file) as KindModule;
      expect(mod.bundleHash).toBe(bundleHash('1.36'));
      expect(mod.strict).toBe(false);
      expect(mod.kinds).toEqual([exportName(key)]);
      const standalone = mod.load(KUBERNETES_FORMATS)[exportName(key)]!;
      const runtime = ajv.compile(kindRef(bundle.kinds[key]!));
      expect(standalone(samples[key])).toBe(false);
      expect(runtime(samples[key])).toBe(false);
      expect(standalone.errors).toEqual(runtime.errors);
    }
  });

  it('writes each referenced definition once, as its own function (a run compiles and caches only what its objects reach)', () => {
    const bundle = loadBundle('1.36');
    const key = 'apps/v1 Deployment';
    const source = precompiledSourcesPerKind(bundle, bundleHash('1.36'), false, [key]).get(key)!;
    // The same kind with ajv's default of inlining every non-recursive reference: PodSpec's
    // Container and its neighbours are written out at each place that uses them.
    const ajv = createKubernetesAjv(bundle.definitions, { code: { source: true, formats: _`formats` } });
    const id = exportName(key);
    ajv.addSchema({ $id: id, ...kindRef(bundle.kinds[key]!) }, id, undefined, false);
    const inlined = standalone.default(ajv, { [id]: id });
    const functions = (text: string) => text.match(/function validate\d+\(/g)!.length;
    expect(functions(source)).toBeGreaterThan(2 * functions(inlined));
    expect(source.length).toBeLessThan(0.85 * inlined.length);
  }, 60_000);
});
