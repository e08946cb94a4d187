// Quoted scalars across lines (go-yaml's long strings) take the fast path where js-yaml reads them
// as `yaml` does, with the full path's values, document lines, directive comments and every path's
// location; the rest is refused (yaml-quoted.ts). Generated texts (quoted-generate.ts) and the
// edge cases the issue names, each read by both paths.
import { describe, expect, it } from 'vitest';
import { parseManifestTextFast } from '../../src/load/yaml.js';
import { multiLineQuoted } from '../../src/load/yaml-quoted.js';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';
// @ts-expect-error plain .mjs generator without types
import { goDoubleQuoted, goPlain } from '../../bench/corpus-gen/rendered-twins.mjs';
import { expectSameAsFull, expectSameResults, source } from './parse-compare.js';
import { comparePaths } from './paths-compare.js';
import { generateQuotedText, type QuotedOptions } from './quoted-generate.js';

function differences(seed: number, count: number, options: QuotedOptions): { fast: number; multi: number; found: string[] } {
  const rng = createRandom(seed);
  const found: string[] = [];
  let [fast, multi] = [0, 0];
  for (let n = 0; n < count; n++) {
    const text = generateQuotedText(rng, options);
    const outcome = comparePaths(text);
    if (outcome.fast && multiLineQuoted(text) === 'exact') multi++;
    if (outcome.fast) fast++;
    if (outcome.difference) found.push(`${outcome.difference}\n${JSON.stringify(text)}`);
  }
  return { fast, multi, found };
}

describe('quoted scalars across lines read alike on both parse paths', () => {
  it('generated LF texts', () => {
    const { multi, found } = differences(1601, 3_000, {});
    expect(found.slice(0, 3)).toEqual([]);
    // Texts with a multi-line quoted value the fast path took: enough to mean something.
    expect(multi).toBeGreaterThan(300);
  });

  it('generated CRLF texts', () => {
    const { multi, found } = differences(1602, 1_500, { crlf: true });
    expect(found.slice(0, 3)).toEqual([]);
    expect(multi).toBeGreaterThan(150);
  });
});

const fast = (text: string): boolean => parseManifestTextFast(text, source) !== undefined;

describe('multi-line quoted values on the fast path', () => {
  it.each([
    ['a break at a space', 'a: "one two\n  three"\n'],
    ['single-quoted, with a quote', "a: 'it''s\n  more'\n"],
    ['an escaped line break', 'a: "one\\\n  two"\n'],
    ['a line starting with an escaped space', 'a: "one\n  \\ two"\n'],
    ['escapes', 'a: "\\t\\"\\\\ \\x41\n  \\u00e9 \\U0001F600 \\/ \\N\\_"\n'],
    ['blank lines inside (folded to line feeds)', 'a: "one\n\n  two\n   \n\n  three"\n'],
    ['trailing spaces before a break', 'a: "one   \n  two"\n'],
    ['a # and a directive as text', 'a: "one # two\n  # kubelint-disable-line no-latest-tag -- text\n  three"\nb: 1 # kubelint-disable-line a -- real\n'],
    ['a comment after the closing quote', 'a: "one\n  two" # kubelint-disable-line a -- after\nb: 1\n'],
    ['an item', 'a:\n- "one\n  two"\n-  "x\n  y"\n'],
    ['a keyed item', 'a:\n  - k: "one\n      two"\n    j: 1\n'],
    ['a quoted key', '"k": "one\n  two"\n'],
    ['CRLF', 'a: "one\r\n  two\r\n\r\n  three"\r\nb: 1\r\n'],
    ['in the second of several documents', 'a: 1\n---\nb:\n  c: "one\n     two"\n  d: 2\n---\ne: 3\n'],
  ])('%s', (_, text) => {
    expect(multiLineQuoted(text)).toBe('exact');
    expect(fast(text)).toBe(true);
    expectSameAsFull(text, JSON.stringify(text));
  });

  it.each([
    ['a continuation at the key column', 'a: "one\nb: two"\n'],
    ['a continuation left of the key', 'x:\n  a: "one\n two"\n'],
    ['an item continued at its dash', 'a:\n- "one\n- two"\n'],
    ['a multi-line key', '"one\n  two": 1\n'],
    ['a root scalar', '"one\n  two"\n'],
    ['text after the closing quote', 'a: "one\n  two" x\n'],
    ['a # right after the closing quote', 'a: "one\n  two"#c\n'],
    ['no closing quote', 'a: "one\n  two\n'],
    ['a tab before a continuation', 'a: "one\n\t two"\n'],
    ['a blank line after an escaped line break', 'a: "one\\\n\n  two"\n'],
    ['a line of spaces after an escaped line break', 'a: "one\\\r\n  \r\n  two"\r\n'],
    ['a document marker inside', 'a: "one\n---\n  two"\n'],
    ['a quote opened in a block scalar body above', 'a: |\n  k: "hi\nb: "x\n  y"\n'],
  ])('refuses %s, with the full path its results', (_, text) => {
    expect(multiLineQuoted(text)).toBe('refused');
    expect(fast(text)).toBe(false);
    expectSameResults(text);
  });

  it('reads a quote opened in plain or block text as the full path does, on whichever path takes it', () => {
    for (const text of ['a: plain\n  k: "x\n   y"\n', 'a: plain\n  "x\n   y"\n', 'a: |\n  k: "x\n   y"\nb: "c\n  d"\n', '- a\n  - "x\n   y"\n', 'a: b\n  - "x\n   y"\n', 'a: "x\n  --- y"\n', 'a: "x\n  ... y"\n', 'a: |\n  echo "x\n  done\nb: "c\n  d"\n']) {
      expectSameResults(text);
    }
  });

  it("takes go-yaml's folding of long strings (rendered-twins.mjs)", () => {
    const long = 'serves the catalog API:  with two spaces, a "quote" and a \\ backslash, then more words past eighty columns and on';
    const text = `metadata:\n  annotations:\n    d: ${goDoubleQuoted(long, 7, 6)}\n    p: ${goPlain(long.replace(/:/g, ''), 7, 6)}\n`;
    expect(text.split('\n').length).toBeGreaterThan(5);
    expect(fast(text)).toBe(true);
    const [manifest] = expectSameAsFull(text);
    expect((manifest!.value as { metadata: { annotations: { d: string } } }).metadata.annotations.d).toBe(long);
  });
});
