// Several JSON documents after `---` lines (json-stream.ts) read as the full `yaml` path reads
// them: generated streams of json-generate.ts's texts (valid and flawed, every layout) joined in
// the ways files hold them give the full path's documents, indexes, values, lines, comments,
// problems and every path's location through parseManifestText; streams with an empty document,
// a comment, `...`, a marker with more on its line or a YAML document are left to the YAML paths.
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tookJsonPath } from '../../src/load/json-fast.js';
import { jsonStreamManifests } from '../../src/load/json-stream.js';
import { parseManifestText, parseManifestTextFull } from '../../src/load/yaml.js';
import type { Manifest, Source } from '../../src/types.js';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';
import { generateJsonText } from './json-generate.js';
import type { Rng } from './paths-generate.js';
import { allPaths } from './paths-compare.js';

const source: Source = { kind: 'file', name: 'stream.yaml' };

function differs(a: Manifest, b: Manifest): string | undefined {
  if (a.index !== b.index) return `index ${a.index} vs ${b.index}`;
  if (!isDeepStrictEqual(a.value, b.value)) return `value ${JSON.stringify(a.value)} vs ${JSON.stringify(b.value)}`;
  if (!isDeepStrictEqual(a.lines, b.lines)) return `lines ${JSON.stringify(a.lines)} vs ${JSON.stringify(b.lines)}`;
  if (!isDeepStrictEqual([...a.comments], [...b.comments])) return 'comments';
  for (const p of allPaths(b.value)) {
    const [x, y] = [a.locate(p), b.locate(p)];
    if (x.file !== y.file || !isDeepStrictEqual(x.range, y.range)) return `locate ${JSON.stringify(p)} ${JSON.stringify(x.range)} vs ${JSON.stringify(y.range)}`;
  }
  return undefined;
}

/** Whether the stream path took the text, and the first way parseManifestText's result differs from the full path's. */
function compare(text: string): { taken: boolean; difference?: string } {
  const full = parseManifestTextFull(text, source);
  const entry = parseManifestText(text, source);
  const taken = jsonStreamManifests(text, source) !== undefined;
  if (!isDeepStrictEqual(entry.problems, full.problems)) return { taken, difference: `problems ${JSON.stringify(entry.problems)} vs ${JSON.stringify(full.problems)}` };
  if (taken && full.problems.length > 0) return { taken, difference: `taken, but the full path gives ${JSON.stringify(full.problems[0])}` };
  if (taken && !entry.manifests.every(tookJsonPath)) return { taken, difference: 'parseManifestText did not take the stream' };
  if (entry.manifests.length !== full.manifests.length) return { taken, difference: `${entry.manifests.length} vs ${full.manifests.length} documents` };
  for (const [i, m] of entry.manifests.entries()) {
    const d = differs(m, full.manifests[i]!);
    if (d) return { taken, difference: `document ${i}: ${d}` };
  }
  return { taken };
}

/** JSON texts joined by `---` lines as files hold them, with a flaw now and then when `flawed`. */
function streamText(rng: Rng, flawed: boolean): string {
  const docs: string[] = [];
  for (let n = rng.int(2, 4); n > 0; n--) {
    let doc = generateJsonText(rng, { flawed: flawed && rng.chance(0.3) }).replace(/^\uFEFF/, '');
    if (!doc.endsWith('\n') && rng.chance(0.7)) doc += '\n';
    if (rng.chance(0.2)) doc += '\n'; // a blank line before the next marker
    docs.push(doc);
  }
  const crlf = docs.some((d) => d.includes('\r\n'));
  const br = crlf ? '\r\n' : '\n';
  const marker = (): string => (flawed && rng.chance(0.1) ? rng.pick(['--- ', '--- # c', '---\t', '...\n---', '---\n---', '# c\n---', '---\napiVersion: v1']) : '---');
  let text = rng.chance(0.4) ? `---${br}` : '';
  docs.forEach((d, i) => {
    text += d;
    if (i < docs.length - 1) text += `${d.endsWith('\n') ? '' : br}${marker().replace(/\n/g, br)}${br}`;
  });
  if (flawed && rng.chance(0.1)) text += rng.pick([`---${br}`, `${br}---`, `# end${br}`]);
  return text;
}

function run(seed: number, count: number, flawed: boolean): { taken: number; found: string[] } {
  const rng = createRandom(seed);
  const found: string[] = [];
  let taken = 0;
  for (let n = 0; n < count; n++) {
    const text = streamText(rng, flawed);
    const outcome = compare(text);
    if (outcome.taken) taken++;
    if (outcome.difference) found.push(`${outcome.difference}\n${JSON.stringify(text)}`);
  }
  return { taken, found };
}

describe('JSON documents after `---` lines read alike on the stream path and the full path', () => {
  it('generated streams of valid JSON in every layout', () => {
    const { taken, found } = run(1611, 800, false);
    expect(found.slice(0, 3)).toEqual([]);
    expect(taken).toBeGreaterThan(600);
  });

  it('generated streams with flawed documents and markers', () => {
    const { taken, found } = run(1612, 800, true);
    expect(found.slice(0, 3)).toEqual([]);
    expect(taken).toBeGreaterThan(150);
    expect(taken).toBeLessThan(750);
  });
});

describe('targeted streams', () => {
  const take = (text: string): Manifest[] => {
    const outcome = compare(text);
    expect(outcome.difference, JSON.stringify(text)).toBeUndefined();
    expect(outcome.taken, JSON.stringify(text)).toBe(true);
    return parseManifestText(text, source).manifests;
  };
  const leave = (text: string): void => {
    const outcome = compare(text);
    expect(outcome.difference, JSON.stringify(text)).toBeUndefined();
    expect(outcome.taken, JSON.stringify(text)).toBe(false);
  };

  it('kubectl get -o json objects joined by ---, a leading marker, CRLF, blank lines', () => {
    const a = '{\n    "kind": "ConfigMap",\n    "metadata": {\n        "name": "a"\n    }\n}\n';
    const b = '{"kind": "Secret", "data": {"k": "dg=="}}\n';
    const manifests = take(`${a}---\n${b}`);
    expect(manifests.map((m) => [m.index, m.lines.start, m.lines.end])).toEqual([[0, 1, 6], [1, 7, 8]]);
    expect(manifests[1]!.locate(['data', 'k']).range).toEqual({ line: 8, column: 29, endLine: 8, endColumn: 40 });
    take(`---\n${a}---\n${b}`);
    take(`${a}\n\n---\n${b}\n`.replace(/\n/g, '\r\n'));
    take(`[1, 2]\n---\n[]\n---\n{}`);
    take(`\n  \n---\n${b}---\n${a}`);
    // A directive in a string is text (JSON has no comments).
    expect([...take('{}\n---\n{"a": "# kubelint-disable-line a"}\n')[1]!.comments]).toEqual([]);
  });

  it.each([
    ['an empty document', '{}\n---\n---\n{}\n'],
    ['a marker ending the text', '{}\n---\n{}\n---\n'],
    ['a marker with a comment', '{}\n--- # c\n{}\n'],
    ['a comment line', '{}\n---\n# c\n{}\n'],
    ['a YAML document', '{}\n---\nkind: ConfigMap\n'],
    ['a duplicate key', '{}\n---\n{"a": 1, "a": 2}\n'],
    ['a document end marker', '{}\n...\n---\n{}\n'],
    ['one document', '---\n{"a": 1}\n'],
  ])('leaves %s to the YAML paths', (_, text) => leave(text));
});
