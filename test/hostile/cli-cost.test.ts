// Hostile input, round 2 (#21 item 5): cost proportional to size. No test here is timed: each
// asserts on results and, where kubelint can count it, on the work done; the sizes are those at
// which the old code took minutes (quadratic key checks, locating and code frames) or gigabytes
// (alias expansion), so on that code they run past the test timeout. bench/cli/hostile-cost.mjs
// measures the same shapes (bench/CLI.md has the figures).
import { describe, expect, it } from 'vitest';
import { identifyResources } from '../../src/load/resources.js';
import { quickLocateWork } from '../../src/load/quick-locate.js';
import { parseManifestText } from '../../src/load/yaml.js';
import { measureValue, nestingPastLimit } from '../../src/load/yaml-guards.js';
import { runCli, runJson } from '../helpers/cli.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const source = { kind: 'file' as const, name: 'big.yaml' };
const T = 60_000;
const header = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: cost\n`;
const tmp = mkdtempSync(path.join(tmpdir(), 'kubelint-cost-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('aliases: the expanded size is bounded, not only the number of aliases', () => {
  it('100 aliases of a 20,000-item list (2,000,000 nodes from 200 KB) are refused at the document', () => {
    const list = Array.from({ length: 20_000 }, (_, i) => `  - v${i}`).join('\n');
    const uses = Array.from({ length: 99 }, (_, i) => `  k${i}: *big`).join('\n');
    const { manifests, problems } = parseManifestText(`${header('bomb')}list: &big\n${list}\nspec:\n${uses}\n`, source);
    expect(manifests).toEqual([]);
    expect(problems).toEqual([
      { ruleId: 'parse-error', message: 'invalid YAML: aliases expand this document to 2,000,107 nodes from 20,008 written (alias bomb refused)', file: 'big.yaml', line: 1, column: 1 },
    ]);
  });

  it('anchors that share a block between containers stay allowed', () => {
    const env = Array.from({ length: 50 }, (_, i) => `    - {name: E${i}, value: "v"}`).join('\n');
    const containers = Array.from({ length: 10 }, (_, i) => `  - name: c${i}\n    image: app:1\n    env: *env`).join('\n');
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nx-env: &env\n${env}\nspec:\n  containers:\n${containers}\n`;
    const { manifests, problems } = parseManifestText(text, source);
    expect(problems).toEqual([]);
    expect((manifests[0]!.value as { spec: { containers: Array<{ env: unknown[] }> } }).spec.containers[9]!.env).toHaveLength(50);
  });

  it('measuring a shared node costs its written size once, however often it is used', () => {
    const shared = Array.from({ length: 1000 }, (_, i) => i);
    const value = { a: Array.from({ length: 1000 }, () => shared) };
    expect(measureValue(value, 200)).toEqual({ depth: 2, expanded: 1 + 1 + 1000 * 1001, written: 1 + 1 + 1 + 1000 });
  });
});

describe('duplicate keys are found in one pass per mapping', () => {
  it('a 100,000-key mapping with an anchor (the full parse path) is read, its last duplicate found', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `  k${i}: "v"`).join('\n');
    const clean = parseManifestText(`${header('keys')}  labels: &l {app: a}\ndata:\n${keys}\n`, source);
    expect(clean.problems).toEqual([]);
    expect(Object.keys((clean.manifests[0]!.value as { data: object }).data)).toHaveLength(100_000);
    const twice = parseManifestText(`${header('keys')}  labels: &l {app: a}\ndata:\n${keys}\n  k99999: "again"\n`, source);
    expect(twice.problems).toEqual([{ ruleId: 'parse-error', message: 'invalid YAML: Map keys must be unique', file: 'big.yaml', line: 100_008, column: 3 }]);
  }, T);

  it('a 150,000-key flow mapping on one line is read', () => {
    const text = `${header('flow')}data: {${Array.from({ length: 150_000 }, (_, i) => `k${i}: "v"`).join(', ')}}\n`;
    const { manifests, problems } = parseManifestText(text, source);
    expect(problems).toEqual([]);
    expect(Object.keys((manifests[0]!.value as { data: object }).data)).toHaveLength(150_000);
  }, T);
});

