// The fast and the full parse path read every text alike: generated texts of every YAML form
// manifests use (paths-generate.ts) give the same values, types, document lines, locations of
// every path and directive comments on both paths, a text one path refuses is refused by the
// other, and the directives are those the `yaml` lexer sees (paths-compare.ts). The named cases
// are the differences the generator found (round 13), each failing on the code before its fix.
import { describe, expect, it } from 'vitest';
import { parseManifestTextFast, parseManifestTextFull } from '../../src/load/yaml.js';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';
import { comparePaths, lexedDirectives } from './paths-compare.js';
import { generateText } from './paths-generate.js';

const source = { kind: 'file', name: 'paths.yaml' } as const;

function differences(seed: number, count: number, options: Parameters<typeof generateText>[1]): { fast: number; found: string[]; directives: number } {
  const rng = createRandom(seed);
  const found: string[] = [];
  let [fast, directives] = [0, 0];
  for (let n = 0; n < count; n++) {
    const text = generateText(rng, options);
    const outcome = comparePaths(text);
    if (outcome.fast) fast++;
    if (outcome.difference) found.push(`${outcome.difference}\n${JSON.stringify(text)}`);
    directives += lexedDirectives(text).size;
  }
  return { fast, found, directives };
}

describe('generated texts read alike on both parse paths', () => {
  it('LF texts: tame and wild', () => {
    const { fast, found, directives } = differences(1301, 2_000, {});
    expect(found.slice(0, 3)).toEqual([]);
    // The generator must reach the fast path, and directives, often enough to mean something.
    expect(fast).toBeGreaterThan(250);
    expect(directives).toBeGreaterThan(2_000);
  });

  it('tame texts (most take the fast path)', () => {
    const { fast, found } = differences(1302, 1_000, { wild: false });
    expect(found.slice(0, 3)).toEqual([]);
    expect(fast).toBeGreaterThan(180);
  });

  it('CRLF, lone CR, tabs, a BOM, U+2028, U+0085 and controls', () => {
    const { fast, found } = differences(1303, 1_500, { rare: true });
    expect(found.slice(0, 3)).toEqual([]);
    expect(fast).toBeGreaterThan(90);
  });
});

describe('a flow-root document ends where `yaml` ends it, on both paths', () => {
  // `yaml` ends a document whose root is a flow collection after the line right below it (blank
  // or comment), not at the next `---`; the fast path ended it at the piece's end.
  it.each([
    ['{"kind": "ConfigMap"}\n# c\n# d\n', 2],
    ['{"kind": "ConfigMap"}\n\n\n', 2],
    ['{"kind": "ConfigMap"}\n\n# kubelint-disable r -- below\n', 2],
    ['--- # Source: x\n[1, 2]\n# c\n\n---\na: 1\n', 3],
    ['{"kind": "ConfigMap"}\n', 1],
    ['{"kind": "ConfigMap"} # c\n---\n[2]\n', 1],
  ])('%j ends on line %i', (text, end) => {
    const fast = parseManifestTextFast(text, source);
    expect(fast).toBeDefined();
    expect(fast![0]!.lines.end).toBe(end);
    expect(parseManifestTextFull(text, source).manifests[0]!.lines.end).toBe(end);
  });
});

describe('a line continuing a multi-line scalar is read as the scalar makes it', () => {
  const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n';
  it.each([
    // Inside a quoted scalar a `#` is text: no directive.
    ['a # inside a double-quoted scalar', `${head}  msg: "first\n    # kubelint-disable-line r1 -- inside\n    end"\n`, {}],
    ['a # inside a single-quoted scalar', `${head}  msg: 'first\n    # kubelint-disable r1 -- inside\n    end'\n`, {}],
    // After the closing quote the line is the document's again, whatever quote opens the line.
    ['a comment after the closing quote', `${head}  msg: 'first\n    "second' # kubelint-disable-line r2 -- after\n`, { 7: 'kubelint-disable-line r2 -- after' }],
    ['a quote closing mid-line', `${head}  msg: "first\n    sec\\"ond" # kubelint-disable-line r2 -- after\n`, { 7: 'kubelint-disable-line r2 -- after' }],
    // A plain scalar's continuation is text up to its first ` #`: a quote there opens nothing.
    ['a plain continuation opening with an apostrophe', `${head}  msg: first\n    'twas # kubelint-disable-line r3 -- plain\n`, { 7: 'kubelint-disable-line r3 -- plain' }],
    ['a plain continuation holding `- "`', `${head}  msg: first\n    - "x # kubelint-disable-line r4 -- plain\n`, { 7: 'kubelint-disable-line r4 -- plain' }],
    ['a plain continuation holding `, \'`', `${head}  msg: first\n    more, 'twas # kubelint-disable-line r5 -- plain\n`, { 7: 'kubelint-disable-line r5 -- plain' }],
  ])('%s', (_name, text, expected) => {
    const want = new Map(Object.entries(expected).map(([line, comment]) => [Number(line), comment]));
    expect(lexedDirectives(text)).toEqual(want);
    expect(new Map(parseManifestTextFull(text, source).manifests[0]!.comments)).toEqual(want);
    const fast = parseManifestTextFast(text, source);
    if (fast) expect(new Map(fast[0]!.comments)).toEqual(want);
  });

  it('the fast path takes plain continuations (and composes where the readings differ)', () => {
    const text = `${head}  msg: first\n    more, 'twas # kubelint-disable-line r5 -- plain\n`;
    expect(parseManifestTextFast(text, source)).toBeDefined();
    expect(comparePaths(text)).toEqual({ fast: true, difference: undefined });
  });
});
