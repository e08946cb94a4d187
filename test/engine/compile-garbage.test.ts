// A first run's CRD compiles leave their garbage to one full collection once the heap has grown
// GARBAGE_BYTES over them, and one when the batch's compiles are done (src/engine/compile-garbage.ts).
import { describe, expect, it } from 'vitest';
import { GARBAGE_BYTES, compileGarbage } from '../../src/engine/compile-garbage.js';

function fake() {
  let heap = 100;
  const calls: number[] = [];
  const record = compileGarbage(() => calls.push(heap), () => heap);
  return { record, calls, grow: (bytes: number) => (heap += bytes), set: (bytes: number) => (heap = bytes) };
}

describe('compile garbage', () => {
  it('is collected once the heap grew GARBAGE_BYTES since the first compile or the last collection', () => {
    const { record, calls, grow, set } = fake();
    record.compiled();
    grow(GARBAGE_BYTES - 1);
    record.compiled();
    expect(calls).toHaveLength(0);
    grow(1);
    record.compiled();
    expect(calls).toHaveLength(1);
    set(200); // what the collection left
    grow(GARBAGE_BYTES / 2);
    record.compiled();
    expect(calls).toHaveLength(1);
  });

  it('is collected when the compiles are done, only if one came after the last collection', () => {
    const { record, calls, grow } = fake();
    record.done();
    expect(calls).toHaveLength(0);
    record.compiled();
    record.done();
    expect(calls).toHaveLength(1);
    record.done();
    expect(calls).toHaveLength(1);
    record.compiled();
    grow(GARBAGE_BYTES);
    record.compiled(); // collects
    record.done();
    expect(calls).toHaveLength(2);
  });
});
