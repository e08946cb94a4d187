// A chunk's Rego results made into violations as soon as it is back (engine/rego-results.ts), and the
// batch put together from its chunks: the same violations, in the same order, whatever the chunking.
import { describe, expect, it } from 'vitest';
import { batchViolations, decodeChunk, type RegoResults, type RegoViolation } from '../../src/engine/rego-results.js';
import { SharedPaths } from '../../src/engine/shared-parts.js';
import type { Resource } from '../../src/types.js';

const resource = (name: string): Resource => ({
  apiVersion: 'v1',
  kind: 'Pod',
  name,
  namespace: 'ns',
  object: { metadata: { name }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
  basePath: [],
});

const batch = ['a', 'b', 'c', 'd'].map(resource);
const sharing = () => ({ paths: new SharedPaths(), ruleIds: new Map([['r-image', 'r-image'], ['r-limits', 'r-limits'], ['psa', 'psa']]) });

type Result = RegoViolation & { rule: string };

/** A violation and its rule: a fresh object and path per result, as JSON gives them. */
const result = (rule: string, index: number, path: Array<string | number>, extra: Partial<RegoViolation> = {}): Result => ({ rule: `${rule}`, index, msg: `${rule} on ${index}`, path: [...path], ...extra });

/** Results as the entrypoint returns them: each rule's violations under its id. */
function grouped(results: readonly Result[]): RegoResults {
  const out: Record<string, RegoViolation[]> = {};
  for (const { rule, ...violation } of results) (out[`${rule}`] ??= []).push(violation);
  return out;
}
const IMAGE = ['spec', 'containers', 0, 'image'];
const LIMITS = ['spec', 'containers', 0, 'resources', 'limits'];

describe('decodeChunk', () => {
  it('maps positions through the members, leaves context objects out, shares paths and rule ids', () => {
    const share = sharing();
    // Chunk of resources 2 and 0, with resource 3 as context (position 2).
    const chunk = decodeChunk(grouped([result('r-image', 0, IMAGE), result('r-limits', 1, LIMITS), result('r-image', 2, IMAGE), result('r-image', 1, IMAGE)]), [2, 0], batch, share);
    expect(chunk.violations.map((v) => [v.resource!.name, v.ruleId])).toEqual([['c', 'r-image'], ['a', 'r-image'], ['a', 'r-limits']]);
    expect(chunk.at).toEqual([2, 0, 0]);
    const [first, second, limits] = chunk.violations;
    expect(second!.path).toBe(first!.path);
    // The rule id is the catalogue's string, taken once for the rule's violations.
    expect(second!.ruleId).toBe(share.ruleIds.get('r-image'));
    // A missing field: the closest existing parent, and the whole path for locating.
    expect(limits!.path).toEqual(['spec', 'containers', 0]);
    expect(limits!.missing).toEqual(LIMITS);
    expect(chunk.located()).toEqual([{ index: 2, path: IMAGE }, { index: 0, path: IMAGE }, { index: 0, path: LIMITS }]);
  });

  it("reads each enabled rule's violations under its id, a rule without any included", () => {
    const results: RegoResults = { 'r-limits': [], 'r-image': [{ index: 1, msg: 'm', path: IMAGE, atMost: 'info' }, { index: 0, msg: 'n', path: IMAGE, atMost: '' }] };
    const chunk = decodeChunk(results, undefined, batch, sharing());
    expect(chunk.violations.map((v) => [v.resource!.name, v.ruleId, v.message, v.atMost])).toEqual([
      ['b', 'r-image', 'm', 'info'],
      ['a', 'r-image', 'n', undefined],
    ]);
  });

  it('reports a result on a resource outside the batch when the batch is put together', () => {
    const chunk = decodeChunk(grouped([result('r-image', 7, IMAGE)]), undefined, batch, sharing());
    expect(() => batchViolations([chunk])).toThrow('Rego rule r-image reported resource #7, outside the batch of 4');
  });
});

describe('batchViolations', () => {
  const results = [
    result('r-limits', 1, LIMITS),
    result('r-image', 3, IMAGE),
    result('r-image', 1, IMAGE, { msg: 'z' }),
    result('r-image', 1, IMAGE, { msg: 'a' }),
    result('r-image', 0, ['spec', 'containers', 1, 'image']),
    result('r-image', 0, IMAGE),
  ];
  const shown = (chunks: ReturnType<typeof decodeChunk>[]) => batchViolations(chunks).map((v) => `${v.resource!.name} ${v.ruleId} ${v.message} ${JSON.stringify(v.missing ?? v.path)}`);

  it('orders by resource, rule, message and path, whatever the chunks', () => {
    const whole = shown([decodeChunk(grouped(results), undefined, batch, sharing())]);
    expect(whole).toEqual([
      'a r-image r-image on 0 ["spec","containers",0,"image"]',
      'a r-image r-image on 0 ["spec","containers",1,"image"]',
      'b r-image a ["spec","containers",0,"image"]',
      'b r-image z ["spec","containers",0,"image"]',
      'b r-limits r-limits on 1 ["spec","containers",0,"resources","limits"]',
      'd r-image r-image on 3 ["spec","containers",0,"image"]',
    ]);
    // The same results in two chunks (positions mapped through members), the chunks in any order.
    const share = sharing();
    const odd = decodeChunk(grouped(results.filter((r) => r.index % 2 === 1).map((r) => ({ ...r, index: (r.index - 1) / 2 }))), [1, 3], batch, share);
    const even = decodeChunk(grouped(results.filter((r) => r.index % 2 === 0).map((r) => ({ ...r, index: 0 }))), [0], batch, share);
    expect(shown([odd, even])).toEqual(whole);
    expect(shown([even, odd])).toEqual(whole);
  });

  it('reports a violation a rule returned twice once, as the rule\'s violation set held it (the wasm returns arrays)', () => {
    const keyed = ['metadata', 'labels', '1'];
    const item = ['metadata', 'labels', 1]; // reads as the key "1" in the order: not the same path
    const twice = [result('r-image', 1, IMAGE), result('r-image', 2, IMAGE), result('r-image', 1, keyed), result('r-image', 1, item), result('r-image', 1, IMAGE), result('r-image', 1, IMAGE, { atMost: 'info' }), result('r-limits', 1, IMAGE, { msg: 'r-image on 1' })];
    const violations = batchViolations([decodeChunk(grouped([...twice, result('r-image', 1, keyed), result('r-image', 1, IMAGE, { atMost: 'info' })]), undefined, batch, sharing())]);
    expect(violations.map((v) => [v.resource!.name, v.ruleId, v.message, v.atMost, JSON.stringify(v.missing ?? v.path)])).toEqual([
      ['b', 'r-image', 'r-image on 1', undefined, JSON.stringify(keyed)],
      ['b', 'r-image', 'r-image on 1', undefined, JSON.stringify(item)],
      ['b', 'r-image', 'r-image on 1', undefined, JSON.stringify(IMAGE)],
      ['b', 'r-image', 'r-image on 1', 'info', JSON.stringify(IMAGE)], // differs by its cap: a violation of its own
      ['b', 'r-limits', 'r-image on 1', undefined, JSON.stringify(IMAGE)], // another rule's
      ['c', 'r-image', 'r-image on 2', undefined, JSON.stringify(IMAGE)],
    ]);
  });

  it('keeps one Pod Security finding per rule, resource and field: the enforced one', () => {
    const control = (mode: string, msg: string) => result('psa', 1, IMAGE, { msg, podSecurity: { level: 'baseline', version: 'v1.35', control: 'c', mode, container: '', image: '', values: [] } });
    const violations = batchViolations([decodeChunk(grouped([control('warn', 'w'), control('enforce', 'e'), control('', 'own'), result('r-image', 1, IMAGE)]), undefined, batch, sharing())]);
    expect(violations.map((v) => [v.ruleId, v.message, v.podSecurity?.mode])).toEqual([
      ['r-image', 'r-image on 1', undefined],
      ['psa', 'e', 'enforce'],
    ]);
  });
});
