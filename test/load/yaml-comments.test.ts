// Directive comments (`# kubelint-disable…`) on the fast path are found from the lines holding the
// marker, without composing a `yaml` Document, and equal what the full path finds: on generated
// texts with directives put anywhere (own lines at any indentation, after values, inside block
// scalars and quotes, glued to tokens), and on the corpus shapes that carry them.
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Source } from '../../src/types.js';
import { parseManifestText, parseManifestTextFull } from '../../src/load/yaml.js';
import { parseFast } from '../../src/load/yaml-fast.js';
// @ts-expect-error plain .mjs generator without types
import { buildShape } from '../../bench/corpus-gen/shapes.mjs';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';
import { generate, type Random } from './yaml-generate.js';

const source: Source = { kind: 'file', name: 'test.yaml' };

const OWN_LINE = ['# kubelint-disable-next-line r1 -- why', '#kubelint-disable r2', '# kubelint-disable-line', '#  kubelint-disable-next-line r3,r4 -- a -- b'];
const AFTER = [' # kubelint-disable-line r5 -- why', '  #kubelint-disable r6 -- w', '#kubelint-disable-line r7 -- glued', ' "# kubelint-disable r8 -- quoted"', " '#' # kubelint-disable r9 -- x"];

/** The text with directive comments put on their own lines and after others, at random. */
function withDirectives(text: string, rng: Random): string {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const cr = raw.endsWith('\r') ? '\r' : '';
    const line = cr ? raw.slice(0, -1) : raw;
    const r = rng.next();
    if (r < 0.1) out.push(`${' '.repeat(rng.int(0, 6))}${rng.pick(OWN_LINE)}${cr}`);
    out.push(r >= 0.1 && r < 0.2 ? `${line}${rng.pick(AFTER)}${cr}` : raw);
  }
  return out.join('\n');
}

const summary = (manifests: ReturnType<typeof parseManifestText>['manifests']) => manifests.map((m) => [m.index, m.lines, m.value, [...m.comments]]);

describe('directive comments on the fast path', () => {
  it('equal the full path on generated texts with directives anywhere (values, lines, problems too)', () => {
    const rng = createRandom(Number(process.env.SEED ?? 2214));
    let withComments = 0;
    for (let n = 0; n < 3_000; n++) {
      let text = withDirectives(generate(rng), rng);
      if (rng.next() < 0.3) text = `${text}\n---\n${withDirectives(generate(rng), rng)}`;
      const viaEntry = parseManifestText(text, source);
      const full = parseManifestTextFull(text, source);
      expect(viaEntry.problems, JSON.stringify(text)).toEqual(full.problems);
      // isDeepStrictEqual: vitest's toStrictEqual compares a `constructor` key's values as types.
      expect(isDeepStrictEqual(summary(viaEntry.manifests), summary(full.manifests)), JSON.stringify(text)).toBe(true);
      if (full.manifests.some((m) => m.comments.size > 0)) withComments++;
    }
    expect(withComments).toBeGreaterThan(200); // the directives do reach documents both paths read
  }, 120_000);

  it('are found in the inline and helm shapes without composing a document', () => {
    for (const shape of ['inline', 'helm']) {
      let composed = 0;
      let found = 0;
      const counting = (piece: string, src: Source) => {
        composed++;
        return parseManifestTextFull(piece, src).manifests[0];
      };
      for (const file of buildShape(shape, 1000).files as Array<{ text: string }>) {
        const manifests = parseFast(file.text, source, counting);
        expect(manifests, shape).toBeDefined();
        for (const m of manifests!) found += m.comments.size;
        expect(summary(manifests!)).toEqual(summary(parseManifestTextFull(file.text, source).manifests));
      }
      expect(composed, shape).toBe(0);
      if (shape === 'inline') expect(found).toBeGreaterThan(0);
    }
  }, 120_000);
});
