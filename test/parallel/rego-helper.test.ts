// The Rego helper thread (src/parallel/): a batch's namespace chunks evaluated on two threads give
// exactly the one thread's violations, in the same order, whatever the helper does: takes part,
// never starts, or dies with a chunk in hand. Needs the built worker (dist/parallel/rego-worker.js,
// `npm run build`, which `npm test` runs first).
import { execFile } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { packagePath } from '../../src/config/paths.js';
import { createRegoCheck, namespaceChunks, policyModule } from '../../src/engine/rego.js';
import { RegoHelper } from '../../src/parallel/rego-helper.js';
import { WasmEvaluator } from '../../src/policy/wasm-evaluator.js';
import { Threads, withThreads } from '../../src/parallel/threads.js';
import type { Resource, Violation } from '../../src/types.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';
import { namespacedRuleFixtures } from '../helpers/namespaced-fixtures.js';

const WORKER = packagePath('dist', 'parallel', 'rego-worker.js');
const DYING_WORKER = packagePath('test', 'parallel', 'dying-worker.mjs');
const BROKEN_WORKER = packagePath('test', 'parallel', 'broken-worker.mjs');
const STALLED_HELPER = packagePath('test', 'parallel', 'stalled-helper.mjs');
const SLOW_WORKER = packagePath('test', 'parallel', 'slow-worker.mjs');

/** What identifies a violation: rule, resource, path, message (the resource by name, not identity). */
const view = (vs: readonly Violation[]) => vs.map((v) => [v.ruleId, v.resource?.namespace, v.resource?.kind, v.resource?.name, v.path?.join('.'), v.message].join(' | '));

