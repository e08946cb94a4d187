// A unit whose input changed, evaluated in pieces (src/engine/rego-objects.ts): across runs of
// random edits — objects edited, moved to another namespace, renamed, deleted, added, Namespaces
// relabelled, rule options and presets changed — the violations with the store on are the ones a
// full evaluation with the store off gives, and the pieces are really used (objects and groups read
// back, only the changed ones evaluated). A damaged or foreign namespace file is evaluated again.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { Check } from '../../src/engine/check.js';
import { createRegoCheck } from '../../src/engine/rego.js';
import { useRegoResultStore, type RegoResultsHome } from '../../src/engine/rego-memo.js';
import { pieceUse } from '../../src/engine/rego-objects.js';
import type { Resource, Violation } from '../../src/types.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import { asResource, CUSTOM_WORKLOAD, relatedNamespaces } from '../support/related-namespaces.js';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';

const temp = tempDirs();
type Obj = Record<string, unknown>;
type Dice = { next(): number; int(min: number, max: number): number; pick<T>(items: readonly T[]): T };
const dice = (seed: number) => createRandom(seed) as Dice;

/** The generated namespaces' objects (related by selectors, references, scale targets), with two Namespaces. */
function objectsOf(seed: number, count: number): Obj[] {
  return [namespaceObject('gen-1', 'baseline'), namespaceObject('gen-2', undefined), ...relatedNamespaces(seed, count).map((r) => r.object)];
}

function namespaceObject(name: string, level: string | undefined): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(level ? { labels: { 'pod-security.kubernetes.io/enforce': level } } : {}) } };
}

/** One random change to the objects, as a developer's edit between runs. */
function edit(rng: Dice, objects: Obj[], serial: () => number): string {
  const at = rng.int(0, objects.length - 1);
  const object = objects[at]!;
  const metadata = object.metadata as { name: string; namespace?: string; labels?: Record<string, string> };
  const spec = object.spec as Obj | undefined;
  switch (rng.int(0, 8)) {
    case 0:
      if (spec && 'replicas' in spec) spec.replicas = rng.int(0, 3);
      return 'replicas';
    case 1:
      if (object.kind !== 'Namespace') metadata.namespace = rng.pick(['gen-1', 'gen-2', 'gen-3']);
      return 'moved';
    case 2:
      metadata.name = `${metadata.name}-r`;
      return 'renamed';
    case 3:
      objects.splice(at, 1);
      return 'deleted';
    case 4:
      // a copy of another object under a new name, in any namespace
      const copy = structuredClone(rng.pick(objects));
      (copy.metadata as { name: string }).name = `copy-${serial()}`;
      objects.splice(rng.int(0, objects.length), 0, copy);
      return 'added';
    case 5: {
      const namespaces = objects.filter((o) => o.kind === 'Namespace');
      const ns = namespaces.length > 0 ? rng.pick(namespaces) : undefined;
      if (ns) objects[objects.indexOf(ns)] = namespaceObject((ns.metadata as { name: string }).name, rng.pick([undefined, 'baseline', 'restricted']));
      return 'namespace labels';
    }
    case 6:
      if (metadata.labels) metadata.labels = { app: rng.pick(['web', 'api', 'db']) };
      return 'labels';
    case 7: {
      // two objects swap places
      const other = rng.int(0, objects.length - 1);
      [objects[at], objects[other]] = [objects[other]!, objects[at]!];
      return 'order';
    }
    default:
      return 'none';
  }
}

/** What a violation says, without object identity. */
const said = (v: Violation) => JSON.stringify([v.resource?.kind, v.resource?.namespace, v.resource?.name, v.ruleId, v.message, v.path, v.missing, v.severity, v.atMost, v.podSecurity]);

let check: Check;
beforeAll(async () => {
  ensurePoliciesBuilt();
  // Small units: a batch of whole namespaces packed by fifteen, so units hold one or two namespaces.
  check = await createRegoCheck({ from: 10, size: 15, split: 600 });
});

afterEach(() => useRegoResultStore(undefined));

const home = (): RegoResultsHome => ({ dir: temp('kubelint-rego-pieces-'), secret: randomBytes(32), version: 'test' });

/** The violations with the store on (`at`) and off. */
function both(batch: Resource[], config: ResolvedConfig, at: RegoResultsHome) {
  useRegoResultStore(undefined);
  const reference = check.run(batch, { config }).map(said);
  useRegoResultStore(at);
  const stored = check.run(batch, { config }).map(said);
  return { reference, stored };
}

/** Generated objects (seed) linted run after run with the store on: a Deployment to edit, the pieces' folder, one run. */
function editLoop(seed: number) {
  const objects = objectsOf(seed, 5);
  const at = home();
  const config = defaultConfig('/tmp');
  return {
    deployment: objects.find((o) => o.kind === 'Deployment')!,
    folder: path.join(at.dir, 'rego', 'pieces'),
    runOnce: () => both(objects.map((o) => asResource(structuredClone(o))), config, at),
  };
}

