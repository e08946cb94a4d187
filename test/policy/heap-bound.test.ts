// A bounded wasm memory (src/policy/wasm-evaluator.ts) and the retry in smaller units
// (src/engine/rego.ts, rego-chunks.ts splitUnit). Past ~64 MB, every page OPA's allocator grows
// on its own costs a full GC: one namespace of 300 Deployments of 20 containers with every rule took
// the heap to 538 MiB and 18 s in one evaluation. Each evaluation's memory now has a maximum; one
// that reaches it is evaluated again in pieces with the same findings. Small limits here make small
// inputs go through every path.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { packagePath } from '../../src/config/paths.js';
import { createRegoCheck } from '../../src/engine/rego.js';
import { readTarGz } from '../../src/policy/bundle.js';
import { HeapLimitError, isHeapLimitMessage, WasmEvaluator } from '../../src/policy/wasm-evaluator.js';
import type { Resource, Violation } from '../../src/types.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';
import { OPA } from './helpers.js';

const MiB = 1024 * 1024;
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const resultOf = (set: unknown) => (set as Array<{ result: unknown }>)[0]?.result;

describe.skipIf(!existsSync(OPA))('a wasm evaluation with a memory limit', () => {
  let module: WebAssembly.Module;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-heap-'));
    // `big` builds an intermediate value of input.n strings: memory the input's size does not foretell.
    writeFileSync(path.join(dir, 'p.rego'), 'package t\nimport rego.v1\n\nbig := count({sprintf("item-%d", [i]) | some i in numbers.range(1, input.n)})\n');
    const out = path.join(dir, 'bundle.tar.gz');
    execFileSync(OPA, ['build', '-t', 'wasm', '-e', 't/big', '-o', out, path.join(dir, 'p.rego')]);
    module = await WebAssembly.compile(new Uint8Array((await readTarGz(readFileSync(out))).get('policy.wasm')!));
  });

  it('throws HeapLimitError at the limit, then evaluates on a fresh instance', () => {
    const evaluator = new WasmEvaluator(module, undefined, { heapLimit: 8 * MiB });
    expect(resultOf(evaluator.evaluate(json({ n: 1000 }), 't/big'))).toBe(1000);
    let thrown: unknown;
    try {
      evaluator.evaluate(json({ n: 20_000 }), 't/big');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HeapLimitError);
    expect((thrown as Error).message).toBe('the evaluation needs more than 8 MiB of wasm memory');
    expect(isHeapLimitMessage((thrown as Error).message)).toBe(true);
    expect(evaluator.memoryBytes).toBe(0); // the failed instance is dropped
    expect(resultOf(evaluator.evaluate(json({ n: 2000 }), 't/big'))).toBe(2000);
    expect(evaluator.memoryBytes).toBeLessThanOrEqual(8 * MiB);
  });

  it('lets a reserved memory serve later evaluations until release()', () => {
    const evaluator = new WasmEvaluator(module, undefined, { heapLimit: 8 * MiB });
    evaluator.reserve(64 * MiB);
    expect(resultOf(evaluator.evaluate(json({ n: 20_000 }), 't/big'))).toBe(20_000);
    expect(evaluator.release()).toBe(true);
    expect(() => evaluator.evaluate(json({ n: 20_000 }), 't/big')).toThrow(HeapLimitError);
  });

  it('without a limit evaluates what the limited one refuses', () => {
    const evaluator = new WasmEvaluator(module, undefined, { heapLimit: null });
    expect(resultOf(evaluator.evaluate(json({ n: 20_000 }), 't/big'))).toBe(20_000);
    expect(evaluator.memoryBytes).toBeGreaterThan(8 * MiB);
  });

  it('limits an input expected to need more than the least limit to what is grown ahead for it, in steps', () => {
    const evaluator = new WasmEvaluator(module, undefined, { heapLimit: 64 * MiB });
    expect(evaluator.limitFor(1000)).toBe(64 * MiB);
    // 2 MB of input: 146 MB grown ahead (73 bytes a byte), rounded up to 16 MiB.
    expect(evaluator.limitFor(2_000_000)).toBe(144 * MiB);
    expect(evaluator.limitFor(1000, 100 * MiB)).toBe(112 * MiB);
    expect(new WasmEvaluator(module, undefined, { heapLimit: null }).limitFor(2_000_000)).toBeUndefined();
    expect(() => new WasmEvaluator(module, undefined, { heapLimit: 1000 })).toThrow('a wasm heap limit must be at least 5242880 bytes, not 1000');
  });
});

/** `n` Deployments of `containers` bare containers each (ports, env; nothing else): many findings with every rule. */
function wideDeployments(namespace: string, n: number, containers: number): Resource[] {
  return Array.from({ length: n }, (_, i) => {
    const name = `${namespace}-svc-${i}`;
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels: { app: name } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: Array.from({ length: containers }, (_, c) => ({
              name: `c${c}`,
              image: `registry.example/${name}-c${c}:${c % 3 === 0 ? 'latest' : '1.2'}`,
              ports: [{ name: `http${c}`, containerPort: 8000 + c }],
              env: [{ name: 'MODE', value: `m-${i}` }],
            })),
          },
        },
      },
    };
    return { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace, object, basePath: [] };
  });
}