describe('Rego chunks on two threads', () => {
  let resources: Resource[];
  beforeAll(async () => {
    ensurePoliciesBuilt();
    resources = await namespacedRuleFixtures();
  });

  it('finds exactly the one thread findings, in order, with the helper evaluating a share of the chunks', async () => {
    const config = defaultConfig(packagePath());
    // Chunks of about 40 resources: dozens of chunks, so both threads take many.
    const check = await createRegoCheck({ from: 0, size: 40 });
    const alone = check.run(resources, { config });
    const threads = new Threads('two');
    const together = withThreads(threads, () => check.run(resources, { config }));
    expect(alone.length).toBeGreaterThan(100);
    expect(threads.helped).toBeGreaterThan(0);
    // Same objects in the same order: a lost, doubled or misassigned chunk changes this.
    expect(view(together)).toEqual(view(alone));
    expect(together.map((v) => v.resource)).toEqual(alone.map((v) => v.resource));
  });

  it('hands a batch to the helper before the other checks run, and the findings are one thread findings', async () => {
    const config = defaultConfig(packagePath());
    const check = await createRegoCheck({ from: 0, size: 40 });
    const alone = check.run(resources, { config });
    const chunks = [...namespaceChunks(resources, 'default', { from: 0, size: 40 })].length;
    expect(chunks).toBeGreaterThan(8);
    // Small batches: the main thread takes back what the helper has not started.
    // Large ones (takeBackBelow 0 here): it feeds the helper and leaves every chunk to it.
    for (const takeBackBelow of [Infinity, 0]) {
      const threads = new Threads('two', WORKER, takeBackBelow);
      const ctx = { config };
      const together = withThreads(threads, () => {
        check.start!(resources, ctx);
        return check.run(resources, ctx);
      });
      expect(view(together)).toEqual(view(alone));
      expect(together.map((v) => v.resource)).toEqual(alone.map((v) => v.resource));
      if (takeBackBelow === 0) expect(threads.helped).toBe(chunks);
      else expect(threads.helped).toBeGreaterThan(0);
    }
  });

  it('leaves no chunk undone when a helper that was handed the batch early dies or never loads', async () => {
    const config = defaultConfig(packagePath());
    const check = await createRegoCheck({ from: 0, size: 40 });
    const alone = check.run(resources, { config });
    for (const file of [DYING_WORKER, BROKEN_WORKER]) {
      const threads = new Threads('two', file, 0);
      const ctx = { config };
      const together = withThreads(threads, () => {
        check.start!(resources, ctx);
        return check.run(resources, ctx);
      });
      expect(threads.helped).toBe(0);
      expect(view(together)).toEqual(view(alone));
    }
  });

  it('gives every chunk an outcome, in chunk order, when the helper takes part', async () => {
    const module = await policyModule();
    const helper = new RegoHelper(module, WORKER);
    try {
      expect(helper.waitReady(10_000)).toBe(true);
      // A new array per call: the helper's is moved to its thread.
      const encode = (i: number) => new TextEncoder().encode(JSON.stringify({ chunk: i }));
      // A stand-in for the main thread's evaluation that names the chunk it was given; it takes a
      // while (as a real chunk does), so the helper claims chunks before the main thread is done.
      const slowLocal = (input: Uint8Array) => {
        for (const until = Date.now() + 25; Date.now() < until; );
        return { local: JSON.parse(new TextDecoder().decode(input)).chunk as number };
      };
      const outcomes = helper.evaluate(12, encode, 'kubelint/main', slowLocal);
      expect(outcomes).toHaveLength(12);
      const local = outcomes.flatMap((o, i) => ('resultSet' in o && (o.resultSet as { local?: number }).local !== undefined ? [[i, (o.resultSet as { local: number }).local]] : []));
      for (const [i, chunk] of local) expect(chunk).toBe(i);
      // The helper's outcomes are the policy's own result sets (an input without resources).
      expect(outcomes.filter((o) => 'resultSet' in o && Array.isArray(o.resultSet)).length).toBe(helper.helped);
      expect(helper.helped).toBeGreaterThan(0);
      expect(local.length + helper.helped).toBe(12);
    } finally {
      helper.close();
    }
  });

  it('does every chunk on the main thread when the helper dies with one in hand, or never starts', async () => {
    const module = await policyModule();
    const encode = (i: number) => new TextEncoder().encode(String(i));
    for (const file of [DYING_WORKER, packagePath('test', 'parallel', 'no-such-worker.mjs')]) {
      const helper = new RegoHelper(module, file);
      try {
        if (file === DYING_WORKER) expect(helper.waitReady(10_000)).toBe(true);
        const outcomes = helper.evaluate(6, encode, 'kubelint/main', (input) => Number(new TextDecoder().decode(input)));
        expect(outcomes).toEqual([0, 1, 2, 3, 4, 5].map((i) => ({ resultSet: i })));
        expect(helper.helped).toBe(0);
      } finally {
        helper.close();
      }
    }
  });

  // Neither helper sets the dead flag: Node runs no exit handler of a worker out of heap, and a
  // hung one is alive. The old code waited for their chunk for ever; the script runs in a process
  // of its own (32 MB of old space, which workers get too), so that such a wait fails by the spawn's timeout.
  it.each([
    ['runs out of heap', 'take-back', 'oom-worker.mjs'],
    ['runs out of heap', 'leave', 'oom-worker.mjs'],
    ['hangs', 'take-back', 'stuck-worker.mjs'],
    ['hangs', 'leave', 'stuck-worker.mjs'],
  ])('does the chunk itself when the helper %s with it in hand (%s)', async (_what, mode, file) => {
    const args = ['--max-old-space-size=32', STALLED_HELPER, packagePath('test', 'parallel', file), mode];
    const run = await new Promise<{ signal: string | null; status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, args, { encoding: 'utf8', timeout: 30_000 }, (_error, stdout, stderr) => resolve({ signal: child.signalCode, status: child.exitCode, stdout, stderr }));
    });
    expect(run.signal, 'the main thread waited for the helper for ever').toBeNull();
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ outcomes: [0, 1, 2, 3, 4, 5].map((i) => ({ resultSet: i })), helped: 0 });
  }, 60_000);

  it('knows at once that a helper whose file cannot load is gone, while the main thread is blocked waiting', async () => {
    const module = await policyModule();
    const helper = new RegoHelper(module, BROKEN_WORKER);
    try {
      // Blocked in Atomics.wait, the main thread never sees the Worker's 'error' event: the old code
      // waited out the whole deadline and came back still believing the helper alive.
      expect(helper.waitReady(30_000)).toBe(false);
      expect(helper.alive).toBe(false);
    } finally {
      helper.close();
    }
  }, 60_000);

  it('lints with KUBELINT_THREADS=2 alone when the helper cannot load, with one thread findings', async () => {
    const config = defaultConfig(packagePath());
    const check = await createRegoCheck({ from: 0, size: 40 });
    const alone = check.run(resources, { config });
    const threads = new Threads('two', BROKEN_WORKER);
    // helperFor waits for a forced helper: it must give up as soon as the helper is gone.
    const module = await policyModule();
    expect(withThreads(threads, () => threads.helperFor(module, resources.length))).toBeUndefined();
    const again = new Threads('two', BROKEN_WORKER);
    const together = withThreads(again, () => check.run(resources, { config }));
    expect(again.helped).toBe(0);
    expect(view(together)).toEqual(view(alone));
  }, 60_000);

  it('reports a failed evaluation on the helper as one thread does', async () => {
    const module = await policyModule();
    const helper = new RegoHelper(module, WORKER);
    try {
      expect(helper.waitReady(10_000)).toBe(true);
      const input = () => new TextEncoder().encode('{}');
      const local = new WasmEvaluator(module);
      let expected = '';
      try {
        local.evaluate(input(), 'kubelint/no-such-entrypoint');
      } catch (error) {
        expected = error instanceof Error ? error.message : String(error);
      }
      expect(expected).not.toBe('');
      // Whichever thread takes the chunk, its outcome is the error one thread throws.
      const outcomes = helper.evaluate(1, input, 'kubelint/no-such-entrypoint', (bytes) => local.evaluate(bytes, 'kubelint/no-such-entrypoint'));
      expect(outcomes).toEqual([{ error: expected }]);
    } finally {
      helper.close();
    }
  });

  it('never hands over the chunks it is told to keep: the main thread does them last, after stopping the helper', async () => {
    const module = await policyModule();
    const encode = (i: number) => new TextEncoder().encode(JSON.stringify({ chunk: i }));
    const kept = new Set([2, 5, 7]);
    for (const takeBack of [false, true]) {
      const helper = new RegoHelper(module, WORKER);
      try {
        expect(helper.waitReady(10_000)).toBe(true);
        const order: Array<[number, boolean]> = [];
        const local = (input: Uint8Array) => {
          const chunk = JSON.parse(new TextDecoder().decode(input)).chunk as number;
          order.push([chunk, helper.alive]);
          for (const until = Date.now() + 25; Date.now() < until; );
          return { local: chunk };
        };
        const outcomes = helper.finish(helper.begin(8, encode, 'kubelint/main', (i) => kept.has(i)), local, takeBack);
        expect(outcomes).toHaveLength(8);
        for (const i of kept) expect(outcomes[i]).toEqual({ resultSet: { local: i } });
        // The old code handed them over like any other chunk: the helper evaluated all 8 (or some kept ones).
        const byHelper = outcomes.flatMap((o, i) => ('resultSet' in o && Array.isArray(o.resultSet) ? [i] : []));
        expect(byHelper.filter((i) => kept.has(i))).toEqual([]);
        expect(byHelper.length).toBe(helper.helped);
        if (!takeBack) expect(byHelper).toEqual([0, 1, 3, 4, 6]);
        // Kept chunks come last, in order, once the helper is stopped (its memory gone before theirs grows).
        expect(order.filter(([chunk]) => kept.has(chunk))).toEqual([2, 5, 7].map((i) => [i, false]));
        expect(order.slice(-3).map(([chunk]) => chunk)).toEqual([2, 5, 7]);
        expect(helper.alive).toBe(false);
      } finally {
        helper.close();
      }
    }
  });

  it('does not count the time the main thread spends on its own work while waiting against a slow helper', async () => {
    const module = await policyModule();
    // A stall limit of 600 ms; the helper takes 1.6 s over its chunk, the main thread's idle work
    // (locating findings, prelocate.ts) 1.5 s: of the wait for the helper only ~0.1 s is the helper's.
    const helper = new RegoHelper(module, SLOW_WORKER, 600);
    try {
      expect(helper.waitReady(10_000)).toBe(true);
      let calls = 0;
      const idle = () => {
        if (calls >= 15) return false;
        calls++;
        for (const until = Date.now() + 100; Date.now() < until; );
        return true;
      };
      const local = () => 'main';
      const outcomes = helper.finish(helper.begin(1, (i) => new TextEncoder().encode(String(i)), 'kubelint/main'), local, false, idle);
      // The old code counted the idle work too: past 1 s without a reply it stopped the helper and did the chunk itself.
      expect(outcomes).toEqual([{ resultSet: 'helper' }]);
      expect(helper.helped).toBe(1);
      expect(calls).toBeGreaterThan(0); // fewer than 15 when the helper's reply came first
    } finally {
      helper.close();
    }
  }, 30_000);

  it('leaves a large namespace cross-resource units to the main thread, with one thread findings', async () => {
    const config = defaultConfig(packagePath());
    const batch = storefront(70); // 281 objects in one namespace
    const chunking = { from: 0, size: 50, split: 100 };
    const check = await createRegoCheck(chunking);
    const alone = check.run(batch, { config });
    expect(alone.some((v) => v.ruleId === 'selector-dangling')).toBe(true);
    // A large batch (takeBackBelow 0), handed over before the other checks as the CLI does.
    const threads = new Threads('two', WORKER, 0);
    const ctx = { config };
    const together = withThreads(threads, () => {
      check.start!(batch, ctx);
      return check.run(batch, ctx);
    });
    expect(view(together)).toEqual(view(alone));
    // 6 per-resource pieces of 50; the old code also handed the helper every cross-resource unit.
    expect(threads.helped).toBeGreaterThan(0);
    expect(threads.helped).toBeLessThanOrEqual(Math.ceil(batch.length / chunking.size));
  });
});

/** One namespace of `apps` web apps (Deployment, Service, ConfigMap, NetworkPolicy), a few Services selecting nothing. */
function storefront(apps: number): Resource[] {
  const objects: Array<Record<string, any>> = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'store' } }];
  for (let i = 0; i < apps; i++) {
    const name = `web-${i}`;
    const metadata = { name, namespace: 'store', labels: { tier: 'web', app: name } };
    const pod = { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `example.org/${name}:2.${i}`, ports: [{ name: 'http', containerPort: 8000 + i }] }] } };
    objects.push(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: pod } },
      { apiVersion: 'v1', kind: 'Service', metadata, spec: { selector: { app: i % 9 === 4 ? `${name}-old` : name }, ports: [{ port: 80, targetPort: 'http' }] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { index: String(i) } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec: { podSelector: { matchLabels: { app: name } }, policyTypes: ['Ingress'] } },
    );
  }
  return objects.map((object) => ({ apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace, object, basePath: [] }) as Resource);
}
