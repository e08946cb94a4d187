// The one-pass hazard scan must answer exactly what the four multi-line regexes answer: a missed
// hazard would send an anchor, a null key or a nested sequence down the fast path.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSyntaxHazard, hazardByRegexes, inLineHazard } from '../../src/load/yaml-fast-guards.js';
import { splitDocuments } from '../../src/load/yaml-fast.js';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';

const root = path.resolve(import.meta.dirname, '../..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(full);
    return e.isFile() && /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}

/** Pieces that make or almost make each pattern, in every context a line offers. */
const PIECES = ['- ', '-', '  ', '\t', ' ', 'a', 'key', ':', ': ', '?', '? ', '&x', '*x', '!t', '&', '*', '!', '~', 'null', 'Null',
  'NULL', 'nullable', '{', '}', '[', ']', ',', '"', "'", '#', '\n', '\r\n', '\r', '\u2028', '0', 'http://h'];

describe('hasSyntaxHazard', () => {
  it('agrees with the regexes on the cases each alternative is about', () => {
    const cases = [
      'a: &x 1\n', 'a: *x\n', '!tag a\n', '- &x 1\n', '  *a\n', 'a: b\n', 'x: "a & b"\n', 'cron: 0 3 * * *\n',
      ': a\n', '- : a\n', '~: a\n', 'null: 1\n', 'Null  :\n', '- - null:\n', 'nullable: true\n', '{a: 1, : 2}\n', '{null: 1}\n',
      '? a\n', '- ? a\n', '[? a]\n', '{[a]: 1}\n', '[a]: 1\n', '{a: b}: c\n', '- - a\n', '- -\n', '-  - x\n', '- -x\n', '--- a\n',
      'a: 1\r\n: b\r\n', 'a: 1\rnull: 2\n', 'a\u2028: b\n', 'k: v\n- - \n', 'a: b', '', '\n\n', '-', '- ', 'a:\n  - - b\n',
    ];
    for (const text of cases) expect(hasSyntaxHazard(text), JSON.stringify(text)).toBe(hazardByRegexes(text));
  });

  it('agrees with the regexes on 20,000 random lines built from the patterns\' pieces', () => {
    const rng = createRandom(22);
    for (let n = 0; n < 20000; n++) {
      const text = Array.from({ length: rng.int(1, 9) }, () => rng.pick(PIECES)).join('');
      expect(hasSyntaxHazard(text), JSON.stringify(text)).toBe(hazardByRegexes(text));
    }
  });

  it('agrees with the regexes on every fixture and manifest', () => {
    const files = ['fixtures', 'manifests'].flatMap((d) => yamlFiles(path.join(root, d)));
    let hazards = 0;
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      const expected = hazardByRegexes(text);
      if (expected) hazards++;
      expect(hasSyntaxHazard(text), file).toBe(expected);
    }
    expect(hazards).toBeGreaterThan(0);
  });

  it('is what the fast path asks: the split pass declines every text whose line starts hold a hazard, and only those', () => {
    const rng = createRandom(23);
    const files = ['fixtures', 'manifests'].flatMap((d) => yamlFiles(path.join(root, d))).map((f) => readFileSync(f, 'latin1'));
    const random = Array.from({ length: 20000 }, () => Array.from({ length: rng.int(1, 12) }, () => rng.pick(PIECES)).join(''));
    let declined = 0;
    for (const text of [...files, ...random]) {
      if (inLineHazard(text) !== undefined) continue; // decided without the line starts
      const plain = splitDocuments(text, false);
      const checked = splitDocuments(text, true);
      if (hasSyntaxHazard(text)) {
        expect(checked, JSON.stringify(text)).toBeUndefined();
        declined++;
      } else expect(checked, JSON.stringify(text)).toEqual(plain);
    }
    expect(declined).toBeGreaterThan(100);
  });
});
