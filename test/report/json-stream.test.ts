// A report written in pieces must be the very bytes JSON.stringify(value, null, 2) wrote, and its
// streamed arrays must be made item by item as the pieces are taken, never all at once.
import { describe, expect, it } from 'vitest';
import { jsonPieces, STREAM_BATCH, streamed } from '../../src/report/json-stream.js';
import { gathered, joined } from '../../src/report/pieces.js';

const text = (value: unknown) => joined(jsonPieces(value));
const stringified = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

describe('jsonPieces', () => {
  it('writes what JSON.stringify(value, null, 2) writes, with streamed arrays at any depth', () => {
    const item = (i: number) => ({ id: i, text: `line\nbreak "quoted" ${'é'.repeat(i)}`, tags: ['a', i], nested: { deep: [{ x: null }], empty: {}, none: [] } });
    const items = [0, 1, 2].map(item);
    // The same value with plain arrays where the streamed ones are.
    const plain = { version: 1, summary: { errors: 2, skipped: undefined }, findings: items, tail: { list: [1, 2] } };
    expect(text({ ...plain, findings: streamed(items) })).toBe(stringified(plain));
    expect(text(streamed(items))).toBe(stringified(items));
    const deep = { runs: [{ tool: { rules: [{ id: 'r' }] }, results: items, after: 'x' }] };
    expect(text({ runs: [{ tool: { rules: [{ id: 'r' }] }, results: streamed(items), after: 'x' }] })).toBe(stringified(deep));
  });

  it('writes empty streamed arrays as [], undefined items as null, and leaves undefined keys out', () => {
    expect(text({ findings: streamed([]) })).toBe(stringified({ findings: [] }));
    expect(text(streamed([]))).toBe('[]\n');
    expect(text({ a: undefined, list: streamed([1, undefined, 3]) })).toBe(stringified({ list: [1, undefined, 3] }));
    expect(text({ list: streamed([1, 2], (n) => (n === 2 ? undefined : { n })) })).toBe(stringified({ list: [{ n: 1 }, null] }));
  });

  it('leaves out keys holding a function or a symbol and writes such array items as null, as JSON.stringify does', () => {
    const fn = () => 1;
    const sym = Symbol('s');
    const items = [1, fn, sym, { f: fn, s: sym, keep: 'k' }, [fn, sym]];
    // Objects and arrays on the way to a streamed array are walked by hand: they must drop the same.
    const value = { f: fn, s: sym, list: streamed(items), arr: [fn, sym, streamed([fn])], tail: { g: fn } };
    const plain = { f: fn, s: sym, list: items, arr: [fn, sym, [fn]], tail: { g: fn } };
    expect(text(value)).toBe(stringified(plain));
    expect(text({ list: streamed([1, 2], (n) => (n === 2 ? fn : sym)) })).toBe(stringified({ list: [null, null] }));
  });

  it('writes the same text whatever the batches: items across several, and items holding streamed arrays', () => {
    const items = Array.from({ length: 3 * STREAM_BATCH + 5 }, (_, i) => ({ i, text: `"${i}"\n`, deep: { list: [i, [i]] } }));
    expect(text({ a: { b: streamed(items) } })).toBe(stringified({ a: { b: items } }));
    const mixed = [1, { inner: streamed(['x', { y: 2 }]) }, 3, streamed([]), { z: [streamed([4])] }];
    const plainMixed = [1, { inner: ['x', { y: 2 }] }, 3, [], { z: [[4]] }];
    expect(text({ top: streamed(mixed) })).toBe(stringified({ top: plainMixed }));
    expect(text(streamed(items))).toBe(stringified(items));
  });

  it('makes the streamed items only a batch ahead of what was written', () => {
    let made = 0;
    const items = streamed(Array.from({ length: 1000 }, (_, i) => i), (i) => {
      made++;
      return { finding: i, message: 'x'.repeat(100) };
    });
    const pieces = jsonPieces({ version: 1, findings: items });
    let written = 0;
    let longest = 0;
    for (const piece of pieces) {
      written += piece.split('"finding"').length - 1;
      longest = Math.max(longest, piece.length);
      // Never more than one batch made and not yet written.
      expect(made - written).toBeLessThanOrEqual(STREAM_BATCH);
    }
    expect(made).toBe(1000);
    expect(written).toBe(1000);
    expect(longest).toBeLessThan(STREAM_BATCH * 200);
  });
});

describe('flat streamed arrays', () => {
  /** An item whose every field read is counted: JSON.stringify reads each once, a look for streamed arrays inside once more. */
  const counted = () => {
    let reads = 0;
    const item = {};
    for (const key of ['ruleId', 'message', 'resource']) Object.defineProperty(item, key, { enumerable: true, get: () => (reads++, { key }) });
    return { item, reads: () => reads };
  };

  it('reads a flat array\'s items once, for their text, and writes the same text', () => {
    const items = Array.from({ length: 3 * STREAM_BATCH + 5 }, counted);
    const plain = Array.from({ length: items.length }, () => ({ ruleId: { key: 'ruleId' }, message: { key: 'message' }, resource: { key: 'resource' } }));
    expect(text({ version: 1, findings: streamed(items, (c) => c.item, { flat: true }) })).toBe(stringified({ version: 1, findings: plain }));
    expect(items.map((c) => c.reads())).toEqual(items.map(() => 3));
  });

  it('still looks inside the items of an array not said to be flat', () => {
    const items = [counted(), counted()];
    expect(text(streamed(items, (c) => c.item))).toBe(stringified([0, 1].map(() => ({ ruleId: { key: 'ruleId' }, message: { key: 'message' }, resource: { key: 'resource' } }))));
    expect(items.map((c) => c.reads())).toEqual([6, 6]);
  });
});

describe('gathered', () => {
  it('joins pieces into writes of at least the size asked, the same text in all', () => {
    const pieces = Array.from({ length: 500 }, (_, i) => `piece ${i}\n`);
    const writes = [...gathered(pieces, 1000)];
    expect(writes.join('')).toBe(pieces.join(''));
    expect(writes.length).toBeGreaterThan(1);
    for (const w of writes.slice(0, -1)) expect(w.length).toBeGreaterThanOrEqual(1000);
    expect([...gathered([], 10)]).toEqual([]);
  });
});
