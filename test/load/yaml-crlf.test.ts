// CRLF texts (as Windows editors write them) on the fast parse path: the block reader takes a line
// ending in `\r\n` as it takes one ending in `\n`, and gives what the full `yaml` path gives
// (values, block scalars' content with `\n` breaks, lines, locations, directive comments). A CR
// alone is no line break for `yaml` but is one for js-yaml: such texts keep taking the full path.
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Source } from '../../src/types.js';
import { readBlockDocument, UNSURE, type BlockFacts } from '../../src/load/yaml-block.js';
import { quickLocate } from '../../src/load/quick-locate.js';
import { parseFast, splitDocuments } from '../../src/load/yaml-fast.js';
import { parseManifestText, parseManifestTextFast, parseManifestTextFull } from '../../src/load/yaml.js';
// @ts-expect-error plain .mjs generator without types
import { SHAPES, buildShape } from '../../bench/corpus-gen/shapes.mjs';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';
import { allPaths, compareManifests, expectSameAsFull, expectSameResults, source } from './parse-compare.js';
import { generate } from './yaml-generate.js';

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

/** Documents of the kinds the corpus shapes hold, each the block reader's (in its LF form). */
const READER_DOCUMENTS = [
  // Literal block scalars, clipped and stripped, with blank lines, `#` lines and trailing spaces in them.
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app # the name\ndata:\n  run.sh: |\n    #!/bin/sh\n    echo "a # b"  \n\n    exit 0\n  strip: |-\n    one\n\n    two\n',
  // Quoted scalars with escapes, `{}`, `[]`, YAML 1.1 scalars, comment lines at every indentation.
  '---\n# above\nkind: Deployment\nspec:\n  replicas: 3\n    # deeper comment\n  template:\n    metadata:\n      annotations:\n        a: "x\\"y\\\\z"\n        b: \'it\'\'s\'\n        c: {}\n        d: []\n        e: yes\n        f: 0644\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.25\n          args:\n            - --port=80\n            - "-v"\n',
  // Directive comments above, inside and after a literal whose body holds a directive as text.
  '# kubelint-disable-next-line image-tag -- pinned elsewhere\nkind: Pod\nspec:\n  containers:\n    # kubelint-disable-next-line run-as-non-root\n    - name: a\n      image: a\n      command:\n        - sh\n        - -c\n        - |\n          # kubelint-disable-line not-a-directive\n          echo hi\n      env: [] # kubelint-disable-line empty-env\n',
  // Empty values, a literal as the last node, and blank lines at the document's end.
  'kind: Secret\nmetadata:\n  labels:\nstringData:\n  key: |\n    value\n\n\n',
];

/** Documents outside the block reader (js-yaml's or the full path's), still read as the full path does. */
const OTHER_DOCUMENTS = [
  'a: |+\n  kept\n\n\nb: >\n  folded\n  lines\n\n  para\nc: >-\n  x\n  y\nd: |+\n  last\n\n',
  'flow: {a: 1, b: [x, "y z"], c: \'q\'}\nlist: [1, 2]\nplain: multi\n  line scalar\n',
  'quoted: "first\n  second"\nsingle: \'a\n\n  b\'\n',
  '{"kind": "Pod", "metadata": {"name": "json"}}\n# kubelint-disable-next-line x\n',
  'a: |2\n    two more\n  base\n',
];