describe('nesting is refused before parsing', () => {
  it('5,000 block levels are refused where they pass 200, at the cost of one pass over the text', () => {
    const text = `${header('deep')}data:\n${Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} x\n`;
    const { problems } = parseManifestText(text, source);
    // Levels: the root map, data (line 6), then one per `a:` from line 7: the 200th `a:` (line 206,
    // 200 spaces in) is level 201 of collections, i.e. depth 200; the next one passes the limit.
    expect(problems).toEqual([{ ruleId: 'parse-error', message: 'document nests deeper than 200 levels', file: 'big.yaml', line: 207, column: 202 }]);
  }, T);

  it('the estimate never passes a valid text that nests exactly 200 deep, nor block scalars and multi-line strings', () => {
    const atLimit = `${header('edge')}data:\n${Array.from({ length: 199 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} x\n`;
    expect(nestingPastLimit(atLimit, 201)).toBeUndefined();
    expect(parseManifestText(atLimit, source).problems).toEqual([]);
    const script = Array.from({ length: 400 }, (_, i) => `${' '.repeat(i + 4)}x:`).join('\n');
    const words = Array.from({ length: 400 }, (_, i) => `${' '.repeat(i + 4)}word`).join('\n');
    const scalars = `${header('script')}data:\n  run: |\n${script}\n  more: >-\n${script}\n  plain: one\n${words}\n  quoted: "one\n${words}"\n`;
    expect(nestingPastLimit(scalars, 201)).toBeUndefined();
    expect(parseManifestText(scalars, source).problems).toEqual([]);
  });

  it('deep flow nesting is refused at the bracket that passes the limit', () => {
    expect(nestingPastLimit(`a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 201)).toEqual({ line: 1, column: 4 + 200 });
    expect(nestingPastLimit(`{"a": ${'['.repeat(300)}"x [[[ ]"${']'.repeat(300)}}`, 201)).toEqual({ line: 1, column: 7 + 199 });
  });
});

describe('locating and reporting are linear in the findings', () => {
  it('a 20,000-item List with one finding each: every item located, the text split once', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => `  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: c${i}\n      namespace: cost\n    data:\n      k: ${i}`);
    const text = `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n`;
    writeFileSync(path.join(tmp, 'list.yaml'), text);
    const before = quickLocateWork.linesSplit;
    const { code, report } = await runJson(['list.yaml', '--no-config'], { cwd: tmp });
    expect(code).toBe(1);
    expect(report!.findings).toHaveLength(20_000);
    expect(report!.findings.at(-1)).toMatchObject({ line: 3 + 7 * 20_000, column: 7 });
    // Each document's text is split into lines once, not once per finding (140,004 lines).
    expect(quickLocateWork.linesSplit - before).toBeLessThan(2 * 140_004);
  }, T);

  it('20,000 findings in one file: stylish output with a code frame under each', async () => {
    writeFileSync(path.join(tmp, 'many.yaml'), `${header('many')}data:\n${Array.from({ length: 20_000 }, (_, i) => `  k${i}: ${i}`).join('\n')}\n`);
    const { code, stdout } = await runCli(['many.yaml', '--no-config'], { cwd: tmp });
    expect(code).toBe(1);
    expect(stdout).toContain('✖ 20000 problems (20000 errors, 0 warnings) in 1 resource');
    expect(stdout).toContain('    20006 |   k19999: 19999\n          |   ^^^^^^^^^^^^^\n');
  }, T);

  it('a resource found through identifyResources keeps its own item path in a List', () => {
    const { resources } = identifyResources(parseManifestText('apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n', source).manifests);
    expect(resources.map((r) => r.basePath)).toEqual([['items', 0]]);
  });
});