describe('a changed unit evaluated in pieces', () => {
  it('gives a full evaluation’s violations across random edits, option and preset changes', () => {
    for (const seed of [1, 2, 3]) {
      const rng = dice(seed);
      let serial = 0;
      const objects = objectsOf(seed, 6);
      const at = home();
      const configs: ResolvedConfig[] = [
        defaultConfig('/tmp'),
        { ...defaultConfig('/tmp'), rules: { 'replicas-minimum': { options: { minReplicas: 3 } } } },
        { ...defaultConfig('/tmp'), presets: ['all'] },
        { ...defaultConfig('/tmp'), workloadKinds: [CUSTOM_WORKLOAD] },
      ];
      let config = configs[0]!;
      const before = { ...pieceUse };
      for (let run = 0; run < 40; run++) {
        const edits = [edit(rng, objects, () => serial++)];
        if (rng.int(0, 2) === 0) edits.push(edit(rng, objects, () => serial++));
        if (rng.int(0, 11) === 0) config = rng.pick(configs);
        // Deep copies: an edit never reaches an object the previous run's results point at.
        const batch = objects.map((object) => asResource(structuredClone(object)));
        const { reference, stored } = both(batch, config, at);
        expect(stored, `seed ${seed}, run ${run} after ${edits.join(', ')}`).toEqual(reference);
      }
      // The pieces were used: most objects and groups read back, few evaluated.
      expect(pieceUse.wholeKept - before.wholeKept).toBeGreaterThan(0);
      expect(pieceUse.objectsRead - before.objectsRead).toBeGreaterThan(10 * (pieceUse.objectsEvaluated - before.objectsEvaluated));
      expect(pieceUse.groupsRead - before.groupsRead).toBeGreaterThan(0);
    }
  });

  it('evaluates one edited object and the groups it changes, and reads the rest back', () => {
    const objects = objectsOf(7, 6);
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    const at = home();
    const config = defaultConfig('/tmp');
    const runOnce = () => both(objects.map((o) => asResource(structuredClone(o))), config, at);
    runOnce(); // first run: units stored whole, namespaces marked
    (deployment.spec as Obj).replicas = 7;
    runOnce(); // the unit misses: evaluated whole once more, kept in pieces
    const before = { ...pieceUse };
    (deployment.spec as Obj).replicas = 9;
    const { reference, stored } = runOnce();
    expect(stored).toEqual(reference);
    expect(pieceUse.objectsEvaluated - before.objectsEvaluated).toBe(1);
    expect(pieceUse.wholeKept - before.wholeKept).toBe(0);
    expect(pieceUse.groupsEvaluated - before.groupsEvaluated).toBeGreaterThan(0); // the groups reading replicas
    expect(pieceUse.groupsRead - before.groupsRead).toBeGreaterThan(0); // the others
    // Kept apart from the unit entries, in a folder bounded as theirs is (cache/prune.ts).
    const pieces = path.join(at.dir, 'rego', 'pieces');
    expect(readdirSync(pieces).filter((n) => n.endsWith('.bin')).length).toBeGreaterThan(0);
    expect(existsSync(path.join(pieces, '.pruned'))).toBe(true);
  });

  it('rewrites an edited namespace’s file over its old bytes, not as a new file renamed over it', () => {
    const { deployment, folder, runOnce } = editLoop(13);
    const files = () => new Map(readdirSync(folder).filter((n) => n.endsWith('.bin')).map((n) => [n, statSync(path.join(folder, n))]));
    for (const replicas of [3, 4]) {
      (deployment.spec as Obj).replicas = replicas;
      runOnce(); // stored whole, then kept in pieces
    }
    const before = files();
    const written = pieceUse.filesWritten;
    (deployment.spec as Obj).replicas = 5;
    const { reference, stored } = runOnce();
    expect(stored).toEqual(reference);
    expect(pieceUse.filesWritten).toBeGreaterThan(written);
    const after = files();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [name, stats] of after) expect(stats.ino, name).toBe(before.get(name)!.ino);
    // What was written in place reads back: the next edit is answered from the pieces.
    const use = { ...pieceUse };
    (deployment.spec as Obj).replicas = 6;
    const again = runOnce();
    expect(again.stored).toEqual(again.reference);
    expect(pieceUse.wholeKept - use.wholeKept).toBe(0);
    expect(pieceUse.objectsRead - use.objectsRead).toBeGreaterThan(0);
  });

  it('evaluates again when a namespace file was edited, swapped or signed by another key', () => {
    const { deployment: target, folder, runOnce } = editLoop(11);
    for (let i = 0; i < 3; i++) {
      (target.spec as Obj).replicas = 10 + i;
      runOnce();
    }
    const files = readdirSync(folder).filter((n) => n.endsWith('.bin')).map((n) => path.join(folder, n));
    for (const [i, damage] of ['flip', 'swap', 'truncate'].entries()) {
      for (const file of files) {
        const bytes = readFileSync(file);
        if (damage === 'flip') bytes[bytes.length - 5]! ^= 1;
        writeFileSync(file, damage === 'swap' ? readFileSync(files[(files.indexOf(file) + 1) % files.length]!) : damage === 'truncate' ? bytes.subarray(0, bytes.length >> 1) : bytes);
      }
      (target.spec as Obj).replicas = 20 + i;
      const { reference, stored } = runOnce();
      expect(stored, damage).toEqual(reference);
    }
  });
});
