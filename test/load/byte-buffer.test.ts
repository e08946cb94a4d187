import { describe, expect, it } from 'vitest';
import { ByteBuffer } from '../../src/load/byte-buffer.js';

describe('ByteBuffer', () => {
  it('keeps every byte appended, in order, across growth', () => {
    const buffer = new ByteBuffer(1 << 20);
    const expected: number[] = [];
    // 3,000 chunks of 1-200 bytes: past the first 64 KiB, so the buffer grows (twice or more).
    for (let i = 0; i < 3000; i++) {
      const chunk = Uint8Array.from({ length: 1 + (i % 200) }, (_, j) => (i * 31 + j) & 0xff);
      buffer.append(chunk);
      expected.push(...chunk);
    }
    expect(buffer.length).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(2 * 64 * 1024);
    expect(Buffer.compare(buffer.bytes(), Buffer.from(expected))).toBe(0);
  });

  it('copies a chunk: the caller may reuse it at once', () => {
    const buffer = new ByteBuffer(1024);
    const chunk = Buffer.from('abc');
    buffer.append(chunk);
    chunk.write('xyz');
    buffer.append(chunk);
    expect(buffer.bytes().toString()).toBe('abcxyz');
  });

  it('grows to exactly the limit, and refuses a byte past it', () => {
    const limit = 100_000; // above the first buffer, not a power of two
    const buffer = new ByteBuffer(limit);
    buffer.append(new Uint8Array(70_000).fill(1));
    buffer.append(new Uint8Array(30_000).fill(2));
    expect(buffer.length).toBe(limit);
    expect(() => buffer.append(new Uint8Array(1))).toThrow(RangeError);
    expect(buffer.length).toBe(limit);
    expect(buffer.bytes()[69_999]).toBe(1);
    expect(buffer.bytes()[70_000]).toBe(2);
  });

  it('an empty buffer has no bytes', () => {
    expect(new ByteBuffer(10).bytes().length).toBe(0);
  });
});
