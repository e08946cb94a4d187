// Every format written in pieces is the text its formatter returns, and the large ones (a report of
// many findings) come one finding at a time, not as one string held whole.
import { describe, expect, it } from 'vitest';
import { formatPieces, formatters } from '../../src/report/index.js';
import { joined } from '../../src/report/pieces.js';
import { STREAM_BATCH } from '../../src/report/json-stream.js';
import { context, finding, report } from './helpers.js';

const many = (n: number) =>
  report(Array.from({ length: n }, (_, i) => finding({ message: `container "app-${i}" is privileged`, range: { line: i + 1, column: 3, endLine: i + 1, endColumn: 9 }, ...(i % 7 === 0 ? { suppressed: { kind: 'comment', reason: 'r' } } : {}) })));

describe('formatPieces', () => {
  it('joins to the formatter text for every format, with and without findings', () => {
    const ctx = context(process.cwd());
    for (const name of Object.keys(formatters)) {
      for (const r of [report([]), many(30)]) expect(joined(formatPieces[name]!(r, ctx)), name).toBe(formatters[name]!(r, ctx));
    }
  });

  it('keeps the JSON layout of JSON.stringify(report, null, 2)', () => {
    const ctx = context(process.cwd());
    for (const name of ['json', 'sarif', 'codeclimate']) {
      const text = formatters[name]!(many(20), ctx);
      expect(text, name).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    }
  });

  it('writes large reports a few findings at a time', () => {
    const ctx = context(process.cwd());
    const r = many(2000);
    for (const name of ['json', 'sarif', 'github', 'codeclimate', 'compact', 'stylish', 'junit']) {
      let longest = 0;
      let count = 0;
      let whole = 0;
      for (const piece of formatPieces[name]!(r, ctx)) {
        longest = Math.max(longest, piece.length);
        whole += piece.length;
        count++;
      }
      // The JSON formats write a batch of findings per piece (STREAM_BATCH), the others one.
      expect(count, name).toBeGreaterThanOrEqual(Math.floor(1700 / STREAM_BATCH)); // codeclimate leaves the suppressed out
      // The SARIF head describes every rule; past it, no piece holds more than a batch of findings.
      expect(longest, name).toBeLessThan(name === 'sarif' ? 20_000 + whole / 25 : whole / 25);
    }
  });
});
