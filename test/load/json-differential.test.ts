// The JSON path (src/load/json-fast.ts) reads every JSON text it takes as the full `yaml` path
// does: generated texts (json-generate.ts) give the same value (with -0, big integers, escapes),
// lines, comments and location of every path, present or missing; a text the full path refuses
// is never taken; and through parseManifestText every text, taken or not, gives the full path's
// manifests and problems. On the code before the JSON path, the tests asserting that JSON texts
// are taken fail (every JSON text went through the full `yaml` path, 3-7x the cost of its YAML twin).
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { jsonLocateWork, jsonManifest, tookJsonPath } from '../../src/load/json-fast.js';
import { parseManifestText, parseManifestTextFull } from '../../src/load/yaml.js';
import type { JsonPath, Manifest, Source } from '../../src/types.js';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';
import { allPaths } from './paths-compare.js';
import { generateJsonText } from './json-generate.js';
import type { Rng } from './paths-generate.js';

const source: Source = { kind: 'file', name: 'x.json' };
const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** allPaths plus the steps locate.ts answers oddly: a number into a map, a string or a bad index into a list. */
function pathsOf(value: unknown): JsonPath[] {
  const paths = allPaths(value);
  const extra: JsonPath[] = [];
  for (const p of paths) {
    extra.push([...p, 0], [...p, '0'], [...p, -1], [...p, 1.5], [...p, 'length']);
  }
  return [...paths, ...extra];
}