describe('CRLF texts on the fast path', () => {
  it('are read by the block reader as their LF twins are, with the same block scalar ranges shifted to the CRLF offsets', () => {
    for (const text of READER_DOCUMENTS) {
      const lfFacts: BlockFacts = { scalars: [], emptyLast: -1 };
      const lf = readBlockDocument(text, 0, text.length, lfFacts);
      expect(lf, JSON.stringify(text)).not.toBe(UNSURE);
      const windows = crlf(text);
      const facts: BlockFacts = { scalars: [], emptyLast: -1 };
      expect(readBlockDocument(windows, 0, windows.length, facts), JSON.stringify(windows)).toStrictEqual(lf);
      // Each offset is a line start: the same line of the LF text, moved by the CRs above it.
      const lineOf = (t: string, at: number) => t.slice(0, at).split('\n').length;
      expect(facts.scalars.map((at) => lineOf(windows, at))).toEqual(lfFacts.scalars.map((at) => lineOf(text, at)));
      expect(facts.scalars.every((at) => windows[at - 1] === '\n')).toBe(true);
    }
    const read = (text: string) => readBlockDocument(text, 0, text.length);
    expect(read('a: |\r\n  x\r\n\r\n  y  \r\nb: "q"\r\n')).toEqual({ a: 'x\n\ny  \n', b: 'q' });
    // Mixed line ends: each line's own end.
    expect(read('a: |-\r\n  x\n  y\r\nb: 1\n')).toEqual({ a: 'x\ny', b: 1 });
    // A CR alone, or before anything but `\n`, is left to the others in a plain scalar or a key; in a
    // literal body it is text, as `yaml` reads it (round 14, r14tabs: test/load/paths-differential).
    for (const text of ['a: 1\rb: 2\n', 'a: x\r y\r\n', 'a: 1\r']) expect(read(text), JSON.stringify(text)).toBe(UNSURE);
    expect(read('a: |\r\n  x\ry\r\n')).toEqual({ a: 'x\ry\n' });
  });

  it('give the full path its values, block scalar content, lines, locations and directive comments', () => {
    const labelled = (text: string) => JSON.stringify(text).slice(0, 80);
    for (const text of READER_DOCUMENTS) {
      expectSameAsFull(crlf(text), labelled(crlf(text)));
      // Several documents, the last without a final line break.
      const stream = crlf(`${text}---\n${text}`).replace(/\r\n$/, '');
      expectSameAsFull(stream, labelled(stream));
    }
    // Block scalars' content holds `\n` line breaks, never a CR (as `yaml` gives it).
    const [configMap] = expectSameAsFull(crlf(READER_DOCUMENTS[0]!));
    expect((configMap!.value as { data: Record<string, string> }).data).toEqual({ 'run.sh': '#!/bin/sh\necho "a # b"  \n\nexit 0\n', strip: 'one\n\ntwo' });
    const [pod] = expectSameAsFull(crlf(READER_DOCUMENTS[2]!));
    // (The comment above the first content line is not the document's, as `yaml` reads it.)
    expect([...pod!.comments]).toEqual([
      [5, 'kubelint-disable-next-line run-as-non-root'],
      [14, 'kubelint-disable-line empty-env'],
    ]);
    expect(pod!.locate(['spec', 'containers', 0, 'command', 2]).range).toEqual({ line: 11, column: 11, endLine: 14, endColumn: 1 });
    // Mixed LF and CRLF line ends.
    const mixed = READER_DOCUMENTS.join('---\n').split('\n').map((line, i) => (i % 3 === 0 ? `${line}\r` : line)).join('\n');
    expectSameAsFull(mixed, 'mixed');
    for (const text of OTHER_DOCUMENTS) expectSameResults(crlf(text));
  });

  it('read their directive comments without composing a document when the block reader read it', () => {
    let composed = 0;
    const counting = (piece: string, src: Source) => {
      composed++;
      return parseManifestTextFull(piece, src).manifests[0];
    };
    const [pod] = parseFast(crlf(READER_DOCUMENTS[2]!), source, counting)!;
    expect([...pod!.comments].map(([line]) => line)).toEqual([5, 14]);
    expect(composed).toBe(0);
  });

  it('are located by the line reader wherever their LF twins are, without composing a document', () => {
    // Documents composed to locate every path of each: as many as for the LF twin (none of most).
    const composedFor = (text: string): [number, number] => {
      let composed = 0;
      const counting = (piece: string, src: Source) => {
        composed++;
        return parseManifestTextFull(piece, src).manifests[0];
      };
      const manifests = parseFast(text, source, counting)!;
      for (const manifest of manifests) {
        for (const p of allPaths(manifest.value)) void manifest.locate(p).range;
      }
      return [composed, manifests.length];
    };
    let documents = 0;
    let composed = 0;
    for (const text of [...READER_DOCUMENTS.slice(1), ...(buildShape('plain', 20).files as Array<{ text: string }>).map((f) => f.text)]) {
      const lf = composedFor(text);
      expect(composedFor(crlf(text)), JSON.stringify(text).slice(0, 80)).toEqual(lf);
      documents += lf[1];
      composed += lf[0];
    }
    expect(documents).toBeGreaterThan(20);
    expect(composed / documents).toBeLessThan(0.5);
    // The lines of a CR alone are not `yaml`'s: left to the composed Document.
    expect(quickLocate('a: 1\rb: 2\r\n', 0, ['a'])).toBeUndefined();
    expect(quickLocate('a: 1\r\nb:\r\n  c: x\r\n', 0, ['b', 'c'])).toEqual({ line: 3, column: 3, endLine: 3, endColumn: 7 });
  });

  it('take the block reader for every document of every corpus shape, as the LF shapes do, with the full path results', () => {
    for (const shape of SHAPES) {
      let documents = 0;
      for (const file of buildShape(shape, 40).files as Array<{ text: string }>) {
        const windows = crlf(file.text);
        const pieces = splitDocuments(windows, false)!;
        const lfPieces = splitDocuments(file.text, false)!;
        expect(pieces.map((p) => [p.startLine, p.endLine]), shape).toEqual(lfPieces.map((p) => [p.startLine, p.endLine]));
        pieces.forEach((piece, i) => {
          const lf = readBlockDocument(file.text, lfPieces[i]!.from, lfPieces[i]!.to);
          expect(readBlockDocument(windows, piece.from, piece.to), shape).toStrictEqual(lf);
          if (lf !== UNSURE) documents++;
        });
        const fast = parseManifestTextFast(windows, source);
        expect(fast, `${shape}: fast path should take it`).toBeDefined();
        compareManifests(fast!, parseManifestTextFull(windows, source).manifests, shape);
      }
      expect(documents, shape).toBeGreaterThan(20);
    }
  }, 120_000);

  it('give the full path its results (every locate too) on generated CRLF texts, and leave texts with a lone CR to it', () => {
    const rng = createRandom(2214);
    let taken = 0;
    let lfDivergences = 0;
    for (let n = 0; n < 1_500; n++) {
      const text = crlf(generate(rng).replace(/\r\n/g, '\n'));
      const viaEntry = parseManifestText(text, source);
      const full = parseManifestTextFull(text, source);
      expect(viaEntry.problems, JSON.stringify(text)).toEqual(full.problems);
      const same = isDeepStrictEqual(
        viaEntry.manifests.map((m) => [m.index, m.lines, m.value, [...m.comments]]),
        full.manifests.map((m) => [m.index, m.lines, m.value, [...m.comments]]),
      );
      expect(same, JSON.stringify(text)).toBe(true);
      // Every location is the full path's, but where the LF twin's already differ (a key YAML 1.1
      // reads as another string, such as `e5` for "NaN": not this change's): there the LF twin's.
      const lf = text.replace(/\r\n/g, '\n');
      const [lfEntry, lfFull] = [parseManifestText(lf, source).manifests, parseManifestTextFull(lf, source).manifests];
      viaEntry.manifests.forEach((m, i) => {
        for (const p of allPaths(m.value)) {
          const twinDiffers = !isDeepStrictEqual(lfEntry[i]?.locate(p), lfFull[i]?.locate(p));
          if (twinDiffers) lfDivergences++;
          const expected = (twinDiffers ? lfEntry : full.manifests)[i]!.locate(p);
          expect(m.locate(p), `${JSON.stringify(text)} ${JSON.stringify(p)}`).toEqual(expected);
        }
      });
      if (parseManifestTextFast(text, source)) taken++;
    }
    expect(taken).toBeGreaterThan(150); // the generated texts do reach the fast path
    expect(lfDivergences).toBeLessThan(100);
    for (const text of ['a: 1\rb: 2\n', 'a: x\ry\r\n']) expect(parseManifestTextFast(text, source), JSON.stringify(text)).toBeUndefined();
  }, 120_000);
});
