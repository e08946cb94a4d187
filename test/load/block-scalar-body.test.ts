// Brackets in a block scalar's body (a ConfigMap holding a Grafana dashboard's JSON, an nginx or
// Go file) open no flow collection: such texts take the fast path, and read as the full path reads
// them. Brackets that may open one, or that the body check cannot place, still send a text on.
import { describe, expect, it } from 'vitest';
import { flowAcrossLines } from '../../src/load/yaml-fast.js';
// @ts-expect-error plain .mjs generator without types
import { createRandom } from '../../bench/corpus-gen/random.mjs';
import { comparePaths } from './paths-compare.js';

const dashboard = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: dashboards',
  'data:',
  '  app.json: |',
  '    {',
  '      "panels": [',
  '        {"id": 1, "targets": [{"expr": "rate(x{job=\\"a\\"}[5m])"}]},',
  '        {',
  '          "id": 2',
  '        }',
  '      ]',
  '    }',
  '  nginx.conf: |-',
  '    server {',
  '      location / {',
  '        return 200;',
  '      }',
  '    }',
  '',
].join('\n');

describe('brackets in block scalar bodies', () => {
  it.each([
    ['a dashboard and an nginx file in a ConfigMap', dashboard],
    ['its CRLF twin', dashboard.replaceAll('\n', '\r\n')],
    ['a `- |` item and a folded `>+` body', 'items:\n- |\n  {\n   "a": [\n  1]}\n- x\nnote: >+\n  call(a, [b,\n    c])\n\nz: 1\n'],
    ['a body under a `- name:` item, a comment in it, blank lines', 'env:\n- name: CONF\n  value: |\n    {\n\n    # not a comment\n      "k": [1,\n    2]}\n- name: B\n  value: "2"\n'],
    ['a body with a comment after its header', 'data:\n  f: |- # the file\n    {\n    }\n'],
  ])('%s: the fast path, as the full path reads it', (_name, text) => {
    expect(flowAcrossLines(text)).toBe(false);
    expect(comparePaths(text)).toEqual({ fast: true });
  });

  it.each([
    ['a flow collection across lines', 'a: [x,\n  y]\n'],
    ['a flow collection after a body ends', 'a: |\n  {\n  }\nb: {x: 1,\n  y: 2}\n'],
    ['a body line less indented than its first line', 'a: |\n    text\n  {x,\n   y}\n'],
    ['a comment less indented than the body between header and bracket', 'a:\n  b: |\n    t\n  # c\n    {x,\n'],
    ['an indentation indicator (not placed)', 'a: |2\n   {\n   }\n'],
    ['a header after a key holding `: `', 'a: b: |\n  {\n'],
    ['a quoted header-like value', 'a: "|"\n  {x,\n'],
    ['a document-root block scalar', '--- |\n  {\n'],
  ])('%s: still sent on', (_name, text) => {
    expect(flowAcrossLines(text)).toBe(true);
    expect(comparePaths(text).difference).toBeUndefined();
  });

  it('generated bodies with brackets read alike on both paths', () => {
    const rng = createRandom(1401);
    const found: string[] = [];
    let fast = 0;
    for (let n = 0; n < 2_000; n++) {
      const text = bracketText(rng);
      const outcome = comparePaths(text);
      if (outcome.fast) fast++;
      if (outcome.difference) found.push(`${outcome.difference}\n${JSON.stringify(text)}`);
    }
    expect(found.slice(0, 3)).toEqual([]);
    expect(fast).toBeGreaterThan(300);
  });
});

interface Rng {
  pick<T>(items: readonly T[]): T;
  int(min: number, max: number): number;
}

/** A small manifest with a block scalar whose lines hold brackets at varied indents, and what may follow it. */
function bracketText(rng: Rng): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c'];
  const item = rng.pick([false, true]);
  lines.push(item ? 'items:' : 'data:');
  const key = item ? rng.pick(['- ', '- name: x\n  value: ']) : '  file: ';
  const keyColumn = item ? (key.startsWith('- name') ? 2 : 0) : 2;
  lines.push(`${key}${rng.pick(['|', '|-', '>', '>+', '|2', '| # c'])}`);
  const body = keyColumn + 1 + rng.int(0, 2);
  for (let i = 0, count = rng.int(1, 6); i < count; i++) {
    const indent = Math.max(0, body + rng.pick([0, 0, 0, 1, 2, -1, -2, -body]));
    const content = rng.pick(['{', '[', '"a": [1,', '}', ']', '{"k": {', 'call(x, [y', '# {', '', 'k: [a,', '- {a: 1,', 'text']);
    lines.push(content === '' ? '' : `${' '.repeat(indent)}${content}`);
  }
  lines.push(rng.pick(['other: 1', 'other: [a,\n  b]', 'other: {a: 1}', '  nested: [x,', '---\nkind: X', '']));
  return `${lines.join('\n')}\n`;
}
