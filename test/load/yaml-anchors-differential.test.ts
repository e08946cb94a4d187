// Anchors, aliases and `<<` merge keys take the fast path where js-yaml reads them as `yaml` does
// (yaml-anchors.ts), with the full path's values, document lines, directive comments and every
// path's location (a key merged in is located where the full path locates it: in its source); the
// rest is refused. Generated texts (anchors-generate.ts) and the edge cases the issue names.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';
import { generateAnchorsText, type AnchorsOptions } from './anchors-generate.js';
import { comparePaths } from './paths-compare.js';
import { expectSameAsFull, expectSameResults, source } from './parse-compare.js';
import jsYaml from 'js-yaml';
import { parseManifestTextFast } from '../../src/load/yaml.js';
import { readBlockDocument, UNSURE } from '../../src/load/yaml-block.js';
import { YAML11_MERGE_SCHEMA } from '../../src/load/yaml11.js';

function differences(seed: number, count: number, options: AnchorsOptions): { fast: number; marked: number; found: string[] } {
  const rng = createRandom(seed);
  const found: string[] = [];
  let [fast, marked] = [0, 0];
  for (let n = 0; n < count; n++) {
    const text = generateAnchorsText(rng, options);
    const outcome = comparePaths(text);
    if (outcome.fast) {
      fast++;
      if (/(?:^|[:\-\[,] *)[&*][\w.]/m.test(text)) marked++;
    }
    if (outcome.difference) found.push(`${outcome.difference}\n${JSON.stringify(text)}`);
  }
  return { fast, marked, found };
}

describe('anchors, aliases and merge keys read alike on both parse paths', () => {
  it('generated LF texts', () => {
    const { marked, found } = differences(1701, 3_000, {});
    expect(found.slice(0, 3)).toEqual([]);
    expect(marked).toBeGreaterThan(1000);
  });

  it('generated tame LF texts', () => {
    const { marked, found } = differences(1702, 1_500, { tame: true });
    expect(found.slice(0, 3)).toEqual([]);
    expect(marked).toBeGreaterThan(900);
  });

  it('generated CRLF texts', () => {
    const { marked, found } = differences(1703, 1_500, { crlf: true });
    expect(found.slice(0, 3)).toEqual([]);
    expect(marked).toBeGreaterThan(500);
  });
});

const fast = (text: string): boolean => parseManifestTextFast(text, source) !== undefined;

describe('anchors, aliases and merge keys on the fast path', () => {
  it.each([
    ['an alias to a scalar', 'a: &x 010\nb: *x\n'],
    ['an alias to a map', 'a: &x\n  k: v\nb: *x\n'],
    ['an alias to a list', 'a: &x\n- 1\n- two\nb: *x\nc:\n  - *x\n'],
    ['an anchor redefined after its aliases', 'a: &x 1\nb: *x\nc: &x 2\nd: *x\n'],
    ['earlier merged maps win over later ones', 'a: &a {k: 1, m: 1}\nb: &b {k: 2, n: 2}\nc:\n  <<: [*a, *b]\n  m: 3\n'],
    ['a merge of a block map written in place', 'c:\n  <<:\n    p: 1\n  q: 2\n'],
    ['a key after the merge wins over it', 'base: &b\n  k: 1\n  m: 1\nobj:\n  <<: *b\n  m: 3\n'],
    ['merges first in list items', 'a: &a\n  p: 1\nl:\n- <<: *a\n  q: 2\n-\n  <<: *a\n  name: x\n'],
    ['merges in a second document, anchors per document', 'a: &a {p: 1}\nb:\n  <<: *a\n---\na: &a {q: 2}\nb:\n  <<: *a\n'],
    ['anchors on flow collections', 'a: &a [1, 2]\nb: &b {k: v}\nc: *a\nd: *b\n'],
    ['an anchored block scalar', 'a: &a |\n  one\n  two\nb: *a\n'],
    ['CRLF', 'base: &b\r\n  k: 1\r\nobj:\r\n  <<: *b\r\n  m: 2\r\n'],
    ['comments and directives on merged lines', 'base: &b # the base\n  k: 1 # kubelint-disable-line no-latest-tag -- in the source\nobj:\n  <<: *b # kubelint-disable-line require-labels -- merged\n  m: 2\n'],
    ['a tab before an alias (the block reader reads a tab after a colon)', 'a: &x 1\nb:\t*x\n'],
    ['the anchors twin shape', 'metadata:\n  labels: &labels\n    app: api\n    tier: "4.16"\nspec:\n  template:\n    metadata:\n      labels:\n        <<: *labels\n        app: api\n'],
  ])('%s: fast, as the full path', (_, text) => {
    expect(fast(text)).toBe(true);
    expectSameAsFull(text, JSON.stringify(text));
  });

  it.each([
    ['an alias to an anchor in an earlier document (an error)', 'a: &x 1\n---\nb: *x\n'],
    ['an alias before its anchor (an error)', 'b: *x\na: &x 1\n'],
    ['an anchor redefined inside its own node', 'a: &x\n  b: &x 1\nc: *x\n'],
    ['a merge of a scalar (an error)', 'a: &x 1\nc:\n  <<: *x\n'],
    ['a merge of a list in a list (js-yaml merges its indexes)', 'a: &x [1, 2]\nc:\n  <<: [*x]\n'],
    ['a merge of nothing (an error)', 'c:\n  <<:\n  d: 1\n'],
    ['a duplicate explicit key next to a merge (an error)', 'a: &a {p: 1}\nc:\n  p: 2\n  <<: *a\n  p: 3\n'],
    ['nested merges (an alias inside an anchored node)', 'a: &a {p: 1}\nb: &b\n  <<: *a\n  q: 2\nc:\n  <<: *b\n'],
    ['an alias used as a key', 'a: &x k\nc:\n  *x : 1\n'],
    ['an anchor on a key', 'm:\n  &x a: 1\n  b: *x\n'],
    ['a quoted merge key (a plain "<<" key)', 'a: &x {p: 1}\nc:\n  "<<": *x\n'],
    ['a merge key in a flow map', 'a: &x {p: 1}\nc: {<<: *x}\n'],
    ['a tag next to an anchor', 'a: &x !!str 1\nb: *x\n'],
    ['an empty anchored node', 'a: &x\nb: *x\n'],
    // go-yaml (kubectl) applies a `<<` after other keys in the order written (yaml-merge-order.ts).
    ['a key before the merge (kubectl: the merge overwrites it)', 'base: &b\n  k: 1\n  m: 1\nobj:\n  k: 2\n  <<: *b\n  m: 3\n'],
    ['two merge keys in one map', 'a: &a {p: 1}\nb: &b {q: 2}\nc:\n  <<: *a\n  <<: *b\n'],
    ['a merge after a key in a list item', 'a: &a\n  p: 1\nl:\n- <<: *a\n  q: 2\n- name: x\n  <<: *a\n'],
    ['a merge after a comment and a key', 'a: &a {p: 1}\nc:\n  q: 2\n  # shared\n\n  <<: *a\n'],
    ['a merge after a document start', 'a: &a {p: 1}\n---\n<<: {q: 1}\n'],
    ['an alias bomb', `a: &a [x, x]\nb: &b [${Array(60).fill('*a').join(', ')}]\nc: [${Array(60).fill('*b').join(', ')}]\n`],
  ])('%s: the full path', (_, text) => {
    expect(fast(text)).toBe(false);
    expectSameResults(text);
  });

  it('locates a key merged in at its source, an explicit key at itself, as the full path does', () => {
    const text = 'base: &base\n  app: web\n  tier: back\nobj:\n  <<: *base\n  tier: front\n';
    const [doc] = expectSameAsFull(text);
    expect(doc!.locate(['obj', 'app']).range).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 11 });
    expect(doc!.locate(['obj', 'tier']).range).toEqual({ line: 6, column: 3, endLine: 6, endColumn: 14 });
    expect(doc!.value).toEqual({ base: { app: 'web', tier: 'back' }, obj: { app: 'web', tier: 'front' } });
  });
});

