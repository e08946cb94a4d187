// A directive comment after a value is found wherever the `yaml` package's own lexer sees a comment
// on that line: after plain scalars holding a quote character (`don't-use`, `say"hi`), after
// quoted scalars holding ` # `, `\"` or `''`, tagged and anchored values, flow collections and
// JSON-like keys. Until round 12 a quote count decided it: an odd number of quote characters
// before the `#` (an apostrophe in a plain scalar) hid the directive, and a ` #` inside an earlier
// quoted scalar hid the comment after it.
import { Lexer } from 'yaml';
import { describe, expect, it } from 'vitest';
import { directiveComments } from '../../src/load/yaml-comments.js';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';

const DIRECTIVE = 'kubelint-disable-line image-tag-pinned -- why';
const KEYS = ['name', 'a-b', '"quoted # key"', "'it''s'", '"k\\"q"'];
const VALUES = [
  "don't-use", 'say"hi', 'b#c', 'plain words', '"x # y"', '"a \\" # b"', "'it''s # here'", "''", '""',
  "!!str 'x # y'", '&anchor "x # y"', "[a, 'b # c', \"d\"]", '{"k":\'v # w\'}', '{k: "v # w"}', '*alias', '', '"C:\\\\"', "'say \"hi'",
];

/** The offset of the comment the `yaml` lexer sees on a one-line text, or -1 (its control tokens have no width). */
function lexedComment(line: string): number {
  let at = 0;
  for (const token of new Lexer().lex(`${line}\n`)) {
    if (token.length === 1 && token.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(token)) continue;
    if (token.startsWith('#')) return at;
    at += token.length;
  }
  return -1;
}

describe('a directive comment after a value', () => {
  it('is found exactly where the yaml lexer sees a comment (generated lines)', () => {
    const rng = createRandom(1207);
    let found = 0;
    for (let n = 0; n < 4_000; n++) {
      const indent = ' '.repeat(rng.int(0, 4));
      const item = rng.next() < 0.3 ? '- ' : '';
      const pair = rng.next() < 0.85 ? `${rng.pick(KEYS)}: ${rng.pick(VALUES)}` : rng.pick(VALUES);
      const line = `${indent}${item}${pair}${rng.pick([' ', '  ', '\t'])}# ${DIRECTIVE}`;
      const at = lexedComment(line);
      const expected = at !== -1 && line.slice(at + 1).trim().startsWith('kubelint-') ? line.slice(at + 1).trim() : undefined;
      expect(directiveComments(line, 0, line.length, 1, () => 'line')!.get(1), JSON.stringify(line)).toBe(expected);
      if (expected) found++;
    }
    expect(found).toBeGreaterThan(3_500);
  });

  it.each([
    ["value: don't-use  # kubelint-disable-line env-literal-secret -- r", 'kubelint-disable-line env-literal-secret -- r'],
    ['path: "C:\\\\" # kubelint-disable-line r -- w', 'kubelint-disable-line r -- w'],
    ['msg: \'say "hi\' # kubelint-disable-line r -- w', 'kubelint-disable-line r -- w'],
    ['a: "x # y" # kubelint-disable-line r -- w', 'kubelint-disable-line r -- w'],
    ['a: "# kubelint-disable r8 -- quoted"', undefined],
    ["a: '#' # kubelint-disable r9 -- x", 'kubelint-disable r9 -- x'],
    ['a: b#kubelint-disable-line r', undefined],
  ])('%s', (line, expected) => {
    expect(directiveComments(line, 0, line.length, 1, () => 'line')!.get(1)).toBe(expected);
  });
});
