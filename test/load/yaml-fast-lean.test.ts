// The lean split (yaml-fast.ts leanSplit) skips the line pass's per-line checks: it must give the
// line pass's pieces wherever it answers, decline every text whose lines the line pass would judge
// by them, and readFast through it must give what the line pass alone gives (readFastByLines) on
// every text. A syntax hazard at a line start is no longer looked for line by line: the block
// reader refuses it where it reads, a literal body line included.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBlockDocument, UNSURE } from '../../src/load/yaml-block.js';
import { flowAcrossLines, leanSplit, readFast, readFastByLines, splitDocuments } from '../../src/load/yaml-fast.js';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';
import { generateText } from './paths-generate.js';
import { generate } from './yaml-generate.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Every `.yaml`/`.yml` file under `dir`. */
const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));

/** Line pieces around what the line pass checks: markers, null items, headers and indicators, blanks, hazards. */
const PIECES = ['- ', '-', '--', '---', '...', '%', '.', '  ', ' ', 'a', 'key', ': ', ':', '|', '|-', '|2', '|-1', '>', '>+2', '2', '+',
  '#', ' #', '# c', '&x', '*x', '!t', '?', '? ', '~', 'null', 'n', '"q"', "'s'", '{}', '[]', 'x'.repeat(1030), '\n', '\n', '\n', '\r\n'];

function randomLines(rng: { int(a: number, b: number): number; pick<T>(xs: T[]): T }): string {
  return Array.from({ length: rng.int(1, 14) }, () => rng.pick(PIECES)).join('');
}

/** Fixtures, manifests, the corpus shapes at 100 (when built), and generated texts (tabs and CRs among them). */
function texts(): string[] {
  const files = ['fixtures', 'manifests'].flatMap((d) => yamlFiles(path.join(root, d)));
  const shapes = path.join(root, 'bench/corpus/shapes');
  let corpus: string[] = [];
  try {
    corpus = readdirSync(shapes).flatMap((shape) => {
      const dir = path.join(shapes, shape, '100');
      try {
        return readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f));
      } catch {
        return [];
      }
    });
  } catch {
    // corpus not generated: fixtures and generated texts still cover the cases
  }
  const rng = createRandom(1401);
  const generated = [
    ...Array.from({ length: 3000 }, () => generateText(rng)),
    ...Array.from({ length: 1500 }, () => generateText(rng, { rare: true })), // tabs, CRs, CRLF
    ...Array.from({ length: 1000 }, () => randomLines(rng).replaceAll(' ', () => rng.pick([' ', ' ', ' ', '\t']))),
    ...Array.from({ length: 2000 }, () => generate(rng)),
    ...Array.from({ length: 20000 }, () => randomLines(rng)),
  ];
  return [...[...files, ...corpus].map((f) => readFileSync(f, 'utf8')), ...generated];
}

describe('the lean split', () => {
  const all = texts();

  it("gives the line pass's pieces wherever it answers (past the flow check), and answers for most texts the line pass takes", () => {
    let answered = 0;
    let taken = 0;
    for (const text of all) {
      if (flowAcrossLines(text)) continue; // readText's check before either split
      const byLines = splitDocuments(text, false);
      if (byLines) taken++;
      const lean = leanSplit(text);
      if (lean === undefined) continue;
      answered++;
      expect(lean, JSON.stringify(text.slice(0, 300))).toEqual(byLines);
    }
    expect(answered).toBeGreaterThan(taken / 2);
  });

  it('reads every text as the line pass alone does (values, document places, block scalars)', () => {
    let fast = 0;
    for (const text of all) {
      const expected = readFastByLines(text);
      if (expected) fast++;
      expect(readFast(text), JSON.stringify(text.slice(0, 300))).toEqual(expected);
    }
    expect(fast).toBeGreaterThan(5000);
  });

  it('declines the lines only the line pass judges', () => {
    const declined = [
      'a:\n  -\nb: 1\n', // a null item, then a less indented line
      'a:\n  - # none\nb: 1\n', // the same with a comment
      'a: |\n   \n  x\n', // a line of spaces below a block scalar header
      'a: |2\n   x\n', // an indentation indicator
      'a: >-1 # c\n x\n',
      'a: 1  \n', // trailing blanks
      '%YAML 1.1\n---\na: 1\n',
      'a: 1\n...\n',
      '---x\na: 1\n',
      '--- a: 1\n',
      `a: "${'x'.repeat(1100)}"\n`,
    ];
    for (const text of declined) expect(leanSplit(text), JSON.stringify(text)).toBeUndefined();
    expect(leanSplit('a: 1\n---\n# c\nb: |-\n  x\n- y\n')).toEqual(splitDocuments('a: 1\n---\n# c\nb: |-\n  x\n- y\n', false));
  });

  it('sends a text with a syntax hazard at a line start to the full path, in a literal body too', () => {
    const hazards = ['- - x', '* x', '& x', '!x y', '? x', ': x', 'null: 1', '~: 1', '- ? x'];
    for (const hazard of hazards) {
      const inBody = `a: |\n  ${hazard}\nb: 1\n`;
      const asContent = `a:\n  ${hazard}\nb: 1\n`;
      for (const text of [inBody, asContent]) {
        expect(readFast(text), JSON.stringify(text)).toBeUndefined();
        expect(readFastByLines(text), JSON.stringify(text)).toBeUndefined();
      }
      expect(readBlockDocument(inBody, 0, inBody.length), JSON.stringify(inBody)).toBe(UNSURE);
    }
    // A body line like them but not one: read.
    expect(readFast('a: |\n  -x\n  nullable: 1\nb: 1\n')?.map((d) => d.value)).toEqual([{ a: '-x\nnullable: 1\n', b: 1 }]);
  });
});