describe('the block reader reads the documents yaml-anchors.ts accepts', () => {
  const twin = 'metadata:\n  labels: &labels\n    app: api\n    tier: "4.16"\nspec:\n  template:\n    metadata:\n      labels:\n        <<: *labels\n        app: web\n  list:\n  - *labels\n  - <<: *labels\n    x: 1\n';

  it('reads anchors, aliases and merge keys as js-yaml does with merges, in document order', () => {
    const value = readBlockDocument(twin, 0, twin.length, undefined, false, true);
    expect(value).toStrictEqual(jsYaml.load(twin, { schema: YAML11_MERGE_SCHEMA }));
    const labels = { app: 'api', tier: '4.16' };
    expect(value).toStrictEqual({ metadata: { labels }, spec: { template: { metadata: { labels: { app: 'web', tier: '4.16' } } }, list: [labels, { app: 'api', tier: '4.16', x: 1 }] } });
  });

  it('leaves them to js-yaml in a document not accepted, and what js-yaml refuses or merges otherwise', () => {
    expect(readBlockDocument(twin, 0, twin.length)).toBe(UNSURE);
    for (const text of ['a: &x 1\nc:\n  <<: *x\n', 'a: &x\n- [1]\nc:\n  <<: *x\n', 'c:\n  <<: *y\n', 'a: &x\n  p: 1\nc:\n  p: 2\n  p: 3\n  <<: *x\n', 'a: &x\n  p: 1\nc:\n  <<: *x\n  p: 2\n  p: 3\n', 'a: &x &y 1\n']) {
      expect(readBlockDocument(text, 0, text.length, undefined, false, true), text).toBe(UNSURE);
    }
  });
});
