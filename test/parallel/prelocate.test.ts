// Locating findings while the main thread waits for the Rego helper (src/parallel/prelocate.ts):
// the waits do the locating of the chunks already back, the engine then uses those locations, and
// the report is the one thread's. Needs the built worker (`npm run build`).
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { packagePath } from '../../src/config/paths.js';
import { createLinter } from '../../src/engine/engine.js';
import { createRegoCheck, policyModule } from '../../src/engine/rego.js';
import { chunkLocator, prelocate, prelocated } from '../../src/parallel/prelocate.js';
import { RegoHelper } from '../../src/parallel/rego-helper.js';
import { Threads, withThreads } from '../../src/parallel/threads.js';
import type { JsonPath, Location, Manifest, Resource } from '../../src/types.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';
import { namespacedRuleFixtures } from '../helpers/namespaced-fixtures.js';

const WORKER = packagePath('dist', 'parallel', 'rego-worker.js');

/** A manifest that records every path it is asked to locate; line = position in the calls. */
function recordingManifest(name: string): Manifest & { asked: JsonPath[] } {
  const asked: JsonPath[] = [];
  return {
    asked,
    source: { kind: 'file', name },
    index: 0,
    value: {},
    lines: { start: 1, end: 9 },
    comments: new Map(),
    locate(path: JsonPath): Location {
      asked.push(path);
      const line = asked.length;
      return { file: name, range: { line, column: 1, endLine: line, endColumn: 2 } };
    },
  };
}

function resource(name: string, basePath: JsonPath = []): Resource & { manifest: ReturnType<typeof recordingManifest> } {
  const manifest = recordingManifest(`${name}.yaml`);
  return { apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'ns', object: {}, manifest, basePath };
}

describe('locating findings while waiting for the helper', () => {
  it('locates one returned chunk per call, through its members, by resource, context objects left out', () => {
    const batch = [resource('a'), resource('b', ['items', 1]), resource('c'), resource('d')];
    const members = [[2, 0], [1, 3]];
    const outcomes: Array<Array<{ index: number; path: Array<string | number> }> | undefined> = [undefined, undefined];
    const idle = chunkLocator(batch, 2, (i) => members[i], (i) => outcomes[i]);
    expect(idle()).toBe(false); // nothing back yet
    // Chunk 1 is back first; its position 2 is past its members: a context object, not located here.
    outcomes[1] = [
      { index: 1, path: ['data', 'x'] },
      { index: 0, path: ['data'] },
      { index: 2, path: ['spec'] },
    ];
    expect(idle()).toBe(true);
    expect(batch[1]!.manifest.asked).toEqual([['items', 1, 'data']]);
    expect(batch[3]!.manifest.asked).toEqual([['data', 'x']]);
    expect(batch[0]!.manifest.asked).toEqual([]);
    expect(idle()).toBe(false); // chunk 1 is not located twice, chunk 0 is not back
    outcomes[0] = [{ index: 1, path: ['metadata', 'name'] }, { index: 0, path: [] }];
    expect(idle()).toBe(true);
    expect(batch[2]!.manifest.asked).toEqual([[]]);
    expect(batch[0]!.manifest.asked).toEqual([['metadata', 'name']]);
    expect(idle()).toBe(false);
    expect(prelocated(batch[1]!.manifest, ['items', 1, 'data'])).toEqual({ file: 'b.yaml', range: { line: 1, column: 1, endLine: 1, endColumn: 2 } });
    // Paths are told apart by their segments' types: a string "1" is not the index 1.
    expect(prelocated(batch[1]!.manifest, ['items', '1', 'data'])).toBeUndefined();
    expect(prelocated(batch[2]!.manifest, ['data'])).toBeUndefined();
  });

  it('has the engine use a location found ahead instead of locating again', () => {
    const r = resource('e');
    prelocate(r.manifest, ['data', 'key']);
    expect(r.manifest.asked).toHaveLength(1);
    const check = { rules: [{ id: 'probe', title: 'probe', description: 'probe', severity: 'error' as const, origin: 'builtin' as const }], run: () => [{ ruleId: 'probe', message: 'found', resource: r, path: ['data', 'key'] }] };
    const [finding] = createLinter([check]).lint([r], { config: defaultConfig(packagePath()) });
    expect(r.manifest.asked).toHaveLength(1);
    expect(finding).toMatchObject({ ruleId: 'probe', file: 'e.yaml', range: { line: 1, column: 1 } });
  });

  it('calls the idle work while the main thread waits for a chunk in the helper\'s hands', async () => {
    const helper = new RegoHelper(await policyModule(), WORKER);
    try {
      expect(helper.waitReady(10_000)).toBe(true);
      const encode = (i: number) => new TextEncoder().encode(JSON.stringify({ chunk: i }));
      const begun = helper.begin(24, encode, 'kubelint/main');
      const seen: number[] = [];
      const idle = () => {
        const back = begun.outcomes.filter((o) => o !== undefined).length;
        if (seen.includes(back)) return false;
        seen.push(back);
        return true;
      };
      // Large-batch mode: every chunk is left to the helper, so the main thread only waits.
      const outcomes = helper.finish(begun, () => ({ local: true }), false, idle);
      expect(outcomes).toHaveLength(24);
      expect(helper.helped).toBe(24);
      expect(seen.length).toBeGreaterThan(0);
    } finally {
      helper.close();
    }
  });
});

describe('a Rego batch handed to the helper early', () => {
  let resources: Resource[];
  beforeAll(async () => {
    ensurePoliciesBuilt();
    resources = await namespacedRuleFixtures();
  });

  it('has the findings of the chunks the helper did located ahead, and the same findings as one thread', async () => {
    const config = defaultConfig(packagePath());
    const check = await createRegoCheck({ from: 0, size: 40 });
    const alone = createLinter([check]).lint(resources, { config });
    // takeBackBelow 0: the main thread leaves every chunk to the helper and waits for them.
    const threads = new Threads('two', WORKER, 0);
    const ctx = { config };
    const violations = withThreads(threads, () => {
      check.start!(resources, ctx);
      return check.run(resources, ctx);
    });
    expect(threads.helped).toBeGreaterThan(8);
    // How many are located ahead depends on the threads' pace (none when every chunk is back before
    // the main thread waits, as on a busy machine): what is asserted is that each location found
    // ahead is the one locating afresh gives. That the waits do locate is the first tests' subject.
    for (const v of violations) {
      const path = [...v.resource!.basePath, ...(v.missing ?? v.path ?? [])];
      const early = prelocated(v.resource!.manifest!, path);
      if (early === undefined) continue;
      const fresh = v.resource!.manifest!.locate(path);
      expect(early).toEqual(fresh.note === undefined ? { file: fresh.file, range: fresh.range } : { file: fresh.file, range: fresh.range, note: fresh.note });
    }
    const together = withThreads(new Threads('two', WORKER, 0), () => createLinter([check]).lint(resources, { config }));
    expect(together).toEqual(alone);
  });
});
