// The line reader answers for the shapes manifests are written in, exactly as the composed
// Document would (checked over a generated corpus, every path), and declines everything else.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs generator without types
import { writeCorpus } from '../../bench/corpus-gen/corpus.mjs';
import { INDEXES_KEPT, quickLocate, quickLocateWork } from '../../src/load/quick-locate.js';
import { parseManifestTextFast, parseManifestTextFull } from '../../src/load/yaml.js';
import { allPaths } from './parse-compare.js';
import type { JsonPath, Source } from '../../src/types.js';

const source: Source = { kind: 'file', name: 'corpus.yaml' };

const DEPLOYMENT = [
  'apiVersion: apps/v1', // 1
  'kind: Deployment',
  'metadata:',
  '  name: web # the name',
  '  labels: {app: web}', // 5
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '      - name: main', // 10
  '        image: "example.com/web:1.0"',
  '        ports:',
  '          - containerPort: 8080',
  '      -',
  '        name: side', // 15
  '        args: |',
  '          echo hi',
  '      volumes:',
  '      - name: data',
  '', // 20
].join('\n');

const at = (line: number, column: number, endColumn: number) => ({ line, column, endLine: line, endColumn });

describe('quickLocate', () => {
  it('locates keys, scalars, sequence items and missing fields', () => {
    const find = (p: JsonPath) => quickLocate(DEPLOYMENT, 0, p);
    expect(find([])).toEqual(at(1, 1, 20)); // the root map: its first line
    expect(find(['metadata'])).toEqual(at(3, 1, 9)); // a collection under a key: the key
    expect(find(['metadata', 'name'])).toEqual(at(4, 3, 12)); // key to value, not the comment
    expect(find(['metadata', 'labels'])).toEqual(at(5, 3, 9)); // a flow map as a leaf
    const containers = ['spec', 'template', 'spec', 'containers'];
    expect(find([...containers, 0])).toEqual(at(10, 9, 19)); // an item map: its first line
    expect(find([...containers, 0, 'image'])).toEqual(at(11, 9, 37)); // quotes included
    expect(find([...containers, 0, 'ports', 0, 'containerPort'])).toEqual(at(13, 13, 32));
    expect(find([...containers, 1])).toEqual(at(15, 9, 19)); // `-` alone: the block below
    expect(find([...containers, 0, 'resources', 'limits'])).toEqual(at(10, 9, 19)); // missing: the closest ancestor
    expect(find([...containers, 5])).toEqual(at(9, 7, 17));
    expect(find(['spec', 'template', 'spec', 'volumes', 0, 'name'])).toEqual(at(19, 9, 19)); // after a compact sequence
  });

  it('declines what it cannot be sure of', () => {
    expect(quickLocate(DEPLOYMENT, 0, ['spec', 'template', 'spec', 'containers', 1, 'args'])).toBeUndefined(); // block scalar
    expect(quickLocate(DEPLOYMENT, 0, ['metadata', 'labels', 'app'])).toBeUndefined(); // inside a flow map
    expect(quickLocate('a:\r  b: 1\r', 0, ['a', 'b'])).toBeUndefined(); // a CR alone (CRLF: test/load/yaml-crlf)
    expect(quickLocate('a: # nothing\nb: 1\n', 0, ['a'])).toBeUndefined(); // null with a comment
    expect(quickLocate('a: one\n  two\n', 0, ['a'])).toBeUndefined(); // multi-line plain scalar
    expect(quickLocate('on: 1\nb: 2\n', 0, ['b'])).toBeUndefined(); // a YAML 1.1 boolean key among the siblings
    expect(quickLocate('"a": 1\n', 0, ['a'])).toBeUndefined(); // quoted key
    expect(quickLocate('- a\n- b\n', 0, [1])).toBeUndefined(); // a sequence at the root
    expect(quickLocate('x:\n- -\n', 0, ['x', 0, 0])).toBeUndefined(); // a bare `-` item: a null in a nested sequence
    expect(quickLocate('a:\n  - "k": v\n', 0, ['a', 0])).toBeUndefined(); // an item map with a quoted key
    expect(quickLocate('a:\n  - "k"\n', 0, ['a', 0])).toEqual(at(2, 5, 8)); // a quoted scalar item
    expect(quickLocate('a:\n  - {b: 1}\n', 0, ['a', 0, 'b'])).toBeUndefined(); // inside a flow item
    expect(quickLocate('a:\n  - {b: "}"}\n', 0, ['a', 0])).toBeUndefined(); // quotes in a flow item
    expect(quickLocate('a:\n  - {b: 1} c\n', 0, ['a', 0])).toBeUndefined(); // not a flow item alone
  });

  it('reads only the lines a path leads to, not every line of the document', () => {
    const text = `a: 1\nbig:\n${Array.from({ length: 5000 }, (_, i) => `  k${i}: ${i}`).join('\n')}\nz: 2\n`;
    const before = quickLocateWork.linesRead;
    expect(quickLocate(text, 0, ['z'])).toEqual(at(5003, 1, 5));
    expect(quickLocate(text, 0, ['big', 'k4999'])).toEqual(at(5002, 3, 14));
    // The root's three keys and the lines below `big` at its column; not the 5,000 lines inside it twice.
    expect(quickLocateWork.linesRead - before).toBeLessThan(5010);
    const again = quickLocateWork.linesRead;
    expect(quickLocate(`${text}# end\n`, 0, ['z'])).toEqual(at(5003, 1, 5));
    expect(quickLocateWork.linesRead - again).toBeLessThan(10);
  });

  it("reads each step of a document's paths once: findings sharing a prefix go down it once, an unsure step stays unsure", () => {
    const text = `${DEPLOYMENT}\n# steps\n`; // a text of its own: nothing read before
    const steps = () => quickLocateWork.stepsRead;
    const before = steps();
    const container = ['spec', 'template', 'spec', 'containers', 0];
    expect(quickLocate(text, 0, [...container, 'image'])).toEqual(at(11, 9, 37));
    expect(steps() - before).toBe(6);
    // The same five first steps: only the last one is read.
    expect(quickLocate(text, 0, [...container, 'ports', 0, 'containerPort'])).toEqual(at(13, 13, 32));
    expect(quickLocate(text, 0, [...container, 'resources', 'limits'])).toEqual(at(10, 9, 19)); // missing: the closest ancestor
    expect(quickLocate(text, 0, [...container, 'resources', 'limits'])).toEqual(at(10, 9, 19));
    expect(quickLocate(text, 0, [...container])).toEqual(at(10, 9, 19));
    expect(steps() - before).toBe(6 + 3 + 1);
    const args = ['spec', 'template', 'spec', 'containers', 1, 'args'];
    expect(quickLocate(text, 0, args)).toBeUndefined(); // block scalar
    expect(quickLocate(text, 0, args)).toBeUndefined();
    expect(steps() - before).toBe(6 + 3 + 1 + 2); // item 1 and its args, once
  });

  it("finds a document's root once for all its paths, and the same ranges as a text located afresh", () => {
    // A document after its `---` (first line 1), and one whose root is a sequence: each root is
    // read once, the sequence declined on every call, and no answer depends on what was asked before.
    const map = '---\na: 1\nb:\n  c: 2\nd: [x]\n';
    const seq = '- item\n- other\n';
    const roots = () => quickLocateWork.rootsRead;
    const before = roots();
    const asks: Array<[string, number, JsonPath]> = [[map, 1, ['b', 'c']], [map, 1, []], [map, 1, ['d', 0]], [map, 1, ['d']], [map, 1, ['missing']], [seq, 0, [0]], [seq, 0, []]];
    const answers = asks.map(([text, first, path]) => quickLocate(text, first, path));
    expect(answers).toEqual([at(4, 3, 7), at(2, 1, 5), undefined, at(5, 1, 2), at(2, 1, 5), undefined, undefined]);
    expect(roots() - before).toBe(2);
    for (const [i, [text, first, path]] of asks.entries()) expect(quickLocate(`${text}# again ${i}\n`, first, path)).toEqual(answers[i]);
    expect(roots() - before).toBe(2 + asks.length);
  });

  it('locates a finding whose steps were read without the iterator protocol, and reads map keys without copying their lines', () => {
    // Legacy 1,000 locates 5,510 findings in code V8 never optimises: destructuring the range ran
    // the array iterator once per finding, and each map entry read copied the rest of its line.
    const text = `${DEPLOYMENT}# iterators\n`;
    const image = ['spec', 'template', 'spec', 'containers', 0, 'image'];
    const iterator = Array.prototype[Symbol.iterator];
    const slice = String.prototype.slice;
    let iterated = 0;
    let sliced = 0;
    Array.prototype[Symbol.iterator] = function (this: unknown[]) {
      iterated++;
      return iterator.call(this);
    };
    String.prototype.slice = function (this: string, ...args: [number?, number?]) {
      sliced++;
      return slice.apply(this, args);
    };
    let first: ReturnType<typeof quickLocate>;
    let again: ReturnType<typeof quickLocate>;
    let slicedFirst: number;
    try {
      first = quickLocate(text, 0, image);
      slicedFirst = sliced;
      again = quickLocate(text, 0, image);
    } finally {
      Array.prototype[Symbol.iterator] = iterator;
      String.prototype.slice = slice;
    }
    expect(first).toEqual(at(11, 9, 37));
    expect(again).toEqual(first);
    expect(iterated).toBe(0); // 1 a call before
    // Copies of the lines read and of the values looked at; each map entry read copied its line's
    // rest on top (43 before). The steps kept: the second call copies nothing.
    expect(slicedFirst).toBe(29);
    expect(sliced - slicedFirst).toBe(0);
  });

  it('keeps the lines of the last two texts only: two in turn are split once each, a third lets the oldest go', () => {
    // Each index kept outlives young-generation collections and is promoted, then dropped (legacy 10,000 peaked ~10 MiB higher with 16).
    expect(INDEXES_KEPT).toBe(2);
    const doc = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;
    const [a, b, c] = [doc('kept-a'), doc('kept-b'), doc('kept-c')];
    const splits = () => quickLocateWork.linesSplit;
    const before = splits();
    for (let round = 0; round < 3; round++) {
      expect(quickLocate(a, 0, ['data', 'k'])).toEqual(at(6, 3, 7));
      expect(quickLocate(b, 0, ['metadata', 'name'])).toEqual(at(4, 3, 15));
    }
    expect(splits() - before).toBe(2 * 7); // each text's 7 line starts (the last one empty), once
    quickLocate(c, 0, ['kind']);
    const third = splits();
    quickLocate(b, 0, ['kind']); // still kept
    expect(splits()).toBe(third);
    quickLocate(a, 0, ['kind']); // let go for c: split again
    expect(splits() - third).toBe(7);
  });

  it('locates blocks past the columns it scans with a pattern as the composed Document does', () => {
    const deep = (n: number) => ' '.repeat(n);
    const texts = [`a:\n${deep(70)}b:\n${deep(90)}c: 1\n${deep(90)}d: x\n${deep(70)}e: 2\nf: 3\n`, `a:\n${deep(100)}- x: 1\n${deep(102)}y: 2\n${deep(100)}- z\n`];
    let answered = 0;
    for (const text of texts) {
      const [full] = parseManifestTextFull(text, source).manifests;
      for (const p of allPaths(full!.value)) {
        const quick = quickLocate(text, 0, p);
        if (quick) expect(quick, `${JSON.stringify(text)} ${JSON.stringify(p)}`).toEqual(full!.locate(p).range);
        if (quick) answered++;
      }
    }
    expect(answered).toBeGreaterThanOrEqual(8);
  });

  it('leaves texts with blanks only JavaScript trims (NBSP, other Unicode spaces) to the composed Document', () => {
    // YAML reads U+00A0 (often pasted with a value) as content: a key after one was placed on the
    // document's first line, and a value ending with one lost a column.
    const nbsp = '\u00a0';
    const texts = [`a:\n  b: x\n${nbsp}c: 1\n`, `${nbsp}a: 1\n`, `a:\n  b: x${nbsp}\n  c: 1\n`, `a:\n  - x${nbsp}\n  - y\n`, 'a:\n  b: x\u3000\n', 'a:\n  b: x\u2003\n'];
    for (const text of texts) {
      const [full] = parseManifestTextFull(text, source).manifests;
      for (const p of allPaths(full!.value)) expect(quickLocate(text, 0, p), `${JSON.stringify(text)} ${JSON.stringify(p)}`).toBeUndefined();
    }
    const [full] = parseManifestTextFull(texts[0]!, source).manifests;
    expect(full!.locate([`${nbsp}c`]).range).toEqual(at(3, 1, 6));
    expect(parseManifestTextFast(texts[0]!, source)![0]!.locate([`${nbsp}c`]).range).toEqual(at(3, 1, 6));
  });

  it('locates one-line flow collection items as the composed Document does', () => {
    const texts = [
      'spec:\n  egress:\n    - {}\n', 'spec:\n  egress:\n  - {}  # allow all\n  - {to: [{a: b}]}\n',
      'a:\n  - [x, y]\n  - b\n', 'a:\n  - { }\n', 'a:\n- []\n- {c: d}\n',
    ];
    for (const text of texts) {
      const [full] = parseManifestTextFull(text, source).manifests;
      for (const p of allPaths(full!.value)) {
        const quick = quickLocate(text, 0, p);
        if (quick) expect(quick, `${JSON.stringify(text)} ${JSON.stringify(p)}`).toEqual(full!.locate(p).range);
      }
      const items = (Object.values(full!.value as object)[0] as { egress?: unknown[] }).egress ? ['spec', 'egress'] : ['a'];
      expect(quickLocate(text, 0, [...items, 0]), JSON.stringify(text)).toEqual(full!.locate([...items, 0]).range);
    }
  });

  it('ends a path that goes into an empty flow collection at it, as the composed Document does', () => {
    // A schema finding on a property the object does not have (an inherited name, `valueOf`) under `{}`.
    const texts = ['a:\n  b: {}\n  c: 1\n', 'a:\n  b: [ ]  # none\n', 'spec:\n  egress:\n    - {}\n', 'a:\n- []\n- x\n'];
    const paths: JsonPath[][] = [[['a', 'b', 'valueOf'], ['a', 'b', 0, 'x']], [['a', 'b', 0], ['a', 'b', 'x', 'y']], [['spec', 'egress', 0, 'to', 0]], [['a', 0, 0], ['a', 0, 'k']]];
    texts.forEach((text, t) => {
      const [full] = parseManifestTextFull(text, source).manifests;
      for (const p of paths[t]!) {
        const quick = quickLocate(text, 0, p);
        expect(quick, `${JSON.stringify(text)} ${JSON.stringify(p)}`).toBeDefined();
        expect(quick).toEqual(full!.locate(p).range);
      }
    });
    // Not empty: beyond this reader, as before.
    expect(quickLocate('a:\n  b: {c: 1}\n', 0, ['a', 'b', 'd'])).toBeUndefined();
    expect(quickLocate('a:\n  b: {} x\n', 0, ['a', 'b', 'd'])).toBeUndefined();
  });

  it('agrees with the composed Document on every path of a generated corpus', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-quick-'));
    try {
      writeCorpus(300, { out: dir, perFile: 15 });
      let compared = 0;
      let answered = 0;
      for (const name of readdirSync(path.join(dir, '300'))) {
        const text = readFileSync(path.join(dir, '300', name), 'utf8');
        const fast = parseManifestTextFast(text, source);
        expect(fast, name).toBeDefined();
        const full = parseManifestTextFull(text, source).manifests;
        fast!.forEach((m, i) => {
          // The reader on the document's own lines, as the fast path hands it each document.
          const docLines = text.split('\n').slice(m.lines.start - 1, m.lines.end);
          const docText = `${docLines.join('\n')}\n`;
          const shift = m.lines.start - 1;
          const first = docLines[0]!.startsWith('---') ? 1 : 0;
          for (const p of allPaths(full[i]!.value)) {
            const expected = full[i]!.locate(p).range;
            expect(m.locate(p).range, `${name} ${JSON.stringify(p)}`).toEqual(expected);
            const quick = quickLocate(docText, first, p);
            compared++;
            if (quick) {
              answered++;
              expect({ ...quick, line: quick.line + shift, endLine: quick.endLine + shift }, `${name} ${JSON.stringify(p)}`).toEqual(expected);
            }
          }
        });
      }
      expect(compared).toBeGreaterThan(10_000);
      expect(answered / compared).toBeGreaterThan(0.95); // it must actually spare the compose
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
