// The nesting estimate (yaml-guards.ts) reads each line's end by hand instead of running OPENER and
// BLOCK_SCALAR on every line, and skips its line scan when no line is indented far enough for the
// limit to be reached (a bracket that cannot open a flow collection counts as none). These tests
// hold both shortcuts to the answers they replace.
import { describe, expect, it } from 'vitest';
import { BLOCK_SCALAR, lineOpens, mayNestPast, nestingPastLimit, nestingScan, OPENER } from '../../src/load/yaml-guards.js';

/** A small seeded generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LINE_CHARS = [' ', '\t', ':', '-', '|', '>', '1', '9', '0', '+', 'a', '\u00a0', '\u2028', '\r', '[', '"', '#'];

function* linesOf(length: number): Generator<string> {
  if (length === 0) {
    yield '';
    return;
  }
  for (const head of linesOf(length - 1)) for (const c of LINE_CHARS) yield head + c;
}

describe('nesting estimate', () => {
  it('reads every line end as OPENER and BLOCK_SCALAR do (all lines of up to 4 characters, 100,000 longer ones)', () => {
    const rand = random(22);
    const longer = Array.from({ length: 100_000 }, () =>
      Array.from({ length: 5 + Math.floor(rand() * 8) }, () => LINE_CHARS[Math.floor(rand() * LINE_CHARS.length)]).join(''),
    );
    const differ: string[] = [];
    for (const line of [...[0, 1, 2, 3, 4].flatMap((n) => [...linesOf(n)]), ...longer]) {
      const got = lineOpens(`x\n${line}\ny`, 2, 2 + line.length, line.includes('#'));
      const want = [OPENER.test(line), BLOCK_SCALAR.test(line)];
      if (got[0] !== want[0] || got[1] !== want[1]) differ.push(JSON.stringify(line));
    }
    expect(differ.slice(0, 20)).toEqual([]);
  });

  it('skips the scan only where the scan finds nothing (random block and flow texts near the limit)', () => {
    const rand = random(7);
    const tokens = ['a:', 'a: b', '- ', '- a:', '-', '[', '{', ']', '}', 'a: [', 'b: {', '"x', "'y", '"[', 'a: |', 'b: >-', '# c', 'b', 'a: b # c:', '[]', '{}', 'a: []', '- {}', '[}', 'p: ^[a-z]', 'x{', '[\n'];
    let refused = 0;
    for (let n = 0; n < 3000; n++) {
      const limit = 4 + Math.floor(rand() * 12);
      const lines = Array.from({ length: 5 + Math.floor(rand() * 30) }, () => {
        const indent = ' '.repeat(Math.floor(rand() * (limit + 4)));
        const parts = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => tokens[Math.floor(rand() * tokens.length)]);
        return indent + parts.join(rand() < 0.5 ? ' ' : '');
      });
      const text = lines.join(rand() < 0.1 ? '\r\n' : '\n');
      const scanned = nestingScan(text, limit);
      expect(nestingPastLimit(text, limit), JSON.stringify(text)).toEqual(text.length < limit ? undefined : scanned);
      if (scanned) refused++;
    }
    expect(refused).toBeGreaterThan(300); // the texts do reach the limit often
  });

  it('still scans a text that reaches the limit with the least indentation it takes', () => {
    for (let limit = 3; limit < 30; limit++) {
      // Block levels 1..k (indented 0..k-1), a value line at column k, then limit - k brackets.
      for (let k = 0; k <= limit; k++) {
        const chain = Array.from({ length: k }, (_, i) => `${' '.repeat(i)}a:\n`).join('');
        const text = `${chain}${' '.repeat(k)}b: ${'['.repeat(limit - k)}x${']'.repeat(limit - k)}\n`.padEnd(limit, '\n');
        const scanned = nestingScan(text, limit);
        expect(scanned, JSON.stringify(text)).toBeDefined();
        expect(nestingPastLimit(text, limit), JSON.stringify(text)).toEqual(scanned);
      }
    }
  });

  it('skips the scan of a text whose brackets cannot open flow collections (CRD patterns, empty `[]` and `{}`)', () => {
    // 300 brackets: above the limit, so counting them all (the bound before) forced the whole scan.
    const crd = `spec:\n  names: []\n  x: {}\n${'  - pattern: ^[a-z][a-z0-9-]*$\n'.repeat(150)}`;
    expect(mayNestPast(crd, 201)).toBe(false);
    expect(nestingScan(crd, 201)).toBeUndefined();
    // One bracket that may open a collection, and every bracket counts again.
    const open = `${crd}  y: [a]\n`;
    expect(mayNestPast(open, 201)).toBe(true);
    expect(nestingPastLimit(open, 201)).toBeUndefined();
    // An empty pair still counts one level: at the limit's indentation minus one, it is scanned.
    const deepBlock = `${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}a:\n`).join('')}${' '.repeat(200)}b: []\n`;
    expect(mayNestPast(deepBlock, 201)).toBe(true);
    expect(nestingPastLimit(deepBlock, 201)).toEqual(nestingScan(deepBlock, 201));
  });

  it('still scans a text whose brackets or indentation could reach the limit', () => {
    // 150 brackets and a 60-column line: 60 + 150 > 201 - 1, so the bound cannot skip the scan.
    const text = `a:\n${' '.repeat(60)}b: ${'['.repeat(150)}${']'.repeat(150)}\n`;
    expect(nestingPastLimit(text, 201)).toBeUndefined();
    expect(nestingPastLimit(`a: ${'['.repeat(201)}${']'.repeat(201)}\n`, 201)).toEqual({ line: 1, column: 4 + 200 });
  });
});
