// The fast and the full parse path read every text alike: generated texts of every YAML form
// manifests use (paths-generate.ts) give the same values, types, document lines, locations of
// every path and directive comments on both paths, a text one path refuses is refused by the
// other, and the directives are those the `yaml` lexer sees (paths-compare.ts). The named cases
// are the differences the generator found (round 13), each failing on the code before its fix.
import { describe, expect, it } from 'vitest';
import { parseManifestText, parseManifestTextFast, parseManifestTextFull } from '../../src/load/yaml.js';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';
// @ts-expect-error plain .mjs generator without types
import { crTwin, tabTwin } from '../../bench/corpus-gen/tab-twins.mjs';
import { comparePaths, lexedDirectives } from './paths-compare.js';
import { generateText, readerText } from './paths-generate.js';

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

/** A tab, or a CR not ending a `\r\n`. */
const TAB_OR_LONE_CR = /\t|\r(?!\n)/;

describe('tabs and CRs alone where YAML allows them take the fast path, read as the full path reads them (round 14)', () => {
  it.each([
    ['manifests in the block reader\'s forms', 1404, 'reader', 2_000, 200],
    ['tame', 1401, false, 1_500, 15],
    ['wild', 1402, true, 1_500, 8],
    ['either', 1403, undefined, 1_500, 15],
  ] as const)('generated texts (%s) with tabs and CRs alone in every placement', (_name, seed, wild, count, least) => {
    const rng = createRandom(seed);
    const fastPath: string[] = [];
    const fullOnly: string[] = [];
    let taken = 0;
    for (let n = 0; n < count; n++) {
      const text = wild === 'reader' ? readerText(rng) : generateText(rng, { tabs: true, wild });
      const outcome = comparePaths(text);
      if (outcome.fast && TAB_OR_LONE_CR.test(text)) taken++;
      if (outcome.difference) (outcome.fast ? fastPath : fullOnly).push(`${outcome.difference}\n${JSON.stringify(text)}`);
    }
    expect(fastPath.slice(0, 3)).toEqual([]);
    // Before round 14 every such text took the full path (0 here).
    expect(taken).toBeGreaterThan(least);
    // Known, full path only (no fast-path text): below a block scalar header, a line of spaces then
    // a tab, and a `#` on it or below, is a comment to `yaml`'s lexer and text to its composer.
    for (const found of fullOnly) expect(found).toMatch(/[|>][-+]?(?: #[^\n]*)?\\n *\\t/);
  });

  const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: build\ndata:\n${data}`;
  it.each([
    ['a Makefile in a block scalar', configMap('  Makefile: |\n    build:\n    \tgo build ./...\n    \n    test: build\n    \tgo test ./...\n')],
    ['a TSV in a block scalar, a last line of a tab', configMap('  table.tsv: |-\n    a\tb\tc\n    1\t2\t3\n    \t\n')],
    ['a shell script with tab-led lines', configMap('  run.sh: |\n    for f in *.yaml; do\n    \tkubectl apply -f "$f"\n    done\n  other: x\n')],
    ['a tab after the separator and before comments', configMap('  a:\tb\n  c: \td\t# note\n  e: "f"\t# kubelint-disable-line no-latest-tag -- tab\n  g:\t\n    h: i\n')],
    ['tabs in comments and quoted scalars', `#\tSource: chart/templates/cm.yaml\n${configMap('  # a\tcomment\n  a: "x\ty"\n  b: \'x\ty\'\n')}`],
    ['a tab inside a plain scalar, a tab after `- `', configMap('  a: x\ty\n  list:\n  - \tb\n')],
    ['a CR alone in a block scalar, a comment and quoted scalars', configMap('  run.sh: |\n    echo a\rb\n  # old\reditor\n  q: "x\ry"\n  s: \'x\ry\'\n')],
  ])('%s', (_name, text) => {
    expect(parseManifestTextFast(text, source), JSON.stringify(text)).toBeDefined();
    expect(comparePaths(text)).toEqual({ fast: true, difference: undefined });
  });

  it.each([
    ['a tab as indentation', 'a:\n\tb: 1\n', 'Tabs are not allowed as indentation'],
    ['a tab-led key below spaces', 'a:\n  b: 1\n \tc: 2\n'],
    ['a tab-led item', 'a:\n  - 1\n \t- 2\n'],
    ['a plain continuation led by a tab', 'a: x\n\ty\n'],
    ['a tab-led line ending a block scalar', 'a: |\n    x\n  \ty\n'],
    ['a line of a tab alone', 'a: 1\n\t\n'],
    ['a CR alone between keys', 'a: 1\rb: 2\n'],
    ['a CR alone ending the text', 'a: 1\n\r'],
    ['a CR alone ending the text in a block scalar', 'a: |\n    x\r'],
    ['a CR alone in a plain scalar', 'a: x\ry\n'],
  ])('%s: left to the full path, with its results', (_name, text, message?: string) => {
    expect(parseManifestTextFast(text, source), JSON.stringify(text)).toBeUndefined();
    const [fast, full] = [parseManifestText(text, source), parseManifestTextFull(text, source)];
    expect(fast.problems).toEqual(full.problems);
    expect(fast.manifests.map((m) => m.value)).toEqual(full.manifests.map((m) => m.value));
    if (message) expect(full.problems[0]?.message).toContain(message);
  });

  it('the benchmark twins (bench/corpus-gen/tab-twins.mjs) take the fast path', () => {
    const lf = `# Source: app/templates/cm.yaml\n${configMap('  config.yaml: |\n    service: api\n    logLevel: warn\n  entrypoint.sh: |\n    #!/bin/sh\n    exec /app/server --config /etc/app.yaml\n')}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api # the front\nspec:\n  ports:\n  - port: 80\n`;
    for (const twin of [tabTwin(lf), crTwin(lf)]) {
      expect(twin).not.toBe(lf);
      expect(comparePaths(twin)).toEqual({ fast: true, difference: undefined });
    }
  });
});