/** The first way the JSON path's manifest differs from the full path's, or undefined. */
function differs(json: Manifest, full: Manifest): string | undefined {
  if (json.index !== full.index) return `index ${json.index} vs ${full.index}`;
  if (!isDeepStrictEqual(json.value, full.value)) return `value ${JSON.stringify(json.value)} vs ${JSON.stringify(full.value)}`;
  if (!isDeepStrictEqual(json.lines, full.lines)) return `lines ${JSON.stringify(json.lines)} vs ${JSON.stringify(full.lines)}`;
  if (!isDeepStrictEqual([...json.comments], [...full.comments])) return 'comments';
  for (const p of pathsOf(full.value)) {
    const [a, b] = [json.locate(p), full.locate(p)];
    if (a.file !== b.file || !isDeepStrictEqual(a.range, b.range)) return `locate ${JSON.stringify(p)} ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  }
  return undefined;
}

/** Compares one text on both paths; whether the JSON path took it, and the first difference. */
function compare(raw: string): { taken: boolean; difference?: string } {
  const full = parseManifestTextFull(raw, source);
  const json = jsonManifest(stripBom(raw), source);
  const entry = parseManifestText(raw, source);
  if (!isDeepStrictEqual(entry.problems, full.problems)) return { taken: !!json, difference: `problems ${JSON.stringify(entry.problems)} vs ${JSON.stringify(full.problems)}` };
  if (!json) return { taken: false };
  if (full.problems.length > 0 || full.manifests.length !== 1) return { taken: true, difference: `taken, but the full path gives ${JSON.stringify(full.problems)} and ${full.manifests.length} documents` };
  if (entry.manifests.length !== 1 || !tookJsonPath(entry.manifests[0]!)) return { taken: true, difference: 'parseManifestText did not take the JSON path' };
  return { taken: true, difference: differs(json, full.manifests[0]!) ?? differs(entry.manifests[0]!, full.manifests[0]!) };
}

function run(seed: number, count: number, flawed: boolean): { taken: number; found: string[] } {
  const rng = createRandom(seed);
  const found: string[] = [];
  let taken = 0;
  for (let n = 0; n < count; n++) {
    const text = generateJsonText(rng, { flawed });
    const outcome = compare(text);
    if (outcome.taken) taken++;
    if (outcome.difference) found.push(`${outcome.difference}\n${JSON.stringify(text)}`);
  }
  return { taken, found };
}

describe('generated JSON texts read alike on the JSON path and the full path', () => {
  it('valid JSON in every layout', () => {
    const { taken, found } = run(1501, 1_500, false);
    expect(found.slice(0, 3)).toEqual([]);
    // Nearly every valid text is taken (controls, lone CRs and the like are never generated).
    expect(taken).toBeGreaterThan(1_400);
  });

  it('with flaws: duplicate keys, trailing commas, `<<`, `__proto__`, long keys, a key parted from its colon', () => {
    const { taken, found } = run(1502, 1_500, true);
    expect(found.slice(0, 3)).toEqual([]);
    expect(taken).toBeGreaterThan(500);
    expect(taken).toBeLessThan(1_450);
  });
});

describe('JSON texts holding directives in strings (text, never comments) read alike on both paths', () => {
  const DIRECTIVES = ['# kubelint-disable-line no-latest-tag -- why', '# kubelint-disable-next-line a', '# kubelint-disable', 'x # kubelint-disable-line b', 'kubelint-'];
  /** A generated text with a member or item holding a directive put first in its root, on a line of its own now and then. */
  function withDirective(rng: Rng, text: string): string {
    const open = text.search(/[{[]/);
    const empty = /^[\s]*[}\]]/.test(text.slice(open + 1));
    const directive = JSON.stringify(rng.pick(DIRECTIVES));
    const entry = text[open] === '{' ? `${rng.chance(0.3) ? directive : '"k"'}: ${directive}` : directive;
    const br = text.includes('\r\n') ? '\r\n' : '\n';
    return `${text.slice(0, open + 1)}${rng.chance(0.5) ? `${br}  ` : ''}${entry}${empty ? '' : ','}${rng.chance(0.5) ? br : ''}${text.slice(open + 1)}`;
  }

  it('generated texts, valid and flawed', () => {
    const rng = createRandom(1613);
    const found: string[] = [];
    let taken = 0;
    for (let n = 0; n < 1_500; n++) {
      const text = withDirective(rng, generateJsonText(rng, { flawed: n % 2 === 1 }));
      const outcome = compare(text);
      if (outcome.taken) taken++;
      if (outcome.difference) found.push(`${outcome.difference}\n${JSON.stringify(text)}`);
    }
    expect(found.slice(0, 3)).toEqual([]);
    expect(taken).toBeGreaterThan(900);
  });

  it('a directive in a value, a key and an item gives no comment', () => {
    for (const text of ['{\n  "a": "# kubelint-disable-line no-latest-tag -- x"\n}\n', '{"# kubelint-disable": 1}', '[\n"# kubelint-disable-next-line a"\n, 1]']) {
      const outcome = compare(text);
      expect(outcome.difference, text).toBeUndefined();
      expect(outcome.taken, text).toBe(true);
      expect([...jsonManifest(text, source)!.comments]).toEqual([]);
    }
  });
});

describe('targeted JSON texts', () => {
  const take = (text: string): Manifest => {
    const outcome = compare(text);
    expect(outcome.difference).toBeUndefined();
    expect(outcome.taken, JSON.stringify(text)).toBe(true);
    return jsonManifest(stripBom(text), source)!;
  };
  const leave = (text: string): void => {
    const outcome = compare(text);
    expect(outcome.difference).toBeUndefined();
    expect(outcome.taken, JSON.stringify(text)).toBe(false);
  };

  it('YAML 1.2 core values: -0, exponents, big integers, escapes', () => {
    const m = take('{"n": -0, "e": 1e3, "E": 1.5E-3, "big": 123456789012345678901234567890, "s": "\\/\\u00e9\\ud83d\\ude00\\b\\f"}');
    expect(Object.is((m.value as { n: number }).n, -0)).toBe(true);
    expect(m.value).toMatchObject({ e: 1000, E: 0.0015, big: 1.2345678901234568e29, s: '/é😀\b\f' });
  });

  it('a kubectl List indented 4, with CRLF and a BOM: lines and locations', () => {
    const text = '\uFEFF{\r\n    "apiVersion": "v1",\r\n    "items": [\r\n        {\r\n            "kind": "Pod",\r\n            "spec": {"containers": [{"image": "x:latest"}]}\r\n        }\r\n    ],\r\n    "kind": "List"\r\n}\r\n';
    const m = take(text);
    expect(m.lines).toEqual({ start: 1, end: 10 });
    expect(m.locate(['items', 0, 'spec', 'containers', 0, 'image']).range).toEqual({ line: 6, column: 38, endLine: 6, endColumn: 57 });
    expect(m.locate(['items', 0]).range).toEqual({ line: 4, column: 9, endLine: 4, endColumn: 10 });
    expect(m.locate(['items', 0, 'missing']).range).toEqual({ line: 4, column: 9, endLine: 4, endColumn: 10 });
  });

  it('tabs between tokens and as indentation (Go\'s MarshalIndent with "\\t")', () => {
    const m = take('{\n\t"kind":\t"Pod",\n\t"spec": {\n\t\t"containers": [\t{"image": "x"} ]\n\t}\n}\n');
    expect(m.locate(['spec', 'containers', 0, 'image']).range).toEqual({ line: 4, column: 20, endLine: 4, endColumn: 32 });
    expect(m.locate(['kind']).range).toEqual({ line: 2, column: 2, endLine: 2, endColumn: 15 });
  });

  it('a minified object; blank lines after it end the document a line later', () => {
    expect(take('{"kind":"Pod","metadata":{"name":"a"}}').lines).toEqual({ start: 1, end: 1 });
    expect(take('\n\n{"kind":"Pod"}\n\n\n').lines).toEqual({ start: 3, end: 4 });
    expect(take('{"a":{"b":1}}').locate(['a', 'b']).range).toEqual({ line: 1, column: 7, endLine: 1, endColumn: 12 });
  });

  it('a manifest spread into a new one keeps its locate (rendered.ts spreads manifests)', () => {
    const m = take('{"kind": "Pod",\n "spec": {"x": 1}}\n');
    const copy = { ...m, comments: new Map() };
    expect(copy.locate(['spec', 'x']).range).toEqual({ line: 2, column: 11, endLine: 2, endColumn: 17 });
    expect(Object.keys(copy).sort()).toEqual(['comments', 'index', 'lines', 'locate', 'source', 'value']);
  });

  it('locating every path of a text 60 levels deep reads the whole text once, not once per level', () => {
    let text = '"leaf"';
    for (let depth = 0; depth < 60; depth++) text = depth % 2 ? `{"k${depth}": ${text}, "s": [1, "}]"]}` : `[0, ${text}, {"x": "[{"}]`;
    const m = take(`{"root": ${text}}`);
    const before = jsonLocateWork.passes;
    for (const path of allPaths(m.value)) expect(m.locate(path).range).toBeDefined();
    expect(jsonLocateWork.passes - before).toBe(1);
  });

  it.each([
    ['a duplicate key', '{"a": 1, "a": 2}'],
    ['a duplicate key written with an escape', '{"a": 1, "\\u0061": 2}'],
    ['a trailing comma', '{"a": 1,}'],
    ['a comment', '{"a": 1} # c'],
    ['a merge key', '{"<<": {"a": 1}}'],
    ['a __proto__ key', '{"__proto__": {"a": 1}}'],
    ['a key parted from its colon', '{"a"\n: 1}'],
    ['an unterminated string', '{"a": "b}'],
    ['two documents', '{"a": 1}\n---\n{"b": 2}\n'],
    ['a scalar root', '"text"'],
    ['YAML flow', '{a: 1}'],
  ])('%s is left to the YAML paths', (_name, text) => leave(text));
});
