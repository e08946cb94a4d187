// One namespace of ~1,000 bare Deployments with every rule on (`--preset all`): evaluated whole,
// the findings took OPA's wasm heap to ~123 MB, 360 bytes per input byte against the 72 that
// WasmEvaluator grows ahead. Past that OPA grows its memory a page at a time, and once the memory is
// past ~64 MB V8 answered nearly every such grow with a full GC (external memory pressure): 5 s
// instead of 1. The per-resource rules now run in pieces of at most 400 resources, whose heaps stay
// below that, and the memory OPA grew for the first piece serves the next ones.
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { packagePath } from '../../src/config/paths.js';
import { createRegoCheck } from '../../src/engine/rego.js';
import { WasmEvaluator } from '../../src/policy/wasm-evaluator.js';
import type { Resource } from '../../src/types.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';

/** `n` Deployments in one namespace with nothing set but an image: many findings each. */
function bareDeployments(n: number): Resource[] {
  return Array.from({ length: n }, (_, i) => {
    const name = `svc-${i}`;
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'team', labels: { app: name } },
      spec: {
        replicas: 1 + (i % 3),
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: `registry.example/${name}:1.${i % 10}` }] } },
      },
    };
    return { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: 'team', object, basePath: [] };
  });
}

const MiB = 1024 * 1024;

describe('one large namespace with every rule', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps every evaluation\'s wasm memory under 64 MiB and provokes few full GCs', async () => {
    ensurePoliciesBuilt();
    const check = await createRegoCheck();
    const config = { ...defaultConfig(packagePath()), presets: ['all'] };
    const memories: number[] = [];
    const evaluate = WasmEvaluator.prototype.evaluate;
    vi.spyOn(WasmEvaluator.prototype, 'evaluate').mockImplementation(function (this: WasmEvaluator, input: Uint8Array, entrypoint: string) {
      try {
        return evaluate.call(this, input, entrypoint);
      } finally {
        memories.push(this.memoryBytes);
      }
    });
    let fullGcs = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if ((entry as unknown as { detail: { kind: number } }).detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) fullGcs++;
    });
    observer.observe({ entryTypes: ['gc'] });
    const findings = check.run(bareDeployments(999), { config });
    await new Promise((done) => setTimeout(done, 50)); // GC entries are delivered asynchronously
    observer.disconnect();

    expect(findings.length).toBeGreaterThan(999 * 10); // the findings that make the heap large
    // Whole, the one evaluation ended at ~123 MB, grown ~1,500 pages at a time by OPA.
    expect.soft(Math.max(...memories)).toBeLessThan(64 * MiB);
    // Whole: ~200 full GCs (external memory pressure); in pieces a few.
    expect(fullGcs).toBeLessThan(20);
    expect(memories.length).toBeGreaterThan(1);
  }, 60_000);
});
