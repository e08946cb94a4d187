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

const KEYS = ['a', 'b', 'name', 'app.kubernetes.io/name', 'x-y_z', 'yes', 'on', 'No', 'y', 'n', '0644', '1.0', '1_000', 'e5', '0x1F',
  'true', '__proto__', 'constructor', 'toString', '"q"', "'s'", 'a b', '-k', '.k', '/k', 'NULL', '~', 'k#', 'é'];
const SCALARS = [
  'x', '"a # b"', "'a # b'", 'a "b" c', 'x #', '"#"', 'nginx:1.25', 'yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', 'Null', 'true', 'False', '0644', '09', '0b101', '0x1F', '-0x1F',
  '1_000', '+12', '-3', '1:20', '1:20:30.5', '190:20:30', '1.5', '.5', '1.', '1e3', 'e5', 'E-2', '.inf', '-.Inf', '.nan', 'e0',
  '2024-01-01T00:00:00Z', '0o17', 'infinity', '"a\\"b"', '"a\\nb\\t"', '"\\\\"', '"\\/"', '"\\x41"', '"\\u00e9"', '"\\e"', '"a\\ b"',
  '"yes"', '"0644"', '""', "''", "'it''s'", "'a'b", '"a"b', '"a" # c', "'x' #c", '"unclosed', "'unclosed", 'a # comment', 'a#b',
  'a  #  b', 'http://x:80/y', 'a: b', 'a:', 'a :b', '-x', '--port=80', '-', '- x', '?x', ':x', '{}', '[]', '{ }', '[a, b]', '{a: 1}',
  '[a', '&a x', '*a', '!!str 1', '@x', '`x', '%x', 'x\u00a0', 'x   ', '>x', '|x', 'a,b', 'a]', 'a}', '<<', '=', 'é', '---', '...',
];
const HEADERS = ['|', '|-', '|+', '>', '>-', '|2', '|-1', '| # c', '|#c', '>+', '|  '];

/** A random document (or a piece of one) built from the pieces above, indented by `indent`. */
function generate(rng: { int(a: number, b: number): number; pick<T>(xs: T[]): T; next(): number }): string {
  const lines: string[] = [];
  const step = () => rng.pick([2, 2, 2, 4, 1, 3]);
  const blank = () => (rng.next() < 0.5 ? '' : ' '.repeat(rng.int(1, 8)));
  const extras = (indent: number) => {
    const r = rng.next();
    if (r < 0.05) lines.push(`${' '.repeat(rng.int(0, indent + 4))}# comment: here`);
    else if (r < 0.08) lines.push(blank());
  };
  const blockBody = (indent: number) => {
    const inner = indent + rng.pick([1, 2, 2, 4]);
    const count = rng.int(0, 5);
    if (rng.next() < 0.1) lines.push(blank());
    for (let i = 0; i < count; i++) {
      const r = rng.next();
      if (r < 0.15) lines.push(blank());
      else if (r < 0.25) lines.push(`${' '.repeat(inner + rng.int(1, 3))}more indented`);
      else if (r < 0.32) lines.push(`${' '.repeat(inner)}# not a comment`);
      else if (r < 0.36) lines.push(`${' '.repeat(Math.max(0, inner - 1))}less`);
      else lines.push(`${' '.repeat(inner)}${rng.pick(SCALARS)}`);
    }
    if (rng.next() < 0.3) lines.push(blank());
  };
  const value = (prefix: string, indent: number, depth: number) => {
    const r = rng.next();
    if (depth < 5 && r < 0.3) {
      lines.push(rng.next() < 0.1 ? `${prefix} # c` : prefix);
      mapping(indent + step(), depth + 1);
    } else if (depth < 5 && r < 0.45) {
      lines.push(prefix);
      sequence(rng.next() < 0.4 ? indent : indent + step(), depth + 1);
    } else if (r < 0.55) {
      lines.push(`${prefix} ${rng.pick(HEADERS)}`);
      blockBody(indent);
    } else if (r < 0.6) {
      lines.push(`${prefix} ${rng.pick(SCALARS)}`);
      lines.push(`${' '.repeat(indent + rng.int(0, 3))}${rng.pick(SCALARS)}`); // continued, or not
    } else if (r < 0.63) {
      lines.push(prefix); // null
    } else {
      lines.push(`${prefix}${rng.pick([' ', ' ', '  ', ''])}${rng.pick(SCALARS)}`);
    }
  };
  const mapping = (indent: number, depth: number) => {
    const used: string[] = [];
    for (let i = rng.int(1, 4); i > 0; i--) {
      const key = rng.next() < 0.05 && used.length > 0 ? rng.pick(used) : rng.next() < 0.7 ? rng.pick(KEYS.slice(0, 6)) + i : rng.pick(KEYS);
      used.push(key);
      const shift = rng.next() < 0.03 ? rng.pick([-1, 1]) : 0;
      value(`${' '.repeat(Math.max(0, indent + shift))}${key}:`, indent, depth);
      extras(indent);
    }
  };
  const sequence = (indent: number, depth: number) => {
    for (let i = rng.int(1, 3); i > 0; i--) {
      const dash = `${' '.repeat(indent)}-${rng.pick([' ', ' ', '   '])}`;
      const r = rng.next();
      if (depth < 5 && r < 0.4) {
        // `- key: value` and the keys below it at the same column.
        const column = dash.length;
        const key = rng.pick(KEYS.slice(0, 6));
        value(`${dash}${key}:`, column, depth + 1);
        if (rng.next() < 0.6) value(`${' '.repeat(column)}${key}2:`, column, depth + 1);
      } else if (r < 0.5) {
        lines.push(dash.trimEnd());
        if (depth < 5 && rng.next() < 0.7) mapping(indent + step(), depth + 1);
      } else value(dash.trimEnd(), indent, depth);
      extras(indent);
    }
  };
  if (rng.next() < 0.3) lines.push(rng.pick(['---', '--- # c', '---  ', '--- x', '# head\n---']));
  if (rng.next() < 0.1) sequence(0, 0);
  else mapping(rng.next() < 0.05 ? 2 : 0, 0);
  let text = lines.join('\n') + (rng.next() < 0.8 ? '\n' : '');
  const r = rng.next();
  if (r < 0.03) text = `\uFEFF${text}`;
  else if (r < 0.06) text = text.replace(/\n/g, '\r\n');
  else if (r < 0.08) text = text.replace(/: /, ':\t');
  return text;
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
    for (const text of ['a: 1\na: 2\n', 'a: >\n  x\n', 'a: |+\n  x\n', 'a: b\n  c\n', 'a: [1]\n', 'a: "\\x41"\n', 'a:\tb\n', '- a\n', '__proto__: 1\n']) {
      expect(read(text), JSON.stringify(text)).toBe(UNSURE);
    }
  });
});