function resource(object: Record<string, unknown>): Resource {
  const metadata = object.metadata as { name: string; namespace?: string };
  return { apiVersion: object.apiVersion as string, kind: object.kind as string, name: metadata.name, namespace: metadata.namespace, object, basePath: [] };
}

/** A Namespace enforcing Pod Security (local rules read it) and a Service and PDB per namespace (cross-resource rules compare them). */
function namespaceObjects(namespace: string): Resource[] {
  return [
    resource({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } }),
    resource({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'front', namespace }, spec: { selector: { app: `${namespace}-svc-1` }, ports: [{ port: 80, targetPort: 'nope' }] } }),
    resource({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'orphan', namespace }, spec: { selector: { app: 'nobody' }, ports: [{ port: 80 }] } }),
    resource({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb', namespace }, spec: { maxUnavailable: 0, selector: { matchLabels: { app: `${namespace}-svc-2` } } } }),
  ];
}

const key = (v: Violation) => JSON.stringify([v.resource?.namespace, v.resource?.kind, v.resource?.name, v.ruleId, v.message, v.path]);

describe('the Rego check past the memory limit', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Every evaluation's memory over what was grown ahead for its input (at most 73 bytes a byte beyond 6 MiB), and how many ended at the limit. */
  function watch(): { overLimit: number[]; memories: number[]; limits: number[]; refused: () => number } {
    const overLimit: number[] = [];
    const memories: number[] = [];
    const limits: number[] = [];
    let refused = 0;
    const evaluate = WasmEvaluator.prototype.evaluate;
    vi.spyOn(WasmEvaluator.prototype, 'evaluate').mockImplementation(function (this: WasmEvaluator, ...args: Parameters<WasmEvaluator['evaluate']>) {
      const [input, , options] = args;
      const limit = Math.max(6 * MiB, input.byteLength * 73 + 2 * MiB, 2 * (options?.heapAtLeast ?? 0));
      try {
        const result = evaluate.apply(this, args);
        if (this.memoryBytes > limit) overLimit.push(this.memoryBytes);
        memories.push(this.memoryBytes);
        limits.push(limit);
        return result;
      } catch (error) {
        if (error instanceof HeapLimitError) refused++;
        throw error;
      }
    });
    return { overLimit, memories, limits, refused: () => refused };
  }

  it('finds what one unlimited evaluation finds, in pieces within the limit (one namespace, evaluated whole)', async () => {
    ensurePoliciesBuilt();
    const config = { ...defaultConfig(packagePath()), presets: ['all'] };
    const batch = [...namespaceObjects('team'), ...wideDeployments('team', 60, 8)];
    const reference = (await createRegoCheck(undefined, { heapLimit: null })).run(batch, { config });
    const seen = watch();
    const bounded = (await createRegoCheck(undefined, { heapLimit: 6 * MiB })).run(batch, { config });
    expect(reference.length).toBeGreaterThan(2000);
    expect(bounded.map(key)).toEqual(reference.map(key));
    // Cross-resource and Pod Security findings survive the cut.
    expect(new Set(bounded.map((v) => v.ruleId))).toEqual(new Set(reference.map((v) => v.ruleId)));
    expect(seen.refused()).toBeGreaterThan(0);
    expect(seen.overLimit).toEqual([]);
  }, 60_000);

  it('finds the same in a batch cut by namespace and in a large namespace cut in pieces', async () => {
    ensurePoliciesBuilt();
    const config = { ...defaultConfig(packagePath()), presets: ['all'] };
    // 400+ resources: namespaces in chunks; `big` (more than `split`) in local pieces and cross groups.
    const batch = [...namespaceObjects('big'), ...wideDeployments('big', 330, 2), ...namespaceObjects('small'), ...wideDeployments('small', 80, 4)];
    const chunking = { from: 400, size: 300, split: 300 };
    const reference = (await createRegoCheck(chunking, { heapLimit: null })).run(batch, { config });
    const seen = watch();
    const bounded = (await createRegoCheck(chunking, { heapLimit: 6 * MiB })).run(batch, { config });
    expect(bounded.map(key)).toEqual(reference.map(key));
    expect(seen.refused()).toBeGreaterThan(0);
    // The large namespace's cross groups reserve their memory for the whole batch (WasmEvaluator.reserve).
    expect(Math.max(...seen.memories)).toBeLessThanOrEqual(Math.max(...seen.limits));
  }, 60_000);

  it('names the one resource that cannot fit even with the largest memory allowed', async () => {
    ensurePoliciesBuilt();
    const config = { ...defaultConfig(packagePath()), presets: ['all'] };
    const [huge] = wideDeployments('team', 1, 400);
    const check = await createRegoCheck(undefined, { heapLimit: 6 * MiB, maxHeap: 12 * MiB });
    expect(() => check.run([{ ...huge!, name: 'huge' }], { config })).toThrow(/^Rego evaluation failed: Deployment team\/huge: the evaluation needs more than 1\d MiB of wasm memory$/);
    // The same resource within a larger limit: found whole.
    expect((await createRegoCheck(undefined, { heapLimit: 6 * MiB })).run([huge!], { config }).length).toBeGreaterThan(400);
  }, 60_000);
});
