// Differential test of the block reader (src/load/yaml-block.ts): wherever it answers, its value is
// js-yaml's (with the fast path's options), and js-yaml does not refuse the document; and the whole
// entry point still gives the full `yaml` path's values and problems. Inputs: every document of
// every corpus shape, fixture and manifest, and generated documents mixing what manifests hold
// with what they rarely do (YAML 1.1 scalars, quotes and escapes, block scalars with every
// indicator, comments, blank lines with spaces, multi-line plain scalars, flow collections,
// duplicate and odd keys, bad indentation, `---` lines, a BOM, CRLF, tabs).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { Source } from '../../src/types.js';
import { readBlockDocument, UNSURE } from '../../src/load/yaml-block.js';
import { FAST_MAX_DEPTH, splitDocuments } from '../../src/load/yaml-fast.js';
import { parseManifestText, parseManifestTextFull } from '../../src/load/yaml.js';
import { YAML11_SCHEMA } from '../../src/load/yaml11.js';
// @ts-expect-error plain .mjs generator without types
import { SHAPES, buildShape } from '../../bench/corpus-gen/shapes.mjs';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';
import { generate } from './yaml-generate.js';

const root = path.resolve(import.meta.dirname, '../..');
const source: Source = { kind: 'file', name: 'test.yaml' };
const OPTIONS = { schema: YAML11_SCHEMA, json: false, maxDepth: FAST_MAX_DEPTH } as jsYaml.LoadOptions;

interface Tally {
  documents: number;
  read: number;
  differ: string[];
}

/** Compares the reader with js-yaml on every document of a text (as the fast path splits it). */
function compareDocuments(text: string, tally: Tally, label: string): void {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const pieces = splitDocuments(body, false);
  if (!pieces) return;
  for (const piece of pieces) {
    tally.documents++;
    const read = readBlockDocument(body, piece.from, piece.to);
    if (read === UNSURE) continue;
    tally.read++;
    let expected: unknown;
    try {
      expected = jsYaml.load(body.slice(piece.from, piece.to), OPTIONS) ?? null;
    } catch (error) {
      tally.differ.push(`${label}@${piece.from}: read as ${JSON.stringify(read)}, js-yaml refuses it: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    if (!isDeepStrictEqual(read, expected)) {
      tally.differ.push(`${label}@${piece.from}: ${JSON.stringify(read)} instead of ${JSON.stringify(expected)}`);
    }
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() && /\.(ya?ml|json)$/.test(entry.name) ? [full] : [];
  });
}

describe('block reader', () => {
  it("reads every document of the corpus shapes, fixtures and manifests as js-yaml does, and most of the shapes' documents", () => {
    for (const shape of SHAPES) {
      const tally: Tally = { documents: 0, read: 0, differ: [] };
      for (const file of buildShape(shape, 300).files as Array<{ text: string }>) compareDocuments(file.text, tally, shape);
      expect(tally.differ, shape).toEqual([]);
      expect(tally.read / tally.documents, shape).toBeGreaterThan(0.95);
    }
    const tally: Tally = { documents: 0, read: 0, differ: [] };
    for (const file of ['fixtures', 'manifests'].flatMap((d) => filesUnder(path.join(root, d)))) {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
      } catch {
        continue;
      }
      compareDocuments(text, tally, path.relative(root, file));
    }
    expect(tally.differ).toEqual([]);
    expect(tally.read).toBeGreaterThan(250);
  }, 120_000);

  it('reads generated documents as js-yaml does, or leaves them to it', () => {
    const rng = createRandom(2212);
    const tally: Tally = { documents: 0, read: 0, differ: [] };
    for (let n = 0; n < 20_000; n++) compareDocuments(generate(rng), tally, `#${n}`);
    expect(tally.differ.slice(0, 10)).toEqual([]);
    expect(tally.read).toBeGreaterThan(1_000); // the generator does reach the reader
  }, 120_000);

  it('leaves the entry point giving the full path its values and problems on generated texts', () => {
    const rng = createRandom(Number(process.env.SEED ?? 2213));
    for (let n = 0; n < 1_500; n++) {
      const text = generate(rng);
      const viaEntry = parseManifestText(text, source);
      const full = parseManifestTextFull(text, source);
      expect(viaEntry.problems, JSON.stringify(text)).toEqual(full.problems);
      // isDeepStrictEqual: vitest's toStrictEqual compares a `constructor` key's values as types.
      const same = isDeepStrictEqual(
        viaEntry.manifests.map((m) => [m.index, m.lines, m.value]),
        full.manifests.map((m) => [m.index, m.lines, m.value]),
      );
      expect(same, JSON.stringify(text)).toBe(true);
    }
  }, 120_000);

  it('answers for the common forms and leaves the rest', () => {
    const read = (text: string) => readBlockDocument(text, 0, text.length);
    expect(read('a: 1\nb:\n  - x\n  - w: "q\\""\n    z: |\n      l1\n\n      l2\n')).toEqual({ a: 1, b: ['x', { w: 'q"', z: 'l1\n\nl2\n' }] });
    expect(read('# head\n---\nyes: on\nk: 0644 # c\nv: []\n')).toEqual({ true: true, k: 420, v: [] });
    for (const text of ['a: 1\na: 2\n', 'a: >\n  x\n', 'a: |+\n  x\n', 'a: b\n  c\n', 'a: [1]\n', 'a: "\\x41"\n', 'a: b\tc:\td\n', '- a\n', '__proto__: 1\n']) {
      expect(read(text), JSON.stringify(text)).toBe(UNSURE);
    }
    // A tab where YAML reads it as a blank (after `:`, before a comment) or as text (round 14, r14tabs).
    expect(read('a:\tb\nc: \td\t# x\ne: "\t"\nf: |\n  \tg\n')).toEqual({ a: 'b', c: 'd', e: '\t', f: '\tg\n' });
  });
});
